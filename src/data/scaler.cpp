#include "rarenet/scaler.hpp"

#include <cmath>

namespace rarenet {

StandardScaler StandardScaler::fit(const RowMatrixD& X) {
  // Two passes (mean, then squared deviations) keep the variance accurate for large offsets.
  StandardScaler s;
  const Index n = X.rows();
  s.mean = X.colwise().mean().transpose();
  s.scale.resize(X.cols());
  for (Index j = 0; j < X.cols(); ++j) {
    const double var =
        n > 0 ? (X.col(j).array() - s.mean(j)).square().sum() / static_cast<double>(n) : 0.0;
    const double sd = std::sqrt(var);
    // scikit-learn keeps scale 1 for (near-)constant features instead of dividing by ~0.
    s.scale(j) =
        sd < 10 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::fabs(s.mean(j))) ? 1.0
                                                                                               : sd;
  }
  return s;
}

RowMatrixD StandardScaler::transform(const RowMatrixD& X) const {
  RowMatrixD out = X;
  for (Index i = 0; i < out.rows(); ++i)
    out.row(i) = (out.row(i) - mean.transpose()).array() / scale.transpose().array();
  return out;
}

RowMatrixF StandardScaler::transform_float(const RowMatrixD& X) const {
  if (!fitted()) return X.cast<float>();
  return transform(X).cast<float>();
}

}  // namespace rarenet
