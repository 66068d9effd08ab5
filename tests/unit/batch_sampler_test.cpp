// Batch sampling: shuffle is Keras's reshuffle of every row; stratified spreads each class evenly
// through the epoch; balanced under-samples every class to the rarest one's count, afresh each
// epoch. All are fixed by the seed.
#include <algorithm>
#include <cmath>
#include <set>

#include "rarenet/error.hpp"
#include "support.hpp"
#include "train/batch_sampler.hpp"
#include "train/trainer.hpp"

namespace rarenet {
namespace {

// n rows; class c has counts[c] of them, in a scattered order.
std::vector<int> classes_of(const std::vector<int>& counts) {
  std::vector<int> c;
  for (std::size_t k = 0; k < counts.size(); ++k) c.insert(c.end(), counts[k], static_cast<int>(k));
  FastRandom r(99);
  r.shuffle(c);
  return c;
}

TEST(BatchSampler, ShuffleIsKerasReshuffleOfEveryRow) {
  BatchSampler s(BatchSampling::Shuffle, true, 50, {}, 7);
  FastRandom r(7);
  std::vector<std::int64_t> want(50);
  for (int i = 0; i < 50; ++i) want[i] = i;
  for (int epoch = 0; epoch < 3; ++epoch) {
    r.shuffle(want);
    EXPECT_EQ(s.next_epoch(), want);
  }
  BatchSampler fixed(BatchSampling::Shuffle, false, 5, {}, 7);
  EXPECT_EQ(fixed.next_epoch(), (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
}

// Counts of each class in each full batch of b rows lie within the number of classes K of the
// class's share: floor((b - K + 1) n_c / n) <= count <= ceil((b + K - 1) n_c / n).
void check_spread(const std::vector<std::int64_t>& order, const std::vector<int>& cls,
                  const std::vector<std::size_t>& per_class, std::size_t b) {
  const std::size_t K = per_class.size(), n = order.size();
  for (std::size_t first = 0; first + b <= n; first += b) {
    std::vector<std::size_t> count(K, 0);
    for (std::size_t i = first; i < first + b; ++i) ++count[cls[order[i]]];
    for (std::size_t c = 0; c < K; ++c) {
      const double share = static_cast<double>(per_class[c]) / static_cast<double>(n);
      EXPECT_GE(count[c], std::floor(static_cast<double>(b - K + 1) * share))
          << "class " << c << " batch at " << first;
      EXPECT_LE(count[c], std::ceil(static_cast<double>(b + K - 1) * share))
          << "class " << c << " batch at " << first;
    }
  }
}

TEST(BatchSampler, StratifiedBatchesHoldEachClassInItsProportion) {
  for (const std::vector<int>& counts :
       {std::vector<int>{970, 30}, std::vector<int>{500, 60, 40}, std::vector<int>{10, 10}}) {
    const std::vector<int> cls = classes_of(counts);
    const std::int64_t n = static_cast<std::int64_t>(cls.size());
    BatchSampler s(BatchSampling::Stratified, true, n, cls, 3);
    std::vector<std::int64_t> previous;
    for (int epoch = 0; epoch < 5; ++epoch) {
      const std::vector<std::int64_t> order = s.next_epoch();
      // Every row exactly once.
      std::vector<std::int64_t> sorted = order;
      std::sort(sorted.begin(), sorted.end());
      for (std::int64_t i = 0; i < n; ++i) ASSERT_EQ(sorted[i], i);
      std::vector<std::size_t> per_class(counts.begin(), counts.end());
      for (std::size_t b : {32u, 64u, 7u}) check_spread(order, cls, per_class, b);
      EXPECT_NE(order, previous);  // a fresh order each epoch
      previous = order;
    }
  }
  // 970 : 30 in batches of 64: the rare class's share is 1.9 rows, so every full batch has one;
  // a plain shuffle leaves some batches without any.
  const std::vector<int> cls = classes_of({970, 30});
  const auto batches_without_rare = [&](BatchSampling sampling) {
    BatchSampler s(sampling, true, 1000,
                   sampling == BatchSampling::Shuffle ? std::vector<int>{} : cls, 5);
    int empty = 0;
    for (int epoch = 0; epoch < 20; ++epoch) {
      const auto& order = s.next_epoch();
      for (std::size_t first = 0; first + 64 <= order.size(); first += 64) {
        int rare = 0;
        for (std::size_t i = first; i < first + 64; ++i) rare += cls[order[i]] == 1;
        empty += rare == 0;
      }
    }
    return empty;
  };
  EXPECT_EQ(batches_without_rare(BatchSampling::Stratified), 0);
  EXPECT_GT(batches_without_rare(BatchSampling::Shuffle), 0);
}

TEST(BatchSampler, BalancedUnderSamplesEveryClassAfreshEachEpoch) {
  const std::vector<int> cls = classes_of({900, 60, 40});
  BatchSampler s(BatchSampling::Balanced, true, 1000, cls, 11);
  std::set<std::int64_t> seen;
  std::vector<std::int64_t> previous;
  for (int epoch = 0; epoch < 300; ++epoch) {
    const std::vector<std::int64_t> order = s.next_epoch();
    ASSERT_EQ(order.size(), 120u);  // 3 classes x the rarest class's 40 rows
    std::vector<std::size_t> per_class(3, 0);
    for (std::int64_t r : order) ++per_class[cls[r]];
    EXPECT_EQ(per_class, (std::vector<std::size_t>{40, 40, 40}));
    EXPECT_EQ(std::set<std::int64_t>(order.begin(), order.end()).size(), 120u);  // no repeats
    check_spread(order, cls, per_class, 30);  // each batch of 30: 10 of each class, within 2
    EXPECT_NE(order, previous);
    previous = order;
    seen.insert(order.begin(), order.end());
  }
  EXPECT_EQ(seen.size(), 1000u);  // over the epochs every majority row is used
}

TEST(BatchSampler, SameSeedSameBatchesOtherSeedOthers) {
  const std::vector<int> cls = classes_of({300, 20});
  for (BatchSampling b : {BatchSampling::Stratified, BatchSampling::Balanced}) {
    BatchSampler a(b, true, 320, cls, 1), same(b, true, 320, cls, 1), other(b, true, 320, cls, 2);
    for (int epoch = 0; epoch < 3; ++epoch) {
      const std::vector<std::int64_t> x = a.next_epoch();
      EXPECT_EQ(x, same.next_epoch());
      EXPECT_NE(x, other.next_epoch());
    }
  }
}

TEST(BatchSampler, TrainingUsesItAndRefusesMultiLabelTargets) {
  RandomState r(4);
  const Index n = 200;
  RowMatrixF X(n, 3), Y(n, 1);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < 3; ++j) X(i, j) = static_cast<float>(r.standard_normal());
    Y(i, 0) = i % 10 == 0 ? 1.0f : 0.0f;
  }
  NetworkSpec spec{3, {{4, Activation::Relu}, {1, Activation::Sigmoid}}};
  TrainConfig config;
  config.epochs = 3;
  config.batch_size = 10;
  std::vector<std::vector<float>> params;
  for (BatchSampling b :
       {BatchSampling::Shuffle, BatchSampling::Stratified, BatchSampling::Balanced}) {
    Network net(spec);
    net.initialize(1);
    config.sampling = b;
    const FitHistory h = fit(net, X, Y, {}, config);
    ASSERT_EQ(h.epochs.size(), 3u);
    EXPECT_TRUE(std::isfinite(h.epochs.back().loss));
    params.emplace_back(net.parameters().begin(), net.parameters().end());
  }
  EXPECT_NE(params[0], params[1]);
  EXPECT_NE(params[1], params[2]);
  NetworkSpec multi{3, {{4, Activation::Relu}, {2, Activation::Sigmoid}}};
  Network net(multi);
  net.initialize(1);
  RowMatrixF Y2(n, 2);
  Y2.col(0) = Y.col(0);
  Y2.col(1) = Y.col(0);
  EXPECT_NE(testing::error_message([&] { fit(net, X, Y2, {}, config); }).find("multi-label"),
            std::string::npos);
}

}  // namespace
}  // namespace rarenet
