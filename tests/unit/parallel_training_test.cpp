// One model on every core: the thread pool, the shard plan, and training that gives the same
// bytes at any thread count.
#include <atomic>
#include <cstring>
#include <stdexcept>

#include "core/denormals.hpp"
#include "core/parallel.hpp"
#include "core/thread_pool.hpp"
#include "nn/backprop.hpp"
#include "rarenet/classifier.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"
#include "train/trainer.hpp"

namespace rarenet {
namespace {

TEST(ThreadPool, RunsEveryTaskOnceInEveryPhaseAndSurvivesAnException) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.size(), 3);
  std::vector<int> hits(17, 0);
  for (int phase = 0; phase < 2000; ++phase)
    pool.run(hits.size(), [&](std::size_t i) { ++hits[i]; });
  for (int h : hits) EXPECT_EQ(h, 2000);
  EXPECT_THROW(pool.run(10,
                        [](std::size_t i) {
                          if (i == 7) throw std::runtime_error("task 7");
                        }),
               std::runtime_error);
  std::atomic<int> after{0};
  pool.run(5, [&](std::size_t) { ++after; });
  EXPECT_EQ(after, 5);
}

TEST(ThreadPool, CompositionWithJobsNeverOversubscribes) {
  const int cores = resolve_jobs(0);
  EXPECT_EQ(threads_per_task(0, 1, 10), cores);  // one training at a time: every core
  EXPECT_EQ(threads_per_task(0, cores, 45), 1);  // one training per core: one thread each
  EXPECT_EQ(threads_per_task(1, 1, 10), 1);      // an explicit --threads is an upper bound
  EXPECT_EQ(threads_per_task(0, 0, 1), cores);   // one task: every core for it
  for (int jobs = 1; jobs <= 2 * cores; ++jobs)
    for (int threads = 0; threads <= 2 * cores; ++threads) {
      const int t = threads_per_task(threads, jobs, 100);
      EXPECT_GE(t, 1);
      if (jobs <= cores) {
        EXPECT_LE(t * jobs, cores) << jobs << " jobs, --threads " << threads;
      }
    }
}

TEST(ShardPlan, DependsOnTheBatchAndTheNetworkOnly) {
  const NetworkSpec tutorial{
      2, {{2, Activation::Relu}, {2, Activation::Relu}, {1, Activation::Sigmoid}}};
  const NetworkSpec large{
      50, {{64, Activation::Relu}, {64, Activation::Relu}, {1, Activation::Sigmoid}}};
  EXPECT_EQ(shard_count(tutorial, 100), 1);
  EXPECT_EQ(shard_count(tutorial, 100000), 8);
  EXPECT_EQ(shard_count(large, 32), 1);
  EXPECT_EQ(shard_count(large, 256), 4);
  EXPECT_EQ(shard_count(large, 4096), 8);
}

// The shards' numerator gradients, summed and divided by the whole batch's denominator, are
// the whole batch's gradient.
TEST(ShardPlan, ShardGradientsSumToTheBatchGradient) {
  for (Reduction reduction : {Reduction::SumOverBatchSize, Reduction::WeightedMean}) {
    const NetworkSpec spec{
        6, {{24, Activation::Tanh}, {16, Activation::Relu}, {3, Activation::Softmax}}};
    Network net(spec);
    net.initialize(5);
    RandomState rng(2);
    const Index n = 50;
    RowMatrixF X(n, 6), Y = RowMatrixF::Zero(n, 3);
    SampleWeights w;
    w.per_sample.resize(n);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < 6; ++j) X(i, j) = static_cast<float>(rng.standard_normal());
      Y(i, i % 3) = 1;
      w.per_sample(i) = static_cast<float>(0.5 + rng.random_sample());
    }
    std::vector<std::int64_t> rows(n);
    for (Index i = 0; i < n; ++i) rows[i] = (i * 7) % n;
    const std::size_t p = net.parameter_count();
    std::vector<float> whole(p), a(p), b(p);
    Backprop all(spec, n), half(spec, n);
    all.gather(X, Y, w, rows);
    all.forward(net);
    const double loss = all.backward(net, Loss::CategoricalCrossEntropy, reduction, whole);
    const std::span<const std::int64_t> r(rows);
    half.gather(X, Y, w, r.first(20));
    half.forward(net);
    const auto pa = half.backward_numerator(net, Loss::CategoricalCrossEntropy, reduction, a);
    half.gather(X, Y, w, r.subspan(20));
    half.forward(net);
    const auto pb = half.backward_numerator(net, Loss::CategoricalCrossEntropy, reduction, b);
    const double den = pa.denominator + pb.denominator;
    EXPECT_NEAR((pa.numerator + pb.numerator) / den, loss, 1e-6);
    for (std::size_t i = 0; i < p; ++i)
      EXPECT_NEAR((a[i] + b[i]) / den, whole[i], 1e-6 * (1 + std::fabs(whole[i]))) << i;
  }
}

struct Trained {
  std::vector<float> params;
  std::vector<double> losses;
};

