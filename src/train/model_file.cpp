#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rarenet/classifier.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "rarenet-model";
constexpr int kVersion = 1;

Task parse_task(const std::string& s, const std::string& path) {
  if (s == "binary") return Task::Binary;
  if (s == "multiclass") return Task::MultiClass;
  if (s == "multilabel") return Task::MultiLabel;
  throw FormatError(path + ": unknown task '" + s + "'");
}

json history_json(const FitHistory& h) {
  json epochs = json::array();
  for (const EpochRecord& r : h.epochs)
    epochs.push_back({{"epoch", r.epoch},
                      {"loss", r.loss},
                      {"val_loss", r.val_loss},
                      {"val_roc_auc", r.val_roc_auc},
                      {"val_minority_recall", r.val_minority_recall}});
  return {{"epochs", epochs}, {"best_epoch", h.best_epoch}, {"stopped_early", h.stopped_early}};
}

}  // namespace

void save_model(const std::string& path, const Classifier& m) {
  json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["task"] = to_string(m.task);
  j["classes"] = m.classes;
  j["feature_names"] = m.feature_names;
  j["target_names"] = m.target_names;
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
  const TrainConfig& t = m.options.train;
  j["training"] = {{"hidden", m.options.hidden},
                   {"activation", to_string(m.options.activation)},
                   {"epochs", t.epochs},
                   {"batch_size", t.batch_size},
                   {"seed", t.seed},
                   {"loss", to_string(t.loss)},
                   {"reduction", to_string(t.reduction)},
                   {"optimizer", t.optimizer.name},
                   {"learning_rate", t.optimizer.learning_rate},
                   {"momentum", t.optimizer.momentum},
                   {"nesterov", t.optimizer.nesterov},
                   {"weight_decay", t.optimizer.weight_decay},
                   {"standardize", m.options.standardize},
                   {"early_stopping_patience", t.early_stopping.patience},
                   {"early_stopping_monitor", t.early_stopping.monitor}};
  // Written only when used, so that files of models trained without it are unchanged.
  if (m.options.validation_fraction > 0)
    j["training"]["validation_fraction"] = m.options.validation_fraction;
  j["history"] = history_json(m.history);
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
    m.options.hidden = t.at("hidden").get<std::vector<int>>();
    m.options.activation = parse_activation(t.at("activation").get<std::string>());
    m.options.standardize = t.at("standardize").get<bool>();
    m.options.threshold = m.threshold;
    TrainConfig& c = m.options.train;
    c.epochs = t.at("epochs").get<int>();
    c.batch_size = t.at("batch_size").get<int>();
    c.seed = t.at("seed").get<std::uint32_t>();
    c.loss = parse_loss(t.at("loss").get<std::string>());
    c.reduction = parse_reduction(t.at("reduction").get<std::string>());
    c.optimizer.name = t.at("optimizer").get<std::string>();
    c.optimizer.learning_rate = t.at("learning_rate").get<float>();
    c.optimizer.momentum = t.at("momentum").get<float>();
    c.optimizer.nesterov = t.at("nesterov").get<bool>();
    c.optimizer.weight_decay = t.at("weight_decay").get<float>();
    c.early_stopping.patience = t.at("early_stopping_patience").get<int>();
    c.early_stopping.monitor = t.at("early_stopping_monitor").get<std::string>();
    m.options.validation_fraction = t.value("validation_fraction", 0.0);
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
