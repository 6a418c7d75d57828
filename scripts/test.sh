#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a fresh Debian 12 machine and runs the whole test suite headless.
#   scripts/test.sh            configure + build (Debug, warnings as errors) + ctest
#   BUILD_DIR=... scripts/test.sh   use another build folder
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build/ci}"

"$root/scripts/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTASKORCH_WARNINGS_AS_ERRORS=ON
cmake --build "$build" -j "$(nproc)"

# The desktop app must link only the Qt6 QCustomPlot (TOOLCHAIN.md §3).
if ldd "$build/src/app/taskorch" | grep -qiE 'libQt5|libQCustomPlot\.so'; then
    echo "test.sh: taskorch links Qt5 libraries" >&2
    exit 1
fi

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
