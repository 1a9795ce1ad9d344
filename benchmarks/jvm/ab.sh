#!/usr/bin/env bash
# Same-run A/B of two builds of the JVM artifact: runs the benchmark's
# flavours (bench.BenchKt, built by run.sh) with jar A, then jar B, ROUNDS
# times alternately, and prints one line per run (flavour, jar, CPU per call,
# by thread, context switches). On a loaded machine compare the minimum of
# each side. Not part of benchmarks/run.sh.
#
# Usage: benchmarks/jvm/ab.sh A.jar B.jar   (from anywhere, after run.sh built
#        benchmarks/jvm/target/classpath.txt; e.g. A = a copy of the installed
#        mpaas-push-0.1.0.jar before a change, B = the one after)
#   FLAVOURS="ours-dry-run"  ROUNDS=3  ENDPOINT=http://127.0.0.1:PORT (network flavours)
#   N_DRY=20000 WARMUP_DRY=30000 N=2000 WARMUP=10000 CONCURRENCY=1 JVM_FLAGS="-Xms256m -Xmx512m"
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
a=$(realpath "$1") b=$(realpath "$2")
cd "$(dirname "$0")/../.."
BENCH=benchmarks/jvm
[ -s "$BENCH/target/classpath.txt" ] || { echo "run benchmarks/jvm/run.sh once first" >&2; exit 1; }
# The classpath without the installed artifact: each side brings its own.
rest=$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -v '/io/github/mpaaspush/' | paste -sd:)
JVM_FLAGS=${JVM_FLAGS:--Xms256m -Xmx512m}
export VECTORS=$PWD/tests/vectors CLK_TCK=$(getconf CLK_TCK) JVM_FLAGS
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
for round in $(seq "${ROUNDS:-3}"); do
    for side in A B; do
        jar=$a
        [ "$side" = B ] && jar=$b
        for flavour in ${FLAVOURS:-ours-dry-run}; do
            case "$flavour" in
                *-dry-run) n=${N_DRY:-20000} warm=${WARMUP_DRY:-30000} ;;
                *) n=${N:-2000} warm=${WARMUP:-10000} ;;
            esac
            # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
            N=$n WARMUP=$warm CONCURRENCY=${CONCURRENCY:-1} ENDPOINT=${ENDPOINT:-} \
                java $JVM_FLAGS -cp "$BENCH/target/classes:$jar:$rest" bench.BenchKt "$flavour" |
                python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
keys = ("us_per_call", "thread_cpu_us_per_call", "cpu_ms_per_call", "calls_per_s",
        "context_switches_per_call", "cpu_ms_per_call_by_thread")
print(sys.argv[1], sys.argv[2], d["flavour"], json.dumps({k: d[k] for k in keys if d.get(k) is not None}))
' "round $round" "$side"
        done
    done
done
