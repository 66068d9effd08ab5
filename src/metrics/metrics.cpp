#include "rarenet/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "rarenet/error.hpp"

// Each function follows scikit-learn 1.2's arithmetic step by step (same operations in the same
// order) so that the figures agree to the last few bits, not just approximately.

namespace rarenet {
namespace {

void check_lengths(std::size_t a, std::size_t b, const char* what) {
  if (a != b)
    throw InputError(std::string(what) + ": y_true has " + std::to_string(a) +
                     " values but the predictions have " + std::to_string(b));
}

std::vector<std::int64_t> sorted_union(const Labels& a, const Labels& b) {
  std::vector<std::int64_t> u(a.begin(), a.end());
  u.insert(u.end(), b.begin(), b.end());
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  return u;
}

std::size_t class_index(const std::vector<std::int64_t>& classes, std::int64_t v) {
  const auto it = std::lower_bound(classes.begin(), classes.end(), v);
  if (it == classes.end() || *it != v) return classes.size();
  return static_cast<std::size_t>(it - classes.begin());
}

// scikit-learn's _binary_clf_curve: (fps, tps, thresholds) at each distinct score, descending.
struct ClfCurve {
  std::vector<double> fps, tps, thresholds;
};

ClfCurve binary_clf_curve(const Labels& y_true, const std::vector<double>& scores,
                          std::int64_t pos_label, const std::vector<double>& weight) {
  check_lengths(y_true.size(), scores.size(), "curve");
  if (!weight.empty()) check_lengths(y_true.size(), weight.size(), "sample_weight");
  for (double s : scores)
    if (!std::isfinite(s)) throw InputError("scores contain NaN or infinity");
  const std::size_t n = y_true.size();
  // numpy: argsort(kind="mergesort")[::-1] -- stable ascending, then reversed.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  std::reverse(order.begin(), order.end());
  ClfCurve c;
  double tp = 0, fp = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    const double w = weight.empty() ? 1.0 : weight[i];
    const double t = y_true[i] == pos_label ? 1.0 : 0.0;
    tp += t * w;
    if (!weight.empty()) fp += (1.0 - t) * w;
    if (k + 1 == n || scores[order[k + 1]] != scores[i]) {
      c.tps.push_back(tp);
      // Unweighted, scikit-learn derives fps = 1 + index - tps.
      c.fps.push_back(weight.empty() ? static_cast<double>(k + 1) - tp : fp);
      c.thresholds.push_back(scores[i]);
    }
  }
  return c;
}

double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
  // sklearn.metrics.auc: numpy.trapz, negated when x decreases.
  double direction = 1;
  bool any_neg = false, all_nonpos = true;
  for (std::size_t i = 1; i < x.size(); ++i) {
    const double dx = x[i] - x[i - 1];
    any_neg |= dx < 0;
    all_nonpos &= dx <= 0;
  }
  if (any_neg) {
    if (!all_nonpos) throw InputError("x is neither increasing nor decreasing");
    direction = -1;
  }
  double area = 0;
  for (std::size_t i = 1; i < x.size(); ++i) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
  return direction * area;
}

}  // namespace

ConfusionMatrix confusion_matrix(const Labels& y_true, const Labels& y_pred,
                                 std::vector<std::int64_t> classes) {
  check_lengths(y_true.size(), y_pred.size(), "confusion_matrix");
  if (classes.empty()) classes = sorted_union(y_true, y_pred);
  ConfusionMatrix cm;
  cm.classes = classes;
  const Index k = static_cast<Index>(classes.size());
  cm.counts.setZero(k, k);
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    const std::size_t t = class_index(classes, y_true[i]), p = class_index(classes, y_pred[i]);
    if (t < classes.size() && p < classes.size())
      ++cm.counts(static_cast<Index>(t), static_cast<Index>(p));
  }
  return cm;
}

