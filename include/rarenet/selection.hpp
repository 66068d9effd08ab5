// Selection criteria, threshold tuning and prior correction, on out-of-fold scores (binary).
//
// y: (n) labels with two classes; the positive class is the larger label. p: (n) probabilities
// of the positive class. A row is predicted positive when p >= threshold.
// Criteria (all "higher is better"; cost is reported negated so that the rule holds):
//   break-even                  threshold where the predicted positives number the actual ones
//                               (minority precision = recall); value: F1 there
//   f1, fbeta:B                 F-score of the positive class
//   balanced-accuracy, g-mean, mcc
//   average-precision           threshold-free for ranking candidates; the threshold is the F1 one
//   recall-at-precision:P       highest recall with precision >= P
//   cost:FN,FP                  lowest expected cost FN * false negatives + FP * false positives;
//                               value: minus the cost per row
// Threshold search is exact: every distinct score is tried as a threshold (plus one above the
// largest, predicting no positives), in one O(n log n) sweep. Ties between equally good
// thresholds go to the one closest to 0.5.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

struct Criterion {
  enum class Kind { BreakEven, FBeta, BalancedAccuracy, GMean, Mcc, AveragePrecision,
                    RecallAtPrecision, Cost };
  Kind kind = Kind::FBeta;
  double beta = 1.0;           // FBeta
  double min_precision = 0.9;  // RecallAtPrecision
  double cost_fn = 1.0, cost_fp = 1.0;  // Cost
};

// "break-even", "f1", "fbeta:B", "balanced-accuracy", "g-mean", "mcc", "average-precision",
// "recall-at-precision:P", "cost:FN,FP"; ConfigError listing them otherwise.
Criterion parse_criterion(const std::string& text);
std::string to_string(const Criterion& c);

struct ThresholdChoice {
  double threshold = 0.5;
  double value = 0;  // the criterion at the threshold (for average-precision: the AP)
  double precision = 0, recall = 0;
  std::int64_t predicted_positives = 0, actual_positives = 0;
};

// The best threshold for the criterion.
ThresholdChoice tune_threshold(const Labels& y, const std::vector<double>& p, const Criterion& c);

// The criterion at a given threshold.
double criterion_value(const Criterion& c, const Labels& y, const std::vector<double>& p,
                       double threshold);

// Index of the best value (higher is better); ties go to the earliest.
std::size_t choose_candidate(const Criterion& c, const std::vector<double>& values);

// Prior correction of a model trained with class weights w_c: p_c proportional to p_c / w_c,
// renormalised per row. proba: (n, n_classes); class_weights: (n_classes).
RowMatrixD prior_correct(const RowMatrixD& proba, const std::vector<double>& class_weights);

}  // namespace rarenet
