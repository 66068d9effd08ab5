// libFuzzer target: the mixed-table reader (text categories, missing cells, forced column kinds)
// and the Dataset built from its table, the path every `train`, `cv` and `sweep` takes. Any bytes
// must parse or throw rarenet::Error; what parses must be a consistent table (a code for every
// categorical cell, within its levels), the same with one thread and with two, and either become
// a Dataset or be refused with rarenet::Error. The first byte chooses the options.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/mixed_csv.hpp"

namespace {

bool same(const rarenet::Table& a, const rarenet::Table& b) {
  return a.names == b.names && a.categorical == b.categorical && a.levels == b.levels &&
         a.values.rows() == b.values.rows() && a.values.cols() == b.values.cols() &&
         std::memcmp(a.values.data(), b.values.data(),
                     sizeof(double) * static_cast<std::size_t>(a.values.size())) == 0;
}

bool consistent(const rarenet::Table& t) {
  if (t.names.size() != static_cast<std::size_t>(t.cols())) return false;
  if (!t.categorical.empty() &&
      (t.categorical.size() != t.names.size() || t.levels.size() != t.names.size()))
    return false;
  for (rarenet::Index c = 0; c < t.cols(); ++c) {
    if (!t.is_categorical(c)) continue;
    const double levels = static_cast<double>(t.levels[static_cast<std::size_t>(c)].size());
    for (rarenet::Index r = 0; r < t.rows(); ++r) {
      const double code = t.values(r, c);
      if (std::isnan(code)) continue;  // a missing cell
      if (code < 0 || code >= levels || code != std::floor(code)) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  rarenet::TableReadOptions options;
  options.jobs = 1;
  options.delimiter = (data[0] & 1) ? ';' : ',';
  if (data[0] & 2) options.categorical = {"y"};
  if (data[0] & 4) options.numeric = {"a"};
  if (data[0] & 8) options.na_values = {""};
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  rarenet::Table table;
  try {
    table = rarenet::parse_table(text, "fuzz.csv", options);
  } catch (const rarenet::Error&) {
    return 0;
  }
  if (!consistent(table)) __builtin_trap();
  options.jobs = 2;
  if (!same(rarenet::parse_table(text, "fuzz.csv", options), table)) __builtin_trap();
  rarenet::DatasetSpec spec;
  spec.allow_missing = data[0] & 16;
  try {
    const rarenet::Dataset dataset = rarenet::dataset_from_table(table, spec);
    if (dataset.X.rows() != table.rows()) __builtin_trap();
  } catch (const rarenet::Error&) {
  }
  return 0;
}
