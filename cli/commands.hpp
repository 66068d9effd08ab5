// The rarenet program's subcommands. Each cli/cmd_*.cpp registers one or more subcommands: it
// declares the options on a CLI11 sub-app and returns the function that runs it (parse → library
// call → print). main.cpp runs the chosen one and maps rarenet::Error to exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace rarenet::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<void()> run;
};
using Commands = std::vector<Command>;

void add_make_classification(CLI::App& app, Commands& commands);             // cmd_data.cpp
void add_make_multilabel_classification(CLI::App& app, Commands& commands);  // cmd_data.cpp
void add_split(CLI::App& app, Commands& commands);                           // cmd_data.cpp
void add_folds(CLI::App& app, Commands& commands);                           // cmd_data.cpp
void add_train(CLI::App& app, Commands& commands);                           // cmd_train.cpp
void add_predict(CLI::App& app, Commands& commands);                         // cmd_train.cpp
void add_metrics(CLI::App& app, Commands& commands);                         // cmd_metrics.cpp
void add_evaluate(CLI::App& app, Commands& commands);                        // cmd_train.cpp
void add_tutorial(CLI::App& app, Commands& commands);                        // cmd_tutorial.cpp
void add_cv(CLI::App& app, Commands& commands);                              // cmd_select.cpp
void add_sweep(CLI::App& app, Commands& commands);                           // cmd_select.cpp
void add_compare(CLI::App& app, Commands& commands);                         // cmd_select.cpp
void add_options(CLI::App& app, Commands& commands);                         // cmd_options.cpp
void add_resample(CLI::App& app, Commands& commands);                        // cmd_resample.cpp

}  // namespace rarenet::cli
