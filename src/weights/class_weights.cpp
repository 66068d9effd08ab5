#include "rarenet/class_weights.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

const char* kForms =
    "expected none, balanced, CLASS:WEIGHT,... (e.g. 0:1,1:200), capped:MOST (e.g. capped:0.9) "
    "or effective:BETA (e.g. effective:0.999)";

bool parse_double(std::string_view s, double& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return false;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size() && std::isfinite(out);
}

std::string shortest(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

void check_most(double most, const std::string& text) {
  if (!(most >= 0.5 && most < 1.0))
    throw ConfigError("--class-weight '" + text +
                      "': MOST must lie in [0.5, 1): it caps the larger class's share of the rows "
                      "(0.5 gives both classes equal total weight; 1 would allow no cap at all)");
}

void check_beta(double beta, const std::string& text) {
  if (!(beta >= 0.0 && beta < 1.0))
    throw ConfigError("--class-weight '" + text + "': BETA must lie in [0, 1)");
}

// Binary weights {negative, positive} for one 0/1 column with positive rate b.
std::pair<double, double> binary_pair(const ClassWeightSpec& spec, std::int64_t n_neg,
                                      std::int64_t n_pos, const std::string& what) {
  const double n = static_cast<double>(n_neg + n_pos);
  switch (spec.kind) {
    case ClassWeightSpec::Kind::None: return {1.0, 1.0};
    case ClassWeightSpec::Kind::Manual: {
      auto get = [&](std::int64_t c) {
        const auto it = spec.manual.find(c);
        if (it == spec.manual.end())
          throw ConfigError("--class-weight '" + spec.to_string() + "': no weight for class " +
                            std::to_string(c) + " of " + what);
        return it->second;
      };
      return {get(0), get(1)};
    }
    case ClassWeightSpec::Kind::Balanced:
    case ClassWeightSpec::Kind::Effective:
      if (n_neg == 0 || n_pos == 0)
        throw InputError(what + " has only one class (" + std::to_string(n_pos) +
                         " positive rows): " + spec.to_string() + " weights are undefined");
      if (spec.kind == ClassWeightSpec::Kind::Balanced) return {n / (2.0 * n_neg), n / (2.0 * n_pos)};
      {
        const double e0 = (1 - std::pow(spec.beta, n_neg)) / (1 - spec.beta);
        const double e1 = (1 - std::pow(spec.beta, n_pos)) / (1 - spec.beta);
        const double w0 = 1 / e0, w1 = 1 / e1;
        return {2 * w0 / (w0 + w1), 2 * w1 / (w0 + w1)};
      }
    case ClassWeightSpec::Kind::Capped: {
      const double b = std::clamp(static_cast<double>(n_pos) / n, 1 - spec.most, spec.most);
      return {1 / (2 * (1 - b)), 1 / (2 * b)};
    }
  }
  return {1.0, 1.0};
}

}  // namespace

std::string ClassWeightSpec::to_string() const {
  switch (kind) {
    case Kind::None: return "none";
    case Kind::Balanced: return "balanced";
    case Kind::Capped: return "capped:" + shortest(most);
    case Kind::Effective: return "effective:" + shortest(beta);
    case Kind::Manual: {
      std::string s;
      for (const auto& [c, w] : manual) s += (s.empty() ? "" : ",") + std::to_string(c) + ":" + shortest(w);
      return s;
    }
  }
  return "none";
}

ClassWeightSpec parse_class_weight(const std::string& text) {
  ClassWeightSpec spec;
  if (text == "none" || text.empty()) return spec;
  if (text == "balanced") {
    spec.kind = ClassWeightSpec::Kind::Balanced;
    return spec;
  }
  if (text.rfind("capped:", 0) == 0) {
    spec.kind = ClassWeightSpec::Kind::Capped;
    if (!parse_double(std::string_view(text).substr(7), spec.most))
      throw ConfigError("--class-weight '" + text + "': MOST is not a number; " + kForms);
    check_most(spec.most, text);
    return spec;
  }
  if (text.rfind("effective:", 0) == 0) {
    spec.kind = ClassWeightSpec::Kind::Effective;
    if (!parse_double(std::string_view(text).substr(10), spec.beta))
      throw ConfigError("--class-weight '" + text + "': BETA is not a number; " + kForms);
    check_beta(spec.beta, text);
    return spec;
  }
  spec.kind = ClassWeightSpec::Kind::Manual;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto colon = item.find(':');
    double cls = 0, w = 0;
    if (colon == std::string::npos || !parse_double(std::string_view(item).substr(0, colon), cls) ||
        cls != std::floor(cls) || !parse_double(std::string_view(item).substr(colon + 1), w))
      throw ConfigError("--class-weight '" + text + "': '" + item +
                        "' is not CLASS:WEIGHT with an integer class and a number; " + kForms);
    if (w < 0) throw ConfigError("--class-weight '" + text + "': weight of class " + item + " is negative");
    if (!spec.manual.emplace(static_cast<std::int64_t>(cls), w).second)
      throw ConfigError("--class-weight '" + text + "': class " + std::to_string(static_cast<std::int64_t>(cls)) +
                        " is given twice");
  }
  if (spec.manual.empty()) throw ConfigError("--class-weight '" + text + "': " + kForms);
  return spec;
}

