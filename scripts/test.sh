#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a fresh Debian 12 machine and runs everything CI checks, headless:
#   1. Debug build with warnings as errors, then the whole CTest suite (crash and contention harnesses included,
#      with their reduced CI counts);
#   2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer (about 30 minutes on 2 cores: most of
#      it is the build; see README, Reliability);
#   3. each libFuzzer target for 30 seconds (scripts/fuzz.sh).
#
#   scripts/test.sh                          steps 1, 2 and 3
#   BUILD_DIR=... scripts/test.sh            another build folder for step 1 (steps 2 and 3 use BUILD_DIR-asan/-fuzz)
#   TASKORCH_CI_SANITIZERS=0 scripts/test.sh skip step 2
#   TASKORCH_CI_FUZZ_SECONDS=0 scripts/test.sh   skip step 3 (or set the seconds per target)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build/ci}"
jobs="$(nproc)"

"$root/scripts/install-deps.sh"

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"

step() { echo; echo "=== test.sh: $* ($(date -u +%H:%M:%S))"; }

step "1/3 Debug build and test suite"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTASKORCH_WARNINGS_AS_ERRORS=ON
cmake --build "$build" -j "$jobs"
# The desktop app must link only the Qt6 QCustomPlot (TOOLCHAIN.md §3).
if ldd "$build/src/app/taskorch" | grep -qiE 'libQt5|libQCustomPlot\.so'; then
    echo "test.sh: taskorch links Qt5 libraries" >&2
    exit 1
fi
(cd "$build" && ctest --output-on-failure -j "$jobs")

if [ "${TASKORCH_CI_SANITIZERS:-1}" != "0" ]; then
    step "2/3 AddressSanitizer + UndefinedBehaviorSanitizer build and test suite"
    asan_build="${build}-asan"
    # -O1: the sanitizers' reports stay readable and the suite runs several times faster than at -O0.
    # -Wno-maybe-uninitialized: GCC 12 at -O1 with -fsanitize=address reports false positives on std::optional<QString>
    # assignments (GCC's manual warns that sanitizers raise the rate of these; every other warning stays an error).
    cmake -S "$root" -B "$asan_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG="-g -O1 -Wno-maybe-uninitialized" \
        -DTASKORCH_WARNINGS_AS_ERRORS=ON -DTASKORCH_SANITIZERS=ON -DTASKORCH_BUILD_BENCH=OFF
    cmake --build "$asan_build" -j "$jobs"
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
    export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/sanitizers/ubsan.supp"
    (cd "$asan_build" && ctest --output-on-failure -j "$jobs")
    unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
fi

fuzz_seconds="${TASKORCH_CI_FUZZ_SECONDS:-30}"
if [ "$fuzz_seconds" != "0" ]; then
    step "3/3 libFuzzer targets, ${fuzz_seconds} s each"
    FUZZ_BUILD_DIR="${build}-fuzz" "$root/scripts/fuzz.sh" "$fuzz_seconds"
fi
step "all passed"
