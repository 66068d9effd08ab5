#include "rarenet/sweep.hpp"

#include <chrono>
#include <cmath>
#include <sstream>

#include "rarenet/error.hpp"
#include "rarenet/parallel.hpp"

namespace rarenet {
namespace {

std::vector<double> positive_column(const RowMatrixD& proba) {
  std::vector<double> p(static_cast<std::size_t>(proba.rows()));
  for (Index i = 0; i < proba.rows(); ++i) p[static_cast<std::size_t>(i)] = proba(i, 1);
  return p;
}

double brier_of(const Labels& y, const RowMatrixD& proba, std::int64_t positive) {
  return brier_score_loss(y, positive_column(proba), positive);
}

std::string format_number(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}

}  // namespace

std::vector<ClassWeightSpec> sweep_candidates(const SweepOptions& options,
                                              const std::vector<std::int64_t>& classes,
                                              std::int64_t minority) {
  std::vector<ClassWeightSpec> out;
  if (options.include_balanced) {
    ClassWeightSpec b;
    b.kind = ClassWeightSpec::Kind::Balanced;
    out.push_back(b);
  }
  for (double r : options.ratios) {
    if (!(r > 0) || !std::isfinite(r))
      throw ConfigError("--ratios: " + format_number(r) + " is not a positive weight ratio");
    ClassWeightSpec m;
    m.kind = ClassWeightSpec::Kind::Manual;
    for (std::int64_t c : classes) m.manual[c] = (c == minority) ? r : 1.0;
    out.push_back(m);
  }
  for (double most : options.most) {
    if (!(most >= 0.5 && most < 1.0))
      throw ConfigError("--most: " + format_number(most) +
                        " is not a share in [0.5, 1) for the capped weights");
    ClassWeightSpec c;
    c.kind = ClassWeightSpec::Kind::Capped;
    c.most = most;
    out.push_back(c);
  }
  if (out.empty()) throw ConfigError("sweep: no candidates (give --ratios and/or --most)");
  return out;
}

SweepResult sweep(const Dataset& data, const TrainOptions& base, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  require_single_target(data);
  const Labels y = data.labels();
  SweepResult result;
  result.criterion = options.criterion;
  result.classes = unique_labels(y);
  if (result.classes.size() != 2)
    throw InputError(data.source + ": the weight sweep needs a binary target; found " +
                     std::to_string(result.classes.size()) + " classes");
  // The positive class (the larger label, normally the rare one) is what thresholds decide.
  const std::int64_t positive = result.classes[1];
  result.minority = positive;
  const auto specs = sweep_candidates(options, result.classes, result.minority);
  const int k = options.cv.folds.n_splits;
  const std::vector<int> fold_of_row = stratified_kfold_test_folds(y, options.cv.folds);

  // One task per (candidate, fold), all in one pool so that both cores stay busy.
  const std::size_t n_tasks = specs.size() * static_cast<std::size_t>(k);
  std::vector<FoldFit> fits(n_tasks);
  std::vector<double> task_seconds(n_tasks);
  parallel_for(n_tasks, options.cv.jobs, [&](std::size_t t) {
    const auto t0 = std::chrono::steady_clock::now();
    TrainOptions o = base;
    o.class_weight = specs[t / k];
    fits[t] = fit_fold(data, o, fold_of_row, static_cast<int>(t % k), result.classes);
    task_seconds[t] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });

  std::vector<double> values;
  for (std::size_t c = 0; c < specs.size(); ++c) {
    SweepCandidate cand;
    cand.class_weight = specs[c];
    cand.weights = class_weights(specs[c], result.classes, y);
    RowMatrixD oof(data.n_samples(), 2);
    for (int f = 0; f < k; ++f) {
      const FoldFit& fit = fits[c * k + f];
      for (std::size_t i = 0; i < fit.test_rows.size(); ++i)
        oof.row(fit.test_rows[i]) = fit.proba.row(i);
      cand.seconds += task_seconds[c * k + f];
    }
    const RowMatrixD corrected = prior_correct(oof, cand.weights);
    cand.log_loss = log_loss(y, oof, result.classes);
    cand.brier = brier_of(y, oof, positive);
    cand.log_loss_corrected = log_loss(y, corrected, result.classes);
    cand.brier_corrected = brier_of(y, corrected, positive);
    const RowMatrixD& scored = options.calibrate_prior ? corrected : oof;

    const ThresholdChoice choice = tune_threshold(y, positive_column(scored), options.criterion);
    cand.threshold = choice.threshold;
    cand.criterion_value = choice.value;
    const Labels pred = predict_labels(scored, result.classes, cand.threshold);
    for (std::size_t i = 0; i < y.size(); ++i) {
      cand.predicted_positives += pred[i] == result.minority;
      cand.actual_positives += y[i] == result.minority;
    }
    // Per-fold figures at the chosen threshold, as cross_validate reports them.
    std::vector<std::map<std::string, double>> per_fold;
    for (int f = 0; f < k; ++f) {
      const FoldFit& fit = fits[c * k + f];
      Labels y_fold(fit.test_rows.size());
      RowMatrixD p_fold(static_cast<Index>(fit.test_rows.size()), 2);
      for (std::size_t i = 0; i < fit.test_rows.size(); ++i) {
        y_fold[i] = y[fit.test_rows[i]];
        p_fold.row(i) = scored.row(fit.test_rows[i]);
      }
      per_fold.push_back(evaluation_figures(
          evaluate_predictions(y_fold, p_fold, result.classes, cand.threshold), result.minority));
    }
    cand.figures = summarize_figures(per_fold);
    values.push_back(cand.criterion_value);
    result.candidates.push_back(std::move(cand));
  }
  result.chosen = choose_candidate(options.criterion, values);
  const SweepCandidate& best = result.candidates[result.chosen];
  std::ostringstream why;
  why << "class weight " << best.class_weight.to_string() << " at threshold "
      << format_number(best.threshold) << " has the best out-of-fold "
      << to_string(options.criterion) << " (" << format_number(best.criterion_value) << ") of "
      << result.candidates.size() << " candidates";
  result.reason = why.str();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace rarenet
