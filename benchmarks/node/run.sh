#!/usr/bin/env bash
# PushBroadcast cost per call of the `mpaas-push` npm package against
# Alibaba Cloud's official Node.js SDK layers (@alicloud/pop-core and
# @alicloud/openapi-core), against local MPS emulators (release build), and
# the package's pinned dry run (no network). Not a test: prints numbers,
# asserts only that every call succeeded.
#
# Usage: benchmarks/node/run.sh            (from anywhere; needs cargo, node >= 20 with npm)
#   N_SEQ=2000 N_CONC=5000 N_CAPACITY=5000 N_DRY_RUN=20000 WARMUP=100
#   CONCURRENCY=32 CAPACITY_CONCURRENCY=256            sizes (these are the defaults)
#   SMOKE=1                                             tiny sizes: proves the script works
#   FLAVOURS="ours-seq pop-core-seq"                    only these flavours
#   EMULATOR_ENDPOINT/EMULATOR_PID                      a running plain emulator (else one is started)
#   LATENCY_ENDPOINT/LATENCY_PID                        a running --latency-ms 50 emulator (capacity)
#   KEY_ID/KEY_SECRET                                   the emulators' key (benchid:benchsecret)
#   RESULTS=FILE                                        JSON lines appended there
#   EMULATOR_THREADS=1                                  started emulators on one thread (default 2)
#   SKIP_BUILD=1                                        reuse the tarball, projects and CLI as they are
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${SMOKE:-}" ]; then
    N_SEQ=${N_SEQ:-20} N_CONC=${N_CONC:-20} N_CAPACITY=${N_CAPACITY:-300}
    N_DRY_RUN=${N_DRY_RUN:-200} WARMUP=${WARMUP:-5}
fi
N_SEQ=${N_SEQ:-2000}
N_CONC=${N_CONC:-5000}
N_CAPACITY=${N_CAPACITY:-5000}
N_DRY_RUN=${N_DRY_RUN:-20000}
WARMUP=${WARMUP:-100}
CONCURRENCY=${CONCURRENCY:-32}
CAPACITY_CONCURRENCY=${CAPACITY_CONCURRENCY:-256}
ALL_FLAVOURS="ours-seq ours-concurrent ours-capacity ours-dry-run pop-core-seq pop-core-concurrent pop-core-capacity openapi-core-seq openapi-core-concurrent openapi-core-v3-seq openapi-core-v3-concurrent"
FLAVOURS=${FLAVOURS:-$ALL_FLAVOURS}

PKG=bindings-node
BINARY=mpaas-push.linux-x64-gnu.node
BUILD=target/bench-node-build
STAGE=target/bench-node-stage
PACK=target/bench-node-pack
OURS=target/bench-node-ours
OFFICIAL=target/bench-node-official
OUT=target/bench-out
MARKER=.mpaas-push-bench-installed
OFFICIAL_PINS=(
    "@alicloud/pop-core@1.8.0"
    "@alicloud/openapi-core@1.0.8"
)
KEY_ID=${KEY_ID:-benchid}
KEY_SECRET=${KEY_SECRET:-benchsecret}
VECTORS=tests/vectors/requests.json
BENCH=benchmarks/node/bench.mjs

step() { printf '\n==> %s\n' "$*" >&2; }
npm_q() { npm --no-audit --no-fund --loglevel=error "$@"; }

# Loopback only: no proxy of the environment in between.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy

