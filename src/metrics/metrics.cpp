#include "rarenet/metrics.hpp"
#include "core/numpy_sum.hpp"
#include "core/score_order.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <utility>

#include "rarenet/error.hpp"

// Each function follows scikit-learn 1.2's arithmetic step by step (same operations in the same
// order, numpy's pairwise sums included) so that the figures agree to the last few bits.

namespace rarenet {
namespace {

void check_lengths(std::size_t a, std::size_t b, const char* what) {
  if (a != b)
    throw InputError(std::string(what) + ": y_true has " + std::to_string(a) +
                     " values but the predictions have " + std::to_string(b));
}

void check_weights(std::size_t n, const std::vector<double>& w, const char* what) {
  if (w.empty()) return;
  if (w.size() != n)
    throw InputError(std::string(what) + ": y_true has " + std::to_string(n) +
                     " values but sample_weight has " + std::to_string(w.size()));
  for (double v : w)
    if (!std::isfinite(v)) throw InputError(std::string(what) + ": sample_weight holds NaN or inf");
}

void check_not_empty(std::size_t n, const char* what) {
  if (n == 0) throw InputError(std::string(what) + ": no samples (y_true is empty)");
}

// np.mean(v) and np.average(v, weights=w) (w empty: unweighted).
double mean(const std::vector<double>& v) {
  return pairwise_sum(v) / static_cast<double>(v.size());
}
double weighted_mean(const std::vector<double>& v, const std::vector<double>& w) {
  if (w.empty()) return mean(v);
  std::vector<double> vw(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) vw[i] = v[i] * w[i];
  return pairwise_sum(vw) / pairwise_sum(w);
}

std::vector<std::int64_t> sorted_union(const Labels& a, const Labels& b) {
  // Labels take few values: collect them in one pass, then sort those (sorting every label of
  // both vectors was a few per cent of a sweep); many distinct values fall back to that sort.
  constexpr std::size_t kFew = 64;
  std::vector<std::int64_t> u;
  for (const Labels* labels : {&a, &b})
    for (const std::int64_t v : *labels) {
      if (std::find(u.begin(), u.end(), v) != u.end()) continue;
      if (u.size() == kFew) {
        u.assign(a.begin(), a.end());
        u.insert(u.end(), b.begin(), b.end());
        break;
      }
      u.push_back(v);
    }
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  return u;
}

// Position of a label in `classes` (in any order); classes.size() when absent.
class ClassLookup {
 public:
  explicit ClassLookup(const std::vector<std::int64_t>& classes) : n_(classes.size()) {
    for (std::size_t i = 0; i < classes.size(); ++i) sorted_.emplace_back(classes[i], i);
    std::sort(sorted_.begin(), sorted_.end());
    for (std::size_t i = 1; i < sorted_.size(); ++i)
      if (sorted_[i].first == sorted_[i - 1].first)
        throw InputError("classes: label " + std::to_string(sorted_[i].first) +
                         " is listed twice; expected distinct labels");
  }
  std::size_t operator()(std::int64_t v) const {
    const auto it = std::lower_bound(
        sorted_.begin(), sorted_.end(), v,
        [](const std::pair<std::int64_t, std::size_t>& p, std::int64_t x) { return p.first < x; });
    return it != sorted_.end() && it->first == v ? it->second : n_;
  }

