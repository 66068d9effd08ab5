#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rarenet/classifier.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "rarenet/memory_budget.hpp"
#include "train/options_json.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "rarenet-model";
// 2: "training" holds every declared option by its name; class names and the preprocessor.
// 3: "scaler" names its kind; robust and quantile scalers (a version-2 reader would take a
// quantile scaler's file for a standard one, so it must refuse the file); "members": the further
// networks of an ensemble (their parameters; the architecture is "network"'s).
// 4: "embedding", a piecewise-linear embedding's bin edges (a version-3 reader would feed the
// network the scaled features instead); "decision_weights", a multi-class model's tuned decision
// rule (a version-3 reader would decide by the plain argmax); the class weight form
// balanced:POWER; "label_thresholds", a multi-label model's threshold per label (a version-3
// reader would use "threshold" for every label). A file using none of these is still written as
// version 3, without the new keys, so that older programs keep reading it.
// 5: the scaler kind robust-clip (a version-4 reader does not know it). Other files keep the
// version they had.
constexpr int kVersion = 5;

Task parse_task(const std::string& s, const std::string& path) {
  if (s == "binary") return Task::Binary;
  if (s == "multiclass") return Task::MultiClass;
  if (s == "multilabel") return Task::MultiLabel;
  throw FormatError(path + ": unknown task '" + s + "'");
}

}  // namespace

nlohmann::json history_to_json(const FitHistory& history) {
  json epochs = json::array();
  // Without validation data there are no val_* figures: leave them out rather than print zeros.
  for (const EpochRecord& r : history.epochs) {
    json e = {{"epoch", r.epoch}, {"loss", r.loss}};
    if (history.validated) {
      e["val_loss"] = r.val_loss;
      e["val_roc_auc"] = r.val_roc_auc;
      e["val_minority_recall"] = r.val_minority_recall;
    }
    epochs.push_back(std::move(e));
  }
  return {{"epochs", epochs},
          {"best_epoch", history.best_epoch},
          {"stopped_early", history.stopped_early}};
}

void save_model(const std::string& path, const Classifier& m) {
  json j;
  j["format"] = kFormat;
  const bool needs_4 = m.embedding.fitted() || !m.decision_weights.empty() ||
                       !m.label_thresholds.empty() ||
                       (m.options.class_weight.kind == ClassWeightSpec::Kind::Balanced &&
                        m.options.class_weight.power != 1.0);
  j["version"] = m.scaler.fitted() && m.scaler.kind == ScaleKind::RobustClip ? 5 : needs_4 ? 4 : 3;
  j["task"] = to_string(m.task);
  j["classes"] = m.classes;
  j["feature_names"] = m.feature_names;
  j["target_names"] = m.target_names;
  j["class_names"] = m.class_names;
  j["positive_class"] = m.positive_class;
  j["preprocessor"] = m.preprocessor.fitted() ? m.preprocessor.to_json() : json(nullptr);
  const NetworkSpec& spec = m.network.spec();
  json layers = json::array();
  for (const LayerSpec& l : spec.layers)
    layers.push_back({{"units", l.units}, {"activation", to_string(l.activation)}});
  std::vector<double> params(m.network.parameters().begin(), m.network.parameters().end());
  j["network"] = {{"n_inputs", spec.n_inputs},
                  {"layers", layers},
                  {"kernel_initializer", to_string(spec.kernel_initializer)},
                  {"leaky_relu_slope", spec.leaky_relu_slope},
                  {"parameters", params}};
  if (!m.members.empty()) {
    json members = json::array();
    for (const Network& member : m.members)
      members.push_back({{"parameters", std::vector<double>(member.parameters().begin(),
                                                            member.parameters().end())}});
    j["members"] = members;
  }
  if (m.scaler.fitted()) {
    j["scaler"] = {{"kind", to_string(m.scaler.kind)},
                   {"mean", std::vector<double>(m.scaler.mean.data(),
                                                m.scaler.mean.data() + m.scaler.mean.size())},
                   {"scale", std::vector<double>(m.scaler.scale.data(),
                                                 m.scaler.scale.data() + m.scaler.scale.size())}};
    if (m.scaler.quantiles.size() > 0) {
      // One list per feature: its quantiles at the references linspace(0, 1, n_quantiles).
      json per_feature = json::array();
      for (Index f = 0; f < m.scaler.quantiles.cols(); ++f) {
        std::vector<double> q(static_cast<std::size_t>(m.scaler.quantiles.rows()));
        for (Index k = 0; k < m.scaler.quantiles.rows(); ++k)
          q[static_cast<std::size_t>(k)] = m.scaler.quantiles(k, f);
        per_feature.push_back(q);
      }
      j["scaler"]["quantiles"] = per_feature;
    }
  } else
    j["scaler"] = nullptr;
  if (m.embedding.fitted()) j["embedding"] = {{"kind", "piecewise"}, {"edges", m.embedding.edges}};
  j["threshold"] = m.threshold;
  j["prior_correction"] = m.prior_correction;
  if (!m.decision_weights.empty()) j["decision_weights"] = m.decision_weights;
  if (!m.label_thresholds.empty()) j["label_thresholds"] = m.label_thresholds;
  j["class_weight"] = {{"spec", m.options.class_weight.to_string()},
                       {"values", m.class_weight_values}};
  j["training"] = options_to_json(m.options);
  // Cross-entropy models keep the engine's loss name that earlier versions wrote and read.
  if (!m.options.loss.focal) j["training"]["loss"] = to_string(m.options.train.loss);
  // How many threads trained the model is a property of the run, not of the model (the
  // parameters do not depend on it): same seed, same file, at any thread count.
  j["training"].erase("threads");
  // Without an embedding the file stays readable by version-3 programs, which do not know the
  // option.
  if (!m.options.embedding.enabled()) j["training"].erase("embedding");
  j["history"] = history_to_json(m.history);
  write_file_atomic(path, j.dump(1) + "\n");
}

