// Weight search: which class weighting (and which threshold) finds the rare class best.
//
// Every candidate weighting is trained on the same stratified folds; its out-of-fold
// probabilities choose its threshold (by the criterion), and its figures are the means over the
// folds at that threshold. The chosen candidate is the one whose pooled out-of-fold criterion
// value is best (ties: the earlier candidate). Folds and candidates run in parallel, and the
// result is the same for any number of threads. Binary targets only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rarenet/class_weights.hpp"
#include "rarenet/classifier.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/selection.hpp"

namespace rarenet {

struct SweepOptions {
  std::vector<double> ratios;  // manual weights {majority: 1, minority: r}
  std::vector<double> most;    // capped:MOST candidates
  bool include_balanced = false;
  Criterion criterion;
  CvOptions cv;
  // Tune thresholds on prior-corrected probabilities (the final model then stores the
  // correction): `--calibrate prior`.
  bool calibrate_prior = false;
};

struct SweepCandidate {
  ClassWeightSpec class_weight;
  std::vector<double> weights;  // per class, as fitted on all rows
  double threshold = 0.5;
  double criterion_value = 0;  // pooled out-of-fold, at `threshold`
  FigureSummary figures;       // per-fold figures at `threshold`: mean and std
  std::int64_t predicted_positives = 0, actual_positives = 0;  // pooled out-of-fold
  // Pooled out-of-fold calibration, before and after prior correction.
  double log_loss = 0, brier = 0, log_loss_corrected = 0, brier_corrected = 0;
  double seconds = 0;                  // training time summed over folds
  std::vector<double> fold_criterion;  // the criterion on each fold's rows at `threshold`
  // The pooled out-of-fold rows judged at `threshold` (prior-corrected with calibrate_prior, its
  // curves then also holding the reliability before the correction): what a report draws.
  Evaluation oof_evaluation;
};

struct SweepResult {
  Criterion criterion;
  std::vector<std::int64_t> classes;
  std::int64_t minority = 1;  // the positive class: the larger label (normally the rare one)
  std::vector<SweepCandidate> candidates;
  std::size_t chosen = 0;
  std::string reason;  // why the chosen candidate won, in one sentence
  double seconds = 0;
};

SweepResult sweep(const Dataset& data, const TrainOptions& base, const SweepOptions& options);

// The candidate list a SweepOptions describes, in order: balanced, ratios, then most.
std::vector<ClassWeightSpec> sweep_candidates(const SweepOptions& options,
                                              const std::vector<std::int64_t>& classes,
                                              std::int64_t minority);

}  // namespace rarenet
