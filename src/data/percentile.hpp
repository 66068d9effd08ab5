// numpy's percentile, method "linear", shared by the scalers and the piecewise-linear encoding.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace rarenet::detail {

// numpy's percentile, method "linear", of sorted values at fraction q in [0, 1]: the virtual
// index (n - 1) q, and _lerp's two forms on either side of gamma = 0.5.
inline double sorted_percentile(const std::vector<double>& x, double q) {
  const double n = static_cast<double>(x.size());
  const double v = (n - 1) * q;
  if (v >= n - 1) return x.back();
  const double prev = std::floor(v);
  const double g = v - prev;
  const std::size_t i = static_cast<std::size_t>(prev);
  const double a = x[i], b = x[i + 1], d = b - a;
  return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}

}  // namespace rarenet::detail
