#include "rarenet/scaler.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

void check_width(const StandardScaler& s, const RowMatrixD& X) {
  if (X.cols() != s.mean.size())
    throw InputError("StandardScaler: X has " + std::to_string(X.cols()) +
                     " features, but the scaler was fitted on " + std::to_string(s.mean.size()));
}

}  // namespace

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

RowMatrixD StandardScaler::transform(const RowMatrixD& X) const {
  if (!fitted()) return X;
  check_width(*this, X);
  RowMatrixD out(X.rows(), X.cols());
  const Index d = X.cols();
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < d; ++j) out(i, j) = (X(i, j) - mean(j)) / scale(j);
  return out;
}

RowMatrixF StandardScaler::transform_float(const RowMatrixD& X) const {
  if (!fitted()) return X.cast<float>();
  check_width(*this, X);
  RowMatrixF out(X.rows(), X.cols());
  const Index d = X.cols();
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < d; ++j) out(i, j) = static_cast<float>((X(i, j) - mean(j)) / scale(j));
  return out;
}

}  // namespace rarenet
