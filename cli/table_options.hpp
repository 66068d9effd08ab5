// Options for mixed tables (column kinds, missing values, categories, the positive class), kept in
// one struct and one add_* function so that they can join the shared option table as a group.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "rarenet/classifier.hpp"
#include "rarenet/dataset.hpp"

namespace rarenet::cli {

struct TableCliOptions {
  std::string categorical, numeric, na_values = ",NA,NaN,?";
  // Training only.
  std::string impute = "none", min_frequency = "0", positive_class;
  int max_categories = 0;
  bool add_indicator = false;
};

// training: also --impute, --add-indicator, --min-frequency, --max-categories, --positive-class
// (train, cv, sweep); otherwise only how to read the file (predict, evaluate: --na-values).
void add_table_options(CLI::App* app, TableCliOptions& o, bool training);
// Column kinds, missing tokens, the positive class and whether missing cells are allowed.
void apply_table_options(const TableCliOptions& o, DatasetSpec& spec);
// ConfigError naming the option for a bad value.
PreprocessOptions to_preprocess_options(const TableCliOptions& o);
std::vector<std::string> na_values_of(const TableCliOptions& o);
// --class-weight with class labels ("good:1,bad:18") in the dataset's class codes ("1:18,0:1");
// other forms unchanged. ConfigError for a label that is not a class.
std::string class_weight_with_labels(const std::string& text, const Dataset& data);

}  // namespace rarenet::cli
