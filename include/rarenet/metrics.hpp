// Metrics that judge scores and labels, in double precision, equal to scikit-learn 1.2's to 1e-12.
//
// y_true / y_pred: (n_samples) integer labels. scores: (n_samples) scores of the positive class
// (higher means more likely positive). proba: (n_samples, n_classes) probabilities, columns in
// the order of `classes`. sample_weight: (n_samples) or empty for unit weights.
// Undefined ratios (e.g. precision with no predicted positives) follow scikit-learn's
// zero_division="warn": the value is 0 and the result records that it happened.
// Sums follow numpy's order (pairwise summation, as np.sum / np.mean / np.trapz do), so that the
// figures agree with scikit-learn's to the last bits, not just approximately.
// Errors: InputError for mismatched lengths, empty inputs, non-finite scores and the cases
// where scikit-learn raises ValueError (same message where it matters, e.g. ROC AUC with one
// class).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

// counts(i, j): samples of true class classes[i] predicted as classes[j] (scikit-learn's layout).
// Samples whose true or predicted label is not in `classes` are not counted.
struct ConfusionMatrix {
  std::vector<std::int64_t> classes;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> counts;
};
// classes empty: the sorted union of y_true and y_pred; otherwise used in the order given
// (InputError if none of them occurs in y_true, as scikit-learn).
ConfusionMatrix confusion_matrix(const Labels& y_true, const Labels& y_pred,
                                 std::vector<std::int64_t> classes = {});

struct ClassScores {
  double precision = 0, recall = 0, f1 = 0;
  std::int64_t support = 0;
};

// sklearn.metrics.classification_report(output_dict=True) as numbers.
struct ClassificationReport {
  std::vector<std::int64_t> classes;
  std::vector<ClassScores> per_class;  // same order as classes
  double accuracy = 0;                 // accuracy_score over every sample
  ClassScores macro_avg, weighted_avg;
  // Micro average over `classes`. scikit-learn prints it as the "accuracy" row (its F1 column)
  // when the classes are exactly the labels present in y_true and y_pred, and as a "micro avg"
  // row otherwise (classes given that include an absent label, or leave one out).
  ClassScores micro_avg;
  bool micro_is_accuracy = true;
  bool zero_division = false;  // some precision / recall / F1 was undefined and set to 0
};
ClassificationReport classification_report(const Labels& y_true, const Labels& y_pred,
                                           std::vector<std::int64_t> classes = {});
// The text scikit-learn prints, byte for byte (digits as its `digits` argument, >= 0).
// target_names empty: the class labels; otherwise one name per class (widths count UTF-8
// characters, as Python does).
std::string format_classification_report(const ClassificationReport& report, int digits = 2,
                                         const std::vector<std::string>& target_names = {});
// Multi-label targets: one binary report (classes {0, 1}) per label column, the same as calling
// classification_report(Y_true[:, j], Y_pred[:, j], labels=[0, 1]) in scikit-learn for each j.
// The row for class 1 of report j equals row j of scikit-learn's multi-label report.
// Y_true, Y_pred: (n_samples, n_labels), entries 0 or 1.
std::vector<ClassificationReport> multilabel_classification_reports(const RowMatrixD& Y_true,
                                                                    const RowMatrixD& Y_pred);

struct Curve {
  std::vector<double> x, y, thresholds;
};
// roc_curve (drop_intermediate=True, as scikit-learn 1.2): x = fpr, y = tpr, thresholds
// decreasing with thresholds[0] = max score + 1. Samples of weight 0 are ignored. With no
// negative (positive) sample, fpr (tpr) is all NaN, as scikit-learn's.
Curve roc_curve(const Labels& y_true, const std::vector<double>& scores, std::int64_t pos_label = 1,
                const std::vector<double>& sample_weight = {});
