#include "rarenet/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>
#include <string>

#include "rarenet/error.hpp"
#include "rarenet/random.hpp"

namespace rarenet {
namespace {

std::string size_text(const SplitSize& s) {
  std::ostringstream out;
  if (s.is_fraction)
    out << s.value;
  else
    out << static_cast<std::int64_t>(s.value);
  return out.str();
}

// scikit-learn's _validate_shuffle_split: (n_train, n_test) with its error messages.
std::pair<std::int64_t, std::int64_t> validate_shuffle_split(std::int64_t n_samples,
                                                             std::optional<SplitSize> test,
                                                             std::optional<SplitSize> train) {
  if (!test && !train) test = SplitSize::fraction(0.25);
  auto check = [&](const std::optional<SplitSize>& s, const char* name) {
    if (!s) return;
    const bool bad = s->is_fraction ? (s->value <= 0 || s->value >= 1)
                                    : (s->value >= static_cast<double>(n_samples) || s->value <= 0);
    if (bad)
      throw ConfigError(std::string(name) + "=" + size_text(*s) +
                        " should be either positive and smaller than the number of samples " +
                        std::to_string(n_samples) + " or a float in the (0, 1) range");
  };
  check(test, "test_size");
  check(train, "train_size");
  if (test && train && test->is_fraction && train->is_fraction && test->value + train->value > 1)
    throw ConfigError(
        "The sum of test_size and train_size = " + std::to_string(test->value + train->value) +
        ", should be in the (0, 1) range. Reduce test_size and/or train_size.");
  double n_test = 0, n_train = 0;
  if (test)
    n_test =
        test->is_fraction ? std::ceil(test->value * static_cast<double>(n_samples)) : test->value;
  if (train)
    n_train = train->is_fraction ? std::floor(train->value * static_cast<double>(n_samples))
                                 : train->value;
  if (!train)
    n_train = static_cast<double>(n_samples) - n_test;
  else if (!test)
    n_test = static_cast<double>(n_samples) - n_train;
  if (n_train + n_test > static_cast<double>(n_samples))
    throw ConfigError("The sum of train_size and test_size = " +
                      std::to_string(static_cast<std::int64_t>(n_train + n_test)) +
                      ", should be smaller than the number of samples " +
                      std::to_string(n_samples) + ". Reduce test_size and/or train_size.");
  if (static_cast<std::int64_t>(n_train) == 0)
    throw ConfigError("With n_samples=" + std::to_string(n_samples) +
                      ", the resulting train set will be empty. Adjust test_size and train_size.");
  return {static_cast<std::int64_t>(n_train), static_cast<std::int64_t>(n_test)};
}

// scikit-learn's _approximate_mode: how many of n_draws each class gets, ties broken at random.
std::vector<std::int64_t> approximate_mode(const std::vector<std::int64_t>& class_counts,
                                           std::int64_t n_draws, RandomState& rng) {
  double total = 0;
  for (auto c : class_counts) total += static_cast<double>(c);
  const std::size_t k = class_counts.size();
  std::vector<double> continuous(k), floored(k), remainder(k);
  double floored_sum = 0;
  for (std::size_t i = 0; i < k; ++i) {
    continuous[i] = static_cast<double>(class_counts[i]) / total * static_cast<double>(n_draws);
    floored[i] = std::floor(continuous[i]);
    floored_sum += floored[i];
    remainder[i] = continuous[i] - floored[i];
  }
  auto need = static_cast<std::int64_t>(static_cast<double>(n_draws) - floored_sum);
  if (need > 0) {
    std::vector<double> values = remainder;
    std::sort(values.begin(), values.end(), std::greater<>());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (double v : values) {
      std::vector<std::int64_t> inds;
      for (std::size_t i = 0; i < k; ++i)
        if (remainder[i] == v) inds.push_back(static_cast<std::int64_t>(i));
      const std::int64_t add_now =
          std::min<std::int64_t>(static_cast<std::int64_t>(inds.size()), need);
      // numpy's legacy choice(inds, size, replace=False): a permutation, then its head.
      const auto perm = rng.permutation(static_cast<std::int64_t>(inds.size()));
      for (std::int64_t j = 0; j < add_now; ++j) floored[inds[perm[j]]] += 1;
      need -= add_now;
      if (need == 0) break;
    }
  }
  std::vector<std::int64_t> out(k);
  for (std::size_t i = 0; i < k; ++i) out[i] = static_cast<std::int64_t>(floored[i]);
  return out;
}

}  // namespace

TrainTestIndices train_test_split(std::int64_t n_samples, const TrainTestSplitParams& params) {
  const auto [n_train, n_test] =
      validate_shuffle_split(n_samples, params.test_size, params.train_size);
  TrainTestIndices out;
  if (!params.shuffle) {
    if (params.stratify)
      throw ConfigError("Stratified train/test split is not implemented for shuffle=False");
    out.train.resize(static_cast<std::size_t>(n_train));
    std::iota(out.train.begin(), out.train.end(), std::int64_t{0});
    out.test.resize(static_cast<std::size_t>(n_test));
    std::iota(out.test.begin(), out.test.end(), n_train);
    return out;
  }
  RandomState rng(params.random_state);
  if (!params.stratify) {
    const auto perm = rng.permutation(n_samples);
    out.test.assign(perm.begin(), perm.begin() + n_test);
    out.train.assign(perm.begin() + n_test, perm.begin() + n_test + n_train);
    return out;
  }
  // StratifiedShuffleSplit.
  const Labels& y = *params.stratify;
  if (static_cast<std::int64_t>(y.size()) != n_samples)
    throw InputError("stratify has " + std::to_string(y.size()) + " labels for " +
                     std::to_string(n_samples) + " rows");
  std::vector<std::int64_t> classes(y.begin(), y.end());
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  const std::size_t k = classes.size();
  std::vector<std::vector<std::int64_t>> class_indices(k);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const auto c = std::lower_bound(classes.begin(), classes.end(), y[i]) - classes.begin();
    class_indices[c].push_back(static_cast<std::int64_t>(i));
  }
  std::vector<std::int64_t> counts(k);
  for (std::size_t c = 0; c < k; ++c)
    counts[c] = static_cast<std::int64_t>(class_indices[c].size());
  if (*std::min_element(counts.begin(), counts.end()) < 2)
    throw InputError(
        "The least populated class in y has only 1 member, which is too few. The minimum number "
        "of groups for any class cannot be less than 2.");
  if (n_train < static_cast<std::int64_t>(k))
    throw ConfigError(
        "The train_size = " + std::to_string(n_train) +
        " should be greater or equal to the number of classes = " + std::to_string(k));
  if (n_test < static_cast<std::int64_t>(k))
    throw ConfigError(
        "The test_size = " + std::to_string(n_test) +
        " should be greater or equal to the number of classes = " + std::to_string(k));
  const auto n_i = approximate_mode(counts, n_train, rng);
  std::vector<std::int64_t> remaining(k);
  for (std::size_t c = 0; c < k; ++c) remaining[c] = counts[c] - n_i[c];
  const auto t_i = approximate_mode(remaining, n_test, rng);
  for (std::size_t c = 0; c < k; ++c) {
    const auto perm = rng.permutation(counts[c]);
    for (std::int64_t j = 0; j < n_i[c]; ++j) out.train.push_back(class_indices[c][perm[j]]);
    for (std::int64_t j = n_i[c]; j < n_i[c] + t_i[c]; ++j)
      out.test.push_back(class_indices[c][perm[j]]);
  }
  rng.shuffle(out.train);
  rng.shuffle(out.test);
  return out;
}

