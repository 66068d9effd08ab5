#include "rarenet/classifier.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "rarenet/error.hpp"
#include "rarenet/memory_budget.hpp"

namespace rarenet {
namespace {

// Targets in the network's encoding: binary 0/1 (class index), one-hot rows for multi-class,
// the 0/1 columns as they are for multi-label. Y: (n, n_targets) -> (n, n_outputs).
RowMatrixF encode_targets(const Dataset& data, Task task,
                          const std::vector<std::int64_t>& classes) {
  const Index n = data.n_samples();
  if (task == Task::MultiLabel) return data.Y.cast<float>();
  const Labels y = data.labels();
  const Index k = task == Task::Binary ? 1 : static_cast<Index>(classes.size());
  RowMatrixF T = RowMatrixF::Zero(n, k);
  for (Index i = 0; i < n; ++i) {
    const auto c = std::lower_bound(classes.begin(), classes.end(), y[i]) - classes.begin();
    if (task == Task::Binary)
      T(i, 0) = c == 1 ? 1.0f : 0.0f;
    else
      T(i, c) = 1.0f;
  }
  return T;
}

// The network computes in float: every feature, once standardised (or as it is, without the
// scaler), must be a finite float. Values near 1e300 overflow the variance (scale inf or NaN,
// a model that cannot be saved and loaded) or a float; say which column, before training.
void check_float_range(const Dataset& data, const StandardScaler& scaler) {
  constexpr double kFloatMax = 3.4028234663852886e38;
  for (Index j = 0; j < data.X.cols(); ++j) {
    const std::string name = static_cast<std::size_t>(j) < data.feature_names.size()
                                 ? data.feature_names[static_cast<std::size_t>(j)]
                                 : std::to_string(j + 1);
    const double largest = data.X.rows() ? data.X.col(j).cwiseAbs().maxCoeff() : 0.0;
    std::ostringstream v;
    v << largest;
    if (scaler.fitted()) {
      const double mean = scaler.mean[j], scale = scaler.scale[j];
      const double widest =
          data.X.rows() ? ((data.X.col(j).array() - mean).abs() / scale).maxCoeff() : 0.0;
      if (!std::isfinite(mean) || !std::isfinite(scale) || !(scale > 0) || !(widest < kFloatMax))
        throw InputError(data.source + ": column '" + name + "': values of magnitude up to " +
                         v.str() +
                         " cannot be standardised in floating point (their mean or variance "
                         "overflows); rescale the column (e.g. divide it by a power of ten)");
    } else if (!(largest <= kFloatMax)) {
      throw InputError(data.source + ": column '" + name + "': values of magnitude up to " +
                       v.str() + " do not fit a float (at most 3.4e38); rescale the column");
    }
  }
}

}  // namespace

std::string to_string(Task t) {
  switch (t) {
    case Task::Binary:
      return "binary";
    case Task::MultiClass:
      return "multiclass";
    case Task::MultiLabel:
      return "multilabel";
  }
  return "binary";
}

RowMatrixD apply_prior_correction(const RowMatrixD& proba, Task task,
                                  const std::vector<double>& factors) {
  if (factors.empty()) return proba;
  // A short vector would be read past its end, and a zero or non-finite factor gives NaN.
  const std::size_t expected =
      static_cast<std::size_t>(proba.cols()) * (task == Task::MultiLabel ? 2 : 1);
  if (factors.size() != expected)
    throw InputError("prior correction: " + std::to_string(factors.size()) + " factors for " +
                     std::to_string(proba.cols()) +
                     (task == Task::MultiLabel ? " labels, expected two per label ("
                                               : " probability columns, expected one per class (") +
                     std::to_string(expected) + ")");
  for (std::size_t c = 0; c < factors.size(); ++c)
    if (!(factors[c] > 0) || !std::isfinite(factors[c]))
      throw InputError("prior correction: factor " + std::to_string(c + 1) + " is " +
                       std::to_string(factors[c]) + ", expected a positive finite number");
  RowMatrixD out = proba;
  if (task == Task::MultiLabel) {
    // factors: (negative, positive) per label.
    for (Index j = 0; j < out.cols(); ++j) {
      const double f0 = factors[2 * j], f1 = factors[2 * j + 1];
      for (Index i = 0; i < out.rows(); ++i) {
        const double p = out(i, j) / f1, q = (1 - out(i, j)) / f0;
        out(i, j) = p + q > 0 ? p / (p + q) : 0.5;
      }
    }
    return out;
  }
  for (Index i = 0; i < out.rows(); ++i) {
    double sum = 0;
    for (Index c = 0; c < out.cols(); ++c) sum += (out(i, c) /= factors[c]);
    if (sum > 0) out.row(i) /= sum;
  }
  return out;
}

RowMatrixD Classifier::predict_proba(const RowMatrixD& X) const {
  if (X.cols() != static_cast<Index>(feature_names.size()))
    throw InputError("the model expects " + std::to_string(feature_names.size()) +
                     " feature columns, got " + std::to_string(X.cols()));
  const RowMatrixF out = network.predict(scaler.transform_float(X));
  RowMatrixD proba;
  if (task == Task::Binary) {
    proba.resize(out.rows(), 2);
    for (Index i = 0; i < out.rows(); ++i) {
      const double p = out(i, 0);
      proba(i, 0) = 1.0 - p;
      proba(i, 1) = p;
    }
  } else {
    proba = out.cast<double>();
  }
  return apply_prior_correction(proba, task, prior_correction);
}

Classifier train_classifier(const Dataset& train, const TrainOptions& options,
                            const Dataset* validation, const ProgressCallback& progress) {
  if (train.n_samples() == 0) throw InputError(train.source + ": no training rows");
  Classifier model;
  model.options = options;
  model.threshold = options.threshold;
  model.feature_names = train.feature_names;
  model.target_names = train.target_names;
  if (!(options.threshold >= 0.0 && options.threshold <= 1.0))
    throw ConfigError("--threshold must lie in [0, 1], got " + std::to_string(options.threshold));

  RowMatrixD W;  // per-row (n, 1) or per-element (n, n_labels) weights before sample weights
  if (train.n_targets() > 1) {
    model.task = Task::MultiLabel;
    model.classes = {0, 1};
    W = label_weight_matrix(options.class_weight, train.Y);
    // The (negative, positive) weight pair of each label, as the loss sees it.
    const RowMatrixD pairs = label_class_weights(options.class_weight, train.Y);
    for (Index j = 0; j < pairs.rows(); ++j)
      model.class_weight_values.push_back({pairs(j, 0), pairs(j, 1)});
  } else {
    const Labels y = train.labels();
    model.classes = unique_labels(y);
    if (model.classes.size() < 2)
      throw InputError(train.source + ": the target '" +
                       (train.target_names.empty() ? std::string("y") : train.target_names[0]) +
                       "' has a single class (" + std::to_string(model.classes.front()) +
                       "): a classifier needs at least two");
    model.task = model.classes.size() == 2 ? Task::Binary : Task::MultiClass;
    const std::vector<double> cw = class_weights(options.class_weight, model.classes, y);
    model.class_weight_values.push_back(cw);
    W = sample_weights_from_classes(model.classes, cw, y);
  }
  if (train.sample_weight.size() > 0)
    for (Index j = 0; j < W.cols(); ++j) W.col(j).array() *= train.sample_weight.array();

  if (options.standardize) model.scaler = StandardScaler::fit(train.X);
  check_float_range(train, model.scaler);
  NetworkSpec spec;
  spec.n_inputs = static_cast<int>(train.n_features());
  spec.kernel_initializer = options.kernel_initializer;
  for (int units : options.hidden) {
    if (units < 1)
      throw ConfigError("--hidden: layer sizes must be positive, got " + std::to_string(units));
    spec.layers.push_back({units, options.activation});
  }
  TrainConfig config = options.train;
  switch (model.task) {
    case Task::Binary:
      spec.layers.push_back({1, Activation::Sigmoid});
      config.loss = Loss::BinaryCrossEntropy;
      break;
    case Task::MultiClass:
      spec.layers.push_back({static_cast<int>(model.classes.size()), Activation::Softmax});
      config.loss = Loss::CategoricalCrossEntropy;
      break;
    case Task::MultiLabel:
      spec.layers.push_back({static_cast<int>(train.n_targets()), Activation::Sigmoid});
      config.loss = Loss::BinaryCrossEntropy;
      break;
  }
  model.options.train.loss = config.loss;
  require_memory(training_memory_bytes(spec, static_cast<std::uint64_t>(train.n_samples()),
                                       static_cast<std::uint64_t>(std::max(1, config.batch_size))),
                 "training a network of " + std::to_string(parameter_count(spec)) +
                     " parameters on " + std::to_string(train.n_samples()) + " rows");
  model.network = Network(spec);
  model.network.initialize(config.seed);

  const RowMatrixF X = model.scaler.transform_float(train.X);
  const RowMatrixF Y = encode_targets(train, model.task, model.classes);
  SampleWeights weights;
  if (W.cols() == 1)
    weights.per_sample = W.col(0).cast<float>();
  else
    weights.per_element = W.cast<float>();

  ValidationData val;
  if (validation) {
    if (validation->feature_names != train.feature_names)
      throw InputError(validation->source +
                       ": validation columns differ from the training columns");
    val.X = model.scaler.transform_float(validation->X);
    if (model.task != Task::MultiLabel)
      for (auto v : validation->labels())
        if (!std::binary_search(model.classes.begin(), model.classes.end(), v))
          throw InputError(validation->source + ": label " + std::to_string(v) +
                           " does not occur in the training data");
    val.Y = encode_targets(*validation, model.task, model.classes);
  }
  model.history = fit(model.network, X, Y, weights, config, validation ? &val : nullptr, progress);
  return model;
}

}  // namespace rarenet
