#include "rarenet/random.hpp"

#include <cmath>
#include <numeric>

namespace rarenet {
namespace {

constexpr int kN = 624;
constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;

// The smallest all-ones bit pattern covering `max` (the mask of masked rejection sampling).
std::uint64_t covering_mask(std::uint64_t max) {
  std::uint64_t mask = max;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  return mask;
}

}  // namespace

RandomState::RandomState(std::uint32_t seed) {
  // init_genrand, as numpy's mt19937_seed.
  mt_[0] = seed;
  for (int i = 1; i < kN; ++i)
    mt_[i] = 1812433253U * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  pos_ = kN;
}

void RandomState::reload() {
  int i = 0;
  for (; i < kN - kM; ++i) {
    const std::uint32_t y = (mt_[i] & kUpperMask) | (mt_[i + 1] & kLowerMask);
    mt_[i] = mt_[i + kM] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
  }
  for (; i < kN - 1; ++i) {
    const std::uint32_t y = (mt_[i] & kUpperMask) | (mt_[i + 1] & kLowerMask);
    mt_[i] = mt_[i + (kM - kN)] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
  }
  const std::uint32_t y = (mt_[kN - 1] & kUpperMask) | (mt_[0] & kLowerMask);
  mt_[kN - 1] = mt_[kM - 1] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
  pos_ = 0;
}

std::uint32_t RandomState::next_uint32() {
  if (pos_ == kN) reload();
  std::uint32_t y = mt_[pos_++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

std::uint64_t RandomState::next_uint64() {
  const std::uint64_t hi = next_uint32();
  return (hi << 32) | next_uint32();
}

double RandomState::random_sample() {
  const std::uint32_t a = next_uint32() >> 5, b = next_uint32() >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double RandomState::uniform(double low, double high) {
  return low + (high - low) * random_sample();
}

double RandomState::standard_normal() {
  if (has_gauss_) {
    has_gauss_ = false;
    return gauss_;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * random_sample() - 1.0;
    x2 = 2.0 * random_sample() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}

namespace {

// log(Gamma(x)) for the PTRS acceptance test: Stirling's series on x shifted to at least 7, with
// numpy's coefficients and order of operations (its acceptance decisions depend on the bits).
double log_gamma(double x) {
  static constexpr double a[10] = {
      8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
      8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
      1.796443723688307e-01, -1.39243221690590e+00};
  if (x == 1.0 || x == 2.0) return 0.0;
  const std::int64_t n = x < 7.0 ? static_cast<std::int64_t>(7 - x) : 0;
  double x0 = x + static_cast<double>(n);
  const double x2 = (1.0 / x0) * (1.0 / x0);
  double gl0 = a[9];
  for (int k = 8; k >= 0; --k) {
    gl0 *= x2;
    gl0 += a[k];
  }
  constexpr double log_2pi = 1.8378770664093453e+00;
  double gl = gl0 / x0 + 0.5 * log_2pi + (x0 - 0.5) * std::log(x0) - x0;
  for (std::int64_t k = 1; k <= n; ++k) {
    gl -= std::log(x0 - 1.0);
    x0 -= 1.0;
  }
  return gl;
}

}  // namespace

std::int64_t RandomState::poisson(double lam) {
  if (lam == 0) return 0;
  if (lam < 10) {  // multiply uniforms until the product falls to exp(-lam)
    const double enlam = std::exp(-lam);
    std::int64_t x = 0;
    double prod = 1.0;
    while (true) {
      prod *= random_sample();
      if (prod > enlam)
        x += 1;
      else
        return x;
    }
  }
  const double slam = std::sqrt(lam), loglam = std::log(lam);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = random_sample() - 0.5;
    const double v = random_sample();
    const double us = 0.5 - std::fabs(u);
    const auto k = static_cast<std::int64_t>(std::floor((2 * a / us + b) * u + lam + 0.43));
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -lam + static_cast<double>(k) * loglam - log_gamma(static_cast<double>(k + 1)))
      return k;
  }
}

std::int64_t RandomState::randint(std::int64_t low, std::int64_t high) {
  // numpy's legacy bounded integers: rng = high - 1 - low, masked rejection on 32-bit draws when
  // the range fits in 32 bits, on 64-bit draws otherwise.
  const std::uint64_t rng = static_cast<std::uint64_t>(high - 1) - static_cast<std::uint64_t>(low);
  if (rng == 0) return low;
  std::uint64_t value;
  if (rng <= 0xffffffffULL) {
    if (rng == 0xffffffffULL) {
      value = next_uint32();
    } else {
      const std::uint32_t mask = static_cast<std::uint32_t>(covering_mask(rng));
      while ((value = (next_uint32() & mask)) > rng) {
      }
    }
  } else if (rng == ~0ULL) {
    value = next_uint64();
  } else {
    const std::uint64_t mask = covering_mask(rng);
    while ((value = (next_uint64() & mask)) > rng) {
    }
  }
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + value);
}

std::uint64_t RandomState::random_interval(std::uint64_t max) {
  if (max == 0) return 0;
  const std::uint64_t mask = covering_mask(max);
  std::uint64_t value;
  if (max <= 0xffffffffULL) {
    while ((value = (next_uint32() & mask)) > max) {
    }
  } else {
    while ((value = (next_uint64() & mask)) > max) {
    }
  }
  return value;
}

std::vector<std::int64_t> RandomState::permutation(std::int64_t n) {
  std::vector<std::int64_t> p(static_cast<std::size_t>(n < 0 ? 0 : n));
  std::iota(p.begin(), p.end(), std::int64_t{0});
  shuffle(p);
  return p;
}

FastRandom::FastRandom(std::uint64_t seed) {
  for (auto& word : s_) {  // splitmix64
    seed += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    word = z ^ (z >> 31);
  }
}

}  // namespace rarenet