namespace {

// Reads one model file's fields, trusting nothing: every value is checked for its type, range
// and agreement with the architecture, and every error is a FormatError naming the file and
// the field ("network.layers[1].units").
class FieldReader {
 public:
  explicit FieldReader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw FormatError(path_ + ": field \"" + field + "\": " + what);
  }

  const json& member(const json& obj, const std::string& key, const std::string& field) const {
    if (!obj.is_object()) fail(parent(field), "expected an object, found " + type(obj));
    const auto it = obj.find(key);
    if (it == obj.end()) fail(field, "missing");
    return *it;
  }

  std::int64_t integer(const json& v, const std::string& field, std::int64_t lo,
                       std::int64_t hi) const {
    std::int64_t out = 0;
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(hi)) fail(field, out_of_range(v.dump(), lo, hi));
      out = static_cast<std::int64_t>(u);
    } else if (v.is_number_integer()) {
      out = v.get<std::int64_t>();
    } else if (v.is_number_float()) {
      const double d = v.get<double>();
      // Only integral values in range are converted: 1e30 must not wrap around.
      if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || d != std::floor(d))
        fail(field, out_of_range(v.dump(), lo, hi));
      out = static_cast<std::int64_t>(d);
    } else {
      fail(field, "expected an integer, found " + type(v));
    }
    if (out < lo || out > hi) fail(field, out_of_range(v.dump(), lo, hi));
    return out;
  }
  int int32(const json& v, const std::string& field, std::int64_t lo) const {
    return static_cast<int>(integer(v, field, lo, std::numeric_limits<int>::max()));
  }

  double number(const json& v, const std::string& field) const {
    if (!v.is_number()) fail(field, "expected a number, found " + type(v));
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(field, "expected a finite number");
    return d;
  }
  float float32(const json& v, const std::string& field) const {
    const double d = number(v, field);
    if (std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max()))
      fail(field, v.dump() + " does not fit a float (at most 3.4e38 in magnitude)");
    return static_cast<float>(d);
  }
  bool boolean(const json& v, const std::string& field) const {
    if (!v.is_boolean()) fail(field, "expected true or false, found " + type(v));
    return v.get<bool>();
  }
  std::string string(const json& v, const std::string& field) const {
    if (!v.is_string()) fail(field, "expected a string, found " + type(v));
    return v.get<std::string>();
  }
  const json& array(const json& v, const std::string& field) const {
    if (!v.is_array()) fail(field, "expected an array, found " + type(v));
    return v;
  }
  std::vector<double> numbers(const json& v, const std::string& field) const {
    std::vector<double> out;
    for (std::size_t i = 0; i < array(v, field).size(); ++i)
      out.push_back(number(v[i], field + "[" + std::to_string(i) + "]"));
    return out;
  }
  std::vector<std::string> strings(const json& v, const std::string& field) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < array(v, field).size(); ++i)
      out.push_back(string(v[i], field + "[" + std::to_string(i) + "]"));
    return out;
  }
  // A name that the library parses (activation, loss ...): its ConfigError, with the field.
  template <class Parse>
  auto parsed(const json& v, const std::string& field, const Parse& parse) const {
    const std::string text = string(v, field);
    try {
      return parse(text);
    } catch (const ConfigError& e) {
      fail(field, e.what());
    }
  }

 private:
  static std::string parent(const std::string& field) {
    const auto dot = field.find_last_of(".[");
    return dot == std::string::npos ? "(top level)" : field.substr(0, dot);
  }
  static std::string type(const json& v) {
    return std::string(v.type_name()) + (v.is_primitive() ? " " + v.dump() : "");
  }
  static std::string out_of_range(const std::string& text, std::int64_t lo, std::int64_t hi) {
    return text + " is not an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  }
  std::string path_;
};

