#include "train/trainer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "core/denormals.hpp"
#include "core/parallel.hpp"
#include "core/thread_pool.hpp"
#include "rarenet/error.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/random.hpp"
#include "train/batch_sampler.hpp"

namespace rarenet {
namespace {

void validate_inputs(const Network& network, const RowMatrixF& X, const RowMatrixF& Y,
                     const SampleWeights& w, const char* what) {
  const auto& spec = network.spec();
  const std::string name(what);
  if (X.rows() == 0) throw InputError(name + ": no rows to train on");
  if (X.cols() != spec.n_inputs)
    throw InputError(name + ": " + std::to_string(X.cols()) +
                     " feature columns, the network expects " + std::to_string(spec.n_inputs));
  if (Y.rows() != X.rows() || Y.cols() != spec.n_outputs())
    throw InputError(name + ": targets are " + std::to_string(Y.rows()) + " x " +
                     std::to_string(Y.cols()) + ", expected " + std::to_string(X.rows()) + " x " +
                     std::to_string(spec.n_outputs()));
  if (w.per_sample.size() > 0 && w.per_sample.size() != X.rows())
    throw InputError(name + ": " + std::to_string(w.per_sample.size()) + " sample weights for " +
                     std::to_string(X.rows()) + " rows");
  if (w.per_element.size() > 0 &&
      (w.per_element.rows() != X.rows() || w.per_element.cols() != Y.cols()))
    throw InputError(name + ": the weight matrix must be " + std::to_string(X.rows()) + " x " +
                     std::to_string(Y.cols()));
  // x * 0 is NaN exactly when x is NaN or infinite, so one vectorised sum checks a whole matrix.
  const auto finite = [](const auto& m) {
    return m.size() == 0 || !std::isnan((m.array() * 0.0f).sum());
  };
  const bool bad_w = (w.per_sample.size() > 0 && w.per_sample.minCoeff() < 0.0f) ||
                     (w.per_element.size() > 0 && w.per_element.minCoeff() < 0.0f) ||
                     !finite(w.per_sample) || !finite(w.per_element);
  if (bad_w) throw InputError(name + ": weights must be finite and >= 0");
  if (!finite(X)) throw InputError(name + ": features contain NaN or infinity");
  if (!finite(Y)) throw InputError(name + ": targets contain NaN or infinity");
}

struct ValidationFigures {
  double loss = 0, roc_auc = 0, minority_recall = 0;
};

ValidationFigures validation_figures(const Network& network, const ValidationData& v,
                                     const TrainConfig& config) {
  ValidationFigures f;
  f.loss = dataset_loss(network, v.X, v.Y, v.weights, config.loss, config.reduction, config.focal);
  if (config.loss == Loss::MeanSquaredError) return f;
  const RowMatrixF out = network.predict(v.X);
  // The first output unit for sigmoid heads; for softmax the last class against the rest.
  const bool softmax = network.spec().layers.back().activation == Activation::Softmax;
  const Index col = softmax ? out.cols() - 1 : 0;
  Labels y(static_cast<std::size_t>(v.X.rows()));
  std::vector<double> score(y.size());
  std::int64_t positives = 0;
  for (Index i = 0; i < v.X.rows(); ++i) {
    y[i] = v.Y(i, col) > 0.5f ? 1 : 0;
    positives += y[i];
    score[i] = out(i, col);
  }
  const std::int64_t n = static_cast<std::int64_t>(y.size());
  if (positives > 0 && positives < n) f.roc_auc = roc_auc_score(y, score);
  // Recall of the rarer of the two classes at threshold 0.5.
  const int minority = positives * 2 <= n ? 1 : 0;
  std::int64_t hit = 0, total = 0;
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] == minority) {
      ++total;
      hit += ((score[i] >= 0.5) ? 1 : 0) == minority;
    }
  f.minority_recall = total ? static_cast<double>(hit) / static_cast<double>(total) : 0.0;
  return f;
}

// The passes of one batch cut into shards (see trainer.hpp), and the pool that runs them.
class ShardedStep {
 public:
  ShardedStep(const NetworkSpec& spec, Index batch, Index shards, int threads, std::size_t n_params)
      : shards_(shards), pool_(threads) {
    const Index rows = (batch + shards - 1) / shards;
    passes_.reserve(static_cast<std::size_t>(shards));
    for (Index s = 0; s < shards; ++s) passes_.emplace_back(spec, rows);
    grads_.assign(static_cast<std::size_t>(shards), std::vector<float>(n_params));
    parts_.resize(static_cast<std::size_t>(shards));
    // Built once: a std::function made per step could allocate, and steps allocate nothing.
    task_ = [this](std::size_t s) { run_shard(s); };
    update_task_ = [this](std::size_t slice) { update_slice(slice); };
  }

