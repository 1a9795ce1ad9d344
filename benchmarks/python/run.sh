#!/usr/bin/env bash
# PushBroadcast throughput of the mpaas_push wheel against Alibaba Cloud's
# official Python SDKs, all against ONE local MPS emulator (release build).
# Not a test: prints numbers, asserts only that every call succeeded.
#
# Usage: benchmarks/python/run.sh            (from anywhere; needs cargo, python3 with venv)
#   N_SEQ=2000 N_CONC=5000 WARMUP=100 CONCURRENCY=32   sizes (these are the defaults)
#   FLAVOURS="ours-sync tea-v3-seq"                     only these flavours
#   EMULATOR_THREADS=1                                  the emulator on one thread (default 2)
#   SKIP_BUILD=1                                        reuse the wheel, venvs and CLI as they are
set -euo pipefail
cd "$(dirname "$0")/../.."

N_SEQ=${N_SEQ:-2000}
N_CONC=${N_CONC:-5000}
WARMUP=${WARMUP:-100}
CONCURRENCY=${CONCURRENCY:-32}
PYTHON=${PYTHON:-python3}
ALL_FLAVOURS="ours-sync ours-async ours-threads core2019-seq tea-v2-seq tea-v3-seq core2019-threads tea-v2-async tea-v3-async"
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
KEY_ID=benchid
KEY_SECRET=benchsecret

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
    FLAVOURS=$(printf '%s\n' $FLAVOURS | grep -v '^tea-v[23]-async$' | tr '\n' ' ')
fi

mkdir -p "$OUT"
RESULTS=$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl
: >"$RESULTS"

step "emulator (release CLI, one for the whole run)"
EMU_LOG=$OUT/emulator.stdout
target/release/mpaas-push emulator --port 0 --threads "${EMULATOR_THREADS:-2}" --access-key "$KEY_ID:$KEY_SECRET" >"$EMU_LOG" 2>"$OUT/emulator.stderr" &
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
    cat "$OUT/emulator.stderr" >&2
    exit 1
fi
echo "emulator $ENDPOINT (pid $EMU_PID)" >&2
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

RUN_ID=bench$$x$(date +%s)
status=0
for flavour in $FLAVOURS; do
    case "$flavour" in
        ours-*) py=$OURS_PY ;;
        *) py=$OFFICIAL_PY ;;
    esac
    case "$flavour" in
        *-seq | ours-sync) n=$N_SEQ ;;
        *) n=$N_CONC ;;
    esac
    step "$flavour (n=$n)"
    # A fresh process per flavour: peak RSS and CPU time are that client's.
    if ! "$py" benchmarks/python/bench.py run --flavour "$flavour" --endpoint "$ENDPOINT" \
        --access-key-id "$KEY_ID" --access-key-secret "$KEY_SECRET" \
        --n "$n" --warmup "$WARMUP" --concurrency "$CONCURRENCY" \
        --run-id "$RUN_ID" --emulator-pid "$EMU_PID" | tee -a "$RESULTS"; then
        echo "$flavour FAILED" >&2
        status=1
    fi
done

step "summary ($RESULTS)"
# shellcheck disable=SC2086 # word splitting of the flavour list is intended
"$OURS_PY" benchmarks/python/bench.py summary "$RESULTS" \
    --ours-python "$OURS_PY" --official-python "$OFFICIAL_PY" --expect $FLAVOURS || status=1
exit "$status"
