// Training speed: the tutorial workload, the large workload, and the machine's float32 GEMM rate
// (the yardstick for the large workload's achieved FLOP rate).
#include <benchmark/benchmark.h>

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
void BM_TutorialTraining(benchmark::State& state) {
  const Workload d = make_workload(80000, 2);
  const NetworkSpec spec{2,
                         {{2, Activation::Relu}, {2, Activation::Relu}, {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 50;
  c.batch_size = 100;
  for (auto _ : state) {
    Network net(spec);
    net.initialize(0);
    fit(net, d.X, d.Y, d.w, c);
    benchmark::DoNotOptimize(net.parameters().data());
  }
  state.counters["rows_per_s"] =
      benchmark::Counter(80000.0 * 50 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TutorialTraining)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// 1,000,000 x 50 rows, 64 relu -> 64 relu -> 1 sigmoid, weighted BCE, batch 256, 5 epochs.
void BM_LargeTraining(benchmark::State& state) {
  const Workload d = make_workload(1000000, 50);
  const NetworkSpec spec{
      50, {{64, Activation::Relu}, {64, Activation::Relu}, {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 5;
  c.batch_size = 256;
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
BENCHMARK(BM_LargeTraining)->Unit(benchmark::kSecond)->Iterations(1);

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
BENCHMARK(BM_Gemm)->Args({64, 50, 256})->Args({64, 64, 256})->Args({1024, 1024, 1024});

}  // namespace

BENCHMARK_MAIN();
