#include "rarenet/train_options.hpp"

#include "core/text.hpp"

namespace rarenet {

std::vector<int> parse_hidden_layers(const std::string& text) {
  return parse_positive_int_list("hidden", text);
}

std::string hidden_layers_text(const std::vector<int>& hidden) {
  return join_list(hidden);
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
