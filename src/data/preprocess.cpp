#include "rarenet/preprocess.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <unordered_map>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

std::string number_text(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

bool parse_number(std::string_view s, double& v) {
  const char* p = s.data();
  const char* end = p + s.size();
  if (p < end && *p == '+') ++p;
  const auto r = fast_float::from_chars(p, end, v);
  return p != end && r.ec == std::errc() && r.ptr == end;
}

// Median as numpy computes it: the middle value, or the two middle values' sum halved.
double median_of(std::vector<double>& v) {
  const std::size_t n = v.size(), h = n / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
  const double high = v[h];
  if (n % 2) return high;
  const double low = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
  return (low + high) / 2.0;
}

// The most frequent value; ties: the smallest (scipy.stats.mode, as SimpleImputer uses).
double most_frequent_of(std::vector<double>& v) {
  std::sort(v.begin(), v.end());
  double best = v.front();
  std::size_t best_count = 0;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j < v.size() && v[j] == v[i]) ++j;
    if (j - i > best_count) {
      best_count = j - i;
      best = v[i];
    }
    i = j;
  }
  return best;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// SimpleImputer

std::string ImputeSpec::to_string() const {
  switch (strategy) {
    case Strategy::None:
      return "none";
    case Strategy::Median:
      return "median";
    case Strategy::Mean:
      return "mean";
    case Strategy::MostFrequent:
      return "most_frequent";
    case Strategy::Constant:
      return "constant:" + number_text(fill_value);
  }
  return "none";
}

ImputeSpec parse_impute(const std::string& text) {
  ImputeSpec s;
  using S = ImputeSpec::Strategy;
  if (text == "none") return s;
  if (text == "median") s.strategy = S::Median;
  if (text == "mean") s.strategy = S::Mean;
  if (text == "most_frequent") s.strategy = S::MostFrequent;
  if (text.rfind("constant:", 0) == 0) {
    s.strategy = S::Constant;
    if (!parse_number(std::string_view(text).substr(9), s.fill_value) ||
        !std::isfinite(s.fill_value))
      throw ConfigError("--impute '" + text +
                        "': constant:V needs a finite number V, e.g. "
                        "constant:0");
  }
  if (s.strategy == S::None)
    throw ConfigError("--impute '" + text +
                      "': expected median, mean, most_frequent, constant:V or none");
  return s;
}

SimpleImputer SimpleImputer::fit(const RowMatrixD& X, const ImputeSpec& spec, bool add_indicator) {
  if (spec.strategy == ImputeSpec::Strategy::None)
    throw ConfigError(
        "SimpleImputer: a strategy is needed (median, mean, most_frequent, "
        "constant:V)");
  SimpleImputer imp;
  imp.spec = spec;
  imp.add_indicator = add_indicator;
  std::vector<double> present;
  for (Index j = 0; j < X.cols(); ++j) {
    present.clear();
    double sum = 0;
    for (Index i = 0; i < X.rows(); ++i)
      if (!std::isnan(X(i, j))) {
        present.push_back(X(i, j));
        sum += X(i, j);
      }
    if (present.size() != static_cast<std::size_t>(X.rows()))
      imp.indicator_features.push_back(static_cast<std::size_t>(j));
    double stat = std::numeric_limits<double>::quiet_NaN();
    switch (spec.strategy) {
      case ImputeSpec::Strategy::Constant:
        stat = spec.fill_value;
        break;
      case ImputeSpec::Strategy::Mean:
        if (!present.empty()) stat = sum / static_cast<double>(present.size());
        break;
      case ImputeSpec::Strategy::Median:
        if (!present.empty()) stat = median_of(present);
        break;
      case ImputeSpec::Strategy::MostFrequent:
        if (!present.empty()) stat = most_frequent_of(present);
        break;
      case ImputeSpec::Strategy::None:
        break;
    }
    imp.statistics.push_back(stat);
  }
  return imp;
}

