// Command-line flags derived from the library's option declarations (option.hpp): --name for
// name (with '-' for '_'), the declaration's help and default, and CLI11 validators built from
// its check, so a bad value is refused while parsing with a message naming the flag.
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "rarenet/option.hpp"

namespace rarenet::cli {

inline std::string flag_of(std::string_view name) {
  std::string f = "--" + std::string(name);
  std::replace(f.begin(), f.end(), '_', '-');
  return f;
}

// Adds a flag for every declared option of `options` except those named in `skip`.
template <class Options>
void add_declared_options(CLI::App* app, Options& options, std::set<std::string> skip = {}) {
  for_each_option(options, [&](auto d) {
    const std::string name(d.info.name);
    if (skip.count(name)) return;
    const std::string flag = flag_of(name), help(d.info.help);
    if constexpr (requires { d.check(0.0); }) {
      app->add_option(flag, d.value, help)
          ->capture_default_str()
          ->check(CLI::Validator(
              [d](std::string& text) {
                double v = 0;
                const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
                if (r.ec != std::errc() || r.ptr != text.data() + text.size())
                  return std::string("expected a number ") + d.range_text();
                return d.check(v);
              },
              d.range_text()));
    } else if constexpr (std::is_same_v<decltype(d), FlagOption>) {
      if (d.value)
        app->add_flag(flag + ",!--no-" + flag.substr(2), d.value, help + " (default on)");
      else
        app->add_flag(flag, d.value, help);
    } else if constexpr (requires { d.values; }) {
      using E = std::decay_t<decltype(d.value)>;
      std::string listed;
      for (E v : d.values) listed += (listed.empty() ? "" : ",") + to_string(v);
      // Names only (not the enumerators' numbers), turned into the value CLI11 then stores.
      app->add_option(flag, d.value, help)
          ->transform(CLI::Validator(
              [d, listed](std::string& text) {
                for (E v : d.values)
                  if (to_string(v) == text) {
                    text = std::to_string(static_cast<int>(v));
                    return std::string();
                  }
                return "'" + text + "' is not one of " + listed;
              },
              ""))
          ->type_name("{" + listed + "}")
          ->default_str(to_string(d.value));
    } else {
      app->add_option_function<std::string>(
             flag,
             [d, flag, name](const std::string& text) {
               try {
                 d.value = d.parse(text);
               } catch (const ConfigError& e) {
                 // The library names the option by its declared name; CLI11 names the flag.
                 std::string why = e.what();
                 if (why.rfind(name, 0) == 0) {
                   why.erase(0, name.size());
                   if (why.rfind(": ", 0) == 0) why.erase(0, 2);
                   if (why.rfind(" ", 0) == 0) why.erase(0, 1);
                 }
                 throw CLI::ValidationError(flag, why);
               }
             },
             help)
          ->default_str(d.format(d.value))
          ->type_name(std::string(d.syntax));
    }
  });
}

}  // namespace rarenet::cli
