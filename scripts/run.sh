#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a fresh Debian 12 machine, builds TaskOrch (Release) and starts the desktop app on the default database.
#   scripts/run.sh             open the default database (created on first start)
#   scripts/run.sh --demo      load the 40-task demo project first (into an empty default database)
#   scripts/run.sh --db PATH   any other arguments go to taskorch
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build/release}"

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DTASKORCH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target taskorch taskorch-cli

args=()
demo=0
for a in "$@"; do
    if [ "$a" = "--demo" ]; then demo=1; else args+=("$a"); fi
done
if [ "$demo" = 1 ]; then
    db_args=()
    for ((i = 0; i < ${#args[@]}; i++)); do
        if [ "${args[$i]}" = "--db" ]; then db_args=(--db "${args[$((i + 1))]}"); fi
    done
    "$build/src/cli/taskorch-cli" "${db_args[@]}" demo || true
fi

# No display (a server or CI shell): run under a virtual X server.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    exec xvfb-run -a "$build/src/app/taskorch" "${args[@]}"
fi
exec "$build/src/app/taskorch" "${args[@]}"
