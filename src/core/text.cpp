#include "core/text.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string shortest(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) return false;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size() && std::isfinite(out);
}

bool parse_integer(std::string_view s, std::int64_t& out) {
  s = trim(s);
  if (s.empty()) return false;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

std::vector<int> parse_positive_int_list(std::string_view option, const std::string& text) {
  std::vector<int> out;
  if (trim(text).empty()) return out;
  for (std::string_view item : split_commas(text)) {
    std::int64_t v = 0;
    if (!parse_integer(item, v) || v < 1 || v > std::numeric_limits<int>::max())
      throw ConfigError(std::string(option) + " '" + text +
                        "': expected comma-separated positive integers, e.g. 64,64");
    out.push_back(static_cast<int>(v));
  }
  return out;
}

std::vector<double> parse_number_list(std::string_view option, const std::string& text) {
  std::vector<double> out;
  for (std::string_view item : split_commas(text)) {
    double v = 0;
    if (!parse_number(item, v))
      throw ConfigError(std::string(option) + " '" + text +
                        "': expected comma-separated numbers, e.g. 1,2,5");
    out.push_back(v);
  }
  return out;
}

std::string join_list(const std::vector<int>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

std::string join_list(const std::vector<double>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + shortest(v[i]);
  return s;
}

}  // namespace rarenet
