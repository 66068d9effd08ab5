#include "rarenet/csv.hpp"

#include <fast_float/fast_float.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "core/parallel.hpp"
#include "rarenet/error.hpp"

#include "core/parallel.hpp"
#include "csv_detail.hpp"
#include "rarenet/temp_files.hpp"
#include "shortest_double.hpp"

namespace rarenet {

using namespace detail;

namespace {

struct RowParser {
  const std::string& source;
  const std::vector<std::string>& names;
  std::size_t n_cols;
  char delimiter;
  bool allow_nonfinite;

  std::string where(std::size_t line, std::size_t col) const {
    return source + ":" + std::to_string(line) + ": column " + std::to_string(col + 1) + " ('" +
           names[col] + "')";
  }

  // A cell as the fast path reads it: spaces, an optional quote, a number (fast_float, with an
  // optional leading '+'), the closing quote, spaces. False if the cell is not exactly that.
  bool parse_number(const char*& p, const char* end, double& v) const {
    while (p < end && is_space(*p, delimiter)) ++p;
    const bool quoted = p < end && *p == '"';
    p += quoted;
    if (p < end && *p == '+') {
      ++p;
      if (p < end && (*p == '-' || *p == '+')) return false;
    }
    const auto res = fast_float::from_chars(p, end, v);
    if (res.ec != std::errc()) return false;
    p = res.ptr;
    if (quoted) {
      if (p == end || *p != '"') return false;
      ++p;
    }
    while (p < end && is_space(*p, delimiter)) ++p;
    return true;
  }

  // Parses the whole lines in [p, end) into out (n_cols values per line). The first line is the
  // file's line `line`. The loop stays free of allocation and of per-cell searches: the line is
  // walked once, and only a failure goes back to explain itself.
  void parse(const char* p, const char* const end, std::size_t line, double* out,
             bool release) const {
    const std::size_t last = n_cols - 1;
    TextWindow window(p, release);
    while (p < end) {
      const char* const line_start = p;
      for (std::size_t c = 0;; ++c) {
        double v;
        if (!parse_number(p, end, v)) fail(line_start, end, line);
        if (!allow_nonfinite && !std::isfinite(v)) fail(line_start, end, line);
        *out++ = v;
        if (c == last) break;
        if (p == end || *p != delimiter) fail(line_start, end, line);
        ++p;
      }
      if (!end_of_row(p, end)) fail(line_start, end, line);
      window.advance(p);
      ++line;
    }
    window.release(end);
  }

  // Explains why the line starting at line_start does not parse, as an InputError.
  [[noreturn]] __attribute__((noinline, cold)) void fail(const char* line_start, const char* end,
                                                         std::size_t line) const {
    const char* eol = static_cast<const char*>(
        std::memchr(line_start, '\n', static_cast<std::size_t>(end - line_start)));
    std::string_view row(line_start, static_cast<std::size_t>((eol ? eol : end) - line_start));
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (trim(row).empty())
      throw InputError(source + ":" + std::to_string(line) + ": empty line, expected " +
                       std::to_string(n_cols) +
                       " fields (blank lines are allowed only at the end of the file)");
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
      const std::size_t d = row.find(delimiter, start);
      fields.push_back(row.substr(start, d == std::string_view::npos ? d : d - start));
      if (d == std::string_view::npos) break;
      start = d + 1;
    }
    if (fields.size() != n_cols)
      throw InputError(source + ":" + std::to_string(line) + ": found " +
                       std::to_string(fields.size()) + " fields, expected " +
                       std::to_string(n_cols) + " (as in the header)");
    for (std::size_t c = 0; c < n_cols; ++c) {
      const std::string_view cell = trim(fields[c]);
      const char* p = fields[c].data();
      const char* const stop = p + fields[c].size();
      double v = 0;
      const bool ok = parse_number(p, stop, v) && p == stop;
      if (cell.empty() || cell == "\"\"")
        throw InputError(where(line, c) + ": empty cell, expected a number");
      if (!ok) {
        std::string msg = where(line, c) + ": '" + std::string(cell) + "' is not a number";
        static const char* const missing[] = {"NA", "N/A", "null", "NULL", "None", "?"};
        for (const char* m : missing)
          if (cell == m) msg += " (missing values are not supported: fill or drop them first)";
        throw InputError(msg);
      }
      if (!allow_nonfinite && !std::isfinite(v))
        throw InputError(where(line, c) + ": " + std::string(cell) + " is not a finite number");
    }
    throw InputError(source + ":" + std::to_string(line) + ": malformed row, expected " +
                     std::to_string(n_cols) + " numbers separated by '" +
                     std::string(1, delimiter) + "'");
  }
};

}  // namespace

