#include "rarenet/losses.hpp"

#include "rarenet/error.hpp"

namespace rarenet {

Loss parse_loss(const std::string& name) {
  if (name == "binary_crossentropy") return Loss::BinaryCrossEntropy;
  if (name == "categorical_crossentropy") return Loss::CategoricalCrossEntropy;
  if (name == "mse") return Loss::MeanSquaredError;
  throw ConfigError("unknown loss '" + name +
                    "': expected one of binary_crossentropy, categorical_crossentropy, mse");
}

std::string to_string(Loss l) {
  switch (l) {
    case Loss::BinaryCrossEntropy:
      return "binary_crossentropy";
    case Loss::CategoricalCrossEntropy:
      return "categorical_crossentropy";
    case Loss::MeanSquaredError:
      return "mse";
  }
  return "binary_crossentropy";
}

Reduction parse_reduction(const std::string& name) {
  if (name == "sum-over-batch-size") return Reduction::SumOverBatchSize;
  if (name == "weighted-mean") return Reduction::WeightedMean;
  throw ConfigError("unknown loss reduction '" + name +
                    "': expected one of sum-over-batch-size, weighted-mean");
}

std::string to_string(Reduction r) {
  return r == Reduction::WeightedMean ? "weighted-mean" : "sum-over-batch-size";
}

}  // namespace rarenet
