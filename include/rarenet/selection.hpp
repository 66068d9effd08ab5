// Selection criteria, threshold tuning and prior correction, on out-of-fold scores (binary).
//
// y: (n) labels with exactly two classes; the positive class is the larger label. p: (n) finite
// probabilities (or scores) of the positive class. A row is predicted positive when
// p >= threshold. Every criterion is "higher is better" (cost is reported negated):
//   break-even               the threshold whose predicted positive count is closest to the
//                            actual count (where minority precision = recall); value: F1 there
//   f1, fbeta:B              F-score of the positive class (B > 0)
//   balanced-accuracy        (recall + specificity) / 2
//   g-mean                   sqrt(recall * specificity)
//   mcc                      Matthews correlation coefficient (0 when undefined)
//   average-precision        threshold-free: candidates are compared by average precision; the
//                            threshold chosen is the F1 one
//   recall-at-precision:P    highest recall with precision >= P (P in (0, 1]); value: that recall,
//                            0 when no threshold reaches P
//   cost:FN,FP               lowest expected cost per row, (FN * false negatives + FP * false
//                            positives) / n; value: minus that cost
// Threshold search is exact: every distinct score is tried as a threshold, plus one just above
// the largest (predicting no positives), in one O(n log n) sort-and-sweep. Ties between equally
// good thresholds are broken deterministically, in this order:
//   break-even: the higher F1; recall-at-precision: the higher precision (lowering the threshold
//   without gaining recall only adds false alarms; when P is out of reach, the threshold with the
//   highest precision is returned, with value 0); then, for every criterion, the threshold
//   closest to 0.5; then the higher threshold.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rarenet/criterion.hpp"
#include "rarenet/matrix.hpp"

namespace rarenet {

struct ThresholdChoice {
  double threshold = 0.5;
  double value = 0;  // the criterion at the threshold (for average-precision: the AP)
  double precision = 0, recall = 0;
  std::int64_t predicted_positives = 0, actual_positives = 0;
};

// The best threshold for the criterion (precision and recall of the positive class at it).
ThresholdChoice tune_threshold(const Labels& y, const std::vector<double>& p, const Criterion& c);

// Multi-label: one threshold per label column of Y (n, n_labels, each 0/1), each tuned for the
// criterion on its own column of proba, as tune_threshold does for a binary target. names: the
// labels, for messages. InputError naming a label whose column holds only one value.
std::vector<ThresholdChoice> tune_label_thresholds(const RowMatrixD& Y, const RowMatrixD& proba,
                                                   const Criterion& c,
                                                   const std::vector<std::string>& names);

// The criterion at a given threshold (average-precision ignores the threshold).
double criterion_value(const Criterion& c, const Labels& y, const std::vector<double>& p,
                       double threshold);

// Index of the best of the candidates' criterion values (higher is better; NaN never wins); ties
// go to the earliest in the list. ConfigError when there are none.
std::size_t choose_candidate(const Criterion& c, const std::vector<double>& values);

// Multi-class targets (three or more classes) are judged by macro criteria on the predicted
// labels: f1 is the macro F1 (f1_score average="macro"), balanced-accuracy the mean recall over
// the classes present, g-mean imbalanced-learn's geometric mean of the per-class recalls, mcc
// scikit-learn's multi-class Matthews correlation. The decision rule is a positive weight per
// class: the predicted class is the argmax over classes of weight_c * p_c (the first of equal
// maxima); all weights 1 is the plain argmax.
bool is_macro_criterion(const Criterion& c);
// ConfigError naming `what` and the macro criteria when c is not one of them.
void require_macro_criterion(const Criterion& c, const std::string& what);

struct DecisionRule {
  std::vector<double> weights;  // per class, in the order of `classes`; each in the grid
  double value = 0;             // the criterion with these weights
  double argmax_value = 0;      // the criterion of the plain argmax (all weights 1)
  int rounds = 0;               // coordinate-search rounds run
};

// The weights' grid: 2^(j/4) for j = -12 .. 12 (1/8 .. 8, 1 included).
const std::vector<double>& decision_weight_grid();

// The macro criterion of the rule `weights` (empty: argmax) on probabilities proba (n, K),
// columns in the order of `classes`; y: (n) labels, each among classes.
double macro_criterion_value(const Criterion& c, const Labels& y, const RowMatrixD& proba,
                             const std::vector<std::int64_t>& classes,
                             const std::vector<double>& weights = {});

// The decision rule that maximises the macro criterion on (out-of-fold) probabilities, found by
// a deterministic coordinate search over the grid: starting from all weights 1, each class in
// turn takes the grid value that strictly improves the criterion most (ties: the current weight,
// then the smaller grid value), until a round changes nothing (at most 20 rounds). So the rule
// is the identity whenever no single weight change beats the argmax, and its value is never
// below the argmax's. InputError for mismatched shapes, non-finite probabilities or a label
// outside classes; ConfigError for a criterion that is not a macro one.
DecisionRule tune_decision_rule(const Labels& y, const RowMatrixD& proba,
                                const std::vector<std::int64_t>& classes, const Criterion& c);

// Prior correction of a model trained with class weights w_c, which over-states the up-weighted
// classes: p_c proportional to p_c / w_c, renormalised per row (a row of zeros stays zeros).
// Exact when the weighted model's probabilities are the weighted posterior
// w_c p_c / sum_k w_k p_k. proba: (n, n_classes); class_weights: (n_classes), positive.
RowMatrixD prior_correct(const RowMatrixD& proba, const std::vector<double>& class_weights);

}  // namespace rarenet
