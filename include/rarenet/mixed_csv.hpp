// Mixed tables: CSV files whose columns hold numbers, text categories and missing cells.
//
// Column types follow one rule: a column is numeric when every non-missing cell parses as a number
// (as read_csv parses them), categorical otherwise. `categorical` forces columns to be
// categorical (codes that look like numbers: "01", "1", "2"); `numeric` forces columns to be
// numeric, and a cell that is not a number is then an InputError naming its line and column.
// Forced names absent from the file are ignored here (the caller names them in its own error).
//
// Missing cells: a cell whose text (spaces and quotes removed) is one of `na_values` (default "",
// "NA", "NaN", "?"), a number equal to a numeric na_value, or a NaN literal ("nan") is missing:
// NaN in `values`, in every column kind.
//
// The result is a Table (csv.hpp): values (n_rows, n_columns) with numbers for numeric columns and,
// for categorical columns, the code of each cell's text in levels[c], codes numbered in order of
// first appearance in the file (the same for any thread count). A cell's text keeps its original
// spelling ("1.50" stays "1.50"); quoted cells may hold the delimiter and "" for a quote, but not a
// line break.
//
// Speed: a file with no text and no missing cell is read by read_csv's parser unchanged; other
// files by a second parser of the same design (mapped file, one run of lines per thread) that
// stores each cell once, then turns the categorical columns' text into codes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rarenet/csv.hpp"

namespace rarenet {

struct TableReadOptions {
  char delimiter = ',';
  int jobs = 0;  // threads; <= 0: one per core; the result does not depend on it
  std::vector<std::string> na_values = {"", "NA", "NaN", "?"};
  std::vector<std::string> categorical;  // columns forced categorical
  std::vector<std::string> numeric;      // columns forced numeric
};

// path "-" reads standard input. FileError if it cannot be read; InputError for malformed content
// (wrong field count, unterminated quote, a forced-numeric column holding text, and every header
// error of read_csv).
Table read_table(const std::string& path, const TableReadOptions& options = {});
Table parse_table(std::string_view text, const std::string& source,
                  const TableReadOptions& options = {});

// "NA,?,-999" -> {"NA", "?", "-999"}; "" (an empty option) -> {""}: only empty cells are missing.
std::vector<std::string> split_names(const std::string& text);

}  // namespace rarenet
