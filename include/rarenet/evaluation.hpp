// Evaluation: every figure `rarenet evaluate` reports for one set of predictions.
//
// Binary problems take the positive class's probability and a threshold (label = classes[1] when
// p >= threshold); multi-class problems take per-class probabilities and predict the argmax.
// proba: (n_samples, n_classes), columns in the order of `classes` (sorted labels).
//
// Undefined figures never become NaN: when y_true lacks a class, ROC AUC and average precision
// are reported as 0 and `warnings` says so ("roc_auc undefined: ..."); a precision or recall with
// nothing to divide by is 0 with a "zero_division: ..." warning (scikit-learn's "warn"); MCC with
// a zero denominator is 0 (as scikit-learn). Specificity: of classes[1] for two classes, the mean
// one-vs-rest specificity otherwise (see specificity_score).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rarenet/curves.hpp"
#include "rarenet/metrics.hpp"

namespace rarenet {

struct Evaluation {
  double threshold = 0.5;  // binary only
  // Multi-class: the decision rule's weight per class (empty: the plain argmax).
  std::vector<double> decision_weights;
  std::vector<std::int64_t> classes;
  ClassificationReport report;
  ConfusionMatrix confusion;
  double roc_auc = 0;            // binary; multi-class: one-vs-rest macro
  double roc_auc_weighted = 0;   // multi-class: one-vs-rest weighted (binary: = roc_auc)
  double average_precision = 0;  // binary: positive class; multi-class: macro over classes
  double balanced_accuracy = 0, mcc = 0, specificity = 0, g_mean = 0;
  double log_loss = 0, brier = 0;  // brier: binary only (multi-class: mean over one-vs-rest)
  std::int64_t predicted_positives = 0, actual_positives = 0;  // binary: of classes[1]
  std::vector<std::string> warnings;  // e.g. zero_division, one class only in y_true
  // Display names of the classes (text targets); empty: the labels themselves.
  std::vector<std::string> class_names;
  std::string class_name(std::size_t c) const {
    return c < class_names.size() ? class_names[c] : std::to_string(classes[c]);
  }
  // ROC / PR curves, scores by class, reliability: what a report page draws (thinned).
  EvaluationCurves curves;
};

// Labels from probabilities: binary thresholding or multi-class argmax. decision_weights
// (multi-class only; empty: all 1): one positive weight per class, the label is the argmax of
// decision_weights[c] * proba(i, c) (a tuned decision rule, selection.hpp).
Labels predict_labels(const RowMatrixD& proba, const std::vector<std::int64_t>& classes,
                      double threshold = 0.5, const std::vector<double>& decision_weights = {});

// InputError: lengths differ, fewer than two classes, a label of y_true not in classes, a NaN or
// infinite probability, or (multi-class) rows not summing to 1 (as scikit-learn's OvR ROC AUC).
Evaluation evaluate_predictions(const Labels& y_true, const RowMatrixD& proba,
                                const std::vector<std::int64_t>& classes, double threshold = 0.5,
                                const std::vector<double>& decision_weights = {});

// Multi-label: column `label` of a 0/1 matrix Y judged as its own binary problem (classes {0, 1})
// from column `label` of proba (n, n_labels), at `threshold`.
Evaluation evaluate_label(const RowMatrixD& Y, const RowMatrixD& proba, Index label,
                          double threshold);

// The human-readable text: classification report, confusion matrix, then the rare-event figures.
std::string format_evaluation(const Evaluation& e, int digits = 2);

}  // namespace rarenet