 private:
  std::size_t n_;
  std::vector<std::pair<std::int64_t, std::size_t>> sorted_;
};

// scikit-learn's confusion_matrix with sample weights: counts accumulated in sample order.
RowMatrixD weighted_confusion(const Labels& y_true, const Labels& y_pred,
                              const std::vector<std::int64_t>& classes,
                              const std::vector<double>& weight) {
  const ClassLookup index(classes);
  const Index k = static_cast<Index>(classes.size());
  RowMatrixD c = RowMatrixD::Zero(k, k);
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    const std::size_t t = index(y_true[i]), p = index(y_pred[i]);
    if (t < classes.size() && p < classes.size())
      c(static_cast<Index>(t), static_cast<Index>(p)) += weight.empty() ? 1.0 : weight[i];
  }
  return c;
}

// C.sum(axis=1): each row pairwise; C.sum(axis=0): rows added one after another.
std::vector<double> row_sums(const RowMatrixD& c) {
  std::vector<double> s(static_cast<std::size_t>(c.rows()));
  for (Index i = 0; i < c.rows(); ++i)
    s[static_cast<std::size_t>(i)] =
        pairwise_sum(c.row(i).data(), static_cast<std::size_t>(c.cols()));
  return s;
}
std::vector<double> col_sums(const RowMatrixD& c) {
  std::vector<double> s(static_cast<std::size_t>(c.cols()), 0.0);
  for (Index i = 0; i < c.rows(); ++i)
    for (Index j = 0; j < c.cols(); ++j) s[static_cast<std::size_t>(j)] += c(i, j);
  return s;
}

// scikit-learn's _binary_clf_curve: (fps, tps, thresholds) at each distinct score, descending.
struct ClfCurve {
  std::vector<double> fps, tps, thresholds;
};

ClfCurve binary_clf_curve(const Labels& y_true_in, const std::vector<double>& scores_in,
                          std::int64_t pos_label, const std::vector<double>& weight_in,
                          const char* what) {
  check_lengths(y_true_in.size(), scores_in.size(), what);
  check_weights(y_true_in.size(), weight_in, what);
  check_not_empty(y_true_in.size(), what);
  for (double s : scores_in)
    if (!std::isfinite(s)) throw InputError(std::string(what) + ": scores hold NaN or inf");
  // Samples of weight zero are dropped first: they must not add thresholds.
  Labels y_true;
  std::vector<double> scores, weight;
  const bool weighted = !weight_in.empty();
  for (std::size_t i = 0; i < y_true_in.size(); ++i) {
    if (weighted && weight_in[i] == 0) continue;
    y_true.push_back(y_true_in[i]);
    scores.push_back(scores_in[i]);
    if (weighted) weight.push_back(weight_in[i]);
  }
  const std::size_t n = y_true.size();
  if (n == 0) throw InputError(std::string(what) + ": every sample weight is 0");
  // numpy: argsort(kind="mergesort")[::-1] -- stable ascending, then reversed.
  const std::vector<std::size_t> order = descending_score_order(scores);
  ClfCurve c;
  double tp = 0, fp = 0;  // np.cumsum: sequential running sums
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    const double w = weighted ? weight[i] : 1.0;
    const double t = y_true[i] == pos_label ? 1.0 : 0.0;
    tp += t * w;
    if (weighted) fp += (1.0 - t) * w;
    if (k + 1 == n || scores[order[k + 1]] != scores[i]) {
      c.tps.push_back(tp);
      // Unweighted, scikit-learn derives fps = 1 + index - tps.
      c.fps.push_back(weighted ? fp : static_cast<double>(k + 1) - tp);
      c.thresholds.push_back(scores[i]);
    }
  }
  return c;
}

// sklearn.metrics.auc: numpy.trapz, negated when x decreases.
double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
  double direction = 1;
  bool any_neg = false, all_nonpos = true;
  for (std::size_t i = 1; i < x.size(); ++i) {
    const double dx = x[i] - x[i - 1];
    any_neg |= dx < 0;
    all_nonpos &= dx <= 0;
  }
  if (any_neg) {
    if (!all_nonpos) throw InputError("auc: x is neither increasing nor decreasing");
    direction = -1;
  }
  std::vector<double> parts;
  for (std::size_t i = 1; i < x.size(); ++i)
    parts.push_back((x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0);
  return direction * pairwise_sum(parts);
}

// Per-class sufficient statistics as scikit-learn's multilabel_confusion_matrix: true positives,
// predictions and true samples of each class (counted over every sample).
struct PrfCounts {
  std::vector<double> tp, pred, actual;
};
PrfCounts prf_counts(const Labels& y_true, const Labels& y_pred,
                     const std::vector<std::int64_t>& classes) {
  const ClassLookup index(classes);
  PrfCounts c{std::vector<double>(classes.size(), 0.0), std::vector<double>(classes.size(), 0.0),
              std::vector<double>(classes.size(), 0.0)};
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    const std::size_t t = index(y_true[i]), p = index(y_pred[i]);
    if (t < classes.size()) c.actual[t] += 1;
    if (p < classes.size()) c.pred[p] += 1;
    if (t < classes.size() && y_true[i] == y_pred[i]) c.tp[t] += 1;
  }
  return c;
}

// precision, recall, F1 from counts, with zero_division="warn" (0, flagged).
ClassScores prf(double tp, double pred, double actual, bool& zero_division) {
  ClassScores s;
  if (pred == 0) zero_division = true;
  if (actual == 0) zero_division = true;
  s.precision = pred == 0 ? 0.0 : tp / pred;
  s.recall = actual == 0 ? 0.0 : tp / actual;
  double denom = s.precision + s.recall;
  if (denom == 0.0) denom = 1;
  s.f1 = 2 * s.precision * s.recall / denom;
  s.support = static_cast<std::int64_t>(actual);
  return s;
}

