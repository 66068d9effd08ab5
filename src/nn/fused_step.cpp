// The fused forward and backward passes of a tiny network (Backprop::forward_backward): every
// layer at most kTinyWidth units wide, a sigmoid head, binary cross-entropy or the sigmoid focal
// loss, no dropout.
//
// The batch is taken kLanes rows at a time; one group's activations, pre-activations and deltas
// stay in lane buffers small enough for L1, and each parameter's gradient is summed lane-wise
// and reduced once at the end. Per group a layer costs a few vector instructions, where the
// per-layer loops over the whole batch paid each loop's set-up and tail, and a pass through
// memory, for every unit of every layer.
#include <algorithm>

#include "nn/backprop.hpp"

namespace rarenet {
namespace {

using Lanes = Eigen::Array<float, Backprop::kLanes, 1>;

// Rows [s0, s0 + count) of a feature-major row; the lanes past count are 0 (their weight is 0
// too, so they add nothing to the loss or the gradient).
Lanes load(const float* row, Index s0, Index count) {
  if (count == Backprop::kLanes) return Eigen::Map<const Lanes>(row + s0);
  Lanes v = Lanes::Zero();
  std::copy_n(row + s0, count, v.data());
  return v;
}

// The same formulas as the unfused passes (backprop.cpp). The comparisons are plain loops:
// Eigen's select() is not vectorised, and its lane-by-lane stores stalled the next vector load.
// The four relu-family loops are written out: one shared helper taking and returning lane
// buffers measured 7 % slower on `rarenet tutorial --no-sweep --no-remedies`.
Lanes activate(Activation act, float slope, const Lanes& z) {
  Lanes a;
  const float* __restrict zi = z.data();
  float* __restrict ai = a.data();
  switch (act) {
    case Activation::Relu:
#pragma GCC unroll 1
      for (Index s = 0; s < Backprop::kLanes; ++s) ai[s] = zi[s] > 0.0f ? zi[s] : 0.0f;
      return a;
    case Activation::LeakyRelu:
#pragma GCC unroll 1
      for (Index s = 0; s < Backprop::kLanes; ++s) ai[s] = zi[s] > 0.0f ? zi[s] : zi[s] * slope;
      return a;
    case Activation::Tanh:
      return z.tanh();
    case Activation::Sigmoid:
      return 1.0f / (1.0f + (-z).exp());
    default:  // Linear (Softmax never fuses)
      return z;
  }
}

// delta *= act'(z), with a = act(z).
void multiply_derivative(Activation act, float slope, const Lanes& z, const Lanes& a,
                         Lanes& delta) {
  const float* __restrict zi = z.data();
  float* __restrict d = delta.data();
  switch (act) {
    case Activation::Relu:
#pragma GCC unroll 1
      for (Index s = 0; s < Backprop::kLanes; ++s) d[s] = zi[s] > 0.0f ? d[s] : 0.0f;
      break;
    case Activation::LeakyRelu:
#pragma GCC unroll 1
      for (Index s = 0; s < Backprop::kLanes; ++s) d[s] = zi[s] > 0.0f ? d[s] : d[s] * slope;
      break;
    case Activation::Tanh:
      delta *= 1.0f - a * a;
      break;
    case Activation::Sigmoid:
      delta *= a * (1.0f - a);
      break;
    default:
      break;
  }
}

// The sigmoid focal loss of a group of lanes (losses.hpp), in float, by the formulas of
// binary_focal() in backprop.cpp: adds w l to loss_sum and sets delta to w dl/dz. p and q =
// 1 - p both come from exp(-|z|), so neither tail cancels.
void focal_lanes(const Lanes& z, const Lanes& y, const Lanes& w, const FocalParams& f,
                 Lanes& loss_sum, Lanes& delta) {
  const Lanes e = (-z.abs()).exp();
  const Lanes inv = 1.0f / (1.0f + e);
  Lanes p, q;
#pragma GCC unroll 1
  for (Index s = 0; s < Backprop::kLanes; ++s) {
    const bool up = z[s] >= 0.0f;
    p[s] = up ? inv[s] : e[s] * inv[s];
    q[s] = up ? e[s] * inv[s] : inv[s];
  }
  const Lanes ce = z.max(0.0f) - z * y + e.log1p();
  const Lanes m = p * (1.0f - y) + q * y;  // 1 - p_t
  const float gamma = f.gamma;
  // m^gamma, and gamma m^(gamma - 1) without the power of m itself (0 where m is 0).
  Lanes pw, slope;
  if (gamma == 0.0f) {
    pw.setOnes();
    slope.setZero();
  } else if (gamma == 1.0f) {
    pw = m;
    slope.setOnes();
  } else if (gamma == 2.0f) {
    pw = m * m;
    slope = 2.0f * m;
  } else {
    pw = (gamma * m.log()).exp();  // 0 where m is 0
#pragma GCC unroll 1
    for (Index s = 0; s < Backprop::kLanes; ++s)
      slope[s] = m[s] > 0.0f ? gamma * pw[s] / m[s] : 0.0f;
  }
  const Lanes dpw = slope * p * q * (1.0f - 2.0f * y);
  const Lanes at =
      f.alpha >= 0.0f ? Lanes(f.alpha * y + (1.0f - f.alpha) * (1.0f - y)) : Lanes(Lanes::Ones());
  loss_sum += w * at * pw * ce;
  delta = w * at * (dpw * ce + pw * (p - y));
}

}  // namespace

Backprop::LossParts Backprop::fused_binary(const Network& network, Loss loss, Reduction reduction,
                                           std::span<float> grad, bool divide,
                                           const FocalParams& focal) {
  const Index b = batch_;
  const std::size_t n_layers = spec_.layers.size();
  const Index k = spec_.n_outputs();
  const float slope = spec_.leaky_relu_slope;
  const float* params = network.parameters().data();
  // Lane buffers: activation i of layer l's input is a(l, i); the inputs are layer 0's.
  const auto a = [&](std::size_t l, Index i) -> Lanes& { return lane_a_[l * kTinyWidth + i]; };
  const auto z = [&](std::size_t l, Index j) -> Lanes& { return lane_z_[l * kTinyWidth + j]; };
  Lanes* delta = lane_d_.data();
  Lanes* delta_prev = lane_d_.data() + kTinyWidth;
  std::fill(lane_grad_.begin(), lane_grad_.end(), Lanes::Zero());
  Lanes loss_sum = Lanes::Zero(), weight_sum = Lanes::Zero();

  for (Index s0 = 0; s0 < b; s0 += kLanes) {
    const Index count = std::min(kLanes, b - s0);
    for (Index i = 0; i < spec_.n_inputs; ++i) a(0, i) = load(input_.row(i).data(), s0, count);
    Index inputs = spec_.n_inputs;
    for (std::size_t l = 0; l < n_layers; ++l) {
      const float* W = params + kernel_offset_[l];
      const float* bias = params + bias_offset_[l];
      const Index units = spec_.layers[l].units;
      for (Index j = 0; j < units; ++j) {
        Lanes sum = Lanes::Constant(bias[j]);
        for (Index i = 0; i < inputs; ++i) sum += W[j * inputs + i] * a(l, i);
        z(l, j) = sum;
        a(l + 1, j) = activate(spec_.layers[l].activation, slope, sum);
      }
      inputs = units;
    }
    // Binary cross-entropy from the logits, as loss(); its gradient with respect to the logit
    // is (p - y) w, divided by the batch's denominator at the end.
    for (Index j = 0; j < k; ++j) {
      const Lanes& zl = z(n_layers - 1, j);
      const Lanes y = load(target_.row(j).data(), s0, count);
      const Lanes w = load(weight_.row(j).data(), s0, count);
      weight_sum += w;
      if (loss == Loss::BinaryFocal) {
        focal_lanes(zl, y, w, focal, loss_sum, delta[j]);
        continue;
      }
      const Lanes& p = a(n_layers, j);
      loss_sum += w * (zl.max(0.0f) - zl * y - p.max(1.0f - p).log());
      delta[j] = (p - y) * w;
    }
    for (std::size_t l = n_layers; l-- > 0;) {
      const Index units = spec_.layers[l].units;
      const Index n_in = l == 0 ? spec_.n_inputs : spec_.layers[l - 1].units;
      const float* W = params + kernel_offset_[l];
      Lanes* gW = lane_grad_.data() + kernel_offset_[l];
      Lanes* gb = lane_grad_.data() + bias_offset_[l];
      for (Index j = 0; j < units; ++j) {
        gb[j] += delta[j];
        for (Index i = 0; i < n_in; ++i) gW[j * n_in + i] += delta[j] * a(l, i);
      }
      if (l == 0) break;
      for (Index i = 0; i < n_in; ++i) {
        Lanes sum = Lanes::Zero();
        for (Index j = 0; j < units; ++j) sum += W[j * n_in + i] * delta[j];
        multiply_derivative(spec_.layers[l - 1].activation, slope, z(l - 1, i), a(l, i), sum);
        delta_prev[i] = sum;
      }
      std::swap(delta, delta_prev);
    }
  }

  LossParts parts;
  parts.numerator = static_cast<double>(loss_sum.sum());
  parts.denominator = reduction == Reduction::WeightedMean ? static_cast<double>(weight_sum.sum())
                                                           : static_cast<double>(b * k);
  const float inv = !divide                 ? 1.0f
                    : parts.denominator > 0 ? static_cast<float>(1.0 / parts.denominator)
                                            : 0.0f;
  for (std::size_t p = 0; p < lane_grad_.size(); ++p) grad[p] = lane_grad_[p].sum() * inv;
  return parts;
}

}  // namespace rarenet
