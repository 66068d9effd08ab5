#include "rarenet/network.hpp"

#include <cmath>

#include "nn/backprop.hpp"
#include "rarenet/error.hpp"
#include "rarenet/memory_budget.hpp"
#include "rarenet/option.hpp"
#include "rarenet/random.hpp"

namespace rarenet {

Activation parse_activation(const std::string& name) {
  return parse_choice("activation", name, std::span<const Activation>(kActivations));
}

std::string to_string(Activation a) {
  switch (a) {
    case Activation::Linear:
      return "linear";
    case Activation::Relu:
      return "relu";
    case Activation::LeakyRelu:
      return "leaky_relu";
    case Activation::Tanh:
      return "tanh";
    case Activation::Sigmoid:
      return "sigmoid";
    case Activation::Softmax:
      return "softmax";
  }
  return "linear";
}

Initializer parse_initializer(const std::string& name) {
  return parse_choice("initializer", name, std::span<const Initializer>(kInitializers));
}

std::string to_string(Initializer i) {
  switch (i) {
    case Initializer::GlorotUniform:
      return "glorot_uniform";
    case Initializer::HeUniform:
      return "he_uniform";
    case Initializer::HeNormal:
      return "he_normal";
  }
  return "glorot_uniform";
}

Network::Network(NetworkSpec spec) : spec_(std::move(spec)) {
  if (spec_.n_inputs < 1) throw ConfigError("a network needs at least one input");
  if (spec_.layers.empty()) throw ConfigError("a network needs at least one layer");
  // Before the loop's size_t arithmetic and the allocation: a saturating count, checked.
  require_memory(inference_memory_bytes(spec_, 1),
                 "a network of " + std::to_string(rarenet::parameter_count(spec_)) + " parameters");
  std::size_t offset = 0;
  int inputs = spec_.n_inputs;
  for (std::size_t l = 0; l < spec_.layers.size(); ++l) {
    const LayerSpec& layer = spec_.layers[l];
    if (layer.units < 1)
      throw ConfigError("layer " + std::to_string(l + 1) + ": units must be >= 1, got " +
                        std::to_string(layer.units));
    if (layer.activation == Activation::Softmax && l + 1 != spec_.layers.size())
      throw ConfigError("softmax is supported as the output layer's activation only");
    kernel_offset_.push_back(offset);
    offset += static_cast<std::size_t>(layer.units) * static_cast<std::size_t>(inputs);
    bias_offset_.push_back(offset);
    offset += static_cast<std::size_t>(layer.units);
    inputs = layer.units;
  }
  params_.assign(offset, 0.0f);
}

void Network::initialize(std::uint32_t seed) {
  RandomState rng(seed);
  std::fill(params_.begin(), params_.end(), 0.0f);
  int inputs = spec_.n_inputs;
  for (std::size_t l = 0; l < spec_.layers.size(); ++l) {
    const int units = spec_.layers[l].units;
    auto w = kernel(l);
    const double fan_in = inputs, fan_out = units;
    for (Index i = 0; i < w.rows(); ++i)
      for (Index j = 0; j < w.cols(); ++j) {
        double v = 0;
        switch (spec_.kernel_initializer) {
          case Initializer::GlorotUniform: {
            const double limit = std::sqrt(6.0 / (fan_in + fan_out));
            v = rng.uniform(-limit, limit);
            break;
          }
          case Initializer::HeUniform: {
            const double limit = std::sqrt(6.0 / fan_in);
            v = rng.uniform(-limit, limit);
            break;
          }
          case Initializer::HeNormal: {
            // Keras: a normal truncated at two standard deviations, rescaled so the truncated
            // distribution has variance 2 / fan_in.
            const double stddev = std::sqrt(2.0 / fan_in) / 0.87962566103423978;
            double g;
            do g = rng.standard_normal();
            while (std::fabs(g) > 2.0);
            v = g * stddev;
            break;
          }
        }
        w(i, j) = static_cast<float>(v);
      }
    inputs = units;
  }
}

Eigen::Map<RowMatrixF> Network::kernel(std::size_t layer) {
  const int inputs = layer == 0 ? spec_.n_inputs : spec_.layers[layer - 1].units;
  return {params_.data() + kernel_offset_[layer], spec_.layers[layer].units, inputs};
}
Eigen::Map<const RowMatrixF> Network::kernel(std::size_t layer) const {
  const int inputs = layer == 0 ? spec_.n_inputs : spec_.layers[layer - 1].units;
  return {params_.data() + kernel_offset_[layer], spec_.layers[layer].units, inputs};
}
Eigen::Map<VectorF> Network::bias(std::size_t layer) {
  return {params_.data() + bias_offset_[layer], spec_.layers[layer].units};
}
Eigen::Map<const VectorF> Network::bias(std::size_t layer) const {
  return {params_.data() + bias_offset_[layer], spec_.layers[layer].units};
}

RowMatrixF Network::predict(const RowMatrixF& X) const {
  if (X.cols() != spec_.n_inputs)
    throw InputError("the network expects " + std::to_string(spec_.n_inputs) +
                     " input columns, got " + std::to_string(X.cols()));
  constexpr Index kBlock = 1024;
  RowMatrixF out(X.rows(), spec_.n_outputs());
  Backprop pass(spec_, std::min<Index>(kBlock, std::max<Index>(X.rows(), 1)));
  for (Index first = 0; first < X.rows(); first += kBlock) {
    const Index count = std::min(kBlock, X.rows() - first);
    pass.gather_inputs(X, first, count);
    pass.forward(*this);
    pass.write_outputs(out, first);
  }
  return out;
}

}  // namespace rarenet
