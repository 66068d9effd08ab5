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

// The criterion at a given threshold (average-precision ignores the threshold).
double criterion_value(const Criterion& c, const Labels& y, const std::vector<double>& p,
                       double threshold);

// Index of the best of the candidates' criterion values (higher is better; NaN never wins); ties
// go to the earliest in the list. ConfigError when there are none.
std::size_t choose_candidate(const Criterion& c, const std::vector<double>& values);

// Prior correction of a model trained with class weights w_c, which over-states the up-weighted
// classes: p_c proportional to p_c / w_c, renormalised per row (a row of zeros stays zeros).
// Exact when the weighted model's probabilities are the weighted posterior
// w_c p_c / sum_k w_k p_k. proba: (n, n_classes); class_weights: (n_classes), positive.
RowMatrixD prior_correct(const RowMatrixD& proba, const std::vector<double>& class_weights);

}  // namespace rarenet