Trained train_with(int threads, Loss loss, Reduction reduction, bool per_element,
                   std::vector<float> dropout = {}) {
  // 2,000 rows in batches of 256: 7 full batches of 4 shards and a last one of 208 rows.
  const Index n = 2000, k = loss == Loss::CategoricalCrossEntropy ? 3 : 1;
  const NetworkSpec spec{
      12,
      {{32, Activation::Relu},
       {32, Activation::Tanh},
       {static_cast<int>(k),
        loss == Loss::CategoricalCrossEntropy ? Activation::Softmax : Activation::Sigmoid}}};
  RandomState rng(7);
  RowMatrixF X(n, 12), Y = RowMatrixF::Zero(n, k);
  SampleWeights w;
  if (per_element)
    w.per_element.resize(n, k);
  else
    w.per_sample.resize(n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < 12; ++j) X(i, j) = static_cast<float>(rng.standard_normal());
    if (k == 1)
      Y(i, 0) = X(i, 0) + 0.5f * X(i, 1) > 1.0f ? 1.0f : 0.0f;
    else
      Y(i, static_cast<Index>(rng.randint(0, 3))) = 1.0f;
    if (per_element)
      for (Index j = 0; j < k; ++j) w.per_element(i, j) = static_cast<float>(1 + j);
    else
      w.per_sample(i) = Y(i, 0) > 0 ? 6.0f : 1.0f;
  }
  Network net(spec);
  net.initialize(11);
  TrainConfig c;
  c.epochs = 3;
  c.batch_size = 256;
  c.loss = loss;
  c.reduction = reduction;
  c.threads = threads;
  c.dropout = std::move(dropout);
  EXPECT_EQ(shard_count(spec, 256), 4);  // the test exercises the sharded path
  const FitHistory h = fit(net, X, Y, w, c);
  Trained t;
  t.params.assign(net.parameters().begin(), net.parameters().end());
  for (const auto& e : h.epochs) t.losses.push_back(e.loss);
  return t;
}

#if defined(__SSE__)
// The steps flush subnormal floats (core/denormals.hpp) on every thread that runs a shard, but
// the caller's own floating-point mode is left as it was, flushing or not.
TEST(ParallelTraining, TrainingLeavesTheCallersFloatingPointModeAsItWas) {
  const unsigned start = _mm_getcsr();
  for (unsigned mode : {start & ~FlushDenormals::kFlushBits, start | FlushDenormals::kFlushBits}) {
    _mm_setcsr(mode);
    for (int threads : {1, 2}) {
      train_with(threads, Loss::BinaryCrossEntropy, Reduction::SumOverBatchSize, false);
      // The control bits; the low six are sticky exception flags that any arithmetic may set.
      EXPECT_EQ(_mm_getcsr() & ~0x3Fu, mode & ~0x3Fu) << threads << " threads";
    }
  }
  _mm_setcsr(start);
}
#endif

TEST(ParallelTraining, OneTwoOrThreeThreadsGiveTheSameBytes) {
  for (Loss loss : {Loss::BinaryCrossEntropy, Loss::CategoricalCrossEntropy})
    for (Reduction reduction : {Reduction::SumOverBatchSize, Reduction::WeightedMean})
      for (bool per_element : {false, true}) {
        const Trained one = train_with(1, loss, reduction, per_element);
        for (int threads : {2, 3}) {
          const Trained many = train_with(threads, loss, reduction, per_element);
          ASSERT_EQ(one.params.size(), many.params.size());
          EXPECT_EQ(
              std::memcmp(one.params.data(), many.params.data(), one.params.size() * sizeof(float)),
              0)
              << to_string(loss) << " " << to_string(reduction) << " threads " << threads;
          EXPECT_EQ(one.losses, many.losses);
        }
        // And it learned: the loss fell.
        EXPECT_LT(one.losses.back(), one.losses.front());
      }
}

// Dropout masks belong to rows (seed, epoch, row), not to shards or threads: still the same bytes.
TEST(ParallelTraining, DropoutGivesTheSameBytesOnAnyThreadCount) {
  const Trained one =
      train_with(1, Loss::BinaryCrossEntropy, Reduction::SumOverBatchSize, false, {0.3f, 0.1f});
  const Trained none = train_with(1, Loss::BinaryCrossEntropy, Reduction::SumOverBatchSize, false);
  EXPECT_NE(one.losses, none.losses);  // the masks were applied
  for (int threads : {2, 3}) {
    const Trained many = train_with(threads, Loss::BinaryCrossEntropy, Reduction::SumOverBatchSize,
                                    false, {0.3f, 0.1f});
    EXPECT_EQ(one.params, many.params) << "threads " << threads;
    EXPECT_EQ(one.losses, many.losses);
  }
}

// An ensemble's members train side by side, each on its own seed: the same bytes on one thread
// as on several, and each member differs from the others.
TEST(ParallelTraining, EnsembleMembersGiveTheSameBytesOnAnyThreadCount) {
  MakeClassificationParams p;
  p.n_samples = 300, p.n_features = 4, p.random_state = 2;
  p.weights = {0.8};
  const Dataset d = testing::dataset_of(make_classification(p));
  TrainOptions o;
  o.hidden = {6};
  o.train.epochs = 3;
  o.ensemble = 4;
  o.train.threads = 1;
  const Classifier one = train_classifier(d, o);
  ASSERT_EQ(one.members.size(), 3u);
  for (int threads : {2, 3}) {
    o.train.threads = threads;
    const Classifier many = train_classifier(d, o);
    ASSERT_EQ(many.members.size(), 3u);
    for (std::size_t m = 0; m < 3; ++m) {
      const auto a = one.members[m].parameters(), b = many.members[m].parameters();
      EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()))
          << "member " << m << ", threads " << threads;
    }
  }
  const auto a = one.members[0].parameters(), b = one.members[1].parameters();
  EXPECT_FALSE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
}

}  // namespace
}  // namespace rarenet
