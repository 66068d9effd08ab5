#include "nn/backprop.hpp"

#include <algorithm>
#include <cmath>

#include "nn/small_gemm.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

// Layers at least this large (inputs x units) use a matrix product (small_gemm when its depth
// is at most kSmallGemmMaxDepth, Eigen's otherwise); smaller ones use row-by-row SIMD loops
// along the batch, which win for the tiny layers of the tutorial net.
constexpr Index kGemmThreshold = 256;

using ConstRow = Eigen::Map<const Eigen::ArrayXf>;
using Row = Eigen::Map<Eigen::ArrayXf>;

// Activations run row by row (one unit over the batch): each row is contiguous, so the plain
// loops vectorise and the transcendental ones use Eigen's SIMD exp / tanh.
void apply_activation(Activation act, float slope, const RowMatrixF& z, RowMatrixF& a, Index b) {
  if (act == Activation::Softmax) {
    // Per sample (column): exp(z - max) / sum, without temporaries.
    const auto zin = z.leftCols(b).array();
    auto out = a.leftCols(b).array();
    for (Index s = 0; s < b; ++s) {
      const float mx = zin.col(s).maxCoeff();
      out.col(s) = (zin.col(s) - mx).exp();
      out.col(s) /= out.col(s).sum();
    }
    return;
  }
  for (Index j = 0; j < z.rows(); ++j) {
    const float* __restrict zi = z.row(j).data();
    float* __restrict ai = a.row(j).data();
    switch (act) {
      case Activation::Linear:
        for (Index s = 0; s < b; ++s) ai[s] = zi[s];
        break;
      case Activation::Relu:
        for (Index s = 0; s < b; ++s) ai[s] = zi[s] > 0.0f ? zi[s] : 0.0f;
        break;
      case Activation::LeakyRelu:
        for (Index s = 0; s < b; ++s) ai[s] = zi[s] > 0.0f ? zi[s] : zi[s] * slope;
        break;
      case Activation::Tanh:
        Row(ai, b) = ConstRow(zi, b).tanh();
        break;
      case Activation::Sigmoid:
        Row(ai, b) = 1.0f / (1.0f + (-ConstRow(zi, b)).exp());
        break;
      case Activation::Softmax:
        break;
    }
  }
}

// delta (units, b) *= act'(z), with a = act(z) available.
void multiply_derivative(Activation act, float slope, const RowMatrixF& z, const RowMatrixF& a,
                         RowMatrixF& delta, Index b) {
  if (act == Activation::Softmax)
    throw ConfigError("softmax is supported as the output layer's activation only");
  if (act == Activation::Linear) return;
  for (Index j = 0; j < z.rows(); ++j) {
    const float* __restrict zi = z.row(j).data();
    const float* __restrict ai = a.row(j).data();
    float* __restrict d = delta.row(j).data();
    switch (act) {
      case Activation::Relu:
        for (Index s = 0; s < b; ++s) d[s] = zi[s] > 0.0f ? d[s] : 0.0f;
        break;
      case Activation::LeakyRelu:
        for (Index s = 0; s < b; ++s) d[s] = zi[s] > 0.0f ? d[s] : d[s] * slope;
        break;
      case Activation::Tanh:
        for (Index s = 0; s < b; ++s) d[s] *= 1.0f - ai[s] * ai[s];
        break;
      case Activation::Sigmoid:
        for (Index s = 0; s < b; ++s) d[s] *= ai[s] * (1.0f - ai[s]);
        break;
      default:
        break;
    }
  }
}

// out(u, b) = W(u, in) * in(in, b) + bias
void dense_forward(const Eigen::Map<const RowMatrixF>& W, const Eigen::Map<const VectorF>& bias,
                   const RowMatrixF& in, RowMatrixF& out, Index b) {
  const Index units = W.rows(), inputs = W.cols();
  if (units * inputs >= kGemmThreshold && inputs <= kSmallGemmMaxDepth) {
    small_gemm(W.data(), inputs, 1, in.data(), in.cols(), out.data(), out.cols(), units, inputs, b,
               bias.data());
    return;
  }
  if (units * inputs >= kGemmThreshold) {
    out.leftCols(b).noalias() = W * in.leftCols(b);
    out.leftCols(b).colwise() += bias;
    return;
  }
  for (Index j = 0; j < units; ++j) {
    float* __restrict o = out.row(j).data();
    const float bj = bias(j);
    for (Index s = 0; s < b; ++s) o[s] = bj;
    for (Index i = 0; i < inputs; ++i) {
      const float w = W(j, i);
      const float* __restrict x = in.row(i).data();
      for (Index s = 0; s < b; ++s) o[s] += w * x[s];
    }
  }
}

