// rarenet: train neural-network classifiers on imbalanced data and judge how well they find the
// rare class. This file only wires the subcommands and turns errors into exit codes.
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "rarenet/error.hpp"

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
  add_split(app, commands);
  add_folds(app, commands);
  add_train(app, commands);
  add_predict(app, commands);
  add_evaluate(app, commands);
  add_metrics(app, commands);
  add_cv(app, commands);
  add_sweep(app, commands);
  add_options(app, commands);
  add_resample(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 names the offending option; usage errors exit with 2 (help/version with 0).
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (const Command& c : commands)
      if (c.app->parsed()) c.run();
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
