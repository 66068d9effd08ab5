// Reading and writing CSV: a 1,000,000 x 50 file of random doubles (about 1 GB of text), written
// once by write_csv into the temporary directory and reused by later runs.
// Rates are bytes of CSV text per second of wall time (the reader and writer use threads).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <ostream>
#include <streambuf>

#include <charconv>
#include <fstream>

#include "rarenet/csv.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/random.hpp"

namespace {

constexpr rarenet::Index kRows = 1000000;
constexpr int kCols = 50;

rarenet::Table random_table() {
  rarenet::RandomState rng(0);
  rarenet::Table t;
  for (int j = 0; j < kCols; ++j) t.names.push_back(std::string(1, 'x').append(std::to_string(j)));
  t.values.resize(kRows, kCols);
  for (rarenet::Index i = 0; i < kRows; ++i)
    for (int j = 0; j < kCols; ++j) t.values(i, j) = rng.standard_normal();
  return t;
}

const std::string& big_csv() {
  static const std::string path = [] {
    const std::string p =
        (std::filesystem::temp_directory_path() / "rarenet-bench-1m-50.csv").string();
    if (!std::filesystem::exists(p)) rarenet::write_csv(p, random_table());
    return p;
  }();
  return path;
}

// Arg: threads for parsing (0: one per core).
void BM_ReadCsv(benchmark::State& state) {
  const std::string& path = big_csv();
  const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
  rarenet::CsvReadOptions options;
  options.jobs = static_cast<int>(state.range(0));
  for (auto _ : state) {
    rarenet::Table t = rarenet::read_csv(path, options);
    benchmark::DoNotOptimize(t.values.data());
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["cells"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kRows * kCols, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadCsv)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// A mixed table of the same shape: 40 numeric columns (standard-normal doubles, 5 % of cells
// empty) and 10 categorical columns (one of 20 words each, 5 % "NA"), written once.
const std::string& mixed_csv() {
  static const std::string path = [] {
    const std::string p =
        (std::filesystem::temp_directory_path() / "rarenet-bench-1m-50-mixed.csv").string();
    if (std::filesystem::exists(p)) return p;
    static const char* const words[] = {"rent",   "own",   "other",     "parents",  "priv",
                                        "ignore", "fixed", "freelance", "partime",  "married",
                                        "single", "widow", "separated", "divorced", "yes",
                                        "no",     "north", "south",     "east",     "west"};
    rarenet::RandomState rng(1);
    std::string text;
    for (int j = 0; j < kCols; ++j) text += (j ? ",x" : "x") + std::to_string(j);
    text += '\n';
    char buf[32];
    for (rarenet::Index i = 0; i < kRows; ++i) {
      for (int j = 0; j < kCols; ++j) {
        if (j) text += ',';
        const bool missing = rng.uniform(0, 1) < 0.05;
        if (j < 40) {
          const double v = rng.standard_normal();
          if (!missing) text.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
        } else {
          text += missing ? "NA" : words[rng.randint(0, 20)];
        }
      }
      text += '\n';
    }
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }();
  return path;
}

// Arg: threads. Rates are bytes of text per second, as for BM_ReadCsv; the counter "cells" is
// cells per second, comparable across the two files (whose cells differ in length).
void BM_ReadMixedCsv(benchmark::State& state) {
  const std::string& path = mixed_csv();
  const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
  rarenet::TableReadOptions options;
  options.jobs = static_cast<int>(state.range(0));
  for (auto _ : state) {
    rarenet::Table t = rarenet::read_table(path, options);
    benchmark::DoNotOptimize(t.values.data());
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["cells"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kRows * kCols, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadMixedCsv)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();

// Counts the bytes written to it and keeps none of them.
class CountingBuffer : public std::streambuf {
 public:
  std::int64_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += n;
    return n;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return c;
  }
};

// Formatting only: the CSV text of the same table, written to a stream that discards it.
void BM_FormatCsv(benchmark::State& state) {
  const rarenet::Table t = rarenet::read_csv(big_csv());
  CountingBuffer counter;
  std::ostream out(&counter);
  for (auto _ : state) rarenet::write_csv(out, t);
  state.SetBytesProcessed(counter.bytes);
}
BENCHMARK(BM_FormatCsv)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// write_csv to a file: format, write to a temporary file, fsync, rename.
void BM_WriteCsv(benchmark::State& state) {
  const rarenet::Table t = rarenet::read_csv(big_csv());
  const std::string out =
      (std::filesystem::temp_directory_path() / "rarenet-bench-write.csv").string();
  for (auto _ : state) rarenet::write_csv(out, t);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(std::filesystem::file_size(out)));
  std::filesystem::remove(out);
}
BENCHMARK(BM_WriteCsv)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
