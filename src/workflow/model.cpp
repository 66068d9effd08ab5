#include "rarenet/model.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/text.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

// Prior correction of a trained model: the class weights the loss saw, divided back out.
void set_prior_correction(Classifier& model) {
  model.prior_correction.clear();
  if (model.task == Task::MultiLabel) {
    for (const auto& pair : model.class_weight_values)
      model.prior_correction.insert(model.prior_correction.end(), pair.begin(), pair.end());
  } else {
    model.prior_correction = model.class_weight_values.front();
  }
}

// A class as users know it: its text label for text targets, else the integer.
std::string label_text(const Classifier& model, std::int64_t c) {
  return c >= 0 && c < static_cast<std::int64_t>(model.class_names.size())
             ? model.class_names[static_cast<std::size_t>(c)]
             : std::to_string(c);
}

// Multi-label: the threshold label j is decided at (an explicit one for every label, else the
// model's own per label).
double label_threshold(const Classifier& model, Index j, std::optional<double> threshold) {
  if (threshold) return *threshold;
  return model.label_thresholds.empty() ? model.threshold
                                        : model.label_thresholds[static_cast<std::size_t>(j)];
}

RowMatrixD label_decisions(const Classifier& model, const RowMatrixD& proba,
                           std::optional<double> threshold) {
  if (!model.label_thresholds.empty() &&
      model.label_thresholds.size() != static_cast<std::size_t>(proba.cols()))
    throw ConfigError("the model has " + std::to_string(model.label_thresholds.size()) +
                      " label thresholds for " + std::to_string(proba.cols()) + " labels");
  RowMatrixD out(proba.rows(), proba.cols());
  for (Index j = 0; j < proba.cols(); ++j) {
    const double t = label_threshold(model, j, threshold);
    for (Index i = 0; i < proba.rows(); ++i) out(i, j) = proba(i, j) >= t ? 1.0 : 0.0;
  }
  return out;
}

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "inf" : "-inf";
}

}  // namespace

namespace {

// X[i, j] names a cell the way a data-frame user counts: 0-based row, then the column's name.
std::string cell_name(Index i, Index j, const std::vector<std::string>& names) {
  std::string s = "X[" + std::to_string(i) + ", ";
  if (j < static_cast<Index>(names.size()))
    s += "'" + names[static_cast<std::size_t>(j)] + "'";
  else
    s += std::to_string(j);
  return s + "]";
}

Dataset matrices_dataset(RowMatrixD X, RowMatrixD Y, VectorD sample_weight,
                         const std::vector<std::string>& feature_names, bool allow_nan) {
  if (X.rows() != Y.rows())
    throw InputError("X has " + std::to_string(X.rows()) + " rows but y has " +
                     std::to_string(Y.rows()));
  if (sample_weight.size() != 0 && sample_weight.size() != X.rows())
    throw InputError("sample_weight has " + std::to_string(sample_weight.size()) + " values for " +
                     std::to_string(X.rows()) + " rows");
  if (!feature_names.empty() && static_cast<Index>(feature_names.size()) != X.cols())
    throw InputError(std::to_string(feature_names.size()) + " feature names for " +
                     std::to_string(X.cols()) + " columns of X");
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j)
      if (!std::isfinite(X(i, j)) && !(allow_nan && std::isnan(X(i, j))))
        throw InputError((feature_names.empty()
                              ? "X[" + std::to_string(i) + ", " + std::to_string(j) + "]"
                              : cell_name(i, j, feature_names)) +
                         ": " + number_text(X(i, j)) + " is not a finite number");
  for (Index i = 0; i < sample_weight.size(); ++i)
    if (!std::isfinite(sample_weight[i]) || sample_weight[i] < 0)
      throw InputError("sample_weight[" + std::to_string(i) +
                       "] must be a finite number >= 0, got " + std::to_string(sample_weight[i]));
  Dataset d;
  d.source = "X";
  if (!feature_names.empty()) {
    d.feature_names = feature_names;
  } else {
    for (Index j = 0; j < X.cols(); ++j) d.feature_names.push_back("x" + std::to_string(j));
  }
  if (Y.cols() == 1)
    d.target_names = {"y"};
  else
    for (Index j = 0; j < Y.cols(); ++j) d.target_names.push_back("y" + std::to_string(j));
  d.X = std::move(X);
  d.Y = std::move(Y);
  d.sample_weight = std::move(sample_weight);
  return d;
}

}  // namespace