  // Dropout masks are drawn per row (seed, epoch, row), so shards draw their rows' own masks.
  void set_dropout(std::span<const float> rates) {
    for (Backprop& p : passes_) p.set_dropout(rates);
  }

  // Forward and backward over rows (count of them), the gradient into grad, then the
  // optimizer's step on the network's parameters; returns the loss.
  double step(Network& network, const RowMatrixF& X, const RowMatrixF& Y,
              const SampleWeights& weights, const TrainConfig& config,
              std::span<const std::int64_t> rows, std::span<float> grad, std::uint64_t epoch,
              bool with_dropout, Optimizer& optimizer) {
    const Index count = static_cast<Index>(rows.size());
    // Shards of consecutive rows, as even as the count allows (the last batch may be short).
    const Index used = std::min(shards_, count);
    args_ = {&network, &X, &Y, &weights, &config, rows, used, epoch, with_dropout};
    pool_.run(static_cast<std::size_t>(used), task_);
    // Fixed order: shard 0, then 1, ... whatever thread ran which.
    double numerator = 0, denominator = 0;
    for (Index s = 0; s < used; ++s) {
      numerator += parts_[s].numerator;
      denominator += parts_[s].denominator;
    }
    // The shards' gradients summed and the optimizer's update, one slice of the parameters per
    // thread: element by element the same operations in the same order on any thread count.
    optimizer.begin_step();
    update_ = {&optimizer, network.parameters(), grad, used,
               denominator > 0 ? static_cast<float>(1.0 / denominator) : 0.0f};
    pool_.run(static_cast<std::size_t>(pool_.size()), update_task_);
    return denominator > 0 ? numerator / denominator : 0.0;
  }

 private:
  void run_shard(std::size_t s) {
    const Args& a = args_;
    const Index count = static_cast<Index>(a.rows.size());
    const Index lo = count * static_cast<Index>(s) / a.used;
    const Index hi = count * static_cast<Index>(s + 1) / a.used;
    const FlushDenormals flush;  // on whichever thread runs the shard
    Backprop& pass = passes_[s];
    const auto rows =
        a.rows.subspan(static_cast<std::size_t>(lo), static_cast<std::size_t>(hi - lo));
    pass.gather(*a.X, *a.Y, *a.weights, rows);
    if (a.with_dropout) pass.draw_dropout_masks(a.config->seed, a.epoch, rows);
    parts_[s] = pass.forward_backward(*a.network, a.config->loss, a.config->reduction, grads_[s],
                                      a.with_dropout, false, a.config->focal);
  }

  void update_slice(std::size_t slice) {
    const Update& u = update_;
    const std::size_t n = u.grad.size(), slices = static_cast<std::size_t>(pool_.size());
    // Slice bounds at multiples of 16 floats (64 bytes), so that at most the line at a bound
    // is shared, and only if the buffer does not start on a line.
    constexpr std::size_t kLine = 64 / sizeof(float);
    const std::size_t lo = std::min(n, (n * slice / slices + kLine - 1) / kLine * kLine);
    const std::size_t hi = std::min(n, (n * (slice + 1) / slices + kLine - 1) / kLine * kLine);
    float* __restrict g = u.grad.data();
    const float* __restrict g0 = grads_[0].data();
    for (std::size_t i = lo; i < hi; ++i) g[i] = g0[i];
    for (Index s = 1; s < u.used; ++s) {
      const float* __restrict gs = grads_[s].data();
      for (std::size_t i = lo; i < hi; ++i) g[i] += gs[i];
    }
    for (std::size_t i = lo; i < hi; ++i) g[i] *= u.inv;
    u.optimizer->update(u.params, u.grad, lo, hi);
  }

