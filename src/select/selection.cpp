#include "rarenet/selection.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "rarenet/error.hpp"
#include "rarenet/metrics.hpp"

namespace rarenet {
namespace {

const char* kCriteria =
    "break-even, f1, fbeta:B, balanced-accuracy, g-mean, mcc, average-precision, "
    "recall-at-precision:P, cost:FN,FP";

bool parse_number(std::string_view s, double& out) {
  const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && res.ec == std::errc() && res.ptr == s.data() + s.size() && std::isfinite(out);
}

std::string shortest(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

// The criterion from the four counts (higher is better).
double value_from_counts(const Criterion& c, double tp, double fp, double fn, double tn) {
  const double precision = tp + fp > 0 ? tp / (tp + fp) : 0.0;
  const double recall = tp + fn > 0 ? tp / (tp + fn) : 0.0;
  const double specificity = tn + fp > 0 ? tn / (tn + fp) : 0.0;
  switch (c.kind) {
    case Criterion::Kind::BreakEven:
    case Criterion::Kind::AveragePrecision:
    case Criterion::Kind::FBeta: {
      const double b2 = c.kind == Criterion::Kind::FBeta ? c.beta * c.beta : 1.0;
      const double denom = b2 * precision + recall;
      return denom > 0 ? (1 + b2) * precision * recall / denom : 0.0;
    }
    case Criterion::Kind::BalancedAccuracy: return (recall + specificity) / 2;
    case Criterion::Kind::GMean: return std::sqrt(recall * specificity);
    case Criterion::Kind::Mcc: {
      const double denom = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
      return denom > 0 ? (tp * tn - fp * fn) / std::sqrt(denom) : 0.0;
    }
    case Criterion::Kind::RecallAtPrecision: return precision >= c.min_precision ? recall : -1.0;
    case Criterion::Kind::Cost: return -(c.cost_fn * fn + c.cost_fp * fp) / (tp + fp + fn + tn);
  }
  return 0;
}

std::int64_t positive_label(const Labels& y) {
  std::vector<std::int64_t> classes(y.begin(), y.end());
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  if (classes.size() != 2)
    throw InputError("threshold tuning needs a binary target; found " +
                     std::to_string(classes.size()) + " classes");
  return classes[1];
}

}  // namespace

Criterion parse_criterion(const std::string& text) {
  Criterion c;
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : text.substr(colon + 1);
  auto need_arg = [&](bool want) {
    if (want != (colon != std::string::npos))
      throw ConfigError("criterion '" + text + "': " +
                        (want ? "missing its parameter" : "takes no parameter") +
                        "; valid criteria: " + kCriteria);
  };
  if (name == "break-even") {
    need_arg(false);
    c.kind = Criterion::Kind::BreakEven;
  } else if (name == "f1") {
    need_arg(false);
    c.kind = Criterion::Kind::FBeta;
  } else if (name == "fbeta") {
    need_arg(true);
    c.kind = Criterion::Kind::FBeta;
    if (!parse_number(arg, c.beta) || c.beta <= 0)
      throw ConfigError("criterion '" + text + "': B must be a positive number");
  } else if (name == "balanced-accuracy") {
    need_arg(false);
    c.kind = Criterion::Kind::BalancedAccuracy;
  } else if (name == "g-mean") {
    need_arg(false);
    c.kind = Criterion::Kind::GMean;
  } else if (name == "mcc") {
    need_arg(false);
    c.kind = Criterion::Kind::Mcc;
  } else if (name == "average-precision") {
    need_arg(false);
    c.kind = Criterion::Kind::AveragePrecision;
  } else if (name == "recall-at-precision") {
    need_arg(true);
    c.kind = Criterion::Kind::RecallAtPrecision;
    if (!parse_number(arg, c.min_precision) || c.min_precision <= 0 || c.min_precision > 1)
      throw ConfigError("criterion '" + text + "': P must be a precision in (0, 1]");
  } else if (name == "cost") {
    need_arg(true);
    c.kind = Criterion::Kind::Cost;
    const auto comma = arg.find(',');
    if (comma == std::string::npos || !parse_number(arg.substr(0, comma), c.cost_fn) ||
        !parse_number(arg.substr(comma + 1), c.cost_fp) || c.cost_fn < 0 || c.cost_fp < 0)
      throw ConfigError("criterion '" + text +
                        "': expected cost:FN,FP with two non-negative numbers, e.g. cost:10,1");
  } else {
    throw ConfigError("unknown criterion '" + text + "': valid criteria: " + kCriteria);
  }
  return c;
}

std::string to_string(const Criterion& c) {
  switch (c.kind) {
    case Criterion::Kind::BreakEven: return "break-even";
    case Criterion::Kind::FBeta: return c.beta == 1.0 ? "f1" : "fbeta:" + shortest(c.beta);
    case Criterion::Kind::BalancedAccuracy: return "balanced-accuracy";
    case Criterion::Kind::GMean: return "g-mean";
    case Criterion::Kind::Mcc: return "mcc";
    case Criterion::Kind::AveragePrecision: return "average-precision";
    case Criterion::Kind::RecallAtPrecision: return "recall-at-precision:" + shortest(c.min_precision);
    case Criterion::Kind::Cost: return "cost:" + shortest(c.cost_fn) + "," + shortest(c.cost_fp);
  }
  return "f1";
}

double criterion_value(const Criterion& c, const Labels& y, const std::vector<double>& p,
                       double threshold) {
  if (y.size() != p.size()) throw InputError("criterion: labels and scores differ in length");
  const std::int64_t pos = positive_label(y);
  if (c.kind == Criterion::Kind::AveragePrecision) return average_precision_score(y, p, pos);
  double tp = 0, fp = 0, fn = 0, tn = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool predicted = p[i] >= threshold, actual = y[i] == pos;
    (predicted ? (actual ? tp : fp) : (actual ? fn : tn)) += 1;
  }
  if (c.kind == Criterion::Kind::BreakEven) return value_from_counts(c, tp, fp, fn, tn);
  return value_from_counts(c, tp, fp, fn, tn);
}

ThresholdChoice tune_threshold(const Labels& y, const std::vector<double>& p, const Criterion& c) {
  if (y.size() != p.size()) throw InputError("threshold tuning: labels and scores differ in length");
  const std::int64_t pos = positive_label(y);
  const std::size_t n = y.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  double total_pos = 0;
  for (auto v : y) total_pos += v == pos;
  const double total_neg = static_cast<double>(n) - total_pos;
  // The sweep scores criteria that need a threshold; average precision picks by F1.
  Criterion sweep_c = c;
  if (c.kind == Criterion::Kind::AveragePrecision) sweep_c.kind = Criterion::Kind::FBeta, sweep_c.beta = 1;

  ThresholdChoice best;
  bool have = false;
  double best_key = 0, best_dist = 0;
  auto consider = [&](double threshold, double tp, double fp) {
    const double fn = total_pos - tp, tn = total_neg - fp;
    double key;
    if (c.kind == Criterion::Kind::BreakEven)
      key = -std::fabs((tp + fp) - total_pos);  // predicted positives closest to the actual count
    else
      key = value_from_counts(sweep_c, tp, fp, fn, tn);
    const double dist = std::fabs(threshold - 0.5);
    if (!have || key > best_key || (key == best_key && dist < best_dist)) {
      have = true;
      best_key = key;
      best_dist = dist;
      best.threshold = threshold;
      best.value = value_from_counts(sweep_c, tp, fp, fn, tn);
      best.precision = tp + fp > 0 ? tp / (tp + fp) : 0.0;
      best.recall = total_pos > 0 ? tp / total_pos : 0.0;
      best.predicted_positives = static_cast<std::int64_t>(tp + fp);
    }
  };
  // Threshold above every score: nothing predicted positive.
  consider(n ? std::nextafter(p[order[0]], std::numeric_limits<double>::infinity()) : 1.0, 0, 0);
  double tp = 0, fp = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    (y[i] == pos ? tp : fp) += 1;
    if (k + 1 == n || p[order[k + 1]] != p[i]) consider(p[i], tp, fp);
  }
  best.actual_positives = static_cast<std::int64_t>(total_pos);
  if (c.kind == Criterion::Kind::AveragePrecision) best.value = average_precision_score(y, p, pos);
  if (c.kind == Criterion::Kind::RecallAtPrecision && best.value < 0) best.value = 0;  // unreachable P
  return best;
}

std::size_t choose_candidate(const Criterion&, const std::vector<double>& values) {
  if (values.empty()) throw ConfigError("no candidates to choose from");
  std::size_t best = 0;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

RowMatrixD prior_correct(const RowMatrixD& proba, const std::vector<double>& class_weights) {
  if (proba.cols() != static_cast<Index>(class_weights.size()))
    throw InputError("prior correction: " + std::to_string(class_weights.size()) +
                     " class weights for " + std::to_string(proba.cols()) + " probability columns");
  for (double w : class_weights)
    if (!(w > 0)) throw InputError("prior correction needs positive class weights");
  RowMatrixD out(proba.rows(), proba.cols());
  for (Index i = 0; i < proba.rows(); ++i) {
    double sum = 0;
    for (Index c = 0; c < proba.cols(); ++c) sum += (out(i, c) = proba(i, c) / class_weights[c]);
    if (sum > 0) out.row(i) /= sum;
  }
  return out;
}

}  // namespace rarenet
