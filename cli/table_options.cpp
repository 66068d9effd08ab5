#include "table_options.hpp"

#include <charconv>
#include <cmath>

#include "rarenet/error.hpp"
#include "rarenet/mixed_csv.hpp"

namespace rarenet::cli {

void add_table_options(CLI::App* app, TableCliOptions& o, bool training) {
  if (training) {
    app->add_option("--categorical", o.categorical,
                    "Columns to treat as categorical although their cells are numbers, "
                    "comma-separated (a column with text is categorical anyway)");
    app->add_option("--numeric", o.numeric,
                    "Columns that must be numeric, comma-separated (a text cell is an error)");
  }
  app->add_option("--na-values", o.na_values,
                  "Cell texts that mean a missing value, comma-separated (default: empty, NA, "
                  "NaN, ?)");
  if (!training) return;
  app->add_option("--impute", o.impute,
                  "Fill missing numbers with the training rows' median, mean, most_frequent or "
                  "constant:V (scikit-learn's SimpleImputer); missing categories become a category "
                  "of their own. none: a missing cell is an error")
      ->capture_default_str();
  app->add_flag("--add-indicator", o.add_indicator,
                "Add a 0/1 column per numeric column that had missing cells in training");
  app->add_option("--min-frequency", o.min_frequency,
                  "Group categories seen in fewer training rows (a count >= 1, or a fraction in "
                  "(0, 1)) into one infrequent column, as scikit-learn's OneHotEncoder")
      ->capture_default_str();
  app->add_option("--max-categories", o.max_categories,
                  "At most this many one-hot columns per categorical column, the infrequent one "
                  "included (0: no limit)")
      ->capture_default_str();
  app->add_option("--positive-class", o.positive_class,
                  "The class of interest (reports, thresholds, the sweep), by its label; default: "
                  "the rarest class for text labels, the larger label for integers");
}

std::vector<std::string> na_values_of(const TableCliOptions& o) {
  return split_names(o.na_values);
}

void apply_table_options(const TableCliOptions& o, DatasetSpec& spec) {
  if (!o.categorical.empty()) spec.categorical = split_names(o.categorical);
  if (!o.numeric.empty()) spec.numeric = split_names(o.numeric);
  spec.na_values = na_values_of(o);
  spec.positive_class = o.positive_class;
  spec.allow_missing = to_preprocess_options(o).impute.strategy != ImputeSpec::Strategy::None;
}

PreprocessOptions to_preprocess_options(const TableCliOptions& o) {
  PreprocessOptions p;
  p.impute = parse_impute(o.impute);
  p.add_indicator = o.add_indicator;
  double v = 0;
  const auto r =
      std::from_chars(o.min_frequency.data(), o.min_frequency.data() + o.min_frequency.size(), v);
  if (r.ec != std::errc() || r.ptr != o.min_frequency.data() + o.min_frequency.size() ||
      !std::isfinite(v) || v < 0 || (v >= 1 && v != std::floor(v)))
    throw ConfigError("--min-frequency '" + o.min_frequency +
                      "': expected a whole count >= 1, a fraction in (0, 1), or 0 (off)");
  p.min_frequency = v;
  if (o.max_categories < 0) throw ConfigError("--max-categories must be >= 0 (0: no limit)");
  p.max_categories = o.max_categories;
  if (p.add_indicator && p.impute.strategy == ImputeSpec::Strategy::None)
    throw ConfigError("--add-indicator needs --impute (median, mean, most_frequent or constant:V)");
  return p;
}

std::string class_weight_with_labels(const std::string& text, const Dataset& data) {
  if (data.class_names.empty() || text == "none" || text == "balanced" ||
      text.rfind("capped:", 0) == 0 || text.rfind("effective:", 0) == 0)
    return text;
  std::string out;
  for (const std::string& item : split_names(text)) {
    const auto colon = item.rfind(':');
    if (colon == std::string::npos) return text;  // parse_class_weight explains
    const std::string label = item.substr(0, colon);
    const auto it = std::find(data.class_names.begin(), data.class_names.end(), label);
    if (it == data.class_names.end()) {
      std::string list;
      for (const auto& c : data.class_names) list += (list.empty() ? "" : ", ") + c;
      throw ConfigError("--class-weight '" + text + "': '" + label + "' is not a class of '" +
                        data.target_names.front() + "' (classes: " + list + ")");
    }
    out += (out.empty() ? "" : ",") + std::to_string(it - data.class_names.begin()) +
           item.substr(colon);
  }
  return out;
}

}  // namespace rarenet::cli
