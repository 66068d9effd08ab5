#include "rarenet/cross_validation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/parallel.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

std::vector<std::int64_t> rows_where(const std::vector<int>& fold_of_row, int fold, bool in) {
  std::vector<std::int64_t> rows;
  for (std::size_t i = 0; i < fold_of_row.size(); ++i)
    if ((fold_of_row[i] == fold) == in) rows.push_back(static_cast<std::int64_t>(i));
  return rows;
}

// "fold 2" or "folds 0, 3" (0-based, as the fold column of --oof-out and the text table).
std::string folds_text(const std::vector<int>& folds) {
  std::string out = folds.size() == 1 ? "fold " : "folds ";
  for (std::size_t i = 0; i < folds.size(); ++i) out += (i ? ", " : "") + std::to_string(folds[i]);
  return out;
}

}  // namespace

void require_single_target(const Dataset& data) {
  if (data.n_targets() != 1)
    throw ConfigError(data.source + ": cross-validation needs one target column to stratify by (" +
                      std::to_string(data.n_targets()) +
                      " given; for several 0/1 labels, sweep cross-validates them with a threshold "
                      "per label)");
}

std::int64_t minority_class(const Labels& y) {
  const auto classes = unique_labels(y);
  const auto counts = class_counts(y, classes);
  std::size_t best = 0;
  for (std::size_t c = 1; c < classes.size(); ++c)
    if (counts[c] <= counts[best]) best = c;
  return classes.empty() ? 0 : classes[best];
}

FoldFit fit_fold(const Dataset& data, const TrainOptions& options,
                 const std::vector<int>& fold_of_row, int fold,
                 const std::vector<std::int64_t>& classes, const Dataset* validation) {
  FoldFit out;
  const Dataset train = data.take(rows_where(fold_of_row, fold, false));
  out.test_rows = rows_where(fold_of_row, fold, true);
  const Classifier model = train_classifier(train, options, validation);
  if (model.classes != classes)
    throw InputError(data.source + ": fold " + std::to_string(fold) +
                     " lacks a class in its training rows; use fewer folds");
  out.proba = model.predict_proba(data.take(out.test_rows));
  out.threshold = model.threshold;
  out.synthetic_sources = model.synthetic_sources;
  out.constant_output = model.history.constant_output;
  return out;
}

std::vector<int> multilabel_kfold_test_folds(const RowMatrixD& Y,
                                             const StratifiedKFoldParams& params) {
  std::vector<std::int64_t> ones(static_cast<std::size_t>(Y.cols()), 0);
  for (Index j = 0; j < Y.cols(); ++j)
    ones[static_cast<std::size_t>(j)] = (Y.col(j).array() == 1).count();
  Labels stratum(static_cast<std::size_t>(Y.rows()), -1);
  for (Index i = 0; i < Y.rows(); ++i)
    for (Index j = 0; j < Y.cols(); ++j)
      if (Y(i, j) == 1) {
        std::int64_t& s = stratum[static_cast<std::size_t>(i)];
        if (s < 0 || ones[static_cast<std::size_t>(j)] < ones[static_cast<std::size_t>(s)]) s = j;
      }
  return stratified_kfold_test_folds(stratum, params);
}

RowMatrixD out_of_fold_proba(const Dataset& data, const TrainOptions& options,
                             const std::vector<int>& fold_of_row, int n_splits, int jobs,
                             const Dataset* validation) {
  const bool multilabel = data.n_targets() > 1;
  const std::vector<std::int64_t> classes =
      multilabel ? std::vector<std::int64_t>{0, 1} : unique_labels(data.labels());
  RowMatrixD oof(data.n_samples(),
                 multilabel ? data.n_targets() : static_cast<Index>(classes.size()));
  TrainOptions inner = options;
  inner.train.threads =
      threads_per_task(options.train.threads, jobs, static_cast<std::size_t>(n_splits));
  parallel_for(static_cast<std::size_t>(n_splits), jobs, [&](std::size_t f) {
    const FoldFit fit =
        fit_fold(data, inner, fold_of_row, static_cast<int>(f), classes, validation);
    for (std::size_t i = 0; i < fit.test_rows.size(); ++i)
      oof.row(fit.test_rows[i]) = fit.proba.row(i);
  });
  return oof;
}

