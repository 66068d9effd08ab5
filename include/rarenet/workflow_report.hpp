// Reports for the workflows (tutorial, cross-validation, weight sweep): readable text and JSON.
//
// JSON shapes (timing fields aside, identical from run to run):
//   cv:       {"folds": [EVAL, ...], "mean": {METRIC: v}, "std": {METRIC: v}, "seconds": [...]}
//   sweep:    {"criterion", "candidates": [{"class_weight": {...}, "threshold", "criterion_value",
//              "mean": {...}, "std": {...}, "predicted_positives", "actual_positives",
//              "log_loss", "brier", "log_loss_corrected", "brier_corrected"}], "chosen", "reason"}
//   tutorial: {"dataset": {"counts", "train_counts", "test_counts"}, "class_weight_balanced":
//              {"0": w0, "1": w1}, "runs": {"baseline": EVAL, "balanced": EVAL, "manual": EVAL
//              [, "sweep": EVAL]}, "seconds": {"baseline", "balanced", "manual"[, "sweep"],
//              "total"}[, "sweep": SWEEP]}
//   compare:  {"train_rows", "test_rows", "positive", "runs": [{"remedy", "setting",
//              "training_rows", "precision", "recall", "f1", "roc_auc", "average_precision",
//              "predicted_positives", "actual_positives", "evaluation": EVAL, "seconds"}]}
//              (precision, recall, F1 of the positive class, at threshold 0.5)
// where EVAL is `rarenet evaluate --json`'s object.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "rarenet/compare.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/tutorial.hpp"

namespace rarenet {

nlohmann::json cv_to_json(const CvResult& cv, std::int64_t minority);
std::string format_cv(const CvResult& cv, std::int64_t minority, int digits = 2);

nlohmann::json sweep_to_json(const SweepResult& sweep);
std::string format_sweep(const SweepResult& sweep);

nlohmann::json compare_to_json(const CompareResult& c);
std::string format_compare(const CompareResult& c);

nlohmann::json tutorial_to_json(const TutorialResult& t);
std::string format_tutorial(const TutorialResult& t, const TutorialOptions& options);

// {"0": w0, "1": w1}: a class-weight map keyed by the class labels as strings.
nlohmann::json class_weight_json(const std::vector<std::int64_t>& classes,
                                 const std::vector<double>& weights);

}  // namespace rarenet
