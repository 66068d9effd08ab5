// Optimisers: one update of a flat parameter buffer from its gradient.
//
// Adam in Keras's form: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
// w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps).
// SGD as Keras: with momentum, u = momentum * u - lr * g, then w += u (or, with Nesterov,
// w += momentum * u - lr * g); without, w -= lr * g.
// L2 weight decay adds decay[i] * w[i] to the gradient of parameter i (the kernels' weight_decay,
// plus input_weight_decay on the first layer's; 0 for the biases).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "rarenet/network.hpp"
#include "rarenet/train_config.hpp"

namespace rarenet {

// Each parameter's L2 decay: weight_decay on every kernel, plus input_weight_decay on the first
// layer's; none on the biases.
std::vector<float> parameter_decays(const Network& network, const OptimizerConfig& config);

class Optimizer {
 public:
  // decay[i]: the L2 weight decay of parameter i; its size is the parameter count.
  Optimizer(const OptimizerConfig& config, std::vector<float> decay);
  // One step: params -= update(grad). grad may be modified (weight decay is added to it).
  void step(std::span<float> params, std::span<float> grad);
  // The same step in parts: begin_step() once, then update() on slices [begin, end) that
  // together cover every parameter once, possibly on several threads at a time. Each parameter's
  // update reads only its own gradient and moments, so the result is step()'s to the bit.
  void begin_step();
  void update(std::span<float> params, std::span<float> grad, std::size_t begin, std::size_t end);
  long iterations() const { return t_; }
  // A learning-rate schedule changes the rate between steps; the moments are kept.
  void set_learning_rate(float lr) { config_.learning_rate = lr; }

 private:
  OptimizerConfig config_;
  bool adam_ = true;
  std::vector<float> decay_;
  bool decayed_ = false;
  std::vector<float> m_, v_;
  long t_ = 0;
  double beta_1_power_ = 1, beta_2_power_ = 1;
  float alpha_ = 0;  // Adam: this step's learning rate with the bias corrections
};

}  // namespace rarenet
