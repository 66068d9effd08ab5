// Resampling: changing the training rows themselves, row for row as imbalanced-learn 0.10 does.
//
// RandomOverSampler, RandomUnderSampler, SMOTE, BorderlineSMOTE (borderline-1 / -2) and ADASYN,
// each with imbalanced-learn's sampling_strategy and an integer random_state. For the same X, y,
// parameters and random_state the output equals imbalanced-learn's fit_resample: the same rows in
// the same order (the original rows first, then each class's new rows, classes in ascending
// order; the under-sampler returns the kept rows class by class), synthetic rows to the last bit
// on tested data. This needs numpy's legacy RandomState draws in imbalanced-learn's order and
// scikit-learn's NearestNeighbors exactly, ties included (see src/resample/neighbors.hpp).
//
// X: (n_samples, n_features) double, row-major; y: (n_samples) integer labels.
// Errors: ConfigError for a bad sampling_strategy or parameter (naming it, the value found and
// what was expected); InputError for data the method cannot use (one class, fewer rows in a
// class than the neighbours asked for).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

// imbalanced-learn's sampling_strategy: a float ratio (binary targets only), a name, or a dict
// {class: number of samples wanted after resampling}.
struct SamplingStrategy {
  enum class Kind { Auto, Minority, Majority, NotMinority, NotMajority, All, Ratio, Dict };
  Kind kind = Kind::Auto;
  double ratio = 0.0;                           // Kind::Ratio, in (0, 1]
  std::map<std::int64_t, std::int64_t> counts;  // Kind::Dict

  // "auto", "minority", "majority", "not minority" (also not-minority, not_minority),
  // "not majority", "all", a number such as "0.5", or a dict "0:500;1:300" (',' also separates
  // entries; braces and spaces are ignored). ConfigError naming `option` otherwise.
  static SamplingStrategy parse(const std::string& text,
                                const std::string& option = "sampling_strategy");
  std::string to_string() const;
};

enum class SamplingType { OverSampling, UnderSampling };

// imbalanced-learn's check_sampling_strategy: class -> number of rows to add (over-sampling) or
// to keep (under-sampling), for the classes the strategy targets, in ascending class order.
std::map<std::int64_t, std::int64_t> sampling_targets(const SamplingStrategy& strategy,
                                                      const Labels& y, SamplingType type);

struct ResampleResult {
  RowMatrixD X;  // (n_out, n_features)
  Labels y;      // (n_out)
  // For each output row, the input rows it was made from: (i, -1) for a copy of row i; (i, j)
  // for a synthetic row on the segment from row i towards row j.
  std::vector<std::int64_t> source_a, source_b;
  std::int64_t n_synthetic() const;
};

struct RandomOverSamplerParams {
  SamplingStrategy sampling_strategy;
  std::uint32_t random_state = 0;
};
struct RandomUnderSamplerParams {
  SamplingStrategy sampling_strategy;
  std::uint32_t random_state = 0;
  bool replacement = false;
};
struct SmoteParams {
  SamplingStrategy sampling_strategy;
  std::uint32_t random_state = 0;
  int k_neighbors = 5;
};
struct BorderlineSmoteParams {
  SamplingStrategy sampling_strategy;
  std::uint32_t random_state = 0;
  int k_neighbors = 5;
  int m_neighbors = 10;
  int kind = 1;  // borderline-1 or borderline-2
};
struct AdasynParams {
  SamplingStrategy sampling_strategy;
  std::uint32_t random_state = 0;
  int n_neighbors = 5;
};

ResampleResult random_over_sample(const RowMatrixD& X, const Labels& y,
                                  const RandomOverSamplerParams& p);
ResampleResult random_under_sample(const RowMatrixD& X, const Labels& y,
                                   const RandomUnderSamplerParams& p);
ResampleResult smote(const RowMatrixD& X, const Labels& y, const SmoteParams& p);
ResampleResult borderline_smote(const RowMatrixD& X, const Labels& y,
                                const BorderlineSmoteParams& p);
ResampleResult adasyn(const RowMatrixD& X, const Labels& y, const AdasynParams& p);

// A resampler chosen at run time, written "METHOD[:key=value,...]":
//   random-over, random-under[:replacement=1], smote[:k=5], borderline-smote[:kind=1,k=5,m=10],
//   adasyn[:k=5]; every method also takes ratio=FLOAT or strategy=NAME|DICT (dict entries
//   separated by ';') and random_state=INT. "none" (or empty) is no resampling.
struct ResampleSpec {
  std::string method;  // empty: none
  SamplingStrategy sampling_strategy;
  std::uint32_t random_state = 0;
  int k_neighbors = 5;  // smote, borderline-smote; adasyn's n_neighbors
  int m_neighbors = 10;
  int kind = 1;
  bool replacement = false;

  bool enabled() const { return !method.empty(); }
  // ConfigError naming `option`, the text found and what was expected.
  static ResampleSpec parse(const std::string& text, const std::string& option = "--resample");
  std::string to_string() const;
};

// Runs the resampler the spec names (ConfigError when none).
ResampleResult resample(const ResampleSpec& spec, const RowMatrixD& X, const Labels& y);

}  // namespace rarenet
