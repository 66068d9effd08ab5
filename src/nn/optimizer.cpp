#include "nn/optimizer.hpp"

#include <algorithm>
#include <cmath>

#include "rarenet/error.hpp"

namespace rarenet {

std::vector<float> parameter_decays(const Network& network, const OptimizerConfig& config) {
  std::vector<float> decay(network.parameter_count(), 0.0f);
  const float* const start = network.parameters().data();
  for (std::size_t l = 0; l < network.spec().layers.size(); ++l) {
    const auto k = network.kernel(l);
    std::fill_n(decay.begin() + (k.data() - start), k.size(),
                config.weight_decay + (l == 0 ? config.input_weight_decay : 0.0f));
  }
  return decay;
}

Optimizer::Optimizer(const OptimizerConfig& config, std::vector<float> decay)
    : config_(config), decay_(std::move(decay)) {
  adam_ = config.kind == OptimizerKind::Adam;
  if (!(config.learning_rate > 0) || !std::isfinite(config.learning_rate))
    throw ConfigError("learning_rate: must be > 0");
  decayed_ = std::any_of(decay_.begin(), decay_.end(), [](float d) { return d != 0.0f; });
  m_.assign(decay_.size(), 0.0f);
  if (adam_) v_.assign(decay_.size(), 0.0f);
}

void Optimizer::step(std::span<float> params, std::span<float> grad) {
  begin_step();
  update(params, grad, 0, params.size());
}

void Optimizer::begin_step() {
  ++t_;
  if (adam_) {
    beta_1_power_ *= config_.beta_1;
    beta_2_power_ *= config_.beta_2;
    alpha_ = static_cast<float>(config_.learning_rate * std::sqrt(1.0 - beta_2_power_) /
                                (1.0 - beta_1_power_));
  }
}

void Optimizer::update(std::span<float> params, std::span<float> grad, std::size_t begin,
                       std::size_t end) {
  float* __restrict w = params.data();
  float* __restrict g = grad.data();
  float* __restrict m = m_.data();
  if (decayed_)
    for (std::size_t i = begin; i < end; ++i) g[i] += decay_[i] * w[i];
  if (adam_) {
    const float alpha = alpha_;
    const float one_minus_b1 = 1.0f - config_.beta_1, one_minus_b2 = 1.0f - config_.beta_2;
    const float eps = config_.epsilon;
    float* __restrict v = v_.data();
    for (std::size_t i = begin; i < end; ++i) {
      m[i] += (g[i] - m[i]) * one_minus_b1;
      v[i] += (g[i] * g[i] - v[i]) * one_minus_b2;
      w[i] -= (m[i] * alpha) / (std::sqrt(v[i]) + eps);
    }
  } else if (config_.momentum != 0.0f) {
    const float mu = config_.momentum, lr = config_.learning_rate;
    for (std::size_t i = begin; i < end; ++i) {
      m[i] = mu * m[i] - lr * g[i];
      w[i] += config_.nesterov ? mu * m[i] - lr * g[i] : m[i];
    }
  } else {
    const float lr = config_.learning_rate;
    for (std::size_t i = begin; i < end; ++i) w[i] -= lr * g[i];
  }
}

}  // namespace rarenet
