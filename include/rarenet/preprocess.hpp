// Preprocessing of mixed tables, as scikit-learn 1.2 does it: SimpleImputer, OneHotEncoder,
// LabelEncoder, and a ColumnTransformer-like Preprocessor combining them. Each is fitted on
// training rows only and saved in the model file (to_json / from_json).
//
// Inputs are the matrices read_table produces: X (n_samples, n_columns) double, NaN for a missing
// cell; a categorical column holds codes into its `levels` (the texts), which may differ from file
// to file: the encoders store category texts, never codes.
//
// Preprocessor output, in this order (names as ColumnTransformer's get_feature_names_out with
// verbose_feature_names_out=False):
//   1. the numeric columns in input order, imputed ("age"); with an imputing strategy, a column
//      with no value in the training rows is dropped (scikit-learn's keep_empty_features=False),
//      except for constant:V;
//   2. with add_indicator, one 0/1 column per numeric column that had a missing cell in the
//      training rows ("missingindicator_age");
//   3. per categorical column in input order, one 0/1 column per frequent category in sorted
//      order ("home_owner"), then "home_nan" when missing cells were seen in training (a category
//      of its own, sorted last as scikit-learn sorts NaN), then "home_infrequent_sklearn" when
//      rare categories are grouped.
// Categories sort by text (code point order, as Python sorts str), or by value when every one of
// a column's training categories is a number (a code column, which pandas reads as numbers).
// A category unseen in training (or a missing cell when training saw none) encodes as all zeros
// (handle_unknown="ignore") and is counted in TransformReport.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "rarenet/dataset.hpp"
#include "rarenet/matrix.hpp"

namespace rarenet {

// --impute: none (missing cells are errors), median, mean, most_frequent, constant:V.
struct ImputeSpec {
  enum class Strategy { None, Median, Mean, MostFrequent, Constant };
  Strategy strategy = Strategy::None;
  double fill_value = 0;  // constant
  std::string to_string() const;
};
// ConfigError naming the accepted forms otherwise.
ImputeSpec parse_impute(const std::string& text);

// scikit-learn's SimpleImputer(strategy, fill_value, add_indicator) on numeric columns.
struct SimpleImputer {
  ImputeSpec spec;
  bool add_indicator = false;
  std::vector<double> statistics;  // per input column; NaN: no value seen (column dropped)
  std::vector<std::size_t> indicator_features;  // input columns with a missing cell in fit

  // X: (n, d), NaN missing. spec must not be None.
  static SimpleImputer fit(const RowMatrixD& X, const ImputeSpec& spec, bool add_indicator);
  // (n, kept columns + indicator columns).
  RowMatrixD transform(const RowMatrixD& X) const;
  std::vector<std::string> feature_names_out(const std::vector<std::string>& names) const;
  nlohmann::json to_json() const;
  static SimpleImputer from_json(const nlohmann::json& j);
};

// scikit-learn's OneHotEncoder(handle_unknown="ignore", min_frequency, max_categories,
// sparse_output=False), with missing cells a category of their own.
struct OneHotEncoder {
  // min_frequency: 0 off; >= 1 and whole: a count; in (0, 1): a fraction of the training rows.
  // A category with fewer rows is infrequent. max_categories: 0 off; else at most this many
  // output columns per input column, the infrequent column included (scikit-learn 1.2's rule:
  // the least frequent categories, ties in category order, join the infrequent ones).
  double min_frequency = 0;
  int max_categories = 0;

  struct Column {
    std::vector<std::string> categories;   // sorted; the missing category is not among them
    bool missing = false;                  // a missing category, after the others
    bool numeric_order = false;            // categories sorted by value
    std::vector<std::uint8_t> infrequent;  // per category, then (if missing) the missing one
    Index n_outputs() const;
  };
  std::vector<Column> columns;

  // codes: (n, d) codes into levels[j] (NaN missing). ConfigError for bad parameters.
  void fit(const RowMatrixD& codes, const std::vector<std::vector<std::string>>& levels);
  // (n, sum of n_outputs). unknown (if given): per column, cells met whose category was unseen.
  RowMatrixD transform(const RowMatrixD& codes, const std::vector<std::vector<std::string>>& levels,
                       std::vector<std::int64_t>* unknown = nullptr) const;
  std::vector<std::string> feature_names_out(const std::vector<std::string>& names) const;
  nlohmann::json to_json() const;
  static OneHotEncoder from_json(const nlohmann::json& j);
};

// scikit-learn's LabelEncoder: classes sorted (code point order); codes are their positions.
struct LabelEncoder {
  std::vector<std::string> classes;
  static LabelEncoder fit(const std::vector<std::string>& y);
  // InputError for a label not among classes ("previously unseen label").
  std::vector<std::int64_t> transform(const std::vector<std::string>& y) const;
};

struct PreprocessOptions {
  ImputeSpec impute;  // numeric columns; with None, a missing cell anywhere is an error
  bool add_indicator = false;
  double min_frequency = 0;
  int max_categories = 0;
};

// Unknown categories met by a transform: per categorical column (by name), and in all.
struct TransformReport {
  std::vector<std::pair<std::string, std::int64_t>> unknown_by_column;
  std::int64_t unknown_cells = 0;
};

// ColumnTransformer([("num", SimpleImputer(...) or "passthrough", numeric columns),
//                    ("cat", OneHotEncoder(...), categorical columns)]).
struct Preprocessor {
  std::vector<std::string> input_names;
  std::vector<std::uint8_t> input_categorical;
  PreprocessOptions options;
  SimpleImputer imputer;  // when options.impute is not None
  OneHotEncoder encoder;
  std::vector<std::string> output_names;

  bool fitted() const { return !input_names.empty(); }
  // Fits on every row of `train` (take() the training rows first).
  static Preprocessor fit(const Dataset& train, const PreprocessOptions& options);
  // data: the same columns as in fit (by name, in fit's order; see Dataset columns), any levels.
  // InputError (naming line and column) for a missing cell when imputing is off.
  RowMatrixD transform(const Dataset& data, TransformReport* report = nullptr) const;
  nlohmann::json to_json() const;
  // FormatError for a malformed object.
  static Preprocessor from_json(const nlohmann::json& j);
};

// The InputError for a missing cell that may not be missing (line and column named, with how to
// allow it).
[[noreturn]] void throw_missing_cell(const std::string& source, std::int64_t line, Index column,
                                     const std::string& name);

}  // namespace rarenet
