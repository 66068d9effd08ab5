#include "rarenet/mixed_csv.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <unordered_map>

#include "core/parallel.hpp"
#include "csv_detail.hpp"
#include "rarenet/error.hpp"

namespace rarenet {

using namespace detail;

namespace {

// Pass 1 stores a text cell as a negative NaN whose payload is the cell's offset in the text
// (always > 0: the header comes first), so that pass 2 finds it without walking the line again;
// a missing cell is the ordinary quiet NaN. All are NaN to arithmetic; the bits tell them apart.
constexpr std::uint64_t kTextTag = 0xfff8000000000000ULL;
constexpr std::uint64_t kOffsetMask = (1ULL << 51) - 1;
const double kMissing = std::numeric_limits<double>::quiet_NaN();

double text_at(std::size_t offset) {
  return std::bit_cast<double>(kTextTag | static_cast<std::uint64_t>(offset));
}
bool is_text(double v) {
  const auto b = std::bit_cast<std::uint64_t>(v);
  return (b & kTextTag) == kTextTag && (b & kOffsetMask) != 0;
}
std::size_t text_offset(double v) {
  return static_cast<std::size_t>(std::bit_cast<std::uint64_t>(v) & kOffsetMask);
}

// One field of a line: its content (spaces around it and enclosing quotes removed; "" inside
// quotes not yet undone when `escaped`) and where it ends (at the delimiter, '\n' or the end).
struct Field {
  std::string_view content;
  bool quoted = false, escaped = false;
  const char* next = nullptr;
};

struct Parser {
  const std::string& source;
  const std::vector<std::string>& names;
  std::size_t n_cols;
  char delim;
  std::vector<std::string_view> na_text;
  std::vector<double> na_numbers;
  bool empty_is_na = false;

  std::string where(std::size_t line, std::size_t col) const {
    return source + ":" + std::to_string(line) + ": column " + std::to_string(col + 1) + " ('" +
           names[col] + "')";
  }

  bool is_na_text(std::string_view s) const {
    for (const auto& t : na_text)
      if (s == t) return true;
    return false;
  }

  bool is_na_number(double v) const {
    for (double n : na_numbers)
      if (v == n) return true;
    return false;
  }

  // The whole of s as a number (optional leading '+', as read_csv); false otherwise.
  static bool whole_number(std::string_view s, double& v) {
    const char* p = s.data();
    const char* const end = p + s.size();
    if (p < end && *p == '+') {
      ++p;
      if (p < end && (*p == '+' || *p == '-')) return false;
    }
    const auto r = fast_float::from_chars(p, end, v);
    return r.ec == std::errc() && r.ptr == end && p != end;
  }

  // The field starting at p (within a line that ends at '\n' or `end`).
  Field field(const char* p, const char* end, std::size_t line, std::size_t col) const {
    Field f;
    while (p < end && is_space(*p, delim)) ++p;
    if (p < end && *p == '"') {
      const char* const q = ++p;
      for (;; ++p) {
        if (p == end || *p == '\n')
          throw InputError(where(line, col) + ": unterminated quoted cell, expected a closing \" " +
                           "on the same line (line breaks inside cells are not supported)");
        if (*p != '"') continue;
        if (p + 1 < end && p[1] == '"') {
          f.escaped = true;
          ++p;
          continue;
        }
        break;
      }
      f.content = std::string_view(q, static_cast<std::size_t>(p - q));
      f.quoted = true;
      ++p;
      while (p < end && is_space(*p, delim)) ++p;
      if (p < end && *p == '\r' && (p + 1 == end || p[1] == '\n')) ++p;
      if (p < end && *p != delim && *p != '\n')
        throw InputError(where(line, col) + ": unexpected text after the quoted cell \"" +
                         std::string(f.content) + "\", expected '" + std::string(1, delim) + "'");
    } else {
      const char* const start = p;
      while (p < end && *p != delim && *p != '\n') ++p;
      f.content = std::string_view(start, static_cast<std::size_t>(p - start));
      while (!f.content.empty() && (is_space(f.content.back(), delim) || f.content.back() == '\r'))
        f.content.remove_suffix(1);
    }
    f.next = p;
    return f;
  }

