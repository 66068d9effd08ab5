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

  // Forward pass over the gathered batch.
  void forward(const Network& network);
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

  Index batch() const { return batch_; }

 private:
  NetworkSpec spec_;
  Index max_batch_ = 0, batch_ = 0;
  std::vector<RowMatrixF> z_, a_;  // per layer: pre-activation and activation, (units, max_batch)
  RowMatrixF input_, target_, weight_, delta_, delta_prev_;
  RowMatrixF staging_;  // (max_batch, n_inputs): wide rows gathered before the transpose
  std::vector<std::size_t> kernel_offset_, bias_offset_;  // into Network::parameters()
};

// Loss of the network over a whole dataset: sum of numerators / sum of denominators.
double dataset_loss(const Network& network, const RowMatrixF& X, const RowMatrixF& Y,
                    const SampleWeights& weights, Loss loss, Reduction reduction,
                    const FocalParams& focal = {});

}  // namespace rarenet
