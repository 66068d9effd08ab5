// Network: a stack of Dense layers, each followed by an activation, with its parameters in one
// flat float buffer (kernels and biases as named views into it).
//
// Kernel of layer l: (units_l, inputs_l) row-major view; bias: (units_l). Kernels are initialised
// Glorot-uniform by default (He-uniform / He-normal selectable), biases zero, as Keras's Dense.
// Inputs X: (n_samples, n_inputs) float; outputs: (n_samples, n_outputs) after the last activation
// (probabilities for sigmoid / softmax heads), logits before it.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

enum class Activation { Linear, Relu, LeakyRelu, Tanh, Sigmoid, Softmax };
inline constexpr std::array kActivations = {Activation::Linear,    Activation::Relu,
                                            Activation::LeakyRelu, Activation::Tanh,
                                            Activation::Sigmoid,   Activation::Softmax};
// "linear", "relu", "leaky_relu", "tanh", "sigmoid", "softmax"; ConfigError listing them otherwise.
Activation parse_activation(const std::string& name);
std::string to_string(Activation a);

enum class Initializer { GlorotUniform, HeUniform, HeNormal };
inline constexpr std::array kInitializers = {Initializer::GlorotUniform, Initializer::HeUniform,
                                             Initializer::HeNormal};
// "glorot_uniform", "he_uniform", "he_normal"; ConfigError listing them otherwise.
Initializer parse_initializer(const std::string& name);
std::string to_string(Initializer i);

struct LayerSpec {
  int units = 1;
  Activation activation = Activation::Relu;
};

struct NetworkSpec {
  int n_inputs = 1;
  std::vector<LayerSpec> layers;  // the last one is the output head
  Initializer kernel_initializer = Initializer::GlorotUniform;
  float leaky_relu_slope = 0.3f;  // Keras's LeakyReLU default alpha

  int n_outputs() const { return layers.empty() ? n_inputs : layers.back().units; }
};

class Network {
 public:
  Network() = default;
  explicit Network(NetworkSpec spec);  // parameters zero until initialize()

  const NetworkSpec& spec() const { return spec_; }
  // Draws kernels from the spec's initializer with a generator seeded by `seed`; biases zero.
  void initialize(std::uint32_t seed);

  std::size_t parameter_count() const { return params_.size(); }
  std::span<float> parameters() { return params_; }
  std::span<const float> parameters() const { return params_; }
  // Views into the flat buffer: kernel (units, inputs) row-major, bias (units).
  Eigen::Map<RowMatrixF> kernel(std::size_t layer);
  Eigen::Map<const RowMatrixF> kernel(std::size_t layer) const;
  Eigen::Map<VectorF> bias(std::size_t layer);
  Eigen::Map<const VectorF> bias(std::size_t layer) const;

  // X: (n, n_inputs) -> (n, n_outputs), after the output activation. Works in batches internally.
  RowMatrixF predict(const RowMatrixF& X) const;

 private:
  NetworkSpec spec_;
  std::vector<float> params_;
  std::vector<std::size_t> kernel_offset_, bias_offset_;
};

}  // namespace rarenet
