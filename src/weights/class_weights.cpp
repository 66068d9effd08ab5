#include "rarenet/class_weights.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include "core/text.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

using Kind = ClassWeightSpec::Kind;

const char* kForms =
    "valid forms: none, balanced, CLASS:WEIGHT,... (e.g. 0:1,1:200), capped:MOST (e.g. "
    "capped:0.9) or effective:BETA (e.g. effective:0.999)";

// A double as Python's repr prints it: the shortest round-trip digits, in positional notation
// when the decimal exponent lies in [-4, 16), otherwise as d.ddde+XX (at least two exponent
// digits); integral values keep ".0".
std::string python_float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
  std::string out;
  if (s.front() == '-') {
    out = "-";
    s.remove_prefix(1);
  }
  const auto e = s.find('e');
  std::string digits;
  for (char ch : s.substr(0, e))
    if (ch != '.') digits += ch;
  int exp = 0;
  const auto exp_text = s.substr(e + 1);
  std::from_chars(exp_text.data() + (exp_text.front() == '+' ? 1 : 0),
                  exp_text.data() + exp_text.size(), exp);
  const int n = static_cast<int>(digits.size());
  // Appends only: GCC 12 misreports -Wrestrict on "literal" + std::string temporaries.
  if (exp < -4 || exp >= 16) {
    out += digits[0];
    if (n > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += exp < 0 ? "e-" : "e+";
    const std::string mag = std::to_string(exp < 0 ? -exp : exp);
    if (mag.size() < 2) out += '0';
    out += mag;
  } else if (exp >= 0) {
    if (n <= exp + 1) {
      out += digits;
      out.append(static_cast<std::size_t>(exp + 1 - n), '0');
      out += ".0";
    } else {
      out.append(digits, 0, static_cast<std::size_t>(exp + 1));
      out += '.';
      out.append(digits, static_cast<std::size_t>(exp + 1));
    }
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exp - 1), '0');
    out += digits;
  }
  return out;
}

std::string join(const std::vector<std::int64_t>& v) {
  std::string s;
  for (auto x : v) {
    if (!s.empty()) s += ", ";
    s += std::to_string(x);
  }
  return s;
}

void check_most(double most, const std::string& text) {
  if (!(most >= 0.5 && most < 1.0))
    throw ConfigError("class_weight '" + text + "': MOST must lie in [0.5, 1), found " +
                      shortest(most) +
                      ": it caps the larger class's share of the rows; 0.5 gives equal total "
                      "weight to both classes");
}

void check_beta(double beta, const std::string& text) {
  if (!(beta >= 0.0 && beta < 1.0))
    throw ConfigError("class_weight '" + text + "': BETA must lie in [0, 1), found " +
                      shortest(beta) +
                      " (0 gives every class weight 1; near 1 approaches "
                      "balanced weights)");
}

// Every class needs a weight, so weights that are all 0 make the loss 0 whatever the network
// does: training would learn nothing and save the initial network.
void check_not_all_zero(const ClassWeightSpec& spec, const std::string& text) {
  const auto zero = [](const auto& item) { return item.second == 0; };
  if ((spec.manual.empty() && spec.manual_by_label.empty()) ||
      !std::all_of(spec.manual.begin(), spec.manual.end(), zero) ||
      !std::all_of(spec.manual_by_label.begin(), spec.manual_by_label.end(), zero))
    return;
  throw ConfigError("class_weight '" + text +
                    "': every class weight is 0, so the loss would be 0 whatever the network "
                    "does and training would learn nothing; expected a positive weight for at "
                    "least one class");
}

// The spec's own parameters are valid whatever the data (a spec may be built in code).
void check_spec(const ClassWeightSpec& spec) {
  if (spec.kind == Kind::Capped) check_most(spec.most, spec.to_string());
  if (spec.kind == Kind::Effective) check_beta(spec.beta, spec.to_string());
  if (spec.kind == Kind::Manual) {
    for (const auto& [c, w] : spec.manual)
      if (!(w >= 0) || !std::isfinite(w))
        throw ConfigError("class_weight '" + spec.to_string() + "': the weight of class " +
                          std::to_string(c) + " must be a finite number >= 0, found " +
                          shortest(w));
    check_not_all_zero(spec, spec.to_string());
  }
}