RowMatrixD SimpleImputer::transform(const RowMatrixD& X) const {
  if (X.cols() != static_cast<Index>(statistics.size()))
    throw InputError("SimpleImputer: " + std::to_string(X.cols()) + " columns, fitted on " +
                     std::to_string(statistics.size()));
  std::vector<Index> kept;
  for (std::size_t j = 0; j < statistics.size(); ++j)
    if (!std::isnan(statistics[j])) kept.push_back(static_cast<Index>(j));
  const Index n_ind = add_indicator ? static_cast<Index>(indicator_features.size()) : 0;
  RowMatrixD out(X.rows(), static_cast<Index>(kept.size()) + n_ind);
  for (Index i = 0; i < X.rows(); ++i) {
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const double v = X(i, kept[k]);
      out(i, static_cast<Index>(k)) = std::isnan(v) ? statistics[kept[k]] : v;
    }
    for (Index k = 0; k < n_ind; ++k)
      out(i, static_cast<Index>(kept.size()) + k) =
          std::isnan(X(i, static_cast<Index>(indicator_features[k]))) ? 1.0 : 0.0;
  }
  return out;
}

std::vector<std::string> SimpleImputer::feature_names_out(
    const std::vector<std::string>& names) const {
  std::vector<std::string> out;
  for (std::size_t j = 0; j < statistics.size(); ++j)
    if (!std::isnan(statistics[j])) out.push_back(names[j]);
  if (add_indicator)
    for (std::size_t j : indicator_features) out.push_back("missingindicator_" + names[j]);
  return out;
}

json SimpleImputer::to_json() const {
  json stats = json::array();
  for (double s : statistics) stats.push_back(std::isnan(s) ? json(nullptr) : json(s));
  return {{"strategy", spec.to_string()},
          {"add_indicator", add_indicator},
          {"statistics", stats},
          {"indicator_features", indicator_features}};
}

SimpleImputer SimpleImputer::from_json(const json& j) {
  SimpleImputer imp;
  imp.spec = parse_impute(j.at("strategy").get<std::string>());
  imp.add_indicator = j.at("add_indicator").get<bool>();
  for (const json& s : j.at("statistics"))
    imp.statistics.push_back(s.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                         : s.get<double>());
  imp.indicator_features = j.at("indicator_features").get<std::vector<std::size_t>>();
  for (std::size_t f : imp.indicator_features)
    if (f >= imp.statistics.size()) throw ConfigError("indicator feature out of range");
  return imp;
}

// ---------------------------------------------------------------------------------------------
// OneHotEncoder

Index OneHotEncoder::Column::n_outputs() const {
  const std::size_t n = categories.size() + (missing ? 1 : 0);
  const auto n_infrequent =
      static_cast<std::size_t>(std::count(infrequent.begin(), infrequent.end(), 1));
  return static_cast<Index>(n - n_infrequent + (n_infrequent ? 1 : 0));
}

