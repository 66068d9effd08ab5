// Printing and flags shared by several subcommands. Settings themselves are declared in the
// library (TrainOptions, CvOptions, SweepOptions, DatasetSpec); options_cli.hpp turns them into
// flags.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "rarenet/dataset.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/train_options.hpp"

namespace rarenet::cli {

// Text (scikit-learn's report, confusion matrix, figures) or the evaluate --json object.
std::string evaluation_output(const Evaluation& e, bool json, int digits);
// Prints evaluation_output to standard output (shared by `metrics` and `evaluate`).
void print_evaluation(const Evaluation& e, bool json, int digits);

// --digits N (0..15) for the classification report.
void add_digits_option(CLI::App* app, int& digits);

// --na-values TEXT,... (predict, evaluate: how missing cells are written in the file).
void add_na_values_option(CLI::App* app, std::vector<std::string>& na_values);
// One line on standard error when a table held categories training never saw.
void note_unknown(std::int64_t unknown_cells, const std::string& source);

// "train: 80 rows (class 0: 72, class 1: 8)\n" for standard error.
std::string class_counts_line(const std::string& name, const Labels& y);

// A progress callback printing one line per epoch to standard error, only on a terminal.
ProgressCallback terminal_progress(int epochs, bool quiet);

}  // namespace rarenet::cli