// Rows per class, in the order of `classes`; a label outside `classes` is an InputError (as
// scikit-learn's "classes should include all valid labels that can be in y").
std::vector<double> count_classes(const std::vector<std::int64_t>& classes, const Labels& y) {
  if (classes.empty()) throw InputError("class weights: the list of classes is empty");
  std::vector<std::int64_t> sorted = classes;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    throw InputError("class weights: the classes (" + join(classes) + ") repeat a label");
  std::vector<std::size_t> slot(classes.size());  // position in `classes` of sorted[i]
  for (std::size_t c = 0; c < classes.size(); ++c)
    slot[static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), classes[c]) -
                                  sorted.begin())] = c;
  std::vector<double> counts(classes.size(), 0.0);
  for (auto v : y) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), v);
    if (it == sorted.end() || *it != v)
      throw InputError("class weights: label " + std::to_string(v) + " is not among the classes (" +
                       join(classes) + ")");
    counts[slot[static_cast<std::size_t>(it - sorted.begin())]] += 1;
  }
  return counts;
}

// Effective-number weights (1 - beta) / (1 - beta^n_c), scaled to sum to the number of classes.
std::vector<double> effective_weights(double beta, const std::vector<double>& counts) {
  std::vector<double> w(counts.size());
  double sum = 0;
  for (std::size_t c = 0; c < counts.size(); ++c)
    sum += (w[c] = (1 - beta) / (1 - std::pow(beta, counts[c])));
  for (auto& v : w) v *= static_cast<double>(counts.size()) / sum;
  return w;
}

// Weights {negative, positive} of one 0/1 label column with n_neg zeros and n_pos ones.
std::pair<double, double> binary_pair(const ClassWeightSpec& spec, double n_neg, double n_pos,
                                      const std::string& what) {
  switch (spec.kind) {
    case Kind::None:
      return {1.0, 1.0};
    case Kind::Manual: {
      for (const auto& [c, _] : spec.manual)
        if (c != 0 && c != 1)
          throw ConfigError("class_weight '" + spec.to_string() + "': class " + std::to_string(c) +
                            " is not a class of a multi-label target (each label is 0 or 1)");
      auto get = [&](std::int64_t c) {
        const auto it = spec.manual.find(c);
        if (it == spec.manual.end())
          throw ConfigError("class_weight '" + spec.to_string() + "': no weight given for class " +
                            std::to_string(c) + " (multi-label targets need weights for 0 and 1)");
        return it->second;
      };
      return {get(0), get(1)};
    }
    case Kind::Balanced:
    case Kind::Effective: {
      if (n_neg == 0 || n_pos == 0)
        throw InputError(what + " holds only " + (n_pos == 0 ? "0s" : "1s") + " (" +
                         std::to_string(static_cast<std::int64_t>(n_neg + n_pos)) + " rows): " +
                         spec.to_string() + " weights need both values present to be defined");
      if (spec.kind == Kind::Balanced)
        return {(n_neg + n_pos) / (2.0 * n_neg), (n_neg + n_pos) / (2.0 * n_pos)};
      const auto w = effective_weights(spec.beta, {n_neg, n_pos});
      return {w[0], w[1]};
    }
    case Kind::Capped: {
      // The Q&A's weightMatrix: b = clip(mean, 1 - most, most); defined even for a column of
      // one value, since the clamp keeps b away from 0 and 1.
      const double b = std::clamp(n_pos / (n_neg + n_pos), 1 - spec.most, spec.most);
      return {1 / (2 * (1 - b)), 1 / (2 * b)};
    }
  }
  return {1.0, 1.0};
}

}  // namespace

std::string ClassWeightSpec::to_string() const {
  switch (kind) {
    case Kind::None:
      return "none";
    case Kind::Balanced:
      return "balanced";
    case Kind::Capped:
      return "capped:" + shortest(most);
    case Kind::Effective:
      return "effective:" + shortest(beta);
    case Kind::Manual: {
      std::string s;
      for (const auto& [c, w] : manual) {
        if (!s.empty()) s += ',';
        s += std::to_string(c);
        s += ':';
        s += shortest(w);
      }
      for (const auto& [label, w] : manual_by_label) {
        if (!s.empty()) s += ',';
        s += label + ":" + shortest(w);
      }
      return s;
    }
  }
  return "none";
}

ClassWeightSpec ClassWeightSpec::resolve_labels(const std::vector<std::string>& class_names) const {
  ClassWeightSpec out = *this;
  out.manual_by_label.clear();
  for (const auto& [label, w] : manual_by_label) {
    const auto it = std::find(class_names.begin(), class_names.end(), label);
    if (it == class_names.end()) {
      std::string known;
      for (const auto& c : class_names) known += (known.empty() ? "" : ", ") + c;
      throw ConfigError("class_weight '" + to_string() + "': '" + label + "' is not a class label" +
                        (known.empty() ? std::string(" (the target's classes are integers)")
                                       : " (classes: " + known + ")"));
    }
    out.manual[it - class_names.begin()] = w;
  }
  return out;
}