std::vector<int> stratified_kfold_test_folds(const Labels& y, const StratifiedKFoldParams& params) {
  if (params.n_splits < 2)
    throw ConfigError(
        "k-fold cross-validation requires at least one train/test split by setting "
        "n_splits=2 or more, got n_splits=" +
        std::to_string(params.n_splits) + ".");
  if (static_cast<std::int64_t>(y.size()) < params.n_splits)
    throw InputError("Cannot have number of splits n_splits=" + std::to_string(params.n_splits) +
                     " greater than the number of samples: n_samples=" + std::to_string(y.size()) +
                     ".");
  // Classes numbered in order of first appearance, as scikit-learn encodes them.
  std::map<std::int64_t, int> code;
  std::vector<int> y_encoded(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    auto it = code.find(y[i]);
    if (it == code.end()) it = code.emplace(y[i], static_cast<int>(code.size())).first;
    y_encoded[i] = it->second;
  }
  const int n_classes = static_cast<int>(code.size());
  std::vector<std::int64_t> counts(n_classes, 0);
  for (int c : y_encoded) ++counts[c];
  if (std::all_of(counts.begin(), counts.end(),
                  [&](std::int64_t c) { return params.n_splits > c; }))
    throw InputError("n_splits=" + std::to_string(params.n_splits) +
                     " cannot be greater than the number of members in each class.");
  // allocation[f][c]: members of class c in fold f, from the sorted labels dealt round-robin.
  std::vector<int> y_order = y_encoded;
  std::sort(y_order.begin(), y_order.end());
  std::vector<std::vector<std::int64_t>> allocation(params.n_splits,
                                                    std::vector<std::int64_t>(n_classes, 0));
  for (std::size_t i = 0; i < y_order.size(); ++i) ++allocation[i % params.n_splits][y_order[i]];
  RandomState rng(params.random_state);
  std::vector<int> test_folds(y.size(), 0);
  for (int c = 0; c < n_classes; ++c) {
    std::vector<int> folds_for_class;
    for (int f = 0; f < params.n_splits; ++f)
      folds_for_class.insert(folds_for_class.end(), static_cast<std::size_t>(allocation[f][c]), f);
    if (params.shuffle) rng.shuffle(folds_for_class);
    std::size_t next = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
      if (y_encoded[i] == c) test_folds[i] = folds_for_class[next++];
  }
  return test_folds;
}

std::vector<TrainTestIndices> stratified_kfold(const Labels& y,
                                               const StratifiedKFoldParams& params) {
  const auto folds = stratified_kfold_test_folds(y, params);
  std::vector<TrainTestIndices> out(static_cast<std::size_t>(params.n_splits));
  for (std::size_t i = 0; i < folds.size(); ++i)
    for (int f = 0; f < params.n_splits; ++f)
      (folds[i] == f ? out[f].test : out[f].train).push_back(static_cast<std::int64_t>(i));
  return out;
}

}  // namespace rarenet