// One element of the sigmoid focal loss (losses.hpp) and its derivative with respect to the
// logit, in double: the powers and logarithms of small probabilities keep their digits, and the
// caller rounds once. 1 - p is sigmoid(-z), so neither tail cancels.
struct FocalTerm {
  double loss = 0, grad = 0;
};
FocalTerm binary_focal(double z, double y, const FocalParams& f) {
  const double p = 1.0 / (1.0 + std::exp(-z)), q = 1.0 / (1.0 + std::exp(z));
  const double ce = std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::fabs(z)));
  const double m = p * (1.0 - y) + q * y;  // 1 - p_t
  const double gamma = f.gamma;
  const double pw = gamma == 0 ? 1.0 : std::pow(m, gamma);
  // d(m^gamma)/dz = gamma m^(gamma - 1) p q (1 - 2y), written without m^(gamma - 1) so that
  // m = 0 (a saturated logit) gives 0 rather than 0 * infinity.
  const double dpw = gamma == 0 || m <= 0 ? 0.0 : gamma * pw / m * p * q * (1.0 - 2.0 * y);
  const double at = f.alpha >= 0 ? f.alpha * y + (1.0 - f.alpha) * (1.0 - y) : 1.0;
  return {at * pw * ce, at * (dpw * ce + pw * (p - y))};
}

// The softmax focal loss of one sample (column s of z, w, y): sum_j v_j f(p_j) with v = w * y
// and f(p) = -(1 - p)^gamma log p. Writes into d (when given; element j at d[j * stride]) the
// derivative times `scale` with respect to the logits, d_k = g_k - p_k sum_j g_j with
// g_j = v_j p_j f'(p_j) = v_j (gamma (1 - p_j)^(gamma - 1) p_j log p_j - (1 - p_j)^gamma).
// Allocates nothing: it runs once per sample of every batch.
template <class Block>
double categorical_focal(const Block& z, const Block& w, const Block& y, Index s, double gamma,
                         float scale, float* d, Index stride) {
  const Index k = z.rows();
  double mx = z(0, s);
  for (Index j = 1; j < k; ++j) mx = std::max<double>(mx, z(j, s));
  double sum = 0;
  for (Index j = 0; j < k; ++j) sum += std::exp(z(j, s) - mx);
  const double lse = std::log(sum) + mx;
  const auto g_of = [&](Index j, double& loss_term) {
    const double v = static_cast<double>(w(j, s)) * y(j, s);
    const double logp = z(j, s) - lse, p = std::exp(logp), omp = 1.0 - p;
    const double pw = gamma == 0 ? 1.0 : std::pow(omp, gamma);
    loss_term = -v * pw * logp;
    return v * ((gamma == 0 || omp <= 0 ? 0.0 : gamma * pw / omp * p * logp) - pw);
  };
  double loss = 0, g_sum = 0, term = 0;
  for (Index j = 0; j < k; ++j) {
    g_sum += g_of(j, term);
    loss += term;
  }
  if (d)
    for (Index j = 0; j < k; ++j) {
      const double p = std::exp(z(j, s) - lse);
      d[j * stride] = static_cast<float>((g_of(j, term) - p * g_sum) * scale);
    }
  return loss;
}

}  // namespace

