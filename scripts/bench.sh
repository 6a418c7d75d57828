#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds taskorch-bench in Release (build/bench) and runs it; arguments go to the benchmark,
# e.g. scripts/bench.sh --sizes 10000,100000 --json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TASKORCH_BENCH_BUILD_DIR:-$root/build/bench}"
jobs="${TASKORCH_BENCH_JOBS:-2}"
generator=()
if command -v ninja >/dev/null 2>&1 && [ ! -f "$build/CMakeCache.txt" ]; then
    generator=(-G Ninja)
fi
cmake -S "$root" -B "$build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DTASKORCH_BUILD_TESTS=OFF -DTASKORCH_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target taskorch-bench -j "$jobs" >&2
exec "$build/bench/taskorch-bench" "$@"
