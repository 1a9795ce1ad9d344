#!/usr/bin/env bash
# Instructions per pinned dry run (read + validate + encode + sign, every
# requests.json case), counted by callgrind, for the Rust core and through
# the Python and Node packages: the binding's own cost per call is the
# difference, independent of the machine's load and core count. Start-up
# is removed by running N and 2N rounds and taking the difference.
# Usage: benchmarks/dry_run/instructions.sh [N]
#   needs valgrind; uses the packages scripts/python.sh and scripts/node.sh
#   installed (target/py-test-venv, target/node-project).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-50}
VECTORS=$PWD/tests/vectors/requests.json
OUT=target/bench-dry-run
mkdir -p "$OUT"

count() { # command...  -> total instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_call() { # label, calls-per-round, command-with-ROUNDS placeholder...
    local label=$1 per=$2; shift 2
    local a b
    a=$(count "${@/ROUNDS/$N}")
    b=$(count "${@/ROUNDS/$((2 * N))}")
    echo "$label $(( (b - a) / (N * per) ))"
}
cases=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['cases']))" "$VECTORS")

cp benchmarks/core/dry_run_cost.rs core/examples/dry_run_cost.rs
trap 'rm -f core/examples/dry_run_cost.rs' EXIT
cargo build -q --release -p mpaas-push --example dry_run_cost
core=$(per_call rust "$cases" target/release/examples/dry_run_cost ROUNDS)
py=$(per_call python "$cases" target/py-test-venv/bin/python benchmarks/dry_run/py_dry_run.py ROUNDS "$VECTORS")
node=$(MPAAS_PUSH_NODE_PACKAGE="$PWD/target/node-project/node_modules/mpaas-push" \
    per_call node "$cases" node benchmarks/dry_run/node_dry_run.js ROUNDS "$VECTORS")
echo "instructions per pinned dry run ($cases requests.json cases, $N and $((2 * N)) rounds):"
for line in "$core" "$py" "$node"; do
    set -- $line
    printf '  %-7s %9s' "$1" "$2"
    [ "$1" != rust ] && printf '   binding overhead %9s' "$(( $2 - ${core#* } ))"
    echo
done
