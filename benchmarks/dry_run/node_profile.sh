#!/usr/bin/env bash
# Where a pinned dry run through the Node package spends its instructions
# (callgrind: repeatable on a busy machine). Runs node_dry_run.js with N and
# 2N rounds of every requests.json case and subtracts the two profiles
# function by function (benchmarks/rust/cg_diff.py), so Node's start-up and
# the engine's compilation cancel out; then prints the instructions per call
# and the top functions.
#
# Usage: benchmarks/dry_run/node_profile.sh [N]      (default N=100 rounds)
#   PACKAGES="DIR..."   installed mpaas-push package folders to profile, one
#                       after the other (default: the one benchmarks/node/run.sh
#                       installs, target/bench-node-ours/node_modules/mpaas-push)
#   TOP=40              functions listed (inclusive, per call); 0: totals only
#   EXCLUSIVE=1         self cost instead of inclusive
#   OUT=dir             where the callgrind files go (default target/bench-dry-run)
# The core's own count for the same cases: benchmarks/dry_run/instructions.sh.
# Notes: valgrind hides SHA-NI, so SHA-1 runs in software here (~23k
# instructions per call that hardware with SHA-NI mostly does not spend);
# JavaScript runs less optimised under valgrind than in a timed run. The
# same recipe with perf (timed, optimised JIT code, JS frames named):
#   perf record -g node --perf-basic-prof benchmarks/dry_run/node_dry_run.js 5000 tests/vectors/requests.json
#   perf report --no-children --sort sym -g none | head -40
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100}
TOP=${TOP:-40}
OUT=${OUT:-target/bench-dry-run}
PACKAGES=${PACKAGES:-target/bench-node-ours/node_modules/mpaas-push}
VECTORS=$PWD/tests/vectors/requests.json
mkdir -p "$OUT"
cases=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['cases']))" "$VECTORS")
i=0
for pkg in $PACKAGES; do
    [ -f "$pkg/package.json" ] || { echo "$pkg is not an installed mpaas-push package (run benchmarks/node/run.sh once)" >&2; exit 1; }
    i=$((i + 1))
    for n in "$N" "$((2 * N))"; do
        MPAAS_PUSH_NODE_PACKAGE=$(cd "$pkg" && pwd) valgrind --tool=callgrind \
            --callgrind-out-file="$OUT/node-$i-$n.out" \
            node benchmarks/dry_run/node_dry_run.js "$n" "$VECTORS" >/dev/null 2>"$OUT/node-$i-$n.log" ||
            { echo "node_dry_run.js failed:" >&2; cat "$OUT/node-$i-$n.log" >&2; exit 1; }
    done
    echo "== $pkg ($cases cases, $N and $((2 * N)) rounds)"
    # Entries ending in 'N are callgrind's recursion cycles of the engine's
    # builtins (counted again inside their callers): left out.
    python3 benchmarks/rust/cg_diff.py "$OUT/node-$i-$N.out" "$OUT/node-$i-$((2 * N)).out" "$((N * cases))" \
        --top "$((TOP * 4))" ${EXCLUSIVE:+--exclusive} | grep -v "'[0-9]*\$" | head -n "$((TOP + 1))"
done
