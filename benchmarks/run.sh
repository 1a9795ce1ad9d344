#!/usr/bin/env bash
# Every benchmark of every language against the same two emulators, then the
# results table (benchmarks/RESULTS.md), the chart (benchmarks/results.svg)
# and the README's figures, all written from the one JSON-lines file.
# Not a test: it measures; it fails only if a call failed or a script broke.
#
# Usage: benchmarks/run.sh [LANGUAGE...]       (default: rust python node jvm php)
#   SMOKE=1         tiny sizes, proves every script still works (CI); writes the
#                   table and chart under target/bench-out/ instead of benchmarks/
#   SKIP_BUILD=1    reuse the CLI, packages and venvs built by an earlier run
#   N_SEQ, N_CONC, N_CAPACITY, CONCURRENCY, CAPACITY_CONCURRENCY, WARMUP   sizes
#                   (defaults in each language's script: 2000, 5000, 5000, 32, 256, 100)
#   EMULATOR_THREADS  worker threads of the plain emulator (default 2)
#   INSTRUCTIONS=1  also count instructions per dry run with callgrind
#                   (benchmarks/dry_run/instructions.sh; needs valgrind and the
#                   packages scripts/python.sh and scripts/node.sh install)
set -euo pipefail
cd "$(dirname "$0")/.."

LANGUAGES=${*:-rust python node jvm php}
OUT=target/bench-out
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%d-%H%M%S)
if [ -n "${SMOKE:-}" ]; then
    RESULTS=$OUT/smoke-$STAMP.jsonl
    REPORT_DIR=$OUT/smoke-report
else
    RESULTS=$OUT/all-$STAMP.jsonl
    REPORT_DIR=benchmarks
fi
: >"$RESULTS"
export RESULTS KEY_ID=benchid KEY_SECRET=benchsecret

step() { printf '\n==> %s\n' "$*" >&2; }

# Loopback only: no proxy of the environment in between.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy

if [ -z "${SKIP_BUILD:-}" ]; then
    step "release CLI (the emulator)"
    cargo build --release --locked -q -p mpaas-push-cli
fi

# shellcheck source=benchmarks/emulators.sh
. benchmarks/emulators.sh
trap stop_emulators EXIT
step "emulators: plain (${EMULATOR_THREADS:-2} threads) and 50 ms latency"
unset EMULATOR_ENDPOINT EMULATOR_PID LATENCY_ENDPOINT LATENCY_PID
use_emulators 1 1
export EMULATOR_ENDPOINT EMULATOR_PID LATENCY_ENDPOINT LATENCY_PID
echo "plain $EMULATOR_ENDPOINT, latency $LATENCY_ENDPOINT" >&2
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

status=0
for lang in $LANGUAGES; do
    step "$lang (benchmarks/$lang/run.sh)"
    if ! "benchmarks/$lang/run.sh"; then
        echo "$lang benchmark FAILED" >&2
        status=1
    fi
done

INSTR_ARGS=()
if [ -n "${INSTRUCTIONS:-}" ] && [ -z "${SMOKE:-}" ]; then
    step "instructions per dry run (callgrind)"
    benchmarks/dry_run/instructions.sh | tee "$OUT/instructions-$STAMP.txt"
    INSTR_ARGS=(--instructions "$OUT/instructions-$STAMP.txt")
fi

step "report ($RESULTS → $REPORT_DIR/RESULTS.md, results.svg)"
mkdir -p "$REPORT_DIR"
README_ARGS=()
[ -z "${SMOKE:-}" ] && README_ARGS=(--readme README.md)
python3 benchmarks/report.py "$RESULTS" --md "$REPORT_DIR/RESULTS.md" --svg "$REPORT_DIR/results.svg" \
    "${README_ARGS[@]}" "${INSTR_ARGS[@]}" || status=1
# The raw lines next to the table they made (a full run only).
[ -z "${SMOKE:-}" ] && cp "$RESULTS" "$REPORT_DIR/results.jsonl"
exit "$status"
