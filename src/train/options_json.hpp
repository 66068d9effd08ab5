// Options to and from JSON, derived from their declaration table (engine-private): numbers as
// JSON numbers, flags as booleans, choices and text values as the strings a user writes.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "rarenet/option.hpp"
#include "rarenet/train_config.hpp"

namespace rarenet {

// The per-epoch history (the shape of the model file and of `train --json`).
nlohmann::json history_to_json(const FitHistory& history);

template <class Options>
nlohmann::json options_to_json(Options options) {
  nlohmann::json j = nlohmann::json::object();
  for_each_option(options, [&](auto&& d) {
    const std::string name(d.info.name);
    if constexpr (requires { d.check(0.0); })
      j[name] = d.value;
    else if constexpr (std::is_same_v<std::decay_t<decltype(d)>, FlagOption>)
      j[name] = d.value;
    else
      j[name] = option_text(d);
  });
  return j;
}

// Reads the options present in `j` (absent ones keep their defaults); `aliases` maps older
// field names to declared ones. ConfigError naming the option for a bad value; nlohmann's
// type_error for a value of the wrong JSON type.
template <class Options>
void options_from_json(const nlohmann::json& j, Options& options,
                       const std::map<std::string, std::string>& aliases = {},
                       const std::string& prefix = "") {
  nlohmann::json fields = j;
  for (const auto& [old_name, name] : aliases)
    if (fields.contains(old_name) && !fields.contains(name)) fields[name] = fields[old_name];
  for_each_option(options, [&](auto&& d) {
    const std::string name(d.info.name);
    if (!fields.contains(name)) return;
    const nlohmann::json& v = fields[name];
    const std::string field = "\"" + prefix + name + "\"";
    try {
      if constexpr (requires { d.check(0.0); }) {
        if (!v.is_number()) throw ConfigError("expected a number");
        const double x = v.get<double>();
        const std::string why = d.check(x);
        if (!why.empty()) throw ConfigError(why);
        using T = std::decay_t<decltype(d.value)>;
        if (std::is_integral_v<T> && x != static_cast<double>(static_cast<long long>(x)))
          throw ConfigError("expected a whole number");
        d.value = static_cast<T>(x);
      } else if constexpr (std::is_same_v<std::decay_t<decltype(d)>, FlagOption>) {
        if (!v.is_boolean()) throw ConfigError("expected true or false");
        d.value = v.get<bool>();
      } else if (v.is_array()) {
        // Version 1 files hold lists (hidden layers) as JSON arrays.
        std::string text;
        for (const auto& item : v) {
          if (!item.is_number_integer()) throw ConfigError("expected a list of integers");
          text += (text.empty() ? "" : ",") + std::to_string(item.get<long long>());
        }
        set_option_text(d, text);
      } else {
        if (!v.is_string()) throw ConfigError("expected text");
        set_option_text(d, v.get<std::string>());
      }
    } catch (const ConfigError& e) {
      throw ConfigError(field + ": " + e.what());
    }
  });
}

}  // namespace rarenet
