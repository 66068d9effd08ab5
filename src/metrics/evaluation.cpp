#include "rarenet/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "rarenet/error.hpp"

namespace rarenet {

Labels predict_labels(const RowMatrixD& proba, const std::vector<std::int64_t>& classes,
                      double threshold, const std::vector<double>& decision_weights) {
  if (proba.cols() != static_cast<Index>(classes.size()))
    throw InputError("predict_labels: " + std::to_string(proba.cols()) +
                     " probability columns for " + std::to_string(classes.size()) + " classes");
  if (classes.empty()) throw InputError("predict_labels: no classes");
  if (!decision_weights.empty()) {
    if (classes.size() < 3)
      throw InputError("predict_labels: decision weights apply to multi-class models only");
    if (decision_weights.size() != classes.size())
      throw InputError("predict_labels: " + std::to_string(decision_weights.size()) +
                       " decision weights for " + std::to_string(classes.size()) + " classes");
    for (double w : decision_weights)
      if (!(w > 0) || !std::isfinite(w))
        throw InputError("predict_labels: decision weights must be positive finite numbers");
  }
  Labels out(static_cast<std::size_t>(proba.rows()));
  for (Index i = 0; i < proba.rows(); ++i) {
    if (classes.size() == 2) {
      out[i] = proba(i, 1) >= threshold ? classes[1] : classes[0];
    } else {
      // numpy.argmax: the first of equal maxima.
      Index best = 0;
      if (decision_weights.empty()) {
        for (Index c = 1; c < proba.cols(); ++c)
          if (proba(i, c) > proba(i, best)) best = c;
      } else {
        double best_v = proba(i, 0) * decision_weights[0];
        for (Index c = 1; c < proba.cols(); ++c) {
          const double v = proba(i, c) * decision_weights[static_cast<std::size_t>(c)];
          if (v > best_v) {
            best = c;
            best_v = v;
          }
        }
      }
      out[i] = classes[static_cast<std::size_t>(best)];
    }
  }
  return out;
}

Evaluation evaluate_predictions(const Labels& y_true, const RowMatrixD& proba,
                                const std::vector<std::int64_t>& classes, double threshold,
                                const std::vector<double>& decision_weights) {
  if (static_cast<Index>(y_true.size()) != proba.rows())
    throw InputError("evaluate: " + std::to_string(y_true.size()) + " labels for " +
                     std::to_string(proba.rows()) + " rows of probabilities");
  if (classes.size() < 2) throw InputError("evaluate: at least two classes are needed");
  if (!std::isfinite(threshold))
    throw ConfigError("evaluate: the threshold must be a finite number");
  for (Index i = 0; i < proba.rows(); ++i)
    for (Index c = 0; c < proba.cols(); ++c)
      if (!std::isfinite(proba(i, c)))
        throw InputError("evaluate: probability at row " + std::to_string(i + 1) + ", column " +
                         std::to_string(c + 1) + " is NaN or infinite");
  for (auto v : y_true)
    if (std::find(classes.begin(), classes.end(), v) == classes.end())
      throw InputError("evaluate: label " + std::to_string(v) +
                       " in the data is not one of the model's classes");
  Evaluation e;
  e.threshold = threshold;
  e.classes = classes;
  e.decision_weights = decision_weights;
  const Labels y_pred = predict_labels(proba, classes, threshold, decision_weights);
  e.report = classification_report(y_true, y_pred, classes);
  e.confusion = confusion_matrix(y_true, y_pred, classes);
  if (e.report.zero_division)
    e.warnings.push_back(
        "zero_division: a precision or recall had no samples to divide by and is reported as 0");
  e.balanced_accuracy = balanced_accuracy_score(y_true, y_pred);
  e.mcc = matthews_corrcoef(y_true, y_pred);
  e.specificity = specificity_score(y_true, y_pred, classes);
  e.g_mean = geometric_mean_score(y_true, y_pred);
  e.log_loss = log_loss(y_true, proba, classes);
  std::vector<bool> present(classes.size(), false);
  for (auto v : y_true)
    present[std::find(classes.begin(), classes.end(), v) - classes.begin()] = true;
  const bool all_present = std::all_of(present.begin(), present.end(), [](bool b) { return b; });
  if (classes.size() == 2) {
    std::vector<double> pos(y_true.size());
    for (std::size_t i = 0; i < pos.size(); ++i) pos[i] = proba(static_cast<Index>(i), 1);
    e.brier = brier_score_loss(y_true, pos, classes[1]);
    for (std::size_t i = 0; i < y_true.size(); ++i) {
      e.predicted_positives += y_pred[i] == classes[1];
      e.actual_positives += y_true[i] == classes[1];
    }
    if (all_present) {
      e.roc_auc = roc_auc_score(y_true, pos, classes[1]);
      e.roc_auc_weighted = e.roc_auc;
      e.average_precision = average_precision_score(y_true, pos, classes[1]);
    } else {
      e.warnings.push_back(
          "roc_auc undefined: only one class present in y_true; ROC AUC and average precision are "
          "reported as 0");
    }
  } else {
    double brier = 0;
    for (std::size_t c = 0; c < classes.size(); ++c) {
      std::vector<double> s(y_true.size());
      for (std::size_t i = 0; i < s.size(); ++i)
        s[i] = proba(static_cast<Index>(i), static_cast<Index>(c));
      brier += brier_score_loss(y_true, s, classes[c]);
    }
    e.brier = brier / static_cast<double>(classes.size());
    if (all_present) {
      e.average_precision = average_precision_ovr(y_true, proba, classes);
      e.roc_auc = roc_auc_ovr(y_true, proba, classes, "macro");
      e.roc_auc_weighted = roc_auc_ovr(y_true, proba, classes, "weighted");
    } else {
      e.warnings.push_back(
          "roc_auc undefined: a class is absent from y_true; ROC AUC and average precision are "
          "reported as 0");
    }
  }
  e.curves = evaluation_curves(y_true, proba, classes);
  return e;
}

std::string format_evaluation(const Evaluation& e, int digits) {
  std::vector<std::string> target_names;
  if (!e.class_names.empty())
    for (std::size_t c = 0; c < e.report.classes.size(); ++c)
      target_names.push_back(e.class_name(c));
  std::string out = format_classification_report(e.report, digits, target_names);
  char buf[256];
  out += "\nconfusion matrix (rows: true class, columns: predicted class)\n";
  std::vector<std::string> names;
  std::size_t width = 6;
  for (std::size_t c = 0; c < e.classes.size(); ++c) {
    names.push_back(e.class_name(c));
    width = std::max(width, names.back().size());
  }
  for (Index i = 0; i < e.confusion.counts.rows(); ++i)
    for (Index j = 0; j < e.confusion.counts.cols(); ++j)
      width = std::max(width, std::to_string(e.confusion.counts(i, j)).size());
  const int w = static_cast<int>(width) + 2;
  std::snprintf(buf, sizeof buf, "%*s", w, "");
  out += buf;
  for (const auto& n : names) {
    std::snprintf(buf, sizeof buf, "%*s", w, n.c_str());
    out += buf;
  }
  out += "\n";
  for (Index i = 0; i < e.confusion.counts.rows(); ++i) {
    std::snprintf(buf, sizeof buf, "%*s", w, names[i].c_str());
    out += buf;
    for (Index j = 0; j < e.confusion.counts.cols(); ++j) {
      std::snprintf(buf, sizeof buf, "%*lld", w, static_cast<long long>(e.confusion.counts(i, j)));
      out += buf;
    }
    out += "\n";
  }
  out += "\n";
  auto line = [&](const char* name, double v) {
    std::snprintf(buf, sizeof buf, "%-19s %.4f\n", name, v);
    out += buf;
  };
  if (e.classes.size() == 2) {
    std::snprintf(buf, sizeof buf, "%-19s %.4g\n", "threshold", e.threshold);
    out += buf;
  }
  if (!e.decision_weights.empty()) {
    out += "decision weights   ";
    for (std::size_t c = 0; c < e.decision_weights.size(); ++c) {
      std::snprintf(buf, sizeof buf, "%.4g", e.decision_weights[c]);
      out += " " + e.class_name(c) + ": " + buf;
    }
    out += " (label: the largest weight x probability)\n";
  }
  line("ROC AUC", e.roc_auc);  // multi-class: one-vs-rest, macro average
  if (e.classes.size() > 2) line("ROC AUC weighted", e.roc_auc_weighted);
  line("average precision", e.average_precision);
  line("balanced accuracy", e.balanced_accuracy);
  line("MCC", e.mcc);
  line("specificity", e.specificity);
  line("G-mean", e.g_mean);
  line("log loss", e.log_loss);
  line("Brier score", e.brier);
  if (e.classes.size() == 2) {
    std::snprintf(buf, sizeof buf, "%-19s %lld predicted, %lld actual\n", "positives",
                  static_cast<long long>(e.predicted_positives),
                  static_cast<long long>(e.actual_positives));
    out += buf;
  }
  for (const auto& w : e.warnings) out += "warning: " + w + "\n";
  return out;
}

Evaluation evaluate_label(const RowMatrixD& Y, const RowMatrixD& proba, Index label,
                          double threshold) {
  Labels y(static_cast<std::size_t>(Y.rows()));
  RowMatrixD p2(Y.rows(), 2);
  for (Index i = 0; i < Y.rows(); ++i) {
    y[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(Y(i, label));
    p2(i, 1) = proba(i, label);
    p2(i, 0) = 1 - p2(i, 1);
  }
  return evaluate_predictions(y, p2, {0, 1}, threshold);
}

}  // namespace rarenet
