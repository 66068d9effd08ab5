#include "rarenet/curves.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "core/score_order.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

std::vector<double> column(const RowMatrixD& m, Index c) {
  std::vector<double> v(static_cast<std::size_t>(m.rows()));
  for (Index i = 0; i < m.rows(); ++i) v[static_cast<std::size_t>(i)] = m(i, c);
  return v;
}

template <class T>
std::vector<T> pick(const std::vector<T>& v, const std::vector<std::size_t>& keep) {
  std::vector<T> out;
  out.reserve(keep.size());
  for (auto i : keep) out.push_back(v[i]);
  return out;
}

// Squared distance from point i to the segment a-b, over all dimensions.
double squared_distance(const std::vector<const std::vector<double>*>& c, std::size_t i,
                        std::size_t a, std::size_t b) {
  double ab2 = 0, dot = 0;
  for (const auto* d : c) {
    const double ab = (*d)[b] - (*d)[a], ai = (*d)[i] - (*d)[a];
    ab2 += ab * ab;
    dot += ab * ai;
  }
  const double t = ab2 > 0 ? std::clamp(dot / ab2, 0.0, 1.0) : 0.0;
  double d2 = 0;
  for (const auto* d : c) {
    const double r = (*d)[i] - ((*d)[a] + t * ((*d)[b] - (*d)[a]));
    d2 += r * r;
  }
  return d2;
}

// thin_polyline, with the tolerance doubled until at most max_points remain.
std::vector<std::size_t> thin_capped(const std::vector<const std::vector<double>*>& coords,
                                     const CurveOptions& o) {
  double tolerance = o.tolerance;
  auto keep = thin_polyline(coords, tolerance);
  while (o.max_points >= 2 && keep.size() > static_cast<std::size_t>(o.max_points)) {
    tolerance *= 2;
    keep = thin_polyline(coords, tolerance);
  }
  return keep;
}

// The ROC / PR curve with only the kept points (thresholds: where the curve has them).
Curve thin_curve(const Curve& c, const CurveOptions& o) {
  const auto keep = thin_capped({&c.x, &c.y}, o);
  Curve out;
  out.x = pick(c.x, keep);
  out.y = pick(c.y, keep);
  for (auto i : keep)
    if (i < c.thresholds.size()) out.thresholds.push_back(c.thresholds[i]);
  return out;
}

// scikit-learn's _binary_clf_curve without sample weights: false and true positives at each
// distinct score, scores descending. One order of the scores serves every curve of a
// class; the ROC and PR curves below repeat roc_curve's and precision_recall_curve's arithmetic
// (counts are exact in double, so the points are the same to the last bit; the unit tests check).
struct Sweep {
  std::vector<double> fps, tps, thresholds;
};

Sweep sweep_scores(const Labels& y, const std::vector<double>& p, std::int64_t positive) {
  const std::vector<std::size_t> order = descending_score_order(p);
  const std::size_t n = order.size();
  Sweep s;
  double tp = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double score = p[order[k]];
    tp += y[order[k]] == positive ? 1.0 : 0.0;
    if (k + 1 == n || p[order[k + 1]] != score) {
      s.tps.push_back(tp);
      s.fps.push_back(static_cast<double>(k + 1) - tp);
      s.thresholds.push_back(score);
    }
  }
  return s;
}

// roc_curve (drop_intermediate=True); needs both classes present.
Curve roc_from(const Sweep& c) {
  std::vector<std::size_t> keep;
  const std::size_t m = c.fps.size();
  for (std::size_t i = 0; i < m; ++i) {
    if (i > 0 && i + 1 < m) {
      const double d2f = (c.fps[i + 1] - c.fps[i]) - (c.fps[i] - c.fps[i - 1]);
      const double d2t = (c.tps[i + 1] - c.tps[i]) - (c.tps[i] - c.tps[i - 1]);
      if (m > 2 && d2f == 0 && d2t == 0) continue;
    }
    keep.push_back(i);
  }
  Curve r;
  const double fmax = c.fps.back(), tmax = c.tps.back();
  r.x.push_back(0);
  r.y.push_back(0);
  r.thresholds.push_back(c.thresholds[keep[0]] + 1);
  for (std::size_t i : keep) {
    r.x.push_back(c.fps[i] / fmax);
    r.y.push_back(c.tps[i] / tmax);
    r.thresholds.push_back(c.thresholds[i]);
  }
  return r;
}

