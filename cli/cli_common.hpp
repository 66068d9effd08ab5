// Options and printing shared by several subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "rarenet/classifier.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/evaluation.hpp"

namespace rarenet::cli {

// --target and --sample-weight.
struct DataOptions {
  std::string target;         // comma-separated names; empty: "y" if present, else the last column
  std::string sample_weight;  // column name or empty
};
void add_data_options(CLI::App* app, DataOptions& o);
DatasetSpec to_dataset_spec(const DataOptions& o);

// Every option of `rarenet train` that shapes the model and its training.
struct TrainCliOptions {
  std::string hidden = "64,64";
  std::string activation = "relu";
  std::string initializer = "glorot_uniform";
  int epochs = 50;
  int batch_size = 32;
  std::string optimizer = "adam";
  double learning_rate = 0.001;
  double momentum = 0.0;
  bool nesterov = false;
  double weight_decay = 0.0;
  std::string reduction = "sum-over-batch-size";
  std::uint32_t seed = 0;
  std::string class_weight = "none";
  bool no_standardize = false;
  int early_stopping = 0;
  std::string monitor = "val_loss";
  double validation_fraction = 0.0;
};
// with_class_weight: false for subcommands that choose the weights themselves (sweep).
void add_train_options(CLI::App* app, TrainCliOptions& o, bool with_class_weight = true);
TrainOptions to_train_options(const TrainCliOptions& o);

// "64,64" -> {64, 64}; ConfigError naming the option otherwise.
std::vector<int> parse_int_list(const std::string& option, const std::string& text);
std::vector<double> parse_double_list(const std::string& option, const std::string& text);

// Text (scikit-learn's report, confusion matrix, figures) or the evaluate --json object.
std::string evaluation_output(const Evaluation& e, bool json, int digits);
// Prints evaluation_output to standard output (shared by `metrics` and `evaluate`).
void print_evaluation(const Evaluation& e, bool json, int digits);

// A progress callback printing one line per epoch to standard error, only on a terminal.
ProgressCallback terminal_progress(int epochs, bool quiet);

}  // namespace rarenet::cli
