// Selection criteria and exact threshold tuning on out-of-fold scores.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <string_view>

#include "core/score_order.hpp"
#include "core/text.hpp"
#include "rarenet/error.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/selection.hpp"

namespace rarenet {
namespace {

using Kind = Criterion::Kind;

// The confusion counts at one threshold (positive: p >= threshold).
struct Counts {
  double tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp > 0 ? tp / (tp + fp) : 0.0; }
  double recall() const { return tp + fn > 0 ? tp / (tp + fn) : 0.0; }
};

// The criterion from the counts (higher is better). Where a ratio of integer counts can be
// written as one division it is, so that thresholds with equal rational values tie exactly.
double value_from_counts(const Criterion& c, const Counts& k) {
  const double pos = k.tp + k.fn, neg = k.tn + k.fp;
  switch (c.kind) {
    case Kind::BreakEven:
    case Kind::AveragePrecision:  // its threshold is the F1 one
      return k.tp > 0 ? 2 * k.tp / (2 * k.tp + k.fp + k.fn) : 0.0;
    case Kind::FBeta: {
      if (c.beta == 1.0) return k.tp > 0 ? 2 * k.tp / (2 * k.tp + k.fp + k.fn) : 0.0;
      const double b2 = c.beta * c.beta;
      return k.tp > 0 ? (1 + b2) * k.tp / ((1 + b2) * k.tp + b2 * k.fn + k.fp) : 0.0;
    }
    case Kind::BalancedAccuracy:
      return (k.tp * neg + k.tn * pos) / (2 * pos * neg);  // (recall + specificity) / 2
    case Kind::GMean:
      return std::sqrt((k.tp * k.tn) / (pos * neg));
    case Kind::Mcc: {
      const double denom = (k.tp + k.fp) * pos * neg * (k.tn + k.fn);
      return denom > 0 ? (k.tp * k.tn - k.fp * k.fn) / std::sqrt(denom) : 0.0;
    }
    case Kind::RecallAtPrecision:
      return k.tp > 0 && k.precision() >= c.min_precision ? k.recall() : 0.0;
    case Kind::Cost:
      return -(c.cost_fn * k.fn + c.cost_fp * k.fp) / (pos + neg);
  }
  return 0;
}

// The positive class (the larger of exactly two labels).
std::int64_t positive_label(const Labels& y, const std::vector<double>& p, const char* what) {
  if (y.size() != p.size())
    throw InputError(std::string(what) + ": " + std::to_string(y.size()) + " labels but " +
                     std::to_string(p.size()) + " scores");
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!std::isfinite(p[i]))
      throw InputError(std::string(what) + ": score of row " + std::to_string(i) + " is " +
                       shortest(p[i]) + "; scores must be finite");
  std::vector<std::int64_t> seen;
  for (auto v : y)
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) {
      seen.push_back(v);
      if (seen.size() > 2) break;
    }
  if (seen.size() != 2)
    throw InputError(std::string(what) + " needs a binary target (two classes); found " +
                     (seen.empty()       ? std::string("no rows")
                      : seen.size() == 1 ? "only class " + std::to_string(seen[0])
                                         : std::string("more than two classes")));
  return std::max(seen[0], seen[1]);
}

Counts count_at(const Labels& y, const std::vector<double>& p, std::int64_t pos, double threshold) {
  Counts k;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool predicted = p[i] >= threshold, actual = y[i] == pos;
    (predicted ? (actual ? k.tp : k.fp) : (actual ? k.fn : k.tn)) += 1;
  }
  return k;
}

}  // namespace

double criterion_value(const Criterion& c, const Labels& y, const std::vector<double>& p,
                       double threshold) {
  const std::int64_t pos = positive_label(y, p, "criterion");
  if (c.kind == Kind::AveragePrecision) return average_precision_score(y, p, pos);
  return value_from_counts(c, count_at(y, p, pos, threshold));
}

