// Multi-class decision rules tuned on out-of-fold probabilities for macro criteria.
#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "rarenet/error.hpp"
#include "rarenet/selection.hpp"

namespace rarenet {
namespace {

using Kind = Criterion::Kind;

// Column index of each label (InputError for a label outside `classes`).
std::vector<std::size_t> label_columns(const Labels& y, const std::vector<std::int64_t>& classes,
                                       const char* what) {
  std::vector<std::size_t> out(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const auto it = std::find(classes.begin(), classes.end(), y[i]);
    if (it == classes.end())
      throw InputError(std::string(what) + ": label " + std::to_string(y[i]) + " of row " +
                       std::to_string(i) + " is not one of the classes");
    out[i] = static_cast<std::size_t>(it - classes.begin());
  }
  return out;
}

// The macro criterion from a K x K confusion matrix (row: true column, column: predicted), with
// scikit-learn's (and imbalanced-learn's) definitions.
double value_from_confusion(const Criterion& c, const std::vector<double>& m, std::size_t k) {
  std::vector<double> t(k, 0), p(k, 0);
  double s = 0, correct = 0;
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b < k; ++b) {
      t[a] += m[a * k + b];
      p[b] += m[a * k + b];
      s += m[a * k + b];
    }
  for (std::size_t a = 0; a < k; ++a) correct += m[a * k + a];
  switch (c.kind) {
    case Kind::FBeta: {  // f1: the unweighted mean of the classes' F1 (f1_score average="macro")
      double sum = 0;
      for (std::size_t a = 0; a < k; ++a) {
        const double tp = m[a * k + a], denom = t[a] + p[a];
        sum += denom > 0 ? 2 * tp / denom : 0.0;
      }
      return sum / static_cast<double>(k);
    }
    case Kind::BalancedAccuracy: {  // the mean recall over the classes present
      double sum = 0, present = 0;
      for (std::size_t a = 0; a < k; ++a)
        if (t[a] > 0) {
          sum += m[a * k + a] / t[a];
          present += 1;
        }
      return present > 0 ? sum / present : 0.0;
    }
    case Kind::GMean: {  // geometric mean of the recalls over the labels present or predicted
      double log_sum = 0, n = 0;
      for (std::size_t a = 0; a < k; ++a) {
        if (t[a] == 0 && p[a] == 0) continue;
        const double recall = t[a] > 0 ? m[a * k + a] / t[a] : 0.0;
        if (recall == 0) return 0.0;
        log_sum += std::log(recall);
        n += 1;
      }
      return n > 0 ? std::exp(log_sum / n) : 0.0;
    }
    case Kind::Mcc: {  // Gorodkin's R_K, as scikit-learn's matthews_corrcoef
      double tp_dot = 0, pp = 0, tt = 0;
      for (std::size_t a = 0; a < k; ++a) {
        tp_dot += t[a] * p[a];
        pp += p[a] * p[a];
        tt += t[a] * t[a];
      }
      const double cov_ytyp = correct * s - tp_dot, cov_ypyp = s * s - pp, cov_ytyt = s * s - tt;
      const double denom = cov_ytyt * cov_ypyp;
      return denom > 0 ? cov_ytyp / std::sqrt(denom) : 0.0;
    }
    default:
      return 0.0;
  }
}

std::size_t weighted_argmax(const RowMatrixD& proba, Index i, const std::vector<double>& w) {
  std::size_t best = 0;
  double best_v = proba(i, 0) * w[0];
  for (std::size_t c = 1; c < w.size(); ++c) {
    const double v = proba(i, static_cast<Index>(c)) * w[c];
    if (v > best_v) {  // the first of equal maxima, as numpy.argmax
      best = c;
      best_v = v;
    }
  }
  return best;
}

double rule_value(const Criterion& c, const std::vector<std::size_t>& truth,
                  const RowMatrixD& proba, const std::vector<double>& w) {
  const std::size_t k = w.size();
  std::vector<double> m(k * k, 0.0);
  for (std::size_t i = 0; i < truth.size(); ++i)
    m[truth[i] * k + weighted_argmax(proba, static_cast<Index>(i), w)] += 1;
  return value_from_confusion(c, m, k);
}

void check_proba(const Labels& y, const RowMatrixD& proba, const std::vector<std::int64_t>& classes,
                 const char* what) {
  if (static_cast<Index>(y.size()) != proba.rows())
    throw InputError(std::string(what) + ": " + std::to_string(y.size()) + " labels but " +
                     std::to_string(proba.rows()) + " rows of probabilities");
  if (proba.cols() != static_cast<Index>(classes.size()) || classes.size() < 2)
    throw InputError(std::string(what) + ": " + std::to_string(proba.cols()) +
                     " probability columns for " + std::to_string(classes.size()) + " classes");
  if (y.empty()) throw InputError(std::string(what) + ": no rows");
  for (Index i = 0; i < proba.rows(); ++i)
    for (Index c = 0; c < proba.cols(); ++c)
      if (!std::isfinite(proba(i, c)))
        throw InputError(std::string(what) + ": probability of row " + std::to_string(i) +
                         ", column " + std::to_string(c) + " is " + shortest(proba(i, c)) +
                         "; probabilities must be finite");
}

}  // namespace

