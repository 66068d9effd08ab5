#include "rarenet/scaler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "data/percentile.hpp"
#include "rarenet/error.hpp"
#include "rarenet/random.hpp"

namespace rarenet {
namespace {

using detail::sorted_percentile;

void check_width(const StandardScaler& s, const RowMatrixD& X) {
  if (X.cols() != s.mean.size())
    throw InputError("StandardScaler: X has " + std::to_string(X.cols()) +
                     " features, but the scaler was fitted on " + std::to_string(s.mean.size()));
}

void check_finite(const RowMatrixD& X, const char* who) {
  if (X.rows() == 0)
    throw InputError(std::string(who) + ": no rows to fit on, expected at least one");
  if (!X.allFinite())
    throw InputError(std::string(who) + ": X holds a value that is not finite (NaN or infinity)");
}

// numpy.interp(x, xp, fp) for increasing (possibly tied) xp, finite x.
double interp(double x, const double* xp, const double* fp, Index n) {
  if (x < xp[0]) return fp[0];
  if (x >= xp[n - 1]) return fp[n - 1];
  // The last j with xp[j] <= x (numpy's binary search), so xp[j] < xp[j + 1].
  const Index j = static_cast<Index>(std::upper_bound(xp, xp + n, x) - xp) - 1;
  if (xp[j] == x) return fp[j];
  const double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  double r = slope * (x - xp[j]) + fp[j];
  if (std::isnan(r)) {
    r = slope * (x - xp[j + 1]) + fp[j + 1];
    if (std::isnan(r) && fp[j] == fp[j + 1]) r = fp[j];
  }
  return r;
}

}  // namespace

std::string to_string(ScaleKind k) {
  switch (k) {
    case ScaleKind::Standard:
      return "standard";
    case ScaleKind::Robust:
      return "robust";
    case ScaleKind::RobustClip:
      return "robust-clip";
    case ScaleKind::RobustAuto:
      return "robust-auto";
    case ScaleKind::QuantileUniform:
      return "quantile-uniform";
    case ScaleKind::QuantileNormal:
      return "quantile-normal";
  }
  return "standard";
}

double normal_ppf(double p) {
  if (std::isnan(p) || p < 0 || p > 1) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0) return -std::numeric_limits<double>::infinity();
  if (p == 1) return std::numeric_limits<double>::infinity();
  // Wichura (1988), Algorithm AS 241 (PPND16).
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) *
                    r +
                45921.953931549871457) *
                   r +
               13731.693765509461125) *
                  r +
              1971.5909503065514427) *
                 r +
             133.14166789178437745) *
                r +
            3.387132872796366608) /
           (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) *
                    r +
                21213.794301586595867) *
                   r +
               5394.1960214247511077) *
                  r +
              687.1870074920579083) *
                 r +
             42.313330701600911252) *
                r +
            1.0);
  }
  double r = q < 0 ? p : 1 - p;
  r = std::sqrt(-std::log(r));
  double v;
  if (r <= 5) {
    r -= 1.6;
    v = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
              0.24178072517745061177) *
                 r +
             1.27045825245236838258) *
                r +
            3.64784832476320460504) *
               r +
           5.7694972214606914055) *
              r +
          4.6303378461565452959) *
             r +
         1.42343711074968357734) /
        (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
              0.0151986665636164571966) *
                 r +
             0.14810397642748007459) *
                r +
            0.68976733498510000455) *
               r +
           1.6763848301838038494) *
              r +
          2.05319162663775882187) *
             r +
         1.0);
  } else {
    r -= 5;
    v = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
              0.0012426609473880784386) *
                 r +
             0.026532189526576123093) *
                r +
            0.29656057182850489123) *
               r +
           1.7848265399172913358) *
              r +
          5.4637849111641143699) *
             r +
         6.6579046435011037772) /
        (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
              1.8463183175100546818e-5) *
                 r +
             7.868691311456132591e-4) *
                r +
            0.0148753612908506148525) *
               r +
           0.13692988092273580531) *
              r +
          0.59983220655588793769) *
             r +
         1.0);
  }
  return q < 0 ? -v : v;
}

VectorD StandardScaler::quantile_references(Index n) {
  VectorD ref(n);
  if (n == 1) {
    ref(0) = 0;
    return ref;
  }
  // numpy.linspace: arange(n) * (1 / (n - 1)), the last value set to 1.
  const double step = 1.0 / static_cast<double>(n - 1);
  for (Index i = 0; i < n; ++i) ref(i) = static_cast<double>(i) * step;
  ref(n - 1) = 1.0;
  return ref;
}

