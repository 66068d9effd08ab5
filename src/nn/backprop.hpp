// Backprop: the forward and backward passes of a Network over one batch, in buffers allocated
// once for the largest batch, so that training allocates nothing per step.
//
// Internally a batch is stored feature-major, (features, batch), so that for the small layers
// of imbalanced-data networks every operation runs along the batch in SIMD; wide layers use
// Eigen's matrix products. Rows are gathered from X: (n, n_inputs), Y: (n, n_outputs) and the
// weights (see losses.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nn/losses.hpp"
#include "nn/small_gemm.hpp"
#include "rarenet/network.hpp"

namespace rarenet {

class Backprop {
 public:
  Backprop(const NetworkSpec& spec, Index max_batch);

  // Copies the given rows into the batch buffers (at most max_batch rows).
  void gather(const RowMatrixF& X, const RowMatrixF& Y, const SampleWeights& weights,
              std::span<const std::int64_t> rows);
  // Copies rows [first, first + count) of X only, for prediction.
  void gather_inputs(const RowMatrixF& X, Index first, Index count);

  // Dropout after the hidden layers, as Keras's Dropout(rate) layer: at training time each hidden
  // unit's output is kept with probability 1 - rate and scaled by 1 / (1 - rate) (inverted
  // dropout), so inference needs no change. rates: one per hidden layer (0: none).
  void set_dropout(std::span<const float> rates);
  // Draws the masks for the gathered rows. Each row's mask comes from its own stream, seeded by
  // (seed, epoch, row index in X): the same row in the same epoch gets the same mask however the
  // batch is cut or shared among threads.
  void draw_dropout_masks(std::uint64_t seed, std::uint64_t epoch,
                          std::span<const std::int64_t> rows);
  // Mask of hidden layer l: (units, batch), each value 0 or 1 / (1 - rate). Empty without dropout.
  const RowMatrixF& dropout_mask(std::size_t layer) const { return mask_[layer]; }
  RowMatrixF& dropout_mask(std::size_t layer) { return mask_[layer]; }

  // Forward pass over the gathered batch; with_dropout applies the drawn masks (training).
  void forward(const Network& network, bool with_dropout = false);
  // Outputs after the head activation, written to out rows [first, first + batch).
  void write_outputs(RowMatrixF& out, Index first) const;

  // After forward(): the batch loss's numerator sum_ij(w_ij l_ij) and denominator D.
  struct LossParts {
    double numerator = 0, denominator = 0;
  };
  // `focal` is read by the focal losses only.
  LossParts loss(Loss loss, Reduction reduction, const FocalParams& focal = {}) const;
  // After forward(): the gradient of the batch loss with respect to every parameter, in the
  // layout of Network::parameters(). Returns the batch loss.
  double backward(const Network& network, Loss loss, Reduction reduction, std::span<float> grad,
                  const FocalParams& focal = {});
  // After forward(): the gradient of the loss's numerator sum_ij(w_ij l_ij) alone (not divided
  // by D), and the loss parts. One shard of a batch: the trainer sums the shards' gradients in
  // shard order and divides by the whole batch's D.
  LossParts backward_numerator(const Network& network, Loss loss, Reduction reduction,
                               std::span<float> grad, const FocalParams& focal = {});

  // One training step's passes over the gathered batch: forward(network, with_dropout), then
  // backward() (divide: the gradient of the batch loss) or backward_numerator() (not divided),
  // returning the loss parts. Networks of tiny layers with a sigmoid head and binary
  // cross-entropy or the sigmoid focal loss, without dropout, run both passes fused, one group of
  // kLanes rows at a time in registers (fused_step.cpp): the tutorial's 2-2-1 network spent most of
  // a step in the fixed costs of the per-layer loops. The fused passes sum in another order, so the
  // gradient agrees with the unfused one to rounding, not to the bit. Afterwards the stored
  // activations are those of forward() only when the passes did not fuse.
  LossParts forward_backward(const Network& network, Loss loss, Reduction reduction,
                             std::span<float> grad, bool with_dropout, bool divide,
                             const FocalParams& focal = {});
  // Whether forward_backward() fuses for this loss (tested: both paths give the same gradient).
  bool fuses(Loss loss, bool with_dropout) const {
    return tiny_ && (loss == Loss::BinaryCrossEntropy || loss == Loss::BinaryFocal) &&
           !with_dropout;
  }
  static constexpr Index kLanes = 32;   // rows per group of the fused passes
  static constexpr int kTinyWidth = 8;  // the widest layer (and input) that fuses

  Index batch() const { return batch_; }

 private:
  NetworkSpec spec_;
  Index max_batch_ = 0, batch_ = 0;
  std::vector<RowMatrixF> z_, a_;  // per layer: pre-activation and activation, (units, max_batch)
  std::vector<float> dropout_;     // per layer (0 for the head)
  std::vector<RowMatrixF> mask_, dropped_;  // per layer with dropout: mask and a_ * mask
  std::vector<std::uint64_t> row_state_;    // each batch row's dropout stream start
  bool dropout_on_ = false;                 // the last forward() applied the masks
  RowMatrixF input_, target_, weight_, delta_, delta_prev_;
  // grad of numerator / scale; returns the loss parts.
  LossParts backward_scaled(const Network& network, Loss loss, Reduction reduction,
                            std::span<float> grad, bool divide, const FocalParams& focal);
  // (max_batch, n_inputs padded to whole vectors of small_gemm): wide rows gathered before the
  // transpose; also the first layer's operand of its kernel gradient.
  RowMatrixF staging_;
  bool staged_ = false;  // staging_ holds the batch's input rows (the transpose of input_)
  // (min(max_batch, kSmallGemmMaxDepth), widest layer input that is not staged): a layer's
  // input transposed, the right operand of its kernel gradient on small_gemm.
  RowMatrixF transposed_;
  // The fused passes: lane buffers of the activations, pre-activations, deltas and each
  // parameter's gradient, kLanes rows at a time.
  using Lanes = Eigen::Array<float, kLanes, 1>;
  bool tiny_ = false;
  std::vector<Lanes> lane_a_, lane_z_, lane_d_, lane_grad_;
  LossParts fused_binary(const Network& network, Loss loss, Reduction reduction,
                         std::span<float> grad, bool divide, const FocalParams& focal);
  std::vector<std::size_t> kernel_offset_, bias_offset_;  // into Network::parameters()
};

// Shards of a training batch of `rows` rows for this network: 1 below the threshold where threads
// cost more than they save (docs/PERFORMANCE.md), otherwise rows / kMinShardRows, at most
// kMaxShards.
inline constexpr std::int64_t kShardWorkThreshold = 200000;  // rows x parameters per batch
inline constexpr Index kMinShardRows = 64;
inline constexpr Index kMaxShards = 8;
Index shard_count(const NetworkSpec& spec, Index rows);

// Loss of the network over a whole dataset: sum of numerators / sum of denominators.
double dataset_loss(const Network& network, const RowMatrixF& X, const RowMatrixF& Y,
                    const SampleWeights& weights, Loss loss, Reduction reduction,
                    const FocalParams& focal = {});

}  // namespace rarenet