std::vector<double> compute_class_weight_balanced(const std::vector<std::int64_t>& classes,
                                                  const Labels& y) {
  std::vector<double> counts(classes.size(), 0.0);
  for (auto v : y) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), v);
    if (it == classes.end() || *it != v)
      throw InputError("label " + std::to_string(v) + " is not among the classes");
    counts[static_cast<std::size_t>(it - classes.begin())] += 1;
  }
  std::vector<double> w(classes.size());
  const double n = static_cast<double>(y.size()), k = static_cast<double>(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (counts[c] == 0)
      throw InputError("class " + std::to_string(classes[c]) +
                       " has no rows: balanced weights are undefined");
    w[c] = n / (k * counts[c]);  // scikit-learn: len(y) / (n_classes * bincount(y))
  }
  return w;
}

std::vector<double> class_weights(const ClassWeightSpec& spec,
                                  const std::vector<std::int64_t>& classes, const Labels& y) {
  const std::size_t k = classes.size();
  std::vector<double> counts(k, 0.0);
  for (auto v : y) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), v);
    if (it != classes.end() && *it == v) counts[static_cast<std::size_t>(it - classes.begin())] += 1;
  }
  const double n = static_cast<double>(y.size());
  std::vector<double> w(k, 1.0);
  switch (spec.kind) {
    case ClassWeightSpec::Kind::None: break;
    case ClassWeightSpec::Kind::Balanced: return compute_class_weight_balanced(classes, y);
    case ClassWeightSpec::Kind::Manual: {
      for (const auto& [c, _] : spec.manual)
        if (!std::binary_search(classes.begin(), classes.end(), c)) {
          std::string found;
          for (auto cl : classes) found += (found.empty() ? "" : ", ") + std::to_string(cl);
          throw ConfigError("--class-weight '" + spec.to_string() + "': class " + std::to_string(c) +
                            " does not occur in the data (classes: " + found + ")");
        }
      for (std::size_t c = 0; c < k; ++c) {
        const auto it = spec.manual.find(classes[c]);
        if (it == spec.manual.end())
          throw ConfigError("--class-weight '" + spec.to_string() + "': no weight given for class " +
                            std::to_string(classes[c]));
        w[c] = it->second;
      }
      break;
    }
    case ClassWeightSpec::Kind::Capped: {
      check_most(spec.most, spec.to_string());
      if (k == 2) {
        const auto p = binary_pair(spec, static_cast<std::int64_t>(counts[0]),
                                   static_cast<std::int64_t>(counts[1]), "the target");
        return {p.first, p.second};
      }
      // k classes: each share clamped to [(1 - most) / (k - 1), most], weight 1 / (k * share).
      const double lo = (1 - spec.most) / static_cast<double>(k - 1);
      for (std::size_t c = 0; c < k; ++c)
        w[c] = 1.0 / (static_cast<double>(k) * std::clamp(counts[c] / n, lo, spec.most));
      break;
    }
    case ClassWeightSpec::Kind::Effective: {
      check_beta(spec.beta, spec.to_string());
      double sum = 0;
      for (std::size_t c = 0; c < k; ++c) {
        if (counts[c] == 0)
          throw InputError("class " + std::to_string(classes[c]) +
                           " has no rows: effective-number weights are undefined");
        w[c] = (1 - spec.beta) / (1 - std::pow(spec.beta, counts[c]));
        sum += w[c];
      }
      for (auto& v : w) v *= static_cast<double>(k) / sum;
      break;
    }
  }
  return w;
}

VectorD sample_weights_from_classes(const std::vector<std::int64_t>& classes,
                                    const std::vector<double>& weights, const Labels& y) {
  VectorD out(static_cast<Index>(y.size()));
  for (std::size_t i = 0; i < y.size(); ++i) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), y[i]);
    if (it == classes.end() || *it != y[i])
      throw InputError("label " + std::to_string(y[i]) + " has no class weight");
    out(static_cast<Index>(i)) = weights[static_cast<std::size_t>(it - classes.begin())];
  }
  return out;
}

RowMatrixD label_weight_matrix(const ClassWeightSpec& spec, const RowMatrixD& Y) {
  RowMatrixD W(Y.rows(), Y.cols());
  for (Index j = 0; j < Y.cols(); ++j) {
    std::int64_t pos = 0;
    for (Index i = 0; i < Y.rows(); ++i) {
      if (Y(i, j) != 0.0 && Y(i, j) != 1.0)
        throw InputError("label column " + std::to_string(j + 1) + ", row " + std::to_string(i + 1) +
                         ": multi-label targets must be 0 or 1, found " + shortest(Y(i, j)));
      pos += Y(i, j) == 1.0;
    }
    const auto [w_neg, w_pos] =
        binary_pair(spec, Y.rows() - pos, pos, "label column " + std::to_string(j + 1));
    for (Index i = 0; i < Y.rows(); ++i) W(i, j) = Y(i, j) == 1.0 ? w_pos : w_neg;
  }
  return W;
}

std::string format_class_weight_dict(const std::vector<std::int64_t>& classes,
                                     const std::vector<double>& weights) {
  std::string s = "{";
  for (std::size_t c = 0; c < classes.size() && c < weights.size(); ++c) {
    if (c) s += ", ";
    std::string v = shortest(weights[c]);
    // Python's repr keeps a decimal point on integral floats (1.0, 200.0).
    if (v.find_first_of(".e") == std::string::npos && v != "inf" && v != "nan") v += ".0";
    s += std::to_string(classes[c]) + ": " + v;
  }
  return s + "}";
}

}  // namespace rarenet