ClassificationReport classification_report(const Labels& y_true, const Labels& y_pred,
                                           std::vector<std::int64_t> classes) {
  check_lengths(y_true.size(), y_pred.size(), "classification_report");
  if (classes.empty()) classes = sorted_union(y_true, y_pred);
  const ConfusionMatrix cm = confusion_matrix(y_true, y_pred, classes);
  ClassificationReport r;
  r.classes = classes;
  const Index k = static_cast<Index>(classes.size());
  double total_support = 0, correct = 0;
  for (Index c = 0; c < k; ++c) {
    const double tp = static_cast<double>(cm.counts(c, c));
    const double pred = static_cast<double>(cm.counts.col(c).sum());
    const double actual = static_cast<double>(cm.counts.row(c).sum());
    ClassScores s;
    if (pred == 0) r.zero_division = true;
    if (actual == 0) r.zero_division = true;
    s.precision = pred == 0 ? 0.0 : tp / pred;
    s.recall = actual == 0 ? 0.0 : tp / actual;
    double denom = s.precision + s.recall;
    if (denom == 0.0) denom = 1;
    s.f1 = 2 * s.precision * s.recall / denom;
    s.support = cm.counts.row(c).sum();
    r.per_class.push_back(s);
    total_support += actual;
    correct += tp;
  }
  r.accuracy = y_true.empty() ? 0.0 : correct / static_cast<double>(y_true.size());
  double mp = 0, mr = 0, mf = 0, wp = 0, wr = 0, wf = 0;
  for (const ClassScores& s : r.per_class) {
    mp += s.precision;
    mr += s.recall;
    mf += s.f1;
    wp += s.precision * static_cast<double>(s.support);
    wr += s.recall * static_cast<double>(s.support);
    wf += s.f1 * static_cast<double>(s.support);
  }
  const double kk = static_cast<double>(k);
  r.macro_avg = {mp / kk, mr / kk, mf / kk, static_cast<std::int64_t>(total_support)};
  if (total_support > 0)
    r.weighted_avg = {wp / total_support, wr / total_support, wf / total_support,
                      static_cast<std::int64_t>(total_support)};
  else
    r.weighted_avg = {0, 0, 0, 0};
  return r;
}

std::string format_classification_report(const ClassificationReport& report, int digits,
                                         const std::vector<std::string>& target_names) {
  std::vector<std::string> names = target_names;
  if (names.empty())
    for (auto c : report.classes) names.push_back(std::to_string(c));
  std::size_t width = std::string("weighted avg").size();
  for (const auto& n : names) width = std::max(width, n.size());
  width = std::max(width, static_cast<std::size_t>(digits));
  const int w = static_cast<int>(width);
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%*s  %9s %9s %9s %9s\n\n", w, "", "precision", "recall",
                "f1-score", "support");
  out += buf;
  auto row = [&](const std::string& name, const ClassScores& s) {
    std::snprintf(buf, sizeof buf, "%*s  %9.*f %9.*f %9.*f %9lld\n", w, name.c_str(), digits,
                  s.precision, digits, s.recall, digits, s.f1, static_cast<long long>(s.support));
    out += buf;
  };
  for (std::size_t c = 0; c < report.per_class.size(); ++c) row(names[c], report.per_class[c]);
  out += "\n";
  std::snprintf(buf, sizeof buf, "%*s  %9s %9s %9.*f %9lld\n", w, "accuracy", "", "", digits,
                report.accuracy, static_cast<long long>(report.macro_avg.support));
  out += buf;
  row("macro avg", report.macro_avg);
  row("weighted avg", report.weighted_avg);
  return out;
}

Curve roc_curve(const Labels& y_true, const std::vector<double>& scores, std::int64_t pos_label,
                const std::vector<double>& sample_weight) {
  ClfCurve c = binary_clf_curve(y_true, scores, pos_label, sample_weight);
  std::vector<std::size_t> keep;
  const std::size_t m = c.fps.size();
  if (m > 2) {
    // Drop points collinear with their neighbours (second differences zero in both axes).
    keep.push_back(0);
    for (std::size_t i = 1; i + 1 < m; ++i) {
      const double d2f = (c.fps[i + 1] - c.fps[i]) - (c.fps[i] - c.fps[i - 1]);
      const double d2t = (c.tps[i + 1] - c.tps[i]) - (c.tps[i] - c.tps[i - 1]);
      if (d2f != 0 || d2t != 0) keep.push_back(i);
    }
    keep.push_back(m - 1);
  } else {
    for (std::size_t i = 0; i < m; ++i) keep.push_back(i);
  }
  Curve r;
  std::vector<double> fps{0}, tps{0};
  r.thresholds.push_back(c.thresholds[keep[0]] + 1);
  for (std::size_t i : keep) {
    fps.push_back(c.fps[i]);
    tps.push_back(c.tps[i]);
    r.thresholds.push_back(c.thresholds[i]);
  }
  const double fmax = fps.back(), tmax = tps.back();
  for (std::size_t i = 0; i < fps.size(); ++i) {
    r.x.push_back(fmax > 0 ? fps[i] / fmax : std::numeric_limits<double>::quiet_NaN());
    r.y.push_back(tmax > 0 ? tps[i] / tmax : std::numeric_limits<double>::quiet_NaN());
  }
  return r;
}

