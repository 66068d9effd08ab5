// The facade: a classifier from plain matrices or a labelled table to a decision, in one call.
//
// Everything between "train" and "a decision" lives here, so that the CLI, the Python package and
// any C++ program make the same decisions with the same numbers:
//   train_model         scaler + class weights + network (train_classifier), then, as the options
//                       ask, the threshold tuned on out-of-fold scores of the training rows
//                       (threshold auto:CRITERION; multi-class: the decision rule's per-class
//                       weights, tune_decision_rule) and prior calibration (calibrate prior).
//   fit / fit_multilabel the same on plain matrices: X (n_samples, n_features) double,
//                       y (n_samples) integer labels (two classes: binary, more: multi-class) or
//                       Y (n_samples, n_labels) 0/1 (multi-label); sample_weight (n_samples) or
//                       empty. Feature names default to x0, x1, ...
//   predict_table       a table's columns as the model's inputs, matched by name, then scored.
//   evaluate_model      judge a model on a labelled table; multi-label targets matched by name.
//   predictions_table   probabilities and decided labels as a table ready for write_csv.
//   sweep_and_refit     the weight / threshold search, then the winner trained on all rows.
// Errors: ConfigError for options (named as in TrainOptions' declaration), InputError for data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rarenet/classifier.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/selection.hpp"
#include "rarenet/sweep.hpp"

