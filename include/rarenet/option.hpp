// Option declarations: the one place a setting's name, type, default, check and help are written.
//
// Each options struct of the library (TrainOptions, CvOptions, SweepOptions, ...) has a
// `for_each_option(Struct&, Visitor&&)` next to it that calls the visitor once per setting with
// one of the declaration types below. Everything else is derived from those calls: the CLI's flags
// (the name with '_' turned into '-', CLI11 validators built from the check), validation with a
// message naming the option, the model file's fields and docs/OPTIONS.md. A visitor is any
// callable accepting every declaration type (a generic lambda with `if constexpr` will do).
//
// Names are snake_case and follow Keras / scikit-learn where they have the setting.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "rarenet/error.hpp"

namespace rarenet {

// What every declaration carries.
struct OptionInfo {
  std::string_view name;  // snake_case; the CLI flag is --name with '-' for '_'
  std::string_view help;  // one line
};

// A number in [min, max] (bounds inclusive unless *_open); T is int, std::uint32_t, float or
// double. Non-finite values are always rejected.
template <class T>
struct NumberOption {
  OptionInfo info;
  T& value;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false, max_open = false;

  // "" when `v` is acceptable, otherwise what was expected ("must be >= 1").
  std::string check(double v) const {
    if (!std::isfinite(v)) return "must be a finite number";
    const bool low = min_open ? v > min : v >= min;
    const bool high = max_open ? v < max : v <= max;
    if (low && high) return "";
    return "must be " + range_text();
  }
  std::string range_text() const;
};

// An on/off setting (a flag on the command line).
struct FlagOption {
  OptionInfo info;
  bool& value;
};

// One of a fixed set of names. The names are those of to_string(E) over `values`.
template <class E>
struct ChoiceOption {
  OptionInfo info;
  E& value;
  std::span<const E> values;
};

// A value written as text with its own grammar (lists, class-weight specs, criteria): parse
// throws ConfigError saying what was expected; format gives the text that parses back.
template <class T>
struct TextOption {
  OptionInfo info;
  T& value;
  std::function<T(const std::string&)> parse;
  std::function<std::string(const T&)> format;
  std::string_view syntax;  // e.g. "N,N,...", shown in the docs
};

// Lower-case name of each enumerator, as to_string gives it; ConfigError listing the names when
// `text` is none of them. `option` names the setting in the message.
template <class E>
E parse_choice(std::string_view option, const std::string& text, std::span<const E> values) {
  std::string names;
  for (E v : values) {
    if (to_string(v) == text) return v;
    names += (names.empty() ? "" : ", ") + to_string(v);
  }
  throw ConfigError(std::string(option) + " '" + text + "': expected one of " + names);
}

template <class T>
std::string NumberOption<T>::range_text() const {
  auto num = [](double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  if (has_min && has_max)
    return std::string("in ") + (min_open ? "(" : "[") + num(min) + ", " + num(max) +
           (max_open ? ")" : "]");
  if (has_min) return std::string(min_open ? "> " : ">= ") + num(min);
  if (has_max) return std::string(max_open ? "< " : "<= ") + num(max);
  return "a number";
}

// Helpers that keep declarations on one line each.
template <class T>
NumberOption<T> number(OptionInfo info, T& value, double min = -INFINITY, double max = INFINITY) {
  return NumberOption<T>{info, value, min, max};
}
template <class T>
NumberOption<T> positive(OptionInfo info, T& value) {
  NumberOption<T> o{info, value, 0.0};
  o.min_open = true;
  return o;
}

// Checks one number; ConfigError "epochs: must be >= 1, got 0".
template <class T>
void check_option(const NumberOption<T>& o) {
  const std::string why = o.check(static_cast<double>(o.value));
  if (why.empty()) return;
  const std::string got = std::is_integral_v<T> ? std::to_string(static_cast<long long>(o.value))
                                                : std::to_string(static_cast<double>(o.value));
  throw ConfigError(std::string(o.info.name) + ": " + why + ", got " + got);
}

// Runs every check of a declaration table over the values it holds; ConfigError naming the
// first option that fails.
template <class Options>
void validate_options(Options& options) {
  for_each_option(options, [](auto&& decl) {
    if constexpr (requires { decl.check(0.0); }) check_option(decl);
  });
}

// The text form of a value, as a user writes it (numbers in shortest round-trip form; flags
// "true" / "false").
template <class Decl>
std::string option_text(const Decl& d) {
  if constexpr (requires { d.check(0.0); }) {
    if constexpr (std::is_integral_v<std::decay_t<decltype(d.value)>>) {
      return std::to_string(d.value);
    } else {
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, d.value);
      return std::string(buf, r.ptr);
    }
  } else if constexpr (std::is_same_v<Decl, FlagOption>) {
    return d.value ? "true" : "false";
  } else if constexpr (requires { d.values; }) {
    return to_string(d.value);
  } else {
    return d.format(d.value);
  }
}

// Sets a declared value from its text form, with the declaration's check; ConfigError naming
// the option and what was expected.
template <class Decl>
void set_option_text(const Decl& d, const std::string& text) {
  const std::string name(d.info.name);
  if constexpr (requires { d.check(0.0); }) {
    using T = std::decay_t<decltype(d.value)>;
    double v = 0;
    const char* end = text.data() + text.size();
    auto r = std::from_chars(text.data(), end, v);
    if (text.empty() || r.ec != std::errc() || r.ptr != end)
      throw ConfigError(name + " '" + text + "': expected a number " + d.range_text());
    if (std::is_integral_v<T> && v != std::floor(v))
      throw ConfigError(name + " '" + text + "': expected a whole number " + d.range_text());
    const std::string why = d.check(v);
    if (!why.empty()) throw ConfigError(name + " '" + text + "': " + why);
    d.value = static_cast<T>(v);
  } else if constexpr (std::is_same_v<Decl, FlagOption>) {
    if (text == "true" || text == "1")
      d.value = true;
    else if (text == "false" || text == "0")
      d.value = false;
    else
      throw ConfigError(name + " '" + text + "': expected true or false");
  } else if constexpr (requires { d.values; }) {
    d.value = parse_choice(d.info.name, text, d.values);
  } else {
    d.value = d.parse(text);
  }
}

// By name: set / read one option of an options struct; ConfigError listing the names for an
// unknown one.
template <class Options>
void set_option(Options& options, std::string_view name, const std::string& text) {
  bool found = false;
  std::string names;
  for_each_option(options, [&](auto&& decl) {
    names += (names.empty() ? "" : ", ") + std::string(decl.info.name);
    if (decl.info.name == name) {
      set_option_text(decl, text);
      found = true;
    }
  });
  if (!found) throw ConfigError("unknown option '" + std::string(name) + "'; options: " + names);
}

template <class Options>
std::string get_option(Options& options, std::string_view name) {
  std::string out;
  bool found = false;
  for_each_option(options, [&](auto&& decl) {
    if (decl.info.name == name) {
      out = option_text(decl);
      found = true;
    }
  });
  if (!found) throw ConfigError("unknown option '" + std::string(name) + "'");
  return out;
}

}  // namespace rarenet
