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
                       const std::map<std::string, std::string>& aliases = {}) {
  nlohmann::json fields = j;
  for (const auto& [old_name, name] : aliases)
    if (fields.contains(old_name) && !fields.contains(name)) fields[name] = fields[old_name];
  for_each_option(options, [&](auto&& d) {
    const std::string name(d.info.name);
    if (!fields.contains(name)) return;
    const nlohmann::json& v = fields[name];
    if constexpr (requires { d.check(0.0); }) {
      const double x = v.get<double>();
      const std::string why = d.check(x);
      if (!why.empty()) throw ConfigError(name + ": " + why);
      using T = std::decay_t<decltype(d.value)>;
      if (std::is_integral_v<T> && x != static_cast<double>(static_cast<long long>(x)))
        throw ConfigError(name + ": expected a whole number");
      d.value = static_cast<T>(x);
    } else if constexpr (std::is_same_v<std::decay_t<decltype(d)>, FlagOption>) {
      d.value = v.get<bool>();
    } else {
      set_option_text(d, v.get<std::string>());
    }
  });
}

}  // namespace rarenet