namespace rarenet {

struct TrainExtras {
  const Dataset* validation = nullptr;  // judged after every epoch (early stopping may use it)
  ProgressCallback progress;            // called after every epoch of the final model
  int jobs = 0;                         // threads for the out-of-fold fits; <= 0: one per core
};

// What train_model decided besides the model itself.
struct TrainSummary {
  std::optional<ThresholdChoice> tuned_threshold;  // set when the threshold was auto:CRITERION
  // Multi-class targets: auto:CRITERION (a macro criterion) tunes a decision rule instead.
  std::optional<DecisionRule> tuned_rule;
  // Multi-class with auto:CRITERION: the pooled out-of-fold probabilities judged with the tuned
  // rule (the per-class figures the rule was chosen on).
  std::optional<Evaluation> oof_evaluation;
  // Multi-label targets: auto:CRITERION tunes one threshold per label (Classifier::
  // label_thresholds), in target order.
  std::vector<ThresholdChoice> tuned_label_thresholds;
};

// Validates the options (validate_options), trains, tunes the threshold and calibrates.
// With auto:CRITERION the final model is trained first; when early stopping stopped it, the
// out-of-fold models train for its best epoch count, so no fold needs validation data.
Classifier train_model(const Dataset& train, const TrainOptions& options,
                       const TrainExtras& extras = {}, TrainSummary* summary = nullptr);

// Plain matrices as a Dataset (what fit and fit_multilabel train on): Y (n_samples, 1) labels or
// (n_samples, n_labels) 0/1; feature names default to x0, x1, ..., targets are y or y0, y1, ...
// InputError for a row-count mismatch, a value of X that is not finite or a bad sample weight.
// X and Y are taken by value: a caller done with its matrices moves them in without a copy.
Dataset dataset_from_matrices(RowMatrixD X, RowMatrixD Y, VectorD sample_weight = {},
                              const std::vector<std::string>& feature_names = {});

// A labelled table held in memory (a data frame's columns) as a Dataset. `features` is a table
// as read_table gives it: numbers, NaN for a missing cell, and in a categorical column the index
// of the cell's text in its levels. Y and sample_weight as in dataset_from_matrices; class_names:
// the text of each class code (text labels; empty: the labels are Y's integers). Missing cells
// are allowed when allow_missing (the options impute: read_training_data's rule); otherwise, like
// infinity, a code outside a column's levels or an empty level list, an InputError naming the
// row (0-based, as X[i]) and the column.
Dataset dataset_from_features(Table features, RowMatrixD Y, VectorD sample_weight = {},
                              std::vector<std::string> class_names = {},
                              bool allow_missing = false);

Classifier fit(const RowMatrixD& X, const Labels& y, const TrainOptions& options,
               const VectorD& sample_weight = {});
Classifier fit_multilabel(const RowMatrixD& X, const RowMatrixD& Y, const TrainOptions& options,
                          const VectorD& sample_weight = {});

// Decisions from probabilities as predict_proba returns them: binary at the model's threshold,
// multi-class by the largest weight_c * p_c (Classifier::decision_weights; none: the largest
// p_c); multi-label: use decide_multilabel.
Labels decide(const Classifier& model, const RowMatrixD& proba);
RowMatrixD decide_multilabel(const Classifier& model, const RowMatrixD& proba);

// Binary / multi-class decisions: (n_samples) labels (binary: classes[1] when its probability
// >= the model's threshold; multi-class: argmax). Multi-label: (n_samples, n_labels) 0/1.
Labels predict(const Classifier& model, const RowMatrixD& X);
RowMatrixD predict_multilabel(const Classifier& model, const RowMatrixD& X);

// A training file read as the options need it: missing cells allowed when the options impute.
Dataset read_training_data(const std::string& path, DatasetSpec spec, const TrainOptions& options);

// A file read for a model: its column kinds forced as in training, text targets kept as text.
// na_values: empty keeps the defaults of DatasetSpec.
Table read_for_model(const Classifier& model, const std::string& path,
                     const std::vector<std::string>& na_values = {},
                     const std::vector<std::string>& targets = {});

// Probabilities for the rows of a table: the model's input columns matched by name (any order,
// extra columns ignored; InputError naming every missing column), preprocessed as in training.
// unknown_cells: categories training never saw (encoded as all zeros), when given.
RowMatrixD predict_table(const Classifier& model, const Table& table,
                         std::int64_t* unknown_cells = nullptr);

// A labelled table judged by a model. For binary / multi-class models, one evaluation of the
// target column; for multi-label models, one per label, the label columns matched to the model's
// outputs by name (targets: a subset of the model's label names, in any order; empty: all).
struct ModelEvaluation {
  std::vector<std::string> labels;      // multi-label: the label of each evaluation; else empty
  std::vector<Evaluation> evaluations;  // one (single target) or one per label
  std::int64_t unknown_categories = 0;  // cells whose category training never saw
  Labels y;                             // single target: the true class codes
  RowMatrixD proba;                     // the model's probabilities (as predict_proba)
};
// threshold: overrides the model's. InputError for an unknown or repeated label name.
ModelEvaluation evaluate_model(const Classifier& model, const Table& table,
                               const std::vector<std::string>& targets = {},
                               std::optional<double> threshold = std::nullopt);

// p_<class>... then label (binary / multi-class), or p_<label>... then label_<label>...
// (multi-label). proba: as predict_proba returns. Text classes are written as their labels.
Table predictions_table(const Classifier& model, const RowMatrixD& proba,
                        std::optional<double> threshold = std::nullopt);

// The out-of-fold probabilities of a cross-validation with the true label and the fold of each
// row: p_<class>..., <target>, fold.
Table out_of_fold_table(const Dataset& data, const CvResult& cv);

// The sweep, then (when refit) the chosen candidate trained on all rows, with its threshold and,
// under base.calibrate prior, its prior correction.
struct SweepOutcome {
  SweepResult result;
  std::optional<Classifier> model;
};
// The chosen candidate of a sweep trained on all rows (its weights and threshold; under
// base.calibrate prior, its prior correction).
Classifier train_winner(const Dataset& data, const TrainOptions& base, const SweepResult& result);
SweepOutcome sweep_and_refit(const Dataset& data, const TrainOptions& base,
                             const SweepOptions& options, bool refit);

// The given rows of a table, in that order (split parts).
Table take_rows(const Table& table, const std::vector<std::int64_t>& rows);
// The table with one more column; InputError if a column of that name exists already.
Table with_column(const Table& table, const std::string& name, const std::vector<int>& values);
// make_classification's X and y as a table: x0, x1, ..., y.
Table classification_table(const ClassificationData& data);
// x0, x1, ... then the label columns y0, y1, ... (train with --target y0,y1,...).
Table multilabel_table(const MultilabelData& data);

// Both files or neither: each table is written to a temporary file first; the targets are
// replaced only when both are complete.
void write_csv_pair(const std::string& path_a, const Table& a, const std::string& path_b,
                    const Table& b);

}  // namespace rarenet
