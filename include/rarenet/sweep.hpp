// Weight search: which class weighting (and which threshold) finds the rare class best; on
// request also which network (hidden layers, weight decay).
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
  // The network search: every hidden-layer list here (an empty list is no hidden layer, a
  // class-weighted logistic regression) crossed with every L2 weight decay here, each crossed
  // with the class weights. Empty: the base options' own network and decay only.
  std::vector<std::vector<int>> networks;
  std::vector<double> weight_decays;
};

struct SweepCandidate {
  ClassWeightSpec class_weight;
  std::vector<int> hidden;  // the network and decay this candidate trained
  double weight_decay = 0;
  std::vector<double> weights;  // per class, as fitted on all rows
  double threshold = 0.5;
  double criterion_value = 0;  // pooled out-of-fold, at `threshold`
  FigureSummary figures;       // per-fold figures at `threshold`: mean and std
  std::int64_t predicted_positives = 0, actual_positives = 0;  // pooled out-of-fold
  // Pooled out-of-fold calibration, before and after prior correction.
  double log_loss = 0, brier = 0, log_loss_corrected = 0, brier_corrected = 0;
  double seconds = 0;  // training time summed over folds
};

struct SweepResult {
  Criterion criterion;
  std::vector<std::int64_t> classes;
  std::int64_t minority = 1;      // the positive class: the larger label (normally the rare one)
  bool network_searched = false;  // SweepOptions named networks or weight decays
  std::vector<SweepCandidate> candidates;
  std::size_t chosen = 0;
  std::string reason;  // why the chosen candidate won, in one sentence
  double seconds = 0;
};

SweepResult sweep(const Dataset& data, const TrainOptions& base, const SweepOptions& options);

// The base options with the chosen candidate's class weight, threshold, network and decay: what
// the final model is trained with.
TrainOptions chosen_options(const TrainOptions& base, const SweepResult& result);

// The candidate list a SweepOptions describes, in order: balanced, ratios, then most.
std::vector<ClassWeightSpec> sweep_candidates(const SweepOptions& options,
                                              const std::vector<std::int64_t>& classes,
                                              std::int64_t minority);

}  // namespace rarenet
