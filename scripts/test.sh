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
#   TASKORCH_KEEP_BUILDS=1 scripts/test.sh   keep each build folder after its suite passed (by default it is removed:
#                                            CI machines can be short of disk, and the two builds took 6 GB together)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build/ci}"
jobs="$(nproc)"

"$root/scripts/install-deps.sh"

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"

step() {
    echo
    echo "=== test.sh: $* ($(date -u +%H:%M:%S), $(df -h --output=avail "$root" | tail -1 | tr -d ' ') free)"
}
# Removes a build folder once its suite has passed, unless TASKORCH_KEEP_BUILDS=1.
discard() {
    if [ "${TASKORCH_KEEP_BUILDS:-0}" != "1" ]; then
        rm -rf "$1"
    fi
}
# Compressed debug sections: a third of the disk, and gdb and the sanitizers' symbolizer read them as before.
compressed_debug=(-DCMAKE_CXX_FLAGS=-gz -DCMAKE_EXE_LINKER_FLAGS=-gz -DCMAKE_SHARED_LINKER_FLAGS=-gz)

step "1/3 Debug build and test suite"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTASKORCH_WARNINGS_AS_ERRORS=ON "${compressed_debug[@]}"
cmake --build "$build" -j "$jobs"
# The desktop app must link only the Qt6 QCustomPlot (TOOLCHAIN.md §3).
if ldd "$build/src/app/taskorch" | grep -qiE 'libQt5|libQCustomPlot\.so'; then
    echo "test.sh: taskorch links Qt5 libraries" >&2
    exit 1
fi
(cd "$build" && ctest --output-on-failure -j "$jobs")
discard "$build"

if [ "${TASKORCH_CI_SANITIZERS:-1}" != "0" ]; then
    step "2/3 AddressSanitizer + UndefinedBehaviorSanitizer build and test suite"
    asan_build="${build}-asan"
    # -O1: the sanitizers' reports stay readable and the suite runs several times faster than at -O0.
    # -Wno-maybe-uninitialized: GCC 12 at -O1 with -fsanitize=address reports false positives on std::optional<QString>
    # assignments (GCC's manual warns that sanitizers raise the rate of these; every other warning stays an error).
    # Shared libraries: the instrumented code is large (UBSan keeps a descriptor per check), once per executable
    # when linked statically.
    cmake -S "$root" -B "$asan_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG="-g -O1 -Wno-maybe-uninitialized" "${compressed_debug[@]}" \
        -DTASKORCH_WARNINGS_AS_ERRORS=ON -DTASKORCH_SANITIZERS=ON -DTASKORCH_SHARED_LIBS=ON -DTASKORCH_BUILD_BENCH=OFF
    cmake --build "$asan_build" -j "$jobs"
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
    export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/sanitizers/ubsan.supp"
    (cd "$asan_build" && ctest --output-on-failure -j "$jobs")
    unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
    discard "$asan_build"
fi

fuzz_seconds="${TASKORCH_CI_FUZZ_SECONDS:-30}"
if [ "$fuzz_seconds" != "0" ]; then
    step "3/3 libFuzzer targets, ${fuzz_seconds} s each"
    FUZZ_BUILD_DIR="${build}-fuzz" "$root/scripts/fuzz.sh" "$fuzz_seconds"
fi
step "all passed"