// precision_recall_curve: x = recall, y = precision (scikit-learn's order: thresholds increasing,
// ending at precision 1, recall 0 with no threshold). With no positive sample, recall is 1.
Curve precision_recall_curve(const Labels& y_true, const std::vector<double>& scores,
                             std::int64_t pos_label = 1,
                             const std::vector<double>& sample_weight = {});
// Binary ROC AUC: trapezoids under roc_curve. Every label other than pos_label is negative.
// InputError when y_true holds one class only, with scikit-learn's message.
double roc_auc_score(const Labels& y_true, const std::vector<double>& scores,
                     std::int64_t pos_label = 1, const std::vector<double>& sample_weight = {});
// -sum(diff(recall) * precision[:-1]) over precision_recall_curve (scikit-learn's step sum).
double average_precision_score(const Labels& y_true, const std::vector<double>& scores,
                               std::int64_t pos_label = 1,
                               const std::vector<double>& sample_weight = {});
// Multi-class one-vs-rest ROC AUC, average "macro" or "weighted" by support (scikit-learn's
// multi_class="ovr" with labels=classes). classes: sorted, unique; every row of proba must sum to
// 1 (numpy.allclose) and every class occur in y_true, else InputError as scikit-learn.
double roc_auc_ovr(const Labels& y_true, const RowMatrixD& proba,
                   const std::vector<std::int64_t>& classes, const std::string& average);

// Multi-class average precision: the unweighted mean over classes of each class's one-vs-rest
// average_precision_score (scikit-learn's average_precision_score(label_binarize(y_true,
// classes=classes), proba, average="macro")). A class absent from y_true contributes its AP with
// recall set to 1 (scikit-learn's behaviour), so callers usually check presence first.
double average_precision_ovr(const Labels& y_true, const RowMatrixD& proba,
                             const std::vector<std::int64_t>& classes);

double accuracy_score(const Labels& y_true, const Labels& y_pred);
// Mean recall over the classes present in y_true (classes only predicted are left out).
double balanced_accuracy_score(const Labels& y_true, const Labels& y_pred,
                               const std::vector<double>& sample_weight = {});
// Multi-class Matthews correlation (Gorodkin's R_K, scikit-learn's formula); 0 when undefined.
double matthews_corrcoef(const Labels& y_true, const Labels& y_pred,
                         const std::vector<double>& sample_weight = {});
// Specificity, the true negative rate TN / (TN + FP), over `classes` (empty: the sorted union of
// y_true and y_pred). Two classes: of classes[1] (the positive class), i.e. the recall of
// classes[0]. More: the unweighted mean over classes of each class's one-vs-rest TN / (TN + FP).
// An undefined ratio counts as 0.
double specificity_score(const Labels& y_true, const Labels& y_pred,
                         std::vector<std::int64_t> classes = {});
// imbalanced-learn's geometric_mean_score (average="multiclass"): the geometric mean of the
// per-class recalls over the sorted union of labels, exp(mean(log(recall))) as scipy's gmean; a
// class only predicted has recall 0, which makes the mean 0. Binary: sqrt(sensitivity *
// specificity).
double geometric_mean_score(const Labels& y_true, const Labels& y_pred);
// log_loss as scikit-learn 1.2 (eps="auto"): probabilities clipped to [eps, 1 - eps] with eps the
// double machine epsilon (2.2e-16), each row renormalised to sum 1, then the mean (or
// sample-weighted mean) of -log(p of the true class). Labels not among `classes`: InputError.
double log_loss(const Labels& y_true, const RowMatrixD& proba,
                const std::vector<std::int64_t>& classes,
                const std::vector<double>& sample_weight = {});
// Binary Brier score: the (weighted) mean of (1[y == pos_label] - p)^2. p outside [0, 1]:
// InputError.
double brier_score_loss(const Labels& y_true, const std::vector<double>& prob_pos,
                        std::int64_t pos_label = 1, const std::vector<double>& sample_weight = {});

}  // namespace rarenet
