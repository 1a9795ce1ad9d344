#!/usr/bin/env bash
# PushBroadcast cost per call of the mpaas_push wheel against Alibaba Cloud's
# official Python SDKs, all against local MPS emulators (release build), plus
# the pinned dry run. Not a test: prints numbers, asserts only that every
# call succeeded. Follows the contract of benchmarks/README.md.
#
# Usage: benchmarks/python/run.sh            (from anywhere; needs cargo, python3 with venv)
#   N_SEQ=2000 N_CONC=5000 N_CAPACITY=5000 N_DRY=20000 WARMUP=100
#   CONCURRENCY=32 CAPACITY_CONCURRENCY=256      sizes (these are the defaults)
#   SMOKE=1                                      tiny sizes (N 20, warm-up 5, capacity 300)
#   FLAVOURS="ours-sync tea-v3-seq"              only these flavours
#   EMULATOR_ENDPOINT / EMULATOR_PID             a running plain emulator (else one is started)
#   LATENCY_ENDPOINT / LATENCY_PID               a running --latency-ms 50 emulator (else one
#                                                is started if a capacity flavour runs)
#   KEY_ID / KEY_SECRET                          the emulators' access key (benchid:benchsecret)
#   RESULTS=file.jsonl                           append the JSON lines there
#   EMULATOR_THREADS=1                           own emulators on one thread (default 2)
#   SKIP_BUILD=1                                 reuse the wheel, venvs and CLI as they are
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${SMOKE:-}" ]; then
    N_SEQ=${N_SEQ:-20} N_CONC=${N_CONC:-20} N_CAPACITY=${N_CAPACITY:-300} N_DRY=${N_DRY:-200} WARMUP=${WARMUP:-5}
fi
N_SEQ=${N_SEQ:-2000}
N_CONC=${N_CONC:-5000}
N_CAPACITY=${N_CAPACITY:-5000}
N_DRY=${N_DRY:-20000}
WARMUP=${WARMUP:-100}
CONCURRENCY=${CONCURRENCY:-32}
CAPACITY_CONCURRENCY=${CAPACITY_CONCURRENCY:-256}
PYTHON=${PYTHON:-python3}
ALL_FLAVOURS="ours-sync ours-async ours-threads ours-capacity ours-dry-run ours-dry-run-kw core2019-seq tea-v2-seq tea-v3-seq core2019-threads tea-v2-async tea-v3-async core2019-capacity tea-v2-capacity"
FLAVOURS=${FLAVOURS:-$ALL_FLAVOURS}

BUILD_VENV=target/py-build-venv
WHEELS=target/bench-wheels
OURS_VENV=target/bench-venv-ours
OFFICIAL_VENV=target/bench-venv-official
OUT=target/bench-out
MARKER=.mpaas-push-bench-installed
# The versions tests/tests/official_sdks.rs is verified with.
OFFICIAL_PINS=(
    "aliyun-python-sdk-core==2.16.1"
    "aliyun-python-sdk-mpaas==1.0.0"
    "alibabacloud-mpaas20201028==3.4.1"
    "alibabacloud-tea-openapi==0.4.6"
    "darabonba-core==1.0.9"
    "alibabacloud-credentials==1.0.12"
)
KEY_ID=${KEY_ID:-benchid}
KEY_SECRET=${KEY_SECRET:-benchsecret}

step() { printf '\n==> %s\n' "$*" >&2; }
pip_install() { "$1/bin/python" -m pip install -q --disable-pip-version-check --no-input "${@:2}"; }

# Loopback only: no proxy of the environment in between.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy

if [ -z "${SKIP_BUILD:-}" ]; then
    step "build venv ($BUILD_VENV, maturin 1.16)"
    if [ ! -x "$BUILD_VENV/bin/maturin" ]; then
        [ -x "$BUILD_VENV/bin/python" ] || "$PYTHON" -m venv "$BUILD_VENV"
        pip_install "$BUILD_VENV" "maturin==1.16.*"
    fi

    step "release wheel without the test-hooks feature into $WHEELS"
    mkdir -p "$WHEELS"
    rm -f "$WHEELS"/mpaas_push-*.whl
    (cd bindings-python && ../"$BUILD_VENV"/bin/maturin build --release --locked -o ../"$WHEELS")
    shopt -s nullglob
    wheels=("$WHEELS"/mpaas_push-*.whl)
    shopt -u nullglob
    if [ "${#wheels[@]}" -ne 1 ]; then
        echo "expected exactly one mpaas_push wheel in $WHEELS, found ${#wheels[@]}" >&2
        exit 1
    fi

    step "our venv ($OURS_VENV): the wheel just built"
    [ -x "$OURS_VENV/bin/python" ] || "$PYTHON" -m venv "$OURS_VENV"
    pip_install "$OURS_VENV" --force-reinstall --no-deps "${wheels[0]}"

    step "official venv ($OFFICIAL_VENV): pinned official SDKs"
    pins=$(printf '%s\n' "${OFFICIAL_PINS[@]}")
    if [ -x "$OFFICIAL_VENV/bin/python" ] && [ "$(cat "$OFFICIAL_VENV/$MARKER" 2>/dev/null)" = "$pins" ]; then
        echo "reusing (marker matches the pins)" >&2
    else
        "$PYTHON" -m venv --clear "$OFFICIAL_VENV"
        pip_install "$OFFICIAL_VENV" "${OFFICIAL_PINS[@]}"
        printf '%s' "$pins" >"$OFFICIAL_VENV/$MARKER"
    fi

    step "release CLI (cargo build --release -p mpaas-push-cli)"
    cargo build --release --locked -p mpaas-push-cli
fi

OURS_PY=$OURS_VENV/bin/python
OFFICIAL_PY=$OFFICIAL_VENV/bin/python
# The async flavours of the tea SDK exist only if this version has *_async methods.
if ! "$OFFICIAL_PY" -c 'from alibabacloud_mpaas20201028.client import Client; assert hasattr(Client, "push_broadcast_async")' 2>/dev/null; then
    echo "alibabacloud-mpaas20201028 has no push_broadcast_async: the tea async flavours are skipped" >&2
    FLAVOURS=$(printf '%s\n' $FLAVOURS | grep -v '^tea-v[23]-\(async\|capacity\)$' | tr '\n' ' ')
fi

mkdir -p "$OUT"
RESULTS=${RESULTS:-$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl}
touch "$RESULTS"
# This run's lines only, for the summary (RESULTS may be shared).
MINE=$(mktemp)

# shellcheck source=benchmarks/emulators.sh
. benchmarks/emulators.sh
trap 'stop_emulators; rm -f "$MINE"' EXIT
latency=0
case " $FLAVOURS " in *-capacity\ *) latency=1 ;; esac
use_emulators 1 "$latency"
echo "emulator $EMULATOR_ENDPOINT (pid ${EMULATOR_PID:-?})${LATENCY_ENDPOINT:+, latency emulator $LATENCY_ENDPOINT}" >&2
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

RUN_ID=bench$$x$(date +%s)
status=0
for flavour in $FLAVOURS; do
    case "$flavour" in
        ours-*) py=$OURS_PY ;;
        *) py=$OFFICIAL_PY ;;
    esac
    endpoint=$EMULATOR_ENDPOINT emu_pid=${EMULATOR_PID:-} width=$CONCURRENCY
    case "$flavour" in
        *-dry-run*) n=$N_DRY ;;
        *-capacity) n=$N_CAPACITY endpoint=$LATENCY_ENDPOINT emu_pid=${LATENCY_PID:-} width=$CAPACITY_CONCURRENCY ;;
        *-seq | ours-sync) n=$N_SEQ ;;
        *) n=$N_CONC ;;
    esac
    step "$flavour (n=$n)"
    # A fresh process per flavour: peak RSS and CPU time are that client's.
    if ! "$py" benchmarks/python/bench.py run --flavour "$flavour" --endpoint "$endpoint" \
        --access-key-id "$KEY_ID" --access-key-secret "$KEY_SECRET" \
        --n "$n" --warmup "$WARMUP" --concurrency "$width" \
        --run-id "$RUN_ID" ${emu_pid:+--emulator-pid "$emu_pid"} | tee -a "$RESULTS" "$MINE"; then
        echo "$flavour FAILED" >&2
        status=1
    fi
done

step "summary ($RESULTS)"
# shellcheck disable=SC2086 # word splitting of the flavour list is intended
"$OURS_PY" benchmarks/python/bench.py summary "$MINE" \
    --ours-python "$OURS_PY" --official-python "$OFFICIAL_PY" --expect $FLAVOURS || status=1
exit "$status"
