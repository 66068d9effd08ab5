#include "rarenet/classifier.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/parallel.hpp"
#include "rarenet/error.hpp"
#include "rarenet/memory_budget.hpp"
#include "rarenet/split.hpp"
#include "train/trainer.hpp"

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

// The training rows scaled by `scaler` (when fitted) and resampled: X in the scaled space,
// one target column, no sample weights. Records the row count and the synthetic rows' sources.
Dataset resample_training_rows(const Dataset& train, const StandardScaler& scaler,
                               const ResampleSpec& spec, Classifier& model) {
  if (train.n_targets() > 1)
    throw ConfigError("--resample " + spec.to_string() +
                      ": resampling needs a single target column (binary or multi-class), " +
                      train.source + " has " + std::to_string(train.n_targets()));
  if (train.sample_weight.size() > 0)
    throw ConfigError("--resample " + spec.to_string() +
                      ": cannot be combined with a sample-weight column (the samplers do not "
                      "carry row weights, as in imbalanced-learn)");
  const ResampleResult r = resample(spec, scaler.transform(train.X), train.labels());
  Dataset out;
  out.X = r.X;
  out.Y.resize(r.X.rows(), 1);
  for (Index i = 0; i < r.X.rows(); ++i) out.Y(i, 0) = static_cast<double>(r.y[i]);
  out.feature_names = train.feature_names;
  out.target_names = train.target_names;
  out.source = train.source;
  model.resampled_rows = r.X.rows();
  const auto file_row = [&](std::int64_t i) {
    return train.source_rows.empty() ? i : train.source_rows[static_cast<std::size_t>(i)];
  };
  for (std::size_t i = 0; i < r.source_b.size(); ++i)
    if (r.source_b[i] >= 0) {
      model.synthetic_sources.push_back(file_row(r.source_a[i]));
      model.synthetic_sources.push_back(file_row(r.source_b[i]));
    }
  return out;
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

const std::vector<std::string>& Classifier::input_names() const {
  return preprocessor.fitted() ? preprocessor.input_names : feature_names;
}

bool Classifier::input_is_categorical(std::size_t j) const {
  return preprocessor.fitted() && preprocessor.input_categorical[j];
}

RowMatrixD Classifier::predict_proba(const Dataset& data, TransformReport* report) const {
  if (preprocessor.fitted()) return predict_proba(preprocessor.transform(data, report));
  if (report) *report = {};
  for (Index i = 0; i < data.X.rows(); ++i)
    for (Index j = 0; j < data.X.cols(); ++j)
      if (std::isnan(data.X(i, j)))
        throw_missing_cell(data.source, data.line_of(i), j,
                           data.feature_names[static_cast<std::size_t>(j)]);
  return predict_proba(data.X);
}

TableReadOptions model_read_options(const Classifier& model, std::vector<std::string> na_values) {
  TableReadOptions o;
  o.na_values = std::move(na_values);
  const auto& names = model.input_names();
  for (std::size_t j = 0; j < names.size(); ++j)
    (model.input_is_categorical(j) ? o.categorical : o.numeric).push_back(names[j]);
  if (!model.class_names.empty())
    for (const auto& t : model.target_names) o.categorical.push_back(t);
  return o;
}

Dataset model_input(const Classifier& model, const Table& table) {
  const auto& names = model.input_names();
  std::string absent;
  std::vector<Index> cols;
  for (const auto& n : names) {
    if (!table.has_column(n)) {
      absent += (absent.empty() ? "'" : ", '") + n + "'";
      continue;
    }
    cols.push_back(table.column(n));
  }
  if (!absent.empty()) {
    std::string present;
    for (const auto& n : table.names) present += (present.empty() ? "" : ", ") + n;
    throw InputError(table.source + ": missing column(s) " + absent +
                     " that the model was trained on (columns present: " + present + ")");
  }
  const bool imputes = model.preprocessor.fitted() &&
                       model.preprocessor.options.impute.strategy != ImputeSpec::Strategy::None;
  Dataset d;
  d.source = table.source;
  d.feature_names = names;
  d.X.resize(table.rows(), static_cast<Index>(cols.size()));
  if (model.preprocessor.fitted()) {
    d.categorical = model.preprocessor.input_categorical;
    d.levels.resize(cols.size());
  }
  for (std::size_t j = 0; j < cols.size(); ++j) {
    const Index c = cols[j];
    const bool cat = model.input_is_categorical(j);
    if (cat != table.is_categorical(c))
      throw InputError(table.source + ": column '" + names[j] + "' is " +
                       (cat ? "categorical" : "numeric") + " in the model but not in this file");
    if (cat) d.levels[j] = table.levels[static_cast<std::size_t>(c)];
    for (Index i = 0; i < table.rows(); ++i) {
      const double v = table.values(i, c);
      if (std::isnan(v) && !imputes && !cat) throw_missing_cell(table.source, i + 2, c, names[j]);
      if (std::isinf(v))
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": column " +
                         std::to_string(c + 1) + " ('" + names[j] +
                         "'): feature value is not a finite number");
      // A table built in memory (not read from a file) may hold any code: the encoder indexes
      // the levels with it.
      if (cat && !std::isnan(v) &&
          !(v >= 0 && v < static_cast<double>(d.levels[j].size()) && v == std::floor(v)))
        throw InputError(table.source + ":" + std::to_string(i + 2) + ": column " +
                         std::to_string(c + 1) + " ('" + names[j] +
                         "'): category code outside the column's " +
                         std::to_string(d.levels[j].size()) + " categories");
      d.X(i, static_cast<Index>(j)) = v;
    }
  }
  return d;
}

