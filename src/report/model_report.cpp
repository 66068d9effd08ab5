#include "rarenet/model_report.hpp"

#include <sstream>

#include "rarenet/report_json.hpp"
#include "train/options_json.hpp"

namespace rarenet {

using nlohmann::json;

json train_to_json(const Classifier& model, const Dataset& train, const TrainSummary& summary) {
  json j;
  j["task"] = to_string(model.task);
  j["rows"] = train.n_samples();
  j["classes"] = model.classes;
  j["class_weight_spec"] = model.options.class_weight.to_string();
  if (model.task == Task::MultiLabel) {
    for (std::size_t l = 0; l < model.class_weight_values.size(); ++l)
      j["class_weight"][model.target_names[l]] = {{"0", model.class_weight_values[l][0]},
                                                  {"1", model.class_weight_values[l][1]}};
  } else {
    for (std::size_t c = 0; c < model.classes.size(); ++c)
      j["class_weight"][std::to_string(model.classes[c])] = model.class_weight_values[0][c];
  }
  j["threshold"] = model.threshold;
  if (summary.tuned_threshold) {
    const ThresholdChoice& t = *summary.tuned_threshold;
    j["threshold_tuning"] = {{"criterion", to_string(*model.options.threshold.tune)},
                             {"value", t.value},
                             {"precision", t.precision},
                             {"recall", t.recall}};
  }
  if (!model.label_thresholds.empty()) {
    j["label_thresholds"] = json::object();
    for (std::size_t l = 0; l < model.label_thresholds.size(); ++l)
      j["label_thresholds"][model.target_names[l]] = model.label_thresholds[l];
  }
  if (!summary.tuned_label_thresholds.empty()) {
    j["threshold_tuning"] = {{"criterion", to_string(*model.options.threshold.tune)},
                             {"labels", json::object()}};
    for (std::size_t l = 0; l < summary.tuned_label_thresholds.size(); ++l) {
      const ThresholdChoice& t = summary.tuned_label_thresholds[l];
      j["threshold_tuning"]["labels"][model.target_names[l]] = {{"threshold", t.threshold},
                                                                {"value", t.value},
                                                                {"precision", t.precision},
                                                                {"recall", t.recall}};
    }
  }
  if (summary.tuned_rule && summary.oof_evaluation) {
    const DecisionRule& r = *summary.tuned_rule;
    j["decision_rule"] = {{"criterion", to_string(*model.options.threshold.tune)},
                          {"value", r.value},
                          {"argmax_value", r.argmax_value},
                          {"weights", decision_weights_json(*summary.oof_evaluation)},
                          {"out_of_fold", evaluation_to_json(*summary.oof_evaluation)}};
  }
  const json h = history_to_json(model.history);
  j["epochs"] = h["epochs"];
  j["best_epoch"] = h["best_epoch"];
  j["stopped_early"] = h["stopped_early"];
  j["warnings"] = training_warnings(model);
  return j;
}

std::string format_train(const Classifier& model, const Dataset& train, const TrainSummary& summary,
                         double seconds) {
  std::ostringstream s;
  s << "trained " << to_string(model.task) << " classifier on " << train.n_samples() << " rows, "
    << train.n_features() << " features, " << model.history.epochs.size() << " epochs";
  if (model.history.stopped_early)
    s << " (stopped early; weights of epoch " << model.history.best_epoch << ")";
  s << ", " << seconds << " s\n";
  if (model.options.resample.enabled())
    s << "resampled (" << model.options.resample.to_string() << "): " << train.n_samples()
      << " rows -> " << model.resampled_rows << "\n";
  if (model.task == Task::MultiLabel) {
    for (std::size_t j = 0; j < model.class_weight_values.size(); ++j)
      s << "class weights of " << model.target_names[j] << ": "
        << format_class_weight_dict({0, 1}, model.class_weight_values[j]) << "\n";
  } else {
    s << "class weights (" << model.options.class_weight.to_string() << "): "
      << format_class_weight_dict(model.classes, model.class_weight_values.front(),
                                  model.class_names)
      << "\n";
  }
  if (summary.tuned_threshold)
    s << "threshold " << model.threshold << " chosen by out-of-fold "
      << to_string(*model.options.threshold.tune) << " (" << summary.tuned_threshold->value
      << ")\n";
  if (!summary.tuned_label_thresholds.empty()) {
    s << "thresholds per label chosen by out-of-fold " << to_string(*model.options.threshold.tune)
      << ":\n";
    for (std::size_t l = 0; l < summary.tuned_label_thresholds.size(); ++l) {
      const ThresholdChoice& t = summary.tuned_label_thresholds[l];
      s << "  " << model.target_names[l] << ": threshold " << t.threshold << " ("
        << to_string(*model.options.threshold.tune) << " " << t.value << ", precision "
        << t.precision << ", recall " << t.recall << ")\n";
    }
  }
  if (summary.tuned_rule && summary.oof_evaluation) {
    const Evaluation& e = *summary.oof_evaluation;
    s << "decision weights";
    for (std::size_t c = 0; c < model.decision_weights.size(); ++c)
      s << (c ? ", " : " ") << e.class_name(c) << ": " << model.decision_weights[c];
    s << " chosen by out-of-fold " << to_string(*model.options.threshold.tune) << " ("
      << summary.tuned_rule->value << "; plain argmax " << summary.tuned_rule->argmax_value
      << ")\nout-of-fold figures per class with these weights:\n"
      << format_classification_report(e.report, 3, class_display_names(e));
  }
  return s.str();
}

json model_evaluation_to_json(const ModelEvaluation& e) {
  if (e.labels.empty()) {
    json j = evaluation_to_json(e.evaluations.front());
    j["unknown_categories"] = e.unknown_categories;
    return j;
  }
  json j;
  for (std::size_t l = 0; l < e.labels.size(); ++l)
    j["labels"][e.labels[l]] = evaluation_to_json(e.evaluations[l]);
  return j;
}

std::string format_model_evaluation(const ModelEvaluation& e, int digits) {
  if (e.labels.empty()) return format_evaluation(e.evaluations.front(), digits);
  std::string text;
  for (std::size_t l = 0; l < e.labels.size(); ++l)
    text += "== " + e.labels[l] + "\n\n" + format_evaluation(e.evaluations[l], digits) + "\n";
  return text;
}

}  // namespace rarenet
