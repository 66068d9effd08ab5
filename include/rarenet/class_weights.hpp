// Class weights: how much each row, or each label of a row, counts in the loss.
//
// A strategy (ClassWeightSpec) turns labels into weights:
//   none                   every weight 1
//   balanced               scikit-learn's compute_class_weight: n / (n_classes * count_c)
//   balanced:POWER         the balanced weights raised to POWER in [0, 1] (0: all 1; 1: balanced),
//                          a milder correction between none and balanced
//   manual  "0:1,1:200"    one weight (finite, >= 0) per class; a class missing from the map or a
//                          map key that is not a class is a ConfigError naming it
//   capped:MOST            the Q&A's weightMatrix(Y, most): the positive rate b is clamped to
//                          [1 - MOST, MOST]; positives weigh 1 / (2b), negatives 1 / (2(1 - b)).
//                          MOST in [0.5, 1): it caps the larger class's share; 0.5 gives both
//                          classes equal total weight. Binary single target: the positive class
//                          is the larger label. k > 2 classes: each class's share p_c is clamped
//                          to [(1 - MOST) / (k - 1), MOST] and weighs 1 / (k * p_c) (for k = 2
//                          this is the binary rule). A class with no rows is defined by the clamp.
//   effective:BETA         class-balanced weights from the effective number of samples
//                          (1 - BETA^n_c) / (1 - BETA) (Cui et al. 2019): w_c = (1 - BETA) /
//                          (1 - BETA^n_c), normalised to sum to the number of classes;
//                          BETA in [0, 1) (0: all 1; towards 1: balanced)
// Undefined weights are InputErrors: balanced or effective with a class that has no rows; a label
// in y that is not among `classes`. Multi-label (label_weight_matrix): each column is its own
// binary problem with classes {0, 1}; balanced and effective need both values present in every
// column (the error names the column, counting from 0); capped stays defined for a column of one
// value (the clamp keeps b inside [1 - MOST, MOST], as weightMatrix does); manual applies the same
// {0: w0, 1: w1} map to every column.
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
  // Manual, by the text label of a class ("good:1,bad:18"); resolve_labels turns these into
  // `manual` entries once the class names are known.
  std::map<std::string, double> manual_by_label;

  // The spec with text labels turned into class codes (class_names[code] = label). ConfigError
  // naming a label that is not a class (and the classes there are).
  ClassWeightSpec resolve_labels(const std::vector<std::string>& class_names) const;
  double most = 0.9;    // Capped
  double beta = 0.999;  // Effective
  double power = 1.0;   // Balanced: the balanced weights raised to this power

  // The text form accepted by parse_class_weight (round-trips).
  std::string to_string() const;
};

// "none" | "balanced" | "balanced:0.5" | "0:1,1:200" | "capped:0.9" | "effective:0.999";
// ConfigError naming the option value, the offending part and the accepted forms otherwise.
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

// Multi-label: the (n_labels, 2) weights {w0, w1} of each label column (a 0 and a 1 in it).
RowMatrixD label_class_weights(const ClassWeightSpec& spec, const RowMatrixD& Y);

// Multi-label: the (n_samples, n_labels) weight matrix, each column weighted as a binary problem
// with classes {0, 1} (for capped, the Q&A's weightMatrix(Y, most)).
RowMatrixD label_weight_matrix(const ClassWeightSpec& spec, const RowMatrixD& Y);

// The weights as the dictionary Keras's class_weight takes, printed as Python's repr prints it
// (shortest round-trip digits): "{0: 0.5051589356301226, 1: 48.959608323133416}".
// Text targets: class_names[code] is printed quoted, as Python prints a str key
// ("{'good': 1.0, 'bad': 3.0}").
std::string format_class_weight_dict(const std::vector<std::int64_t>& classes,
                                     const std::vector<double>& weights,
                                     const std::vector<std::string>& class_names = {});

}  // namespace rarenet