void OneHotEncoder::fit(const RowMatrixD& codes,
                        const std::vector<std::vector<std::string>>& levels) {
  const bool count = min_frequency >= 1;
  if (min_frequency < 0 || (count && min_frequency != std::floor(min_frequency)) ||
      !std::isfinite(min_frequency))
    throw ConfigError("--min-frequency " + number_text(min_frequency) +
                      ": expected a whole count >= 1 or a fraction in (0, 1)");
  if (max_categories < 0) throw ConfigError("--max-categories must be >= 1");
  columns.clear();
  const Index n = codes.rows();
  for (Index j = 0; j < codes.cols(); ++j) {
    const auto& lv = levels[static_cast<std::size_t>(j)];
    std::vector<std::int64_t> counts(lv.size(), 0);
    std::int64_t missing = 0;
    for (Index i = 0; i < n; ++i) {
      const double v = codes(i, j);
      if (std::isnan(v))
        ++missing;
      else
        ++counts[static_cast<std::size_t>(v)];
    }
    Column col;
    std::vector<std::size_t> present;
    for (std::size_t l = 0; l < lv.size(); ++l)
      if (counts[l] > 0) present.push_back(l);
    std::vector<double> value(lv.size(), 0);
    col.numeric_order = !present.empty();
    for (std::size_t l : present)
      col.numeric_order = col.numeric_order && parse_number(lv[l], value[l]);
    std::sort(present.begin(), present.end(), [&](std::size_t a, std::size_t b) {
      if (col.numeric_order && value[a] != value[b]) return value[a] < value[b];
      return lv[a] < lv[b];
    });
    std::vector<std::int64_t> category_count;
    for (std::size_t l : present) {
      col.categories.push_back(lv[l]);
      category_count.push_back(counts[l]);
    }
    col.missing = missing > 0;
    if (col.missing) category_count.push_back(missing);

    // scikit-learn 1.2's _identify_infrequent.
    const std::size_t k = category_count.size();
    col.infrequent.assign(k, 0);
    if (min_frequency > 0) {
      const double threshold = count ? min_frequency : static_cast<double>(n) * min_frequency;
      for (std::size_t c = 0; c < k; ++c)
        col.infrequent[c] = static_cast<double>(category_count[c]) < threshold;
    }
    const auto n_infrequent =
        static_cast<std::size_t>(std::count(col.infrequent.begin(), col.infrequent.end(), 1));
    const std::size_t n_current = k - n_infrequent + 1;
    if (max_categories > 0 && static_cast<std::size_t>(max_categories) < n_current) {
      std::vector<std::size_t> order(k);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return category_count[a] < category_count[b];
      });
      // argsort(...)[: -max_categories + 1]: for max_categories 1 that slice is empty.
      const std::size_t smallest = max_categories > 1 ? k - (max_categories - 1) : 0;
      for (std::size_t c = 0; c < smallest && c < k; ++c) col.infrequent[order[c]] = 1;
    }
    columns.push_back(std::move(col));
  }
}

RowMatrixD OneHotEncoder::transform(const RowMatrixD& codes,
                                    const std::vector<std::vector<std::string>>& levels,
                                    std::vector<std::int64_t>* unknown) const {
  if (codes.cols() != static_cast<Index>(columns.size()))
    throw InputError("OneHotEncoder: " + std::to_string(codes.cols()) + " columns, fitted on " +
                     std::to_string(columns.size()));
  Index width = 0;
  for (const Column& c : columns) width += c.n_outputs();
  RowMatrixD out = RowMatrixD::Zero(codes.rows(), width);
  if (unknown) unknown->assign(columns.size(), 0);
  Index offset = 0;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const Column& col = columns[j];
    // Output position of each category (frequent ones in order, infrequent ones last).
    const std::size_t k = col.categories.size() + (col.missing ? 1 : 0);
    std::vector<Index> position(k);
    Index next = 0;
    for (std::size_t c = 0; c < k; ++c)
      if (!col.infrequent[c]) position[c] = next++;
    for (std::size_t c = 0; c < k; ++c)
      if (col.infrequent[c]) position[c] = next;
    // This file's codes to output positions (-1: unknown).
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t c = 0; c < col.categories.size(); ++c) index.emplace(col.categories[c], c);
    const auto& lv = levels[j];
    std::vector<Index> of_code(lv.size(), -1);
    for (std::size_t l = 0; l < lv.size(); ++l) {
      auto it = index.find(lv[l]);
      if (it == index.end() && col.numeric_order) {
        // A code column matches by value ("1" and "1.0" are the same number).
        double v = 0;
        if (parse_number(lv[l], v))
          for (std::size_t c = 0; c < col.categories.size() && it == index.end(); ++c) {
            double w = 0;
            if (parse_number(col.categories[c], w) && w == v) it = index.find(col.categories[c]);
          }
      }
      if (it != index.end()) of_code[l] = position[it->second];
    }
    const Index missing_pos = col.missing ? position[col.categories.size()] : -1;
    for (Index i = 0; i < codes.rows(); ++i) {
      const double v = codes(i, static_cast<Index>(j));
      const Index p = std::isnan(v) ? missing_pos : of_code[static_cast<std::size_t>(v)];
      if (p >= 0)
        out(i, offset + p) = 1.0;
      else if (unknown)
        ++(*unknown)[j];
    }
    offset += col.n_outputs();
  }
  return out;
}

