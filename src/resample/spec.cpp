// ResampleSpec: a resampler named at run time ("smote:k=5,ratio=0.5"), and its dispatch.
#include <algorithm>
#include <cctype>
#include <sstream>

#include "rarenet/error.hpp"
#include "rarenet/resample.hpp"

namespace rarenet {
namespace {

const char* kMethods = "none, random-over, random-under, smote, borderline-smote, adasyn";

int parse_positive(const std::string& option, const std::string& key, const std::string& v) {
  std::size_t used = 0;
  long long x = 0;
  try {
    x = std::stoll(v, &used);
  } catch (...) {
    used = 0;
  }
  if (used != v.size() || v.empty() || x < 1 || x > 1000000)
    throw ConfigError(option + ": " + key + " must be a positive integer, got '" + v + "'");
  return static_cast<int>(x);
}

}  // namespace

ResampleSpec ResampleSpec::parse(const std::string& text, const std::string& option) {
  ResampleSpec spec;
  std::string method = text, params;
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    method = text.substr(0, colon);
    params = text.substr(colon + 1);
  }
  std::transform(method.begin(), method.end(), method.begin(),
                 [](unsigned char c) { return c == '_' ? '-' : std::tolower(c); });
  if (method == "random-over-sampler" || method == "ros") method = "random-over";
  if (method == "random-under-sampler" || method == "rus") method = "random-under";
  if (method == "borderline-smote1" || method == "borderline-smote-1") {
    method = "borderline-smote";
    spec.kind = 1;
  }
  if (method == "borderline-smote2" || method == "borderline-smote-2") {
    method = "borderline-smote";
    spec.kind = 2;
  }
  if (method.empty() || method == "none") {
    if (!params.empty())
      throw ConfigError(option + ": 'none' takes no parameters, got '" + text + "'");
    return spec;
  }
  if (method != "random-over" && method != "random-under" && method != "smote" &&
      method != "borderline-smote" && method != "adasyn")
    throw ConfigError(option + ": unknown resampling method '" + method + "' in '" + text +
                      "'; expected one of " + kMethods);
  spec.method = method;
  std::stringstream ss(params);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw ConfigError(option + ": expected key=value, got '" + item + "' in '" + text + "'");
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    const bool neighbours = method == "smote" || method == "borderline-smote" || method == "adasyn";
    if ((key == "k" || key == "k_neighbors" || key == "n_neighbors") && neighbours) {
      spec.k_neighbors = parse_positive(option, key, value);
    } else if ((key == "m" || key == "m_neighbors") && method == "borderline-smote") {
      spec.m_neighbors = parse_positive(option, key, value);
    } else if (key == "kind" && method == "borderline-smote") {
      const std::string v = value.rfind("borderline-", 0) == 0 ? value.substr(11) : value;
      if (v != "1" && v != "2")
        throw ConfigError(option + ": kind must be 1 or 2 (borderline-1 / borderline-2), got '" +
                          value + "'");
      spec.kind = v == "1" ? 1 : 2;
    } else if (key == "replacement" && method == "random-under") {
      if (value != "0" && value != "1" && value != "true" && value != "false")
        throw ConfigError(option + ": replacement must be 0 or 1, got '" + value + "'");
      spec.replacement = value == "1" || value == "true";
    } else if (key == "ratio" || key == "strategy" || key == "sampling_strategy") {
      spec.sampling_strategy = SamplingStrategy::parse(value, option + " " + key);
    } else if (key == "random_state" || key == "seed") {
      std::size_t used = 0;
      long long s = -1;
      try {
        s = std::stoll(value, &used);
      } catch (...) {
        used = 0;
      }
      if (used != value.size() || s < 0 || s > 4294967295LL)
        throw ConfigError(option + ": " + key + " must be an integer in [0, 4294967295], got '" +
                          value + "'");
      spec.random_state = static_cast<std::uint32_t>(s);
    } else {
      throw ConfigError(option + ": " + method + " has no parameter '" + key + "'; it takes " +
                        (method == "smote" || method == "adasyn" ? "k, "
                         : method == "borderline-smote"          ? "kind, k, m, "
                         : method == "random-under"              ? "replacement, "
                                                                 : "") +
                        "ratio (or strategy) and random_state");
    }
  }
  return spec;
}

std::string ResampleSpec::to_string() const {
  if (!enabled()) return "none";
  std::string s = method + ":";
  if (method == "smote" || method == "adasyn") s += "k=" + std::to_string(k_neighbors) + ",";
  if (method == "borderline-smote")
    s += "kind=" + std::to_string(kind) + ",k=" + std::to_string(k_neighbors) +
         ",m=" + std::to_string(m_neighbors) + ",";
  if (method == "random-under" && replacement) s += "replacement=1,";
  std::string strategy = sampling_strategy.to_string();
  s += (sampling_strategy.kind == SamplingStrategy::Kind::Ratio ? "ratio=" : "strategy=") +
       strategy + ",random_state=" + std::to_string(random_state);
  return s;
}

ResampleResult resample(const ResampleSpec& spec, const RowMatrixD& X, const Labels& y) {
  if (spec.method == "random-over")
    return random_over_sample(X, y, {spec.sampling_strategy, spec.random_state});
  if (spec.method == "random-under")
    return random_under_sample(X, y, {spec.sampling_strategy, spec.random_state, spec.replacement});
  if (spec.method == "smote")
    return smote(X, y, {spec.sampling_strategy, spec.random_state, spec.k_neighbors});
  if (spec.method == "borderline-smote")
    return borderline_smote(
        X, y,
        {spec.sampling_strategy, spec.random_state, spec.k_neighbors, spec.m_neighbors, spec.kind});
  if (spec.method == "adasyn")
    return adasyn(X, y, {spec.sampling_strategy, spec.random_state, spec.k_neighbors});
  throw ConfigError("resample: no resampling method given; expected one of " +
                    std::string(kMethods));
}

}  // namespace rarenet
