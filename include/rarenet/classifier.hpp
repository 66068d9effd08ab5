// Classifier: everything needed to go from a Dataset to probabilities, trained in one call.
//
// train_classifier fits the scaler on the training rows only, turns the class-weight strategy
// into per-sample weights (or an N x labels matrix for multi-label targets), builds the network
// (hidden Dense layers, then the head the task calls for: one sigmoid unit for binary, softmax for
// multi-class, one sigmoid per label for multi-label) and trains it with Keras's semantics.
// X: (n_samples, n_features) double, as read from a file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rarenet/class_weights.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/network.hpp"
#include "rarenet/scaler.hpp"
#include "rarenet/trainer.hpp"

namespace rarenet {

enum class Task { Binary, MultiClass, MultiLabel };
std::string to_string(Task t);

struct TrainOptions {
  std::vector<int> hidden = {64, 64};
  Activation activation = Activation::Relu;
  Initializer kernel_initializer = Initializer::GlorotUniform;
  TrainConfig train;  // epochs, batch size, optimiser, seed, reduction, early stopping
  ClassWeightSpec class_weight;
  bool standardize = true;
  double threshold = 0.5;  // decision threshold stored in the model (binary / multi-label)
};

struct Classifier {
  Task task = Task::Binary;
  std::vector<std::int64_t> classes;  // binary / multi-class labels, sorted; multi-label: {0, 1}
  std::vector<std::string> feature_names, target_names;
  StandardScaler scaler;  // not fitted when standardize is off
  Network network;
  TrainOptions options;
  double threshold = 0.5;
  // The weights the loss saw: one per class (binary / multi-class), or per label the
  // (negative, positive) pair (multi-label), in class / label order.
  std::vector<std::vector<double>> class_weight_values;
  // Prior correction (calibrate prior): per class, the factor probabilities are divided by before
  // renormalising; empty when off.
  std::vector<double> prior_correction;
  FitHistory history;

  // Binary: (n, 2) [P(classes[0]), P(classes[1])]; multi-class: (n, n_classes);
  // multi-label: (n, n_labels) probability of each label being 1.
  RowMatrixD predict_proba(const RowMatrixD& X) const;
};

// Divides each class's probability by its factor and renormalises (binary / multi-class rows);
// multi-label: per label, factors (negative, positive) at 2j, 2j + 1. Empty factors: unchanged.
RowMatrixD apply_prior_correction(const RowMatrixD& proba, Task task,
                                  const std::vector<double>& factors);

// ConfigError / InputError for an unusable dataset (single class, no rows, NaN) or options.
Classifier train_classifier(const Dataset& train, const TrainOptions& options,
                            const Dataset* validation = nullptr,
                            const ProgressCallback& progress = {});

// The model file: JSON with a format name and version, holding architecture, weights (exact
// float round trip), scaler, class labels, training configuration and decision threshold.
// Written atomically. Loading a corrupt, truncated, foreign or newer file throws FormatError.
void save_model(const std::string& path, const Classifier& model);
Classifier load_model(const std::string& path);
// The model file's text, already read; `source` names it in error messages.
Classifier parse_model(std::string_view text, const std::string& source);

}  // namespace rarenet