Backprop::Backprop(const NetworkSpec& spec, Index max_batch) : spec_(spec), max_batch_(max_batch) {
  if (max_batch < 1) throw ConfigError("batch size must be >= 1");
  input_.resize(spec.n_inputs, max_batch);
  // Padded to whole vectors of small_gemm (zeros), which then reads the rows in place.
  if (spec.n_inputs >= 8) staging_.setZero(max_batch, small_gemm_padded(spec.n_inputs));
  int widest = spec.n_inputs;
  for (const LayerSpec& l : spec.layers) {
    z_.emplace_back(l.units, max_batch);
    a_.emplace_back(l.units, max_batch);
    widest = std::max(widest, l.units);
  }
  dropout_.assign(spec.layers.size(), 0.0f);
  mask_.resize(spec.layers.size());
  dropped_.resize(spec.layers.size());
  target_.resize(spec.n_outputs(), max_batch);
  weight_.resize(spec.n_outputs(), max_batch);
  delta_.resize(widest, max_batch);
  delta_prev_.resize(widest, max_batch);
  // Narrow inputs are not staged (gather), so the first layer's are transposed here too.
  int widest_in = spec.n_inputs < 8 ? spec.n_inputs : 0;
  for (std::size_t l = 0; l + 1 < spec.layers.size(); ++l)
    widest_in = std::max(widest_in, spec.layers[l].units);
  transposed_.setZero(std::min(max_batch, kSmallGemmMaxDepth), small_gemm_padded(widest_in));
  std::size_t offset = 0;
  int inputs = spec.n_inputs;
  for (const LayerSpec& l : spec.layers) {
    kernel_offset_.push_back(offset);
    offset += static_cast<std::size_t>(l.units) * static_cast<std::size_t>(inputs);
    bias_offset_.push_back(offset);
    offset += static_cast<std::size_t>(l.units);
    inputs = l.units;
  }
  tiny_ = spec.n_inputs <= kTinyWidth && !spec.layers.empty() &&
          spec.layers.back().activation == Activation::Sigmoid;
  for (std::size_t l = 0; l < spec.layers.size(); ++l)
    tiny_ = tiny_ && spec.layers[l].units <= kTinyWidth &&
            (l + 1 == spec.layers.size() || spec.layers[l].activation != Activation::Softmax);
  if (tiny_) {
    const std::size_t layers = spec.layers.size();
    lane_a_.resize((layers + 1) * kTinyWidth);
    lane_z_.resize(layers * kTinyWidth);
    lane_d_.resize(2 * kTinyWidth);
    lane_grad_.resize(offset);
  }
}

Backprop::LossParts Backprop::forward_backward(const Network& network, Loss loss,
                                               Reduction reduction, std::span<float> grad,
                                               bool with_dropout, bool divide,
                                               const FocalParams& focal) {
  if (fuses(loss, with_dropout)) {
    dropout_on_ = false;
    return fused_binary(network, loss, reduction, grad, divide, focal);
  }
  forward(network, with_dropout);
  return backward_scaled(network, loss, reduction, grad, divide, focal);
}

void Backprop::gather(const RowMatrixF& X, const RowMatrixF& Y, const SampleWeights& weights,
                      std::span<const std::int64_t> rows) {
  batch_ = static_cast<Index>(rows.size());
  const Index n_in = X.cols(), k = Y.cols();
  const std::int64_t* __restrict r = rows.data();
  if (n_in >= 8) {
    // Wide rows: copy each source row once (contiguous), then transpose the block in cache;
    // scattering straight into the feature-major buffer would touch a cache line per value.
    // Rows of a large table come from memory, not cache: ask for a row a few copies ahead.
    constexpr Index kAhead = 8;
    const Index line_floats = 64 / static_cast<Index>(sizeof(float));
    for (Index s = 0; s < batch_; ++s) {
      if (s + kAhead < batch_) {
        const float* ahead = X.data() + r[s + kAhead] * n_in;
        for (Index c = 0; c < n_in; c += line_floats) __builtin_prefetch(ahead + c);
        __builtin_prefetch(ahead + n_in - 1);
      }
      std::copy_n(X.data() + r[s] * n_in, n_in, staging_.row(s).data());
    }
    input_.leftCols(batch_).noalias() = staging_.topLeftCorner(batch_, n_in).transpose();
    staged_ = true;
  } else {
    staged_ = false;
    // Narrow rows: one pass per column keeps each destination row contiguous.
    for (Index f = 0; f < n_in; ++f) {
      float* __restrict dst = input_.row(f).data();
      const float* __restrict src = X.data() + f;
      for (Index s = 0; s < batch_; ++s) dst[s] = src[r[s] * n_in];
    }
  }
  for (Index j = 0; j < k; ++j) {
    float* __restrict dst = target_.row(j).data();
    const float* __restrict src = Y.data() + j;
    for (Index s = 0; s < batch_; ++s) dst[s] = src[r[s] * k];
  }
  for (Index j = 0; j < k; ++j) {
    float* __restrict dst = weight_.row(j).data();
    if (weights.per_element.size() > 0) {
      const float* __restrict src = weights.per_element.data() + j;
      for (Index s = 0; s < batch_; ++s) dst[s] = src[r[s] * k];
    } else if (weights.per_sample.size() > 0) {
      const float* __restrict src = weights.per_sample.data();
      for (Index s = 0; s < batch_; ++s) dst[s] = src[r[s]];
    } else {
      for (Index s = 0; s < batch_; ++s) dst[s] = 1.0f;
    }
  }
}

