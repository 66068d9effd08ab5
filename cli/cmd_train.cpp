// rarenet train, predict, evaluate: fit a classifier, apply it, judge it.
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli_common.hpp"
#include "commands.hpp"
#include "rarenet/class_weights.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/error.hpp"
#include "rarenet/file_checks.hpp"
#include "rarenet/report_json.hpp"
#include "rarenet/selection.hpp"

namespace rarenet::cli {
namespace {

// The rows of `data` as the model's features, in the model's column order.
RowMatrixD model_features(const Classifier& model, const Table& table) {
  RowMatrixD X(table.rows(), static_cast<Index>(model.feature_names.size()));
  for (std::size_t j = 0; j < model.feature_names.size(); ++j) {
    if (!table.has_column(model.feature_names[j]))
      throw InputError(table.source + ": missing feature column '" + model.feature_names[j] +
                       "' that the model was trained on");
    const Index c = table.column(model.feature_names[j]);
    for (Index i = 0; i < table.rows(); ++i) {
      const double v = table.values(i, c);
      if (!std::isfinite(v))
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": column " +
                         std::to_string(c + 1) + " ('" + model.feature_names[j] +
                         "'): feature value is not a finite number");
      X(i, static_cast<Index>(j)) = v;
    }
  }
  return X;
}

std::string label_name(std::int64_t c) {
  return std::to_string(c);
}

double parse_threshold(const std::string& text) {
  double t = 0;
  try {
    std::size_t used = 0;
    t = std::stod(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw ConfigError("--threshold '" + text +
                      "': expected a number in [0, 1] or auto:CRITERION (e.g. auto:f1)");
  }
  if (!(t >= 0 && t <= 1)) throw ConfigError("--threshold " + text + ": must lie in [0, 1]");
  return t;
}

}  // namespace

void add_train(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, output, validation, threshold = "0.5", calibrate = "none";
    int threshold_folds = 5;
    bool quiet = false, json = false;
    DataOptions data;
    TrainCliOptions train;
  };
  auto o = std::make_shared<Options>();
  auto* sub =
      app.add_subcommand("train", "Train a classifier on a CSV file and write the model file");
  sub->add_option("data", o->input, "Training CSV")->required();
  add_data_options(sub, o->data);
  add_train_options(sub, o->train);
  sub->add_option(
         "--threshold", o->threshold,
         "Decision threshold stored in the model: a number, or auto:CRITERION to tune it on "
         "out-of-fold scores (criteria as for sweep)")
      ->capture_default_str();
  sub->add_option("--threshold-folds", o->threshold_folds, "Folds for --threshold auto:...")
      ->capture_default_str();
  sub->add_option("--calibrate", o->calibrate,
                  "none, or prior: divide the class weights back out of the probabilities")
      ->capture_default_str();
  sub->add_option("--validation", o->validation, "Validation CSV judged after every epoch");
  sub->add_flag("--quiet", o->quiet, "No progress or summary");
  sub->add_flag("--json", o->json,
                "Print a JSON summary to standard output: task, classes, the class weights the "
                "loss saw, threshold, per-epoch history");
  sub->add_option("-o,--output", o->output, "Model file to write")->required();
  commands.push_back(
      {sub, [o] {
         const auto start = std::chrono::steady_clock::now();
         if (o->output == "-" && o->json)
           throw ConfigError(
               "-o - with --json: both would go to standard output; write the "
               "model to a file");
         check_outputs_are_not_inputs({{"-o", o->output}},
                                      {{"data", o->input}, {"--validation", o->validation}});
         TrainOptions options = to_train_options(o->train);
         if (o->calibrate != "none" && o->calibrate != "prior")
           throw ConfigError("--calibrate '" + o->calibrate + "': expected none or prior");
         const bool calibrate = o->calibrate == "prior";
         const bool auto_threshold = o->threshold.rfind("auto:", 0) == 0;
         const Criterion criterion =
             auto_threshold ? parse_criterion(o->threshold.substr(5)) : Criterion{};
         if (!auto_threshold) options.threshold = parse_threshold(o->threshold);
         const Dataset train = read_dataset(o->input, to_dataset_spec(o->data));
         std::unique_ptr<Dataset> validation;
         if (!o->validation.empty())
           validation =
               std::make_unique<Dataset>(read_dataset(o->validation, to_dataset_spec(o->data)));

         ThresholdChoice tuned;
         if (auto_threshold) {
           // Out-of-fold probabilities on the training rows choose the threshold; the final model
           // is then trained on all of them.
           const Labels y = train.labels();
           if (unique_labels(y).size() != 2)
             throw ConfigError("--threshold auto: needs a binary target");
           const auto folds =
               stratified_kfold_test_folds(y, {o->threshold_folds, true, options.train.seed});
           RowMatrixD oof =
               out_of_fold_proba(train, options, folds, o->threshold_folds, 0, validation.get());
           if (calibrate)
             oof = prior_correct(oof, class_weights(options.class_weight, unique_labels(y), y));
           std::vector<double> p(static_cast<std::size_t>(oof.rows()));
           for (Index i = 0; i < oof.rows(); ++i) p[i] = oof(i, 1);
           tuned = tune_threshold(y, p, criterion);
           options.threshold = tuned.threshold;
         }
         Classifier model = train_classifier(train, options, validation.get(),
                                             terminal_progress(options.train.epochs, o->quiet));
         if (calibrate) {
           if (model.task == Task::MultiLabel) {
             for (const auto& pair : model.class_weight_values)
               model.prior_correction.insert(model.prior_correction.end(), pair.begin(),
                                             pair.end());
           } else {
             model.prior_correction = model.class_weight_values.front();
           }
         }
         save_model(o->output, model);
         if (o->json) {
           nlohmann::json j;
           j["task"] = to_string(model.task);
           j["rows"] = train.n_samples();
           j["classes"] = model.classes;
           j["class_weight_spec"] = options.class_weight.to_string();
           if (model.task == Task::MultiLabel) {
             for (std::size_t l = 0; l < model.class_weight_values.size(); ++l)
               j["class_weight"][model.target_names[l]] = {{"0", model.class_weight_values[l][0]},
                                                           {"1", model.class_weight_values[l][1]}};
           } else {
             for (std::size_t c = 0; c < model.classes.size(); ++c)
               j["class_weight"][std::to_string(model.classes[c])] =
                   model.class_weight_values[0][c];
           }
           j["threshold"] = model.threshold;
           j["epochs"] = nlohmann::json::array();
           for (const EpochRecord& r : model.history.epochs)
             j["epochs"].push_back({{"epoch", r.epoch},
                                    {"loss", r.loss},
                                    {"val_loss", r.val_loss},
                                    {"val_roc_auc", r.val_roc_auc}});
           j["best_epoch"] = model.history.best_epoch;
           j["stopped_early"] = model.history.stopped_early;
           j["model"] = o->output;
           std::cout << j.dump(2) << "\n";
         }
         if (!o->quiet) {
           const double seconds =
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
           std::ostringstream s;
           s << "trained " << to_string(model.task) << " classifier on " << train.n_samples()
             << " rows, " << train.n_features() << " features, " << model.history.epochs.size()
             << " epochs";
           if (model.history.stopped_early)
             s << " (stopped early; weights of epoch " << model.history.best_epoch << ")";
           s << ", " << seconds << " s\n";
           if (model.task == Task::MultiLabel) {
             for (std::size_t j = 0; j < model.class_weight_values.size(); ++j)
               s << "class weights of " << model.target_names[j] << ": "
                 << format_class_weight_dict({0, 1}, model.class_weight_values[j]) << "\n";
           } else {
             s << "class weights (" << options.class_weight.to_string() << "): "
               << format_class_weight_dict(model.classes, model.class_weight_values.front())
               << "\n";
           }
           if (auto_threshold)
             s << "threshold " << model.threshold << " chosen by out-of-fold "
               << to_string(criterion) << " (" << tuned.value << ")\n";
           s << "model written to " << o->output << "\n";
           std::cerr << s.str();
         }
       }});
}

