#!/usr/bin/env bash
# PushBroadcast cost per call of the PHP extension (mpaas_push.so, release
# build, no test hooks) against a plain-PHP peer written the way the seed's
# PHP sample works (curl + HMAC-SHA1 signing in PHP; Alibaba's PHP SDK cannot
# be installed here), both sequential (PHP-FPM serves one request per
# process) against the same local emulator (release build). Not a test:
# prints numbers, fails only when a call failed.
#
# Usage: benchmarks/php/run.sh            (from anywhere; needs cargo and PHP 8.2: scripts/install-php-deps.sh)
#   N_SEQ=2000 WARMUP=100                 sizes (the defaults)
#   SMOKE=1                               tiny sizes: proves the script works
#   FLAVOURS="ours-seq plain-php-seq"     only these flavours
#   EMULATOR_ENDPOINT/EMULATOR_PID        a running plain emulator (else one is started)
#   KEY_ID/KEY_SECRET                     the emulator's key (benchid:benchsecret)
#   RESULTS=FILE                          JSON lines appended there
#   SKIP_BUILD=1                          reuse the extension and CLI as they are
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${SMOKE:-}" ]; then
    N_SEQ=${N_SEQ:-20} WARMUP=${WARMUP:-5}
fi
N_SEQ=${N_SEQ:-2000}
WARMUP=${WARMUP:-100}
FLAVOURS=${FLAVOURS:-ours-seq plain-php-seq}
KEY_ID=${KEY_ID:-benchid}
KEY_SECRET=${KEY_SECRET:-benchsecret}
OUT=target/bench-out
EXT=target/bench-php/mpaas_push.so

step() { printf '\n==> %s\n' "$*" >&2; }

export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy

if [ -z "${SKIP_BUILD:-}" ]; then
    step "PHP 8.2 and its headers (scripts/install-php-deps.sh)"
    scripts/install-php-deps.sh
    step "release extension WITHOUT test hooks (cargo build --release -p mpaas-push-php) into $EXT"
    cargo build --release --locked -p mpaas-push-php
    mkdir -p "$(dirname "$EXT")"
    cp "${CARGO_TARGET_DIR:-target}/release/libmpaas_push_php.so" "$EXT"
    step "release CLI (cargo build --release -p mpaas-push-cli)"
    cargo build --release --locked -p mpaas-push-cli
fi
[ -s "$EXT" ] || { echo "$EXT is missing: run without SKIP_BUILD once" >&2; exit 1; }
[ -x target/release/mpaas-push ] || { echo "target/release/mpaas-push is missing: run without SKIP_BUILD once" >&2; exit 1; }
php=$(command -v php8.2)

mkdir -p "$OUT"
RESULTS=${RESULTS:-$OUT/php-results-$(date +%Y%m%d-%H%M%S).jsonl}
touch "$RESULTS"

# shellcheck source=benchmarks/emulators.sh
. benchmarks/emulators.sh
trap stop_emulators EXIT
use_emulators 1 0
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $("$php" -r 'echo "PHP ", PHP_VERSION;')" >&2

RUN_ID=bench$$x$(date +%s)
status=0
for flavour in $FLAVOURS; do
    step "$flavour (n=$N_SEQ)"
    echo "before: $(uptime)" >&2
    # A fresh process per flavour: CPU time and peak RSS are that client's.
    # Both load the extension (the peer only for the same process image).
    if ! "$php" -d extension="$PWD/$EXT" benchmarks/php/bench.php --flavour "$flavour" \
        --endpoint "$EMULATOR_ENDPOINT" --access-key-id "$KEY_ID" --access-key-secret "$KEY_SECRET" \
        --n "$N_SEQ" --warmup "$WARMUP" --run-id "$RUN_ID" ${EMULATOR_PID:+--emulator-pid "$EMULATOR_PID"} \
        --clk-tck "$(getconf CLK_TCK)" | tee -a "$RESULTS"; then
        echo "$flavour FAILED" >&2
        status=1
    fi
    echo "after:  $(uptime)" >&2
done
exit "$status"
