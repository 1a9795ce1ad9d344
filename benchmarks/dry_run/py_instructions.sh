#!/usr/bin/env bash
# Instructions per pinned dry run (every requests.json case) in the Rust core
# and through the Python package, both ways a request is given: the neutral
# camelCase dict (as the core's harness reads it) and snake_case keywords (as
# a Python user writes it). Counted by callgrind, so independent of the
# machine's load; start-up is removed by running N and 2N rounds.
# Usage: benchmarks/dry_run/py_instructions.sh [N]
#   PY=path/to/python   the interpreter with mpaas_push installed (default:
#                       target/bench-venv-ours, else target/py-test-venv)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20}
VECTORS=$PWD/tests/vectors/requests.json
PY=${PY:-}
if [ -z "$PY" ]; then
    for v in target/bench-venv-ours target/py-test-venv; do
        [ -x "$v/bin/python" ] && "$v/bin/python" -c 'import mpaas_push' 2>/dev/null && PY=$v/bin/python && break
    done
fi
[ -n "$PY" ] || { echo "no venv with mpaas_push: run benchmarks/python/run.sh or scripts/python.sh first" >&2; exit 1; }

count() { # command...  -> total instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_call() { # calls-per-round, command-with-ROUNDS placeholder...
    local per=$1 a b
    shift
    a=$(count "${@/ROUNDS/$N}")
    b=$(count "${@/ROUNDS/$((2 * N))}")
    echo $(( (b - a) / (N * per) ))
}
cases=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['cases']))" "$VECTORS")

cp benchmarks/core/dry_run_cost.rs core/examples/dry_run_cost.rs
trap 'rm -f core/examples/dry_run_cost.rs' EXIT
cargo build -q --release -p mpaas-push --example dry_run_cost
core=$(per_call "$cases" target/release/examples/dry_run_cost ROUNDS)
echo "instructions per pinned dry run ($cases requests.json cases, $N and $((2 * N)) rounds; $PY):"
printf '  %-16s %9s\n' rust "$core"
for mode in dict keywords; do
    py=$(per_call "$cases" "$PY" benchmarks/dry_run/py_dry_run.py ROUNDS "$VECTORS" "$mode")
    printf '  %-16s %9s   binding overhead %9s\n' "python $mode" "$py" "$((py - core))"
done