void Backprop::gather_inputs(const RowMatrixF& X, Index first, Index count) {
  batch_ = count;
  staged_ = false;
  // One destination row at a time, contiguous: writing row by row of X would store to a column
  // of input_, whose rows lie max_batch floats apart (4 KiB at 1,024), all in one cache set.
  input_.leftCols(count).noalias() = X.middleRows(first, count).transpose();
}

void Backprop::set_dropout(std::span<const float> rates) {
  const std::size_t hidden = spec_.layers.size() - 1;
  if (rates.size() != hidden)
    throw ConfigError("dropout: " + std::to_string(rates.size()) + " rates for " +
                      std::to_string(hidden) + " hidden layers");
  for (std::size_t l = 0; l < hidden; ++l) {
    if (!(rates[l] >= 0.0f && rates[l] < 1.0f))
      throw ConfigError("dropout: a rate must be in [0, 1), got " + std::to_string(rates[l]));
    dropout_[l] = rates[l];
    if (rates[l] > 0.0f) {
      mask_[l].resize(spec_.layers[l].units, max_batch_);
      dropped_[l].resize(spec_.layers[l].units, max_batch_);
      row_state_.resize(static_cast<std::size_t>(max_batch_));
    } else {
      mask_[l].resize(0, 0);
      dropped_[l].resize(0, 0);
    }
  }
}

namespace {
constexpr std::uint64_t kGamma = 0x9E3779B97F4A7C15ull;  // SplitMix64's increment
// SplitMix64's output function of a counter value.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
// SplitMix64: a counter-based stream, so a row's mask depends only on (seed, epoch, row).
std::uint64_t splitmix64(std::uint64_t& state) {
  return mix64(state += kGamma);
}
}  // namespace

void Backprop::draw_dropout_masks(std::uint64_t seed, std::uint64_t epoch,
                                  std::span<const std::int64_t> rows) {
  const std::size_t hidden = spec_.layers.size() - 1;
  const std::size_t n = rows.size();
  std::uint64_t* start = row_state_.data();
  for (std::size_t s = 0; s < n; ++s) {
    // Three rounds mix seed, epoch and row into the row's starting state.
    std::uint64_t state = seed;
    state = splitmix64(state) ^ epoch;
    state = splitmix64(state) ^ static_cast<std::uint64_t>(rows[s]);
    start[s] = splitmix64(state);
  }
  // Row s's stream continues across the layers with dropout: its k-th draw is the SplitMix64 mix
  // of start[s] + k * gamma. Drawing unit by unit along the batch writes each mask row
  // contiguously, and the draws of a unit are independent, so the loop vectorises.
  std::uint64_t drawn = 0;
  for (std::size_t l = 0; l < hidden; ++l) {
    if (dropout_[l] <= 0.0f) continue;
    const float scale = 1.0f / (1.0f - dropout_[l]);
    // A unit is kept when its 53-bit uniform u = (x >> 11) * 2^-53 is >= the rate (Keras keeps
    // when >= rate), that is when x >> 11 >= ceil(rate * 2^53): exact, without a conversion.
    const auto least =
        static_cast<std::uint64_t>(std::ceil(static_cast<double>(dropout_[l]) * 0x1.0p53));
    for (Index j = 0; j < mask_[l].rows(); ++j) {
      const std::uint64_t offset = (++drawn) * kGamma;
      float* __restrict m = mask_[l].row(j).data();
      for (std::size_t s = 0; s < n; ++s)
        m[s] = (mix64(start[s] + offset) >> 11) >= least ? scale : 0.0f;
    }
  }
}

