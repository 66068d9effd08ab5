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
#include "rarenet/embedding.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/network.hpp"
#include "rarenet/preprocess.hpp"
#include "rarenet/resample.hpp"
#include "rarenet/scaler.hpp"
#include "rarenet/train_options.hpp"

namespace rarenet {

enum class Task { Binary, MultiClass, MultiLabel };
std::string to_string(Task t);

struct Classifier {
  Task task = Task::Binary;
  std::vector<std::int64_t> classes;  // binary / multi-class labels, sorted; multi-label: {0, 1}
  // The network's inputs; with a preprocessor, its output names (the file's columns are
  // preprocessor.input_names).
  std::vector<std::string> feature_names, target_names;
  Preprocessor preprocessor;             // fitted only for mixed tables or with impute
  std::vector<std::string> class_names;  // text targets: the label of each class code
  std::int64_t positive_class = -1;      // as Dataset::positive_class
  StandardScaler scaler;                 // not fitted when standardize is off
  // Fitted when options.embedding is on: applied to the scaler's output; the network's inputs
  // are then its n_outputs() columns.
  PiecewiseLinearEncoder embedding;
  Network network;
  // Further members of an ensemble (options.ensemble - 1 of them): the same architecture, trained
  // with seeds seed + 1, seed + 2, ... on the same rows; probabilities are the mean over
  // `network` and these, summed in member order.
  std::vector<Network> members;
  TrainOptions options;
  double threshold = 0.5;
  // The weights the loss saw: one per class (binary / multi-class), or per label the
  // (negative, positive) pair (multi-label), in class / label order.
  std::vector<std::vector<double>> class_weight_values;
  // Prior correction (calibrate prior): per class, the factor probabilities are divided by before
  // renormalising; empty when off.
  std::vector<double> prior_correction;
  // Multi-class: the decision rule tuned for a macro criterion (threshold auto:CRITERION or the
  // sweep), one positive weight per class; the label is the argmax of weight_c * p_c. Empty: the
  // plain argmax.
  std::vector<double> decision_weights;
  // Multi-label: one threshold per label, in target order (threshold auto:CRITERION or the
  // sweep); empty: `threshold` for every label.
  std::vector<double> label_thresholds;
  FitHistory history;
  // When options.resample is on: the number of training rows after resampling, and for each
  // synthetic row the two rows it was built from, as the file's row numbers (the training
  // Dataset's source_rows). Kept in memory only, not in the model file.
  std::int64_t resampled_rows = 0;
  std::vector<std::int64_t> synthetic_sources;  // (n_synthetic * 2)

  // Binary: (n, 2) [P(classes[0]), P(classes[1])]; multi-class: (n, n_classes);
  // multi-label: (n, n_labels) probability of each label being 1.
  RowMatrixD predict_proba(const RowMatrixD& X) const;
  // The network's input for rows of the model's features: scaled, then embedded when on.
  RowMatrixF network_input(const RowMatrixD& X) const;
  // The same from a dataset of the model's input columns (preprocessed first when the model has a
  // preprocessor); report: the unknown categories met.
  RowMatrixD predict_proba(const Dataset& data, TransformReport* report = nullptr) const;
  // The file columns the model reads (names), and which of them are categorical.
  const std::vector<std::string>& input_names() const;
  bool input_is_categorical(std::size_t j) const;
};

// How to read a file for this model: its categorical inputs forced categorical, its numeric
// inputs forced numeric (extra columns typed by the usual rule), text targets as text.
TableReadOptions model_read_options(const Classifier& model, std::vector<std::string> na_values);
// The model's input columns taken by name from a table (any order; extra columns ignored).
// InputError naming every missing column; a missing cell is an error unless the model imputes.
Dataset model_input(const Classifier& model, const Table& table);
// Class codes of a target column, mapped by the model's class names (text targets) or read as
// integers. InputError for a label the model does not know.
Labels model_labels(const Classifier& model, const Table& table, const std::string& target);

// Divides each class's probability by its factor and renormalises (binary / multi-class rows);
// multi-label: per label, factors (negative, positive) at 2j, 2j + 1. Empty factors: unchanged.
RowMatrixD apply_prior_correction(const RowMatrixD& proba, Task task,
                                  const std::vector<double>& factors);

// The warning for a network whose output is the same for every training row
// (FitHistory::constant_output).
inline constexpr const char* kConstantOutputWarning =
    "the network gives every training row the same output, so it cannot tell rows apart (a "
    "constant guess, ROC AUC 0.5); with ReLU layers, every unit of a layer is inactive (\"dead\"). "
    "Try another seed, a lower learning_rate, the leaky_relu activation or more hidden units";

// What to know before trusting a trained model, one sentence each: an output that is constant
// over the training rows. Empty when nothing is amiss.
std::vector<std::string> training_warnings(const Classifier& model);

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
