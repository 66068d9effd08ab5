// StandardScaler: per-feature mean and standard deviation, fitted on training rows only.
//
// As scikit-learn's StandardScaler (with_mean, with_std): the mean, and the population variance
// (ddof 0) by the corrected two-pass algorithm in double (sum((x - m)^2) - sum(x - m)^2 / n) / n;
// scale = sqrt(variance), except that a feature scikit-learn judges constant (variance within the
// rounding error of the two-pass algorithm: var <= n eps var + (n eps mean)^2) keeps scale 1, so
// it is centred but never divided by ~0. transform computes (x - mean) / scale.
// X: (n_samples, n_features); mean, scale: (n_features).
//
// The same struct holds the other scalings a model may use (ScaleKind):
// - robust, scikit-learn's RobustScaler(): mean holds the median, scale the interquartile range
//   (numpy's linear percentiles 25 and 75; a range below 10 eps becomes 1); transform as above.
// - robust-clip: robust, then each value z smoothly clipped to z / sqrt(1 + (z / 3)^2) (Holzmüller
//   et al.'s RealMLP, 2024): nearly z for |z| <= 1, never beyond +-3, so a heavy tail (word counts,
//   amounts) cannot dominate the network's inputs while the order of the values is kept.
// - robust-auto: a choice made when fitting, not a kind of its own: robust-clip when some feature
//   of the training rows lies at least kTailIqrs interquartile ranges from its median (a tail the
//   clipping tames: spam's counts reach hundreds), robust otherwise (where the clipping only
//   bends values a network could use: satimage's and churn's columns stay within 8, and at 10
//   glass's 11.6 cost its macro F1). The fitted scaler's kind is robust or robust-clip.
// - quantile-uniform / quantile-normal, scikit-learn's QuantileTransformer(n_quantiles,
//   output_distribution, subsample): per feature, n_quantiles_ = min(n_quantiles, n_samples)
//   quantiles (numpy's nanpercentile at linspace(0, 1, n_quantiles_) * 100, made non-decreasing);
//   a value maps to 0.5 * (interp(x, quantiles, references) - interp(-x, -quantiles reversed,
//   -references reversed)), the lowest and highest quantile to exactly 0 and 1; normal output is
//   the standard normal quantile of that, clipped to ppf(1e-7 - eps) and ppf(1 - (1e-7 - eps)).
//   With more rows than subsample, each feature's quantiles come from subsample rows drawn as
//   numpy's RandomState(seed).choice(n, subsample, replace=False), one draw per feature in order.
//   mean is 0 and scale 1 for these (unused).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "rarenet/matrix.hpp"

namespace rarenet {

enum class ScaleKind { Standard, Robust, QuantileUniform, QuantileNormal, RobustClip, RobustAuto };
// The scalings a user can ask for.
inline constexpr std::array kScaleKinds = {ScaleKind::Standard,        ScaleKind::Robust,
                                           ScaleKind::RobustClip,      ScaleKind::RobustAuto,
                                           ScaleKind::QuantileUniform, ScaleKind::QuantileNormal};
// The kinds a fitted scaler has (robust-auto fits as robust or robust-clip).
inline constexpr std::array kFittedScaleKinds = {ScaleKind::Standard, ScaleKind::Robust,
                                                 ScaleKind::RobustClip, ScaleKind::QuantileUniform,
                                                 ScaleKind::QuantileNormal};
// robust-auto clips when a feature reaches this many interquartile ranges from its median.
inline constexpr double kTailIqrs = 20;
// "standard", "robust", "robust-clip", "robust-auto", "quantile-uniform", "quantile-normal"
std::string to_string(ScaleKind k);

// The standard normal quantile function (scipy.stats.norm.ppf), by Wichura's AS241 (relative
// error about 1e-16): -inf at 0, +inf at 1, NaN outside [0, 1].
double normal_ppf(double p);

struct StandardScaler {
  ScaleKind kind = ScaleKind::Standard;
  VectorD mean;   // (n_features)
  VectorD scale;  // (n_features)
  // Quantile kinds: (n_quantiles_, n_features) and (n_quantiles_).
  RowMatrixD quantiles;
  VectorD references;

  bool fitted() const { return mean.size() > 0; }
  // InputError if X has no rows or a value that is not finite.
  static StandardScaler fit(const RowMatrixD& X);
  // clip: the robust-clip kind (the same statistics, smoothly clipped output).
  static StandardScaler fit_robust(const RowMatrixD& X, bool clip = false);
  // robust-auto: fit_robust(X, clip) with clip when some |X(i, j) - median_j| >= kTailIqrs IQR_j.
  static StandardScaler fit_robust_auto(const RowMatrixD& X);
  static StandardScaler fit_quantile(const RowMatrixD& X, bool normal, int n_quantiles,
                                     std::int64_t subsample, std::uint32_t seed);
  // The quantile kinds' references: numpy's linspace(0, 1, n).
  static VectorD quantile_references(Index n);
  // InputError if X's width differs from the fitted one. Not fitted: X unchanged.
  RowMatrixD transform(const RowMatrixD& X) const;
  // Standardise straight into float, the network's input type (rounded once, from double).
  RowMatrixF transform_float(const RowMatrixD& X) const;
};

}  // namespace rarenet