  struct Update {
    Optimizer* optimizer = nullptr;
    std::span<float> params, grad;
    Index used = 1;
    float inv = 0;
  } update_;
  struct Args {
    const Network* network = nullptr;
    const RowMatrixF *X = nullptr, *Y = nullptr;
    const SampleWeights* weights = nullptr;
    const TrainConfig* config = nullptr;
    std::span<const std::int64_t> rows;
    Index used = 1;
    std::uint64_t epoch = 0;
    bool with_dropout = false;
  } args_;
  Index shards_;
  ThreadPool pool_;
  std::vector<Backprop> passes_;
  std::vector<std::vector<float>> grads_;
  std::vector<Backprop::LossParts> parts_;
  std::function<void(std::size_t)> task_, update_task_;
};
// The loss when every logit is 0 (probability 0.5 for each sigmoid unit, 1/k for each softmax
// class, output 0 for a linear unit): what a network that has learnt nothing scores.
double uninformed_loss(const RowMatrixF& Y, const SampleWeights& w, Loss loss,
                       Reduction reduction) {
  const bool mean = reduction == Reduction::WeightedMean;
  const double k = static_cast<double>(Y.cols());
  double num = 0, den = 0;
  for (Index i = 0; i < Y.rows(); ++i)
    for (Index j = 0; j < Y.cols(); ++j) {
      const double weight = w.per_element.size() > 0  ? w.per_element(i, j)
                            : w.per_sample.size() > 0 ? w.per_sample(i)
                                                      : 1.0;
      const double y = Y(i, j);
      switch (loss) {
        case Loss::BinaryCrossEntropy:
        case Loss::BinaryFocal:  // at most the cross-entropy: a bound is all divergence needs
          num += weight * std::log(2.0);
          den += mean ? weight : 1.0;
          break;
        case Loss::CategoricalCrossEntropy:
        case Loss::CategoricalFocal:
          num += weight * y * std::log(k);
          den += mean ? weight * y : (j == 0 ? 1.0 : 0.0);
          break;
        case Loss::MeanSquaredError:
          num += weight * y * y;
          den += mean ? weight : 1.0;
          break;
      }
    }
  return den > 0 ? num / den : 0.0;
}

// x * 0 is NaN exactly when x is NaN or infinite.
bool all_finite(std::span<const float> p) {
  float zero = 0.0f;
  for (float v : p) zero += v * 0.0f;
  return !std::isnan(zero);
}

std::string number_text(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// Each row's class for stratified and balanced batches: the 0/1 target of a single sigmoid
// unit, or the one-hot column of a softmax head.
std::vector<int> class_of_rows(const Network& network, const RowMatrixF& Y, BatchSampling s) {
  const bool softmax = network.spec().layers.back().activation == Activation::Softmax;
  if (Y.cols() > 1 && !softmax)
    throw ConfigError("batch_sampler " + to_string(s) +
                      ": needs a binary or multi-class target, not a multi-label one");
  std::vector<int> c(static_cast<std::size_t>(Y.rows()));
  for (Index i = 0; i < Y.rows(); ++i) {
    Index j = 0;
    if (softmax)
      Y.row(i).maxCoeff(&j);
    else
      j = Y(i, 0) > 0.5f ? 1 : 0;
    c[static_cast<std::size_t>(i)] = static_cast<int>(j);
  }
  return c;
}

}  // namespace

bool has_constant_output(const Network& network, const RowMatrixF& X, int threads) {
  if (X.rows() < 2) return false;
  constexpr Index kBlock = 1024;
  const Index k = network.spec().n_outputs();
  const Index blocks = (X.rows() + kBlock - 1) / kBlock;
  // Each thread the lowest and highest outputs of a run of consecutive blocks; a minimum and a
  // maximum do not depend on how the rows were split.
  const Index chunks = std::clamp<Index>(threads, 1, blocks);
  std::vector<VectorF> lo(static_cast<std::size_t>(chunks)), hi(lo.size());
  // A range only widens as rows join it, and its limit grows by at most kConstantOutputSpread
  // times as much, so once every output of some rows spreads well past its limit (twice it,
  // beyond any rounding), no output can be constant: every thread stops there. A trained
  // network shows that within its first block, and the answer is the same as the full pass's.
  const auto spreads = [&](const VectorF& low, const VectorF& high, float margin) {
    for (Index j = 0; j < k; ++j)
      if (high(j) - low(j) <= margin * kConstantOutputSpread * std::max(1.0f, std::fabs(high(j))))
        return false;
    return true;
  };
  std::atomic<bool> varies{false};
  parallel_for(lo.size(), static_cast<int>(chunks), [&](std::size_t c) {
    const Index first_block = blocks * static_cast<Index>(c) / chunks;
    const Index last_block = blocks * static_cast<Index>(c + 1) / chunks;
    Backprop pass(network.spec(), std::min<Index>(kBlock, X.rows()));
    RowMatrixF out(std::min<Index>(kBlock, X.rows()), k);
    lo[c] = VectorF::Constant(k, std::numeric_limits<float>::infinity());
    hi[c] = VectorF::Constant(k, -std::numeric_limits<float>::infinity());
    for (Index first = first_block * kBlock; first < std::min(last_block * kBlock, X.rows());
         first += kBlock) {
      if (varies.load(std::memory_order_relaxed)) return;
      const Index count = std::min(kBlock, X.rows() - first);
      pass.gather_inputs(X, first, count);
      pass.forward(network);
      pass.write_outputs(out, 0);
      lo[c] = lo[c].cwiseMin(out.topRows(count).colwise().minCoeff().transpose());
      hi[c] = hi[c].cwiseMax(out.topRows(count).colwise().maxCoeff().transpose());
      if (spreads(lo[c], hi[c], 2.0f)) varies.store(true, std::memory_order_relaxed);
    }
  });
  if (varies.load()) return false;
  for (std::size_t c = 1; c < lo.size(); ++c) {
    lo[0] = lo[0].cwiseMin(lo[c]);
    hi[0] = hi[0].cwiseMax(hi[c]);
  }
  return !spreads(lo[0], hi[0], 1.0f);
}