StandardScaler StandardScaler::fit_robust(const RowMatrixD& X, bool clip) {
  check_finite(X, "RobustScaler");
  const Index n = X.rows(), d = X.cols();
  StandardScaler s;
  s.kind = clip ? ScaleKind::RobustClip : ScaleKind::Robust;
  s.mean.resize(d);
  s.scale.resize(d);
  std::vector<double> col(static_cast<std::size_t>(n));
  for (Index j = 0; j < d; ++j) {
    for (Index i = 0; i < n; ++i) col[static_cast<std::size_t>(i)] = X(i, j);
    std::sort(col.begin(), col.end());
    const std::size_t h = col.size() / 2;
    s.mean(j) = col.size() % 2 ? col[h] : (col[h - 1] + col[h]) / 2.0;
    const double range = sorted_percentile(col, 0.75) - sorted_percentile(col, 0.25);
    // scikit-learn's _handle_zeros_in_scale: a range below 10 eps counts as zero.
    s.scale(j) = range < 10 * std::numeric_limits<double>::epsilon() ? 1.0 : range;
  }
  return s;
}

StandardScaler StandardScaler::fit_robust_auto(const RowMatrixD& X) {
  StandardScaler s = fit_robust(X);
  for (Index j = 0; j < X.cols(); ++j) {
    const double reach = std::max(X.col(j).maxCoeff() - s.mean(j), s.mean(j) - X.col(j).minCoeff());
    if (reach >= kTailIqrs * s.scale(j)) {
      s.kind = ScaleKind::RobustClip;
      break;
    }
  }
  return s;
}

StandardScaler StandardScaler::fit_quantile(const RowMatrixD& X, bool normal, int n_quantiles,
                                            std::int64_t subsample, std::uint32_t seed) {
  check_finite(X, "QuantileTransformer");
  if (n_quantiles < 1) throw ConfigError("n_quantiles: must be >= 1");
  if (subsample < 1) throw ConfigError("quantile_subsample: must be >= 1");
  if (n_quantiles > subsample)
    throw ConfigError("n_quantiles: " + std::to_string(n_quantiles) +
                      " quantiles cannot come from quantile_subsample " +
                      std::to_string(subsample) + " rows; expected at most that many");
  const Index n = X.rows(), d = X.cols();
  StandardScaler s;
  s.kind = normal ? ScaleKind::QuantileNormal : ScaleKind::QuantileUniform;
  s.mean = VectorD::Zero(d);
  s.scale = VectorD::Ones(d);
  const Index nq = std::max<Index>(1, std::min<Index>(n_quantiles, n));
  s.references = quantile_references(nq);
  s.quantiles.resize(nq, d);
  RandomState rng(seed);
  const bool sub = subsample < n;
  std::vector<double> col;
  std::vector<std::int64_t> perm;
  for (Index j = 0; j < d; ++j) {
    col.clear();
    if (sub) {
      // RandomState.choice(n, subsample, replace=False) is permutation(n)[:subsample].
      perm.resize(static_cast<std::size_t>(n));
      for (Index i = 0; i < n; ++i) perm[static_cast<std::size_t>(i)] = i;
      rng.shuffle(perm);
      for (std::int64_t k = 0; k < subsample; ++k)
        col.push_back(X(perm[static_cast<std::size_t>(k)], j));
    } else {
      for (Index i = 0; i < n; ++i) col.push_back(X(i, j));
    }
    std::sort(col.begin(), col.end());
    double running = -std::numeric_limits<double>::infinity();
    for (Index k = 0; k < nq; ++k) {
      // nanpercentile(col, references * 100) divides by 100 again: the same rounding here.
      const double q = (s.references(k) * 100.0) / 100.0;
      running = std::max(running, sorted_percentile(col, q));  // np.maximum.accumulate
      s.quantiles(k, j) = running;
    }
  }
  return s;
}

