// Curves behind an evaluation's charts, kept small enough to embed in a report page.
//
// For each class judged one-vs-rest (binary: the positive class classes[1] only; multi-class:
// every class), from its column of probabilities:
//   roc, pr        roc_curve and precision_recall_curve (scikit-learn's), thinned;
//   by_threshold   precision, recall and F1 of the class when a row is predicted positive at
//                  score >= t, at every distinct score t (increasing), thinned;
//   histogram      rows of the class and of the rest per equal-width score bin over [0, 1];
//   reliability    scikit-learn's calibration_curve(strategy="uniform"): per non-empty bin the
//                  mean predicted probability and the observed share of the class; and, when the
//                  probabilities were prior-corrected, the same before the correction.
// Thinning keeps a curve's first and last points and drops points that lie within `tolerance` of
// the polyline through the kept ones (Ramer-Douglas-Peucker in the curve's own coordinates, all
// in [0, 1]), so that the drawn shape does not change at any screen size a page is read at; a
// curve still longer than max_points (a noisy one: the precision at the highest thresholds, over
// few rows) is thinned again at twice the tolerance until it fits, so that a page for a million
// rows stays small. Thinning is deterministic.
// A class absent from y_true (or present in every row) has no ROC / PR curve: they stay empty.
#pragma once

#include <cstdint>
#include <vector>

#include "rarenet/matrix.hpp"
#include "rarenet/metrics.hpp"

namespace rarenet {

struct ReliabilityCurve {
  std::vector<double> mean_predicted, fraction_positive;  // per non-empty bin, increasing bins
  std::vector<std::int64_t> count;                        // rows in the bin
};

struct ClassCurves {
  std::int64_t positive = 1;  // the class judged against the rest
  std::int64_t rows = 0, positives = 0;
  double prevalence = 0;  // positives / rows: the precision of a random guess (PR baseline)
  Curve roc;              // x: false positive rate, y: true positive rate, thresholds
  Curve pr;  // x: recall, y: precision, thresholds (one fewer: the last point has none)
  struct ByThreshold {
    std::vector<double> threshold, precision, recall, f1;
  } by_threshold;
  std::vector<double> bin_edges;                       // (score_bins + 1) edges over [0, 1]
  std::vector<std::int64_t> hist_positive, hist_rest;  // (score_bins)
  ReliabilityCurve reliability;
  ReliabilityCurve reliability_uncorrected;  // empty unless add_uncorrected_reliability was called
};

struct EvaluationCurves {
  std::vector<ClassCurves> classes;  // binary: one (classes[1]); multi-class: one per class
};

struct CurveOptions {
  double tolerance = 5e-4;  // of a unit axis: below a pixel on a 2000-pixel chart
  int max_points = 400;     // per curve (< 2: no cap)
  int score_bins = 50;
  int reliability_bins = 10;
};

// proba: (n_samples, n_classes), columns in the order of `classes`. InputError as
// evaluate_predictions for mismatched sizes.
EvaluationCurves evaluation_curves(const Labels& y_true, const RowMatrixD& proba,
                                   const std::vector<std::int64_t>& classes,
                                   const CurveOptions& options = {});

// scikit-learn's calibration_curve(y_true == positive, p, n_bins=bins, strategy="uniform").
ReliabilityCurve reliability_curve(const Labels& y_true, const std::vector<double>& p,
                                   std::int64_t positive, int bins = 10);

// Fills reliability_uncorrected of each class from the probabilities before prior correction.
// uncorrected: (n_samples, n_classes) as evaluation_curves' proba.
void add_uncorrected_reliability(EvaluationCurves& curves, const Labels& y_true,
                                 const RowMatrixD& uncorrected,
                                 const std::vector<std::int64_t>& classes,
                                 const CurveOptions& options = {});

// Indices (increasing) of the points of a polyline to keep. coords: one vector per dimension,
// all of the same length. Ramer-Douglas-Peucker: every dropped point lies within `tolerance`
// (Euclidean distance over all dimensions) of the segment between the kept points around it.
std::vector<std::size_t> thin_polyline(const std::vector<const std::vector<double>*>& coords,
                                       double tolerance);

}  // namespace rarenet