Dataset dataset_from_matrices(RowMatrixD X, RowMatrixD Y, VectorD sample_weight,
                              const std::vector<std::string>& feature_names) {
  return matrices_dataset(std::move(X), std::move(Y), std::move(sample_weight), feature_names,
                          false);
}

Dataset dataset_from_features(Table features, RowMatrixD Y, VectorD sample_weight,
                              std::vector<std::string> class_names, bool allow_missing) {
  const Index n = features.rows(), d = features.cols();
  if (static_cast<Index>(features.names.size()) != d)
    throw InputError(std::to_string(features.names.size()) + " feature names for " +
                     std::to_string(d) + " columns of X");
  if (!features.categorical.empty() && (static_cast<Index>(features.categorical.size()) != d ||
                                        features.levels.size() != features.categorical.size()))
    throw InputError("X: the column kinds and levels must be given for each of its " +
                     std::to_string(d) + " columns");
  for (Index j = 0; j < d; ++j)
    if (features.is_categorical(j) && features.levels[static_cast<std::size_t>(j)].empty() && n > 0)
      throw InputError(cell_name(0, j, features.names) +
                       ": a categorical column needs at least one category");
  for (Index i = 0; i < n; ++i)  // in reading order, as a file's first bad cell is named
    for (Index j = 0; j < d; ++j) {
      const double v = features.values(i, j);
      const std::size_t levels =
          features.is_categorical(j) ? features.levels[static_cast<std::size_t>(j)].size() : 0;
      if (std::isnan(v)) {
        if (!allow_missing)
          throw InputError(cell_name(i, j, features.names) +
                           ": missing value (NaN); set impute to median (or mean, most_frequent, "
                           "constant:V) to fill missing numbers and give missing categories "
                           "their own category");
      } else if (features.is_categorical(j) &&
                 !(v >= 0 && v < static_cast<double>(levels) && v == std::floor(v))) {
        throw InputError(cell_name(i, j, features.names) + ": category code " + shortest(v) +
                         ", expected an index into the column's " + std::to_string(levels) +
                         " categories");
      }
    }
  Dataset data = matrices_dataset(std::move(features.values), std::move(Y),
                                  std::move(sample_weight), features.names, true);
  if (!features.categorical.empty()) {
    data.categorical = std::move(features.categorical);
    data.levels = std::move(features.levels);
  }
  if (!class_names.empty()) {
    if (data.Y.cols() != 1)
      throw InputError("class names are for a single target, y has " +
                       std::to_string(data.Y.cols()) + " columns");
    for (Index i = 0; i < data.Y.rows(); ++i) {
      const double c = data.Y(i, 0);
      if (!(c >= 0 && c < static_cast<double>(class_names.size()) && c == std::floor(c)))
        throw InputError("y[" + std::to_string(i) + "]: class code " + shortest(c) +
                         ", expected an index into the " + std::to_string(class_names.size()) +
                         " class names");
    }
    data.class_names = std::move(class_names);
  }
  return data;
}

