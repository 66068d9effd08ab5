#!/usr/bin/env bash
# Builds the benchmarks and runs rarenet's and PyTorch's training workloads side by side, in one
# run on one machine, then prints the ratios (absolute times move with the machine's load).
#   bench/compare.sh            both workloads
#   bench/compare.sh tutorial   the tutorial workload only
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DRARENET_BUILD_BENCH=ON -DRARENET_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target train_bench csv_bench >/dev/null
which=${1:-all}
filter='BM_TutorialTraining|BM_Gemm'
[[ "$which" == all ]] && filter='BM_TutorialTraining|BM_LargeTraining|BM_Gemm'
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "== rarenet (Google Benchmark)"
build-bench/bench/train_bench --benchmark_filter="$filter" --benchmark_out="$out" --benchmark_out_format=json
echo "== PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), seconds per training"
declare -A torch
for threads in 1 2; do
  torch[tutorial_$threads]=$(/usr/bin/python3 bench/pytorch_train.py tutorial "$threads")
  echo "tutorial workload, $threads thread(s): ${torch[tutorial_$threads]} s"
done
if [[ "$which" == all ]]; then
  for threads in 1 2; do
    torch[large_$threads]=$(/usr/bin/python3 bench/pytorch_train.py large "$threads")
    echo "large workload, $threads thread(s): ${torch[large_$threads]} s"
  done
fi
echo "== ratios (PyTorch time / rarenet time)"
/usr/bin/python3 - "$out" "${torch[tutorial_1]}" "${torch[tutorial_2]}" "${torch[large_1]:-0}" "${torch[large_2]:-0}" <<'PY'
import json, sys
runs = {b["name"].split("/")[0]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
def seconds(name):
    b = runs[name]
    return b["real_time"] * unit[b["time_unit"]]
t1, t2, l1, l2 = map(float, sys.argv[2:6])
ours = seconds("BM_TutorialTraining")
print(f"tutorial: rarenet {ours * 1e3:.1f} ms; PyTorch 1 thread {t1 / ours:.0f}x slower, 2 threads {t2 / ours:.0f}x slower")
if "BM_LargeTraining" in runs:
    big = seconds("BM_LargeTraining")
    print(f"large: rarenet {big:.2f} s; PyTorch 1 thread {l1 / big:.1f}x slower, 2 threads {l2 / big:.1f}x slower")
    print(f"large: training at {runs['BM_LargeTraining']['GFLOP_per_s']:.0f} GFLOP/s")
PY
