#!/usr/bin/env bash
# Builds the benchmarks and runs rarenet's and PyTorch's training workloads side by side, in one
# run on one machine (compare the ratios; absolute times move with the machine's load).
#   bench/compare.sh            both workloads
#   bench/compare.sh tutorial   the tutorial workload only
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DRARENET_BUILD_BENCH=ON -DRARENET_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target train_bench csv_bench >/dev/null
which=${1:-all}
filter='BM_TutorialTraining|BM_Gemm'
[[ "$which" == all ]] && filter='BM_TutorialTraining|BM_LargeTraining|BM_Gemm'
echo "== rarenet (Google Benchmark)"
build-bench/bench/train_bench --benchmark_filter="$filter"
echo "== PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), seconds per training"
for threads in 1 2; do
  echo "tutorial workload, $threads thread(s): $(/usr/bin/python3 bench/pytorch_train.py tutorial "$threads") s"
done
if [[ "$which" == all ]]; then
  for threads in 1 2; do
    echo "large workload, $threads thread(s): $(/usr/bin/python3 bench/pytorch_train.py large "$threads") s"
  done
fi