Classifier train_model(const Dataset& train, const TrainOptions& options, const TrainExtras& extras,
                       TrainSummary* summary) {
  TrainOptions checked = options;
  validate_options(checked);
  const bool tune = options.threshold.tune.has_value();
  const bool multilabel = train.n_targets() > 1;
  Labels y;
  std::vector<std::int64_t> classes;
  if (tune && !multilabel) {
    y = train.labels();
    classes = unique_labels(y);
    if (classes.size() < 2)
      throw ConfigError("threshold auto:" + to_string(*options.threshold.tune) +
                        " needs at least two classes");
    // Multi-class: a decision rule for a macro criterion instead of a threshold.
    if (classes.size() > 2) require_macro_criterion(*options.threshold.tune, "threshold auto");
  }
  Classifier model = train_classifier(train, options, extras.validation, extras.progress);
  if (options.calibrate == Calibration::Prior) set_prior_correction(model);
  if (tune) {
    // Out-of-fold probabilities of the training rows choose the threshold. The fold models train
    // as long as the final one did, so early stopping needs no validation data inside a fold.
    TrainOptions fold_options = options;
    if (options.train.early_stopping.patience > 0) {
      fold_options.train.epochs = std::max(1, model.history.best_epoch);
      fold_options.train.early_stopping.patience = 0;
    }
    const StratifiedKFoldParams params{options.threshold_folds, true, options.train.seed};
    const auto folds = multilabel ? multilabel_kfold_test_folds(train.Y, params)
                                  : stratified_kfold_test_folds(y, params);
    RowMatrixD oof =
        out_of_fold_proba(train, fold_options, folds, options.threshold_folds, extras.jobs);
    if (options.calibrate == Calibration::Prior)
      oof = multilabel ? apply_prior_correction(oof, Task::MultiLabel, model.prior_correction)
                       : prior_correct(oof, model.class_weight_values.front());
    if (multilabel) {
      const auto choices =
          tune_label_thresholds(train.Y, oof, *options.threshold.tune, train.target_names);
      model.label_thresholds.clear();
      for (const ThresholdChoice& c : choices) model.label_thresholds.push_back(c.threshold);
      if (summary) summary->tuned_label_thresholds = choices;
    } else if (classes.size() > 2) {
      const DecisionRule rule = tune_decision_rule(y, oof, classes, *options.threshold.tune);
      model.decision_weights = rule.weights;
      if (summary) {
        summary->tuned_rule = rule;
        Evaluation e = evaluate_predictions(y, oof, classes, 0.5, rule.weights);
        e.class_names = train.class_names;
        summary->oof_evaluation = std::move(e);
      }
    } else {
      std::vector<double> p(static_cast<std::size_t>(oof.rows()));
      for (Index i = 0; i < oof.rows(); ++i) p[i] = oof(i, 1);
      const ThresholdChoice choice = tune_threshold(y, p, *options.threshold.tune);
      model.threshold = choice.threshold;
      if (summary) summary->tuned_threshold = choice;
    }
  }
  return model;
}

Classifier fit(const RowMatrixD& X, const Labels& y, const TrainOptions& options,
               const VectorD& sample_weight) {
  RowMatrixD Y(static_cast<Index>(y.size()), 1);
  for (std::size_t i = 0; i < y.size(); ++i)
    Y(static_cast<Index>(i), 0) = static_cast<double>(y[i]);
  return train_model(dataset_from_matrices(X, Y, sample_weight), options);
}

Classifier fit_multilabel(const RowMatrixD& X, const RowMatrixD& Y, const TrainOptions& options,
                          const VectorD& sample_weight) {
  if (Y.cols() < 2)
    throw InputError("a multi-label Y needs at least two label columns, got " +
                     std::to_string(Y.cols()));
  for (Index i = 0; i < Y.rows(); ++i)
    for (Index j = 0; j < Y.cols(); ++j)
      if (Y(i, j) != 0 && Y(i, j) != 1)
        throw InputError("Y[" + std::to_string(i) + ", " + std::to_string(j) +
                         "] must be 0 or 1 in a multi-label indicator matrix");
  return train_model(dataset_from_matrices(X, Y, sample_weight), options);
}

Labels decide(const Classifier& model, const RowMatrixD& proba) {
  if (model.task == Task::MultiLabel)
    throw ConfigError("a multi-label model decides per label: use decide_multilabel");
  return predict_labels(proba, model.classes, model.threshold, model.decision_weights);
}

RowMatrixD decide_multilabel(const Classifier& model, const RowMatrixD& proba) {
  if (model.task != Task::MultiLabel)
    throw ConfigError("decide_multilabel needs a multi-label model; this one is " +
                      to_string(model.task));
  return label_decisions(model, proba, std::nullopt);
}

Labels predict(const Classifier& model, const RowMatrixD& X) {
  if (model.task == Task::MultiLabel)
    throw ConfigError("a multi-label model decides per label: use predict_multilabel");
  return decide(model, model.predict_proba(X));
}

RowMatrixD predict_multilabel(const Classifier& model, const RowMatrixD& X) {
  if (model.task != Task::MultiLabel)
    throw ConfigError("predict_multilabel needs a multi-label model; this one is " +
                      to_string(model.task));
  return decide_multilabel(model, model.predict_proba(X));
}

