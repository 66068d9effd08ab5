// Who trains and who tests: scikit-learn's train_test_split and StratifiedKFold, row for row.
//
// Indices are row numbers into the dataset, in scikit-learn's order. With the same arguments and
// random_state the result equals scikit-learn's (same RandomState stream).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

// A size given as a fraction of the rows (0 < f < 1) or as a count (>= 1), as scikit-learn.
struct SplitSize {
  bool is_fraction = true;
  double value = 0.25;
  static SplitSize fraction(double f) { return {true, f}; }
  static SplitSize count(std::int64_t n) { return {false, static_cast<double>(n)}; }
};

struct TrainTestSplitParams {
  std::optional<SplitSize> test_size;   // neither given: test 0.25
  std::optional<SplitSize> train_size;  // nullopt: the complement of test
  bool shuffle = true;
  std::uint32_t random_state = 0;
  const Labels* stratify = nullptr;  // labels to stratify by (StratifiedShuffleSplit)
};

struct TrainTestIndices {
  std::vector<std::int64_t> train;
  std::vector<std::int64_t> test;
};

// n_samples rows; ConfigError / InputError with scikit-learn's validation messages.
TrainTestIndices train_test_split(std::int64_t n_samples, const TrainTestSplitParams& params);

struct StratifiedKFoldParams {
  int n_splits = 5;
  bool shuffle = false;
  std::uint32_t random_state = 0;  // used only when shuffle
};

// For each row, the fold (0 .. n_splits - 1) in whose test part it lies.
std::vector<int> stratified_kfold_test_folds(const Labels& y, const StratifiedKFoldParams& params);
// scikit-learn's split(): for each fold, (train indices, test indices), both sorted ascending.
std::vector<TrainTestIndices> stratified_kfold(const Labels& y,
                                               const StratifiedKFoldParams& params);

}  // namespace rarenet