if [ -z "${SKIP_BUILD:-}" ]; then
    step "npm ci in $PKG (pinned @napi-rs/cli)"
    (cd "$PKG" && npm_q ci)

    step "release addon WITHOUT the test-hooks feature into $BUILD"
    # As scripts/node.sh builds it, minus `--features test-hooks` (test-only).
    rm -rf "$BUILD"
    (cd "$PKG" && npx --no-install napi build --platform --release --output-dir "../$BUILD")
    [ -s "$BUILD/$BINARY" ] || { echo "napi build did not produce $BUILD/$BINARY" >&2; exit 1; }

    step "npm pack (staged copy of the package, $PKG untouched) into $PACK"
    # The committed loader and typings, this build's addon: the files a user
    # gets (scripts/node.sh checks that the committed ones are up to date).
    rm -rf "$STAGE" "$PACK"
    mkdir -p "$STAGE" "$PACK"
    cp "$PKG/package.json" "$PKG/index.js" "$PKG/index.d.ts" "$PKG/README.md" "$BUILD/$BINARY" "$STAGE/"
    (cd "$STAGE" && npm_q pack --pack-destination "$OLDPWD/$PACK")
    shopt -s nullglob
    tarballs=("$PACK"/mpaas-push-*.tgz)
    shopt -u nullglob
    if [ "${#tarballs[@]}" -ne 1 ]; then
        echo "expected exactly one mpaas-push tarball in $PACK, found ${#tarballs[@]}" >&2
        exit 1
    fi

    step "our project ($OURS): fresh npm init + npm install of the tarball"
    rm -rf "$OURS"
    mkdir -p "$OURS"
    cp "${tarballs[0]}" "$OURS/"
    (cd "$OURS" && npm init -y >/dev/null && npm_q install "./$(basename "${tarballs[0]}")")

    step "official project ($OFFICIAL): pinned official SDK layers"
    pins=$(printf '%s\n' "${OFFICIAL_PINS[@]}")
    if [ -d "$OFFICIAL/node_modules" ] && [ "$(cat "$OFFICIAL/$MARKER" 2>/dev/null)" = "$pins" ]; then
        echo "reusing (marker matches the pins)" >&2
    else
        rm -rf "$OFFICIAL"
        mkdir -p "$OFFICIAL"
        (cd "$OFFICIAL" && npm init -y >/dev/null && npm_q install --save-exact "${OFFICIAL_PINS[@]}")
        printf '%s' "$pins" >"$OFFICIAL/$MARKER"
    fi

    step "release CLI (cargo build --release -p mpaas-push-cli)"
    cargo build --release --locked -p mpaas-push-cli
fi

for dir in "$OURS/node_modules/mpaas-push" "$OFFICIAL/node_modules/@alicloud/pop-core" "$OFFICIAL/node_modules/@alicloud/openapi-core"; do
    [ -d "$dir" ] || { echo "$dir is missing: run without SKIP_BUILD once" >&2; exit 1; }
done
[ -x target/release/mpaas-push ] || { echo "target/release/mpaas-push is missing: run without SKIP_BUILD once" >&2; exit 1; }

mkdir -p "$OUT"
RESULTS=${RESULTS:-$OUT/node-results-$(date +%Y%m%d-%H%M%S).jsonl}
touch "$RESULTS"
RUN_START=$(wc -l <"$RESULTS")

# shellcheck source=benchmarks/emulators.sh
. benchmarks/emulators.sh
trap stop_emulators EXIT
needs() { # scenario-suffix: whether a selected flavour ends with it
    local f
    for f in $FLAVOURS; do case "$f" in *"$1") return 0 ;; esac; done
    return 1
}
plain=0 latency=0
{ needs -seq || needs -concurrent; } && plain=1
needs -capacity && latency=1
use_emulators "$plain" "$latency"
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); node $(node --version)" >&2

RUN_ID=bench$$x$(date +%s)
CLK_TCK=$(getconf CLK_TCK)
status=0
for flavour in $FLAVOURS; do
    case "$flavour" in
        ours-*) project=$OURS ;;
        *) project=$OFFICIAL ;;
    esac
    endpoint=${EMULATOR_ENDPOINT:-} pid=${EMULATOR_PID:-} width=$CONCURRENCY
    case "$flavour" in
        *-seq) n=$N_SEQ ;;
        *-concurrent) n=$N_CONC ;;
        *-capacity) n=$N_CAPACITY endpoint=$LATENCY_ENDPOINT pid=${LATENCY_PID:-} width=$CAPACITY_CONCURRENCY ;;
        *-dry-run) n=$N_DRY_RUN endpoint=http://127.0.0.1:9 pid= ;;
        *) echo "unknown flavour $flavour" >&2; status=1; continue ;;
    esac
    step "$flavour (n=$n)"
    echo "before: $(uptime)" >&2
    # A fresh process per flavour: CPU time and peak RSS are that client's.
    if ! node "$BENCH" run --flavour "$flavour" --project "$project" --endpoint "$endpoint" \
        --access-key-id "$KEY_ID" --access-key-secret "$KEY_SECRET" \
        --n "$n" --warmup "$WARMUP" --concurrency "$width" --vectors "$VECTORS" \
        --run-id "$RUN_ID" ${pid:+--emulator-pid "$pid"} --clk-tck "$CLK_TCK" | tee -a "$RESULTS"; then
        echo "$flavour FAILED" >&2
        status=1
    fi
    echo "after:  $(uptime)" >&2
done

step "summary ($RESULTS)"
expect=()
for flavour in $FLAVOURS; do expect+=(--expect "$flavour"); done
node "$BENCH" summary "$RESULTS" --skip "$RUN_START" --ours-project "$OURS" --official-project "$OFFICIAL" "${expect[@]}" || status=1
exit "$status"
