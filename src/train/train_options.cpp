#include "rarenet/train_options.hpp"

#include <cstdio>
#include <cstdlib>

#include "core/text.hpp"

namespace rarenet {

std::vector<int> parse_hidden_layers(const std::string& text) {
  return parse_positive_int_list("hidden", text);
}

std::string hidden_layers_text(const std::vector<int>& hidden) {
  return join_list(hidden);
}

std::vector<float> parse_dropout(const std::string& text) {
  std::vector<float> rates;
  for (double r : parse_number_list("dropout", text)) {
    if (!(r >= 0 && r < 1))
      throw ConfigError("dropout '" + text + "': expected rates in [0, 1), e.g. 0.1 or 0.2,0.1");
    rates.push_back(static_cast<float>(r));
  }
  return rates;
}

std::string dropout_text(const std::vector<float>& rates) {
  if (rates.empty()) return "0";
  // Each rate as its shortest text that reads back to the same float (0.1, not 0.100000001).
  std::string out;
  for (float r : rates) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(r));
    std::string t = buf;
    for (int p = 1; p <= 9; ++p) {
      std::snprintf(buf, sizeof buf, "%.*g", p, static_cast<double>(r));
      if (std::strtof(buf, nullptr) == r) {
        t = buf;
        break;
      }
    }
    out += (out.empty() ? "" : ",") + t;
  }
  return out;
}

Threshold parse_threshold(const std::string& text) {
  Threshold t;
  if (text.rfind("auto:", 0) == 0) {
    t.tune = parse_criterion(text.substr(5));
    return t;
  }
  if (!parse_number(text, t.value) || !(t.value >= 0 && t.value <= 1))
    throw ConfigError("threshold '" + text +
                      "': expected a number in [0, 1] or auto:CRITERION (e.g. auto:f1)");
  return t;
}

std::string to_string(const Threshold& t) {
  return t.tune ? "auto:" + to_string(*t.tune) : shortest(t.value);
}

std::string to_string(Calibration c) {
  return c == Calibration::Prior ? "prior" : "none";
}

}  // namespace rarenet
