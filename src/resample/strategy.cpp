// sampling_strategy: parsing, and imbalanced-learn 0.10's check_sampling_strategy.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/resample.hpp"

namespace rarenet {
namespace {

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

bool parse_int(const std::string& s, std::int64_t& v) {
  if (s.empty()) return false;
  std::size_t used = 0;
  try {
    v = std::stoll(s, &used);
  } catch (...) {
    return false;
  }
  return used == s.size();
}

const char* kExpected =
    "expected a ratio in (0, 1] (binary targets), auto, minority, majority, not minority, "
    "not majority, all, or CLASS:COUNT pairs such as 0:500;1:300";

}  // namespace

SamplingStrategy SamplingStrategy::parse(const std::string& text, const std::string& option) {
  std::string s = trim(text);
  std::string lower;
  for (char c : s) lower += (c == '-' || c == '_') ? ' ' : static_cast<char>(std::tolower(c));
  SamplingStrategy out;
  static const std::pair<const char*, Kind> names[] = {{"auto", Kind::Auto},
                                                       {"minority", Kind::Minority},
                                                       {"majority", Kind::Majority},
                                                       {"not minority", Kind::NotMinority},
                                                       {"not majority", Kind::NotMajority},
                                                       {"all", Kind::All}};
  for (const auto& [name, kind] : names)
    if (lower == name) {
      out.kind = kind;
      return out;
    }
  if (s.find(':') != std::string::npos) {
    std::string body;
    for (char c : s)
      if (c != '{' && c != '}' && c != ' ') body += (c == ';' ? ',' : c);
    std::stringstream ss(body);
    std::string item;
    out.kind = Kind::Dict;
    while (std::getline(ss, item, ',')) {
      if (item.empty()) continue;
      const auto colon = item.find(':');
      std::int64_t cls = 0, count = 0;
      if (colon == std::string::npos || !parse_int(item.substr(0, colon), cls) ||
          !parse_int(item.substr(colon + 1), count))
        throw ConfigError(option + ": cannot read '" + item + "' in '" + text + "': " + kExpected);
      if (!out.counts.emplace(cls, count).second)
        throw ConfigError(option + ": class " + std::to_string(cls) + " is given twice in '" +
                          text + "'");
    }
    if (out.counts.empty()) throw ConfigError(option + ": no class in '" + text + "'");
    return out;
  }
  try {
    std::size_t used = 0;
    const double r = std::stod(s, &used);
    if (used == s.size()) {
      if (!(r > 0.0 && r <= 1.0))
        throw ConfigError(option + ": a float sampling_strategy must lie in (0, 1], got " + s);
      out.kind = Kind::Ratio;
      out.ratio = r;
      return out;
    }
  } catch (const std::invalid_argument&) {
  } catch (const std::out_of_range&) {
  }
  throw ConfigError(option + ": unknown sampling strategy '" + text + "': " + kExpected);
}

std::string SamplingStrategy::to_string() const {
  switch (kind) {
    case Kind::Auto:
      return "auto";
    case Kind::Minority:
      return "minority";
    case Kind::Majority:
      return "majority";
    case Kind::NotMinority:
      return "not minority";
    case Kind::NotMajority:
      return "not majority";
    case Kind::All:
      return "all";
    case Kind::Ratio: {
      std::ostringstream os;
      os.precision(17);
      os << ratio;
      return os.str();
    }
    case Kind::Dict: {
      std::string s;
      for (const auto& [c, n] : counts) {
        if (!s.empty()) s += ';';
        s += std::to_string(c);
        s += ':';
        s += std::to_string(n);
      }
      return s;
    }
  }
  return "auto";
}

std::map<std::int64_t, std::int64_t> sampling_targets(const SamplingStrategy& strategy,
                                                      const Labels& y, SamplingType type) {
  const std::vector<std::int64_t> classes = unique_labels(y);
  if (classes.size() <= 1)
    throw InputError("resampling needs more than 1 class in the target, got " +
                     std::to_string(classes.size()) +
                     (classes.empty() ? std::string() : " (" + std::to_string(classes[0]) + ")"));
  const std::vector<std::int64_t> counts = class_counts(y, classes);
  // Python's max / min over the class counts in ascending class order: the first one wins ties.
  std::size_t imax = 0, imin = 0;
  for (std::size_t c = 1; c < classes.size(); ++c) {
    if (counts[c] > counts[imax]) imax = c;
    if (counts[c] < counts[imin]) imin = c;
  }
  const std::int64_t n_max = counts[imax], n_min = counts[imin];
  const bool over = type == SamplingType::OverSampling;
  std::map<std::int64_t, std::int64_t> out;
  using Kind = SamplingStrategy::Kind;
  auto each = [&](auto&& pick) {
    for (std::size_t c = 0; c < classes.size(); ++c)
      if (pick(c)) out[classes[c]] = over ? n_max - counts[c] : n_min;
  };
  switch (strategy.kind) {
    case Kind::Auto:
      if (over)
        each([&](std::size_t c) { return c != imax; });
      else
        each([&](std::size_t c) { return c != imin; });
      break;
    case Kind::NotMajority:
      each([&](std::size_t c) { return c != imax; });
      break;
    case Kind::NotMinority:
      each([&](std::size_t c) { return c != imin; });
      break;
    case Kind::All:
      each([](std::size_t) { return true; });
      break;
    case Kind::Minority:
      if (!over)
        throw ConfigError(
            "sampling_strategy 'minority' cannot be used with an under-sampler (it would remove "
            "rows of the smallest class)");
      each([&](std::size_t c) { return c == imin; });
      break;
    case Kind::Majority:
      if (over)
        throw ConfigError(
            "sampling_strategy 'majority' cannot be used with an over-sampler (it would add rows "
            "to the largest class)");
      each([&](std::size_t c) { return c == imax; });
      break;
    case Kind::Ratio: {
      if (classes.size() != 2)
        throw ConfigError("sampling_strategy " + strategy.to_string() +
                          ": a float ratio needs a binary target, this one has " +
                          std::to_string(classes.size()) + " classes; use CLASS:COUNT pairs");
      if (!(strategy.ratio > 0.0 && strategy.ratio <= 1.0))
        throw ConfigError("sampling_strategy: a float must lie in (0, 1], got " +
                          strategy.to_string());
      for (std::size_t c = 0; c < classes.size(); ++c) {
        if (over && c != imax) {
          // Python's int(): truncation toward zero.
          const auto n = static_cast<std::int64_t>(std::trunc(
              static_cast<double>(n_max) * strategy.ratio - static_cast<double>(counts[c])));
          if (n <= 0)
            throw ConfigError("sampling_strategy " + strategy.to_string() +
                              ": the ratio asks for " +
                              std::to_string(static_cast<std::int64_t>(static_cast<double>(n_max) *
                                                                       strategy.ratio)) +
                              " rows of class " + std::to_string(classes[c]) + ", which has " +
                              std::to_string(counts[c]) +
                              " already; over-sampling cannot remove rows: increase the ratio");
          out[classes[c]] = n;
        } else if (!over && c != imin) {
          const auto n =
              static_cast<std::int64_t>(std::trunc(static_cast<double>(n_min) / strategy.ratio));
          if (n > counts[c])
            throw ConfigError("sampling_strategy " + strategy.to_string() +
                              ": the ratio asks for " + std::to_string(n) + " rows of class " +
                              std::to_string(classes[c]) + ", which has only " +
                              std::to_string(counts[c]) +
                              "; under-sampling cannot add rows: increase the ratio");
          out[classes[c]] = n;
        }
      }
      break;
    }
    case Kind::Dict:
      for (const auto& [cls, wanted] : strategy.counts) {
        const auto it = std::lower_bound(classes.begin(), classes.end(), cls);
        if (it == classes.end() || *it != cls)
          throw ConfigError("sampling_strategy: class " + std::to_string(cls) +
                            " is not present in the data");
        if (wanted < 0)
          throw ConfigError("sampling_strategy: class " + std::to_string(cls) +
                            ": the number of rows cannot be negative, got " +
                            std::to_string(wanted));
      }
      for (const auto& [cls, wanted] : strategy.counts) {
        const std::size_t c =
            std::lower_bound(classes.begin(), classes.end(), cls) - classes.begin();
        if (over) {
          if (wanted < counts[c])
            throw ConfigError("sampling_strategy: class " + std::to_string(cls) + " has " +
                              std::to_string(counts[c]) + " rows and " + std::to_string(wanted) +
                              " are asked; over-sampling needs at least as many as there are");
          out[cls] = wanted - counts[c];
        } else {
          if (wanted > counts[c])
            throw ConfigError("sampling_strategy: class " + std::to_string(cls) + " has " +
                              std::to_string(counts[c]) + " rows and " + std::to_string(wanted) +
                              " are asked; under-sampling needs at most as many as there are");
          out[cls] = wanted;
        }
      }
      break;
  }
  return out;
}

}  // namespace rarenet