ClassWeightSpec parse_class_weight(const std::string& text) {
  ClassWeightSpec spec;
  const std::string_view t = trim(text);
  if (t == "none") return spec;
  if (t == "balanced") {
    spec.kind = Kind::Balanced;
    return spec;
  }
  const auto colon = t.find(':');
  const std::string_view name = trim(t.substr(0, colon));
  const std::string_view arg = colon == std::string_view::npos ? "" : t.substr(colon + 1);
  if (name == "capped" || name == "effective") {
    const bool capped = name == "capped";
    const char* param = capped ? "MOST" : "BETA";
    double& value = capped ? spec.most : spec.beta;
    spec.kind = capped ? Kind::Capped : Kind::Effective;
    if (colon == std::string_view::npos)
      throw ConfigError("class_weight '" + text + "': " + std::string(name) + " needs " + param +
                        ", e.g. " + (capped ? "capped:0.9" : "effective:0.999"));
    if (!parse_number(arg, value))
      throw ConfigError("class_weight '" + text + "': " + param + " '" + std::string(arg) +
                        "' is not a number; " + kForms);
    if (capped)
      check_most(value, text);
    else
      check_beta(value, text);
    return spec;
  }
  // Anything else must be a CLASS:WEIGHT list (a class by its integer or its text label); a word
  // without a weight is a misspelt strategy name.
  if (t.empty() || colon == std::string_view::npos)
    throw ConfigError("class_weight '" + text + "': unknown class weighting; " + kForms);
  spec.kind = Kind::Manual;
  std::size_t start = 0;
  while (true) {
    const auto comma = t.find(',', start);
    const std::string_view item =
        t.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const auto c = item.find(':');
    std::int64_t cls = 0;
    double w = 0;
    if (trim(item).empty())
      throw ConfigError("class_weight '" + text + "': an empty CLASS:WEIGHT item; " + kForms);
    if (c == std::string_view::npos || trim(item.substr(0, c)).empty() ||
        !parse_number(item.substr(c + 1), w))
      throw ConfigError("class_weight '" + text + "': '" + std::string(trim(item)) +
                        "' is not CLASS:WEIGHT with a class label and a number; " + kForms);
    const std::string label(trim(item.substr(0, c)));
    double number = 0;
    const bool reserved =
        label == "none" || label == "balanced" || label == "capped" || label == "effective";
    if (reserved || (parse_number(label, number) && !parse_integer(label, cls)))
      throw ConfigError("class_weight '" + text + "': '" + std::string(trim(item)) +
                        "' is not CLASS:WEIGHT with a class label and a number; " + kForms);
    if (w < 0)
      throw ConfigError("class_weight '" + text + "': '" + std::string(trim(item)) +
                        "' gives a negative weight; weights must be >= 0");
    const bool fresh = parse_integer(label, cls) ? spec.manual.emplace(cls, w).second
                                                 : spec.manual_by_label.emplace(label, w).second;
    if (!fresh)
      throw ConfigError("class_weight '" + text + "': class " + label + " is given twice");
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  check_not_all_zero(spec, text);
  return spec;
}

std::vector<double> compute_class_weight_balanced(const std::vector<std::int64_t>& classes,
                                                  const Labels& y) {
  const std::vector<double> counts = count_classes(classes, y);
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
  check_spec(spec);
  const std::vector<double> counts = count_classes(classes, y);
  const std::size_t k = classes.size();
  switch (spec.kind) {
    case Kind::None:
      return std::vector<double>(k, 1.0);
    case Kind::Balanced:
      return compute_class_weight_balanced(classes, y);
    case Kind::Manual: {
      for (const auto& [c, _] : spec.manual)
        if (std::find(classes.begin(), classes.end(), c) == classes.end())
          throw ConfigError("class_weight '" + spec.to_string() + "': class " + std::to_string(c) +
                            " does not occur in the data (classes: " + join(classes) + ")");
      std::vector<double> w(k);
      for (std::size_t c = 0; c < k; ++c) {
        const auto it = spec.manual.find(classes[c]);
        if (it == spec.manual.end())
          throw ConfigError("class_weight '" + spec.to_string() + "': no weight given for class " +
                            std::to_string(classes[c]) + " (classes: " + join(classes) + ")");
        w[c] = it->second;
      }
      return w;
    }
    case Kind::Capped: {
      if (k < 2)
        throw InputError("class_weight '" + spec.to_string() +
                         "': capped weights need at least two classes, found " + std::to_string(k));
      // Binary: the Q&A's rule with the larger label as the positive class.
      if (k == 2) {
        const std::size_t lo_c = classes[0] < classes[1] ? 0 : 1;
        const auto [w_neg, w_pos] = binary_pair(spec, counts[lo_c], counts[1 - lo_c], "the target");
        std::vector<double> w(2);
        w[lo_c] = w_neg;
        w[1 - lo_c] = w_pos;
        return w;
      }
      // k classes: each share clamped to [(1 - most) / (k - 1), most], weight 1 / (k * share)
      // (for k = 2 this is the binary rule, as 1 - clamp(b) = clamp(1 - b)).
      const double n = static_cast<double>(y.size());
      const double kd = static_cast<double>(k);
      const double lo = (1 - spec.most) / (kd - 1);
      std::vector<double> w(k);
      for (std::size_t c = 0; c < k; ++c) {
        const double share = n > 0 ? counts[c] / n : 1.0 / kd;
        w[c] = 1.0 / (kd * std::clamp(share, lo, spec.most));
      }
      return w;
    }
    case Kind::Effective: {
      for (std::size_t c = 0; c < k; ++c)
        if (counts[c] == 0)
          throw InputError("class " + std::to_string(classes[c]) +
                           " has no rows: " + spec.to_string() + " weights are undefined");
      return effective_weights(spec.beta, counts);
    }
  }
  return std::vector<double>(k, 1.0);
}

VectorD sample_weights_from_classes(const std::vector<std::int64_t>& classes,
                                    const std::vector<double>& weights, const Labels& y) {
  if (classes.size() != weights.size())
    throw InputError("sample weights: " + std::to_string(weights.size()) + " weights for " +
                     std::to_string(classes.size()) + " classes");
  VectorD out(static_cast<Index>(y.size()));
  for (std::size_t i = 0; i < y.size(); ++i) {
    const auto it = std::find(classes.begin(), classes.end(), y[i]);
    if (it == classes.end())
      throw InputError("sample weights: row " + std::to_string(i) + " has label " +
                       std::to_string(y[i]) +
                       ", which has no class weight (classes: " + join(classes) + ")");
    out(static_cast<Index>(i)) = weights[static_cast<std::size_t>(it - classes.begin())];
  }
  return out;
}

RowMatrixD label_class_weights(const ClassWeightSpec& spec, const RowMatrixD& Y) {
  check_spec(spec);
  RowMatrixD pairs(Y.cols(), 2);
  for (Index j = 0; j < Y.cols(); ++j) {
    double pos = 0;
    for (Index i = 0; i < Y.rows(); ++i) {
      if (Y(i, j) != 0.0 && Y(i, j) != 1.0)
        throw InputError("label column " + std::to_string(j) + " (counting from 0), row " +
                         std::to_string(i) + ": multi-label targets must be 0 or 1, found " +
                         shortest(Y(i, j)));
      pos += Y(i, j) == 1.0;
    }
    const auto [w_neg, w_pos] =
        binary_pair(spec, static_cast<double>(Y.rows()) - pos, pos,
                    "label column " + std::to_string(j) + " (counting from 0)");
    pairs(j, 0) = w_neg;
    pairs(j, 1) = w_pos;
  }
  return pairs;
}

RowMatrixD label_weight_matrix(const ClassWeightSpec& spec, const RowMatrixD& Y) {
  const RowMatrixD pairs = label_class_weights(spec, Y);
  RowMatrixD W(Y.rows(), Y.cols());
  for (Index i = 0; i < Y.rows(); ++i)
    for (Index j = 0; j < Y.cols(); ++j) W(i, j) = pairs(j, Y(i, j) == 1.0 ? 1 : 0);
  return W;
}

std::string format_class_weight_dict(const std::vector<std::int64_t>& classes,
                                     const std::vector<double>& weights,
                                     const std::vector<std::string>& class_names) {
  if (classes.size() != weights.size())
    throw InputError("class weight dictionary: " + std::to_string(weights.size()) +
                     " weights for " + std::to_string(classes.size()) + " classes");
  std::string s = "{";
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (c) s += ", ";
    const auto code = static_cast<std::size_t>(classes[c]);
    s += classes[c] >= 0 && code < class_names.size() ? "'" + class_names[code] + "'"
                                                      : std::to_string(classes[c]);
    s += ": " + python_float_repr(weights[c]);
  }
  return s + "}";
}

}  // namespace rarenet