namespace detail {

std::vector<std::string> parse_header(std::string_view h, const std::string& source, char delim) {
  while (!h.empty() && (h.back() == '\r' || is_space(h.back(), delim))) h.remove_suffix(1);
  if (h.find('\r') != std::string_view::npos)
    throw InputError(source +
                     ":1: a carriage return inside the first line: lines that end in CR alone "
                     "(classic Mac OS) are not supported, expected LF or CRLF line ends");
  std::vector<std::string> names;
  std::map<std::string, std::size_t> seen;  // name -> 1-based column
  const std::size_t n = h.size();
  std::size_t i = 0;
  for (std::size_t col = 1;; ++col) {
    const std::string at = source + ":1: column " + std::to_string(col);
    while (i < n && is_space(h[i], delim)) ++i;
    std::string name;
    if (i < n && h[i] == '"') {
      bool closed = false;
      for (++i; i < n; ++i) {
        if (h[i] == '"') {
          if (i + 1 < n && h[i + 1] == '"') {
            name += '"';
            ++i;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        name += h[i];
      }
      if (!closed)
        throw InputError(at + ": unterminated quoted column name, expected a closing \"");
      while (i < n && is_space(h[i], delim)) ++i;
      if (i < n && h[i] != delim)
        throw InputError(at + ": unexpected text after the quoted column name \"" + name +
                         "\", expected '" + std::string(1, delim) + "'");
    } else {
      const std::size_t start = i;
      while (i < n && h[i] != delim) ++i;
      name = std::string(trim(h.substr(start, i - start)));
    }
    if (name.empty()) {
      std::string msg = at + ": empty column name in the header, expected a name";
      if (col == 1 && i < n)
        msg += " (a pandas file written with its index? write it with to_csv(index=False))";
      throw InputError(msg);
    }
    const auto [it, inserted] = seen.emplace(name, col);
    if (!inserted)
      throw InputError(at + ": duplicate column name '" + name + "' (also column " +
                       std::to_string(it->second) + ")");
    names.push_back(std::move(name));
    if (i >= n) break;
    ++i;  // the delimiter
  }
  return names;
}

// memchr (vectorised in the C library) runs about five times faster here than std::count.
std::size_t count_newlines(const char* p, const char* end, bool release) {
  std::size_t n = 0;
  TextWindow window(p, release);
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
    ++n;
    ++p;
    window.advance(p);
  }
  window.release(end);
  return n;
}

RowRuns split_rows(std::string_view text, std::size_t header_end, char delimiter, int jobs,
                   const std::string& source, std::size_t n_cols, const char* fields,
                   bool release) {
  RowRuns r;
  r.body = text.data() + std::min(header_end + 1, text.size());
  r.body_end = text.data() + text.size();
  while (r.body_end > r.body &&
         (r.body_end[-1] == '\n' || r.body_end[-1] == '\r' || is_space(r.body_end[-1], delimiter)))
    --r.body_end;
  if (r.body == r.body_end)
    throw InputError(source + ": no data rows after the header, expected at least one row of " +
                     std::to_string(n_cols) + " " + fields);
  const std::size_t size = static_cast<std::size_t>(r.body_end - r.body);
  const std::size_t threads =
      std::clamp<std::size_t>(size >> 20, 1, static_cast<std::size_t>(resolve_jobs(jobs)));
  r.bounds = {r.body};
  for (std::size_t k = 1; k < threads; ++k) {
    const char* target = std::max(r.body + size / threads * k, r.bounds.back());
    const char* nl = static_cast<const char*>(
        std::memchr(target, '\n', static_cast<std::size_t>(r.body_end - target)));
    if (!nl) break;
    r.bounds.push_back(nl + 1);
  }
  r.bounds.push_back(r.body_end);
  // Every run but the last ends just after a newline; the last ends on a row's last character.
  const std::size_t n = r.runs();
  std::vector<std::size_t> lines(n);
  run_chunks(n, [&](std::size_t k) {
    lines[k] = count_newlines(r.bounds[k], r.bounds[k + 1], release) + (k + 1 == n ? 1 : 0);
  });
  r.first_row.assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) r.first_row[k + 1] = r.first_row[k] + lines[k];
  return r;
}

Table parse_csv_text(std::string_view text, const std::string& source,
                     const CsvReadOptions& options, bool release) {
  Table table;
  table.source = source;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  if (trim(text).empty())
    throw InputError(source + ": empty file, expected a header row of column names");

  const std::size_t header_end = std::min(text.find('\n'), text.size());
  table.names = parse_header(text.substr(0, header_end), source, options.delimiter);
  const std::size_t n_cols = table.names.size();

  const RowRuns runs = split_rows(text, header_end, options.delimiter, options.jobs, source, n_cols,
                                  "numbers", release);
  const std::vector<const char*>& bounds = runs.bounds;
  const std::vector<std::size_t>& first_row = runs.first_row;
  const std::size_t chunks = runs.runs();
  table.values.resize(static_cast<Index>(runs.rows()), static_cast<Index>(n_cols));
  const RowParser parser{source, table.names, n_cols, options.delimiter, options.allow_nonfinite};
  double* const out = table.values.data();
  run_chunks(chunks, [&](std::size_t k) {
    // A blank line inside the body is an error, so row r is always the file's line r + 2.
    parser.parse(bounds[k], bounds[k + 1], first_row[k] + 2, out + first_row[k] * n_cols, release);
  });
  return table;
}

}  // namespace detail