void add_predict(CLI::App& app, Commands& commands) {
  struct Options {
    std::string model, input, output = "-", threshold;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("predict",
                                 "Write class probabilities and predicted labels for a CSV file");
  sub->add_option("model", o->model, "Model file written by rarenet train")->required();
  sub->add_option("data", o->input, "CSV with the model's feature columns")->required();
  sub->add_option("--threshold", o->threshold, "Override the model's decision threshold");
  sub->add_option("-o,--output", o->output, "Predictions CSV ('-': standard output)")
      ->capture_default_str();
  commands.push_back({sub, [o] {
                        check_outputs_are_not_inputs({{"-o", o->output}},
                                                     {{"model", o->model}, {"data", o->input}});
                        const Classifier model = load_model(o->model);
                        const double threshold =
                            o->threshold.empty() ? model.threshold : parse_threshold(o->threshold);
                        CsvReadOptions read_options;
                        read_options.allow_nonfinite =
                            true;  // only the model's feature columns must be finite
                        const Table table = read_csv(o->input, read_options);
                        const RowMatrixD proba = model.predict_proba(model_features(model, table));
                        Table out;
                        if (model.task == Task::MultiLabel) {
                          for (const auto& t : model.target_names) out.names.push_back("p_" + t);
                          for (const auto& t : model.target_names)
                            out.names.push_back("label_" + t);
                          out.values.resize(proba.rows(), 2 * proba.cols());
                          out.values.leftCols(proba.cols()) = proba;
                          out.values.rightCols(proba.cols()) =
                              (proba.array() >= threshold).cast<double>();
                        } else {
                          for (auto c : model.classes) out.names.push_back("p_" + label_name(c));
                          out.names.push_back("label");
                          const Labels labels = predict_labels(proba, model.classes, threshold);
                          out.values.resize(proba.rows(), proba.cols() + 1);
                          out.values.leftCols(proba.cols()) = proba;
                          for (Index i = 0; i < proba.rows(); ++i)
                            out.values(i, proba.cols()) = static_cast<double>(labels[i]);
                        }
                        write_csv(o->output, out);
                      }});
}

void add_evaluate(CLI::App& app, Commands& commands) {
  struct Options {
    std::string model, input, threshold;
    int digits = 2;
    bool json = false;
    DataOptions data;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "evaluate", "Predict a labelled CSV file and report how well the rare class is found");
  sub->add_option("model", o->model, "Model file written by rarenet train")->required();
  sub->add_option("data", o->input, "Labelled CSV")->required();
  sub->add_option("--target", o->data.target, "Target column(s) (default: the model's)");
  sub->add_option("--threshold", o->threshold, "Override the model's decision threshold");
  sub->add_option("--digits", o->digits, "Digits in the classification report")
      ->capture_default_str();
  sub->add_flag("--json", o->json, "Print JSON");
  commands.push_back(
      {sub, [o] {
         const Classifier model = load_model(o->model);
         const double threshold =
             o->threshold.empty() ? model.threshold : parse_threshold(o->threshold);
         if (o->digits < 0 || o->digits > 15) throw ConfigError("--digits must lie in [0, 15]");
         const Table table = read_csv(o->input);
         DatasetSpec spec = to_dataset_spec(o->data);
         if (spec.targets.empty()) spec.targets = model.target_names;
         for (const auto& t : spec.targets)
           table.column(t);  // names the file and columns if missing
         const RowMatrixD proba = model.predict_proba(model_features(model, table));
         if (model.task == Task::MultiLabel) {
           nlohmann::json j;
           std::string text;
           for (std::size_t l = 0; l < spec.targets.size(); ++l) {
             const Index c = table.column(spec.targets[l]);
             Labels y(static_cast<std::size_t>(table.rows()));
             RowMatrixD p2(table.rows(), 2);
             for (Index i = 0; i < table.rows(); ++i) {
               y[i] = static_cast<std::int64_t>(table.values(i, c));
               p2(i, 1) = proba(i, static_cast<Index>(l));
               p2(i, 0) = 1 - p2(i, 1);
             }
             const Evaluation e = evaluate_predictions(y, p2, {0, 1}, threshold);
             j["labels"][spec.targets[l]] = evaluation_to_json(e);
             text += "== " + spec.targets[l] + "\n\n" + format_evaluation(e, o->digits) + "\n";
           }
           std::cout << (o->json ? j.dump(2) + "\n" : text);
           return;
         }
         const Dataset d = dataset_from_table(table, spec);
         const Evaluation e = evaluate_predictions(d.labels(), proba, model.classes, threshold);
         std::cout << evaluation_output(e, o->json, o->digits);
       }});
}

}  // namespace rarenet::cli
