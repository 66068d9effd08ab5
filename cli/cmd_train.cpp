// rarenet train, predict, evaluate: fit a classifier, apply it, judge it.
#include <charconv>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include "cli_common.hpp"
#include "cli_report.hpp"
#include "commands.hpp"
#include "options_cli.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "rarenet/file_checks.hpp"
#include "rarenet/model_report.hpp"

namespace rarenet::cli {
namespace {

// --threshold on predict / evaluate: a number in [0, 1] overriding the model's.
void add_threshold_override(CLI::App* sub, std::optional<double>& threshold) {
  sub->add_option_function<double>(
         "--threshold", [&threshold](double t) { threshold = t; },
         "Override the model's decision threshold")
      ->check(CLI::Validator(
          [](std::string& text) {
            double t = 0;
            const auto r = std::from_chars(text.data(), text.data() + text.size(), t);
            return r.ec == std::errc() && r.ptr == text.data() + text.size() && t >= 0 && t <= 1
                       ? std::string()
                       : "'" + text + "': expected a number in [0, 1]";
          },
          "[0, 1]"));
}

}  // namespace

void add_train(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, output, validation, report;
    bool quiet = false, json = false;
    DatasetSpec data;
    TrainOptions train;
  };
  auto o = std::make_shared<Options>();
  auto* sub =
      app.add_subcommand("train", "Train a classifier on a CSV file and write the model file");
  sub->add_option("data", o->input, "Training CSV ('-': standard input)")->required();
  add_declared_options(sub, o->data);
  add_declared_options(sub, o->train);
  sub->add_option("--validation", o->validation, "Validation CSV judged after every epoch");
  sub->add_flag("--quiet", o->quiet, "No progress or summary");
  sub->add_flag("--json", o->json,
                "Print a JSON summary to standard output: task, classes, the class weights the "
                "loss saw, threshold, per-epoch history");
  sub->add_option("-o,--output", o->output, "Model file to write")->required();
  add_report_option(sub, o->report);
  commands.push_back(
      {sub, [o, sub] {
         const auto start = std::chrono::steady_clock::now();
         if (o->output == "-" && o->json)
           throw ConfigError(
               "-o - with --json: both would go to standard output; write the model to a file");
         check_outputs_are_not_inputs({{"-o", o->output}, {"--report", o->report}},
                                      {{"data", o->input}, {"--validation", o->validation}});
         const Dataset train = read_training_data(o->input, o->data, o->train);
         std::optional<Dataset> validation;
         if (!o->validation.empty())
           validation = read_training_data(o->validation, o->data, o->train);
         TrainExtras extras;
         extras.validation = validation ? &*validation : nullptr;
         extras.progress = terminal_progress(o->train.train.epochs, o->quiet);
         TrainSummary summary;
         const Classifier model = train_model(train, o->train, extras, &summary);
         save_model(o->output, model);
         write_report(o->report, sub, o->input, rows_per_class(train), [&](const RunHeader& h) {
           return train_report_html(h, model, validation ? &*validation : nullptr);
         });
         if (o->json) {
           nlohmann::json j = train_to_json(model, train, summary);
           j["model"] = o->output;
           write_standard_output(j.dump(2) + "\n");
         }
         if (!o->quiet) {
           const double seconds =
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
           std::cerr << format_train(model, train, summary, seconds) << "model written to "
                     << o->output << "\n";
         }
         // Even with --quiet: the model was written, but should not be trusted as it is.
         for (const std::string& w : training_warnings(model))
           std::cerr << "rarenet: warning: " << w << "\n";
       }});
}

void add_predict(CLI::App& app, Commands& commands) {
  struct Options {
    std::string model, input, output = "-";
    std::optional<double> threshold;
    std::vector<std::string> na_values;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("predict",
                                 "Write class probabilities and predicted labels for a CSV file");
  sub->add_option("model", o->model, "Model file written by rarenet train")->required();
  sub->add_option("data", o->input, "CSV with the model's feature columns ('-': standard input)")
      ->required();
  add_threshold_override(sub, o->threshold);
  add_na_values_option(sub, o->na_values);
  sub->add_option("-o,--output", o->output, "Predictions CSV ('-': standard output)")
      ->capture_default_str();
  commands.push_back({sub, [o] {
                        check_outputs_are_not_inputs({{"-o", o->output}},
                                                     {{"model", o->model}, {"data", o->input}});
                        const Classifier model = load_model(o->model);
                        const Table table = read_for_model(model, o->input, o->na_values);
                        std::int64_t unknown = 0;
                        const RowMatrixD proba = predict_table(model, table, &unknown);
                        write_csv(o->output, predictions_table(model, proba, o->threshold));
                        note_unknown(unknown, table.source);
                      }});
}

void add_evaluate(CLI::App& app, Commands& commands) {
  struct Options {
    std::string model, input, report;
    std::optional<double> threshold;
    int digits = 2;
    bool json = false;
    DatasetSpec data;
    std::vector<std::string> na_values;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "evaluate", "Predict a labelled CSV file and report how well the rare class is found");
  sub->add_option("model", o->model, "Model file written by rarenet train")->required();
  sub->add_option("data", o->input, "Labelled CSV ('-': standard input)")->required();
  sub->add_option_function<std::string>(
      "--target", [o](const std::string& t) { o->data.targets = parse_column_names(t); },
      "Target column(s) (default: the model's); a multi-label model's labels are matched by name");
  add_threshold_override(sub, o->threshold);
  add_digits_option(sub, o->digits);
  add_na_values_option(sub, o->na_values);
  sub->add_flag("--json", o->json, "Print JSON");
  add_report_option(sub, o->report);
  commands.push_back(
      {sub, [o, sub] {
         const Classifier model = load_model(o->model);
         const Table table = read_for_model(model, o->input, o->na_values, o->data.targets);
         const ModelEvaluation e = evaluate_model(model, table, o->data.targets, o->threshold);
         write_report(o->report, sub, o->input, {}, [&](const RunHeader& h) {
           return e.labels.empty()
                      ? evaluation_report_html(h, e.evaluations.front(), &model, &e.y, &e.proba)
                      : multilabel_report_html(h, e.labels, e.evaluations, &model);
         });
         write_standard_output(o->json ? model_evaluation_to_json(e).dump(2) + "\n"
                                       : format_model_evaluation(e, o->digits));
         if (!o->json) note_unknown(e.unknown_categories, table.source);
       }});
}

}  // namespace rarenet::cli
