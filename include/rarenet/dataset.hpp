// Dataset: features, targets and column names, built from a Table by choosing the target column(s).
//
// X: (n_samples, n_features) double. Y: (n_samples, n_targets) double; one target column for
// binary / multi-class classification (integer labels), several 0/1 columns for multi-label.
// sample_weight: (n_samples) or empty, read from a named column that is then not a feature.
// Errors about a value name the file, its line (data row r of the file is line r + 2, after the
// header) and the column, also for a dataset taken from another (split, folds).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rarenet/csv.hpp"
#include "rarenet/matrix.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/option.hpp"

namespace rarenet {

struct Dataset {
  RowMatrixD X;
  RowMatrixD Y;
  VectorD sample_weight;  // empty when none
  std::vector<std::string> feature_names;
  std::vector<std::string> target_names;
  std::string source;
  // The file's data row (0-based) each row came from; empty: row i is the file's row i.
  std::vector<std::int64_t> source_rows;
  // Mixed tables (read_table): per feature, 1 when categorical; X then holds the code of the
  // cell's text in levels[j]. NaN in X is a missing cell. Empty: every feature numeric.
  std::vector<std::uint8_t> categorical;
  std::vector<std::vector<std::string>> levels;
  // Text targets: the label of each class code (labels() returns codes 0, 1, ...): sorted as
  // scikit-learn's LabelEncoder sorts them, except that for two classes the positive class comes
  // last. Empty: the labels are the target's integers.
  std::vector<std::string> class_names;
  // The class of interest (reports, thresholds, the sweep), a label as labels() returns it;
  // -1: the default (the larger label for two classes, the rarest otherwise).
  std::int64_t positive_class = -1;

  Index n_samples() const { return X.rows(); }
  Index n_features() const { return X.cols(); }
  Index n_targets() const { return Y.cols(); }
  bool is_categorical(Index j) const {
    return !categorical.empty() && categorical[static_cast<std::size_t>(j)];
  }
  bool has_categorical() const;
  // The display name of a class label: its text for text targets, else the integer.
  std::string class_name(std::int64_t label) const;
  // The single target as integer class labels; throws InputError (naming file, line and column)
  // for a non-integer value or when there are several target columns.
  Labels labels() const;
  // The file's line number of row i (for error messages).
  std::int64_t line_of(Index i) const;
  // Rows in the given order (used by split, folds and resampling); rows may repeat.
  // InputError for a row number outside [0, n_samples).
  Dataset take(const std::vector<std::int64_t>& rows) const;
};

struct DatasetSpec {
  // Target column names (several: a multi-label problem); empty: "y" if present, else the last
  // column.
  std::vector<std::string> targets;
  // Optional per-sample weight column (excluded from the features); values finite and >= 0.
  std::string sample_weight_column;
  // Missing feature cells (NaN) are allowed (to be imputed); otherwise each is an InputError that
  // names the cell and how to allow it.
  bool allow_missing = false;
  // The positive class by its text (or integer) label; empty: the rarest class for text targets,
  // the larger label for integer targets.
  std::string positive_class;
  // How read_dataset reads the file (column kinds, missing tokens).
  std::vector<std::string> categorical, numeric;
  std::vector<std::string> na_values = {"", "NA", "NaN", "?"};
};

// "a,b" -> {"a", "b"} (empty names dropped); and back.
std::vector<std::string> parse_column_names(const std::string& text);
std::string column_names_text(const std::vector<std::string>& names);  // keeps empty items

template <class Visitor>
void for_each_option(DatasetSpec& o, Visitor&& v) {
  v(TextOption<std::vector<std::string>>{
      {"target",
       "Target column(s), comma-separated for multi-label (default: y if present, else the last "
       "column)"},
      o.targets,
      [](const std::string& s) { return parse_column_names(s); },
      [](const std::vector<std::string>& t) { return column_names_text(t); },
      "COL[,COL...]"});
  v(TextOption<std::string>{
      {"sample_weight",
       "Column of per-row weights (multiplied with the class weights; not a feature)"},
      o.sample_weight_column,
      [](const std::string& s) { return s; },
      [](const std::string& s) { return s; },
      "COL"});
  v(TextOption<std::string>{
      {"positive_class",
       "The class of interest (reports, thresholds, the sweep), by its label; default: the "
       "rarest class for text labels, the larger label for integers"},
      o.positive_class,
      [](const std::string& s) { return s; },
      [](const std::string& s) { return s; },
      "LABEL"});
  v(TextOption<std::vector<std::string>>{
      {"categorical",
       "Columns to treat as categorical although their cells are numbers (a column with text is "
       "categorical anyway)"},
      o.categorical,
      [](const std::string& s) { return parse_column_names(s); },
      [](const std::vector<std::string>& t) { return column_names_text(t); },
      "COL[,COL...]"});
  v(TextOption<std::vector<std::string>>{
      {"numeric", "Columns that must be numeric (a text cell is an error)"},
      o.numeric,
      [](const std::string& s) { return parse_column_names(s); },
      [](const std::vector<std::string>& t) { return column_names_text(t); },
      "COL[,COL...]"});
  v(TextOption<std::vector<std::string>>{
      {"na_values",
       "Cell texts that mean a missing value, comma-separated (an empty item: an empty cell)"},
      o.na_values,
      [](const std::string& s) { return split_names(s); },
      [](const std::vector<std::string>& t) { return column_names_text(t); },
      "TEXT[,TEXT...]"});
}

// Every other column is a feature. Categorical feature columns keep their codes and levels; a text
// target becomes class codes (class_names); missing cells are NaN (see allow_missing). InputError
// for a missing column (listing the columns present), no feature left, or a NaN / infinite value;
// ConfigError for a target named twice or a weight column that is also a target.
Dataset dataset_from_table(const Table& table, const DatasetSpec& spec = {});
// The same from a table the caller gives up: its values are handed back to the system as the
// features are copied out (the table is empty afterwards), so that a large file's features are
// resident once, not twice.
Dataset dataset_from_table(Table&& table, const DatasetSpec& spec = {});
// Back to a table: features, then targets, then the weight column (if any).
Table dataset_to_table(const Dataset& data);
// read_csv + dataset_from_table; NaN / inf in features are rejected with line and column.
Dataset read_dataset(const std::string& path, const DatasetSpec& spec = {});

// Sorted distinct labels, and the count of each.
std::vector<std::int64_t> unique_labels(const Labels& y);
std::vector<std::int64_t> class_counts(const Labels& y, const std::vector<std::int64_t>& classes);

}  // namespace rarenet
