#include <cmath>

#include "rarenet/error.hpp"
#include "rarenet/report_json.hpp"

namespace rarenet {
namespace {

// Every figure of an Evaluation is finite by construction (undefined ones are 0 with a warning);
// this keeps the promise of the format (no NaN, which JSON would print as null) checked.
double finite(double v, const char* key) {
  if (!std::isfinite(v))
    throw InputError(std::string("evaluation JSON: '") + key + "' is not a finite number");
  return v;
}

nlohmann::json scores_json(const ClassScores& s) {
  return {{"precision", finite(s.precision, "precision")},
          {"recall", finite(s.recall, "recall")},
          {"f1", finite(s.f1, "f1")},
          {"support", s.support}};
}

}  // namespace

std::vector<std::string> class_display_names(const Evaluation& e) {
  std::vector<std::string> names;
  for (std::size_t c = 0; c < e.classes.size(); ++c) names.push_back(e.class_name(c));
  return names;
}

nlohmann::json decision_weights_json(const Evaluation& e) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t c = 0; c < e.decision_weights.size() && c < e.classes.size(); ++c)
    j[e.class_name(c)] = e.decision_weights[c];
  return j;
}

nlohmann::json evaluation_to_json(const Evaluation& e) {
  nlohmann::json j;
  j["threshold"] = finite(e.threshold, "threshold");
  j["classes"] = nlohmann::json::object();
  for (std::size_t c = 0; c < e.report.classes.size(); ++c)
    j["classes"][e.class_names.empty() ? std::to_string(e.report.classes[c]) : e.class_name(c)] =
        scores_json(e.report.per_class[c]);
  j["accuracy"] = finite(e.report.accuracy, "accuracy");
  j["macro_avg"] = scores_json(e.report.macro_avg);
  j["weighted_avg"] = scores_json(e.report.weighted_avg);
  j["confusion_matrix"] = nlohmann::json::array();
  for (Index i = 0; i < e.confusion.counts.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Index k = 0; k < e.confusion.counts.cols(); ++k) row.push_back(e.confusion.counts(i, k));
    j["confusion_matrix"].push_back(row);
  }
  j["roc_auc"] = finite(e.roc_auc, "roc_auc");
  if (e.classes.size() > 2) j["roc_auc_weighted"] = finite(e.roc_auc_weighted, "roc_auc_weighted");
  j["average_precision"] = finite(e.average_precision, "average_precision");
  j["balanced_accuracy"] = finite(e.balanced_accuracy, "balanced_accuracy");
  j["mcc"] = finite(e.mcc, "mcc");
  j["specificity"] = finite(e.specificity, "specificity");
  j["g_mean"] = finite(e.g_mean, "g_mean");
  j["log_loss"] = finite(e.log_loss, "log_loss");
  j["brier"] = finite(e.brier, "brier");
  j["predicted_positives"] = e.predicted_positives;
  j["actual_positives"] = e.actual_positives;
  if (!e.decision_weights.empty()) j["decision_weights"] = decision_weights_json(e);
  j["warnings"] = e.warnings;
  return j;
}

}  // namespace rarenet