  // Explains a line whose fields do not line up with the header.
  [[noreturn]] __attribute__((noinline, cold)) void fail(const char* line_start, const char* end,
                                                         std::size_t line) const {
    const char* eol = static_cast<const char*>(
        std::memchr(line_start, '\n', static_cast<std::size_t>(end - line_start)));
    const char* stop = eol ? eol : end;
    std::string_view row(line_start, static_cast<std::size_t>(stop - line_start));
    if (trim(row).empty())
      throw InputError(source + ":" + std::to_string(line) + ": empty line, expected " +
                       std::to_string(n_cols) +
                       " fields (blank lines are allowed only at the end of the file)");
    std::size_t count = 0;
    const char* p = line_start;
    for (;;) {
      const Field f = field(p, stop, line, std::min(count, n_cols - 1));
      ++count;
      if (f.next >= stop) break;
      p = f.next + 1;
    }
    throw InputError(source + ":" + std::to_string(line) + ": found " + std::to_string(count) +
                     " fields, expected " + std::to_string(n_cols) + " (as in the header)");
  }

  // Pass 1 over the whole lines in [p, end): each cell's number, kMissing or text_at(offset)
  // into out (always text in the columns `as_text` marks); each row's start into row_start; per
  // column the first row holding text into first_text.
  void parse(const char* p, const char* const end, std::size_t line, std::size_t row,
             const char* base, double* out, std::uint64_t* row_start,
             const std::vector<std::uint8_t>& as_text, std::vector<std::int64_t>& first_text,
             bool release) const {
    const std::size_t last = n_cols - 1;
    TextWindow window(p, release);
    while (p < end) {
      const char* const line_start = p;
      *row_start++ = static_cast<std::uint64_t>(p - base);
      for (std::size_t c = 0;; ++c) {
        while (p < end && is_space(*p, delim)) ++p;
        double v = 0;
        bool number = false;
        if (p < end && *p != '"' && !as_text[c]) {
          const char* q = p + (*p == '+');
          if (!(q > p && q < end && (*q == '+' || *q == '-'))) {
            const auto r = fast_float::from_chars(q, end, v);
            if (r.ec == std::errc()) {
              const char* t = r.ptr;
              while (t < end && is_space(*t, delim)) ++t;
              if (t == end || *t == delim || *t == '\n' ||
                  (*t == '\r' && (t + 1 == end || t[1] == '\n'))) {
                number = true;
                p = t;
              }
            }
          }
        }
        if (number) {
          if (std::isnan(v) || (!na_numbers.empty() && is_na_number(v))) v = kMissing;
        } else if (empty_is_na && (p == end || *p == delim || *p == '\n' ||
                                   (*p == '\r' && (p + 1 == end || p[1] == '\n')))) {
          v = kMissing;  // an empty cell, the commonest missing value
        } else {
          const char* const start = p;
          const Field f = field(p, end, line, c);
          p = f.next;
          if (is_na_text(f.content)) {
            v = kMissing;
          } else if (!as_text[c] && f.quoted && !f.escaped && whole_number(trim(f.content), v)) {
            if (std::isnan(v) || is_na_number(v)) v = kMissing;
          } else {
            v = text_at(static_cast<std::size_t>(start - base));
            if (first_text[c] < 0) first_text[c] = static_cast<std::int64_t>(row);
          }
        }
        *out++ = v;
        if (c == last) break;
        if (p == end || *p != delim) fail(line_start, end, line);
        ++p;
      }
      if (!end_of_row(p, end)) fail(line_start, end, line);
      window.advance(p);
      ++line;
      ++row;
    }
    window.release(end);
  }
};

// One chunk's dictionary for one categorical column: codes in order of first appearance.
struct Dictionary {
  std::unordered_map<std::string_view, std::int32_t> codes;
  std::vector<std::string_view> order;
  std::deque<std::string> owned;  // unescaped texts the views point into

