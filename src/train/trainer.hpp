// Trainer (engine-private): fits a Network with Keras's training semantics.
//
// Every epoch draws a fresh permutation of the rows from a FastRandom seeded by config.seed (so
// the same seed gives the same model byte for byte), cuts it into batches of batch_size (the last
// one may be shorter), and takes one optimiser step per batch. The weighted loss of a batch is
// sum_i(w_i * loss_i) / batch_rows (Keras's sum_over_batch_size) or / sum_i(w_i) (weighted-mean).
// A sigmoid or softmax output with cross-entropy is computed from the logits (stable).
//
// One model on every core: a batch whose work (rows x parameters) passes a threshold is cut
// into shards of consecutive rows, their number fixed by the batch size and the network alone
// (shard_count, nn/backprop.hpp), never by the thread count. Each shard runs forward and backward
// into its own gradient buffer on a persistent ThreadPool; the buffers are summed in shard order
// and divided by the whole batch's denominator, so 1 or N threads give the same bytes. Smaller
// batches run as one shard on the calling thread (the single-shard path is the plain, unsharded
// pass).
//
// X: (n, n_inputs) float. Y: (n, n_outputs) float targets (0/1 per sigmoid unit; one-hot rows for
// softmax; real values for linear). Weights: empty, (n) per-sample, or (n, n_outputs) per element.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nn/backprop.hpp"
#include "nn/optimizer.hpp"
#include "rarenet/matrix.hpp"
#include "rarenet/network.hpp"
#include "rarenet/train_config.hpp"

namespace rarenet {

struct ValidationData {
  RowMatrixF X, Y;
  SampleWeights weights;
};

// Training has diverged when, after an epoch, its loss or a parameter is not finite, or its loss
// is more than kDivergenceFactor times the larger of the loss of an uninformed network (every
// logit 0: probability 0.5 for each sigmoid unit, 1/k for each softmax class) and the loss of
// this network before its first step (on the first batch). No trained classifier gets near that:
// for binary cross-entropy it means a mean loss above 693 per unit of weight, logits beyond
// +-700 on the wrong side. SGD and Adam at too large a learning rate both get there.
inline constexpr double kDivergenceFactor = 1000.0;

// An output whose values over the rows spread less than this (relative to its magnitude, at
// least 1) is constant: float sigmoids and softmaxes of different inputs differ by more.
inline constexpr float kConstantOutputSpread = 1e-6f;

// True when some output unit gives the same value (see kConstantOutputSpread) for every row of X
// (at least two rows): the network cannot tell those rows apart, as happens when every unit of a
// ReLU layer is inactive on every row ("dead" ReLUs). Sets FitHistory::constant_output. Runs
// consecutive blocks of rows on up to `threads` threads (the answer does not depend on them).
bool has_constant_output(const Network& network, const RowMatrixF& X, int threads = 1);

// Trains `network` in place (it must be initialised). InputError for shape mismatches, negative
// or non-finite weights, an empty training set, or divergence (see kDivergenceFactor).
FitHistory fit(Network& network, const RowMatrixF& X, const RowMatrixF& Y,
               const SampleWeights& weights, const TrainConfig& config,
               const ValidationData* validation = nullptr, const ProgressCallback& progress = {});

}  // namespace rarenet
