// descending_score_order against the comparison sort it replaces (numpy's
// argsort(kind="mergesort")[::-1]): the same permutation, ties and signed zeros included, on both
// sides of the size where the radix sort takes over.
#include "core/score_order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace rarenet {
namespace {

std::vector<std::size_t> reference(const std::vector<double>& s) {
  std::vector<std::size_t> order(s.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return s[a] < s[b]; });
  std::reverse(order.begin(), order.end());
  return order;
}

TEST(ScoreOrder, SamePermutationAsTheStableSortReversed) {
  std::mt19937_64 rng(3);
  for (const std::size_t n : {0, 1, 2, 255, 256, 257, 1000, 80000}) {
    std::vector<std::vector<double>> cases;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> probabilities(n), ties(n), mixed(n);
    for (std::size_t i = 0; i < n; ++i) {
      probabilities[i] = unit(rng);
      ties[i] = std::floor(unit(rng) * 7) / 7;  // seven distinct values, many ties each
      // Signs, zeros of both signs, subnormals, huge and tiny magnitudes, infinities.
      const double pool[] = {-0.0,
                             0.0,
                             5e-324,
                             -5e-324,
                             1e308,
                             -1e308,
                             1.0,
                             -1.0,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             unit(rng) - 0.5};
      mixed[i] = pool[rng() % std::size(pool)];
    }
    for (const auto* s : {&probabilities, &ties, &mixed})
      EXPECT_EQ(descending_score_order(*s), reference(*s)) << "n " << n;
  }
}

// -0.0 and 0.0 compare equal, so they are one score: their rows stay in descending index order.
TEST(ScoreOrder, SignedZerosAreOneScore) {
  std::vector<double> s(300, 0.5);
  for (std::size_t i = 0; i < s.size(); i += 3) s[i] = -0.0;
  for (std::size_t i = 1; i < s.size(); i += 3) s[i] = 0.0;
  const std::vector<std::size_t> order = descending_score_order(s);
  ASSERT_EQ(order, reference(s));
  std::vector<std::size_t> zeros;
  for (const std::size_t i : order)
    if (s[i] == 0.0) zeros.push_back(i);
  EXPECT_TRUE(std::is_sorted(zeros.rbegin(), zeros.rend()));
}

}  // namespace
}  // namespace rarenet
