#!/usr/bin/env bash
# Side by side in one run on one machine: rarenet's training workloads (1 and 2 threads), its
# matrix products against OpenBLAS's sgemm, CSV reading and writing, and the same training in a
# Keras-faithful PyTorch loop at its best thread count and BLAS kernel. Prints the CPU, the BLAS
# PyTorch ran with and every ratio (absolute times move with the machine's load).
#   bench/compare.sh            everything
#   bench/compare.sh tutorial   the tutorial workload only (quick)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}

# What the comparison needs, from Debian: Google Benchmark, PyTorch, and OpenBLAS (the BLAS a
# PyTorch user gets; with Debian's reference BLAS PyTorch is several times slower).
need=()
for p in libbenchmark-dev python3-torch libopenblas0-openmp libopenblas-openmp-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if ((${#need[@]})); then
  if [[ $(id -u) == 0 ]]; then
    apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

build=${RARENET_BENCH_BUILD:-build-bench}  # any Release build directory with the benchmarks on
tests=()
[[ -f "$build/CMakeCache.txt" ]] || tests=(-DRARENET_BUILD_TESTS=OFF)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DRARENET_BUILD_BENCH=ON "${tests[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)" --target train_bench csv_bench >/dev/null

echo "== machine"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores," \
  "$(grep -m1 -o 'avx512f' /proc/cpuinfo >/dev/null && echo AVX-512/)AVX2/FMA; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# OpenBLAS 0.3.21 does not know every recent CPU and then falls back to its slowest kernel
# (Prescott); both rarenet's yardstick and PyTorch are then also run with the kernel that suits
# an AVX-512 machine, and the faster one counts.
blas_probe='
import ctypes, torch
a = torch.randn(64, 64); (a @ a).sum()
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and ".so" in l})
core = "?"
for lib in libs:
    try:
        f = ctypes.CDLL(lib).openblas_get_corename; f.restype = ctypes.c_char_p; core = f().decode(); break
    except (OSError, AttributeError):
        pass
print("PyTorch", torch.__version__ + "; BLAS loaded:", ", ".join(libs) or "none", "; OpenBLAS kernel:", core)
'
# Debian's alternatives prefer the pthread build of OpenBLAS when both are installed (some
# package pulls it in); PyTorch runs with the OpenMP build, which the issue's figures use and
# whose threads do not fight PyTorch's own (the pthread build on 2 threads took three times as
# long as on 1).
omp_blas=/usr/lib/$(gcc -print-multiarch)/openblas-openmp
[[ -d $omp_blas ]] || { echo "no OpenMP OpenBLAS at $omp_blas" >&2; exit 1; }
export LD_LIBRARY_PATH=$omp_blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
echo "PyTorch's BLAS (default):        $(env -u OPENBLAS_CORETYPE /usr/bin/python3 -c "$blas_probe")"
coretypes=(default)
# Runs a command with OPENBLAS_CORETYPE set to $1, or unset for "default".
with_core() {
  local ct=$1
  shift
  if [[ $ct == default ]]; then env -u OPENBLAS_CORETYPE "$@"; else OPENBLAS_CORETYPE=$ct "$@"; fi
}
if grep -qm1 avx512f /proc/cpuinfo; then
  echo "PyTorch's BLAS (SkylakeX forced): $(OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 -c "$blas_probe")"
  coretypes+=(SkylakeX)
fi

out=$(mktemp)
gemm=$(mktemp)
csv=$(mktemp)
trap 'rm -f "$out" "$gemm"* "$csv"' EXIT
filter='BM_TutorialTraining/1'
[[ "$which" == all ]] && filter='BM_TutorialTraining/1|BM_LargeTraining'
echo "== rarenet training (Google Benchmark)"
"$build"/bench/train_bench --benchmark_filter="$filter" --benchmark_out="$out" --benchmark_out_format=json
echo "== float32 products at the large workload's shapes: small_gemm and Eigen (used by rarenet) and OpenBLAS sgemm, 1 thread"
for ct in "${coretypes[@]}"; do
  with_core "$ct" "$build"/bench/train_bench --benchmark_filter='BM_Gemm|BM_SmallGemm|BM_OpenBlasSgemm|KernelGradient' \
    --benchmark_min_time=0.2 --benchmark_out="$gemm.$ct" --benchmark_out_format=json |
    grep -E '^BM_' | sed "s/^/[OpenBLAS kernel $ct] /"
done
if [[ "$which" == all ]]; then
  echo "== CSV, 1,000,000 x 50 (Google Benchmark)"
  "$build"/bench/csv_bench --benchmark_filter='BM_ReadCsv|BM_FormatCsv|BM_WriteCsv' \
    --benchmark_out="$csv" --benchmark_out_format=json
fi

echo "== PyTorch, seconds per training (threads x OpenBLAS kernel)"
declare -A torch
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(b == "" || a < b) }'; }
workloads=(tutorial)
[[ "$which" == all ]] && workloads+=(large)
for w in "${workloads[@]}"; do
  best=
  for threads in 1 2; do
    for ct in "${coretypes[@]}"; do
      s=$(with_core "$ct" /usr/bin/python3 bench/pytorch_train.py "$w" "$threads")
      echo "$w workload, $threads thread(s), OpenBLAS kernel $ct: $s s"
      if [[ $threads == 1 ]] && less "$s" "${torch[${w}_1]:-}"; then torch[${w}_1]=$s; fi
      if less "$s" "$best"; then best=$s; fi
    done
  done
  torch[${w}_best]=$best