Labels model_labels(const Classifier& model, const Table& table, const std::string& target) {
  const Index c = table.column(target);
  Labels y(static_cast<std::size_t>(table.rows()));
  std::string known;
  for (const auto& n : model.class_names) known += (known.empty() ? "" : ", ") + n;
  for (Index i = 0; i < table.rows(); ++i) {
    const double v = table.values(i, c);
    const std::string at = table.source + ":" + std::to_string(i + 2) + ": column " +
                           std::to_string(c + 1) + " ('" + target + "')";
    if (std::isnan(v)) throw InputError(at + ": missing target value, expected a class label");
    if (table.is_categorical(c) || !model.class_names.empty()) {
      const std::string text =
          table.is_categorical(c)
              ? table.levels[static_cast<std::size_t>(c)][static_cast<std::size_t>(v)]
              : std::to_string(static_cast<std::int64_t>(v));
      const auto it = std::find(model.class_names.begin(), model.class_names.end(), text);
      if (it == model.class_names.end())
        throw InputError(at + ": label '" + text + "' is not a class of the model (classes: " +
                         (known.empty() ? std::string("integers") : known) + ")");
      y[static_cast<std::size_t>(i)] = it - model.class_names.begin();
    } else {
      if (v != std::floor(v))
        throw InputError(at + ": " + std::to_string(v) + " is not an integer class label");
      y[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(v);
    }
  }
  return y;
}

RowMatrixD Classifier::predict_proba(const RowMatrixD& X) const {
  if (X.cols() != static_cast<Index>(feature_names.size()))
    throw InputError("the model expects " + std::to_string(feature_names.size()) +
                     " feature columns, got " + std::to_string(X.cols()));
  const RowMatrixF scaled = network_input(X);
  RowMatrixD out = network.predict(scaled).cast<double>();
  if (!members.empty()) {
    for (const Network& m : members) out += m.predict(scaled).cast<double>();
    out /= static_cast<double>(members.size() + 1);
  }
  RowMatrixD proba;
  if (task == Task::Binary) {
    proba.resize(out.rows(), 2);
    for (Index i = 0; i < out.rows(); ++i) {
      const double p = out(i, 0);
      proba(i, 0) = 1.0 - p;
      proba(i, 1) = p;
    }
  } else {
    proba = std::move(out);
  }
  return apply_prior_correction(proba, task, prior_correction);
}

RowMatrixF Classifier::network_input(const RowMatrixD& X) const {
  // Without an embedding, straight into float as before (the same bytes as earlier versions).
  if (!embedding.fitted()) return scaler.transform_float(X);
  return embedding.transform(scaler.transform(X)).cast<float>();
}

Classifier train_classifier(const Dataset& all_train, const TrainOptions& options,
                            const Dataset* validation, const ProgressCallback& progress) {
  if (all_train.n_samples() == 0) throw InputError(all_train.source + ": no training rows");
  if (!(options.validation_fraction >= 0.0 && options.validation_fraction < 1.0))
    throw ConfigError("--validation-fraction must lie in [0, 1), got " +
                      std::to_string(options.validation_fraction));
  // An inner validation split: the scaler, the weights and the network see only its training
  // part, so that early stopping judges rows the network never trained on.
  Dataset inner_train, inner_validation;
  if (!validation && options.validation_fraction > 0.0) {
    Labels y;
    TrainTestSplitParams p;
    p.test_size = SplitSize::fraction(options.validation_fraction);
    p.random_state = options.train.seed;
    if (all_train.n_targets() == 1) {
      y = all_train.labels();
      p.stratify = &y;
    }
    const TrainTestIndices idx = train_test_split(all_train.n_samples(), p);
    inner_train = all_train.take(idx.train);
    inner_validation = all_train.take(idx.test);
    validation = &inner_validation;
  }
  const Dataset& train = inner_validation.n_samples() > 0 ? inner_train : all_train;
  Classifier model;
  model.options = options;
  model.threshold = options.threshold.value;
  model.feature_names = train.feature_names;
  model.target_names = train.target_names;
  model.class_names = train.class_names;
  model.positive_class = train.positive_class;
  if (!(options.threshold.value >= 0.0 && options.threshold.value <= 1.0))
    throw ConfigError("threshold: must be in [0, 1], got " +
                      std::to_string(options.threshold.value));
  // Preprocessing is fitted here, on the training rows only: cross-validation folds, the sweep
  // and threshold tuning all train through this function, so held-out rows never shape it.
  const bool preprocess =
      train.has_categorical() || options.preprocess.impute.strategy != ImputeSpec::Strategy::None;
  Dataset encoded;
  if (preprocess) {
    model.preprocessor = Preprocessor::fit(train, options.preprocess);
    encoded = train;
    encoded.X = model.preprocessor.transform(train);
    encoded.feature_names = model.preprocessor.output_names;
    model.feature_names = model.preprocessor.output_names;
  } else {
    for (Index i = 0; i < train.X.rows(); ++i)
      for (Index j = 0; j < train.X.cols(); ++j)
        if (std::isnan(train.X(i, j)))
          throw_missing_cell(train.source, train.line_of(i), j,
                             train.feature_names[static_cast<std::size_t>(j)]);
  }
  const Dataset& input = preprocess ? encoded : train;  // numeric features from here on
  if (options.standardize) {
    switch (options.scale) {
      case ScaleKind::Standard:
        model.scaler = StandardScaler::fit(input.X);
        break;
      case ScaleKind::Robust:
      case ScaleKind::RobustClip:
        model.scaler = StandardScaler::fit_robust(input.X, options.scale == ScaleKind::RobustClip);
        break;
      case ScaleKind::RobustAuto:
        model.scaler = StandardScaler::fit_robust_auto(input.X);
        break;
      case ScaleKind::QuantileUniform:
      case ScaleKind::QuantileNormal:
        model.scaler = StandardScaler::fit_quantile(
            input.X, options.scale == ScaleKind::QuantileNormal, options.n_quantiles,
            options.quantile_subsample, options.train.seed);
        break;
    }
  }
  check_float_range(input, model.scaler);
  // The embedding's bins come from the training rows as given (scaled), before resampling, as
  // the scaler's statistics do.
  if (options.embedding.enabled())
    model.embedding =
        PiecewiseLinearEncoder::fit(model.scaler.transform(input.X), options.embedding.bins);

  // Resampling (see TrainOptions::resample): the scaler is fitted on the rows as given, the
  // sampler sees the scaled rows; from here on `rows` stands for the training rows.
  const bool resampling = options.resample.enabled();
  Dataset resampled;
  if (resampling) resampled = resample_training_rows(input, model.scaler, options.resample, model);
  const Dataset& rows = resampling ? resampled : input;

  // Class weights given by text label ("bad:18") in the dataset's class codes.
  const ClassWeightSpec weighting = options.class_weight.resolve_labels(train.class_names);
  RowMatrixD W;  // per-row (n, 1) or per-element (n, n_labels) weights before sample weights
  if (rows.n_targets() > 1) {
    model.task = Task::MultiLabel;
    model.classes = {0, 1};
    W = label_weight_matrix(weighting, rows.Y);
    // The (negative, positive) weight pair of each label, as the loss sees it.
    const RowMatrixD pairs = label_class_weights(weighting, rows.Y);
    for (Index j = 0; j < pairs.rows(); ++j)
      model.class_weight_values.push_back({pairs(j, 0), pairs(j, 1)});
  } else {
    const Labels y = rows.labels();
    model.classes = unique_labels(y);
    if (model.classes.size() < 2)
      throw InputError(train.source + ": the target '" +
                       (train.target_names.empty() ? std::string("y") : train.target_names[0]) +
                       "' has only one class (" + std::to_string(model.classes.front()) +
                       "): a classifier needs at least two");
    model.task = model.classes.size() == 2 ? Task::Binary : Task::MultiClass;
    const std::vector<double> cw = class_weights(weighting, model.classes, y);
    model.class_weight_values.push_back(cw);
    W = sample_weights_from_classes(model.classes, cw, y);
  }
  if (train.sample_weight.size() > 0)
    for (Index j = 0; j < W.cols(); ++j) W.col(j).array() *= train.sample_weight.array();
  // With every weight 0 the loss is 0 whatever the network does: nothing would be learnt.
  if (W.size() > 0 && !(W.array() > 0).any())
    throw InputError(train.source + ": every training row has weight 0 (class weights " +
                     weighting.to_string() +
                     (train.sample_weight.size() > 0 ? " times the sample weights" : "") +
                     "), so the loss would be 0 and training would learn nothing; expected a "
                     "positive weight for some row");

  NetworkSpec spec;
  spec.n_inputs =
      static_cast<int>(model.embedding.fitted() ? model.embedding.n_outputs() : input.X.cols());
  spec.kernel_initializer = options.kernel_initializer;
  for (int units : options.hidden) {
    if (units < 1)
      throw ConfigError("hidden: layer sizes must be positive, got " + std::to_string(units));
    spec.layers.push_back({units, options.activation});
  }
  TrainConfig config = options.train;
  switch (model.task) {
    case Task::Binary:
      spec.layers.push_back({1, Activation::Sigmoid});
      break;
    case Task::MultiClass:
      spec.layers.push_back({static_cast<int>(model.classes.size()), Activation::Softmax});
      if (options.loss.focal && options.loss.params.alpha >= 0)
        throw ConfigError("loss '" + options.loss.to_string() +
                          "': alpha belongs to the sigmoid focal loss (binary and multi-label "
                          "targets); for a multi-class target weigh the classes with "
                          "class_weight instead");
      break;
    case Task::MultiLabel:
      spec.layers.push_back({static_cast<int>(train.n_targets()), Activation::Sigmoid});
      break;
  }
  config.loss = options.loss.engine_loss(model.task == Task::MultiClass);
  config.focal = options.loss.params;
  model.options.train.loss = config.loss;
  model.options.train.focal = config.focal;
  require_memory(training_memory_bytes(spec, static_cast<std::uint64_t>(train.n_samples()),
                                       static_cast<std::uint64_t>(std::max(1, config.batch_size))),
                 "training a network of " + std::to_string(parameter_count(spec)) +
                     " parameters on " + std::to_string(train.n_samples()) + " rows");
  model.network = Network(spec);
  model.network.initialize(config.seed);

  // Resampled rows are scaled already.
  const RowMatrixF X = !resampling ? model.network_input(input.X)
                       : model.embedding.fitted()
                           ? RowMatrixF(model.embedding.transform(rows.X).cast<float>())
                           : RowMatrixF(rows.X.cast<float>());
  const RowMatrixF Y = encode_targets(rows, model.task, model.classes);
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
    val.X =
        model.network_input(preprocess ? model.preprocessor.transform(*validation) : validation->X);
    if (model.task != Task::MultiLabel)
      for (auto v : validation->labels())
        if (!std::binary_search(model.classes.begin(), model.classes.end(), v))
          throw InputError(validation->source + ": label " + std::to_string(v) +
                           " does not occur in the training data");
    val.Y = encode_targets(*validation, model.task, model.classes);
  }
  model.history = fit(model.network, X, Y, weights, config, validation ? &val : nullptr, progress);
  // Ensemble members: seeds seed + 1, ...; the model's history stays the first network's. They
  // are independent, so they train side by side on the cores `threads` allows (each member's
  // bytes do not depend on it).
  if (options.ensemble < 1) throw ConfigError("ensemble: must be >= 1");
  const auto n_members = static_cast<std::size_t>(options.ensemble - 1);
  model.members.assign(n_members, Network(spec));
  const int member_threads = threads_per_task(config.threads, config.threads, n_members);
  parallel_for(n_members, config.threads, [&](std::size_t m) {
    TrainConfig member_config = config;
    member_config.seed = config.seed + static_cast<std::uint32_t>(m + 1);
    member_config.threads = member_threads;
    model.members[m].initialize(member_config.seed);
    fit(model.members[m], X, Y, weights, member_config, validation ? &val : nullptr);
  });
  return model;
}

std::vector<std::string> training_warnings(const Classifier& model) {
  std::vector<std::string> out;
  if (model.history.constant_output) out.push_back(kConstantOutputWarning);
  return out;
}

}  // namespace rarenet