bool is_macro_criterion(const Criterion& c) {
  return (c.kind == Kind::FBeta && c.beta == 1.0) || c.kind == Kind::BalancedAccuracy ||
         c.kind == Kind::GMean || c.kind == Kind::Mcc;
}

void require_macro_criterion(const Criterion& c, const std::string& what) {
  if (!is_macro_criterion(c))
    throw ConfigError(what + ": criterion '" + to_string(c) +
                      "' decides a binary threshold; with more than two classes use a macro "
                      "criterion: f1 (macro F1), balanced-accuracy, g-mean or mcc");
}

const std::vector<double>& decision_weight_grid() {
  // 2^(j/4) for j = -12 .. 12: 1/8 to 8 in steps of about 19 %, 1 included exactly.
  static const std::vector<double> grid = [] {
    std::vector<double> g;
    for (int j = -12; j <= 12; ++j) g.push_back(std::exp2(j / 4.0));
    return g;
  }();
  return grid;
}

double macro_criterion_value(const Criterion& c, const Labels& y, const RowMatrixD& proba,
                             const std::vector<std::int64_t>& classes,
                             const std::vector<double>& weights) {
  require_macro_criterion(c, "macro criterion");
  check_proba(y, proba, classes, "macro criterion");
  const std::vector<double> w =
      weights.empty() ? std::vector<double>(classes.size(), 1.0) : weights;
  if (w.size() != classes.size())
    throw InputError("macro criterion: " + std::to_string(w.size()) + " decision weights for " +
                     std::to_string(classes.size()) + " classes");
  return rule_value(c, label_columns(y, classes, "macro criterion"), proba, w);
}

DecisionRule tune_decision_rule(const Labels& y, const RowMatrixD& proba,
                                const std::vector<std::int64_t>& classes, const Criterion& c) {
  require_macro_criterion(c, "decision rule tuning");
  check_proba(y, proba, classes, "decision rule tuning");
  const std::vector<std::size_t> truth = label_columns(y, classes, "decision rule tuning");
  const std::size_t k = classes.size();
  const std::vector<double>& grid = decision_weight_grid();
  DecisionRule rule;
  rule.weights.assign(k, 1.0);
  rule.value = rule.argmax_value = rule_value(c, truth, proba, rule.weights);
  // Coordinate ascent: each class's weight in turn takes the grid value that improves the
  // criterion most (strictly; ties keep the current weight, then the first grid value), until a
  // whole round changes nothing. Every step strictly improves a bounded value over a finite set,
  // so it ends; the round cap only bounds the time.
  constexpr int kMaxRounds = 20;
  for (int round = 0; round < kMaxRounds; ++round) {
    bool changed = false;
    for (std::size_t a = 0; a < k; ++a) {
      const double current = rule.weights[a];
      double best_w = current, best_v = rule.value;
      for (double g : grid) {
        if (g == current) continue;
        rule.weights[a] = g;
        const double v = rule_value(c, truth, proba, rule.weights);
        if (v > best_v) {
          best_v = v;
          best_w = g;
        }
      }
      rule.weights[a] = best_w;
      if (best_w != current) {
        rule.value = best_v;
        changed = true;
      }
    }
    ++rule.rounds;
    if (!changed) break;
  }
  return rule;
}

}  // namespace rarenet
