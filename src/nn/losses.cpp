#include "nn/losses.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

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

std::string to_string(LrSchedule s) {
  switch (s) {
    case LrSchedule::Constant:
      return "constant";
    case LrSchedule::Cosine:
      return "cosine";
    case LrSchedule::Step:
      return "step";
    case LrSchedule::Exponential:
      return "exponential";
  }
  return "constant";
}

double scheduled_learning_rate(const ScheduleConfig& s, double lr, int epoch, int epochs) {
  if (epoch < s.warmup) return lr * (epoch + 1) / (s.warmup + 1);
  const int t = epoch - s.warmup;
  switch (s.kind) {
    case LrSchedule::Constant:
      return lr;
    case LrSchedule::Cosine: {
      const int T = std::max(1, epochs - s.warmup);
      return lr * (1.0 + std::cos(std::numbers::pi * t / T)) / 2.0;
    }
    case LrSchedule::Step:
      return lr * std::pow(static_cast<double>(s.gamma), t / std::max(1, s.step_size));
    case LrSchedule::Exponential:
      return lr * std::pow(static_cast<double>(s.gamma), t);
  }
  return lr;
}

}  // namespace rarenet
