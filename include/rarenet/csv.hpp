// CSV files: a header row of column names, then one row of numbers per sample.
//
// Accepted: what pandas, numpy and spreadsheets write: an optional UTF-8 byte-order mark, names
// optionally quoted ("x0", with "" for a quote inside), numbers optionally quoted ("1.5"), spaces
// or tabs around fields, LF or CRLF line ends, a final newline or none, blank lines at the end.
// Numbers are parsed with fast_float (decimal and exponent forms, a leading + or -; "nan", "inf"
// and "infinity" in any case). Every error names the file, the 1-based line and column, the
// column's name and what was expected: a cell that is not a number (quoted), an empty cell, a
// NaN / infinite cell (unless allow_nonfinite), a row with the wrong number of fields, an empty
// file, a header with no rows, an empty or duplicate column name.
//
// Writing prints each double in the shortest form that reads back to the same bits, spelled as
// std::to_chars spells it ("1", "0.5", "-1.2345e-05"; computed with {fmt}'s Dragonbox), and
// writing to a path is atomic: a temporary file beside the target
// (.NAME.rarenet-tmp-PID-XXXXXX), renamed over it only when complete, and removed if anything
// fails (see AtomicFile).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

// A parsed CSV file. values: (n_rows, n_columns), row-major.
// Tables read by read_table (mixed_csv.hpp) may hold categorical columns: values(i, c) is then the
// code of the cell's text in levels[c] (0, 1, ...), and NaN marks a missing cell in any column.
struct Table {
  std::vector<std::string> names;
  RowMatrixD values;
  std::string source;  // file name used in error messages ("<stdin>" for standard input)
  std::vector<std::uint8_t> categorical;         // per column, 1: categorical; empty: all numeric
  std::vector<std::vector<std::string>> levels;  // per column (when categorical is not empty)

  Index rows() const { return values.rows(); }
  Index cols() const { return values.cols(); }
  // Position of a column by name; throws InputError naming the file and the columns present.
  Index column(const std::string& name) const;
  bool has_column(const std::string& name) const;
  bool is_categorical(Index c) const {
    return !categorical.empty() && categorical[static_cast<std::size_t>(c)];
  }
};

struct CsvReadOptions {
  // NaN / inf cells are rejected (with line and column) unless allowed here.
  bool allow_nonfinite = false;
  char delimiter = ',';
  // Threads parsing the rows of a large input (each takes a contiguous run of lines); <= 0: one
  // per core. The result, and the error reported for a bad file, are the same for any value.
  int jobs = 0;
};

// path "-" reads standard input. FileError if the file cannot be opened or read; InputError for
// malformed content.
Table read_csv(const std::string& path, const CsvReadOptions& options = {});
// Parse CSV text held in memory; `source` names it in error messages.
Table parse_csv(std::string_view text, const std::string& source,
                const CsvReadOptions& options = {});

// path "-" writes standard output; otherwise written atomically (temp file + rename).
void write_csv(const std::string& path, const Table& table);
void write_csv(std::ostream& out, const Table& table);
// The CSV text write_csv writes.
std::string to_csv_string(const Table& table);

// Standard output checked like a file: writes the text, or flushes what was written, and
// throws FileError "standard output: cannot write: No space left on device" (exit 4) when it
// did not arrive. The program writes its results with the first and calls the second before
// exiting; AtomicFile does both for "-".
void write_standard_output(std::string_view text);
void flush_standard_output();

// A file written all at once or not at all: bytes go to .NAME.rarenet-tmp-PID-XXXXXX in the
// target's directory; commit() flushes (and, with sync, fsyncs) it and renames it over the
// target. If commit() is never reached (an exception, an early return), the destructor removes
// the temporary file, so a failure leaves neither a half-written target nor a stray temporary;
// the temporary is also in the registry of temp_files.hpp, which a signal handler empties.
// A replaced file keeps its permission bits. A symbolic link is followed: the file it points to
// is replaced and the link stays. A device or a pipe (/dev/null, a FIFO) is written directly, as
// it cannot be replaced. A directory is refused. Path "-" writes standard output directly.
// Every failure is a FileError naming the path and the system's reason.
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  void commit(bool sync = true);
  const std::string& temp_path() const { return temp_; }

 private:
  [[noreturn]] void fail(const std::string& what, int err);
  std::string path_, target_, temp_;  // target_: path_ with symbolic links followed
  int fd_ = -1, slot_ = -1;           // slot_: in the temp_files.hpp registry
  // Bytes written, and how many of them the kernel was already asked to write back.
  std::int64_t written_ = 0, flushed_ = 0;
  bool to_stdout_ = false, direct_ = false, committed_ = false;
};

// Writes `content` to `path` atomically (see AtomicFile). path "-" writes standard output.
// Used by every writer so that a failure never leaves a half-written file.
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace rarenet
