// The engine's training configuration and what training reports back, as plain values.
//
// TrainConfig is what the training loop needs (epochs, batches, loss, reduction, optimiser,
// early stopping); users set it through TrainOptions (train_options.hpp), where every setting is
// declared once with its name, default, check and help.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rarenet {

// The engine's losses, each computed from the output logits (nn/losses.hpp has the formulas).
// The focal losses (Lin et al., 2017) are the cross-entropies with each element's term scaled by
// (1 - p_t)^gamma; the binary one is torchvision's sigmoid_focal_loss.
enum class Loss {
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  MeanSquaredError,
  BinaryFocal,
  CategoricalFocal
};
inline constexpr std::array kLosses = {Loss::BinaryCrossEntropy, Loss::CategoricalCrossEntropy,
                                       Loss::MeanSquaredError, Loss::BinaryFocal,
                                       Loss::CategoricalFocal};
// "binary_crossentropy", "categorical_crossentropy", "mse", "binary_focal", "categorical_focal";
// ConfigError listing them otherwise.
Loss parse_loss(const std::string& name);
std::string to_string(Loss l);

// The focal losses' parameters. gamma >= 0 (0: the cross-entropy); alpha in [0, 1] weighs the
// positive term of the sigmoid form by alpha and the negative one by 1 - alpha, and a negative
// alpha turns that off (torchvision's alpha = -1). The softmax form takes no alpha: per-class
// factors are class weights.
struct FocalParams {
  float gamma = 2.0f;
  float alpha = -1.0f;
};

// How a batch's weighted loss is divided: by the batch size (Keras's sum_over_batch_size) or by
// the sum of the weights.
enum class Reduction { SumOverBatchSize, WeightedMean };
inline constexpr std::array kReductions = {Reduction::SumOverBatchSize, Reduction::WeightedMean};
// "sum-over-batch-size" (Keras, default), "weighted-mean".
Reduction parse_reduction(const std::string& name);
std::string to_string(Reduction r);

// How each epoch's rows are ordered and cut into batches (train/batch_sampler.hpp):
//   shuffle     every row once, in a fresh random order (Keras's shuffle=True);
//   stratified  every row once, each class spread evenly through the epoch, so that every batch
//               holds each class in its overall proportion (at least one row of a class whose
//               share of a batch is at least one row);
//   balanced    a fresh random under-sample every epoch: each class keeps as many rows as the
//               rarest has, spread as in stratified, so every batch holds the classes equally.
// stratified and balanced need a binary or multi-class target.
enum class BatchSampling { Shuffle, Stratified, Balanced };
inline constexpr std::array kBatchSamplings = {BatchSampling::Shuffle, BatchSampling::Stratified,
                                               BatchSampling::Balanced};
std::string to_string(BatchSampling b);  // "shuffle", "stratified", "balanced"

enum class OptimizerKind { Adam, Sgd };
inline constexpr std::array kOptimizers = {OptimizerKind::Adam, OptimizerKind::Sgd};
std::string to_string(OptimizerKind k);  // "adam", "sgd"

// The figure early stopping watches.
enum class Monitor { ValLoss, ValRocAuc, Loss };
inline constexpr std::array kMonitors = {Monitor::ValLoss, Monitor::ValRocAuc, Monitor::Loss};
std::string to_string(Monitor m);  // "val_loss", "val_roc_auc", "loss"

// Adam in Keras's form, or SGD (with momentum / Nesterov as Keras). L2 weight decay adds
// weight_decay * w to each kernel's gradient: the loss term 0.5 * weight_decay * ||w||^2, which is
// Keras's kernel_regularizer=l2(l) with l = weight_decay / 2 (biases are not decayed).
// input_weight_decay adds the same term on the first layer's kernel only (the weights that read
// the features): with Adam it pulls the weights of rarely active inputs, such as sparse one-hot
// columns, to zero, where a decay on every layer would also shrink the hidden ones.
struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::Adam;
  float learning_rate = 1e-3f;
  float beta_1 = 0.9f, beta_2 = 0.999f, epsilon = 1e-7f;  // Adam, Keras's defaults
  float momentum = 0.0f;                                  // SGD
  bool nesterov = false;                                  // SGD
  float weight_decay = 0.0f;
  float input_weight_decay = 0.0f;
};

// The learning rate per epoch, as torch.optim.lr_scheduler steps it once per epoch: an optional
// linear warmup over the first warmup epochs (epoch e < warmup runs at lr * (e + 1) / (warmup +
// 1): LinearLR(start_factor = 1 / (warmup + 1), total_iters = warmup)), then, over the epochs
// t = 0, 1, ... after it: constant; cosine, lr * (1 + cos(pi t / T)) / 2 with T the epochs
// after the warmup (CosineAnnealingLR(T_max = T, eta_min = 0)); step, lr * gamma^floor(t /
// step_size) (StepLR); exponential, lr * gamma^t (ExponentialLR).
enum class LrSchedule { Constant, Cosine, Step, Exponential };
inline constexpr std::array kLrSchedules = {LrSchedule::Constant, LrSchedule::Cosine,
                                            LrSchedule::Step, LrSchedule::Exponential};
std::string to_string(LrSchedule s);  // "constant", "cosine", "step", "exponential"

struct ScheduleConfig {
  LrSchedule kind = LrSchedule::Constant;
  int warmup = 0;  // epochs
  int step_size = 10;
  float gamma = 0.1f;
};
// The learning rate of 0-based epoch `epoch` out of `epochs`, for base rate `lr`.
double scheduled_learning_rate(const ScheduleConfig& s, double lr, int epoch, int epochs);

struct EarlyStopping {
  int patience = 0;  // 0: off
  Monitor monitor = Monitor::ValLoss;
  float min_delta = 0.0f;
  bool restore_best_weights = true;
};

struct TrainConfig {
  int epochs = 50;
  int batch_size = 32;
  bool shuffle = true;  // shuffle sampling only: false keeps the rows in their order
  BatchSampling sampling = BatchSampling::Shuffle;
  std::uint32_t seed = 0;
  Loss loss = Loss::BinaryCrossEntropy;
  FocalParams focal;  // used by the focal losses only
  Reduction reduction = Reduction::SumOverBatchSize;
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  EarlyStopping early_stopping;
  // Threads for one training (<= 0: one per core). The result does not depend on it: a large
  // enough batch is cut into a fixed number of shards whatever the thread count (trainer.hpp).
  int threads = 0;
  // Dropout after the hidden layers (Keras's Dropout, inverted: training only): empty or {0}
  // for none, one rate for every hidden layer, or one rate per hidden layer.
  std::vector<float> dropout;
};

struct EpochRecord {
  int epoch = 0;                   // 1-based
  double loss = 0;                 // mean training loss over the epoch's batches (as Keras reports)
  double val_loss = 0;             // the following three only with validation data
  double val_roc_auc = 0;          // binary / multi-label: of the (first) output unit
  double val_minority_recall = 0;  // recall of the rarer class at threshold 0.5
  double seconds = 0;
};

struct FitHistory {
  std::vector<EpochRecord> epochs;
  int best_epoch = 0;  // 1-based epoch whose weights the network holds at the end
  bool stopped_early = false;
  bool validated = false;  // the epochs' val_* figures were measured (validation data was given)
  // After training, some output is the same for every training row (has_constant_output in the
  // engine): the network cannot tell rows apart, e.g. every unit of a ReLU layer inactive.
  bool constant_output = false;
};

using ProgressCallback = std::function<void(const EpochRecord&)>;

}  // namespace rarenet
