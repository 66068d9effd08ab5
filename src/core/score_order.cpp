#include "core/score_order.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <utility>

namespace rarenet {
namespace {

// An unsigned key that orders as the double does: positive numbers get their sign bit set,
// negative ones are inverted whole (so a larger magnitude sorts lower); -0.0 becomes 0.0 first.
std::uint64_t ordered_key(double x) {
  if (x == 0.0) x = 0.0;
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
}

struct Item {
  std::uint64_t key;
  std::size_t index;
};

}  // namespace

std::vector<std::size_t> descending_score_order(const std::vector<double>& scores) {
  const std::size_t n = scores.size();
  std::vector<std::size_t> order(n);
  // Below a few hundred scores the histograms cost more than the sort they save.
  constexpr std::size_t kRadixFrom = 256;
  if (n < kRadixFrom) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    std::reverse(order.begin(), order.end());
    return order;
  }
  std::vector<Item> items(n), spare(n);
  std::array<std::array<std::size_t, 256>, 8> counts{};
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t key = ordered_key(scores[i]);
    items[i] = {key, i};
    for (int d = 0; d < 8; ++d) ++counts[static_cast<std::size_t>(d)][(key >> (8 * d)) & 0xff];
  }
  // One stable counting pass per byte, lowest first; a byte that every key shares is skipped
  // (probabilities in [0, 1] share their top byte, for one).
  for (int d = 0; d < 8; ++d) {
    std::array<std::size_t, 256>& count = counts[static_cast<std::size_t>(d)];
    if (std::find(count.begin(), count.end(), n) != count.end()) continue;
    std::size_t start = 0;
    for (std::size_t& c : count) start += std::exchange(c, start);
    for (const Item& it : items) spare[count[(it.key >> (8 * d)) & 0xff]++] = it;
    items.swap(spare);
  }
  for (std::size_t i = 0; i < n; ++i) order[i] = items[n - 1 - i].index;
  return order;
}

}  // namespace rarenet
