#include "rarenet/train_options.hpp"

#include <charconv>
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

namespace {
// Shortest text that reads back as the same float ("0.3", not 0.30000001192092896).
std::string float_text(float v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
}  // namespace

LossSpec LossSpec::parse(const std::string& text, const std::string& option) {
  LossSpec spec;
  if (text == "crossentropy" || text == "binary_crossentropy" || text == "categorical_crossentropy")
    return spec;
  const std::string expected =
      "expected crossentropy or focal[:gamma=G,alpha=A] (e.g. focal:gamma=2,alpha=0.25)";
  if (text.rfind("focal", 0) != 0 || (text.size() > 5 && text[5] != ':'))
    throw ConfigError(option + " '" + text + "': " + expected);
  spec.focal = true;
  std::string_view rest = text.size() > 6 ? std::string_view(text).substr(6) : "";
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    const auto eq = item.find('=');
    const std::string key(item.substr(0, eq == std::string_view::npos ? item.size() : eq));
    double v = 0;
    if (eq == std::string_view::npos || !parse_number(item.substr(eq + 1), v))
      throw ConfigError(option + " '" + text + "': expected key=number, got '" + std::string(item) +
                        "'");
    if (key == "gamma") {
      if (!(v >= 0 && v <= 100))
        throw ConfigError(option + " '" + text + "': gamma must be in [0, 100], got " +
                          shortest(v));
      spec.params.gamma = static_cast<float>(v);
    } else if (key == "alpha") {
      if (!((v >= 0 && v <= 1) || v == -1))
        throw ConfigError(option + " '" + text + "': alpha must be in [0, 1] or -1 (none), got " +
                          shortest(v));
      spec.params.alpha = static_cast<float>(v);
    } else {
      throw ConfigError(option + " '" + text + "': focal has no parameter '" + key +
                        "'; it takes gamma and alpha");
    }
  }
  return spec;
}

std::string LossSpec::to_string() const {
  if (!focal) return "crossentropy";
  std::string s = "focal:gamma=" + float_text(params.gamma);
  if (params.alpha >= 0) s += ",alpha=" + float_text(params.alpha);
  return s;
}

Loss LossSpec::engine_loss(bool softmax) const {
  if (softmax) return focal ? Loss::CategoricalFocal : Loss::CategoricalCrossEntropy;
  return focal ? Loss::BinaryFocal : Loss::BinaryCrossEntropy;
}

std::string to_string(Calibration c) {
  return c == Calibration::Prior ? "prior" : "none";
}

}  // namespace rarenet
