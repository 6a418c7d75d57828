#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets of tests/fuzz with clang and runs each for SECONDS, one after the other (issue #9).
#   scripts/fuzz.sh [SECONDS]          default 30; exits non-zero on any crash, leak, timeout or out-of-memory
#   FUZZ_TARGETS="fuzz_Timestamp ..."  run only these targets
#   FUZZ_BUILD_DIR=...                 build folder (default build/fuzz)
#   FUZZ_WORK_DIR=...                  corpora, crash inputs and logs (default <build folder>/work)
#   FUZZ_JOBS=N                        build parallelism (default 2)
# Corpora grow in the work folder from run to run; they are never committed (tests/fuzz/seeds holds the small
# hand-made seeds and the inputs of past findings). See tests/fuzz/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"
build="${FUZZ_BUILD_DIR:-$root/build/fuzz}"
work="${FUZZ_WORK_DIR:-$build/work}"
jobs="${FUZZ_JOBS:-2}"
all_targets=(fuzz_LegacyImporter fuzz_Timestamp fuzz_EnumNormaliser fuzz_ExecScript fuzz_CsvRoundTrip)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS]" >&2
    exit 2
fi

# --- toolchain: the project's packages, then clang and its libFuzzer runtime ----------------------------------------
"$root/scripts/install-deps.sh"
fuzz_packages=(clang libclang-rt-14-dev)
missing=()
for p in "${fuzz_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "fuzz.sh: installing ${missing[*]}"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
    # The downloaded packages are not needed once installed (CI machines can be short of disk).
    $sudo apt-get clean
fi

# --- build ------------------------------------------------------------------------------------------------------------
if [ -f "$build/CMakeCache.txt" ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang' "$build/CMakeCache.txt"; then
    echo "fuzz.sh: $build was configured with another compiler; remove it or set FUZZ_BUILD_DIR" >&2
    exit 2
fi
# -O1 keeps the sanitizers' reports readable and runs several times faster than -O0; Debug keeps Q_ASSERT.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
    -DTASKORCH_FUZZ=ON -DTASKORCH_BUILD_TESTS=OFF -DTASKORCH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target taskorch_fuzzers
bin="$build/tests/fuzz"

# --- seed corpora -----------------------------------------------------------------------------------------------------
seeds="$root/tests/fuzz/seeds"
mkdir -p "$work/corpus" "$work/artifacts" "$work/logs"
# seed <target> <file>...: adds the non-empty files a corpus does not have yet (a file libFuzzer added stays).
seed() {
    local target="$1"
    shift
    [ -d "$work/corpus/$target" ] || return 0
    for f in "$@"; do
        if [ -s "$f" ] && [ ! -e "$work/corpus/$target/$(basename "$f")" ]; then
            cp "$f" "$work/corpus/$target/"
            chmod u+w "$work/corpus/$target/$(basename "$f")"
        fi
    done
}
for t in "${targets[@]}"; do
    mkdir -p "$work/corpus/$t"
    if [ -d "$seeds/$t" ]; then
        seed "$t" "$seeds/$t"/*
    fi
done
if [ -d "$work/corpus/fuzz_LegacyImporter" ]; then
    # Generations A, B and C written from SQL (pages of 512 bytes), and the real generation-B file of the fixtures.
    "$bin/fuzz_make_legacy_seeds" "$work/corpus/fuzz_LegacyImporter" "$seeds"/legacy-sql/*.sql >/dev/null
    seed fuzz_LegacyImporter "$root"/tests/data/legacy/*
fi
seed fuzz_ExecScript "$root"/migrations/*.sql "$seeds"/legacy-sql/*.sql

# --- run --------------------------------------------------------------------------------------------------------------
# The importer and the script target write small databases per input: a RAM disk keeps them fast.
scratch_parent="${TMPDIR:-/tmp}"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    scratch_parent=/dev/shm
fi
scratch="$(mktemp -d "$scratch_parent/taskorch-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

declare -A max_len=([fuzz_LegacyImporter]=131072 [fuzz_Timestamp]=128 [fuzz_EnumNormaliser]=128
    [fuzz_ExecScript]=4096 [fuzz_CsvRoundTrip]=1024)
declare -A timeout=([fuzz_LegacyImporter]=30 [fuzz_Timestamp]=5 [fuzz_EnumNormaliser]=5 [fuzz_ExecScript]=30
    [fuzz_CsvRoundTrip]=5)
declare -A dict=([fuzz_LegacyImporter]=legacy [fuzz_Timestamp]=timestamp [fuzz_EnumNormaliser]=enums
    [fuzz_ExecScript]=sql [fuzz_CsvRoundTrip]=csv)

# ASan's quarantine of freed memory (256 MB by default) took fuzz_EnumNormaliser to 1 GB resident; 64 MB keeps the
# targets at a few hundred MB and still catches a use of anything among the last 64 MB freed.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=64}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
summary=()
for t in "${targets[@]}"; do
    if [ -z "${max_len[$t]:-}" ]; then
        echo "fuzz.sh: unknown target $t" >&2
        exit 2
    fi
    log="$work/logs/$t.log"
    echo "fuzz.sh: $t for ${seconds}s"
    status=ok
    if ! TMPDIR="$scratch" nice -n 10 "$bin/$t" "$work/corpus/$t" \
        -max_total_time="$seconds" -timeout="${timeout[$t]}" -rss_limit_mb=2048 -max_len="${max_len[$t]}" \
        -dict="$root/tests/fuzz/dict/${dict[$t]}.dict" -artifact_prefix="$work/artifacts/$t-" \
        -print_final_stats=1 >"$log" 2>&1; then
        status=FAILED
        failed+=("$t")
        echo "fuzz.sh: $t failed; the end of $log:" >&2
        tail -n 60 "$log" >&2
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
    files="$(find "$work/corpus/$t" -type f | wc -l)"
    kib="$(find "$work/corpus/$t" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", (s + 1023) / 1024 }')"
    summary+=("$(printf '%-22s %12s %10s %8s %10s  %s' "$t" "${runs:-?}" "${speed:-?}" "$files" "${kib} KiB" "$status")")
done

printf '\n%-22s %12s %10s %8s %10s  %s\n' target executions "exec/s" inputs corpus status
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failed[*]} (inputs in $work/artifacts, logs in $work/logs)" >&2
    exit 1
fi