  std::int32_t code(std::string_view text, bool escaped) {
    std::string unescaped;
    if (escaped) {
      for (std::size_t i = 0; i < text.size(); ++i) {
        unescaped += text[i];
        if (text[i] == '"') ++i;  // "" -> "
      }
      text = unescaped;
    }
    const auto it = codes.find(text);
    if (it != codes.end()) return it->second;
    if (escaped) text = owned.emplace_back(std::move(unescaped));
    const auto c = static_cast<std::int32_t>(order.size());
    codes.emplace(text, c);
    order.push_back(text);
    return c;
  }
};

// True when the first data row holds only numbers: then the whole file is worth a try with
// read_csv's parser (which counts every line before it meets the first text cell).
bool starts_numeric(std::string_view text, char delim) {
  const std::size_t header_end = text.find('\n');
  if (header_end == std::string_view::npos) return true;
  std::string_view row = text.substr(header_end + 1);
  row = row.substr(0, row.find('\n'));
  for (std::size_t start = 0;;) {
    const std::size_t d = row.find(delim, start);
    std::string_view cell = trim(row.substr(start, d == std::string_view::npos ? d : d - start));
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"')
      cell = trim(cell.substr(1, cell.size() - 2));
    double v = 0;
    if (!Parser::whole_number(cell, v) || std::isnan(v)) return false;
    if (d == std::string_view::npos) return true;
    start = d + 1;
  }
}

bool eligible_for_numeric_parser(const TableReadOptions& o) {
  if (!o.categorical.empty()) return false;
  // A numeric na_value (say -999) would be read as a number by read_csv's parser.
  for (const auto& t : o.na_values) {
    double v = 0;
    if (Parser::whole_number(trim(t), v) && !std::isnan(v)) return false;
  }
  return true;
}

bool contains(const std::vector<std::string>& names, const std::string& n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

Table parse_mixed(std::string_view text, const std::string& source, const TableReadOptions& o,
                  bool release) {
  Table table;
  table.source = source;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (trim(text).empty())
    throw InputError(source + ": empty file, expected a header row of column names");
  const std::size_t header_end = std::min(text.find('\n'), text.size());
  table.names = parse_header(text.substr(0, header_end), source, o.delimiter);
  const std::size_t n_cols = table.names.size();

  const char* const base = text.data();
  const RowRuns runs =
      split_rows(text, header_end, o.delimiter, o.jobs, source, n_cols, "fields", release);
  const char* const body_end = runs.body_end;
  const std::vector<const char*>& bounds = runs.bounds;
  const std::vector<std::size_t>& first_row = runs.first_row;
  const std::size_t chunks = runs.runs();
  const std::size_t n_rows = runs.rows();

  Parser parser{source, table.names, n_cols, o.delimiter, {}, {}};
  for (const auto& t : o.na_values) {
    parser.na_text.push_back(t);
    parser.empty_is_na = parser.empty_is_na || t.empty();
    double v = 0;
    if (Parser::whole_number(trim(t), v) && !std::isnan(v)) parser.na_numbers.push_back(v);
  }

  // Pass 1: numbers, missing cells and where text is.
  table.values.resize(static_cast<Index>(n_rows), static_cast<Index>(n_cols));
  std::vector<std::uint64_t> row_start(n_rows);
  std::vector<std::vector<std::int64_t>> first_text(chunks, std::vector<std::int64_t>(n_cols, -1));
  std::vector<std::uint8_t> as_text(n_cols, 0);
  for (std::size_t c = 0; c < n_cols; ++c) as_text[c] = contains(o.categorical, table.names[c]);
  double* const out = table.values.data();
  run_chunks(chunks, [&](std::size_t k) {
    parser.parse(bounds[k], bounds[k + 1], first_row[k] + 2, first_row[k], base,
                 out + first_row[k] * n_cols, row_start.data() + first_row[k], as_text,
                 first_text[k], release);
  });

  // Column kinds.
  table.categorical.assign(n_cols, 0);
  table.levels.assign(n_cols, {});
  std::vector<std::size_t> cat_cols;
  for (std::size_t c = 0; c < n_cols; ++c) {
    std::int64_t text_row = -1;
    for (std::size_t k = 0; k < chunks && text_row < 0; ++k) text_row = first_text[k][c];
    const bool forced_cat = contains(o.categorical, table.names[c]);
    if (forced_cat && contains(o.numeric, table.names[c]))
      throw ConfigError("column '" + table.names[c] +
                        "' is named both by --categorical and by --numeric");
    if (text_row >= 0 && contains(o.numeric, table.names[c])) {
      const auto r = static_cast<std::size_t>(text_row);
      const char* p = base + row_start[r];
      const char* const stop = body_end;
      Field f;
      for (std::size_t j = 0; j <= c; ++j) {
        f = parser.field(p, stop, r + 2, j);
        p = f.next + 1;
      }
      throw InputError(parser.where(r + 2, c) + ": '" + std::string(f.content) +
                       "' is not a number, and --numeric names this column as numeric");
    }
    if (forced_cat || text_row >= 0) {
      table.categorical[c] = 1;
      cat_cols.push_back(c);
    }
  }
  if (cat_cols.empty()) {
    table.categorical.clear();
    table.levels.clear();
    return table;
  }

  // Pass 2: the categorical cells' text into per-chunk codes. Text cells carry their offset; a
  // number in a categorical column (say "1" beside "x") has its line walked to find its text.
  std::vector<std::vector<Dictionary>> dicts(chunks, std::vector<Dictionary>(cat_cols.size()));
  run_chunks(chunks, [&](std::size_t k) {
    for (std::size_t r = first_row[k]; r < first_row[k + 1]; ++r) {
      double* row = out + r * n_cols;
      for (std::size_t j = 0; j < cat_cols.size(); ++j) {
        const std::size_t c = cat_cols[j];
        double& v = row[c];
        if (is_text(v)) {
          const Field f = parser.field(base + text_offset(v), body_end, r + 2, c);
          v = dicts[k][j].code(f.content, f.escaped);
        } else if (!std::isnan(v)) {  // a number in a categorical column: find its text
          const char* p = base + row_start[r];
          Field f;
          for (std::size_t i = 0; i <= c; ++i) {
            f = parser.field(p, body_end, r + 2, i);
            p = f.next + 1;
          }
          v = dicts[k][j].code(f.content, f.escaped);
        }
      }
    }
  });

  // One code per distinct text, in order of first appearance in the file.
  std::vector<std::vector<std::vector<std::int32_t>>> remap(chunks);
  for (std::size_t j = 0; j < cat_cols.size(); ++j) {
    std::unordered_map<std::string_view, std::int32_t> global;
    auto& levels = table.levels[cat_cols[j]];
    for (std::size_t k = 0; k < chunks; ++k) {
      std::vector<std::int32_t> m;
      for (std::string_view t : dicts[k][j].order) {
        const auto [it, inserted] = global.emplace(t, static_cast<std::int32_t>(levels.size()));
        if (inserted) levels.emplace_back(t);
        m.push_back(it->second);
      }
      remap[k].push_back(std::move(m));
    }
  }
  if (chunks > 1)
    run_chunks(chunks, [&](std::size_t k) {
      for (std::size_t r = first_row[k]; r < first_row[k + 1]; ++r)
        for (std::size_t j = 0; j < cat_cols.size(); ++j) {
          double& v = out[r * n_cols + cat_cols[j]];
          if (!std::isnan(v)) v = remap[k][j][static_cast<std::size_t>(v)];
        }
    });
  return table;
}

}  // namespace

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    out.emplace_back(trim(std::string_view(text).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

namespace detail {

Table parse_table_text(std::string_view text, const std::string& source,
                       const TableReadOptions& options, bool release) {
  if (eligible_for_numeric_parser(options) && starts_numeric(text, options.delimiter)) {
    CsvReadOptions fast;
    fast.allow_nonfinite = true;  // "nan" cells are missing; infinite ones are left to the caller
    fast.delimiter = options.delimiter;
    fast.jobs = options.jobs;
    try {
      return parse_csv_text(text, source, fast, release);  // its NaN cells are missing cells
    } catch (const InputError&) {
      // Text or missing cells: the mixed parser reads the file again (and explains real errors).
    }
  }
  return parse_mixed(text, source, options, release);
}

}  // namespace detail

Table parse_table(std::string_view text, const std::string& source,
                  const TableReadOptions& options) {
  return parse_table_text(text, source, options, false);
}

Table read_table(const std::string& path, const TableReadOptions& options) {
  const FileBytes bytes(path);
  return parse_table_text(bytes.view(), path == "-" ? "<stdin>" : path, options, bytes.mapped());
}

}  // namespace rarenet
