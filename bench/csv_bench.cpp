// Reading and writing CSV: a 1,000,000 x 50 file of random doubles (about 1 GB of text).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "rarenet/csv.hpp"
#include "rarenet/random.hpp"

namespace {

const std::string& big_csv() {
  static const std::string path = [] {
    const std::string p =
        (std::filesystem::temp_directory_path() / "rarenet-bench-1m-50.csv").string();
    if (!std::filesystem::exists(p)) {
      rarenet::RandomState rng(0);
      rarenet::Table t;
      for (int j = 0; j < 50; ++j) t.names.push_back("x" + std::to_string(j));
      t.values.resize(1000000, 50);
      for (rarenet::Index i = 0; i < t.values.rows(); ++i)
        for (int j = 0; j < 50; ++j) t.values(i, j) = rng.standard_normal();
      rarenet::write_csv(p, t);
    }
    return p;
  }();
  return path;
}

void BM_ReadCsv(benchmark::State& state) {
  const std::string& path = big_csv();
  const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
  for (auto _ : state) {
    rarenet::Table t = rarenet::read_csv(path);
    benchmark::DoNotOptimize(t.values.data());
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_ReadCsv)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_WriteCsv(benchmark::State& state) {
  const rarenet::Table t = rarenet::read_csv(big_csv());
  const std::string out =
      (std::filesystem::temp_directory_path() / "rarenet-bench-write.csv").string();
  for (auto _ : state) rarenet::write_csv(out, t);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(std::filesystem::file_size(out)));
  std::filesystem::remove(out);
}
BENCHMARK(BM_WriteCsv)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