CvResult cross_validate(const Dataset& data, const TrainOptions& options, const CvOptions& cv) {
  require_single_target(data);
  const Labels y = data.labels();
  CvResult result;
  result.classes = unique_labels(y);
  result.fold_of_row = stratified_kfold_test_folds(y, cv.folds);
  const int k = cv.folds.n_splits;
  result.folds.resize(k);
  result.fold_seconds.resize(k);
  result.oof_proba.resize(data.n_samples(), static_cast<Index>(result.classes.size()));
  TrainOptions inner = options;
  inner.train.threads =
      threads_per_task(options.train.threads, cv.jobs, static_cast<std::size_t>(k));
  std::vector<char> constant(static_cast<std::size_t>(k), 0);
  parallel_for(static_cast<std::size_t>(k), cv.jobs, [&](std::size_t f) {
    const auto start = std::chrono::steady_clock::now();
    const FoldFit fit =
        fit_fold(data, inner, result.fold_of_row, static_cast<int>(f), result.classes);
    Labels y_test(fit.test_rows.size());
    for (std::size_t i = 0; i < fit.test_rows.size(); ++i) {
      result.oof_proba.row(fit.test_rows[i]) = fit.proba.row(i);
      y_test[i] = y[fit.test_rows[i]];
    }
    result.folds[f] = evaluate_predictions(y_test, fit.proba, result.classes, fit.threshold);
    result.folds[f].class_names = data.class_names;
    result.fold_seconds[f] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    constant[f] = fit.constant_output;
  });
  std::vector<int> lacking;
  for (int f = 0; f < k; ++f) {
    if (constant[f]) result.constant_output_folds.push_back(f);
    if (!every_class_present(result.folds[f])) lacking.push_back(f);
  }
  if (!result.constant_output_folds.empty())
    result.warnings.push_back(folds_text(result.constant_output_folds) + ": " +
                              kConstantOutputWarning);
  if (!lacking.empty()) {
    std::string absent;  // the classes missing from at least one of those folds
    for (std::size_t c = 0; c < result.classes.size(); ++c)
      for (int f : lacking)
        if (result.folds[f].report.per_class[c].support == 0) {
          absent += (absent.empty() ? "" : ", ") + result.folds[f].class_name(c);
          break;
        }
    const int defined = k - static_cast<int>(lacking.size());
    result.warnings.push_back(
        folds_text(lacking) + (lacking.size() == 1 ? " holds" : " hold") + " no row of class " +
        absent +
        ": ROC AUC and average precision are undefined there and left out of their mean and std, " +
        (defined > 0 ? "which are over the other " + std::to_string(defined) + " fold" +
                           (defined == 1 ? "" : "s")
                     : std::string("which are undefined (null in JSON)")) +
        "; use fewer folds (--n-splits) than the rarest class has rows");
  }
  // Every fold is judged at the same threshold (the options'), so the pooled rows are too.
  result.pooled = evaluate_predictions(y, result.oof_proba, result.classes,
                                       result.folds.empty() ? 0.5 : result.folds[0].threshold);
  result.pooled.class_names = data.class_names;
  return result;
}

bool every_class_present(const Evaluation& e) {
  return std::all_of(e.report.per_class.begin(), e.report.per_class.end(),
                     [](const ClassScores& c) { return c.support > 0; });
}

std::map<std::string, double> evaluation_figures(const Evaluation& e, std::int64_t minority) {
  const bool ranked = every_class_present(e);
  std::map<std::string, double> m{
      {"roc_auc", ranked ? e.roc_auc : NAN},
      {"average_precision", ranked ? e.average_precision : NAN},
      {"balanced_accuracy", e.balanced_accuracy},
      {"mcc", e.mcc},
      {"specificity", e.specificity},
      {"g_mean", e.g_mean},
      {"log_loss", e.log_loss},
      {"brier", e.brier},
      {"accuracy", e.report.accuracy},
  };
  // Multi-class: every class's figures and the macro F1 (no single positive class).
  const bool multiclass = e.report.classes.size() > 2;
  if (multiclass) m["macro_f1"] = e.report.macro_avg.f1;
  for (std::size_t c = 0; c < e.report.classes.size(); ++c) {
    if (!multiclass && e.report.classes[c] != minority) continue;
    const std::string suffix =
        "_" + (e.class_names.empty() ? std::to_string(e.report.classes[c]) : e.class_name(c));
    m["precision" + suffix] = e.report.per_class[c].precision;
    m["recall" + suffix] = e.report.per_class[c].recall;
    m["f1" + suffix] = e.report.per_class[c].f1;
  }
  return m;
}

FigureSummary summarize_figures(const std::vector<std::map<std::string, double>>& per_fold) {
  FigureSummary s;
  if (per_fold.empty()) return s;
  for (const auto& [name, _] : per_fold.front()) {
    double sum = 0;
    int n = 0;
    for (const auto& f : per_fold)
      if (!std::isnan(f.at(name))) sum += f.at(name), ++n;
    const double mean = n > 0 ? sum / n : NAN;
    double ss = 0;
    for (const auto& f : per_fold)
      if (!std::isnan(f.at(name))) ss += (f.at(name) - mean) * (f.at(name) - mean);
    s.mean[name] = mean;
    s.std[name] = n > 0 ? std::sqrt(ss / n) : NAN;
    s.folds[name] = n;
  }
  return s;
}

}  // namespace rarenet
