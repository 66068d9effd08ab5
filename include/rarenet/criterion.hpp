// Criterion: what "best" means when a threshold or a candidate is chosen for the rare class.
//
// Every criterion is "higher is better" (cost is reported negated). The text forms:
//   break-even, f1, fbeta:B, balanced-accuracy, g-mean, mcc, average-precision,
//   recall-at-precision:P, cost:FN,FP
// (selection.hpp says what each one measures and how thresholds are tuned for it).
#pragma once

#include <string>

namespace rarenet {

struct Criterion {
  enum class Kind {
    BreakEven,
    FBeta,
    BalancedAccuracy,
    GMean,
    Mcc,
    AveragePrecision,
    RecallAtPrecision,
    Cost
  };
  Kind kind = Kind::FBeta;
  double beta = 1.0;                    // FBeta
  double min_precision = 0.9;           // RecallAtPrecision
  double cost_fn = 1.0, cost_fp = 1.0;  // Cost
};

// "break-even", "f1", "fbeta:B", "balanced-accuracy", "g-mean", "mcc", "average-precision",
// "recall-at-precision:P", "cost:FN,FP"; ConfigError listing them otherwise.
Criterion parse_criterion(const std::string& text);
std::string to_string(const Criterion& c);

}  // namespace rarenet
