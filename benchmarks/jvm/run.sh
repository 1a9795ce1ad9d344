#!/usr/bin/env bash
# PushBroadcast cost per call of the JVM artifact (io.github.mpaaspush:mpaas-push,
# blocking and suspend) against Alibaba Cloud's aliyun-java-sdk-core 4.5.2
# (DefaultAcsClient + CommonRequest, API 2019-08-21, HMAC-SHA1), all against
# local MPS emulators (release build); and the pinned dry run of every case of
# tests/vectors/requests.json. Not a test: prints one JSON line per flavour,
# asserts only that every call succeeded. The contract (environment, sizes,
# keys of a line) is the one benchmarks/run.sh follows for every language.
#
# Usage: benchmarks/jvm/run.sh   (from anywhere; needs cargo, a JDK >= 17, Maven)
#   EMULATOR_ENDPOINT / EMULATOR_PID    a running plain emulator (else one is started)
#   LATENCY_ENDPOINT / LATENCY_PID      a running --latency-ms 50 emulator (else started
#                                       when a capacity flavour runs)
#   RESULTS=file.jsonl                  append the lines there (default target/bench-out/)
#   N_SEQ=2000 N_CONC=5000 N_CAPACITY=5000 CONCURRENCY=32 CAPACITY_CONCURRENCY=256
#   WARMUP=100 JIT_WARMUP=10000 N_DRY=20000 WARMUP_DRY=20000   sizes (defaults); SMOKE=1: tiny
#   FLAVOURS="ours-blocking-seq official-seq"  only these
#   SKIP_BUILD=1                        reuse the installed artifact, bench jar and CLI
#   JVM_FLAGS="-Xms256m -Xmx512m"       flags of every benchmark JVM (the default)
#   MVN_ARGS=...                        extra Maven arguments (e.g. -Dmaven.repo.local=...)
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${SMOKE:-}" ]; then
    N_SEQ=${N_SEQ:-20} N_CONC=${N_CONC:-20} N_CAPACITY=${N_CAPACITY:-300} WARMUP=${WARMUP:-5}
    N_DRY=${N_DRY:-90} WARMUP_DRY=${WARMUP_DRY:-90} JIT_WARMUP=${JIT_WARMUP:-0}
fi
N_SEQ=${N_SEQ:-2000}
N_CONC=${N_CONC:-5000}
N_CAPACITY=${N_CAPACITY:-5000}
CONCURRENCY=${CONCURRENCY:-32}
CAPACITY_CONCURRENCY=${CAPACITY_CONCURRENCY:-256}
WARMUP=${WARMUP:-100}
# At least this many warm-up calls per JVM (the "warmup" key of each line
# says how many ran): after 100 calls the JIT compilers are still at work,
# and their CPU time would count as the client's. 2000 was not enough: C2
# compiles a method after ~5,000 invocations, and the JIT threads' share of
# the measured CPU (the line's cpu_ms_per_call_by_thread.jit) stayed large.
JIT_WARMUP=${JIT_WARMUP:-10000}
# The dry run is sub-millisecond: many more calls, so the JIT has compiled
# the whole path before the measured ones.
N_DRY=${N_DRY:-20000}
WARMUP_DRY=${WARMUP_DRY:-20000}
JVM_FLAGS=${JVM_FLAGS:--Xms256m -Xmx512m}
KEY_ID=${KEY_ID:-benchid}
KEY_SECRET=${KEY_SECRET:-benchsecret}
ALL_FLAVOURS="ours-dry-run ours-blocking-seq ours-suspend-seq official-seq ours-blocking-c32 ours-suspend-c32 official-c32 ours-suspend-capacity official-capacity"
FLAVOURS=${FLAVOURS:-$ALL_FLAVOURS}
# shellcheck disable=SC2206 # word splitting of the extra arguments is intended
MVN=(mvn -B -q --no-transfer-progress -Dstyle.color=never ${MVN_ARGS:-})
BENCH=benchmarks/jvm
OUT=target/bench-out

step() { printf '\n==> %s\n' "$*" >&2; }

# Loopback only: no proxy of the environment in between.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy

if [ -z "${SKIP_BUILD:-}" ]; then
    step "our artifact into the local Maven repository (mvn install: release library without test hooks, no tests)"
    "${MVN[@]}" -f bindings-kotlin/pom.xml -Dmpaas.cargo.target="${CARGO_TARGET_DIR:-$PWD/target}" \
        -Dmaven.test.skip=true install
    step "release CLI (cargo build --release -p mpaas-push-cli)"
    cargo build --release --locked -p mpaas-push-cli
fi
if [ -z "${SKIP_BUILD:-}" ] || [ ! -s "$BENCH/target/classpath.txt" ]; then
    step "benchmark jar ($BENCH: our artifact as installed, aliyun-java-sdk-core 4.5.2)"
    "${MVN[@]}" -f "$BENCH/pom.xml" package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
[ -x target/release/mpaas-push ] || { echo "target/release/mpaas-push is missing: run without SKIP_BUILD once" >&2; exit 1; }

mkdir -p "$OUT"
RESULTS=${RESULTS:-$OUT/jvm-results-$(date +%Y%m%d-%H%M%S).jsonl}
touch "$RESULTS"

# shellcheck source=benchmarks/emulators.sh
. benchmarks/emulators.sh
trap stop_emulators EXIT
needs() { case " $FLAVOURS " in *"$1"*) return 0 ;; *) return 1 ;; esac; }
plain=0 latency=0
{ needs -seq || needs -c32; } && plain=1
needs -capacity && latency=1
use_emulators "$plain" "$latency"
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(java -version 2>&1 | head -1); JVM flags: $JVM_FLAGS" >&2

[ "$WARMUP" -ge "$JIT_WARMUP" ] || WARMUP=$JIT_WARMUP
export RUN_ID=jvm$$x$(date +%s) CLK_TCK=$(getconf CLK_TCK) KEY_ID KEY_SECRET JVM_FLAGS
export VECTORS=$PWD/tests/vectors
status=0
for flavour in $FLAVOURS; do
    case "$flavour" in
        *-dry-run) n=$N_DRY warm=$WARMUP_DRY conc=1 url= pid= ;;
        *-seq) n=$N_SEQ warm=$WARMUP conc=1 url=$EMULATOR_ENDPOINT pid=${EMULATOR_PID:-} ;;
        *-c32) n=$N_CONC warm=$WARMUP conc=$CONCURRENCY url=$EMULATOR_ENDPOINT pid=${EMULATOR_PID:-} ;;
        *-capacity) n=$N_CAPACITY warm=$WARMUP conc=$CAPACITY_CONCURRENCY url=$LATENCY_ENDPOINT pid=${LATENCY_PID:-} ;;
        *) echo "unknown flavour $flavour" >&2; status=1; continue ;;
    esac
    step "$flavour (n=$n, concurrency $conc)"
    # A fresh JVM per flavour: CPU time and peak RSS are that client's.
    # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
    if ! N=$n WARMUP=$warm CONCURRENCY=$conc ENDPOINT=$url EMULATOR_PID=$pid \
        java $JVM_FLAGS -cp "$CP" bench.BenchKt "$flavour" | tee -a "$RESULTS"; then
        echo "$flavour FAILED" >&2
        status=1
    fi
done
echo "results: $RESULTS" >&2
exit "$status"
