#!/usr/bin/env bash
# Instructions per core dry run (read JSON + validate + encode + sign), counted
# by callgrind for two revisions of the repository in the same run, so the
# ratio does not depend on the machine's load or core count.
# Usage: benchmarks/core/instructions.sh [BASE_REV] [ITERATIONS]
#   BASE_REV defaults to the commit before the one-rulebook work (2a10bda);
#   the working tree is the second revision. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:-2a10bda}
ITER=${2:-200}
OUT=target/bench-instructions
mkdir -p "$OUT"
export CARGO_TARGET_DIR="$PWD/$OUT/target"

measure() { # name, source dir
    local name=$1 src=$2
    cp benchmarks/core/dry_run_cost.rs "$src/core/examples/dry_run_cost.rs"
    (cd "$src" && cargo build -q --release -p mpaas-push --example dry_run_cost)
    cp "$CARGO_TARGET_DIR/release/examples/dry_run_cost" "$OUT/dry_run_cost-$name"
    [ "$src" = "." ] && rm -f core/examples/dry_run_cost.rs
    # Warm-up-free count of the whole process for ITER and 2*ITER rounds:
    # the difference is the cost of ITER rounds without start-up.
    local a b
    a=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$OUT/dry_run_cost-$name" "$ITER" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$OUT/dry_run_cost-$name" "$((2 * ITER))" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    local calls
    calls=$("$OUT/dry_run_cost-$name" "$ITER" | sed -n 's/calls=\([0-9]*\).*/\1/p')
    echo "$name $(( (b - a) / calls ))"
}

rm -rf "$OUT/base"
git worktree add -q --detach "$OUT/base" "$BASE"
trap 'git worktree remove --force "$OUT/base"' EXIT
base=$(measure base "$OUT/base")
now=$(measure now .)
echo "instructions per dry run (read + validate + encode + sign), requests.json cases, $ITER rounds"
echo "  $BASE: ${base#* }"
echo "  working tree: ${now#* }"
python3 -c "import sys; b,n=int(sys.argv[1]),int(sys.argv[2]); print(f'  ratio now/base: {n/b:.3f}')" "${base#* }" "${now#* }"