// precision_recall_curve, without the interior points of vertical runs (equal recall: they lie on
// the segment between the run's ends, so the drawn curve is the same).
Curve pr_from(const Sweep& c) {
  const std::size_t m = c.tps.size();
  Curve r;
  const double last = c.tps.back();
  for (std::size_t k = m; k-- > 0;) {
    if (k + 1 < m && k > 0 && c.tps[k + 1] == c.tps[k] && c.tps[k - 1] == c.tps[k]) continue;
    const double ps = c.tps[k] + c.fps[k];
    r.y.push_back(ps != 0 ? c.tps[k] / ps : 0.0);
    r.x.push_back(last == 0 ? 1.0 : c.tps[k] / last);
    r.thresholds.push_back(c.thresholds[k]);
  }
  r.y.push_back(1.0);
  r.x.push_back(0.0);
  return r;
}

ClassCurves::ByThreshold by_threshold(const Sweep& c, std::int64_t positives,
                                      const CurveOptions& o) {
  ClassCurves::ByThreshold all, out;
  if (positives == 0) return out;
  // Thresholds increasing. Over a million rows most points are noise at the pixel scale: keep,
  // per 1/2000 of the threshold axis, the first and last point and each figure's lowest and
  // highest (what a line drawn at that resolution shows), then thin as the other curves.
  constexpr double buckets = 2000;
  std::vector<std::size_t> pre;
  const std::size_t m = c.tps.size();
  auto figure = [&](std::size_t k, int f) {
    const double precision = c.tps[k] / (c.tps[k] + c.fps[k]);
    const double recall = c.tps[k] / static_cast<double>(positives);
    if (f == 0) return precision;
    if (f == 1) return recall;
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  };
  for (std::size_t k = m; k-- > 0;) {
    const auto bucket = [&](std::size_t i) {
      return static_cast<long long>(std::floor(c.thresholds[i] * buckets));
    };
    std::size_t end = k;  // the bucket runs from k down to `end` (thresholds increasing)
    while (end > 0 && bucket(end - 1) == bucket(k)) --end;
    std::vector<std::size_t> keep{k, end};
    for (int f = 0; f < 3; ++f) {
      std::size_t lo = k, hi = k;
      for (std::size_t i = end; i <= k; ++i) {
        if (figure(i, f) < figure(lo, f)) lo = i;
        if (figure(i, f) > figure(hi, f)) hi = i;
      }
      keep.push_back(lo);
      keep.push_back(hi);
    }
    std::sort(keep.begin(), keep.end(), std::greater<>());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    pre.insert(pre.end(), keep.begin(), keep.end());
    k = end;
  }
  for (std::size_t k : pre) {
    all.threshold.push_back(c.thresholds[k]);
    all.precision.push_back(figure(k, 0));
    all.recall.push_back(figure(k, 1));
    all.f1.push_back(figure(k, 2));
  }
  const auto keep = thin_capped({&all.threshold, &all.precision, &all.recall, &all.f1}, o);
  out.threshold = pick(all.threshold, keep);
  out.precision = pick(all.precision, keep);
  out.recall = pick(all.recall, keep);
  out.f1 = pick(all.f1, keep);
  return out;
}

}  // namespace

std::vector<std::size_t> thin_polyline(const std::vector<const std::vector<double>*>& coords,
                                       double tolerance) {
  const std::size_t n = coords.empty() ? 0 : coords.front()->size();
  for (const auto* d : coords)
    if (d->size() != n) throw InputError("thin_polyline: coordinates of different lengths");
  if (n <= 2) {
    std::vector<std::size_t> all(n);
    std::iota(all.begin(), all.end(), std::size_t{0});
    return all;
  }
  const double tol2 = tolerance * tolerance;
  std::vector<char> keep(n, 0);
  keep[0] = keep[n - 1] = 1;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, n - 1}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d2 = squared_distance(coords, i, a, b);
      if (d2 > worst) {
        worst = d2;
        at = i;
      }
    }
    if (worst > tol2) {
      keep[at] = 1;
      stack.push_back({a, at});
      stack.push_back({at, b});
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) out.push_back(i);
  return out;
}