Curve precision_recall_curve(const Labels& y_true, const std::vector<double>& scores,
                             std::int64_t pos_label, const std::vector<double>& sample_weight) {
  const ClfCurve c = binary_clf_curve(y_true, scores, pos_label, sample_weight);
  const std::size_t m = c.tps.size();
  Curve r;
  const double last = m ? c.tps.back() : 0.0;
  for (std::size_t k = m; k-- > 0;) {
    const double ps = c.tps[k] + c.fps[k];
    r.y.push_back(ps != 0 ? c.tps[k] / ps : 0.0);
    r.x.push_back(last == 0 ? 1.0 : c.tps[k] / last);
    r.thresholds.push_back(c.thresholds[k]);
  }
  r.y.push_back(1.0);
  r.x.push_back(0.0);
  return r;
}

double roc_auc_score(const Labels& y_true, const std::vector<double>& scores,
                     std::int64_t pos_label, const std::vector<double>& sample_weight) {
  bool has_pos = false, has_neg = false;
  for (auto v : y_true) (v == pos_label ? has_pos : has_neg) = true;
  if (!has_pos || !has_neg)
    throw InputError(
        "Only one class present in y_true. ROC AUC score is not defined in that case.");
  const Curve c = roc_curve(y_true, scores, pos_label, sample_weight);
  return trapezoid(c.x, c.y);
}

double average_precision_score(const Labels& y_true, const std::vector<double>& scores,
                               std::int64_t pos_label, const std::vector<double>& sample_weight) {
  const Curve c = precision_recall_curve(y_true, scores, pos_label, sample_weight);
  double sum = 0;
  for (std::size_t i = 0; i + 1 < c.x.size(); ++i) sum += (c.x[i + 1] - c.x[i]) * c.y[i];
  return -sum;
}

double roc_auc_ovr(const Labels& y_true, const RowMatrixD& proba,
                   const std::vector<std::int64_t>& classes, const std::string& average) {
  if (average != "macro" && average != "weighted")
    throw ConfigError("average '" + average + "': expected macro or weighted");
  if (proba.cols() != static_cast<Index>(classes.size()))
    throw InputError("probabilities have " + std::to_string(proba.cols()) + " columns for " +
                     std::to_string(classes.size()) + " classes");
  double sum = 0, wsum = 0;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    Labels bin(y_true.size());
    std::int64_t support = 0;
    for (std::size_t i = 0; i < y_true.size(); ++i) {
      bin[i] = y_true[i] == classes[c] ? 1 : 0;
      support += bin[i];
    }
    std::vector<double> s(y_true.size());
    for (std::size_t i = 0; i < y_true.size(); ++i)
      s[i] = proba(static_cast<Index>(i), static_cast<Index>(c));
    const double auc = roc_auc_score(bin, s, 1);
    if (average == "macro") {
      sum += auc;
      wsum += 1;
    } else {
      sum += auc * static_cast<double>(support);
      wsum += static_cast<double>(support);
    }
  }
  return sum / wsum;
}

double accuracy_score(const Labels& y_true, const Labels& y_pred) {
  check_lengths(y_true.size(), y_pred.size(), "accuracy");
  if (y_true.empty()) return 0;
  std::int64_t hit = 0;
  for (std::size_t i = 0; i < y_true.size(); ++i) hit += y_true[i] == y_pred[i];
  return static_cast<double>(hit) / static_cast<double>(y_true.size());
}

double balanced_accuracy_score(const Labels& y_true, const Labels& y_pred) {
  const ConfusionMatrix cm = confusion_matrix(y_true, y_pred);
  double sum = 0;
  int n = 0;
  for (Index c = 0; c < cm.counts.rows(); ++c) {
    const double actual = static_cast<double>(cm.counts.row(c).sum());
    if (actual == 0) continue;  // a class only predicted: scikit-learn drops its NaN
    sum += static_cast<double>(cm.counts(c, c)) / actual;
    ++n;
  }
  return n ? sum / n : 0.0;
}

