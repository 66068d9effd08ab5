#include "rarenet/dataset.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <utility>

#include "rarenet/error.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/preprocess.hpp"

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

// Text labels: codes into class_names (LabelEncoder's sorted order; for two classes the positive
// class last, so that thresholds decide it). d.Y holds codes into `levels` on entry.
void encode_text_target(const std::vector<std::string>& levels, const DatasetSpec& spec,
                        Dataset& d) {
  std::vector<std::int64_t> counts(levels.size(), 0);
  for (Index i = 0; i < d.Y.rows(); ++i) ++counts[static_cast<std::size_t>(d.Y(i, 0))];
  std::vector<std::string> present;
  for (std::size_t l = 0; l < levels.size(); ++l)
    if (counts[l] > 0) present.push_back(levels[l]);
  std::vector<std::string> classes = LabelEncoder::fit(present).classes;
  std::vector<std::int64_t> class_count(classes.size(), 0);
  for (std::size_t l = 0; l < levels.size(); ++l)
    if (counts[l] > 0)
      class_count[static_cast<std::size_t>(
          std::lower_bound(classes.begin(), classes.end(), levels[l]) - classes.begin())] +=
          counts[l];
  std::size_t positive = 0;
  if (!spec.positive_class.empty()) {
    const auto it = std::find(classes.begin(), classes.end(), spec.positive_class);
    if (it == classes.end()) {
      std::string list;
      for (const auto& c : classes) list += (list.empty() ? "" : ", ") + c;
      throw ConfigError("--positive-class '" + spec.positive_class + "': not a class of '" +
                        d.target_names.front() + "' in " + d.source + " (classes: " + list + ")");
    }
    positive = static_cast<std::size_t>(it - classes.begin());
  } else {
    for (std::size_t c = 1; c < classes.size(); ++c)
      if (class_count[c] <= class_count[positive]) positive = c;  // ties: the later class
  }
  if (classes.size() == 2 && positive == 0) std::swap(classes[0], classes[1]);
  d.class_names = classes;
  d.positive_class = classes.size() == 2 ? 1 : static_cast<std::int64_t>(positive);
  std::vector<double> code_of(levels.size(), 0);
  for (std::size_t l = 0; l < levels.size(); ++l)
    code_of[l] =
        static_cast<double>(std::find(classes.begin(), classes.end(), levels[l]) - classes.begin());
  for (Index i = 0; i < d.Y.rows(); ++i) d.Y(i, 0) = code_of[static_cast<std::size_t>(d.Y(i, 0))];
}