// Python's len() of a UTF-8 string: code points, not bytes.
std::size_t display_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
std::string pad_left(const std::string& s, std::size_t width) {
  const std::size_t len = display_length(s);
  return len >= width ? s : std::string(width - len, ' ') + s;
}

}  // namespace

ConfusionMatrix confusion_matrix(const Labels& y_true, const Labels& y_pred,
                                 std::vector<std::int64_t> classes) {
  check_lengths(y_true.size(), y_pred.size(), "confusion_matrix");
  if (classes.empty()) {
    classes = sorted_union(y_true, y_pred);
  } else if (!y_true.empty()) {
    const ClassLookup index(classes);
    if (std::none_of(y_true.begin(), y_true.end(),
                     [&](std::int64_t v) { return index(v) < classes.size(); }))
      throw InputError("confusion_matrix: At least one label specified must be in y_true");
  }
  ConfusionMatrix cm;
  cm.classes = classes;
  const ClassLookup index(classes);
  const Index k = static_cast<Index>(classes.size());
  cm.counts.setZero(k, k);
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    const std::size_t t = index(y_true[i]), p = index(y_pred[i]);
    if (t < classes.size() && p < classes.size())
      ++cm.counts(static_cast<Index>(t), static_cast<Index>(p));
  }
  return cm;
}

ClassificationReport classification_report(const Labels& y_true, const Labels& y_pred,
                                           std::vector<std::int64_t> classes) {
  check_lengths(y_true.size(), y_pred.size(), "classification_report");
  check_not_empty(y_true.size(), "classification_report");
  const std::vector<std::int64_t> present = sorted_union(y_true, y_pred);
  ClassificationReport r;
  if (classes.empty()) {
    classes = present;
  } else {
    std::vector<std::int64_t> given = classes;
    std::sort(given.begin(), given.end());
    r.micro_is_accuracy = given == present;  // scikit-learn compares the sets
  }
  r.classes = classes;
  const PrfCounts c = prf_counts(y_true, y_pred, classes);
  const std::size_t k = classes.size();
  std::vector<double> p(k), rc(k), f(k);
  for (std::size_t j = 0; j < k; ++j) {
    r.per_class.push_back(prf(c.tp[j], c.pred[j], c.actual[j], r.zero_division));
    p[j] = r.per_class[j].precision;
    rc[j] = r.per_class[j].recall;
    f[j] = r.per_class[j].f1;
  }
  const double total_support = pairwise_sum(c.actual);
  const auto support = static_cast<std::int64_t>(total_support);
  r.accuracy = accuracy_score(y_true, y_pred);
  r.macro_avg = {mean(p), mean(rc), mean(f), support};
  if (total_support > 0) {
    r.weighted_avg = {weighted_mean(p, c.actual), weighted_mean(rc, c.actual),
                      weighted_mean(f, c.actual), support};
  } else {
    r.weighted_avg = {0, 0, 0, support};
    r.zero_division = true;
  }
  r.micro_avg = prf(pairwise_sum(c.tp), pairwise_sum(c.pred), total_support, r.zero_division);
  return r;
}

std::string format_classification_report(const ClassificationReport& report, int digits,
                                         const std::vector<std::string>& target_names) {
  if (digits < 0)
    throw ConfigError("classification report: digits must be >= 0, got " + std::to_string(digits));
  std::vector<std::string> names = target_names;
  if (names.empty())
    for (auto c : report.classes) names.push_back(std::to_string(c));
  if (names.size() != report.per_class.size())
    throw ConfigError("classification report: " + std::to_string(names.size()) +
                      " target names for " + std::to_string(report.per_class.size()) + " classes");
  std::size_t width = std::string("weighted avg").size();
  for (const auto& n : names) width = std::max(width, display_length(n));
  width = std::max(width, static_cast<std::size_t>(digits));
  std::string out;
  std::vector<char> buf(static_cast<std::size_t>(digits) + 400);
  auto number = [&](double v) {
    std::snprintf(buf.data(), buf.size(), " %9.*f", digits, v);
    return std::string(buf.data());
  };
  auto count = [&](std::int64_t v) {
    std::snprintf(buf.data(), buf.size(), " %9lld\n", static_cast<long long>(v));
    return std::string(buf.data());
  };
  // Header: "{:>{width}s} " then " {:>9}" per column.
  out += std::string(width, ' ') + " ";
  for (const char* h : {"precision", "recall", "f1-score", "support"}) {
    std::snprintf(buf.data(), buf.size(), " %9s", h);
    out += buf.data();
  }
  out += "\n\n";
  auto row = [&](const std::string& name, const ClassScores& s) {
    out += pad_left(name, width) + " " + number(s.precision) + number(s.recall) + number(s.f1) +
           count(s.support);
  };
  for (std::size_t c = 0; c < report.per_class.size(); ++c) row(names[c], report.per_class[c]);
  out += "\n";
  if (report.micro_is_accuracy)
    // The accuracy row shows the micro F1 (equal to the accuracy) under f1-score only.
    out += pad_left("accuracy", width) + " " + std::string(20, ' ') + number(report.micro_avg.f1) +
           count(report.micro_avg.support);
  else
    row("micro avg", report.micro_avg);
  row("macro avg", report.macro_avg);
  row("weighted avg", report.weighted_avg);
  return out;
}

