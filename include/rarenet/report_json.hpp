// JSON for one evaluation, the object `rarenet evaluate --json` prints:
// {"threshold", "classes": {"<label>": {"precision", "recall", "f1", "support"}, ...},
//  "accuracy", "macro_avg", "weighted_avg", "confusion_matrix": [[...]], "roc_auc",
//  "average_precision", "balanced_accuracy", "mcc", "specificity", "g_mean", "log_loss", "brier",
//  "predicted_positives", "actual_positives", "warnings": [...]} (multi-class adds
//  "roc_auc_weighted"). Class keys are the labels as strings. Numbers print so that they read back
//  to the same double; never NaN (a non-finite figure is an InputError, not a null).
#pragma once

#include <nlohmann/json.hpp>

#include "rarenet/evaluation.hpp"

namespace rarenet {

nlohmann::json evaluation_to_json(const Evaluation& e);
// A multi-class evaluation's decision weights by class name: {"0": 1.68, "1": 1.19, ...}.
nlohmann::json decision_weights_json(const Evaluation& e);
// The display name of each class of an evaluation (its label text, or the label's digits).
std::vector<std::string> class_display_names(const Evaluation& e);

}  // namespace rarenet
