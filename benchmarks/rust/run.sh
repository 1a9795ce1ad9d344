#!/usr/bin/env bash
# Client CPU per PushBroadcast of the Rust core, and the raw floor, against
# the emulator in its own release process (the benchmark contract of
# benchmarks/run.sh). Not a test: prints one JSON line per flavour (appended
# to $RESULTS), exits non-zero if any call failed.
#
# Usage: benchmarks/rust/run.sh
#   EMULATOR_ENDPOINT / EMULATOR_PID   a running plain emulator (else one is started)
#   LATENCY_ENDPOINT / LATENCY_PID     a running --latency-ms 50 emulator (else started if needed)
#   KEY_ID / KEY_SECRET                the emulator's key (benchid / benchsecret)
#   RESULTS                            JSON-lines file to append to (default target/bench-out/rust-<time>.jsonl)
#   FLAVOURS="floor-seq ours-blocking-seq"   a subset (default: all)
#   N_SEQ=2000 N_CONC=5000 N_CAPACITY=5000 CONCURRENCY=32 CAPACITY_CONCURRENCY=256 WARMUP=100
#   SMOKE=1                            tiny sizes (N 20, warm-up 5, capacity 300)
#   SKIP_BUILD=1                       reuse target/release/{mpaas-push,mpaas-push-bench}
#   BENCH=path/to/mpaas-push-bench     another build of the bench binary (e.g. of an older revision)
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${SMOKE:-}" ]; then
    N_SEQ=${N_SEQ:-20} N_CONC=${N_CONC:-20} N_CAPACITY=${N_CAPACITY:-300} WARMUP=${WARMUP:-5}
fi
N_SEQ=${N_SEQ:-2000}
N_CONC=${N_CONC:-5000}
N_CAPACITY=${N_CAPACITY:-5000}
CONCURRENCY=${CONCURRENCY:-32}
CAPACITY_CONCURRENCY=${CAPACITY_CONCURRENCY:-256}
WARMUP=${WARMUP:-100}
KEY_ID=${KEY_ID:-benchid}
KEY_SECRET=${KEY_SECRET:-benchsecret}
ALL_FLAVOURS="floor-seq ours-blocking-seq ours-async-seq ours-async-c32 ours-async-capacity core-dry-run"
FLAVOURS=${FLAVOURS:-$ALL_FLAVOURS}
OUT=target/bench-out
mkdir -p "$OUT"
RESULTS=${RESULTS:-$OUT/rust-$(date +%Y%m%d-%H%M%S).jsonl}
BENCH=${BENCH:-target/release/mpaas-push-bench}

step() { printf '\n==> %s\n' "$*" >&2; }

# Loopback only: no proxy of the environment in between.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy

if [ -z "${SKIP_BUILD:-}" ]; then
    step "release build (mpaas-push-cli, mpaas-push-bench)"
    cargo build --release --locked -p mpaas-push-cli -p mpaas-push-bench
fi

# shellcheck source=benchmarks/emulators.sh
. benchmarks/emulators.sh
trap stop_emulators EXIT
needs() { case " $FLAVOURS " in *" $1"*) return 0 ;; esac; return 1; }
plain=0 latency=0
{ needs floor || needs ours-blocking || needs ours-async-seq || needs ours-async-c32; } && plain=1
needs ours-async-capacity && latency=1
use_emulators "$plain" "$latency"
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

status=0
for flavour in $FLAVOURS; do
    endpoint=${EMULATOR_ENDPOINT:-} pid=${EMULATOR_PID:-} conc=1
    case "$flavour" in
        *-seq) n=$N_SEQ ;;
        ours-async-c32) n=$N_CONC conc=$CONCURRENCY ;;
        ours-async-capacity) n=$N_CAPACITY conc=$CAPACITY_CONCURRENCY endpoint=$LATENCY_ENDPOINT pid=${LATENCY_PID:-} ;;
        core-dry-run) n=$N_SEQ endpoint= pid= ;;
        *) echo "unknown flavour $flavour (known: $ALL_FLAVOURS)" >&2; status=1; continue ;;
    esac
    step "$flavour (n=$n, in flight $conc)"
    args=(--flavour "$flavour" --n "$n" --warmup "$WARMUP" --concurrency "$conc"
        --key-id "$KEY_ID" --key-secret "$KEY_SECRET" --vectors tests/vectors/requests.json)
    [ -n "$endpoint" ] && args+=(--endpoint "$endpoint")
    [ -n "$pid" ] && args+=(--emulator-pid "$pid")
    # A fresh process per flavour: peak RSS and CPU time are that client's.
    if ! "$BENCH" "${args[@]}" | tee -a "$RESULTS"; then
        echo "$flavour FAILED" >&2
        status=1
    fi
done
echo "results appended to $RESULTS" >&2
exit "$status"