std::vector<ClassificationReport> multilabel_classification_reports(const RowMatrixD& Y_true,
                                                                    const RowMatrixD& Y_pred) {
  if (Y_true.rows() != Y_pred.rows() || Y_true.cols() != Y_pred.cols())
    throw InputError("multi-label report: y_true is " + std::to_string(Y_true.rows()) + " x " +
                     std::to_string(Y_true.cols()) + " but y_pred is " +
                     std::to_string(Y_pred.rows()) + " x " + std::to_string(Y_pred.cols()));
  std::vector<ClassificationReport> out;
  for (Index j = 0; j < Y_true.cols(); ++j) {
    Labels t(static_cast<std::size_t>(Y_true.rows())), p(t.size());
    for (Index i = 0; i < Y_true.rows(); ++i) {
      for (const auto& [m, v] : {std::pair{&Y_true, &t}, std::pair{&Y_pred, &p}}) {
        const double x = (*m)(i, j);
        if (x != 0 && x != 1)
          throw InputError("multi-label report: row " + std::to_string(i + 1) + ", label " +
                           std::to_string(j) + ": " + std::to_string(x) + " is not 0 or 1");
        (*v)[static_cast<std::size_t>(i)] = x == 1 ? 1 : 0;
      }
    }
    out.push_back(classification_report(t, p, {0, 1}));
  }
  return out;
}

Curve roc_curve(const Labels& y_true, const std::vector<double>& scores, std::int64_t pos_label,
                const std::vector<double>& sample_weight) {
  const ClfCurve c = binary_clf_curve(y_true, scores, pos_label, sample_weight, "roc_curve");
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
  r.thresholds.push_back(c.thresholds[keep[0]] + 1);  // scikit-learn 1.2: max score + 1
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
  const ClfCurve c =
      binary_clf_curve(y_true, scores, pos_label, sample_weight, "precision_recall_curve");
  const std::size_t m = c.tps.size();
  Curve r;
  const double last = c.tps.back();
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
  check_lengths(y_true.size(), scores.size(), "roc_auc_score");
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
  std::vector<double> steps(c.x.size() - 1);
  for (std::size_t i = 0; i + 1 < c.x.size(); ++i) steps[i] = (c.x[i + 1] - c.x[i]) * c.y[i];
  return -pairwise_sum(steps);
}

