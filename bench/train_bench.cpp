// Training speed: the tutorial workload, the large workload, and the machine's float32 GEMM rate
// (the yardstick for the large workload's achieved FLOP rate).
#include <benchmark/benchmark.h>

#ifdef RARENET_BENCH_OPENBLAS
#include <cblas.h>
#endif

#include "core/thread_pool.hpp"
#include "nn/small_gemm.hpp"
#include "rarenet/random.hpp"
#include "train/trainer.hpp"

namespace {

using namespace rarenet;

struct Workload {
  RowMatrixF X, Y;
  SampleWeights w;
};

Workload make_workload(Index n, Index features) {
  RandomState rng(0);
  Workload d;
  d.X.resize(n, features);
  d.Y.resize(n, 1);
  d.w.per_sample.resize(n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < features; ++j) d.X(i, j) = static_cast<float>(rng.standard_normal());
    d.Y(i, 0) = rng.random_sample() < 0.01 ? 1.0f : 0.0f;
    d.w.per_sample(i) = d.Y(i, 0) > 0 ? 50.0f : 0.5f;  // balanced-style weights
  }
  return d;
}

// 80,000 x 2 rows, 2 relu -> 2 relu -> 1 sigmoid, weighted BCE, batch 100, 50 epochs, Adam.
// Argument: threads (0: one per core).
void BM_TutorialTraining(benchmark::State& state) {
  const Workload d = make_workload(80000, 2);
  const NetworkSpec spec{2,
                         {{2, Activation::Relu}, {2, Activation::Relu}, {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 50;
  c.batch_size = 100;
  c.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Network net(spec);
    net.initialize(0);
    fit(net, d.X, d.Y, d.w, c);
    benchmark::DoNotOptimize(net.parameters().data());
  }
  state.counters["rows_per_s"] =
      benchmark::Counter(80000.0 * 50 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TutorialTraining)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// 1,000,000 x 50 rows, 64 relu -> 64 relu -> 1 sigmoid, weighted BCE, batch 256, 5 epochs.
// Argument: threads.
void BM_LargeTraining(benchmark::State& state) {
  const Workload d = make_workload(1000000, 50);
  const NetworkSpec spec{
      50, {{64, Activation::Relu}, {64, Activation::Relu}, {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 5;
  c.batch_size = 256;
  c.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Network net(spec);
    net.initialize(0);
    fit(net, d.X, d.Y, d.w, c);
    benchmark::DoNotOptimize(net.parameters().data());
  }
  // Multiply-adds per row: forward 50*64 + 64*64 + 64; backward twice that (weights and inputs).
  const double flops_per_row = 2.0 * 3.0 * (50 * 64 + 64 * 64 + 64);
  state.counters["GFLOP_per_s"] = benchmark::Counter(
      flops_per_row * 1e6 * 5 * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LargeTraining)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1);

// Where threads start to pay: a 64-64-1 network on 50 inputs at batch sizes around the
// shard threshold, one epoch of 100,000 rows. Arguments: batch size, threads.
void BM_ShardCrossover(benchmark::State& state) {
  static const Workload d = make_workload(100000, 50);
  const Index width = state.range(2);
  const NetworkSpec spec{50,
                         {{static_cast<int>(width), Activation::Relu},
                          {static_cast<int>(width), Activation::Relu},
                          {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 1;
  c.batch_size = static_cast<int>(state.range(0));
  c.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    Network net(spec);
    net.initialize(0);
    fit(net, d.X, d.Y, d.w, c);
    benchmark::DoNotOptimize(net.parameters().data());
  }
  state.counters["shards"] = static_cast<double>(shard_count(spec, c.batch_size));
}
BENCHMARK(BM_ShardCrossover)
    ->ArgsProduct({{32, 64, 128, 256}, {1, 2}, {8, 16, 32, 64}})
    ->Unit(benchmark::kMillisecond);

// Eigen float32 GEMM at the large workload's shapes (64 x 50 by 50 x 256) and a square one.
void BM_Gemm(benchmark::State& state) {
  const Index m = state.range(0), k = state.range(1), n = state.range(2);
  RowMatrixF A = RowMatrixF::Random(m, k), B = RowMatrixF::Random(k, n), C(m, n);
  for (auto _ : state) {
    C.noalias() = A * B;
    benchmark::DoNotOptimize(C.data());
  }
  state.counters["GFLOP_per_s"] =
      benchmark::Counter(2.0 * m * k * n * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
// The products of one training step at the large workload's shapes (forward W x, the kernel
// gradient delta x^T, the propagated delta W^T delta), whole batch and one 64-row shard.
#define GEMM_SHAPES         \
  Args({64, 50, 256})       \
      ->Args({64, 256, 50}) \
      ->Args({50, 64, 256}) \
      ->Args({64, 64, 256}) \
      ->Args({64, 256, 64}) \
      ->Args({64, 50, 64})  \
      ->Args({64, 64, 64})  \
      ->Args({1024, 1024, 1024})
BENCHMARK(BM_Gemm)->GEMM_SHAPES;

// The training step's own kernel for depths up to kSmallGemmMaxDepth (small_gemm.hpp), at the
// same shapes (the larger depths, which training leaves to Eigen, for comparison).
void BM_SmallGemm(benchmark::State& state) {
  const Index m = state.range(0), k = state.range(1), n = state.range(2);
  RowMatrixF A = RowMatrixF::Random(m, k), B = RowMatrixF::Random(k, n), C(m, n);
  for (auto _ : state) {
    small_gemm(A.data(), k, 1, B.data(), n, C.data(), n, m, k, n, nullptr);
    benchmark::DoNotOptimize(C.data());
  }
  state.counters["GFLOP_per_s"] =
      benchmark::Counter(2.0 * m * k * n * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SmallGemm)->GEMM_SHAPES;

// A kernel gradient as one shard computes it: delta (units x rows) times the layer input's
// transpose, the input held feature-major (inputs x rows) as training keeps it. Eigen multiplies
// by the transpose directly; small_gemm needs the transpose row-major, so it is copied first
// (training does this for a hidden layer's input; the first layer's comes gathered that way).
void BM_KernelGradient(benchmark::State& state) {
  const Index units = state.range(0), rows = state.range(1), inputs = state.range(2);
  const bool small = state.range(3) != 0;
  RowMatrixF delta = RowMatrixF::Random(units, rows), in = RowMatrixF::Random(inputs, rows);
  RowMatrixF in_t = RowMatrixF::Zero(rows, small_gemm_padded(inputs)), gW(units, inputs);
  for (auto _ : state) {
    if (small) {
      transpose(in.data(), rows, inputs, rows, in_t.data(), in_t.cols());
      small_gemm(delta.data(), rows, 1, in_t.data(), in_t.cols(), gW.data(), inputs, units, rows,
                 inputs, nullptr, /*b_padded=*/true);
    } else {
      gW.noalias() = delta * in.transpose();
    }
    benchmark::DoNotOptimize(gW.data());
  }
  state.counters["GFLOP_per_s"] = benchmark::Counter(
      2.0 * units * rows * inputs * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KernelGradient)->ArgsProduct({{64}, {64}, {50, 64}, {0, 1}});

#ifdef RARENET_BENCH_OPENBLAS
// OpenBLAS's sgemm through CBLAS on the same row-major operands, one thread.
void BM_OpenBlasSgemm(benchmark::State& state) {
  openblas_set_num_threads(1);
  const Index m = state.range(0), k = state.range(1), n = state.range(2);
  RowMatrixF A = RowMatrixF::Random(m, k), B = RowMatrixF::Random(k, n), C(m, n);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
                static_cast<int>(k), 1.0f, A.data(), static_cast<int>(k), B.data(),
                static_cast<int>(n), 0.0f, C.data(), static_cast<int>(n));
    benchmark::DoNotOptimize(C.data());
  }
  state.counters["GFLOP_per_s"] =
      benchmark::Counter(2.0 * m * k * n * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OpenBlasSgemm)->GEMM_SHAPES;

// The kernel gradient of BM_KernelGradient on OpenBLAS: sgemm multiplies by the transpose itself.
void BM_OpenBlasKernelGradient(benchmark::State& state) {
  openblas_set_num_threads(1);
  const Index units = state.range(0), rows = state.range(1), inputs = state.range(2);
  RowMatrixF delta = RowMatrixF::Random(units, rows), in = RowMatrixF::Random(inputs, rows);
  RowMatrixF gW(units, inputs);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(units),
                static_cast<int>(inputs), static_cast<int>(rows), 1.0f, delta.data(),
                static_cast<int>(rows), in.data(), static_cast<int>(rows), 0.0f, gW.data(),
                static_cast<int>(inputs));
    benchmark::DoNotOptimize(gW.data());
  }
  state.counters["GFLOP_per_s"] = benchmark::Counter(
      2.0 * units * rows * inputs * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OpenBlasKernelGradient)->ArgsProduct({{64}, {64}, {50, 64}});
#endif

// The fixed cost of one parallel phase of the training thread pool: two empty tasks.
void BM_PoolPhase(benchmark::State& state) {
  ThreadPool pool(static_cast<int>(state.range(0)));
  const std::function<void(std::size_t)> task = [](std::size_t) {};
  for (auto _ : state) pool.run(2, task);
}
BENCHMARK(BM_PoolPhase)->Arg(1)->Arg(2);

}  // namespace

BENCHMARK_MAIN();