FitHistory fit(Network& network, const RowMatrixF& X, const RowMatrixF& Y,
               const SampleWeights& weights, const TrainConfig& config,
               const ValidationData* validation, const ProgressCallback& progress) {
  validate_inputs(network, X, Y, weights, "training data");
  if (validation)
    validate_inputs(network, validation->X, validation->Y, validation->weights, "validation data");
  if (config.epochs < 1)
    throw ConfigError("epochs: must be >= 1, got " + std::to_string(config.epochs));
  if (config.batch_size < 1)
    throw ConfigError("batch_size: must be >= 1, got " + std::to_string(config.batch_size));
  const EarlyStopping& es = config.early_stopping;
  const bool monitor_val = es.monitor != Monitor::Loss;
  if (es.patience > 0 && monitor_val && !validation)
    throw ConfigError(
        "early_stopping on " + to_string(es.monitor) +
        " needs validation rows (a validation_fraction above 0, or validation data), or "
        "monitor loss");

  const Index n = X.rows();
  const Index batch = std::min<Index>(config.batch_size, n);
  const Index shards = shard_count(network.spec(), batch);
  std::optional<Backprop> pass;
  std::optional<ShardedStep> sharded;
  if (shards == 1) {
    pass.emplace(network.spec(), batch);
  } else {
    const int threads = static_cast<int>(std::min<Index>(resolve_jobs(config.threads), shards));
    sharded.emplace(network.spec(), batch, shards, threads, network.parameter_count());
  }
  std::vector<float> grad(network.parameter_count(), 0.0f);
  Optimizer optimizer(config.optimizer, parameter_decays(network, config.optimizer));
  const std::size_t n_hidden = network.spec().layers.size() - 1;
  std::vector<float> dropout(n_hidden, 0.0f);
  if (config.dropout.size() == 1)
    std::fill(dropout.begin(), dropout.end(), config.dropout[0]);
  else if (config.dropout.size() == n_hidden)
    dropout = config.dropout;
  else if (!config.dropout.empty())
    throw ConfigError("dropout: " + std::to_string(config.dropout.size()) + " rates for " +
                      std::to_string(n_hidden) +
                      " hidden layers (give one rate, or one per layer)");
  if (pass) pass->set_dropout(dropout);
  if (sharded) sharded->set_dropout(dropout);
  const bool with_dropout =
      std::any_of(dropout.begin(), dropout.end(), [](float r) { return r > 0.0f; });
  if (config.schedule.warmup < 0 || config.schedule.step_size < 1 ||
      !(config.schedule.gamma > 0.0f && config.schedule.gamma <= 1.0f))
    throw ConfigError("lr schedule: warmup >= 0, step size >= 1 and gamma in (0, 1] expected");

  // Shuffling draws from its own fast generator, seeded by the same seed as the initialisation
  // but a different kind of stream, so the two are independent while one seed fixes both.
  BatchSampler sampler(config.sampling, config.shuffle, n,
                       config.sampling == BatchSampling::Shuffle
                           ? std::vector<int>{}
                           : class_of_rows(network, Y, config.sampling),
                       config.seed);

  FitHistory history;
  history.validated = validation != nullptr;
  history.epochs.reserve(static_cast<std::size_t>(config.epochs));  // no allocation per epoch
  std::vector<float> best_params;
  double best = 0;
  bool have_best = false;
  int waited = 0;
  const bool higher_is_better = es.monitor == Monitor::ValRocAuc;
  // Divergence (see kDivergenceFactor): the bound is set by the loss of an uninformed network
  // and by that of this network before its first step (its first batch's loss; with unscaled
  // features an untrained network may start far above the uninformed loss).
  const double uninformed = uninformed_loss(Y, weights, config.loss, config.reduction);
  double initial = 0;
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::int64_t>& order = sampler.next_epoch();
    const Index epoch_rows = static_cast<Index>(order.size());  // fewer with balanced batches
    double loss_sum = 0;
    optimizer.set_learning_rate(static_cast<float>(scheduled_learning_rate(
        config.schedule, config.optimizer.learning_rate, epoch - 1, config.epochs)));
    {  // The steps only: validation figures and the model's outputs keep IEEE subnormals.
      const FlushDenormals flush;
      for (Index first = 0; first < epoch_rows; first += batch) {
        const Index count = std::min(batch, epoch_rows - first);
        const std::span<const std::int64_t> rows(order.data() + first, count);
        double batch_loss;
        if (sharded) {
          batch_loss = sharded->step(network, X, Y, weights, config, rows, grad,
                                     static_cast<std::uint64_t>(epoch), with_dropout, optimizer);
        } else {
          pass->gather(X, Y, weights, rows);
          if (with_dropout)
            pass->draw_dropout_masks(config.seed, static_cast<std::uint64_t>(epoch), rows);
          const auto parts = pass->forward_backward(network, config.loss, config.reduction, grad,
                                                    with_dropout, true, config.focal);
          batch_loss = parts.denominator > 0 ? parts.numerator / parts.denominator : 0.0;
          optimizer.step(network.parameters(), grad);
        }
        if (epoch == 1 && first == 0) initial = batch_loss;
        loss_sum += batch_loss * static_cast<double>(count);  // Keras weights by batch size
      }
    }
    EpochRecord record;
    record.epoch = epoch;
    record.loss = loss_sum / static_cast<double>(epoch_rows);
    if (validation) {
      const ValidationFigures v = validation_figures(network, *validation, config);
      record.val_loss = v.loss;
      record.val_roc_auc = v.roc_auc;
      record.val_minority_recall = v.minority_recall;
    }
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    history.epochs.push_back(record);
    const double untrained = std::fmax(uninformed, initial);
    std::string why;
    if (!std::isfinite(record.loss))
      why = "the loss is not finite (" + number_text(record.loss) + ")";
    else if (!all_finite(network.parameters()))
      why = "a network parameter is not finite";
    else if (record.loss > kDivergenceFactor * untrained)
      why = "the loss rose to " + number_text(record.loss) + ", more than " +
            number_text(kDivergenceFactor) + " times the untrained network's " +
            number_text(untrained);
    if (!why.empty())
      throw InputError("training diverged at epoch " + std::to_string(epoch) + ": " + why +
                       "; lower --learning-rate (" + number_text(config.optimizer.learning_rate) +
                       " with " + to_string(config.optimizer.kind) + ")");
    if (progress) progress(record);

    if (es.patience > 0) {
      const double value = es.monitor == Monitor::ValLoss     ? record.val_loss
                           : es.monitor == Monitor::ValRocAuc ? record.val_roc_auc
                                                              : record.loss;
      const bool improved = !have_best || (higher_is_better ? value > best + es.min_delta
                                                            : value < best - es.min_delta);
      if (improved) {
        best = value;
        have_best = true;
        waited = 0;
        history.best_epoch = epoch;
        if (es.restore_best_weights)
          best_params.assign(network.parameters().begin(), network.parameters().end());
      } else if (++waited >= es.patience) {
        history.stopped_early = true;
        break;
      }
    }
  }
  if (es.patience > 0 && es.restore_best_weights && !best_params.empty()) {
    std::copy(best_params.begin(), best_params.end(), network.parameters().begin());
  } else {
    history.best_epoch = static_cast<int>(history.epochs.size());
  }
  // On the cores training was given: with a large table this one forward pass over every
  // training row would otherwise be a serial tail of the run.
  history.constant_output =
      has_constant_output(network, X, sharded ? resolve_jobs(config.threads) : 1);
  return history;
}

}  // namespace rarenet
