// Small text helpers shared by the parsers of option values (engine-private).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rarenet {

// Without leading and trailing blanks (space, tab, CR, LF).
std::string_view trim(std::string_view s);
// Shortest text that reads back to the same double.
std::string shortest(double v);
// A whole field (trimmed) as a finite double / an integer (from_chars: no locale, no '+').
bool parse_number(std::string_view s, double& out);
bool parse_integer(std::string_view s, std::int64_t& out);
// "64,64" -> {64, 64}: positive integers; "" -> {}. ConfigError naming `option` otherwise.
std::vector<int> parse_positive_int_list(std::string_view option, const std::string& text);
// "1,2.5" -> {1, 2.5}: finite numbers, at least one. ConfigError naming `option` otherwise.
std::vector<double> parse_number_list(std::string_view option, const std::string& text);
// {64, 64} -> "64,64" (shortest round-trip numbers for doubles).
std::string join_list(const std::vector<int>& v);
std::string join_list(const std::vector<double>& v);

}  // namespace rarenet