std::string idx(const std::string& field, std::size_t i) {
  return field + "[" + std::to_string(i) + "]";
}

Classifier read_model(const json& j, const std::string& path) {
  const FieldReader r(path);
  const json& version_field = r.member(j, "version", "version");
  const std::int64_t version = r.integer(version_field, "version", std::numeric_limits<int>::min(),
                                         std::numeric_limits<int>::max());
  if (version > kVersion)
    throw FormatError(path + ": written by a newer rarenet (model format version " +
                      std::to_string(version) + "); this program reads version " +
                      std::to_string(kVersion));
  if (version < 1) r.fail("version", std::to_string(version) + ", expected 1");

  Classifier m;
  m.task = r.parsed(r.member(j, "task", "task"), "task",
                    [&](const std::string& s) { return parse_task(s, path); });
  const json& classes = r.array(r.member(j, "classes", "classes"), "classes");
  for (std::size_t i = 0; i < classes.size(); ++i)
    m.classes.push_back(r.integer(classes[i], idx("classes", i),
                                  std::numeric_limits<std::int64_t>::min(),
                                  std::numeric_limits<std::int64_t>::max()));
  if (m.classes.size() < 2)
    r.fail("classes", std::to_string(m.classes.size()) + " class(es), expected at least two");
  for (std::size_t i = 1; i < m.classes.size(); ++i)
    if (!(m.classes[i - 1] < m.classes[i]))
      r.fail("classes", "expected distinct labels in increasing order, found " +
                            std::to_string(m.classes[i - 1]) + " before " +
                            std::to_string(m.classes[i]));
  if (m.task == Task::Binary && m.classes.size() != 2)
    r.fail("classes",
           std::to_string(m.classes.size()) + " classes for a binary model, expected two");
  if (m.task == Task::MultiLabel && m.classes != std::vector<std::int64_t>{0, 1})
    r.fail("classes", "a multi-label model's classes are [0, 1]");
  m.feature_names = r.strings(r.member(j, "feature_names", "feature_names"), "feature_names");
  m.target_names = r.strings(r.member(j, "target_names", "target_names"), "target_names");
  if (m.target_names.empty()) r.fail("target_names", "empty, expected at least one name");
  m.class_names = j.value("class_names", std::vector<std::string>{});
  m.positive_class = j.value("positive_class", std::int64_t{-1});
  if (j.contains("preprocessor") && !j["preprocessor"].is_null()) {
    try {
      m.preprocessor = Preprocessor::from_json(j["preprocessor"]);
    } catch (const FormatError& e) {
      throw FormatError(path + ": " + e.what());
    }
    if (m.preprocessor.output_names != m.feature_names)
      throw FormatError(path +
                        ": the preprocessing's output columns do not match the "
                        "network's features");
  }
  if (!m.class_names.empty() && m.class_names.size() != m.classes.size())
    throw FormatError(path + ": " + std::to_string(m.class_names.size()) + " class names for " +
                      std::to_string(m.classes.size()) + " classes");

  const json& nj = r.member(j, "network", "network");
  NetworkSpec spec;
  spec.n_inputs = r.int32(r.member(nj, "n_inputs", "network.n_inputs"), "network.n_inputs", 1);
  const json& layers = r.array(r.member(nj, "layers", "network.layers"), "network.layers");
  if (layers.empty()) r.fail("network.layers", "empty, expected at least the output layer");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const std::string f = idx("network.layers", l);
    LayerSpec layer;
    layer.units = r.int32(r.member(layers[l], "units", f + ".units"), f + ".units", 1);
    layer.activation =
        r.parsed(r.member(layers[l], "activation", f + ".activation"), f + ".activation",
                 [](const std::string& s) { return parse_activation(s); });
    if (layer.activation == Activation::Softmax && l + 1 != layers.size())
      r.fail(f + ".activation", "softmax is allowed in the output layer only");
    spec.layers.push_back(layer);
  }
  spec.kernel_initializer = r.parsed(
      r.member(nj, "kernel_initializer", "network.kernel_initializer"),
      "network.kernel_initializer", [](const std::string& s) { return parse_initializer(s); });
  if (nj.contains("leaky_relu_slope"))
    spec.leaky_relu_slope = r.float32(nj["leaky_relu_slope"], "network.leaky_relu_slope");
  // Read before the network's inputs are checked: with an embedding they are its outputs.
  if (j.contains("embedding") && !j["embedding"].is_null()) {
    const json& e = j["embedding"];
    if (r.string(r.member(e, "kind", "embedding.kind"), "embedding.kind") != "piecewise")
      r.fail("embedding.kind", "expected \"piecewise\"");
    const json& per_feature = r.array(r.member(e, "edges", "embedding.edges"), "embedding.edges");
    if (per_feature.size() != m.feature_names.size())
      r.fail("embedding.edges", std::to_string(per_feature.size()) + " lists for " +
                                    std::to_string(m.feature_names.size()) + " features");
    for (std::size_t f = 0; f < per_feature.size(); ++f)
      m.embedding.edges.push_back(r.numbers(per_feature[f], idx("embedding.edges", f)));
    if (const std::string why = m.embedding.problem(); !why.empty()) r.fail("embedding.edges", why);
  }
  const std::size_t n_network_inputs = m.embedding.fitted()
                                           ? static_cast<std::size_t>(m.embedding.n_outputs())
                                           : m.feature_names.size();
  if (static_cast<std::size_t>(spec.n_inputs) != n_network_inputs)
    throw FormatError(
        path + ": the network has " + std::to_string(spec.n_inputs) +
        " inputs but the model names " + std::to_string(m.feature_names.size()) + " features" +
        (m.embedding.fitted() ? ", embedded into " + std::to_string(n_network_inputs) + " inputs"
                              : std::string()));
  const std::size_t n_out = static_cast<std::size_t>(spec.n_outputs());
  const Activation head = spec.layers.back().activation;
  const bool head_ok =
      (m.task == Task::Binary && n_out == 1 && head == Activation::Sigmoid) ||
      (m.task == Task::MultiClass && n_out == m.classes.size() && head == Activation::Softmax) ||
      (m.task == Task::MultiLabel && n_out == m.target_names.size() && head == Activation::Sigmoid);
  if (!head_ok)
    throw FormatError(path + ": the output layer (" + std::to_string(n_out) + " " +
                      to_string(head) + " units) does not match the task (" + to_string(m.task) +
                      ") with " + std::to_string(m.classes.size()) + " classes and " +
                      std::to_string(m.target_names.size()) + " target(s)");
  // Before anything the size of the network is allocated.
  try {
    require_memory(
        inference_memory_bytes(spec, 1024),
        "the network described (" + std::to_string(parameter_count(spec)) + " parameters)");
  } catch (const ConfigError& e) {
    throw FormatError(path + ": " + e.what());
  }
  const json& params =
      r.array(r.member(nj, "parameters", "network.parameters"), "network.parameters");
  if (params.size() != parameter_count(spec))
    throw FormatError(path + ": the network needs " + std::to_string(parameter_count(spec)) +
                      " parameters, the file holds " + std::to_string(params.size()) +
                      " (expected the kernels and biases of its layers)");
  m.network = Network(spec);
  for (std::size_t i = 0; i < params.size(); ++i)
    m.network.parameters()[i] = r.float32(params[i], idx("network.parameters", i));
  if (j.contains("members")) {
    const json& members = r.array(j["members"], "members");
    for (std::size_t k = 0; k < members.size(); ++k) {
      const std::string field = idx("members", k) + ".parameters";
      const json& p = r.array(r.member(members[k], "parameters", field), field);
      if (p.size() != parameter_count(spec))
        r.fail(field, std::to_string(p.size()) + " parameters, expected " +
                          std::to_string(parameter_count(spec)) + " as the network has");
      Network member(spec);
      for (std::size_t i = 0; i < p.size(); ++i)
        member.parameters()[i] = r.float32(p[i], idx(field, i));
      m.members.push_back(std::move(member));
    }
  }

  const json& scaler = r.member(j, "scaler", "scaler");
  if (!scaler.is_null()) {
    const auto mean = r.numbers(r.member(scaler, "mean", "scaler.mean"), "scaler.mean");
    const auto scale = r.numbers(r.member(scaler, "scale", "scaler.scale"), "scaler.scale");
    for (const auto& [values, name] : {std::pair{&mean, "scaler.mean"}, {&scale, "scaler.scale"}})
      if (values->size() != m.feature_names.size())
        r.fail(name, std::to_string(values->size()) + " values for " +
                         std::to_string(m.feature_names.size()) + " features");
    for (std::size_t i = 0; i < scale.size(); ++i)
      if (!(scale[i] > 0)) r.fail(idx("scaler.scale", i), "expected a positive number");
    m.scaler.mean = Eigen::Map<const VectorD>(mean.data(), static_cast<Index>(mean.size()));
    m.scaler.scale = Eigen::Map<const VectorD>(scale.data(), static_cast<Index>(scale.size()));
    // Version 2 files have no kind: a standard scaler.
    if (scaler.contains("kind"))
      m.scaler.kind = r.parsed(scaler["kind"], "scaler.kind", [](const std::string& s) {
        return parse_choice("scaler.kind", s, std::span<const ScaleKind>(kFittedScaleKinds));
      });
    const bool quantile =
        m.scaler.kind == ScaleKind::QuantileUniform || m.scaler.kind == ScaleKind::QuantileNormal;
    if (quantile != scaler.contains("quantiles"))
      r.fail("scaler.quantiles", quantile
                                     ? "missing, expected one list per feature"
                                     : "present, but the scaler is " + to_string(m.scaler.kind));
    if (quantile) {
      const json& per_feature = r.array(scaler["quantiles"], "scaler.quantiles");
      if (per_feature.size() != m.feature_names.size())
        r.fail("scaler.quantiles", std::to_string(per_feature.size()) + " lists for " +
                                       std::to_string(m.feature_names.size()) + " features");
      std::size_t nq = 0;
      for (std::size_t f = 0; f < per_feature.size(); ++f) {
        const std::string field = idx("scaler.quantiles", f);
        const auto q = r.numbers(per_feature[f], field);
        if (f == 0) {
          nq = q.size();
          if (nq < 1) r.fail(field, "no quantiles, expected at least one");
          m.scaler.quantiles.resize(static_cast<Index>(nq), static_cast<Index>(per_feature.size()));
          m.scaler.references = StandardScaler::quantile_references(static_cast<Index>(nq));
        }
        if (q.size() != nq)
          r.fail(field, std::to_string(q.size()) + " quantiles, expected " + std::to_string(nq) +
                            " as for the first feature");
        for (std::size_t k = 0; k < nq; ++k) {
          if (!std::isfinite(q[k])) r.fail(idx(field, k), "expected a finite number");
          if (k > 0 && q[k] < q[k - 1]) r.fail(idx(field, k), "quantiles must not decrease");
          m.scaler.quantiles(static_cast<Index>(k), static_cast<Index>(f)) = q[k];
        }
      }
    }
  }
  m.threshold = r.number(r.member(j, "threshold", "threshold"), "threshold");
  if (!(m.threshold >= 0 && m.threshold <= 1))
    r.fail("threshold", std::to_string(m.threshold) + ", expected a number in [0, 1]");
  if (j.contains("prior_correction")) {
    m.prior_correction = r.numbers(j["prior_correction"], "prior_correction");
    const std::size_t expected =
        m.task == Task::MultiLabel ? 2 * m.target_names.size() : m.classes.size();
    if (!m.prior_correction.empty() && m.prior_correction.size() != expected)
      r.fail("prior_correction",
             std::to_string(m.prior_correction.size()) + " factors, expected " +
                 std::to_string(expected) +
                 (m.task == Task::MultiLabel ? " (two per label)" : " (one per class)"));
    for (std::size_t i = 0; i < m.prior_correction.size(); ++i)
      if (!(m.prior_correction[i] > 0))
        r.fail(idx("prior_correction", i), "expected a positive number");
  }

  if (j.contains("decision_weights")) {
    m.decision_weights = r.numbers(j["decision_weights"], "decision_weights");
    if (!m.decision_weights.empty() && m.task != Task::MultiClass)
      r.fail("decision_weights",
             "a " + to_string(m.task) + " model has no decision weights (multi-class only)");
    if (!m.decision_weights.empty() && m.decision_weights.size() != m.classes.size())
      r.fail("decision_weights", std::to_string(m.decision_weights.size()) + " weights, expected " +
                                     std::to_string(m.classes.size()) + " (one per class)");
    for (std::size_t i = 0; i < m.decision_weights.size(); ++i)
      if (!(m.decision_weights[i] > 0) || !std::isfinite(m.decision_weights[i]))
        r.fail(idx("decision_weights", i), "expected a positive finite number");
  }
  if (j.contains("label_thresholds")) {
    m.label_thresholds = r.numbers(j["label_thresholds"], "label_thresholds");
    if (!m.label_thresholds.empty() && m.task != Task::MultiLabel)
      r.fail("label_thresholds",
             "a " + to_string(m.task) + " model has no label thresholds (multi-label only)");
    if (!m.label_thresholds.empty() && m.label_thresholds.size() != m.target_names.size())
      r.fail("label_thresholds", std::to_string(m.label_thresholds.size()) +
                                     " thresholds, expected " +
                                     std::to_string(m.target_names.size()) + " (one per label)");
    for (std::size_t i = 0; i < m.label_thresholds.size(); ++i)
      if (!(m.label_thresholds[i] >= 0 && m.label_thresholds[i] <= 1))
        r.fail(idx("label_thresholds", i), "expected a number in [0, 1]");
  }

  const json& cw = r.member(j, "class_weight", "class_weight");
  m.options.class_weight = r.parsed(r.member(cw, "spec", "class_weight.spec"), "class_weight.spec",
                                    [](const std::string& s) { return parse_class_weight(s); });
  const json& values =
      r.array(r.member(cw, "values", "class_weight.values"), "class_weight.values");
  for (std::size_t i = 0; i < values.size(); ++i)
    m.class_weight_values.push_back(r.numbers(values[i], idx("class_weight.values", i)));
  for (std::size_t i = 0; i < m.class_weight_values.size(); ++i)
    for (std::size_t k = 0; k < m.class_weight_values[i].size(); ++k)
      if (!(m.class_weight_values[i][k] >= 0))
        r.fail(idx(idx("class_weight.values", i), k), "expected a weight >= 0");
  const std::size_t rows = m.task == Task::MultiLabel ? m.target_names.size() : 1;
  const std::size_t cols = m.task == Task::MultiLabel ? 2 : m.classes.size();
  if (m.class_weight_values.size() != rows)
    r.fail("class_weight.values", std::to_string(m.class_weight_values.size()) +
                                      " rows, expected " + std::to_string(rows));
  for (std::size_t i = 0; i < rows; ++i)
    if (m.class_weight_values[i].size() != cols)
      r.fail(idx("class_weight.values", i), std::to_string(m.class_weight_values[i].size()) +
                                                " weights, expected " + std::to_string(cols));

  const json& t = r.member(j, "training", "training");
  // Every declared option by its name; version 1 files name three settings differently.
  options_from_json(t, m.options,
                    {{"reduction", "loss_reduction"},
                     {"early_stopping_patience", "early_stopping"},
                     {"early_stopping_monitor", "monitor"}},
                    "training.");
  r.member(t, "loss", "training.loss");  // required; read above as the declared option
  m.options.train.loss = m.options.loss.engine_loss(m.task == Task::MultiClass);
  m.options.train.focal = m.options.loss.params;
  if (m.options.hidden.size() + 1 != spec.layers.size())
    r.fail("training.hidden", std::to_string(m.options.hidden.size()) +
                                  " hidden layers, but the network has " +
                                  std::to_string(spec.layers.size() - 1));
  for (std::size_t i = 0; i < m.options.hidden.size(); ++i)
    if (m.options.hidden[i] != spec.layers[i].units)
      r.fail(idx("training.hidden", i), std::to_string(m.options.hidden[i]) +
                                            " units, but the network's layer has " +
                                            std::to_string(spec.layers[i].units));
  m.options.kernel_initializer = spec.kernel_initializer;
  if (m.options.standardize != m.scaler.fitted())
    r.fail("training.standardize", std::string(m.options.standardize ? "true" : "false") +
                                       ", but the scaler is " +
                                       (m.scaler.fitted() ? "present" : "null"));
  if (static_cast<std::size_t>(m.options.ensemble) != m.members.size() + 1)
    r.fail("training.ensemble",
           std::to_string(m.options.ensemble) + " networks, but the file holds " +
               std::to_string(m.members.size() + 1) + " (network and members)");
  // robust-auto fitted as one of the two robust kinds.
  const bool auto_fit =
      m.options.scale == ScaleKind::RobustAuto &&
      (m.scaler.kind == ScaleKind::Robust || m.scaler.kind == ScaleKind::RobustClip);
  if (m.scaler.fitted() && m.options.scale != m.scaler.kind && !auto_fit)
    r.fail("training.scale",
           to_string(m.options.scale) + ", but the scaler is " + to_string(m.scaler.kind));
  if (m.options.embedding.enabled() != m.embedding.fitted())
    r.fail("training.embedding", m.options.embedding.to_string() + ", but the file " +
                                     (m.embedding.fitted() ? "holds" : "holds no") +
                                     " embedding edges");
  m.options.threshold.value = m.threshold;

  if (j.contains("history")) {
    const json& h = j["history"];
    if (!h.is_object()) r.fail("history", "expected an object");
    if (h.contains("epochs")) {
      const json& epochs = r.array(h["epochs"], "history.epochs");
      for (std::size_t i = 0; i < epochs.size(); ++i) {
        const std::string f = idx("history.epochs", i);
        if (!epochs[i].is_object()) r.fail(f, "expected an object");
        EpochRecord e;
        auto num = [&](const char* key) {
          return epochs[i].contains(key) ? r.number(epochs[i][key], f + "." + key) : 0.0;
        };
        e.epoch = epochs[i].contains("epoch") ? r.int32(epochs[i]["epoch"], f + ".epoch", 0) : 0;
        e.loss = num("loss");
        if (epochs[i].contains("val_loss")) m.history.validated = true;
        e.val_loss = num("val_loss");
        e.val_roc_auc = num("val_roc_auc");
        e.val_minority_recall = num("val_minority_recall");
        m.history.epochs.push_back(e);
      }
    }
    if (h.contains("best_epoch"))
      m.history.best_epoch = r.int32(h["best_epoch"], "history.best_epoch", 0);
    if (h.contains("stopped_early"))
      m.history.stopped_early = r.boolean(h["stopped_early"], "history.stopped_early");
  }
  return m;
}

}  // namespace

Classifier load_model(const std::string& path) {
  if (std::error_code ec; std::filesystem::is_directory(path, ec))
    throw FileError(path + ": is a directory, expected a model file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path + ": cannot open the model file: " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw FileError(path + ": cannot read the model file");
  return parse_model(ss.str(), path);
}

Classifier parse_model(std::string_view text, const std::string& path) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw FormatError(path + ": not a rarenet model (invalid or truncated JSON at byte " +
                      std::to_string(e.byte) + ")");
  } catch (const json::exception& e) {
    throw FormatError(path + ": not a rarenet model (" + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    throw FormatError(path + ": not a rarenet model (no \"format\": \"rarenet-model\" field)");
  try {
    return read_model(j, path);
  } catch (const json::exception& e) {
    throw FormatError(path + ": malformed rarenet model: " + e.what());
  } catch (const ConfigError& e) {
    throw FormatError(path + ": malformed rarenet model: " + e.what());
  } catch (const InputError& e) {
    throw FormatError(path + ": malformed rarenet model: " + e.what());
  }
}

}  // namespace rarenet
