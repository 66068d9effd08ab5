// Class weights: how much each row, or each label of a row, counts in the loss.
//
// A strategy (ClassWeightSpec) turns labels into weights:
//   none                   every weight 1
//   balanced               scikit-learn's compute_class_weight: n / (n_classes * count_c)
//   manual  "0:1,1:200"    one weight per class; a class missing from the map or a map key that
//                          is not a class is an error naming it
//   capped:MOST            the positive rate b of each label is clamped to [1 - MOST, MOST];
//                          positives weigh 1 / (2b), negatives 1 / (2(1 - b)); MOST in [0.5, 1)
//                          (binary: the positive class is the larger label; k > 2 classes: each
//                          class's share is clamped to [(1 - MOST) / (k - 1), MOST] and weighs
//                          1 / (k * share))
//   effective:BETA         class-balanced weights from the effective number of samples
//                          (1 - BETA^n_c) / (1 - BETA) (Cui et al. 2019), normalised to sum to the
//                          number of classes; BETA in [0, 1)
// y: (n_samples) labels; Y: (n_samples, n_labels) 0/1 for multi-label.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

struct ClassWeightSpec {
  enum class Kind { None, Balanced, Manual, Capped, Effective };
  Kind kind = Kind::None;
  std::map<std::int64_t, double> manual;  // Manual
  double most = 0.9;                      // Capped
  double beta = 0.999;                    // Effective

  // The text form accepted by parse_class_weight (round-trips).
  std::string to_string() const;
};

// "none" | "balanced" | "0:1,1:200" | "capped:0.9" | "effective:0.999"; ConfigError naming the
// option value and the accepted forms otherwise.
ClassWeightSpec parse_class_weight(const std::string& text);

// scikit-learn's compute_class_weight("balanced", classes=classes, y=y).
std::vector<double> compute_class_weight_balanced(const std::vector<std::int64_t>& classes,
                                                  const Labels& y);

// One weight per class (in the order of `classes`) for a single-target problem.
std::vector<double> class_weights(const ClassWeightSpec& spec,
                                  const std::vector<std::int64_t>& classes, const Labels& y);

// Per-sample weights (n_samples): the weight of each row's class.
VectorD sample_weights_from_classes(const std::vector<std::int64_t>& classes,
                                    const std::vector<double>& weights, const Labels& y);

// Multi-label: the (n_samples, n_labels) weight matrix, each column weighted as a binary problem
// with classes {0, 1} (for capped, the Q&A's weightMatrix(Y, most)).
RowMatrixD label_weight_matrix(const ClassWeightSpec& spec, const RowMatrixD& Y);

// The weights as the dictionary Keras's class_weight takes, printed as Python prints it:
// "{0: 0.5051589356301226, 1: 48.95961595169306}".
std::string format_class_weight_dict(const std::vector<std::int64_t>& classes,
                                     const std::vector<double>& weights);

}  // namespace rarenet
