// StandardScaler: per-feature mean and standard deviation, fitted on training rows only.
//
// As scikit-learn's StandardScaler (with_mean, with_std): the mean, and the population variance
// (ddof 0) by the corrected two-pass algorithm in double (sum((x - m)^2) - sum(x - m)^2 / n) / n;
// scale = sqrt(variance), except that a feature scikit-learn judges constant (variance within the
// rounding error of the two-pass algorithm: var <= n eps var + (n eps mean)^2) keeps scale 1, so
// it is centred but never divided by ~0. transform computes (x - mean) / scale.
// X: (n_samples, n_features); mean, scale: (n_features).
#pragma once

#include "rarenet/matrix.hpp"

namespace rarenet {

struct StandardScaler {
  VectorD mean;   // (n_features)
  VectorD scale;  // (n_features)

  bool fitted() const { return mean.size() > 0; }
  // InputError if X has no rows or a value that is not finite.
  static StandardScaler fit(const RowMatrixD& X);
  // InputError if X's width differs from the fitted one. Not fitted: X unchanged.
  RowMatrixD transform(const RowMatrixD& X) const;
  // Standardise straight into float, the network's input type (rounded once, from double).
  RowMatrixF transform_float(const RowMatrixD& X) const;
};

}  // namespace rarenet