done

echo "== ratios"
/usr/bin/python3 - "$out" "$gemm" "$csv" "${torch[tutorial_1]}" "${torch[tutorial_best]}" \
  "${torch[large_1]:-0}" "${torch[large_best]:-0}" "${coretypes[@]}" <<'PY'
import json, os, sys
def load(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return {}
    return {b["name"]: b for b in json.load(open(path))["benchmarks"]}
unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
runs = load(sys.argv[1])
def seconds(b):
    return b["real_time"] * unit[b["time_unit"]]
t1, tbest, l1, lbest = map(float, sys.argv[4:8])
cores = sys.argv[8:]
tut = seconds(runs["BM_TutorialTraining/1/min_time:2.000"])
print(f"tutorial: rarenet {tut * 1e3:.1f} ms; PyTorch 1 thread {t1:.2f} s = {t1 / tut:.0f}x, "
      f"PyTorch at its best {tbest:.2f} s = {tbest / tut:.0f}x (target >= 500x, <= 40 ms)")
if "BM_LargeTraining/1/iterations:1" in runs:
    one = seconds(runs["BM_LargeTraining/1/iterations:1"])
    two = seconds(runs["BM_LargeTraining/2/iterations:1"])
    print(f"large: rarenet {one:.2f} s on 1 thread, {two:.2f} s on 2 (speed-up {one / two:.2f}x; "
          f"target 1.6x); PyTorch 1 thread {l1:.1f} s = {l1 / one:.1f}x, at its best {lbest:.1f} s "
          f"= {lbest / two:.1f}x rarenet on 2 threads (target >= 8x)")
    print(f"large: training at {runs['BM_LargeTraining/1/iterations:1']['GFLOP_per_s']:.0f} "
          "GFLOP/s on 1 thread")
best_sgemm, eigen, small, grad = {}, {}, {}, {}
for core in cores:
    g = load(sys.argv[2] + "." + core)
    for name, b in g.items():
        shape = name.split("/", 1)[1]
        rate = b["GFLOP_per_s"]
        if name.startswith("BM_OpenBlasSgemm"):
            best_sgemm[shape] = max(best_sgemm.get(shape, 0), rate)
        elif name.startswith("BM_Gemm"):
            eigen[shape] = max(eigen.get(shape, 0), rate)
        elif name.startswith("BM_SmallGemm"):
            small[shape] = max(small.get(shape, 0), rate)
        elif name.startswith("BM_OpenBlasKernelGradient"):
            grad[("OpenBLAS", shape)] = max(grad.get(("OpenBLAS", shape), 0), rate)
        elif name.startswith("BM_KernelGradient"):
            shape, how = shape.rsplit("/", 1)
            key = (("Eigen", "small_gemm")[int(how)], shape)
            grad[key] = max(grad.get(key, 0), rate)
# Training multiplies on small_gemm up to a depth of 128 (every product of a 64-row shard) and
# on Eigen beyond it.
for shape in eigen:
    if shape in best_sgemm:
        m, k, n = shape.split("/")[:3]
        best = best_sgemm[shape]
        line = f"GEMM {m} x {k} by {k} x {n}: Eigen {eigen[shape]:.0f} GFLOP/s = {eigen[shape] / best:.0%}"
        if shape in small:
            line += f", small_gemm {small[shape]:.0f} GFLOP/s = {small[shape] / best:.0%}"
        used = "small_gemm" if int(k) <= 128 and shape in small else "Eigen"
        print(line + f" of the best OpenBLAS sgemm (training's products at this depth: {used}; target >= 85%)")
for shape in sorted({s for _, s in grad}):
    u, r, i = shape.split("/")[:3]
    best = grad.get(("OpenBLAS", shape))
    if best:
        print(f"kernel gradient {u} x {r} by ({i} x {r})^T: Eigen {grad[('Eigen', shape)]:.0f}, "
              f"transpose + small_gemm (used) {grad[('small_gemm', shape)]:.0f} GFLOP/s = "
              f"{grad[('small_gemm', shape)] / best:.0%} of OpenBLAS sgemm's {best:.0f}")
csv = load(sys.argv[3])
for name, label in [("BM_ReadCsv/1", "read, 1 thread"), ("BM_ReadCsv/0", "read, all cores"),
                    ("BM_FormatCsv", "format only"), ("BM_WriteCsv", "write to file")]:
    for full, b in csv.items():
        if full.split("/iterations")[0] == name:
            print(f"CSV {label}: {b['bytes_per_second'] / 1e6:.0f} MB/s")
PY
