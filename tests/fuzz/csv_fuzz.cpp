// libFuzzer target: the CSV reader. Any bytes must either parse or throw rarenet::Error (never
// crash, hang or read out of bounds), and what parses must survive a write and a re-read with
// every value bit for bit. The first byte chooses the options (delimiter, non-finite cells).
#include <cstdint>
#include <cstring>
#include <string_view>

#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  rarenet::CsvReadOptions options;
  options.jobs = 1 + (data[0] & 1);  // both the one-thread and the chunked paths
  options.allow_nonfinite = data[0] & 2;
  options.delimiter = (data[0] & 4) ? ';' : ',';
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  rarenet::Table table;
  try {
    table = rarenet::parse_csv(text, "fuzz.csv", options);
  } catch (const rarenet::Error&) {
    return 0;
  }
  if (options.delimiter != ',') return 0;  // the writer writes commas
  const std::string written = rarenet::to_csv_string(table);
  const rarenet::Table back = rarenet::parse_csv(written, "written.csv", options);
  if (back.names != table.names || back.values.rows() != table.values.rows() ||
      back.values.cols() != table.values.cols() ||
      std::memcmp(back.values.data(), table.values.data(),
                  sizeof(double) * static_cast<std::size_t>(table.values.size())) != 0)
    __builtin_trap();
  return 0;
}