Index Table::column(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Index>(i);
  std::string available;
  for (std::size_t i = 0; i < names.size(); ++i) available += (i ? ", " : "") + names[i];
  throw InputError(source + ": no column named '" + name + "' (columns: " + available + ")");
}

bool Table::has_column(const std::string& name) const {
  for (const auto& n : names)
    if (n == name) return true;
  return false;
}

Table parse_csv(std::string_view text, const std::string& source, const CsvReadOptions& options) {
  return parse_csv_text(text, source, options, false);
}

Table read_csv(const std::string& path, const CsvReadOptions& options) {
  const FileBytes bytes(path);
  return parse_csv_text(bytes.view(), path == "-" ? "<stdin>" : path, options, bytes.mapped());
}

// ---------------------------------------------------------------------------------------------
// Writing

namespace {

// A name as the header writes it: quoted when the reader would otherwise change or split it.
void append_name(std::string& out, const std::string& name) {
  // A leading byte-order mark too: the reader would take it for the file's own and drop it
  // (found by fuzzing: a file that starts with two marks).
  const bool quote = name.empty() || name.find_first_of(",\"\r\n\t") != std::string::npos ||
                     name.front() == ' ' || name.back() == ' ' ||
                     name.rfind("\xEF\xBB\xBF", 0) == 0;
  if (!quote) {
    out += name;
    return;
  }
  out += '"';
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Longest shortest-round-trip double: "-2.2250738585072014e-308" (24 characters).
constexpr std::size_t kMaxNumber = kMaxShortest;

// Rows [r0, r1) as CSV text into buf (sized for them); returns the end.
char* format_rows(const RowMatrixD& v, Index r0, Index r1, char* p) {
  const Index cols = v.cols();
  for (Index r = r0; r < r1; ++r) {
    const double* row = v.data() + r * cols;
    for (Index c = 0; c < cols; ++c) {
      if (c) *p++ = ',';
      p = write_shortest(p, row[c]);  // shortest round-trip form, as std::to_chars writes it
    }
    *p++ = '\n';
  }
  return p;
}

// Header, then the rows in blocks, each handed to sink in order. While the caller's thread hands
// one round of blocks to sink (a file write, typically), worker threads format the next round
// into the other set of buffers. Each block's text depends only on its rows, so the bytes are the
// same for any number of threads.
template <class Sink>
void write_table(const Table& table, const Sink& sink) {
  std::string header;
  for (std::size_t i = 0; i < table.names.size(); ++i) {
    if (i) header += ',';
    append_name(header, table.names[i]);
  }
  header += '\n';
  sink(std::string_view(header));

  const RowMatrixD& v = table.values;
  const Index rows = v.rows();
  if (rows == 0) return;
  if (std::find(table.categorical.begin(), table.categorical.end(), 1) != table.categorical.end()) {
    // Text columns (a categorical column's codes written as its levels): one thread, row by row.
    std::string text;
    char buf[kShortestRoom];
    for (Index r = 0; r < rows; ++r) {
      for (Index c = 0; c < v.cols(); ++c) {
        if (c) text += ',';
        if (table.is_categorical(c) && !std::isnan(v(r, c)))
          append_name(text,
                      table.levels[static_cast<std::size_t>(c)][static_cast<std::size_t>(v(r, c))]);
        else if (!std::isnan(v(r, c)) || !table.is_categorical(c))
          text.append(buf, write_shortest(buf, v(r, c)));
      }
      text += '\n';
      if (text.size() > (4u << 20)) {
        sink(std::string_view(text));
        text.clear();
      }
    }
    sink(std::string_view(text));
    return;
  }
  const std::size_t row_bytes = static_cast<std::size_t>(v.cols()) * (kMaxNumber + 1) + 1;
  const Index block =
      std::min(rows, static_cast<Index>(std::max<std::size_t>(1, (4u << 20) / row_bytes)));
  const Index n_blocks = (rows + block - 1) / block;
  const Index per_round =
      std::min(static_cast<Index>(resolve_jobs(0)), n_blocks);  // blocks formatted at once
  const Index rounds = (n_blocks + per_round - 1) / per_round;
  const std::size_t sets = rounds > 1 ? 2 : 1;
  std::vector<std::vector<char>> buffers(sets * static_cast<std::size_t>(per_round));
  std::vector<std::size_t> used(buffers.size());
  for (auto& b : buffers) b.resize(static_cast<std::size_t>(block) * row_bytes + kShortestRoom);

  auto blocks_in = [&](Index round) { return std::min(per_round, n_blocks - round * per_round); };
  auto slot = [&](Index round, Index k) {
    return static_cast<std::size_t>((round % 2) * per_round + k);
  };
  auto format_block = [&](Index round, Index k) noexcept {
    const Index r0 = (round * per_round + k) * block;
    char* const begin = buffers[slot(round, k)].data();
    used[slot(round, k)] =
        static_cast<std::size_t>(format_rows(v, r0, std::min(rows, r0 + block), begin) - begin);
  };
  run_chunks(static_cast<std::size_t>(blocks_in(0)),
             [&](std::size_t k) { format_block(0, static_cast<Index>(k)); });
  for (Index round = 0; round < rounds; ++round) {
    std::vector<std::thread> workers;
    if (round + 1 < rounds)
      for (Index k = 0; k < blocks_in(round + 1); ++k)
        workers.emplace_back(format_block, round + 1, k);
    struct Join {
      std::vector<std::thread>& threads;
      ~Join() {
        for (auto& t : threads) t.join();
      }
    } join{workers};  // also when sink throws
    for (Index k = 0; k < blocks_in(round); ++k)
      sink(std::string_view(buffers[slot(round, k)].data(), used[slot(round, k)]));
  }
}

}  // namespace

std::string to_csv_string(const Table& table) {
  std::string out;
  // An upper bound: the untouched part of the reservation costs address space, not memory.
  out.reserve(static_cast<std::size_t>(table.values.size()) * (kMaxNumber + 1) + 4096);
  write_table(table, [&](std::string_view s) { out.append(s); });
  return out;
}

void write_csv(std::ostream& out, const Table& table) {
  write_table(table, [&](std::string_view s) {
    out.write(s.data(), static_cast<std::streamsize>(s.size()));
  });
}

void write_csv(const std::string& path, const Table& table) {
  AtomicFile file(path);
  write_table(table, [&](std::string_view s) { file.write(s); });
  file.commit();
}

// ---------------------------------------------------------------------------------------------
// Atomic files

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  if (path == "-") {
    to_stdout_ = true;
    return;
  }
  namespace fs = std::filesystem;
  if (!fs::path(path).has_filename())
    throw FileError(path + ": cannot write: the path names a directory, expected a file name");
  // What is at the path decides how to write: a symbolic link is followed (the file it points
  // to is replaced, the link stays), a device or a pipe is written to directly (it cannot be
  // replaced by a file), a directory is refused, a regular file is replaced keeping its mode.
  std::string target = path;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const fs::path real = fs::canonical(path, ec);
    if (ec)
      throw FileError(path + ": cannot write: a symbolic link to a file that cannot be reached (" +
                      ec.message() + "), expected a file or a link to one");
    target = real.string();
  }
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode))
    throw FileError(path + ": cannot write: is a directory, expected a file name");
  if (exists && !S_ISREG(st.st_mode)) {
    fd_ = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw FileError(path + ": cannot open for writing: " + std::strerror(errno));
    direct_ = true;
    return;
  }
  target_ = target;
  remove_stale_temp_files(target);
  // .NAME.rarenet-tmp-PID-XXXXXX beside the target (same file system, so the rename is atomic),
  // created with O_EXCL so that two writers never share one; registered before it exists, so
  // that a signal at any moment finds it; mode 0666 less the umask for a new file, the old
  // file's mode for a replaced one.
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device rd;
  int err = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string suffix;
    std::uint64_t bits = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    for (int i = 0; i < 6; ++i, bits /= 62) suffix += kAlphabet[bits % 62];
    std::string name = temp_file_name(target, suffix);
    slot_ = register_temp_file(name);
    fd_ = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    err = errno;
    if (fd_ >= 0) {
      temp_ = std::move(name);
      if (exists) ::fchmod(fd_, st.st_mode & 07777);
      return;
    }
    unregister_temp_file(slot_);
    slot_ = -1;
    if (err != EEXIST) break;
  }
  const fs::path t(target);
  const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
  throw FileError(path + ": cannot write: cannot create a temporary file in '" + dir.string() +
                  "': " + std::strerror(err));
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  unregister_temp_file(slot_);
}

