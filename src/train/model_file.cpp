#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rarenet/classifier.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "train/options_json.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "rarenet-model";
// 2: "training" holds every declared option by its name; class names and the preprocessor.
constexpr int kVersion = 2;

Task parse_task(const std::string& s, const std::string& path) {
  if (s == "binary") return Task::Binary;
  if (s == "multiclass") return Task::MultiClass;
  if (s == "multilabel") return Task::MultiLabel;
  throw FormatError(path + ": unknown task '" + s + "'");
}

}  // namespace

nlohmann::json history_to_json(const FitHistory& history) {
  json epochs = json::array();
  for (const EpochRecord& r : history.epochs)
    epochs.push_back({{"epoch", r.epoch},
                      {"loss", r.loss},
                      {"val_loss", r.val_loss},
                      {"val_roc_auc", r.val_roc_auc},
                      {"val_minority_recall", r.val_minority_recall}});
  return {{"epochs", epochs},
          {"best_epoch", history.best_epoch},
          {"stopped_early", history.stopped_early}};
}

void save_model(const std::string& path, const Classifier& m) {
  json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
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
  if (m.scaler.fitted())
    j["scaler"] = {{"mean", std::vector<double>(m.scaler.mean.data(),
                                                m.scaler.mean.data() + m.scaler.mean.size())},
                   {"scale", std::vector<double>(m.scaler.scale.data(),
                                                 m.scaler.scale.data() + m.scaler.scale.size())}};
  else
    j["scaler"] = nullptr;
  j["threshold"] = m.threshold;
  j["prior_correction"] = m.prior_correction;
  j["class_weight"] = {{"spec", m.options.class_weight.to_string()},
                       {"values", m.class_weight_values}};
  j["training"] = options_to_json(m.options);
  j["training"]["loss"] = to_string(m.options.train.loss);
  j["history"] = history_to_json(m.history);
  write_file_atomic(path, j.dump(1) + "\n");
}

Classifier load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path + ": cannot open the model file");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw FormatError(path + ": not a rarenet model (invalid or truncated JSON at byte " +
                      std::to_string(e.byte) + ")");
  }
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    throw FormatError(path + ": not a rarenet model (no \"format\": \"rarenet-model\" field)");
  try {
    const int version = j.at("version").get<int>();
    if (version > kVersion)
      throw FormatError(path + ": written by a newer rarenet (model format version " +
                        std::to_string(version) + "); this program reads version " +
                        std::to_string(kVersion));
    if (version < 1)
      throw FormatError(path + ": invalid model format version " + std::to_string(version));
    Classifier m;
    m.task = parse_task(j.at("task").get<std::string>(), path);
    m.classes = j.at("classes").get<std::vector<std::int64_t>>();
    m.feature_names = j.at("feature_names").get<std::vector<std::string>>();
    m.target_names = j.at("target_names").get<std::vector<std::string>>();
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
    const json& nj = j.at("network");
    NetworkSpec spec;
    spec.n_inputs = nj.at("n_inputs").get<int>();
    for (const json& l : nj.at("layers"))
      spec.layers.push_back(
          {l.at("units").get<int>(), parse_activation(l.at("activation").get<std::string>())});
    spec.kernel_initializer = parse_initializer(nj.at("kernel_initializer").get<std::string>());
    spec.leaky_relu_slope = nj.value("leaky_relu_slope", 0.3f);
    if (spec.n_inputs != static_cast<int>(m.feature_names.size()))
      throw FormatError(path + ": the network has " + std::to_string(spec.n_inputs) +
                        " inputs but the model names " + std::to_string(m.feature_names.size()) +
                        " features");
    m.network = Network(spec);
    const auto params = nj.at("parameters").get<std::vector<double>>();
    if (params.size() != m.network.parameter_count())
      throw FormatError(path + ": the network needs " +
                        std::to_string(m.network.parameter_count()) +
                        " parameters, the file holds " + std::to_string(params.size()));
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (!std::isfinite(params[i]))
        throw FormatError(path + ": parameter " + std::to_string(i) + " is not finite");
      m.network.parameters()[i] = static_cast<float>(params[i]);
    }
    if (!j.at("scaler").is_null()) {
      const auto mean = j["scaler"].at("mean").get<std::vector<double>>();
      const auto scale = j["scaler"].at("scale").get<std::vector<double>>();
      if (mean.size() != m.feature_names.size() || scale.size() != m.feature_names.size())
        throw FormatError(path + ": the scaler's size does not match the features");
      m.scaler.mean = Eigen::Map<const VectorD>(mean.data(), static_cast<Index>(mean.size()));
      m.scaler.scale = Eigen::Map<const VectorD>(scale.data(), static_cast<Index>(scale.size()));
    }
    m.threshold = j.at("threshold").get<double>();
    m.prior_correction = j.value("prior_correction", std::vector<double>{});
    const json& cw = j.at("class_weight");
    m.options.class_weight = parse_class_weight(cw.at("spec").get<std::string>());
    m.class_weight_values = cw.at("values").get<std::vector<std::vector<double>>>();
    const json& t = j.at("training");
    // Version 1 files name three settings differently.
    options_from_json(t, m.options,
                      {{"reduction", "loss_reduction"},
                       {"early_stopping_patience", "early_stopping"},
                       {"early_stopping_monitor", "monitor"}});
    m.options.train.loss = parse_loss(t.at("loss").get<std::string>());
    m.options.threshold.value = m.threshold;
    const std::size_t n_out = static_cast<std::size_t>(spec.n_outputs());
    const bool head_ok = (m.task == Task::Binary && n_out == 1 && m.classes.size() == 2) ||
                         (m.task == Task::MultiClass && n_out == m.classes.size()) ||
                         (m.task == Task::MultiLabel && n_out == m.target_names.size());
    if (!head_ok)
      throw FormatError(path + ": the output layer does not match the task and classes");
    if (const auto& h = j.value("history", json::object()); h.contains("epochs"))
      for (const json& r : h["epochs"]) {
        EpochRecord e;
        e.epoch = r.value("epoch", 0);
        e.loss = r.value("loss", 0.0);
        e.val_loss = r.value("val_loss", 0.0);
        e.val_roc_auc = r.value("val_roc_auc", 0.0);
        e.val_minority_recall = r.value("val_minority_recall", 0.0);
        m.history.epochs.push_back(e);
      }
    return m;
  } catch (const json::exception& e) {
    throw FormatError(path + ": malformed rarenet model: " + e.what());
  } catch (const ConfigError& e) {
    throw FormatError(path + ": malformed rarenet model: " + e.what());
  }
}

}  // namespace rarenet