ReliabilityCurve reliability_curve(const Labels& y_true, const std::vector<double>& p,
                                   std::int64_t positive, int bins) {
  if (y_true.size() != p.size())
    throw InputError("reliability_curve: " + std::to_string(y_true.size()) + " labels for " +
                     std::to_string(p.size()) + " probabilities");
  if (bins < 1) throw ConfigError("reliability_curve: bins must be >= 1");
  // numpy.linspace(0, 1, bins + 1) and searchsorted(edges[1:-1], p), as scikit-learn bins.
  const double step = 1.0 / bins;
  std::vector<double> inner;
  for (int i = 1; i < bins; ++i) inner.push_back(i * step);
  std::vector<double> sum(static_cast<std::size_t>(bins), 0.0), hits(sum.size(), 0.0);
  std::vector<std::int64_t> count(sum.size(), 0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!(p[i] >= 0 && p[i] <= 1))
      throw InputError("reliability_curve: probability " + std::to_string(p[i]) + " at row " +
                       std::to_string(i + 1) + " is outside [0, 1]");
    const auto b = static_cast<std::size_t>(std::lower_bound(inner.begin(), inner.end(), p[i]) -
                                            inner.begin());
    sum[b] += p[i];
    hits[b] += y_true[i] == positive ? 1.0 : 0.0;
    ++count[b];
  }
  ReliabilityCurve out;
  for (std::size_t b = 0; b < sum.size(); ++b) {
    if (count[b] == 0) continue;
    out.mean_predicted.push_back(sum[b] / static_cast<double>(count[b]));
    out.fraction_positive.push_back(hits[b] / static_cast<double>(count[b]));
    out.count.push_back(count[b]);
  }
  return out;
}

EvaluationCurves evaluation_curves(const Labels& y_true, const RowMatrixD& proba,
                                   const std::vector<std::int64_t>& classes,
                                   const CurveOptions& options) {
  if (static_cast<Index>(y_true.size()) != proba.rows() ||
      proba.cols() != static_cast<Index>(classes.size()) || classes.size() < 2)
    throw InputError("evaluation_curves: " + std::to_string(y_true.size()) + " labels, " +
                     std::to_string(proba.rows()) + " x " + std::to_string(proba.cols()) +
                     " probabilities, " + std::to_string(classes.size()) + " classes");
  if (options.score_bins < 1) throw ConfigError("evaluation_curves: score_bins must be >= 1");
  EvaluationCurves out;
  const std::size_t first = classes.size() == 2 ? 1 : 0;
  for (std::size_t c = first; c < classes.size(); ++c) {
    ClassCurves cc;
    cc.positive = classes[c];
    const std::vector<double> p = column(proba, static_cast<Index>(c));
    cc.rows = static_cast<std::int64_t>(y_true.size());
    for (auto v : y_true) cc.positives += v == cc.positive;
    cc.prevalence =
        cc.rows > 0 ? static_cast<double>(cc.positives) / static_cast<double>(cc.rows) : 0;
    const Sweep sweep = sweep_scores(y_true, p, cc.positive);
    if (cc.positives > 0 && cc.positives < cc.rows) {
      cc.roc = thin_curve(roc_from(sweep), options);
      cc.pr = thin_curve(pr_from(sweep), options);
    }
    cc.by_threshold = by_threshold(sweep, cc.positives, options);
    const auto bins = static_cast<std::size_t>(options.score_bins);
    for (std::size_t b = 0; b <= bins; ++b)
      cc.bin_edges.push_back(static_cast<double>(b) / static_cast<double>(bins));
    cc.hist_positive.assign(bins, 0);
    cc.hist_rest.assign(bins, 0);
    for (std::size_t i = 0; i < p.size(); ++i) {
      const double s = std::clamp(p[i], 0.0, 1.0);
      const auto b = std::min(bins - 1, static_cast<std::size_t>(s * static_cast<double>(bins)));
      ++(y_true[i] == cc.positive ? cc.hist_positive : cc.hist_rest)[b];
    }
    cc.reliability = reliability_curve(y_true, p, cc.positive, options.reliability_bins);
    out.classes.push_back(std::move(cc));
  }
  return out;
}

void add_uncorrected_reliability(EvaluationCurves& curves, const Labels& y_true,
                                 const RowMatrixD& uncorrected,
                                 const std::vector<std::int64_t>& classes,
                                 const CurveOptions& options) {
  for (ClassCurves& cc : curves.classes) {
    const auto it = std::find(classes.begin(), classes.end(), cc.positive);
    if (it == classes.end() || uncorrected.cols() != static_cast<Index>(classes.size()))
      throw InputError("add_uncorrected_reliability: class " + std::to_string(cc.positive) +
                       " has no probability column");
    cc.reliability_uncorrected = reliability_curve(
        y_true, column(uncorrected, it - classes.begin()), cc.positive, options.reliability_bins);
  }
}

}  // namespace rarenet
