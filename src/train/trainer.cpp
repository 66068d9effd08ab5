#include "train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <limits>

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
    throw ConfigError("early_stopping on " + to_string(es.monitor) +
                      " needs validation data (validation), or monitor loss");

  const Index n = X.rows();
  const Index batch = std::min<Index>(config.batch_size, n);
  Backprop pass(network.spec(), batch);
  std::vector<float> grad(network.parameter_count(), 0.0f);
  // Kernels (not biases) take weight decay.
  std::vector<unsigned char> decay_mask(network.parameter_count(), 0);
  for (std::size_t l = 0; l < network.spec().layers.size(); ++l) {
    const auto k = network.kernel(l);
    const std::size_t offset = static_cast<std::size_t>(k.data() - network.parameters().data());
    std::fill_n(decay_mask.begin() + static_cast<std::ptrdiff_t>(offset), k.size(), 1);
  }
  Optimizer optimizer(config.optimizer, std::move(decay_mask));

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
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::int64_t>& order = sampler.next_epoch();
    const Index rows = static_cast<Index>(order.size());
    double loss_sum = 0;
    for (Index first = 0; first < rows; first += batch) {
      const Index count = std::min(batch, rows - first);
      pass.gather(X, Y, weights, std::span<const std::int64_t>(order.data() + first, count));
      pass.forward(network);
      const double batch_loss =
          pass.backward(network, config.loss, config.reduction, grad, config.focal);
      optimizer.step(network.parameters(), grad);
      loss_sum += batch_loss * static_cast<double>(count);  // Keras weights by batch size
    }
    EpochRecord record;
    record.epoch = epoch;
    record.loss = loss_sum / static_cast<double>(rows);
    if (validation) {
      const ValidationFigures v = validation_figures(network, *validation, config);
      record.val_loss = v.loss;
      record.val_roc_auc = v.roc_auc;
      record.val_minority_recall = v.minority_recall;
    }
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    history.epochs.push_back(record);
    if (!std::isfinite(record.loss))
      throw InputError("training diverged at epoch " + std::to_string(epoch) +
                       " (loss is not finite): lower --learning-rate or check the weights");
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
  return history;
}

}  // namespace rarenet
