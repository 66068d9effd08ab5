// numpy's pairwise summation (np.add.reduce over a contiguous axis, as np.sum does it): blocks of
// up to 128 values summed with 8 accumulators, larger ranges split in two. Whatever reproduces
// numpy's figures bit for bit (metrics, samplers, generators) sums through this one function.
#pragma once

#include <cstddef>
#include <vector>

namespace rarenet {

// a: n values, `stride` apart.
inline double pairwise_sum(const double* a, std::size_t n, std::size_t stride = 1) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i) res += a[i * stride];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j * stride];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[(i + j) * stride];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i * stride];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2, stride) + pairwise_sum(a + n2 * stride, n - n2, stride);
}

inline double pairwise_sum(const std::vector<double>& v) {
  return pairwise_sum(v.data(), v.size());
}

}  // namespace rarenet
