// CSV files: a header row of column names, then one row of numbers per sample.
//
// Numbers are parsed with fast_float; every error names the file, the 1-based line and column
// (and the column's name) and what was expected. Writing uses the shortest representation that
// reads back to the same double (round trip), and writing to a path is atomic: a temporary file
// in the same directory, renamed over the target only when complete.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

// A parsed CSV file. values: (n_rows, n_columns), row-major.
struct Table {
  std::vector<std::string> names;
  RowMatrixD values;
  std::string source;  // file name used in error messages ("-" for standard input)

  Index rows() const { return values.rows(); }
  Index cols() const { return values.cols(); }
  // Position of a column by name; throws InputError naming the file and the columns present.
  Index column(const std::string& name) const;
  bool has_column(const std::string& name) const;
};

struct CsvReadOptions {
  // NaN / inf cells are rejected (with line and column) unless allowed here.
  bool allow_nonfinite = false;
  char delimiter = ',';
};

// path "-" reads standard input.
Table read_csv(const std::string& path, const CsvReadOptions& options = {});
// Parse CSV text held in memory; `source` names it in error messages.
Table parse_csv(std::string_view text, const std::string& source,
                const CsvReadOptions& options = {});

// path "-" writes standard output; otherwise written atomically (temp file + rename).
void write_csv(const std::string& path, const Table& table);
void write_csv(std::ostream& out, const Table& table);

// Writes `content` to `path` atomically: a temporary file beside it, then rename. path "-" writes
// standard output. Used by every writer so that a failure never leaves a half-written file.
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace rarenet
