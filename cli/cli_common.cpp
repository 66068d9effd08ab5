#include "cli_common.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "rarenet/error.hpp"
#include "rarenet/report_json.hpp"

namespace rarenet::cli {

void add_data_options(CLI::App* app, DataOptions& o) {
  app->add_option("--target", o.target,
                  "Target column(s), comma-separated for multi-label (default: y if present, "
                  "else the last column)");
  app->add_option("--sample-weight", o.sample_weight,
                  "Column of per-row weights (multiplied with the class weights; not a feature)");
}

DatasetSpec to_dataset_spec(const DataOptions& o) {
  DatasetSpec spec;
  std::stringstream ss(o.target);
  std::string name;
  while (std::getline(ss, name, ','))
    if (!name.empty()) spec.targets.push_back(name);
  spec.sample_weight_column = o.sample_weight;
  return spec;
}

std::vector<int> parse_int_list(const std::string& option, const std::string& text) {
  std::vector<int> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    int v = 0;
    const auto res = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || res.ec != std::errc() || res.ptr != item.data() + item.size() || v < 1)
      throw ConfigError(option + " '" + text + "': expected comma-separated positive integers");
    out.push_back(v);
  }
  if (out.empty() && !text.empty())
    throw ConfigError(option + " '" + text + "': expected comma-separated positive integers");
  return out;
}

std::vector<double> parse_double_list(const std::string& option, const std::string& text) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    double v = 0;
    const auto res = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || res.ec != std::errc() || res.ptr != item.data() + item.size() ||
        !std::isfinite(v))
      throw ConfigError(option + " '" + text + "': expected comma-separated numbers");
    out.push_back(v);
  }
  if (out.empty()) throw ConfigError(option + ": expected at least one number");
  return out;
}

void add_train_options(CLI::App* app, TrainCliOptions& o, bool with_class_weight) {
  app->add_option("--hidden", o.hidden, "Hidden layer sizes, e.g. 64,64 (empty: no hidden layer)")
      ->capture_default_str();
  app->add_option("--activation", o.activation,
                  "Hidden activation: relu, leaky_relu, tanh, sigmoid, linear")
      ->capture_default_str();
  app->add_option("--initializer", o.initializer,
                  "Kernel initializer: glorot_uniform, he_uniform, he_normal")
      ->capture_default_str();
  app->add_option("--epochs", o.epochs, "Passes over the training rows")->capture_default_str();
  app->add_option("--batch-size", o.batch_size, "Rows per optimiser step")->capture_default_str();
  app->add_option("--optimizer", o.optimizer, "adam or sgd")->capture_default_str();
  app->add_option("--learning-rate", o.learning_rate, "Learning rate")->capture_default_str();
  app->add_option("--momentum", o.momentum, "SGD momentum")->capture_default_str();
  app->add_flag("--nesterov", o.nesterov, "SGD with Nesterov momentum");
  app->add_option("--weight-decay", o.weight_decay, "L2 weight decay on the kernels")
      ->capture_default_str();
  app->add_option("--loss-reduction", o.reduction,
                  "sum-over-batch-size (Keras) or weighted-mean (divide by the sum of weights)")
      ->capture_default_str();
  app->add_option("--seed", o.seed, "Seed for initialisation and shuffling")->capture_default_str();
  if (with_class_weight)
    app->add_option(
           "--class-weight", o.class_weight,
           "none, balanced, CLASS:WEIGHT,... (e.g. 0:1,1:200), capped:MOST or effective:BETA")
        ->capture_default_str();
  app->add_flag("--no-standardize", o.no_standardize, "Do not standardise the features");
  app->add_option("--early-stopping", o.early_stopping,
                  "Stop after this many epochs without improvement (0: off)")
      ->capture_default_str();
  app->add_option("--monitor", o.monitor, "Early-stopping figure: val_loss, val_roc_auc or loss")
      ->capture_default_str();
  app->add_option("--validation-fraction", o.validation_fraction,
                  "Hold out this stratified fraction of the training rows for early stopping "
                  "(0: off; a --validation file takes precedence)")
      ->capture_default_str();
}

TrainOptions to_train_options(const TrainCliOptions& o) {
  TrainOptions t;
  t.hidden = o.hidden.empty() ? std::vector<int>{} : parse_int_list("--hidden", o.hidden);
  try {
    t.activation = parse_activation(o.activation);
    t.kernel_initializer = parse_initializer(o.initializer);
    t.train.reduction = parse_reduction(o.reduction);
  } catch (const ConfigError& e) {
    throw ConfigError(std::string("option value: ") + e.what());
  }
  if (t.activation == Activation::Softmax)
    throw ConfigError(
        "--activation softmax: softmax is for output layers; choose relu, leaky_relu, tanh, "
        "sigmoid or linear");
  if (o.epochs < 1) throw ConfigError("--epochs must be >= 1, got " + std::to_string(o.epochs));
  if (o.batch_size < 1)
    throw ConfigError("--batch-size must be >= 1, got " + std::to_string(o.batch_size));
  if (!(o.learning_rate > 0)) throw ConfigError("--learning-rate must be > 0");
  if (o.optimizer != "adam" && o.optimizer != "sgd")
    throw ConfigError("--optimizer '" + o.optimizer + "': expected adam or sgd");
  if (o.early_stopping < 0) throw ConfigError("--early-stopping must be >= 0");
  t.train.epochs = o.epochs;
  t.train.batch_size = o.batch_size;
  t.train.seed = o.seed;
  t.train.optimizer.name = o.optimizer;
  t.train.optimizer.learning_rate = static_cast<float>(o.learning_rate);
  t.train.optimizer.momentum = static_cast<float>(o.momentum);
  t.train.optimizer.nesterov = o.nesterov;
  t.train.optimizer.weight_decay = static_cast<float>(o.weight_decay);
  t.train.early_stopping.patience = o.early_stopping;
  t.train.early_stopping.monitor = o.monitor;
  t.class_weight = parse_class_weight(o.class_weight);
  t.standardize = !o.no_standardize;
  if (!(o.validation_fraction >= 0 && o.validation_fraction < 1))
    throw ConfigError("--validation-fraction must lie in [0, 1), got " +
                      std::to_string(o.validation_fraction));
  t.validation_fraction = o.validation_fraction;
  return t;
}

std::string evaluation_output(const Evaluation& e, bool json, int digits) {
  if (json) return evaluation_to_json(e).dump(2) + "\n";
  return format_evaluation(e, digits);
}

void print_evaluation(const Evaluation& e, bool json, int digits) {
  std::cout << evaluation_output(e, json, digits);
}

ProgressCallback terminal_progress(int epochs, bool quiet) {
  if (quiet || !isatty(STDERR_FILENO)) return {};
  return [epochs](const EpochRecord& r) {
    std::fprintf(stderr, "epoch %3d/%d  loss %.4f", r.epoch, epochs, r.loss);
    if (r.val_loss != 0 || r.val_roc_auc != 0)
      std::fprintf(stderr, "  val_loss %.4f  val_roc_auc %.4f  val_recall %.3f", r.val_loss,
                   r.val_roc_auc, r.val_minority_recall);
    std::fprintf(stderr, "  %.3f s\n", r.seconds);
  };
}

}  // namespace rarenet::cli
