# shellcheck shell=bash
# The emulators a benchmark talks to; sourced by benchmarks/run.sh and every
# benchmarks/<language>/run.sh (from the repository root, after OUT, KEY_ID
# and KEY_SECRET are set and the release CLI is built).
#
#   use_emulators PLAIN LATENCY   (each 0 or 1: whether the run needs it)
#       keeps EMULATOR_ENDPOINT/EMULATOR_PID and LATENCY_ENDPOINT/LATENCY_PID
#       as benchmarks/run.sh exported them, and starts what is missing: a plain
#       emulator (--threads ${EMULATOR_THREADS:-2}) and one that answers
#       after 50 ms (--latency-ms 50, one thread: the timer does the waiting).
#   stop_emulators                 stops the emulators started here (for `trap`).

BENCH_EMULATOR_PIDS=()

stop_emulators() {
    local pid
    for pid in "${BENCH_EMULATOR_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}

# start_emulator NAME [FLAGS...]: sets STARTED_ENDPOINT and STARTED_PID.
start_emulator() {
    local name=$1 log=$OUT/emulator-$1 line
    shift
    mkdir -p "$OUT"
    target/release/mpaas-push emulator --port 0 --access-key "$KEY_ID:$KEY_SECRET" "$@" \
        >"$log.stdout" 2>"$log.stderr" &
    STARTED_PID=$!
    BENCH_EMULATOR_PIDS+=("$STARTED_PID")
    STARTED_ENDPOINT=
    for _ in $(seq 100); do
        line=$(head -n 1 "$log.stdout" 2>/dev/null || true)
        case "$line" in
            "MPS emulator listening on "*) STARTED_ENDPOINT=${line#MPS emulator listening on }; break ;;
        esac
        kill -0 "$STARTED_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$STARTED_ENDPOINT" ]; then
        echo "the $name emulator did not start; stderr:" >&2
        cat "$log.stderr" >&2
        exit 1
    fi
    echo "$name emulator $STARTED_ENDPOINT (pid $STARTED_PID, started here)" >&2
}

use_emulators() {
    if [ "$1" = 1 ] && [ -z "${EMULATOR_ENDPOINT:-}" ]; then
        start_emulator plain --threads "${EMULATOR_THREADS:-2}"
        EMULATOR_ENDPOINT=$STARTED_ENDPOINT EMULATOR_PID=$STARTED_PID
    fi
    if [ "$2" = 1 ] && [ -z "${LATENCY_ENDPOINT:-}" ]; then
        start_emulator latency --threads 1 --latency-ms 50
        LATENCY_ENDPOINT=$STARTED_ENDPOINT LATENCY_PID=$STARTED_PID
    fi
}
