// The class-weight tutorial, end to end: the well-known Keras tutorial on class weights for
// imbalanced classification, reproduced step by step.
//
// 1. make_classification(n_samples=100000, n_features=2, n_informative=2, n_redundant=0,
//    n_repeated=0, n_classes=2, n_clusters_per_class=1, weights=[0.995, 0.005], class_sep=0.5,
//    random_state=0); 2. train_test_split(test_size=0.2, random_state=42); 3. a baseline
//    2-relu / 2-relu / 1-sigmoid network (binary cross-entropy, Adam, 50 epochs, batch 100);
// 4. scikit-learn's balanced class weights; 5. the same network trained with them; 6. manual
//    weights 1:200; 7. a summary of the three; 8. (optional) a cross-validated weight and
//    threshold sweep on the training rows, judged on the held-out rows; 9. (optional) the other
//    remedies on the same split (compare_remedies: random over- and under-sampling, SMOTE, the
//    focal loss, balanced batches), the same network judged at threshold 0.5.
// The features are used as generated (the tutorial does not standardise them).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rarenet/compare.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/train_options.hpp"

namespace rarenet {

struct TutorialOptions {
  std::uint32_t seed = 7;  // network initialisation and shuffling
  int epochs = 50;
  int batch_size = 100;
  double manual_weight = 200;  // the minority class's weight in step 6 (majority: 1)
  bool sweep = true;           // step 8
  bool remedies = true;        // step 9 (seven more trainings, about 1.5 s on two cores)
  int jobs = 0;                // threads for the trainings of steps 3-9; <= 0: one per core
};

struct TutorialRun {
  std::string name;  // "baseline", "balanced", "manual", "sweep"
  std::string description;
  std::vector<double> class_weight;  // per class (0, 1); {1, 1} for the baseline
  double threshold = 0.5;
  Evaluation evaluation;
  double seconds = 0;  // training (and for the sweep, the search as well)
};

struct TutorialResult {
  std::vector<std::int64_t> counts, train_counts, test_counts;  // per class 0, 1
  std::vector<double> balanced_weights;                         // per class 0, 1
  std::vector<TutorialRun> runs;  // baseline, balanced, manual[, sweep]
  std::optional<SweepResult> sweep;
  // Step 9: every remedy on the tutorial's split. Its "none" and "class weights" rows train the
  // very models of the baseline and balanced runs (the same options and seed).
  std::optional<CompareResult> remedies;
  double seconds_total = 0;
};

// Called after each epoch of each training of steps 3, 5 and 6 (run name, epoch record), for
// progress lines; the trainings run side by side, but the calls come one at a time.
using TutorialProgress = std::function<void(const std::string&, const EpochRecord&)>;

TutorialResult run_tutorial(const TutorialOptions& options, const TutorialProgress& progress = {});

// The network, loss and optimiser of the tutorial for a given seed and class weights.
TrainOptions tutorial_train_options(const TutorialOptions& options);

}  // namespace rarenet
