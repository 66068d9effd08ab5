// Trainer: fits a Network with Keras's training semantics.
//
// Every epoch draws a fresh permutation of the rows from a FastRandom seeded by config.seed (so
// the same seed gives the same model byte for byte), cuts it into batches of batch_size (the last
// one may be shorter), and takes one optimiser step per batch. The weighted loss of a batch is
// sum_i(w_i * loss_i) / batch_rows (Keras's sum_over_batch_size) or / sum_i(w_i) (weighted-mean).
// A sigmoid or softmax output with cross-entropy is computed from the logits (stable).
//
// X: (n, n_inputs) float. Y: (n, n_outputs) float targets (0/1 per sigmoid unit; one-hot rows for
// softmax; real values for linear). Weights: empty, (n) per-sample, or (n, n_outputs) per element.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rarenet/backprop.hpp"
#include "rarenet/matrix.hpp"
#include "rarenet/network.hpp"
#include "rarenet/optimizer.hpp"

namespace rarenet {

struct EarlyStopping {
  int patience = 0;                  // 0: off
  std::string monitor = "val_loss";  // "val_loss", "val_roc_auc", "loss"
  float min_delta = 0.0f;
  bool restore_best_weights = true;
};

struct TrainConfig {
  int epochs = 50;
  int batch_size = 32;
  bool shuffle = true;
  std::uint32_t seed = 0;
  Loss loss = Loss::BinaryCrossEntropy;
  Reduction reduction = Reduction::SumOverBatchSize;
  OptimizerConfig optimizer;
  EarlyStopping early_stopping;
};

struct ValidationData {
  RowMatrixF X, Y;
  SampleWeights weights;
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
};

using ProgressCallback = std::function<void(const EpochRecord&)>;

// Trains `network` in place (it must be initialised). InputError for shape mismatches, negative
// or non-finite weights, or an empty training set.
FitHistory fit(Network& network, const RowMatrixF& X, const RowMatrixF& Y,
               const SampleWeights& weights, const TrainConfig& config,
               const ValidationData* validation = nullptr, const ProgressCallback& progress = {});

}  // namespace rarenet
