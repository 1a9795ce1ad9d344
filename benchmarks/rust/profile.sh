#!/usr/bin/env bash
# Instructions per call of the Rust flavours (callgrind: repeatable on a busy
# machine), and where they go. Runs each flavour with N and 2N measured calls
# against one emulator and takes the difference, so start-up (client
# building, certificate loading) and warm-up cancel out.
#
# Usage: benchmarks/rust/profile.sh [N]          (default N=200)
#   FLAVOURS="ours-blocking-seq ours-async-c32"  which flavours (default: floor-seq ours-blocking-seq ours-async-seq ours-async-c32)
#   TOP=40                                       functions listed per flavour (inclusive, per call); 0: totals only
#   EXCLUSIVE=1                                  self cost instead of inclusive
#   EMULATOR_ENDPOINT=http://127.0.0.1:PORT      a running emulator (else one is started)
#   SKIP_BUILD=1                                 reuse target/release/{mpaas-push,mpaas-push-bench}
#   BENCH=path/to/mpaas-push-bench               another build of the bench binary (e.g. of an older revision)
#   OUT=dir                                      where the callgrind files go (default target/bench-profile)
# Keeps the callgrind files in target/bench-profile/ for callgrind_annotate / kcachegrind.
# Note: valgrind hides SHA-NI from the program, so SHA-1 runs in software here
# (about 17k instructions per call that real hardware mostly does not spend).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200}
FLAVOURS=${FLAVOURS:-floor-seq ours-blocking-seq ours-async-seq ours-async-c32}
TOP=${TOP:-40}
OUT=${OUT:-target/bench-profile}
BENCH=${BENCH:-target/release/mpaas-push-bench}
mkdir -p "$OUT"
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy

if [ -z "${SKIP_BUILD:-}" ]; then
    cargo build --release --locked -p mpaas-push-cli -p mpaas-push-bench
fi
EMU_PID=
cleanup() { [ -n "$EMU_PID" ] && { kill "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; }; }
trap cleanup EXIT
if [ -z "${EMULATOR_ENDPOINT:-}" ]; then
    target/release/mpaas-push emulator --port 0 --threads 2 --access-key benchid:benchsecret >"$OUT/emulator.stdout" 2>&1 &
    EMU_PID=$!
    for _ in $(seq 100); do
        line=$(head -n 1 "$OUT/emulator.stdout" 2>/dev/null || true)
        case "$line" in "MPS emulator listening on "*) EMULATOR_ENDPOINT=${line#MPS emulator listening on }; break ;; esac
        sleep 0.1
    done
    [ -n "${EMULATOR_ENDPOINT:-}" ] || { echo "the emulator did not start" >&2; cat "$OUT/emulator.stdout" >&2; exit 1; }
fi

for f in $FLAVOURS; do
    for n in "$N" "$((2 * N))"; do
        # Concurrency 32 for the c32 flavour; the others ignore it.
        valgrind --tool=callgrind --callgrind-out-file="$OUT/$f-$n.out" \
            "$BENCH" --flavour "$f" --endpoint "$EMULATOR_ENDPOINT" \
            --n "$n" --warmup 20 --concurrency 32 >/dev/null 2>"$OUT/$f-$n.log" ||
            { echo "$f failed:" >&2; cat "$OUT/$f-$n.log" >&2; exit 1; }
    done
    echo "== $f"
    python3 benchmarks/rust/cg_diff.py "$OUT/$f-$N.out" "$OUT/$f-$((2 * N)).out" "$N" \
        --top "$TOP" ${EXCLUSIVE:+--exclusive}
done
