#!/usr/bin/env bash
# Times the tutorial command end to end with hyperfine: steps 1-7 (three 50-epoch trainings on
# 80,000 rows) and the full command with step 8 (a 9-candidate x 5-fold weight sweep).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target rarenet_cli >/dev/null
hyperfine --warmup 2 --runs 10 'build/rarenet tutorial --no-sweep' 'build/rarenet tutorial --no-remedies' \
  'build/rarenet tutorial'
