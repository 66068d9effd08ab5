// rarenet: train neural-network classifiers on imbalanced data and judge how well they find the
// rare class. This file only wires the subcommands and turns errors into exit codes.
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "rarenet/temp_files.hpp"

int main(int argc, char** argv) {
  using namespace rarenet::cli;
  CLI::App app{
      "rarenet: neural-network classifiers for imbalanced data, with class weights, "
      "cross-validation and the metrics that matter for rare events.",
      "rarenet"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "rarenet 0.1.0");

  Commands commands;
  add_tutorial(app, commands);
  add_make_classification(app, commands);
  add_make_multilabel_classification(app, commands);
  add_split(app, commands);
  add_folds(app, commands);
  add_train(app, commands);
  add_predict(app, commands);
  add_evaluate(app, commands);
  add_metrics(app, commands);
  add_cv(app, commands);
  add_sweep(app, commands);
  add_compare(app, commands);
  add_options(app, commands);
  add_resample(app, commands);

  // An unknown or missing command: say which exist (CLI11 would only say one is required).
  std::string names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    names += (names.empty() ? "" : ", ") + sub->get_name();
  if (argc < 2 ||
      (argv[1][0] != '-' &&
       !app.get_subcommands([&](CLI::App* s) { return s->check_name(argv[1]); }).size())) {
    std::cerr << "rarenet: error: "
              << (argc < 2 ? std::string("a command is required")
                           : "unknown command '" + rarenet::printable(argv[1]) + "'")
              << "; expected one of: " << names << " (rarenet --help describes them)\n";
    return 2;
  }
  // Ctrl-C and kill remove the temporary file of an interrupted write (exit 128 + signal).
  rarenet::install_temp_file_cleanup();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 names the offending option; usage errors exit with 2 (help/version with 0).
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string command;
    for (const CLI::App* sub : app.get_subcommands()) command = " " + sub->get_name();
    std::cerr << "rarenet: error: " << rarenet::printable(e.what()) << "\n(rarenet" << command
              << " --help lists the options)\n";
    return 2;
  }
  try {
    for (const Command& c : commands)
      if (c.app->parsed()) c.run();
    // Standard output is checked like any file written: a full disk (> /dev/full) or an I/O
    // error is an error, not a silent exit 0 with the output lost.
    rarenet::flush_standard_output();
  } catch (const rarenet::Error& e) {
    std::cerr << "rarenet: error: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    std::cerr << "rarenet: error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "rarenet: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