double roc_auc_ovr(const Labels& y_true, const RowMatrixD& proba,
                   const std::vector<std::int64_t>& classes, const std::string& average) {
  if (average != "macro" && average != "weighted")
    throw ConfigError("roc_auc_ovr: average '" + average + "': expected macro or weighted");
  check_lengths(y_true.size(), static_cast<std::size_t>(proba.rows()), "roc_auc_ovr");
  check_not_empty(y_true.size(), "roc_auc_ovr");
  if (proba.cols() != static_cast<Index>(classes.size()))
    throw InputError("roc_auc_ovr: Number of given labels (" + std::to_string(classes.size()) +
                     ") not equal to the number of classes in 'y_score' (" +
                     std::to_string(proba.cols()) + ").");
  for (std::size_t c = 1; c < classes.size(); ++c)
    if (classes[c] <= classes[c - 1])
      throw InputError("roc_auc_ovr: Parameter 'labels' must be ordered and unique.");
  const ClassLookup index(classes);
  for (auto v : y_true)
    if (index(v) == classes.size())
      throw InputError("roc_auc_ovr: 'y_true' contains labels not in parameter 'labels' (" +
                       std::to_string(v) + ").");
  for (Index i = 0; i < proba.rows(); ++i) {
    const double s = pairwise_sum(proba.row(i).data(), static_cast<std::size_t>(proba.cols()));
    if (!(std::fabs(1.0 - s) <= 1e-8 + 1e-5 * std::fabs(s)))  // numpy.allclose(1, s)
      throw InputError("roc_auc_ovr: row " + std::to_string(i + 1) + " sums to " +
                       std::to_string(s) +
                       ": Target scores need to be probabilities for multiclass roc_auc, i.e. "
                       "they should sum up to 1.0 over classes");
  }
  std::vector<double> auc(classes.size()), support(classes.size(), 0.0);
  for (std::size_t c = 0; c < classes.size(); ++c) {
    Labels bin(y_true.size());
    std::vector<double> s(y_true.size());
    for (std::size_t i = 0; i < y_true.size(); ++i) {
      bin[i] = y_true[i] == classes[c] ? 1 : 0;
      support[c] += static_cast<double>(bin[i]);
      s[i] = proba(static_cast<Index>(i), static_cast<Index>(c));
    }
    auc[c] = roc_auc_score(bin, s, 1);
  }
  return average == "macro" ? mean(auc) : weighted_mean(auc, support);
}

double average_precision_ovr(const Labels& y_true, const RowMatrixD& proba,
                             const std::vector<std::int64_t>& classes) {
  check_lengths(y_true.size(), static_cast<std::size_t>(proba.rows()), "average_precision_ovr");
  if (proba.cols() != static_cast<Index>(classes.size()))
    throw InputError("average_precision_ovr: " + std::to_string(proba.cols()) +
                     " probability columns for " + std::to_string(classes.size()) + " classes");
  std::vector<double> ap(classes.size());
  std::vector<double> s(y_true.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    for (std::size_t i = 0; i < y_true.size(); ++i)
      s[i] = proba(static_cast<Index>(i), static_cast<Index>(c));
    ap[c] = average_precision_score(y_true, s, classes[c]);
  }
  return mean(ap);
}

double accuracy_score(const Labels& y_true, const Labels& y_pred) {
  check_lengths(y_true.size(), y_pred.size(), "accuracy");
  check_not_empty(y_true.size(), "accuracy");
  std::int64_t hit = 0;
  for (std::size_t i = 0; i < y_true.size(); ++i) hit += y_true[i] == y_pred[i];
  return static_cast<double>(hit) / static_cast<double>(y_true.size());
}

double balanced_accuracy_score(const Labels& y_true, const Labels& y_pred,
                               const std::vector<double>& sample_weight) {
  check_lengths(y_true.size(), y_pred.size(), "balanced_accuracy_score");
  check_weights(y_true.size(), sample_weight, "balanced_accuracy_score");
  check_not_empty(y_true.size(), "balanced_accuracy_score");
  const RowMatrixD c =
      weighted_confusion(y_true, y_pred, sorted_union(y_true, y_pred), sample_weight);
  const std::vector<double> actual = row_sums(c);
  std::vector<double> per_class;
  for (Index i = 0; i < c.rows(); ++i) {
    const double a = actual[static_cast<std::size_t>(i)];
    if (a == 0) continue;  // a class only predicted: scikit-learn drops its NaN
    per_class.push_back(c(i, i) / a);
  }
  return per_class.empty() ? 0.0 : mean(per_class);
}

double matthews_corrcoef(const Labels& y_true, const Labels& y_pred,
                         const std::vector<double>& sample_weight) {
  check_lengths(y_true.size(), y_pred.size(), "matthews_corrcoef");
  check_weights(y_true.size(), sample_weight, "matthews_corrcoef");
  check_not_empty(y_true.size(), "matthews_corrcoef");
  const RowMatrixD c =
      weighted_confusion(y_true, y_pred, sorted_union(y_true, y_pred), sample_weight);
  const std::vector<double> t = row_sums(c), p = col_sums(c);
  std::vector<double> diag(t.size());
  for (std::size_t i = 0; i < t.size(); ++i)
    diag[i] = c(static_cast<Index>(i), static_cast<Index>(i));
  const double correct = pairwise_sum(diag), n = pairwise_sum(p);
  double tp = 0, pp = 0, tt = 0;  // np.dot of short vectors: sequential
  for (std::size_t i = 0; i < t.size(); ++i) {
    tp += t[i] * p[i];
    pp += p[i] * p[i];
    tt += t[i] * t[i];
  }
  const double cov_ytyp = correct * n - tp, cov_ypyp = n * n - pp, cov_ytyt = n * n - tt;
  if (cov_ypyp * cov_ytyt == 0) return 0.0;
  return cov_ytyp / std::sqrt(cov_ytyt * cov_ypyp);
}