StandardScaler StandardScaler::fit(const RowMatrixD& X) {
  const Index n = X.rows(), d = X.cols();
  if (n == 0) throw InputError("StandardScaler: no rows to fit on, expected at least one");
  // Sums run over rows in row order (contiguous in a row-major matrix), which is also the order
  // numpy adds along axis 0 of a C-ordered array.
  VectorD sum = VectorD::Zero(d);
  for (Index i = 0; i < n; ++i) sum += X.row(i).transpose();
  if (!sum.allFinite() && !X.allFinite())
    throw InputError("StandardScaler: X holds a value that is not finite (NaN or infinity)");
  const double count = static_cast<double>(n);
  StandardScaler s;
  s.mean = sum / count;
  // Second pass: squared deviations from the mean, and their plain sum, whose square corrects
  // the rounding of the mean (Chan, Golub and LeVeque's corrected two-pass algorithm).
  VectorD dev_sum = VectorD::Zero(d), sq_sum = VectorD::Zero(d);
  for (Index i = 0; i < n; ++i) {
    const VectorD dev = X.row(i).transpose() - s.mean;
    dev_sum += dev;
    sq_sum += dev.cwiseProduct(dev);
  }
  constexpr double eps = std::numeric_limits<double>::epsilon();
  s.scale.resize(d);
  for (Index j = 0; j < d; ++j) {
    const double var = (sq_sum(j) - dev_sum(j) * dev_sum(j) / count) / count;
    // Constant within the two-pass algorithm's error bound: keep scale 1.
    const double bound_mean = count * s.mean(j) * eps;
    const bool constant = var <= count * eps * var + bound_mean * bound_mean;
    s.scale(j) = constant ? 1.0 : std::sqrt(var);
  }
  return s;
}

namespace {

// Column j of X through a fitted quantile scaler, into column j of out.
void quantile_column(const StandardScaler& s, const RowMatrixD& X, Index j, RowMatrixD& out) {
  const Index nq = s.quantiles.rows();
  // The column's quantiles, contiguous, and the negated reversed copies of the second interp.
  std::vector<double> xp(static_cast<std::size_t>(nq)), nxp(xp.size()), nfp(xp.size());
  for (Index k = 0; k < nq; ++k) {
    xp[static_cast<std::size_t>(k)] = s.quantiles(k, j);
    nxp[static_cast<std::size_t>(nq - 1 - k)] = -s.quantiles(k, j);
    nfp[static_cast<std::size_t>(nq - 1 - k)] = -s.references(k);
  }
  constexpr double kBound = 1e-7 - std::numeric_limits<double>::epsilon();
  static const double lo = normal_ppf(kBound), hi = normal_ppf(1 - kBound);
  for (Index i = 0; i < X.rows(); ++i) {
    const double x = X(i, j);
    double y;
    if (std::isnan(x)) {
      y = x;  // passed through, as scikit-learn does
    } else if (x == xp.front()) {
      y = 0;  // scikit-learn sets the lower bound after the upper one: it wins a tie
    } else if (x == xp.back()) {
      y = 1;
    } else {
      y = 0.5 *
          (interp(x, xp.data(), s.references.data(), nq) - interp(-x, nxp.data(), nfp.data(), nq));
    }
    out(i, j) = s.kind == ScaleKind::QuantileUniform ? y : std::clamp(normal_ppf(y), lo, hi);
  }
}

// RealMLP's smooth clipping to (-3, 3).
double smooth_clip(double z) {
  return z / std::sqrt(1.0 + (z / 3.0) * (z / 3.0));
}

}  // namespace

RowMatrixD StandardScaler::transform(const RowMatrixD& X) const {
  if (!fitted()) return X;
  check_width(*this, X);
  if (kind == ScaleKind::QuantileUniform || kind == ScaleKind::QuantileNormal) {
    RowMatrixD out(X.rows(), X.cols());
    for (Index j = 0; j < X.cols(); ++j) quantile_column(*this, X, j, out);
    return out;
  }
  RowMatrixD out(X.rows(), X.cols());
  const Index d = X.cols();
  const bool clip = kind == ScaleKind::RobustClip;
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < d; ++j) {
      const double z = (X(i, j) - mean(j)) / scale(j);
      out(i, j) = clip ? smooth_clip(z) : z;
    }
  return out;
}

RowMatrixF StandardScaler::transform_float(const RowMatrixD& X) const {
  if (!fitted()) return X.cast<float>();
  check_width(*this, X);
  if (kind == ScaleKind::QuantileUniform || kind == ScaleKind::QuantileNormal)
    return transform(X).cast<float>();
  // Straight into float, without a double copy of the matrix (clipped in double, then rounded).
  RowMatrixF out(X.rows(), X.cols());
  const Index d = X.cols();
  const bool clip = kind == ScaleKind::RobustClip;
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < d; ++j) {
      const double z = (X(i, j) - mean(j)) / scale(j);
      out(i, j) = static_cast<float>(clip ? smooth_clip(z) : z);
    }
  return out;
}

}  // namespace rarenet
