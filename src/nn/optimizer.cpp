#include "nn/optimizer.hpp"

#include <cmath>

#include "rarenet/error.hpp"

namespace rarenet {

Optimizer::Optimizer(const OptimizerConfig& config, std::vector<unsigned char> decay_mask)
    : config_(config), decay_mask_(std::move(decay_mask)) {
  adam_ = config.kind == OptimizerKind::Adam;
  if (!(config.learning_rate > 0) || !std::isfinite(config.learning_rate))
    throw ConfigError("learning_rate: must be > 0");
  m_.assign(decay_mask_.size(), 0.0f);
  if (adam_) v_.assign(decay_mask_.size(), 0.0f);
}

void Optimizer::step(std::span<float> params, std::span<float> grad) {
  const std::size_t n = params.size();
  ++t_;
  if (config_.weight_decay != 0.0f)
    for (std::size_t i = 0; i < n; ++i)
      if (decay_mask_[i]) grad[i] += config_.weight_decay * params[i];
  float* __restrict w = params.data();
  const float* __restrict g = grad.data();
  float* __restrict m = m_.data();
  if (adam_) {
    beta_1_power_ *= config_.beta_1;
    beta_2_power_ *= config_.beta_2;
    const float alpha = static_cast<float>(config_.learning_rate * std::sqrt(1.0 - beta_2_power_) /
                                           (1.0 - beta_1_power_));
    const float one_minus_b1 = 1.0f - config_.beta_1, one_minus_b2 = 1.0f - config_.beta_2;
    const float eps = config_.epsilon;
    float* __restrict v = v_.data();
    for (std::size_t i = 0; i < n; ++i) {
      m[i] += (g[i] - m[i]) * one_minus_b1;
      v[i] += (g[i] * g[i] - v[i]) * one_minus_b2;
      w[i] -= (m[i] * alpha) / (std::sqrt(v[i]) + eps);
    }
  } else if (config_.momentum != 0.0f) {
    const float mu = config_.momentum, lr = config_.learning_rate;
    for (std::size_t i = 0; i < n; ++i) {
      m[i] = mu * m[i] - lr * g[i];
      w[i] += config_.nesterov ? mu * m[i] - lr * g[i] : m[i];
    }
  } else {
    const float lr = config_.learning_rate;
    for (std::size_t i = 0; i < n; ++i) w[i] -= lr * g[i];
  }
}

}  // namespace rarenet