double specificity_score(const Labels& y_true, const Labels& y_pred,
                         std::vector<std::int64_t> classes) {
  check_lengths(y_true.size(), y_pred.size(), "specificity_score");
  check_not_empty(y_true.size(), "specificity_score");
  if (classes.empty()) classes = sorted_union(y_true, y_pred);
  const PrfCounts c = prf_counts(y_true, y_pred, classes);
  const double n = static_cast<double>(y_true.size());
  auto class_specificity = [&](std::size_t j) {
    const double fp = c.pred[j] - c.tp[j];
    const double tn = n - c.actual[j] - fp;  // neither true nor predicted as class j
    return tn + fp > 0 ? tn / (tn + fp) : 0.0;
  };
  if (classes.size() == 2) return class_specificity(1);
  std::vector<double> s(classes.size());
  for (std::size_t j = 0; j < classes.size(); ++j) s[j] = class_specificity(j);
  return mean(s);
}

double geometric_mean_score(const Labels& y_true, const Labels& y_pred) {
  check_lengths(y_true.size(), y_pred.size(), "geometric_mean_score");
  check_not_empty(y_true.size(), "geometric_mean_score");
  const std::vector<std::int64_t> classes = sorted_union(y_true, y_pred);
  const PrfCounts c = prf_counts(y_true, y_pred, classes);
  std::vector<double> log_recall(classes.size());
  for (std::size_t j = 0; j < classes.size(); ++j)
    log_recall[j] = std::log(c.actual[j] == 0 ? 0.0 : c.tp[j] / c.actual[j]);  // log 0 = -inf
  return std::exp(mean(log_recall));
}

double log_loss(const Labels& y_true, const RowMatrixD& proba,
                const std::vector<std::int64_t>& classes,
                const std::vector<double>& sample_weight) {
  check_lengths(y_true.size(), static_cast<std::size_t>(proba.rows()), "log_loss");
  check_weights(y_true.size(), sample_weight, "log_loss");
  check_not_empty(y_true.size(), "log_loss");
  if (classes.size() < 2)
    throw InputError("log_loss: The labels array needs to contain at least two labels");
  if (proba.cols() != static_cast<Index>(classes.size()))
    throw InputError("log_loss: " + std::to_string(proba.cols()) + " probability columns for " +
                     std::to_string(classes.size()) + " classes");
  const ClassLookup index(classes);
  const double eps = std::numeric_limits<double>::epsilon();
  const std::size_t k = classes.size();
  std::vector<double> clipped(k), loss(y_true.size());
  for (Index i = 0; i < proba.rows(); ++i) {
    for (std::size_t c = 0; c < k; ++c) {
      const double v = proba(i, static_cast<Index>(c));
      if (!std::isfinite(v))
        throw InputError("log_loss: row " + std::to_string(i + 1) + " holds NaN or inf");
      clipped[c] = std::clamp(v, eps, 1 - eps);
    }
    const std::size_t t = index(y_true[static_cast<std::size_t>(i)]);
    if (t >= k)
      throw InputError("log_loss: label " + std::to_string(y_true[static_cast<std::size_t>(i)]) +
                       " is not among the classes");
    loss[static_cast<std::size_t>(i)] = -std::log(clipped[t] / pairwise_sum(clipped));
  }
  return weighted_mean(loss, sample_weight);
}

double brier_score_loss(const Labels& y_true, const std::vector<double>& prob_pos,
                        std::int64_t pos_label, const std::vector<double>& sample_weight) {
  check_lengths(y_true.size(), prob_pos.size(), "brier_score_loss");
  check_weights(y_true.size(), sample_weight, "brier_score_loss");
  check_not_empty(y_true.size(), "brier_score_loss");
  std::vector<double> sq(y_true.size());
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    const double p = prob_pos[i];
    if (!(p >= 0 && p <= 1))
      throw InputError("brier_score_loss: probability " + std::to_string(p) + " at row " +
                       std::to_string(i + 1) + " is not in [0, 1]");
    const double d = (y_true[i] == pos_label ? 1.0 : 0.0) - p;
    sq[i] = d * d;
  }
  return weighted_mean(sq, sample_weight);
}

}  // namespace rarenet
