#include "nn/losses.hpp"

#include "rarenet/error.hpp"
#include "rarenet/option.hpp"

namespace rarenet {

Loss parse_loss(const std::string& name) {
  return parse_choice("loss", name, std::span<const Loss>(kLosses));
}

std::string to_string(Loss l) {
  switch (l) {
    case Loss::BinaryCrossEntropy:
      return "binary_crossentropy";
    case Loss::CategoricalCrossEntropy:
      return "categorical_crossentropy";
    case Loss::MeanSquaredError:
      return "mse";
    case Loss::BinaryFocal:
      return "binary_focal";
    case Loss::CategoricalFocal:
      return "categorical_focal";
  }
  return "binary_crossentropy";
}

Reduction parse_reduction(const std::string& name) {
  return parse_choice("loss_reduction", name, std::span<const Reduction>(kReductions));
}

std::string to_string(Reduction r) {
  return r == Reduction::WeightedMean ? "weighted-mean" : "sum-over-batch-size";
}

}  // namespace rarenet

namespace rarenet {

std::string to_string(BatchSampling b) {
  switch (b) {
    case BatchSampling::Stratified:
      return "stratified";
    case BatchSampling::Balanced:
      return "balanced";
    case BatchSampling::Shuffle:
      break;
  }
  return "shuffle";
}

std::string to_string(OptimizerKind k) {
  return k == OptimizerKind::Sgd ? "sgd" : "adam";
}

std::string to_string(Monitor m) {
  switch (m) {
    case Monitor::ValLoss:
      return "val_loss";
    case Monitor::ValRocAuc:
      return "val_roc_auc";
    case Monitor::Loss:
      return "loss";
  }
  return "val_loss";
}

}  // namespace rarenet
