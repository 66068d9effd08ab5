#include "rarenet/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "rarenet/error.hpp"

namespace rarenet {

Labels Dataset::labels() const {
  if (Y.cols() != 1)
    throw InputError(source + ": expected one target column, found " + std::to_string(Y.cols()));
  Labels y(static_cast<std::size_t>(Y.rows()));
  for (Index i = 0; i < Y.rows(); ++i) {
    const double v = Y(i, 0);
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 9.0e15)
      throw InputError(source + ":" + std::to_string(i + 2) + ": target column '" +
                       (target_names.empty() ? std::string("y") : target_names[0]) +
                       "': " + std::to_string(v) + " is not an integer class label");
    y[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(v);
  }
  return y;
}

Dataset Dataset::take(const std::vector<std::int64_t>& rows) const {
  Dataset d;
  d.feature_names = feature_names;
  d.target_names = target_names;
  d.source = source;
  d.X.resize(static_cast<Index>(rows.size()), X.cols());
  d.Y.resize(static_cast<Index>(rows.size()), Y.cols());
  if (sample_weight.size() > 0) d.sample_weight.resize(static_cast<Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Index r = static_cast<Index>(rows[i]);
    d.X.row(static_cast<Index>(i)) = X.row(r);
    d.Y.row(static_cast<Index>(i)) = Y.row(r);
    if (sample_weight.size() > 0) d.sample_weight(static_cast<Index>(i)) = sample_weight(r);
  }
  return d;
}

Dataset dataset_from_table(const Table& table, const DatasetSpec& spec) {
  Dataset d;
  d.source = table.source;
  std::vector<Index> target_cols;
  if (spec.targets.empty()) {
    target_cols.push_back(table.has_column("y") ? table.column("y") : table.cols() - 1);
  } else {
    for (const auto& t : spec.targets) target_cols.push_back(table.column(t));
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
  for (Index i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < feature_cols.size(); ++j) {
      const double v = table.values(i, feature_cols[j]);
      if (!std::isfinite(v))
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": column " +
                         std::to_string(feature_cols[j] + 1) + " ('" +
                         table.names[feature_cols[j]] + "'): feature value is not a finite number");
      d.X(i, static_cast<Index>(j)) = v;
    }
    for (std::size_t j = 0; j < target_cols.size(); ++j) {
      const double v = table.values(i, target_cols[j]);
      if (!std::isfinite(v))
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": column " +
                         std::to_string(target_cols[j] + 1) + " ('" + table.names[target_cols[j]] +
                         "'): target is not a finite number");
      d.Y(i, static_cast<Index>(j)) = v;
    }
  }
  for (Index c : feature_cols) d.feature_names.push_back(table.names[c]);
  for (Index c : target_cols) d.target_names.push_back(table.names[c]);
  if (weight_col >= 0) {
    d.sample_weight = table.values.col(weight_col);
    for (Index i = 0; i < n; ++i)
      if (!std::isfinite(d.sample_weight(i)) || d.sample_weight(i) < 0)
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": column " +
                         std::to_string(weight_col + 1) + " ('" + table.names[weight_col] +
                         "'): sample weight must be a finite number >= 0");
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
  options.allow_nonfinite = false;
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

}  // namespace rarenet
