#include "rarenet/cross_validation.hpp"

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

}  // namespace

void require_single_target(const Dataset& data) {
  if (data.n_targets() != 1)
    throw ConfigError(data.source + ": cross-validation needs one target column to stratify by (" +
                      std::to_string(data.n_targets()) + " given)");
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
  return out;
}

RowMatrixD out_of_fold_proba(const Dataset& data, const TrainOptions& options,
                             const std::vector<int>& fold_of_row, int n_splits, int jobs,
                             const Dataset* validation) {
  require_single_target(data);
  const auto classes = unique_labels(data.labels());
  RowMatrixD oof(data.n_samples(), static_cast<Index>(classes.size()));
  parallel_for(static_cast<std::size_t>(n_splits), jobs, [&](std::size_t f) {
    const FoldFit fit =
        fit_fold(data, options, fold_of_row, static_cast<int>(f), classes, validation);
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
  parallel_for(static_cast<std::size_t>(k), cv.jobs, [&](std::size_t f) {
    const auto start = std::chrono::steady_clock::now();
    const FoldFit fit =
        fit_fold(data, options, result.fold_of_row, static_cast<int>(f), result.classes);
    Labels y_test(fit.test_rows.size());
    for (std::size_t i = 0; i < fit.test_rows.size(); ++i) {
      result.oof_proba.row(fit.test_rows[i]) = fit.proba.row(i);
      y_test[i] = y[fit.test_rows[i]];
    }
    result.folds[f] = evaluate_predictions(y_test, fit.proba, result.classes, fit.threshold);
    result.folds[f].class_names = data.class_names;
    result.fold_seconds[f] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });
  // Every fold is judged at the same threshold (the options'), so the pooled rows are too.
  result.pooled = evaluate_predictions(y, result.oof_proba, result.classes,
                                       result.folds.empty() ? 0.5 : result.folds[0].threshold);
  result.pooled.class_names = data.class_names;
  return result;
}

std::map<std::string, double> evaluation_figures(const Evaluation& e, std::int64_t minority) {
  std::map<std::string, double> m{
      {"roc_auc", e.roc_auc},
      {"average_precision", e.average_precision},
      {"balanced_accuracy", e.balanced_accuracy},
      {"mcc", e.mcc},
      {"specificity", e.specificity},
      {"g_mean", e.g_mean},
      {"log_loss", e.log_loss},
      {"brier", e.brier},
      {"accuracy", e.report.accuracy},
  };
  for (std::size_t c = 0; c < e.report.classes.size(); ++c) {
    if (e.report.classes[c] != minority) continue;
    const std::string suffix =
        "_" + (e.class_names.empty() ? std::to_string(minority) : e.class_name(c));
    m["precision" + suffix] = e.report.per_class[c].precision;
    m["recall" + suffix] = e.report.per_class[c].recall;
    m["f1" + suffix] = e.report.per_class[c].f1;
  }
  return m;
}

FigureSummary summarize_figures(const std::vector<std::map<std::string, double>>& per_fold) {
  FigureSummary s;
  if (per_fold.empty()) return s;
  const double n = static_cast<double>(per_fold.size());
  for (const auto& [name, _] : per_fold.front()) {
    double sum = 0;
    for (const auto& f : per_fold) sum += f.at(name);
    const double mean = sum / n;
    double ss = 0;
    for (const auto& f : per_fold) ss += (f.at(name) - mean) * (f.at(name) - mean);
    s.mean[name] = mean;
    s.std[name] = std::sqrt(ss / n);
  }
  return s;
}

}  // namespace rarenet