std::vector<std::string> OneHotEncoder::feature_names_out(
    const std::vector<std::string>& names) const {
  std::vector<std::string> out;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const Column& col = columns[j];
    bool any_infrequent = false;
    for (std::size_t c = 0; c < col.infrequent.size(); ++c) {
      if (col.infrequent[c]) {
        any_infrequent = true;
        continue;
      }
      out.push_back(names[j] + "_" + (c < col.categories.size() ? col.categories[c] : "nan"));
    }
    if (any_infrequent) out.push_back(names[j] + "_infrequent_sklearn");
  }
  return out;
}

json OneHotEncoder::to_json() const {
  json cols = json::array();
  for (const Column& c : columns) {
    std::vector<std::string> infrequent;
    for (std::size_t i = 0; i < c.infrequent.size(); ++i)
      if (c.infrequent[i]) infrequent.push_back(i < c.categories.size() ? c.categories[i] : "");
    cols.push_back({{"categories", c.categories},
                    {"missing_category", c.missing},
                    {"numeric_order", c.numeric_order},
                    {"infrequent", c.infrequent}});
  }
  return {{"min_frequency", min_frequency}, {"max_categories", max_categories}, {"columns", cols}};
}

OneHotEncoder OneHotEncoder::from_json(const json& j) {
  OneHotEncoder e;
  e.min_frequency = j.at("min_frequency").get<double>();
  e.max_categories = j.at("max_categories").get<int>();
  for (const json& c : j.at("columns")) {
    Column col;
    col.categories = c.at("categories").get<std::vector<std::string>>();
    col.missing = c.at("missing_category").get<bool>();
    col.numeric_order = c.at("numeric_order").get<bool>();
    col.infrequent = c.at("infrequent").get<std::vector<std::uint8_t>>();
    if (col.infrequent.size() != col.categories.size() + (col.missing ? 1 : 0))
      throw ConfigError("infrequent flags do not match the categories");
    e.columns.push_back(std::move(col));
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// LabelEncoder

LabelEncoder LabelEncoder::fit(const std::vector<std::string>& y) {
  LabelEncoder e;
  e.classes = y;
  std::sort(e.classes.begin(), e.classes.end());
  e.classes.erase(std::unique(e.classes.begin(), e.classes.end()), e.classes.end());
  return e;
}

std::vector<std::int64_t> LabelEncoder::transform(const std::vector<std::string>& y) const {
  std::vector<std::int64_t> out;
  out.reserve(y.size());
  for (const auto& v : y) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), v);
    if (it == classes.end() || *it != v)
      throw InputError("y contains a previously unseen label: '" + v + "'");
    out.push_back(it - classes.begin());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Preprocessor

void throw_missing_cell(const std::string& source, std::int64_t line, Index column,
                        const std::string& name) {
  throw InputError(source + ":" + std::to_string(line) + ": column " + std::to_string(column + 1) +
                   " ('" + name +
                   "'): missing value; pass --impute median (or mean, most_frequent, "
                   "constant:V) to fill missing numbers and give missing categories their own "
                   "category");
}

namespace {

struct Split {
  std::vector<Index> numeric, categorical;
};

Split split_columns(const std::vector<std::uint8_t>& categorical, std::size_t n) {
  Split s;
  for (std::size_t j = 0; j < n; ++j)
    (!categorical.empty() && categorical[j] ? s.categorical : s.numeric)
        .push_back(static_cast<Index>(j));
  return s;
}

RowMatrixD gather(const RowMatrixD& X, const std::vector<Index>& cols) {
  RowMatrixD out(X.rows(), static_cast<Index>(cols.size()));
  for (Index i = 0; i < X.rows(); ++i)
    for (std::size_t k = 0; k < cols.size(); ++k) out(i, static_cast<Index>(k)) = X(i, cols[k]);
  return out;
}

// The first missing cell an unimputed transform would meet.
void check_no_missing(const Dataset& d, const std::vector<Index>& cols) {
  for (Index i = 0; i < d.X.rows(); ++i)
    for (Index c : cols)
      if (std::isnan(d.X(i, c)))
        throw_missing_cell(d.source, d.line_of(i), c, d.feature_names[static_cast<std::size_t>(c)]);
}

}  // namespace

Preprocessor Preprocessor::fit(const Dataset& train, const PreprocessOptions& options) {
  Preprocessor p;
  p.input_names = train.feature_names;
  p.input_categorical = train.categorical;
  p.input_categorical.resize(train.feature_names.size(), 0);
  p.options = options;
  const Split s = split_columns(p.input_categorical, p.input_names.size());
  const bool impute = options.impute.strategy != ImputeSpec::Strategy::None;
  if (!impute) {
    check_no_missing(train, s.numeric);
    check_no_missing(train, s.categorical);
  }
  std::vector<std::string> num_names, cat_names;
  for (Index c : s.numeric) num_names.push_back(p.input_names[static_cast<std::size_t>(c)]);
  for (Index c : s.categorical) cat_names.push_back(p.input_names[static_cast<std::size_t>(c)]);
  if (impute) {
    p.imputer =
        SimpleImputer::fit(gather(train.X, s.numeric), options.impute, options.add_indicator);
    p.output_names = p.imputer.feature_names_out(num_names);
  } else {
    p.output_names = num_names;
  }
  p.encoder.min_frequency = options.min_frequency;
  p.encoder.max_categories = options.max_categories;
  std::vector<std::vector<std::string>> levels;
  for (Index c : s.categorical) levels.push_back(train.levels[static_cast<std::size_t>(c)]);
  p.encoder.fit(gather(train.X, s.categorical), levels);
  for (auto& n : p.encoder.feature_names_out(cat_names)) p.output_names.push_back(std::move(n));
  if (p.output_names.empty())
    throw InputError(train.source +
                     ": no feature column left after preprocessing (every "
                     "numeric column is empty in the training rows)");
  return p;
}

RowMatrixD Preprocessor::transform(const Dataset& data, TransformReport* report) const {
  if (data.feature_names != input_names)
    throw InputError(data.source +
                     ": the columns differ from those the preprocessing was "
                     "fitted on");
  for (std::size_t j = 0; j < input_names.size(); ++j)
    if (data.is_categorical(static_cast<Index>(j)) != static_cast<bool>(input_categorical[j]))
      throw InputError(data.source + ": column '" + input_names[j] + "' is " +
                       (input_categorical[j] ? "categorical" : "numeric") +
                       " in the model but not in this file");
  const Split s = split_columns(input_categorical, input_names.size());
  const bool impute = options.impute.strategy != ImputeSpec::Strategy::None;
  if (!impute) {
    check_no_missing(data, s.numeric);
    check_no_missing(data, s.categorical);
  }
  const RowMatrixD num =
      impute ? imputer.transform(gather(data.X, s.numeric)) : gather(data.X, s.numeric);
  std::vector<std::vector<std::string>> levels;
  for (Index c : s.categorical) levels.push_back(data.levels[static_cast<std::size_t>(c)]);
  std::vector<std::int64_t> unknown;
  const RowMatrixD cat = encoder.transform(gather(data.X, s.categorical), levels, &unknown);
  if (report) {
    *report = {};
    for (std::size_t k = 0; k < unknown.size(); ++k) {
      report->unknown_by_column.emplace_back(
          input_names[static_cast<std::size_t>(s.categorical[k])], unknown[k]);
      report->unknown_cells += unknown[k];
    }
  }
  RowMatrixD out(data.X.rows(), num.cols() + cat.cols());
  out.leftCols(num.cols()) = num;
  out.rightCols(cat.cols()) = cat;
  return out;
}

json Preprocessor::to_json() const {
  const Split s = split_columns(input_categorical, input_names.size());
  json columns = json::array();
  std::size_t num_k = 0, cat_k = 0;
  const bool impute = options.impute.strategy != ImputeSpec::Strategy::None;
  for (std::size_t j = 0; j < input_names.size(); ++j) {
    json c = {{"name", input_names[j]}};
    if (input_categorical[j]) {
      const OneHotEncoder::Column& e = encoder.columns[cat_k++];
      c["kind"] = "categorical";
      c["categories"] = e.categories;
      c["missing_category"] = e.missing;
      c["numeric_order"] = e.numeric_order;
      c["infrequent"] = e.infrequent;
    } else {
      c["kind"] = "numeric";
      if (impute) {
        const double st = imputer.statistics[num_k];
        c["impute_value"] = std::isnan(st) ? json(nullptr) : json(st);
        c["indicator"] =
            std::find(imputer.indicator_features.begin(), imputer.indicator_features.end(),
                      num_k) != imputer.indicator_features.end();
      }
      ++num_k;
    }
    columns.push_back(std::move(c));
  }
  (void)s;
  return {{"impute", options.impute.to_string()},
          {"add_indicator", options.add_indicator},
          {"min_frequency", options.min_frequency},
          {"max_categories", options.max_categories},
          {"columns", columns},
          {"output_names", output_names}};
}

Preprocessor Preprocessor::from_json(const json& j) {
  try {
    Preprocessor p;
    p.options.impute = parse_impute(j.at("impute").get<std::string>());
    p.options.add_indicator = j.at("add_indicator").get<bool>();
    p.options.min_frequency = j.at("min_frequency").get<double>();
    p.options.max_categories = j.at("max_categories").get<int>();
    p.imputer.spec = p.options.impute;
    p.imputer.add_indicator = p.options.add_indicator;
    p.encoder.min_frequency = p.options.min_frequency;
    p.encoder.max_categories = p.options.max_categories;
    const bool impute = p.options.impute.strategy != ImputeSpec::Strategy::None;
    std::size_t num_k = 0;
    for (const json& c : j.at("columns")) {
      p.input_names.push_back(c.at("name").get<std::string>());
      const std::string kind = c.at("kind").get<std::string>();
      if (kind == "categorical") {
        p.input_categorical.push_back(1);
        OneHotEncoder::Column col;
        col.categories = c.at("categories").get<std::vector<std::string>>();
        col.missing = c.at("missing_category").get<bool>();
        col.numeric_order = c.at("numeric_order").get<bool>();
        col.infrequent = c.at("infrequent").get<std::vector<std::uint8_t>>();
        if (col.infrequent.size() != col.categories.size() + (col.missing ? 1 : 0))
          throw FormatError("column '" + p.input_names.back() +
                            "': infrequent flags do not match its categories");
        p.encoder.columns.push_back(std::move(col));
      } else if (kind == "numeric") {
        p.input_categorical.push_back(0);
        if (impute) {
          const json& v = c.at("impute_value");
          p.imputer.statistics.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                                     : v.get<double>());
          if (c.at("indicator").get<bool>()) p.imputer.indicator_features.push_back(num_k);
        }
        ++num_k;
      } else {
        throw FormatError("column '" + p.input_names.back() + "': unknown kind '" + kind + "'");
      }
    }
    p.output_names = j.at("output_names").get<std::vector<std::string>>();
    return p;
  } catch (const json::exception& e) {
    throw FormatError(std::string("malformed preprocessing: ") + e.what());
  } catch (const ConfigError& e) {
    throw FormatError(std::string("malformed preprocessing: ") + e.what());
  }
}

}  // namespace rarenet