ThresholdChoice tune_threshold(const Labels& y, const std::vector<double>& p, const Criterion& c) {
  const std::int64_t pos = positive_label(y, p, "threshold tuning");
  const std::size_t n = y.size();
  // Scores from high to low: lowering the threshold past each distinct score moves that
  // score's rows to the positive side, so all thresholds are judged in one pass.
  const std::vector<std::size_t> order = descending_score_order(p);
  double total_pos = 0;
  for (auto v : y) total_pos += v == pos;
  const double total_neg = static_cast<double>(n) - total_pos;

  // Candidates are ranked by (primary, secondary), then by closeness to 0.5, then the higher
  // threshold (the one met first).
  ThresholdChoice best;
  double best_primary = 0, best_secondary = 0, best_dist = 0;
  bool have = false;
  auto consider = [&](double threshold, double tp, double fp) {
    const Counts k{tp, fp, total_pos - tp, total_neg - fp};
    const double value = value_from_counts(c, k);
    double primary = value, secondary = 0;
    if (c.kind == Kind::BreakEven) {
      primary = -std::fabs((tp + fp) - total_pos);  // predicted positives vs actual positives
      secondary = value;                            // then the better F1
    } else if (c.kind == Kind::RecallAtPrecision) {
      const bool feasible = tp > 0 && k.precision() >= c.min_precision;
      primary = feasible ? k.recall() : -1.0;  // any feasible threshold beats every other
      secondary = k.precision();  // same recall: fewer false alarms (infeasible: nearest to P)
    }
    const double dist = std::fabs(threshold - 0.5);
    const bool better =
        !have || primary > best_primary ||
        (primary == best_primary &&
         (secondary > best_secondary || (secondary == best_secondary && dist < best_dist)));
    if (!better) return;
    have = true;
    best_primary = primary;
    best_secondary = secondary;
    best_dist = dist;
    best.threshold = threshold;
    best.value = value;
    best.precision = k.precision();
    best.recall = k.recall();
    best.predicted_positives = static_cast<std::int64_t>(tp + fp);
  };
  // A threshold above every score: nothing predicted positive.
  consider(std::nextafter(p[order[0]], std::numeric_limits<double>::infinity()), 0, 0);
  double tp = 0, fp = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t i = order[r];
    (y[i] == pos ? tp : fp) += 1;
    if (r + 1 == n || p[order[r + 1]] != p[i]) consider(p[i], tp, fp);
  }
  best.actual_positives = static_cast<std::int64_t>(total_pos);
  if (c.kind == Kind::AveragePrecision) best.value = average_precision_score(y, p, pos);
  return best;
}

std::size_t choose_candidate(const Criterion&, const std::vector<double>& values) {
  if (values.empty()) throw ConfigError("no candidates to choose from");
  std::size_t best = 0;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] > values[best] || (std::isnan(values[best]) && !std::isnan(values[i]))) best = i;
  return best;
}

std::vector<ThresholdChoice> tune_label_thresholds(const RowMatrixD& Y, const RowMatrixD& proba,
                                                   const Criterion& c,
                                                   const std::vector<std::string>& names) {
  if (Y.rows() != proba.rows() || Y.cols() != proba.cols())
    throw InputError("label thresholds: " + std::to_string(Y.rows()) + " x " +
                     std::to_string(Y.cols()) + " labels but " + std::to_string(proba.rows()) +
                     " x " + std::to_string(proba.cols()) + " probabilities");
  std::vector<ThresholdChoice> out;
  for (Index j = 0; j < Y.cols(); ++j) {
    const std::string name = static_cast<std::size_t>(j) < names.size()
                                 ? names[static_cast<std::size_t>(j)]
                                 : std::to_string(j);
    Labels y(static_cast<std::size_t>(Y.rows()));
    std::vector<double> p(static_cast<std::size_t>(Y.rows()));
    std::int64_t ones = 0;
    for (Index i = 0; i < Y.rows(); ++i) {
      y[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(Y(i, j));
      p[static_cast<std::size_t>(i)] = proba(i, j);
      ones += Y(i, j) == 1;
    }
    if (ones == 0 || ones == Y.rows())
      throw InputError("label '" + name + "' is " + (ones == 0 ? "0" : "1") + " in all " +
                       std::to_string(Y.rows()) +
                       " rows: a threshold for it cannot be tuned (it needs both values)");
    out.push_back(tune_threshold(y, p, c));
  }
  return out;
}

}  // namespace rarenet