void AtomicFile::fail(const std::string& what, int err) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  unregister_temp_file(slot_);
  slot_ = -1;
  throw FileError(path_ + ": " + what + ": " + std::strerror(err));
}

namespace {

// err: the errno of the failed write or flush (0 when an earlier, unchecked write failed).
[[noreturn]] void standard_output_failed(int err) {
  throw FileError(std::string("standard output: cannot write: ") +
                  (err != 0 ? std::strerror(err) : "an earlier write failed"));
}

}  // namespace

void write_standard_output(std::string_view text) {
  if (!std::cout || std::ferror(stdout)) standard_output_failed(0);
  errno = 0;
  std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!std::cout || std::ferror(stdout)) standard_output_failed(errno);
}

void flush_standard_output() {
  if (!std::cout || std::ferror(stdout)) standard_output_failed(0);
  errno = 0;
  std::cout.flush();
  const bool flushed = std::fflush(stdout) == 0;
  if (!flushed || !std::cout || std::ferror(stdout)) standard_output_failed(errno);
}

void AtomicFile::write(std::string_view bytes) {
  if (to_stdout_) {
    write_standard_output(bytes);
    return;
  }
  if (fd_ < 0) throw FileError(path_ + ": write after the file was committed or failed");
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write failed", errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
    written_ += n;
  }