void Backprop::forward(const Network& network, bool with_dropout) {
  const RowMatrixF* in = &input_;
  dropout_on_ = with_dropout;
  for (std::size_t l = 0; l < spec_.layers.size(); ++l) {
    dense_forward(network.kernel(l), network.bias(l), *in, z_[l], batch_);
    apply_activation(spec_.layers[l].activation, spec_.leaky_relu_slope, z_[l], a_[l], batch_);
    in = &a_[l];
    if (with_dropout && dropout_[l] > 0.0f) {
      dropped_[l].leftCols(batch_).array() =
          a_[l].leftCols(batch_).array() * mask_[l].leftCols(batch_).array();
      in = &dropped_[l];
    }
  }
}

void Backprop::write_outputs(RowMatrixF& out, Index first) const {
  const RowMatrixF& a = a_.back();
  for (Index s = 0; s < batch_; ++s)
    for (Index j = 0; j < a.rows(); ++j) out(first + s, j) = a(j, s);
}

Backprop::LossParts Backprop::loss(Loss loss, Reduction reduction, const FocalParams& focal) const {
  const Index b = batch_, k = spec_.n_outputs();
  LossParts parts;
  if (loss == Loss::CategoricalFocal) {
    const auto zb = z_.back().topLeftCorner(k, b);
    const auto yb = target_.topLeftCorner(k, b);
    const auto wb = weight_.topLeftCorner(k, b);
    const auto y = target_.topLeftCorner(k, b).array();
    const auto w = weight_.topLeftCorner(k, b).array();
    for (Index s = 0; s < b; ++s)
      parts.numerator += categorical_focal(zb, wb, yb, s, focal.gamma, 0.0f, nullptr, 0);
    parts.denominator = reduction == Reduction::WeightedMean ? static_cast<double>((w * y).sum())
                                                             : static_cast<double>(b);
    return parts;
  }
  if (loss == Loss::CategoricalCrossEntropy) {
    const auto z = z_.back().topLeftCorner(k, b).array();
    const auto y = target_.topLeftCorner(k, b).array();
    const auto w = weight_.topLeftCorner(k, b).array();
    // -log softmax = logsumexp(z) - z, per sample (column).
    for (Index s = 0; s < b; ++s) {
      const float mx = z.col(s).maxCoeff();
      const float lse = std::log((z.col(s) - mx).exp().sum()) + mx;
      parts.numerator += (w.col(s) * y.col(s) * (lse - z.col(s))).sum();
    }
    parts.denominator = reduction == Reduction::WeightedMean ? static_cast<double>((w * y).sum())
                                                             : static_cast<double>(b);
    return parts;
  }
  double weight_sum = 0;
  for (Index j = 0; j < k; ++j) {
    const ConstRow z(z_.back().row(j).data(), b), y(target_.row(j).data(), b),
        w(weight_.row(j).data(), b);
    if (loss == Loss::BinaryCrossEntropy) {
      // Stable BCE from the logits: max(z, 0) - z y + log(1 + exp(-|z|)), where the last term is
      // -log(max(p, 1 - p)) with p = sigmoid(z), already computed by the forward pass.
      const ConstRow p(a_.back().row(j).data(), b);
      parts.numerator += (w * (z.max(0.0f) - z * y - p.max(1.0f - p).log())).sum();
    } else if (loss == Loss::BinaryFocal) {
      for (Index s = 0; s < b; ++s)
        parts.numerator += static_cast<double>(w(s)) * binary_focal(z(s), y(s), focal).loss;
    } else {
      parts.numerator += (w * (z - y).square()).sum();
    }
    if (reduction == Reduction::WeightedMean) weight_sum += w.sum();
  }
  parts.denominator =
      reduction == Reduction::WeightedMean ? weight_sum : static_cast<double>(b * k);
  return parts;
}

double Backprop::backward(const Network& network, Loss loss_kind, Reduction reduction,
                          std::span<float> grad, const FocalParams& focal) {
  const LossParts parts = backward_scaled(network, loss_kind, reduction, grad, true, focal);
  return parts.denominator > 0 ? parts.numerator / parts.denominator : 0.0;
}

Backprop::LossParts Backprop::backward_numerator(const Network& network, Loss loss_kind,
                                                 Reduction reduction, std::span<float> grad,
                                                 const FocalParams& focal) {
  return backward_scaled(network, loss_kind, reduction, grad, false, focal);
}

