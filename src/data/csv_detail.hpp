// Pieces of the CSV reader shared by the numeric parser (csv.cpp) and the mixed-table parser
// (table_reader.cpp): the file's bytes, field padding, threads over chunks, the header.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/text.hpp"

#include "rarenet/error.hpp"
#include "rarenet/mixed_csv.hpp"

namespace rarenet::detail {

// ---------------------------------------------------------------------------------------------
// Reading the bytes

// The whole content of a file: mapped when it is a regular file (no copy), read otherwise
// (standard input, pipes). The mapping is not populated up front: the parsers touch it in file
// order and hand back what they have passed (TextWindow), so that a regular file's text is never
// resident whole.
class FileBytes {
 public:
  explicit FileBytes(const std::string& path) {
    if (path == "-") {
      read_all(0, "<stdin>");
      return;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw FileError(path + ": cannot open for reading: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      const int err = errno;
      ::close(fd);
      throw FileError(path + ": cannot read: " + std::strerror(err));
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      throw FileError(path + ": is a directory, expected a CSV file");
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
      size_ = static_cast<std::size_t>(st.st_size);
      void* m = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (m != MAP_FAILED) {
        map_ = m;
        ::madvise(map_, size_, MADV_SEQUENTIAL);
        ::close(fd);
        return;
      }
      size_ = 0;
    }
    try {
      read_all(fd, path);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }
  ~FileBytes() {
    if (map_) ::munmap(map_, size_);
  }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  // True when view() is a read-only mapping of the file: its pages can be dropped and come back
  // from the page cache when read again.
  bool mapped() const { return map_ != nullptr; }
  std::string_view view() const {
    return map_ ? std::string_view(static_cast<const char*>(map_), size_) : buffer_;
  }

 private:
  void read_all(int fd, const std::string& name) {
    std::size_t used = 0;
    buffer_.resize(1 << 20);
    for (;;) {
      if (used == buffer_.size()) buffer_.resize(buffer_.size() * 2);
      const ssize_t got = ::read(fd, buffer_.data() + used, buffer_.size() - used);
      if (got == 0) break;
      if (got < 0) {
        if (errno == EINTR) continue;
        throw FileError(name + ": read error: " + std::strerror(errno));
      }
      used += static_cast<std::size_t>(got);
    }
    buffer_.resize(used);
  }

  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string buffer_;
};

// ---------------------------------------------------------------------------------------------
// Parsing

// Padding around a field: spaces and tabs, unless that character is the delimiter itself.
inline bool is_space(char c, char delim) {
  return (c == ' ' || c == '\t') && c != delim;
}

inline bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// What follows a row's last cell: a line end (LF or CRLF), or nothing at the end of a run. Moves
// p past it; false when something else follows (the caller explains the line).
inline bool end_of_row(const char*& p, const char* end) {
  if (p < end) {
    if (*p == '\r') ++p;
    if (p < end) {
      if (*p != '\n') return false;
      ++p;
    }
  }
  return true;
}

// One thread's walk through a mapped file's text, in file order: every kStep bytes it drops the
// pages it has left behind from the process (madvise MADV_DONTNEED: a read-only file mapping
// keeps nothing of its own, the page cache keeps the bytes, and a later read faults them back in).
// The resident text is then a few windows per thread, not the file: a 1 GB file costs about
// 20 MB of resident memory instead of 1 GB. Only whole pages strictly inside the walked range are
// dropped, so a page shared with the next thread's run stays. Does nothing when `enabled` is
// false (text held in a buffer, which must not be zeroed).
class TextWindow {
 public:
  static constexpr std::size_t kStep = std::size_t{8} << 20;
  TextWindow(const char* start, bool enabled) : from_(start), enabled_(enabled) {}
  void advance(const char* p) {
    if (enabled_ && static_cast<std::size_t>(p - from_) >= kStep) release(p);
  }
  void release(const char* p) {
    if (!enabled_) return;
    const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t lo = (reinterpret_cast<std::uintptr_t>(from_) + page - 1) & ~(page - 1);
    const std::uintptr_t hi = reinterpret_cast<std::uintptr_t>(p) & ~(page - 1);
    if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
    from_ = p;
  }

 private:
  const char* from_;
  bool enabled_;
};

// Runs task(k) for k in [0, n) on n threads (the caller's among them). If tasks fail, the
// exception of the lowest k is rethrown: with chunks in file order, that is the first error in
// the file, whatever the timing.
template <class Task>
void run_chunks(std::size_t n, const Task& task) {
  if (n == 1) {
    task(0);
    return;
  }
  std::vector<std::exception_ptr> errors(n);
  auto guarded = [&](std::size_t k) {
    try {
      task(k);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(n - 1);
  for (std::size_t k = 1; k < n; ++k) threads.emplace_back(guarded, k);
  guarded(0);
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// The header's names: optionally quoted (with "" for a quote inside and the delimiter allowed
// inside quotes), surrounding spaces ignored; non-empty and distinct.
std::vector<std::string> parse_header(std::string_view h, const std::string& source, char delim);

// Number of '\n' in [p, end); with `release`, the pages read are dropped behind (TextWindow).
std::size_t count_newlines(const char* p, const char* end, bool release = false);

// The data rows of a file cut for parallel parsing: [body, body_end) is everything after the
// header less trailing blank lines and spaces, split at newlines into contiguous runs of at least
// 1 MiB, one per thread; run k holds rows [first_row[k], first_row[k + 1]).
struct RowRuns {
  const char* body = nullptr;
  const char* body_end = nullptr;
  std::vector<const char*> bounds;     // runs + 1 pointers
  std::vector<std::size_t> first_row;  // runs + 1 row numbers
  std::size_t runs() const { return bounds.size() - 1; }
  std::size_t rows() const { return first_row.back(); }
};
// InputError (naming the source) when there is no row; `fields` says what a row holds.
// `release`: text is a file mapping whose pages may be dropped behind (TextWindow).
RowRuns split_rows(std::string_view text, std::size_t header_end, char delimiter, int jobs,
                   const std::string& source, std::size_t n_cols, const char* fields,
                   bool release = false);

// parse_csv / parse_table, with `release` as above (read_csv / read_table on a mapped file).
Table parse_csv_text(std::string_view text, const std::string& source,
                     const CsvReadOptions& options, bool release);
Table parse_table_text(std::string_view text, const std::string& source,
                       const TableReadOptions& options, bool release);

}  // namespace rarenet::detail
