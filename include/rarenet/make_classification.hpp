// make_classification: scikit-learn's synthetic classification problem, number for number.
//
// Every parameter of sklearn.datasets.make_classification (1.2), with its defaults and its
// validation errors (as ConfigError). With the same arguments and random_state the result equals
// scikit-learn's X and y exactly (same RandomState stream, same order of draws).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

struct MakeClassificationParams {
  std::int64_t n_samples = 100;
  std::int64_t n_features = 20;
  std::int64_t n_informative = 2;
  std::int64_t n_redundant = 2;
  std::int64_t n_repeated = 0;
  std::int64_t n_classes = 2;
  std::int64_t n_clusters_per_class = 2;
  std::vector<double> weights;  // empty: balanced; n_classes or n_classes - 1 values
  double flip_y = 0.01;
  double class_sep = 1.0;
  bool hypercube = true;
  std::optional<double> shift = 0.0;  // nullopt: "random" (scikit-learn's shift=None)
  std::optional<double> scale = 1.0;  // nullopt: "random" (scikit-learn's scale=None)
  bool shuffle = true;
  std::uint32_t random_state = 0;
};

struct ClassificationData {
  RowMatrixD X;  // (n_samples, n_features)
  Labels y;      // (n_samples)
};

ClassificationData make_classification(const MakeClassificationParams& params);

}  // namespace rarenet
