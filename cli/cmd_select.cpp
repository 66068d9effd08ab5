// rarenet cv and sweep: cross-validation and the class-weight / threshold search.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_common.hpp"
#include "cli_report.hpp"
#include "commands.hpp"
#include "options_cli.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "rarenet/file_checks.hpp"
#include "rarenet/model.hpp"
#include "rarenet/workflow_report.hpp"

namespace rarenet::cli {

void add_cv(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, oof_out, report;
    bool json = false;
    DatasetSpec data;
    TrainOptions train;
    CvOptions cv;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "cv", "Stratified cross-validation: per-fold figures, mean and std, no leakage");
  sub->add_option("data", o->input, "Labelled CSV ('-': standard input)")->required();
  add_declared_options(sub, o->data);
  // Each fold is judged at a fixed threshold; tuning belongs to train and sweep.
  add_declared_options(sub, o->train, {"threshold", "threshold_folds", "calibrate"});
  sub->add_option_function<double>(
         "--threshold", [o](double t) { o->train.threshold.value = t; },
         "Decision threshold for the per-fold reports")
      ->default_str("0.5")
      ->check(CLI::Range(0.0, 1.0));
  add_declared_options(sub, o->cv);
  sub->add_option("--oof-out", o->oof_out,
                  "Write the out-of-fold probabilities (and fold) to this CSV");
  sub->add_flag("--json", o->json, "Print JSON");
  add_report_option(sub, o->report);
  commands.push_back(
      {sub, [o, sub] {
         check_outputs_are_not_inputs({{"--oof-out", o->oof_out}, {"--report", o->report}},
                                      {{"data", o->input}});
         validate_options(o->train);
         const Dataset data = read_training_data(o->input, o->data, o->train);
         const CvResult cv = cross_validate(data, o->train, o->cv);
         const std::int64_t minority = minority_class(data.labels());
         if (!o->oof_out.empty()) write_csv(o->oof_out, out_of_fold_table(data, cv));
         write_report(o->report, sub, o->input, rows_per_class(data),
                      [&](const RunHeader& h) { return cv_report_html(h, cv, minority); });
         if (o->json) {
           // As sweep: timings are the one part that differs from run to run.
           nlohmann::json j = cv_to_json(cv, minority);
           j.erase("seconds");
           write_standard_output(j.dump(2) + "\n");
         } else {
           write_standard_output(format_cv(cv, minority));
         }
       }});
}

void add_sweep(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, output, report;
    bool json = false;
    DatasetSpec data;
    TrainOptions train;
    SweepOptions sweep;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "sweep",
      "Search class weights and the threshold by cross-validation; optionally train the winner");
  sub->add_option("data", o->input, "Labelled CSV (binary target; '-': standard input)")
      ->required();
  add_declared_options(sub, o->data);
  // The sweep chooses the class weight and the threshold itself.
  add_declared_options(sub, o->train, {"class_weight", "threshold", "threshold_folds"});
  add_declared_options(sub, o->sweep);
  add_declared_options(sub, o->sweep.cv);
  sub->add_flag("--json", o->json, "Print JSON");
  sub->add_option("-o,--output", o->output,
                  "Train the chosen candidate on all rows and write the model here");
  add_report_option(sub, o->report);
  commands.push_back(
      {sub, [o, sub] {
         if (o->output == "-" && o->json)
           throw ConfigError(
               "-o - with --json: both would go to standard output; write the model to a file");
         check_outputs_are_not_inputs({{"-o", o->output}, {"--report", o->report}},
                                      {{"data", o->input}});
         const Dataset data = read_training_data(o->input, o->data, o->train);
         // A progress line on a terminal only: redirected output stays clean.
         const bool tty = isatty(STDERR_FILENO) != 0;
         SweepOptions sweep_options = o->sweep;
         const auto started = std::chrono::steady_clock::now();
         if (tty)
           sweep_options.progress = [started](std::size_t done, std::size_t total) {
             const double s =
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
             std::fprintf(stderr, "\rsweep: %zu of %zu fits, %.0f s", done, total, s);
             std::fflush(stderr);
           };
         const SweepOutcome out =
             sweep_and_refit(data, o->train, sweep_options, !o->output.empty());
         if (tty) std::fprintf(stderr, "\r\033[K");
         if (out.model) save_model(o->output, *out.model);
         if (out.model)
           for (const std::string& w : training_warnings(*out.model))
             std::cerr << "rarenet: warning: the model trained on all rows: " << w << "\n";
         write_report(o->report, sub, o->input, rows_per_class(data),
                      [&](const RunHeader& h) { return sweep_report_html(h, out.result); });
         if (o->json) {
           nlohmann::json j = sweep_to_json(out.result);
           j.erase("seconds");
           write_standard_output(j.dump(2) + "\n");
         } else {
           write_standard_output(format_sweep(out.result));
           if (out.model)
             write_standard_output("model trained on all rows written to " + o->output + "\n");
         }
       }});
}

void add_compare(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input;
    bool json = false;
    DatasetSpec data;
    TrainOptions train;
    CompareOptions compare;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "compare",
      "Class weights, random over- and under-sampling, SMOTE, the focal loss and balanced batches "
      "on the same split, one row each");
  sub->add_option("data", o->input, "Labelled CSV (binary target; '-': standard input)")
      ->required();
  add_declared_options(sub, o->data);
  // Each row sets its own remedy; thresholds stay at 0.5 so the rows differ by the remedy only.
  add_declared_options(sub, o->train,
                       {"class_weight", "resample", "loss", "batch_sampler", "threshold",
                        "threshold_folds", "calibrate"});
  add_declared_options(sub, o->compare);
  sub->add_flag("--json", o->json, "Print JSON");
  commands.push_back({sub, [o] {
                        validate_options(o->train);
                        const Dataset data = read_training_data(o->input, o->data, o->train);
                        const CompareResult c = compare_remedies(data, o->train, o->compare);
                        if (o->json) {
                          nlohmann::json j = compare_to_json(c);
                          // Timings are the one part that differs from run to run.
                          for (auto& r : j["runs"]) r.erase("seconds");
                          std::cout << j.dump(2) << "\n";
                        } else {
                          std::cout << format_compare(c);
                        }
                      }});
}

}  // namespace rarenet::cli
