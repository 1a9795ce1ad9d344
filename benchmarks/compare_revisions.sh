#!/usr/bin/env bash
# Before/after in one sitting: runs a language's benchmark (benchmarks/<lang>/run.sh)
# for a base revision and for the working tree, alternating ROUNDS times so
# that machine drift hits both alike, and prints the "ours" rows of each run.
# Usage: benchmarks/compare_revisions.sh LANG [BASE_REV] [ROUNDS]
#   LANG python | node; BASE_REV default 2a10bda (before the one-rulebook
#   work); FLAVOURS as in run.sh (default: ours and one official flavour).
set -euo pipefail
cd "$(dirname "$0")/.."
LANG_=${1:?python or node}
BASE=${2:-2a10bda}
ROUNDS=${3:-2}
case "$LANG_" in
  python) FLAVOURS=${FLAVOURS:-"ours-sync ours-async tea-v3-seq"} ;;
  node) FLAVOURS=${FLAVOURS:-"ours-seq ours-concurrent pop-core-seq pop-core-concurrent"} ;;
  *) echo "LANG must be python or node" >&2; exit 2 ;;
esac
export FLAVOURS
BASE_DIR=target/bench-base
if [ ! -d "$BASE_DIR" ]; then
    git worktree add -q --detach "$BASE_DIR" "$BASE"
fi
run() { # dir, label, skip_build
    (cd "$1" && SKIP_BUILD=$3 CARGO_TARGET_DIR="$PWD/target" "benchmarks/$LANG_/run.sh" 2>&1) \
        | grep -E '^(\| )?(ours|tea|pop|core2019|openapi)' | sed "s/^/$2 /"
}
# First round builds each tree once; later rounds reuse the builds.
for i in $(seq 1 "$ROUNDS"); do
    skip=""; [ "$i" -gt 1 ] && skip=1
    run "$BASE_DIR" "base($BASE)#$i" "$skip"
    run . "now#$i" "$skip"
done