double matthews_corrcoef(const Labels& y_true, const Labels& y_pred) {
  const ConfusionMatrix cm = confusion_matrix(y_true, y_pred);
  const Index k = cm.counts.rows();
  std::vector<double> t(k, 0), p(k, 0);
  double correct = 0, n = 0;
  for (Index i = 0; i < k; ++i) {
    for (Index j = 0; j < k; ++j) {
      t[i] += static_cast<double>(cm.counts(i, j));
      p[j] += static_cast<double>(cm.counts(i, j));
    }
    correct += static_cast<double>(cm.counts(i, i));
  }
  for (double v : p) n += v;
  double tp = 0, pp = 0, tt = 0;
  for (Index i = 0; i < k; ++i) {
    tp += t[i] * p[i];
    pp += p[i] * p[i];
    tt += t[i] * t[i];
  }
  const double cov_ytyp = correct * n - tp, cov_ypyp = n * n - pp, cov_ytyt = n * n - tt;
  if (cov_ypyp * cov_ytyt == 0) return 0.0;
  return cov_ytyp / std::sqrt(cov_ytyt * cov_ypyp);
}

double specificity_score(const Labels& y_true, const Labels& y_pred) {
  const ConfusionMatrix cm = confusion_matrix(y_true, y_pred);
  const Index k = cm.counts.rows();
  const double n = static_cast<double>(cm.counts.sum());
  auto class_specificity = [&](Index c) {
    const double tp = static_cast<double>(cm.counts(c, c));
    const double fp = static_cast<double>(cm.counts.col(c).sum()) - tp;
    const double fn = static_cast<double>(cm.counts.row(c).sum()) - tp;
    const double tn = n - tp - fp - fn;
    return tn + fp > 0 ? tn / (tn + fp) : 0.0;
  };
  if (k == 2) return class_specificity(1);
  double sum = 0;
  for (Index c = 0; c < k; ++c) sum += class_specificity(c);
  return k ? sum / static_cast<double>(k) : 0.0;
}

double geometric_mean_score(const Labels& y_true, const Labels& y_pred) {
  const ConfusionMatrix cm = confusion_matrix(y_true, y_pred);
  double product = 1;
  int n = 0;
  for (Index c = 0; c < cm.counts.rows(); ++c) {
    const double actual = static_cast<double>(cm.counts.row(c).sum());
    if (actual == 0) continue;
    product *= static_cast<double>(cm.counts(c, c)) / actual;
    ++n;
  }
  return n ? std::pow(product, 1.0 / n) : 0.0;
}

double log_loss(const Labels& y_true, const RowMatrixD& proba,
                const std::vector<std::int64_t>& classes) {
  if (static_cast<Index>(y_true.size()) != proba.rows())
    check_lengths(y_true.size(), static_cast<std::size_t>(proba.rows()), "log_loss");
  if (proba.cols() != static_cast<Index>(classes.size()))
    throw InputError("log_loss: " + std::to_string(proba.cols()) + " probability columns for " +
                     std::to_string(classes.size()) + " classes");
  const double eps = std::numeric_limits<double>::epsilon();
  double total = 0;
  for (Index i = 0; i < proba.rows(); ++i) {
    double row_sum = 0;
    for (Index c = 0; c < proba.cols(); ++c) row_sum += std::clamp(proba(i, c), eps, 1 - eps);
    const std::size_t t = class_index(classes, y_true[static_cast<std::size_t>(i)]);
    if (t >= classes.size())
      throw InputError("log_loss: label " + std::to_string(y_true[i]) +
                       " is not among the classes");
    const double p = std::clamp(proba(i, static_cast<Index>(t)), eps, 1 - eps) / row_sum;
    total += -std::log(p);
  }
  return proba.rows() ? total / static_cast<double>(proba.rows()) : 0.0;
}

double brier_score_loss(const Labels& y_true, const std::vector<double>& prob_pos,
                        std::int64_t pos_label) {
  check_lengths(y_true.size(), prob_pos.size(), "brier_score_loss");
  double sum = 0;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    const double d = (y_true[i] == pos_label ? 1.0 : 0.0) - prob_pos[i];
    sum += d * d;
  }
  return y_true.empty() ? 0.0 : sum / static_cast<double>(y_true.size());
}

}  // namespace rarenet
