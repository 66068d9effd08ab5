// Metrics that judge scores and labels, in double precision, equal to scikit-learn's to 1e-12.
//
// y_true / y_pred: (n_samples) integer labels. scores: (n_samples) scores of the positive class
// (higher means more likely positive). proba: (n_samples, n_classes) probabilities, columns in
// the order of `classes`. sample_weight: (n_samples) or empty for unit weights.
// Undefined ratios (e.g. precision with no predicted positives) follow scikit-learn's
// zero_division="warn": the value is 0 and the result records that it happened.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

// counts(i, j): samples of true class classes[i] predicted as classes[j] (scikit-learn's layout).
struct ConfusionMatrix {
  std::vector<std::int64_t> classes;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> counts;
};
// classes empty: the sorted union of y_true and y_pred.
ConfusionMatrix confusion_matrix(const Labels& y_true, const Labels& y_pred,
                                 std::vector<std::int64_t> classes = {});

struct ClassScores {
  double precision = 0, recall = 0, f1 = 0;
  std::int64_t support = 0;
};

// sklearn.metrics.classification_report as numbers.
struct ClassificationReport {
  std::vector<std::int64_t> classes;
  std::vector<ClassScores> per_class;  // same order as classes
  double accuracy = 0;
  ClassScores macro_avg, weighted_avg;
  bool zero_division = false;  // some precision / recall / F1 was undefined and set to 0
};
ClassificationReport classification_report(const Labels& y_true, const Labels& y_pred,
                                           std::vector<std::int64_t> classes = {});
// The text scikit-learn prints, byte for byte (digits as its `digits` argument).
// target_names empty: the class labels.
std::string format_classification_report(const ClassificationReport& report, int digits = 2,
                                         const std::vector<std::string>& target_names = {});

struct Curve {
  std::vector<double> x, y, thresholds;
};
// roc_curve (drop_intermediate=True as scikit-learn): x = fpr, y = tpr.
Curve roc_curve(const Labels& y_true, const std::vector<double>& scores, std::int64_t pos_label = 1,
                const std::vector<double>& sample_weight = {});
// precision_recall_curve: x = recall, y = precision (scikit-learn's order, ending at recall 0).
Curve precision_recall_curve(const Labels& y_true, const std::vector<double>& scores,
                             std::int64_t pos_label = 1,
                             const std::vector<double>& sample_weight = {});
// Binary ROC AUC; InputError when y_true holds one class only (as scikit-learn's ValueError).
double roc_auc_score(const Labels& y_true, const std::vector<double>& scores,
                     std::int64_t pos_label = 1, const std::vector<double>& sample_weight = {});
double average_precision_score(const Labels& y_true, const std::vector<double>& scores,
                               std::int64_t pos_label = 1,
                               const std::vector<double>& sample_weight = {});
// Multi-class one-vs-rest ROC AUC, average "macro" or "weighted" (scikit-learn's
// multi_class="ovr").
double roc_auc_ovr(const Labels& y_true, const RowMatrixD& proba,
                   const std::vector<std::int64_t>& classes, const std::string& average);

double accuracy_score(const Labels& y_true, const Labels& y_pred);
double balanced_accuracy_score(const Labels& y_true, const Labels& y_pred);
double matthews_corrcoef(const Labels& y_true, const Labels& y_pred);
// Binary: true negative rate of the positive class's complement; multi-class: macro average of
// per-class specificity.
double specificity_score(const Labels& y_true, const Labels& y_pred);
// Geometric mean of per-class recalls (imbalanced-learn's geometric_mean_score, multiclass).
double geometric_mean_score(const Labels& y_true, const Labels& y_pred);
// log_loss as scikit-learn 1.2: probabilities clipped to [eps, 1 - eps] (eps: double machine
// epsilon), each row renormalised to sum 1.
double log_loss(const Labels& y_true, const RowMatrixD& proba,
                const std::vector<std::int64_t>& classes);
// Binary Brier score on the positive class's probability.
double brier_score_loss(const Labels& y_true, const std::vector<double>& prob_pos,
                        std::int64_t pos_label = 1);

}  // namespace rarenet
