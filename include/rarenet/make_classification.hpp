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

// make_multilabel_classification: scikit-learn's random multi-label problem (1.2), number for
// number. Each row is a "document" of word counts: its labels are drawn from a Poisson number of
// classes (n_labels is the mean), then Poisson(length) words from those classes' distributions.
// ConfigError for n_classes < 1 or length < 1, as scikit-learn's ValueError.
struct MakeMultilabelParams {
  std::int64_t n_samples = 100;
  std::int64_t n_features = 20;
  std::int64_t n_classes = 5;
  double n_labels = 2;       // the Poisson mean of the number of labels per row
  std::int64_t length = 50;  // the Poisson mean of the sum of a row's features
  bool allow_unlabeled = true;
  std::uint32_t random_state = 0;
};

struct MultilabelData {
  RowMatrixD X;  // (n_samples, n_features) word counts
  RowMatrixD Y;  // (n_samples, n_classes) 0/1 label indicators
};

MultilabelData make_multilabel_classification(const MakeMultilabelParams& params);

}  // namespace rarenet