Dataset read_training_data(const std::string& path, DatasetSpec spec, const TrainOptions& options) {
  spec.allow_missing = options.preprocess.impute.strategy != ImputeSpec::Strategy::None;
  return read_dataset(path, spec);
}

Table read_for_model(const Classifier& model, const std::string& path,
                     const std::vector<std::string>& na_values,
                     const std::vector<std::string>& targets) {
  TableReadOptions read =
      model_read_options(model, na_values.empty() ? DatasetSpec{}.na_values : na_values);
  if (!model.class_names.empty()) read.categorical = targets.empty() ? model.target_names : targets;
  return read_table(path, read);
}

RowMatrixD predict_table(const Classifier& model, const Table& table, std::int64_t* unknown_cells) {
  TransformReport report;
  const RowMatrixD proba = model.predict_proba(model_input(model, table), &report);
  if (unknown_cells) *unknown_cells = report.unknown_cells;
  return proba;
}

ModelEvaluation evaluate_model(const Classifier& model, const Table& table,
                               const std::vector<std::string>& targets,
                               std::optional<double> threshold) {
  const double t = threshold.value_or(model.threshold);
  if (!(t >= 0 && t <= 1))
    throw ConfigError("threshold: must be in [0, 1], got " + std::to_string(t));
  ModelEvaluation out;
  out.proba = predict_table(model, table, &out.unknown_categories);
  const RowMatrixD& proba = out.proba;
  if (model.task == Task::MultiLabel) {
    const std::vector<std::string>& names = targets.empty() ? model.target_names : targets;
    std::set<std::string> seen;
    for (const std::string& name : names) {
      const auto it = std::find(model.target_names.begin(), model.target_names.end(), name);
      if (it == model.target_names.end()) {
        std::string known;
        for (const auto& n : model.target_names) known += (known.empty() ? "" : ", ") + n;
        throw InputError("target '" + name + "' is not a label of the model (its labels: " + known +
                         ")");
      }
      if (!seen.insert(name).second) throw InputError("target '" + name + "' is named twice");
      const Index out_col = it - model.target_names.begin();
      const Index c = table.column(name);
      Labels y(static_cast<std::size_t>(table.rows()));
      RowMatrixD p2(table.rows(), 2);
      for (Index i = 0; i < table.rows(); ++i) {
        const double v = table.values(i, c);
        if (v != 0 && v != 1)
          throw InputError(table.source + ":" + std::to_string(i + 2) + ": column " +
                           std::to_string(c + 1) + " ('" + name + "'): expected 0 or 1");
        y[i] = static_cast<std::int64_t>(v);
        p2(i, 1) = proba(i, out_col);
        p2(i, 0) = 1 - p2(i, 1);
      }
      out.labels.push_back(name);
      out.evaluations.push_back(
          evaluate_predictions(y, p2, {0, 1}, label_threshold(model, out_col, threshold)));
    }
    return out;
  }
  if (targets.size() > 1)
    throw InputError("a " + to_string(model.task) + " model has one target; got " +
                     std::to_string(targets.size()) + " names");
  const std::string target = targets.empty() ? model.target_names.front() : targets.front();
  out.y = model_labels(model, table, target);
  Evaluation e = evaluate_predictions(out.y, proba, model.classes, t, model.decision_weights);
  e.class_names = model.class_names;
  out.evaluations.push_back(std::move(e));
  return out;
}

Table predictions_table(const Classifier& model, const RowMatrixD& proba,
                        std::optional<double> threshold) {
  const double t = threshold.value_or(model.threshold);
  Table out;
  if (model.task == Task::MultiLabel) {
    for (const auto& n : model.target_names) out.names.push_back("p_" + n);
    for (const auto& n : model.target_names) out.names.push_back("label_" + n);
    out.values.resize(proba.rows(), 2 * proba.cols());
    out.values.leftCols(proba.cols()) = proba;
    out.values.rightCols(proba.cols()) = label_decisions(model, proba, threshold);
    return out;
  }
  for (auto c : model.classes) out.names.push_back("p_" + label_text(model, c));
  out.names.push_back("label");
  const Labels labels = predict_labels(proba, model.classes, t, model.decision_weights);
  if (!model.class_names.empty()) {  // the label column holds class codes shown as their text
    out.categorical.assign(static_cast<std::size_t>(proba.cols()) + 1, 0);
    out.categorical.back() = 1;
    out.levels.resize(out.categorical.size());
    out.levels.back() = model.class_names;
  }
  out.values.resize(proba.rows(), proba.cols() + 1);
  out.values.leftCols(proba.cols()) = proba;
  for (Index i = 0; i < proba.rows(); ++i)
    out.values(i, proba.cols()) = static_cast<double>(labels[i]);
  return out;
}

