#include "rarenet/dataset.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

// A double as the file would show it (shortest round-trip form).
std::string number_text(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string column_text(const Table& table, Index c) {
  return "column " + std::to_string(c + 1) + " ('" + table.names[static_cast<std::size_t>(c)] +
         "')";
}

}  // namespace

std::int64_t Dataset::line_of(Index i) const {
  // source_rows out of step with X (a dataset edited by hand): fall back to the row number.
  const bool mapped = static_cast<Index>(source_rows.size()) == X.rows() && i < X.rows();
  const std::int64_t row =
      mapped ? source_rows[static_cast<std::size_t>(i)] : static_cast<std::int64_t>(i);
  return row + 2;  // line 1 is the header
}

Labels Dataset::labels() const {
  if (Y.cols() != 1)
    throw InputError(source + ": expected one target column for class labels, found " +
                     std::to_string(Y.cols()));
  // Integers beyond 2^53 are not exactly representable, so not trusted as labels.
  constexpr double kMaxLabel = 9007199254740992.0;
  Labels y(static_cast<std::size_t>(Y.rows()));
  for (Index i = 0; i < Y.rows(); ++i) {
    const double v = Y(i, 0);
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > kMaxLabel)
      throw InputError(source + ":" + std::to_string(line_of(i)) + ": target column '" +
                       (target_names.empty() ? std::string("y") : target_names[0]) +
                       "': " + number_text(v) + " is not an integer class label");
    y[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(v);
  }
  return y;
}

Dataset Dataset::take(const std::vector<std::int64_t>& rows) const {
  Dataset d;
  d.feature_names = feature_names;
  d.target_names = target_names;
  d.source = source;
  const Index n = static_cast<Index>(rows.size());
  const bool weighted = sample_weight.size() > 0;
  d.X.resize(n, X.cols());
  d.Y.resize(n, Y.cols());
  if (weighted) d.sample_weight.resize(n);
  d.source_rows.resize(rows.size());
  for (Index i = 0; i < n; ++i) {
    const std::int64_t r64 = rows[static_cast<std::size_t>(i)];
    if (r64 < 0 || r64 >= X.rows())
      throw InputError(source + ": row " + std::to_string(r64) + " out of range, expected 0 to " +
                       std::to_string(X.rows() - 1));
    const Index r = static_cast<Index>(r64);
    d.X.row(i) = X.row(r);
    d.Y.row(i) = Y.row(r);
    if (weighted) d.sample_weight(i) = sample_weight(r);
    d.source_rows[static_cast<std::size_t>(i)] = line_of(r) - 2;
  }
  return d;
}

Dataset dataset_from_table(const Table& table, const DatasetSpec& spec) {
  Dataset d;
  d.source = table.source;
  std::vector<Index> target_cols;
  if (spec.targets.empty()) {
    if (table.cols() == 0) throw InputError(table.source + ": no columns");
    target_cols.push_back(table.has_column("y") ? table.column("y") : table.cols() - 1);
  } else {
    for (const auto& t : spec.targets) {
      const Index c = table.column(t);
      if (std::find(target_cols.begin(), target_cols.end(), c) != target_cols.end())
        throw ConfigError("target column '" + t + "' is named twice");
      target_cols.push_back(c);
    }
  }
  Index weight_col = -1;
  if (!spec.sample_weight_column.empty()) {
    weight_col = table.column(spec.sample_weight_column);
    if (std::find(target_cols.begin(), target_cols.end(), weight_col) != target_cols.end())
      throw ConfigError("--sample-weight '" + spec.sample_weight_column +
                        "' is also a target column");
  }
  std::vector<Index> feature_cols;
  for (Index c = 0; c < table.cols(); ++c)
    if (c != weight_col &&
        std::find(target_cols.begin(), target_cols.end(), c) == target_cols.end())
      feature_cols.push_back(c);
  if (feature_cols.empty())
    throw InputError(table.source + ": no feature columns left besides the target");

  const Index n = table.rows();
  d.X.resize(n, static_cast<Index>(feature_cols.size()));
  d.Y.resize(n, static_cast<Index>(target_cols.size()));
  auto gather = [&](const std::vector<Index>& cols, RowMatrixD& out, const char* what) {
    for (Index i = 0; i < n; ++i) {
      const double* row = table.values.data() + i * table.cols();
      double* dst = out.data() + i * out.cols();
      for (std::size_t j = 0; j < cols.size(); ++j) {
        const double v = row[cols[j]];
        if (!std::isfinite(v))
          throw InputError(table.source + ":" + std::to_string(i + 2) + ": " +
                           column_text(table, cols[j]) + ": " + what + " value " + number_text(v) +
                           " is not a finite number");
        dst[j] = v;
      }
    }
  };
  gather(feature_cols, d.X, "feature");
  gather(target_cols, d.Y, "target");
  for (Index c : feature_cols) d.feature_names.push_back(table.names[static_cast<std::size_t>(c)]);
  for (Index c : target_cols) d.target_names.push_back(table.names[static_cast<std::size_t>(c)]);
  if (weight_col >= 0) {
    d.sample_weight = table.values.col(weight_col);
    for (Index i = 0; i < n; ++i)
      if (!std::isfinite(d.sample_weight(i)) || d.sample_weight(i) < 0)
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": " +
                         column_text(table, weight_col) + ": sample weight " +
                         number_text(d.sample_weight(i)) + ", expected a finite number >= 0");
  }
  return d;
}

Table dataset_to_table(const Dataset& data) {
  Table t;
  t.source = data.source;
  t.names = data.feature_names;
  t.names.insert(t.names.end(), data.target_names.begin(), data.target_names.end());
  const bool weighted = data.sample_weight.size() > 0;
  if (weighted) t.names.push_back("sample_weight");
  t.values.resize(data.X.rows(), data.X.cols() + data.Y.cols() + (weighted ? 1 : 0));
  t.values.leftCols(data.X.cols()) = data.X;
  t.values.middleCols(data.X.cols(), data.Y.cols()) = data.Y;
  if (weighted) t.values.rightCols(1) = data.sample_weight;
  return t;
}

Dataset read_dataset(const std::string& path, const DatasetSpec& spec) {
  CsvReadOptions options;
  options.allow_nonfinite = false;  // NaN / inf cells fail in the reader, with line and column
  return dataset_from_table(read_csv(path, options), spec);
}

std::vector<std::int64_t> unique_labels(const Labels& y) {
  std::vector<std::int64_t> classes(y.begin(), y.end());
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  return classes;
}

std::vector<std::int64_t> class_counts(const Labels& y, const std::vector<std::int64_t>& classes) {
  std::vector<std::int64_t> counts(classes.size(), 0);
  for (auto v : y) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), v);
    if (it != classes.end() && *it == v) ++counts[static_cast<std::size_t>(it - classes.begin())];
  }
  return counts;
}

std::vector<std::string> parse_column_names(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string column_names_text(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? "," : "") + names[i];
  return s;
}

}  // namespace rarenet
