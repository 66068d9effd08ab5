// rarenet tutorial: the Keras class-weight tutorial end to end on its own data.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>

#include "cli_report.hpp"
#include "commands.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/tutorial.hpp"
#include "rarenet/workflow_report.hpp"

namespace rarenet::cli {

void add_tutorial(CLI::App& app, Commands& commands) {
  struct Options {
    TutorialOptions tutorial;
    std::string report;
    bool quiet = false, json = false, no_sweep = false, no_remedies = false;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "tutorial",
      "Reproduce the Keras class-weight tutorial end to end: data, split, a baseline network, "
      "balanced and manual class weights, a summary, a cross-validated weight sweep, and the "
      "other remedies (resampling, focal loss, balanced batches) on the same split");
  sub->add_option("--seed", o->tutorial.seed, "Seed for network initialisation and shuffling")
      ->capture_default_str();
  // Integer bounds, not CLI::PositiveNumber: its message prints the smallest double.
  const CLI::Range positive_int(1, std::numeric_limits<int>::max());
  sub->add_option("--epochs", o->tutorial.epochs, "Epochs per training")
      ->check(positive_int)
      ->capture_default_str();
  sub->add_option("--batch-size", o->tutorial.batch_size, "Rows per batch")
      ->check(positive_int)
      ->capture_default_str();
  sub->add_option("--manual-weight", o->tutorial.manual_weight,
                  "Minority class weight of step 6 (majority 1)")
      ->capture_default_str();
  sub->add_flag("--no-sweep", o->no_sweep,
                "Skip steps 8 and 9 (the cross-validated weight sweep and the other remedies, the "
                "slower steps)");
  sub->add_flag("--no-remedies", o->no_remedies,
                "Skip step 9 (resampling, focal loss and balanced batches on the same split)");
  sub->add_option("--jobs", o->tutorial.jobs,
                  "Threads for the trainings of steps 3 to 9 (0: one per core)")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  sub->add_flag("--quiet", o->quiet, "No progress lines");
  sub->add_flag("--json", o->json, "Print one JSON object instead of the text report");
  add_report_option(sub, o->report);

  commands.push_back({sub, [o, sub] {
                        o->tutorial.sweep = !o->no_sweep;
                        o->tutorial.remedies = !o->no_sweep && !o->no_remedies;
                        // Progress lines go to a terminal only, never into pipes or files.
                        const bool show = !o->quiet && isatty(STDERR_FILENO);
                        TutorialProgress progress;
                        if (show)
                          progress = [&](const std::string& run, const EpochRecord& r) {
                            std::fprintf(stderr, "\r%-9s epoch %3d/%d  loss %.4f  %.3f s   ",
                                         run.c_str(), r.epoch, o->tutorial.epochs, r.loss,
                                         r.seconds);
                            if (r.epoch == o->tutorial.epochs) std::fputc('\n', stderr);
                            std::fflush(stderr);
                          };
                        const TutorialResult result = run_tutorial(o->tutorial, progress);
                        write_report(o->report, sub, "", {}, [&](const RunHeader& h) {
                          return tutorial_report_html(h, result, o->tutorial);
                        });
                        if (o->json)
                          write_standard_output(tutorial_to_json(result).dump(2) + "\n");
                        else
                          write_standard_output(format_tutorial(result, o->tutorial));
                      }});
}

}  // namespace rarenet::cli
