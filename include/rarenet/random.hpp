// RandomState: numpy's legacy random generator (numpy.random.RandomState), stream for stream.
//
// MT19937 seeded by init_genrand from a 32-bit integer, 53-bit doubles, the legacy polar
// Box-Muller gaussian that caches its second value, masked-rejection bounded integers and the
// legacy Fisher-Yates shuffle. The same seed gives numpy's numbers bit for bit; that is what lets
// make_classification, train_test_split and StratifiedKFold reproduce scikit-learn exactly.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace rarenet {

class RandomState {
 public:
  // numpy: RandomState(seed) with an integer seed in [0, 2**32 - 1].
  explicit RandomState(std::uint32_t seed = 0);

  std::uint32_t next_uint32();
  std::uint64_t next_uint64();  // numpy legacy: (hi << 32) | lo from two 32-bit draws
  // random_sample / rand: uniform on [0, 1) with 53 random bits.
  double random_sample();
  // uniform(low, high): low + (high - low) * random_sample().
  double uniform(double low, double high);
  // standard_normal / randn: legacy polar method with the cached second value.
  double standard_normal();
  // normal(loc, scale): loc + scale * standard_normal().
  double normal(double loc, double scale) { return loc + scale * standard_normal(); }
  // poisson(lam): numpy's legacy Poisson draw: multiplication of uniforms below lam = 10, the
  // PTRS transformed-rejection method (Hörmann 1993) from 10 on. lam >= 0 and finite.
  std::int64_t poisson(double lam);
  // randint(low, high): an integer in [low, high), numpy legacy masked rejection.
  std::int64_t randint(std::int64_t low, std::int64_t high);
  // A value in [0, max], the legacy masked rejection used by shuffle.
  std::uint64_t random_interval(std::uint64_t max);

  // shuffle(x): numpy legacy in-place Fisher-Yates over the first axis.
  template <typename T>
  void shuffle(std::span<T> x) {
    for (std::size_t i = x.size(); i-- > 1;) {
      const std::size_t j = static_cast<std::size_t>(random_interval(i));
      using std::swap;
      swap(x[i], x[j]);
    }
  }
  template <typename T>
  void shuffle(std::vector<T>& x) {
    shuffle(std::span<T>(x));
  }
  // permutation(n): a shuffled arange(n).
  std::vector<std::int64_t> permutation(std::int64_t n);

 private:
  void reload();
  std::array<std::uint32_t, 624> mt_{};
  int pos_ = 0;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

// FastRandom: xoshiro256** seeded through splitmix64, with Lemire's multiply-shift bounded
// integers. For the per-epoch shuffles of training, where no peer's stream is reproduced and a
// draw must cost a nanosecond or two (a 50-epoch run on 80,000 rows shuffles 4 million times).
class FastRandom {
 public:
  explicit FastRandom(std::uint64_t seed);
  // Both inline: a call per draw was a sixth of the tutorial workload's training time.
  std::uint64_t next() {
    const auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n), n >= 1, without modulo bias.
  std::uint32_t bounded(std::uint32_t n) {
    std::uint64_t m = static_cast<std::uint64_t>(static_cast<std::uint32_t>(next() >> 32)) * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) [[unlikely]] {
      const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;
      while (low < threshold) {
        m = static_cast<std::uint64_t>(static_cast<std::uint32_t>(next() >> 32)) * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }
  // In-place Fisher-Yates. The draws do not depend on the array, so they are made kAhead swaps
  // early and the element each will swap is prefetched: on 80,000 rows the random swaps missed
  // the cache. The same draws in the same order, so the same permutation as swapping at once.
  // The generator runs on a local copy: x's elements may be 64-bit integers, which the compiler
  // must assume alias the state, so every swap would otherwise send the state through memory
  // (on an AMD EPYC that tripled the cost of a swap).
  template <typename T>
  void shuffle(std::vector<T>& x) {
    const std::size_t n = x.size();
    if (n < 2) return;
    FastRandom rng = *this;
    constexpr std::size_t kAhead = 16;
    std::uint32_t ahead[kAhead];  // the draw for position i is in ahead[(n - i) % kAhead]
    std::size_t next_i = n;       // the next position to draw for
    const auto draw = [&] {
      const std::uint32_t j = rng.bounded(static_cast<std::uint32_t>(next_i));
      ahead[(n - next_i) % kAhead] = j;
      __builtin_prefetch(&x[j], 1);
      --next_i;
    };
    while (next_i > 1 && n - next_i < kAhead) draw();
    for (std::size_t i = n; i > 1; --i) {
      const std::size_t j = ahead[(n - i) % kAhead];
      if (next_i > 1) draw();  // overwrites the slot just read
      using std::swap;
      swap(x[i - 1], x[j]);
    }
    *this = rng;
  }

 private:
  std::uint64_t s_[4];
};

}  // namespace rarenet