Table out_of_fold_table(const Dataset& data, const CvResult& cv) {
  Table t;
  const Index k = static_cast<Index>(cv.classes.size());
  for (auto c : cv.classes)
    t.names.push_back("p_" + (c >= 0 && c < static_cast<std::int64_t>(data.class_names.size())
                                  ? data.class_names[static_cast<std::size_t>(c)]
                                  : std::to_string(c)));
  t.names.push_back(data.target_names.front());
  t.names.push_back("fold");
  t.values.resize(data.n_samples(), k + 2);
  t.values.leftCols(k) = cv.oof_proba;
  t.values.col(k) = data.Y.col(0);
  for (Index i = 0; i < data.n_samples(); ++i) t.values(i, k + 1) = cv.fold_of_row[i];
  return t;
}

Classifier train_winner(const Dataset& data, const TrainOptions& base, const SweepResult& result) {
  Classifier model = train_classifier(data, chosen_options(base, result));
  if (base.calibrate == Calibration::Prior) set_prior_correction(model);
  model.decision_weights = result.candidates.at(result.chosen).decision_weights;
  model.label_thresholds = result.candidates.at(result.chosen).label_thresholds;
  return model;
}

SweepOutcome sweep_and_refit(const Dataset& data, const TrainOptions& base,
                             const SweepOptions& options, bool refit) {
  TrainOptions checked = base;
  validate_options(checked);
  SweepOutcome out{sweep(data, base, options), std::nullopt};
  if (refit) out.model = train_winner(data, base, out.result);
  return out;
}

Table take_rows(const Table& table, const std::vector<std::int64_t>& rows) {
  Table t;
  t.names = table.names;
  t.source = table.source;
  t.values.resize(static_cast<Index>(rows.size()), table.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    t.values.row(static_cast<Index>(i)) = table.values.row(rows[i]);
  return t;
}

Table with_column(const Table& table, const std::string& name, const std::vector<int>& values) {
  if (table.has_column(name))
    throw InputError(table.source + ": already has a column named '" + name + "'");
  Table t;
  t.names = table.names;
  t.names.push_back(name);
  t.source = table.source;
  t.values.resize(table.rows(), table.cols() + 1);
  t.values.leftCols(table.cols()) = table.values;
  for (Index i = 0; i < table.rows(); ++i)
    t.values(i, table.cols()) = values[static_cast<std::size_t>(i)];
  return t;
}

Table classification_table(const ClassificationData& d) {
  Table t;
  t.values.resize(d.X.rows(), d.X.cols() + 1);
  t.values.leftCols(d.X.cols()) = d.X;
  for (Index i = 0; i < d.X.rows(); ++i) t.values(i, d.X.cols()) = static_cast<double>(d.y[i]);
  for (Index j = 0; j < d.X.cols(); ++j) t.names.push_back("x" + std::to_string(j));
  t.names.push_back("y");
  return t;
}

Table multilabel_table(const MultilabelData& d) {
  Table t;
  t.values.resize(d.X.rows(), d.X.cols() + d.Y.cols());
  t.values.leftCols(d.X.cols()) = d.X;
  t.values.rightCols(d.Y.cols()) = d.Y;
  for (Index j = 0; j < d.X.cols(); ++j) t.names.push_back("x" + std::to_string(j));
  for (Index j = 0; j < d.Y.cols(); ++j) t.names.push_back("y" + std::to_string(j));
  return t;
}

void write_csv_pair(const std::string& path_a, const Table& a, const std::string& path_b,
                    const Table& b) {
  AtomicFile file_a(path_a), file_b(path_b);
  file_a.write(to_csv_string(a));
  file_b.write(to_csv_string(b));
  file_a.commit();
  file_b.commit();
}

}  // namespace rarenet
