// Training allocates nothing once its buffers exist: every malloc of this program is counted,
// and an epoch of training (after the first) must make none.
#include <malloc.h>

#include <atomic>
#include <cstdlib>

#include "rarenet/random.hpp"
#include "support.hpp"
#include "train/trainer.hpp"

extern "C" void* __libc_malloc(std::size_t);
extern "C" void* __libc_memalign(std::size_t, std::size_t);

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

// glibc lets a program replace malloc; libstdc++'s operator new and Eigen both call it.
extern "C" void* malloc(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}

namespace rarenet {
namespace {

long allocations_during_one_epoch(const NetworkSpec& spec, Loss loss, int k, bool per_element,
                                  int batch_size = 100,
                                  BatchSampling sampling = BatchSampling::Shuffle) {
  RandomState rng(0);
  const Index n = 3000;
  RowMatrixF X(n, spec.n_inputs), Y = RowMatrixF::Zero(n, k);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < X.cols(); ++j) X(i, j) = static_cast<float>(rng.standard_normal());
    if (loss == Loss::CategoricalCrossEntropy || loss == Loss::CategoricalFocal)
      Y(i, static_cast<Index>(rng.randint(0, k))) = 1;
    else
      for (Index j = 0; j < k; ++j) Y(i, j) = rng.random_sample() < 0.1 ? 1.0f : 0.0f;
  }
  SampleWeights w;
  if (per_element)
    w.per_element = RowMatrixF::Constant(n, k, 2.0f);
  else
    w.per_sample = VectorF::Constant(n, 3.0f);
  Network net(spec);
  net.initialize(0);
  TrainConfig c;
  c.epochs = 3;
  c.batch_size = batch_size;
  c.threads = 2;
  c.loss = loss;
  c.sampling = sampling;
  long during_epoch_3 = -1;
  fit(net, X, Y, w, c, nullptr, [&](const EpochRecord& r) {
    if (r.epoch == 2) {
      allocations = 0;
      counting = true;
    } else if (r.epoch == 3) {
      counting = false;
      during_epoch_3 = allocations;
    }
  });
  return during_epoch_3;
}

TEST(Allocation, CountingWorks) {
  counting = true;
  allocations = 0;
  void* p = std::malloc(64);
  counting = false;
  std::free(p);
  EXPECT_EQ(allocations, 1);
}

TEST(Allocation, AnEpochOfTrainingAllocatesNothing) {
  // Small layers (SIMD loops), wide layers (matrix products), softmax and multi-label heads.
  EXPECT_EQ(allocations_during_one_epoch(
                {2, {{2, Activation::Relu}, {2, Activation::Relu}, {1, Activation::Sigmoid}}},
                Loss::BinaryCrossEntropy, 1, false),
            0);
  EXPECT_EQ(allocations_during_one_epoch(
                {50, {{64, Activation::Relu}, {64, Activation::Tanh}, {1, Activation::Sigmoid}}},
                Loss::BinaryCrossEntropy, 1, false),
            0);
  EXPECT_EQ(
      allocations_during_one_epoch({10, {{32, Activation::LeakyRelu}, {5, Activation::Softmax}}},
                                   Loss::CategoricalCrossEntropy, 5, false),
      0);
  EXPECT_EQ(allocations_during_one_epoch({10, {{32, Activation::Relu}, {3, Activation::Sigmoid}}},
                                         Loss::BinaryCrossEntropy, 3, true),
            0);
  // Batches cut into shards and run on the thread pool.
  EXPECT_EQ(allocations_during_one_epoch(
                {50, {{64, Activation::Relu}, {64, Activation::Tanh}, {1, Activation::Sigmoid}}},
                Loss::BinaryCrossEntropy, 1, false, 256),
            0);
}

TEST(Allocation, FocalLossesAndBatchSamplersAllocateNothingPerEpoch) {
  EXPECT_EQ(allocations_during_one_epoch({10, {{32, Activation::Relu}, {3, Activation::Sigmoid}}},
                                         Loss::BinaryFocal, 3, true),
            0);
  EXPECT_EQ(allocations_during_one_epoch(
                {10, {{32, Activation::LeakyRelu}, {5, Activation::Softmax}}},
                Loss::CategoricalFocal, 5, false, 100, BatchSampling::Stratified),
            0);
  EXPECT_EQ(allocations_during_one_epoch({4, {{8, Activation::Relu}, {1, Activation::Sigmoid}}},
                                         Loss::BinaryCrossEntropy, 1, false, 100,
                                         BatchSampling::Balanced),
            0);
}

}  // namespace
}  // namespace rarenet
