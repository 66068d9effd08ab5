// Text and JSON for what the facade (model.hpp) returns: a trained model's summary and a model's
// evaluation on a labelled table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "rarenet/model.hpp"

namespace rarenet {

// {"task", "rows", "classes", "class_weight_spec", "class_weight": {label: w} (multi-label:
// {label: {"0": w0, "1": w1}}), "threshold", "epochs": [{"epoch", "loss", "val_loss",
// "val_roc_auc", "val_minority_recall"}], "best_epoch", "stopped_early"}; with a tuned threshold,
// "threshold_tuning": {"criterion", "value", "precision", "recall"}.
nlohmann::json train_to_json(const Classifier& model, const Dataset& train,
                             const TrainSummary& summary);
// The lines `rarenet train` prints: rows, epochs, class weights, threshold.
std::string format_train(const Classifier& model, const Dataset& train, const TrainSummary& summary,
                         double seconds);

// One evaluation: evaluation_to_json; several labels: {"labels": {name: evaluation, ...}}.
nlohmann::json model_evaluation_to_json(const ModelEvaluation& e);
// One evaluation: format_evaluation; several labels: "== name" then each label's text.
std::string format_model_evaluation(const ModelEvaluation& e, int digits);

}  // namespace rarenet