Backprop::LossParts Backprop::backward_scaled(const Network& network, Loss loss_kind,
                                              Reduction reduction, std::span<float> grad,
                                              bool divide, const FocalParams& focal) {
  const Index b = batch_;
  const std::size_t n_layers = spec_.layers.size();
  const Activation head = spec_.layers.back().activation;
  if (loss_kind == Loss::BinaryCrossEntropy && head != Activation::Sigmoid)
    throw ConfigError("binary_crossentropy needs a sigmoid output layer");
  if (loss_kind == Loss::CategoricalCrossEntropy && head != Activation::Softmax)
    throw ConfigError("categorical_crossentropy needs a softmax output layer");
  if (loss_kind == Loss::BinaryFocal && head != Activation::Sigmoid)
    throw ConfigError("binary_focal needs a sigmoid output layer");
  if (loss_kind == Loss::CategoricalFocal && head != Activation::Softmax)
    throw ConfigError("categorical_focal needs a softmax output layer");
  const LossParts parts = loss(loss_kind, reduction, focal);
  const float inv = !divide                 ? 1.0f
                    : parts.denominator > 0 ? static_cast<float>(1.0 / parts.denominator)
                                            : 0.0f;

  // Gradient of the loss with respect to the output logits.
  const Index k = spec_.n_outputs();
  auto d = delta_.topLeftCorner(k, b).array();
  const auto p = a_.back().leftCols(b).array();
  const auto y = target_.leftCols(b).array();
  const auto w = weight_.leftCols(b).array();
  switch (loss_kind) {
    case Loss::BinaryCrossEntropy:
      d = (p - y) * w * inv;
      break;
    case Loss::MeanSquaredError:
      if (head == Activation::Linear) {
        d = 2.0f * (z_.back().leftCols(b).array() - y) * w * inv;
      } else {
        // MSE on the activated output: chain through the head's derivative below.
        d = 2.0f * (p - y) * w * inv;
      }
      break;
    case Loss::CategoricalCrossEntropy:
      // d/dz_j of -sum_c v_c log p_c = p_j * sum_c v_c - v_j, with v = w * y.
      for (Index s = 0; s < b; ++s) {
        const float total = (w.col(s) * y.col(s)).sum();
        d.col(s) = (p.col(s) * total - w.col(s) * y.col(s)) * inv;
      }
      break;
    case Loss::BinaryFocal: {
      const auto z = z_.back().leftCols(b).array();
      for (Index j = 0; j < k; ++j)
        for (Index s = 0; s < b; ++s)
          d(j, s) = static_cast<float>(binary_focal(z(j, s), y(j, s), focal).grad) * w(j, s) * inv;
      break;
    }
    case Loss::CategoricalFocal: {
      const auto zb = z_.back().topLeftCorner(k, b);
      const auto yb = target_.topLeftCorner(k, b);
      const auto wb = weight_.topLeftCorner(k, b);
      for (Index s = 0; s < b; ++s)
        categorical_focal(zb, wb, yb, s, focal.gamma, inv, &delta_(0, s), delta_.cols());
      break;
    }
  }
  if (loss_kind == Loss::MeanSquaredError && head != Activation::Linear) {
    RowMatrixF& dm = delta_;
    multiply_derivative(head, spec_.leaky_relu_slope, z_.back(), a_.back(), dm, b);
  }

  RowMatrixF* delta = &delta_;
  RowMatrixF* delta_prev = &delta_prev_;
  for (std::size_t l = n_layers; l-- > 0;) {
    const bool dropped_in = l > 0 && dropout_on_ && dropout_[l - 1] > 0.0f;
    const RowMatrixF& in = l == 0 ? input_ : dropped_in ? dropped_[l - 1] : a_[l - 1];
    const auto W = network.kernel(l);
    const Index units = W.rows(), n_in = W.cols();
    Eigen::Map<RowMatrixF> gW(grad.data() + kernel_offset_[l], units, n_in);
    Eigen::Map<VectorF> gb(grad.data() + bias_offset_[l], units);
    const bool gemm = units * n_in >= kGemmThreshold;
    const bool staged = l == 0 && staged_;
    if (gemm && b <= kSmallGemmMaxDepth && (staged || n_in <= transposed_.cols())) {
      // delta (units x b) times in's transpose (b x n_in), which small_gemm needs row-major: the
      // first layer's is the gathered rows themselves, a hidden layer's is transposed here.
      // Both are padded to whole vectors.
      const float* in_t = staging_.data();
      Index ld = staging_.cols();
      if (!staged) {
        transpose(in.data(), in.cols(), n_in, b, transposed_.data(), transposed_.cols());
        in_t = transposed_.data();
        ld = transposed_.cols();
      }
      small_gemm(delta->data(), delta->cols(), 1, in_t, ld, gW.data(), n_in, units, b, n_in,
                 nullptr, /*b_padded=*/true);
    } else if (gemm) {
      gW.noalias() = delta->topLeftCorner(units, b) * in.topLeftCorner(n_in, b).transpose();
    } else {
      // Eigen's dot keeps several SIMD accumulators; a plain loop would add one lane at a time.
      for (Index j = 0; j < units; ++j) {
        const Eigen::Map<const VectorF> dj(delta->row(j).data(), b);
        for (Index i = 0; i < n_in; ++i)
          gW(j, i) = dj.dot(Eigen::Map<const VectorF>(in.row(i).data(), b));
      }
    }
    gb = delta->topLeftCorner(units, b).rowwise().sum();
    if (l == 0) break;
    // Propagate to the previous layer: W^T * delta, times the activation's derivative.
    if (gemm && units <= kSmallGemmMaxDepth) {
      small_gemm(W.data(), 1, n_in, delta->data(), delta->cols(), delta_prev->data(),
                 delta_prev->cols(), n_in, units, b, nullptr);
    } else if (gemm) {
      delta_prev->topLeftCorner(n_in, b).noalias() = W.transpose() * delta->topLeftCorner(units, b);
    } else {
      for (Index i = 0; i < n_in; ++i) {
        float* __restrict o = delta_prev->row(i).data();
        for (Index t = 0; t < b; ++t) o[t] = 0.0f;
        for (Index j = 0; j < units; ++j) {
          const float wji = W(j, i);
          const float* __restrict dj = delta->row(j).data();
          for (Index t = 0; t < b; ++t) o[t] += wji * dj[t];
        }
      }
    }
    if (dropped_in) delta_prev->topLeftCorner(n_in, b).array() *= mask_[l - 1].leftCols(b).array();
    multiply_derivative(spec_.layers[l - 1].activation, spec_.leaky_relu_slope, z_[l - 1],
                        a_[l - 1], *delta_prev, b);
    std::swap(delta, delta_prev);
  }
  return parts;
}

