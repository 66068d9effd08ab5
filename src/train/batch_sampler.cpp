#include "train/batch_sampler.hpp"

#include <algorithm>

#include "rarenet/error.hpp"

namespace rarenet {

BatchSampler::BatchSampler(BatchSampling sampling, bool shuffle, std::int64_t n,
                           std::vector<int> class_of_row, std::uint64_t seed)
    : sampling_(sampling), shuffle_(shuffle), rng_(seed) {
  if (sampling_ == BatchSampling::Shuffle) {
    order_.resize(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) order_[static_cast<std::size_t>(i)] = i;
    return;
  }
  if (static_cast<std::int64_t>(class_of_row.size()) != n)
    throw ConfigError("batch_sampler " + to_string(sampling_) +
                      ": needs one class per training row");
  int n_classes = 0;
  for (int c : class_of_row) n_classes = std::max(n_classes, c + 1);
  rows_of_class_.resize(static_cast<std::size_t>(n_classes));
  for (std::int64_t i = 0; i < n; ++i)
    rows_of_class_[static_cast<std::size_t>(class_of_row[static_cast<std::size_t>(i)])].push_back(
        i);
  // Classes with no row take no part (a label absent from these training rows).
  std::erase_if(rows_of_class_, [](const auto& rows) { return rows.empty(); });
  placed_.reserve(static_cast<std::size_t>(n));
  order_.reserve(static_cast<std::size_t>(n));
}

const std::vector<std::int64_t>& BatchSampler::next_epoch() {
  if (sampling_ == BatchSampling::Shuffle) {
    // Shuffling last epoch's order is as random as shuffling 0..n-1, and saves a pass.
    if (shuffle_) rng_.shuffle(order_);
    return order_;
  }
  std::size_t keep = SIZE_MAX;  // rows per class this epoch
  if (sampling_ == BatchSampling::Balanced)
    for (const auto& rows : rows_of_class_) keep = std::min(keep, rows.size());
  std::size_t total = 0;
  for (const auto& rows : rows_of_class_) total += std::min(keep, rows.size());
  placed_.clear();
  for (auto& rows : rows_of_class_) {
    // A fresh order per epoch; for balanced sampling its first `keep` rows are the under-sample.
    rng_.shuffle(rows);
    const std::size_t m = std::min(keep, rows.size());
    // A uniform offset in [0, 1) from 53 random bits.
    const double u = static_cast<double>(rng_.next() >> 11) * 0x1.0p-53;
    const double step = static_cast<double>(total) / static_cast<double>(m);
    for (std::size_t j = 0; j < m; ++j)
      placed_.emplace_back((static_cast<double>(j) + u) * step, rows[j]);
  }
  // Equal points (rare) go by row number; std::sort, unlike stable_sort, allocates nothing.
  std::sort(placed_.begin(), placed_.end());
  order_.clear();
  for (const auto& [point, row] : placed_) order_.push_back(row);
  return order_;
}

}  // namespace rarenet
