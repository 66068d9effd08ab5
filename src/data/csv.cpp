#include "rarenet/csv.hpp"

#include <fast_float/fast_float.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <set>
#include <sstream>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

std::string read_all(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw FileError(path + ": is a directory, expected a CSV file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw FileError(path + ": cannot open for reading: " + std::strerror(errno));
  std::string data;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (size > 0) {
    data.resize(static_cast<std::size_t>(size));
    const std::size_t got = std::fread(data.data(), 1, data.size(), f);
    data.resize(got);
  }
  const bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) throw FileError(path + ": read error: " + std::strerror(errno));
  return data;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string where(const std::string& source, std::size_t line, std::size_t column,
                  const std::string& name) {
  return source + ":" + std::to_string(line) + ": column " + std::to_string(column) + " ('" + name +
         "')";
}

}  // namespace

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
  Table table;
  table.source = source;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  const char* p = text.data();
  const char* const end = p + text.size();
  if (trim(text).empty())
    throw InputError(source + ": empty file, expected a header row of column names");

  // Header: names, optionally quoted.
  const char* eol =
      static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  if (!eol) eol = end;
  std::string_view header(p, static_cast<std::size_t>(eol - p));
  std::set<std::string> seen;
  std::size_t start = 0;
  for (std::size_t col = 1;; ++col) {
    const std::size_t comma = header.find(options.delimiter, start);
    std::string_view field = trim(header.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
      field = field.substr(1, field.size() - 2);
    std::string name(field);
    if (name.empty())
      throw InputError(source + ":1: column " + std::to_string(col) +
                       ": empty column name in the header");
    if (!seen.insert(name).second)
      throw InputError(source + ":1: column " + std::to_string(col) + ": duplicate column name '" +
                       name + "'");
    table.names.push_back(std::move(name));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  const std::size_t n_cols = table.names.size();

  // Rows: parsed straight into one growing buffer, no allocation per cell.
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(end - eol) / 8 + n_cols);
  std::size_t line = 1;
  p = eol < end ? eol + 1 : end;
  std::size_t rows = 0;
  while (p < end) {
    ++line;
    const char* row_end =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!row_end) row_end = end;
    const char* q = p;
    const char* stop = row_end;
    if (stop > q && stop[-1] == '\r') --stop;
    if (q == stop) {  // blank line: allowed only at the end of the file
      p = row_end + 1;
      const char* rest = p;
      while (rest < end && (*rest == '\n' || *rest == '\r' || is_space(*rest))) ++rest;
      if (rest < end)
        throw InputError(source + ":" + std::to_string(line) + ": empty line, expected " +
                         std::to_string(n_cols) + " fields");
      break;
    }
    std::size_t col = 0;
    while (true) {
      while (q < stop && is_space(*q)) ++q;
      const char* field_start = q;
      // Spreadsheets may quote numbers ("1.5"): parse inside the quotes.
      const bool quoted = q < stop && *q == '"';
      double v = 0;
      auto res = fast_float::from_chars(q + quoted, stop, v);
      const char* after = res.ptr;
      if (quoted) after = (after < stop && *after == '"') ? after + 1 : field_start;
      const char* field_end = static_cast<const char*>(
          std::memchr(q, options.delimiter, static_cast<std::size_t>(stop - q)));
      if (!field_end) field_end = stop;
      const char* trailing = after;
      while (trailing < field_end && is_space(*trailing)) ++trailing;
      if (col >= n_cols) {
        std::size_t found = n_cols;
        for (const char* s = q; s < stop; ++s) found += (*s == options.delimiter);
        throw InputError(source + ":" + std::to_string(line) + ": found " +
                         std::to_string(found + 1) + " fields, expected " + std::to_string(n_cols) +
                         " (as in the header)");
      }
      if (res.ec != std::errc() || trailing != field_end || field_start == field_end) {
        const std::string cell = std::string(
            trim(std::string_view(field_start, static_cast<std::size_t>(field_end - field_start))));
        if (cell.empty())
          throw InputError(where(source, line, col + 1, table.names[col]) +
                           ": empty cell, expected a number");
        throw InputError(where(source, line, col + 1, table.names[col]) + ": '" + cell +
                         "' is not a number");
      }
      if (!std::isfinite(v) && !options.allow_nonfinite)
        throw InputError(where(source, line, col + 1, table.names[col]) + ": " +
                         std::string(field_start, after) + " is not a finite number");
      values.push_back(v);
      ++col;
      if (field_end == stop) break;
      q = field_end + 1;
    }
    if (col != n_cols)
      throw InputError(source + ":" + std::to_string(line) + ": found " + std::to_string(col) +
                       " fields, expected " + std::to_string(n_cols) + " (as in the header)");
    ++rows;
    p = row_end + 1;
  }
  if (rows == 0) throw InputError(source + ": no data rows after the header");
  table.values =
      Eigen::Map<RowMatrixD>(values.data(), static_cast<Index>(rows), static_cast<Index>(n_cols));
  return table;
}

Table read_csv(const std::string& path, const CsvReadOptions& options) {
  const std::string text = read_all(path);
  return parse_csv(text, path == "-" ? "<stdin>" : path, options);
}

namespace {

void append_number(std::string& out, double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  out.append(buf, res.ptr);
}

std::string to_csv_text(const Table& table) {
  std::string out;
  out.reserve(static_cast<std::size_t>(table.values.size()) * 20 + 64);
  for (std::size_t i = 0; i < table.names.size(); ++i) {
    if (i) out += ',';
    out += table.names[i];
  }
  out += '\n';
  for (Index r = 0; r < table.values.rows(); ++r) {
    for (Index c = 0; c < table.values.cols(); ++c) {
      if (c) out += ',';
      append_number(out, table.values(r, c));
    }
    out += '\n';
  }
  return out;
}

}  // namespace

void write_csv(std::ostream& out, const Table& table) {
  const std::string text = to_csv_text(table);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void write_csv(const std::string& path, const Table& table) {
  write_file_atomic(path, to_csv_text(table));
}

void write_file_atomic(const std::string& path, const std::string& content) {
  if (path == "-") {
    std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
    std::cout.flush();
    if (!std::cout) throw FileError("<stdout>: write error");
    return;
  }
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device rd;
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(rd()));
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw FileError(path + ": cannot write: " + std::strerror(errno));
  const std::size_t written = std::fwrite(content.data(), 1, content.size(), f);
  const bool ok = written == content.size() && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const int err = errno;
  std::fclose(f);
  std::error_code ec;
  if (!ok) {
    fs::remove(tmp, ec);
    throw FileError(path + ": write failed: " + std::strerror(err));
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw FileError(path + ": cannot replace the file: " + ec.message());
  }
}

}  // namespace rarenet