Index shard_count(const NetworkSpec& spec, Index rows) {
  std::int64_t params = 0;  // capped: only the comparison with the threshold matters
  std::int64_t inputs = spec.n_inputs;
  for (const LayerSpec& l : spec.layers) {
    params = std::min<std::int64_t>(params + l.units * (inputs + 1), kShardWorkThreshold);
    inputs = l.units;
  }
  // rows * params < threshold, without overflow.
  if (params == 0 || rows < (kShardWorkThreshold + params - 1) / params) return 1;
  return std::clamp<Index>(rows / kMinShardRows, 1, kMaxShards);
}

double dataset_loss(const Network& network, const RowMatrixF& X, const RowMatrixF& Y,
                    const SampleWeights& weights, Loss loss, Reduction reduction,
                    const FocalParams& focal) {
  constexpr Index kBlock = 1024;
  Backprop pass(network.spec(), std::min<Index>(kBlock, std::max<Index>(X.rows(), 1)));
  std::vector<std::int64_t> rows(static_cast<std::size_t>(kBlock));
  double num = 0, den = 0;
  for (Index first = 0; first < X.rows(); first += kBlock) {
    const Index count = std::min(kBlock, X.rows() - first);
    for (Index s = 0; s < count; ++s) rows[s] = first + s;
    pass.gather(X, Y, weights, std::span<const std::int64_t>(rows.data(), count));
    pass.forward(network);
    const auto parts = pass.loss(loss, reduction, focal);
    num += parts.numerator;
    den += parts.denominator;
  }
  return den > 0 ? num / den : 0.0;
}

}  // namespace rarenet
