// Cross-validation: train and judge a classifier on stratified folds, with no leakage.
//
// Folds are scikit-learn's StratifiedKFold (same rows for the same arguments). Inside each fold
// the scaler and the class weights are fitted on that fold's training rows only (train_classifier
// does both), the model predicts the fold's test rows, and the fold is judged as `evaluate`
// judges a test file. Folds run in parallel; results do not depend on the number of threads.
// Binary and multi-class targets (folds are stratified by the label).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rarenet/classifier.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/option.hpp"
#include "rarenet/split.hpp"

namespace rarenet {

struct CvOptions {
  StratifiedKFoldParams folds{5, true, 42};
  int jobs = 0;  // threads; 0: one per core
};

template <class Visitor>
void for_each_option(CvOptions& o, Visitor&& v) {
  v(number({"n_splits", "Number of stratified folds"}, o.folds.n_splits, 2, 1e6));
  v(FlagOption{{"shuffle", "Shuffle rows before dealing them to folds"}, o.folds.shuffle});
  v(number({"random_state", "Seed of the fold assignment"}, o.folds.random_state, 0, 4294967295.0));
  v(number({"jobs", "Threads (0: one per core); results do not depend on it"}, o.jobs, 0, 1024));
}

struct CvResult {
  std::vector<std::int64_t> classes;
  std::vector<Evaluation> folds;
  std::vector<int> fold_of_row;  // (n_samples): the fold whose test part holds the row
  RowMatrixD oof_proba;          // (n_samples, n_classes): out-of-fold probabilities
  // Every row's out-of-fold probability judged at once (scikit-learn's cross_val_predict, then
  // the metrics): one confusion matrix over all rows, defined even when a fold lacks a class.
  Evaluation pooled;
  std::vector<double> fold_seconds;
  // Folds (0-based, as fold_of_row) whose network gave every training row the same output
  // (FitHistory::constant_output).
  std::vector<int> constant_output_folds;
  // What a reader must know before trusting the means: folds whose network's output was
  // constant, folds whose test rows lack a class (their ROC AUC and average precision are
  // undefined and left out of the mean and std).
  std::vector<std::string> warnings;
};

// Trains one model per fold. options.threshold is the threshold each fold is judged at.
CvResult cross_validate(const Dataset& data, const TrainOptions& options, const CvOptions& cv);

// One fold: train on the rows outside `fold`, predict the rows inside it (in row order).
// InputError if the training rows lack one of `classes`.
struct FoldFit {
  std::vector<std::int64_t> test_rows;
  RowMatrixD proba;  // (test rows, n_classes)
  double threshold = 0.5;
  // With TrainOptions::resample: the file rows each synthetic training row was built from.
  std::vector<std::int64_t> synthetic_sources;
  bool constant_output = false;  // the fold's network: FitHistory::constant_output
};
// validation: judged after every epoch (early stopping on val_loss / val_roc_auc); optional.
FoldFit fit_fold(const Dataset& data, const TrainOptions& options,
                 const std::vector<int>& fold_of_row, int fold,
                 const std::vector<std::int64_t>& classes, const Dataset* validation = nullptr);

// ConfigError unless the dataset has exactly one target column (folds stratify by it).
void require_single_target(const Dataset& data);

// Multi-label folds (scikit-learn has no stratified splitter for an indicator matrix): each row
// is stratified by the rarest label it carries (by the labels' counts of 1s; ties: the earlier
// label), rows with no label forming a stratum of their own, then dealt as StratifiedKFold deals
// classes. So every label's 1s spread over the folds at least as evenly as the rarest label's
// rows do. Y: (n_samples, n_labels) 0/1.
std::vector<int> multilabel_kfold_test_folds(const RowMatrixD& Y,
                                             const StratifiedKFoldParams& params);

// Out-of-fold probabilities only (one model per fold), for the sweep and threshold tuning.
// fold_of_row as returned by stratified_kfold_test_folds (multilabel_kfold_test_folds for a
// multi-label dataset, whose probabilities are (n_samples, n_labels)).
RowMatrixD out_of_fold_proba(const Dataset& data, const TrainOptions& options,
                             const std::vector<int>& fold_of_row, int n_splits, int jobs,
                             const Dataset* validation = nullptr);

// The numeric figures of an evaluation, by name: roc_auc, average_precision, balanced_accuracy,
// mcc, specificity, g_mean, log_loss, brier, accuracy, and for the minority class `minority`
// precision_<label>, recall_<label>, f1_<label> (e.g. precision_1); multi-class (three or more
// classes): those three for every class, and macro_f1. roc_auc and
// average_precision are NaN (undefined) when a class is absent from the evaluated rows.
std::map<std::string, double> evaluation_figures(const Evaluation& e, std::int64_t minority);

// True when every class occurs among the evaluated rows (ROC AUC and AP are defined).
bool every_class_present(const Evaluation& e);

// Mean and population standard deviation (ddof 0, as numpy's std) of each figure over the folds
// where it is defined (not NaN); NaN when it is defined in none. `folds`: how many folds each
// mean is over.
struct FigureSummary {
  std::map<std::string, double> mean, std;
  std::map<std::string, int> folds;
};
FigureSummary summarize_figures(const std::vector<std::map<std::string, double>>& per_fold);

// The rarest class of y (ties: the larger label).
std::int64_t minority_class(const Labels& y);

}  // namespace rarenet
