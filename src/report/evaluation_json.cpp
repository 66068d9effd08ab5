#include <cmath>

#include "rarenet/report_json.hpp"

namespace rarenet {
namespace {

nlohmann::json scores_json(const ClassScores& s) {
  return {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}, {"support", s.support}};
}

}  // namespace

nlohmann::json evaluation_to_json(const Evaluation& e) {
  nlohmann::json j;
  j["threshold"] = e.threshold;
  j["classes"] = nlohmann::json::object();
  for (std::size_t c = 0; c < e.report.classes.size(); ++c)
    j["classes"][std::to_string(e.report.classes[c])] = scores_json(e.report.per_class[c]);
  j["accuracy"] = e.report.accuracy;
  j["macro_avg"] = scores_json(e.report.macro_avg);
  j["weighted_avg"] = scores_json(e.report.weighted_avg);
  j["confusion_matrix"] = nlohmann::json::array();
  for (Index i = 0; i < e.confusion.counts.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Index k = 0; k < e.confusion.counts.cols(); ++k) row.push_back(e.confusion.counts(i, k));
    j["confusion_matrix"].push_back(row);
  }
  j["roc_auc"] = e.roc_auc;
  if (e.classes.size() > 2) j["roc_auc_weighted"] = e.roc_auc_weighted;
  j["average_precision"] = e.average_precision;
  j["balanced_accuracy"] = e.balanced_accuracy;
  j["mcc"] = e.mcc;
  j["specificity"] = e.specificity;
  j["g_mean"] = e.g_mean;
  j["log_loss"] = e.log_loss;
  j["brier"] = e.brier;
  j["predicted_positives"] = e.predicted_positives;
  j["actual_positives"] = e.actual_positives;
  j["warnings"] = e.warnings;
  return j;
}

}  // namespace rarenet