// --positive-class on an integer target: the larger label already is the positive one of two;
// otherwise the classes become named codes with the positive class last.
void choose_integer_positive(const DatasetSpec& spec, Dataset& d) {
  const Labels y = d.labels();
  const std::vector<std::int64_t> classes = unique_labels(y);
  std::int64_t wanted = 0;
  const auto res = std::from_chars(spec.positive_class.data(),
                                   spec.positive_class.data() + spec.positive_class.size(), wanted);
  const bool is_int =
      res.ec == std::errc() && res.ptr == spec.positive_class.data() + spec.positive_class.size();
  if (!is_int || !std::binary_search(classes.begin(), classes.end(), wanted)) {
    std::string list;
    for (auto c : classes) list += (list.empty() ? "" : ", ") + std::to_string(c);
    throw ConfigError("--positive-class '" + spec.positive_class + "': not a class of '" +
                      d.target_names.front() + "' in " + d.source + " (classes: " + list + ")");
  }
  if (classes.size() != 2) {
    d.positive_class = wanted;
    return;
  }
  if (wanted == classes[1]) return;
  d.class_names = {std::to_string(classes[1]), std::to_string(classes[0])};
  for (Index i = 0; i < d.Y.rows(); ++i) d.Y(i, 0) = d.Y(i, 0) == wanted ? 1.0 : 0.0;
  d.positive_class = 1;
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

bool Dataset::has_categorical() const {
  return std::find(categorical.begin(), categorical.end(), 1) != categorical.end();
}

std::string Dataset::class_name(std::int64_t label) const {
  if (label >= 0 && label < static_cast<std::int64_t>(class_names.size()))
    return class_names[static_cast<std::size_t>(label)];
  return std::to_string(label);
}

Dataset Dataset::take(const std::vector<std::int64_t>& rows) const {
  Dataset d;
  d.feature_names = feature_names;
  d.target_names = target_names;
  d.source = source;
  d.categorical = categorical;
  d.levels = levels;
  d.class_names = class_names;
  d.positive_class = positive_class;
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

// Well-formed UTF-8 (no overlong forms checked beyond the lead byte's range).
static bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || (n > 1 && c < 0xC2) || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

namespace {

// Drops from the process the whole pages of [from, to), memory the caller owns and will not read
// again (madvise MADV_DONTNEED on private anonymous memory: the pages come back zero if touched).
void drop_pages(const void* from, const void* to) {
  const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const std::uintptr_t lo = (reinterpret_cast<std::uintptr_t>(from) + page - 1) & ~(page - 1);
  const std::uintptr_t hi = reinterpret_cast<std::uintptr_t>(to) & ~(page - 1);
  if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
}

// `consume`: the table is the caller's to discard; its values are given back to the system as
// the features are copied out, so that the table and the features are never both resident.
Dataset from_table(const Table& table, const DatasetSpec& spec, bool consume) {
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
  // The target and weight columns first (a few MB), so that the features' pass may drop the
  // table behind it.
  std::vector<Index> side_cols = target_cols;
  if (weight_col >= 0) side_cols.push_back(weight_col);
  RowMatrixD side(n, static_cast<Index>(side_cols.size()));
  for (Index i = 0; i < n; ++i)
    for (std::size_t j = 0; j < side_cols.size(); ++j)
      side(i, static_cast<Index>(j)) = table.values(i, side_cols[j]);
  // Copies cols of src (whose column k is the table's column table_cols[k]) into out, checking
  // each value; `release`: drops the rows of src already copied, every 4 MB.
  auto gather = [&](const RowMatrixD& src, const std::vector<Index>& cols,
                    const std::vector<Index>& table_cols, RowMatrixD& out, const char* what,
                    bool release) {
    const bool features = &out == &d.X;
    const Index stride = src.cols();
    const Index step = std::max<Index>(1, (Index{4} << 20) / (8 * std::max<Index>(1, stride)));
    const double* released = src.data();
    for (Index i = 0; i < n; ++i) {
      const double* row = src.data() + i * stride;
      if (release && i % step == 0 && row > released) {
        drop_pages(released, row);
        released = row;
      }
      double* dst = out.data() + i * out.cols();
      for (std::size_t j = 0; j < cols.size(); ++j) {
        const double v = row[cols[j]];
        const Index c = table_cols[static_cast<std::size_t>(cols[j])];
        if (features && std::isnan(v)) {  // a missing cell
          if (!spec.allow_missing)
            throw_missing_cell(table.source, i + 2, c, table.names[static_cast<std::size_t>(c)]);
        } else if (!std::isfinite(v))
          throw InputError(table.source + ":" + std::to_string(i + 2) + ": " +
                           column_text(table, c) + ": " + what + " value " + number_text(v) +
                           " is not a finite number");
        dst[j] = v;
      }
    }
  };
  std::vector<Index> all_cols(static_cast<std::size_t>(table.cols()));
  for (Index c = 0; c < table.cols(); ++c) all_cols[static_cast<std::size_t>(c)] = c;
  std::vector<Index> side_index(side_cols.size());
  for (std::size_t j = 0; j < side_cols.size(); ++j) side_index[j] = static_cast<Index>(j);
  for (Index c : feature_cols) d.feature_names.push_back(table.names[static_cast<std::size_t>(c)]);
  for (Index c : target_cols) d.target_names.push_back(table.names[static_cast<std::size_t>(c)]);
  gather(table.values, feature_cols, all_cols, d.X, "feature",
         consume && table.values.size() >= (Index{1} << 20));
  // Categories are stored in the model file as JSON text, which must be UTF-8.
  for (std::size_t c = 0; c < table.levels.size(); ++c)
    if (table.is_categorical(static_cast<Index>(c)))
      for (const std::string& level : table.levels[c])
        if (!valid_utf8(level))
          throw InputError(table.source + ": " + column_text(table, static_cast<Index>(c)) +
                           ": the category '" + level +
                           "' is not UTF-8 text (is this a binary file?)");
  if (!table.categorical.empty()) {
    d.categorical.resize(feature_cols.size(), 0);
    d.levels.resize(feature_cols.size());
    for (std::size_t j = 0; j < feature_cols.size(); ++j)
      if (table.is_categorical(feature_cols[j])) {
        d.categorical[j] = 1;
        d.levels[j] = table.levels[static_cast<std::size_t>(feature_cols[j])];
      }
  }
  if (weight_col >= 0 && table.is_categorical(weight_col))
    throw InputError(table.source + ": " + column_text(table, weight_col) +
                     ": sample weights must be numbers, found text");
  const bool text_target = target_cols.size() == 1 && table.is_categorical(target_cols[0]);
  if (text_target) {
    d.Y.resize(n, 1);
    for (Index i = 0; i < n; ++i) {
      const double v = side(i, 0);
      if (std::isnan(v))
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": " +
                         column_text(table, target_cols[0]) +
                         ": missing target value, expected a class label");
      d.Y(i, 0) = v;
    }
    encode_text_target(table.levels[static_cast<std::size_t>(target_cols[0])], spec, d);
  } else {
    for (Index c : target_cols)
      if (table.is_categorical(c))
        throw InputError(table.source + ": " + column_text(table, c) +
                         ": multi-label targets must be 0/1 numbers, found text");
    gather(side, std::vector<Index>(side_index.begin(), side_index.begin() + d.Y.cols()), side_cols,
           d.Y, "target", false);
    if (!spec.positive_class.empty() && target_cols.size() == 1) choose_integer_positive(spec, d);
  }
  if (weight_col >= 0) {
    d.sample_weight = side.col(side.cols() - 1);
    for (Index i = 0; i < n; ++i)
      if (!std::isfinite(d.sample_weight(i)) || d.sample_weight(i) < 0)
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": " +
                         column_text(table, weight_col) + ": sample weight " +
                         number_text(d.sample_weight(i)) + ", expected a finite number >= 0");
  }
  return d;
}

}  // namespace

Dataset dataset_from_table(const Table& table, const DatasetSpec& spec) {
  return from_table(table, spec, false);
}

Dataset dataset_from_table(Table&& table, const DatasetSpec& spec) {
  Dataset d = from_table(table, spec, true);
  table.values.resize(0, 0);  // its pages were given back: nothing in it is worth keeping
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
  TableReadOptions options;
  options.categorical = spec.categorical;
  options.numeric = spec.numeric;
  options.na_values = spec.na_values;
  Table table = read_table(path, options);
  for (const auto* names : {&spec.categorical, &spec.numeric})
    for (const auto& name : *names)
      if (!table.has_column(name))
        throw InputError((names == &spec.categorical ? "--categorical" : "--numeric") +
                         std::string(": ") + table.source + ": no column named '" + name + "'");
  return dataset_from_table(std::move(table), spec);
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