#ifdef __linux__
  // Start writing the new pages to the device now, in the background, rather than all at the
  // final fsync: the disk then works while the next blocks are formatted (a 1 GB CSV otherwise
  // waits on one long fsync after all its formatting).
  constexpr std::int64_t kWriteBehind = std::int64_t{8} << 20;
  if (!direct_ && written_ - flushed_ >= kWriteBehind) {
    ::sync_file_range(fd_, flushed_, written_ - flushed_, SYNC_FILE_RANGE_WRITE);
    flushed_ = written_;
  }
#endif
}

void AtomicFile::commit(bool sync) {
  if (to_stdout_) {
    flush_standard_output();
    committed_ = true;
    return;
  }
  if (fd_ < 0) throw FileError(path_ + ": commit after the file was committed or failed");
  if (direct_) {  // a device or a pipe: nothing to sync or rename
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("write failed (close)", errno);
    committed_ = true;
    return;
  }
  if (sync && ::fsync(fd_) != 0) fail("write failed (fsync)", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("write failed (close)", errno);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot replace the file", errno);
  committed_ = true;
  unregister_temp_file(slot_);
  slot_ = -1;
}

void write_file_atomic(const std::string& path, std::string_view content) {
  AtomicFile file(path);
  file.write(content);
  file.commit();
}

}  // namespace rarenet
