#!/usr/bin/env bash
# PushBroadcast throughput of the `mpaas-push` npm package against Alibaba
# Cloud's official Node.js SDK layers (@alicloud/pop-core and
# @alicloud/openapi-core), all against ONE local MPS emulator (release build).
# Not a test: prints numbers, asserts only that every call succeeded.
#
# Usage: benchmarks/node/run.sh            (from anywhere; needs cargo, node >= 20 with npm)
#   N_SEQ=2000 N_CONC=5000 WARMUP=100 CONCURRENCY=32   sizes (these are the defaults)
#   FLAVOURS="ours-seq pop-core-seq"                    only these flavours
#   EMULATOR_THREADS=1                                  the emulator on one thread (default 2)
#   SKIP_BUILD=1                                        reuse the tarball, projects and CLI as they are
set -euo pipefail
cd "$(dirname "$0")/../.."

N_SEQ=${N_SEQ:-2000}
N_CONC=${N_CONC:-5000}
WARMUP=${WARMUP:-100}
CONCURRENCY=${CONCURRENCY:-32}
ALL_FLAVOURS="ours-seq ours-concurrent pop-core-seq pop-core-concurrent openapi-core-seq openapi-core-concurrent openapi-core-v3-seq openapi-core-v3-concurrent"
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
KEY_ID=benchid
KEY_SECRET=benchsecret
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
RESULTS=$OUT/node-results-$(date +%Y%m%d-%H%M%S).jsonl
: >"$RESULTS"

step "emulator (release CLI, one for the whole run)"
EMU_LOG=$OUT/node-emulator.stdout
target/release/mpaas-push emulator --port 0 --threads "${EMULATOR_THREADS:-2}" --access-key "$KEY_ID:$KEY_SECRET" >"$EMU_LOG" 2>"$OUT/node-emulator.stderr" &
EMU_PID=$!
cleanup() {
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
}
trap cleanup EXIT
ENDPOINT=
for _ in $(seq 100); do
    line=$(head -n 1 "$EMU_LOG" 2>/dev/null || true)
    case "$line" in
        "MPS emulator listening on "*) ENDPOINT=${line#MPS emulator listening on }; break ;;
    esac
    kill -0 "$EMU_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$ENDPOINT" ]; then
    echo "the emulator did not start; stderr:" >&2
    cat "$OUT/node-emulator.stderr" >&2
    exit 1
fi
echo "emulator $ENDPOINT (pid $EMU_PID)" >&2
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); node $(node --version)" >&2

RUN_ID=bench$$x$(date +%s)
CLK_TCK=$(getconf CLK_TCK)
status=0
for flavour in $FLAVOURS; do
    case "$flavour" in
        ours-*) project=$OURS ;;
        *) project=$OFFICIAL ;;
    esac
    case "$flavour" in
        *-seq) n=$N_SEQ ;;
        *) n=$N_CONC ;;
    esac
    step "$flavour (n=$n)"
    echo "before: $(uptime)" >&2
    # A fresh process per flavour: CPU time and peak RSS are that client's.
    if ! node "$BENCH" run --flavour "$flavour" --project "$project" --endpoint "$ENDPOINT" \
        --access-key-id "$KEY_ID" --access-key-secret "$KEY_SECRET" \
        --n "$n" --warmup "$WARMUP" --concurrency "$CONCURRENCY" \
        --run-id "$RUN_ID" --emulator-pid "$EMU_PID" --clk-tck "$CLK_TCK" | tee -a "$RESULTS"; then
        echo "$flavour FAILED" >&2
        status=1
    fi
    echo "after:  $(uptime)" >&2
done

step "summary ($RESULTS)"
expect=()
for flavour in $FLAVOURS; do expect+=(--expect "$flavour"); done
node "$BENCH" summary "$RESULTS" --ours-project "$OURS" --official-project "$OFFICIAL" "${expect[@]}" || status=1
exit "$status"
