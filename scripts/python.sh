#!/usr/bin/env bash
# Builds the Python wheel (test build, with the core's test hooks) and checks
# it as a user gets it: installed into a fresh venv, then the pytest suite
# against the emulator, the example walk-through against an emulator,
# mypy.stubtest of the compiled module and mypy --strict of the package, the
# suite and the examples; finally builds the wheel users get (no test hooks)
# and checks that it has none. Usage: scripts/python.sh   (needs python3
# with venv, and cargo)
set -euo pipefail
cd "$(dirname "$0")/.."
# The transport tests run against a real proxy (tinyproxy); idempotent.
scripts/install-test-deps.sh

step() { printf '\n==> %s\n' "$*"; }

PYTHON=${PYTHON:-python3}
BUILD_VENV=target/py-build-venv
TEST_VENV=target/py-test-venv
WHEELS=target/wheels
# Cargo's output directory (CARGO_TARGET_DIR when set, as in shared caches).
CARGO_OUT=${CARGO_TARGET_DIR:-target}

step "build venv ($BUILD_VENV, maturin 1.16)"
if [ ! -x "$BUILD_VENV/bin/python" ]; then
    "$PYTHON" -m venv "$BUILD_VENV"
fi
"$BUILD_VENV/bin/python" -m pip install -q --disable-pip-version-check "maturin==1.16.*"

step "wheel (release, --features test-hooks) into $WHEELS"
mkdir -p "$WHEELS"
rm -f "$WHEELS"/mpaas_push-*.whl
start=$(date +%s)
(cd bindings-python && "../$BUILD_VENV/bin/maturin" build --release --locked --features test-hooks -o "../$WHEELS")
echo "wheel built in $(($(date +%s) - start)) s"
shopt -s nullglob
wheels=("$WHEELS"/mpaas_push-*.whl)
shopt -u nullglob
if [ "${#wheels[@]}" -ne 1 ]; then
    echo "expected exactly one mpaas_push wheel in $WHEELS, found ${#wheels[@]}" >&2
    exit 1
fi

step "fresh test venv ($TEST_VENV): the wheel, pytest, pytest-asyncio, mypy"
rm -rf "$TEST_VENV"
"$PYTHON" -m venv "$TEST_VENV"
PY="$TEST_VENV/bin/python"
"$PY" -m pip install -q --disable-pip-version-check \
    "${wheels[0]}" "pytest==9.2.0" "pytest-asyncio==1.5.0" "mypy==2.4.1"

step "CLI for the emulator (cargo build -p mpaas-push-cli)"
cargo build --locked -p mpaas-push-cli

step "pytest bindings-python/tests (against the installed wheel)"
# Run from the repository root, where the source tree's bindings-python/python
# is not on sys.path: `import mpaas_push` resolves into the venv's
# site-packages (tests/test_install.py asserts it). Exit 5 (no tests
# collected) counts as a failure like any other non-zero status.
start=$(date +%s)
status=0
MPAAS_PUSH_BIN="$CARGO_OUT/debug/mpaas-push" PYTHONDONTWRITEBYTECODE=1 \
    "$TEST_VENV/bin/pytest" bindings-python/tests -q \
    --rootdir bindings-python -c bindings-python/pyproject.toml -p no:cacheprovider || status=$?
echo "pytest finished in $(($(date +%s) - start)) s with status $status"
if [ "$status" -ne 0 ]; then
    [ "$status" -eq 5 ] && echo "pytest collected no tests" >&2
    exit 1
fi

step "reliability observations (target/reliability/python.json, for scripts/reliability_report.py)"
# Written by tests/test_reliability.py (fault matrix rows and load figures);
# the suite already failed on any mismatch, this checks the file is complete.
"$PY" - <<'EOF'
import json, sys
doc = json.load(open("target/reliability/python.json", encoding="utf-8"))
table = json.load(open("tests/reliability/faults.json", encoding="utf-8"))
rows, load = doc.get("observed", []), doc.get("load")
if doc.get("language") != "python" or len(rows) != len(table["scenarios"]) or not load:
    sys.exit(f"target/reliability/python.json is incomplete: {len(rows)} rows, load {load}")
print(f"fault matrix: {len(rows)} scenarios observed; load: {load}")
EOF

step "example: bindings-python/examples/scheduled_walkthrough.py against an emulator"
# Started here like the suite does (a fresh emulator on a free loopback
# port; its first stdout line names the URL), stopped by its PID.
EMU_OUT=$(mktemp)
"$CARGO_OUT/debug/mpaas-push" emulator --port 0 --access-key "LTAI-example:example-secret" \
    --template "news_tpl=News: #content#" >"$EMU_OUT" 2>&1 &
EMU_PID=$!
stop_emulator() { kill "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; rm -f "$EMU_OUT"; }
trap stop_emulator EXIT
EMU_URL=
for _ in $(seq 300); do
    EMU_URL=$(sed -n 's/^MPS emulator listening on //p' "$EMU_OUT")
    [ -n "$EMU_URL" ] && break
    kill -0 "$EMU_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$EMU_URL" ]; then
    echo "the emulator did not start:" >&2
    cat "$EMU_OUT" >&2
    exit 1
fi
env -u ALIBABA_CLOUD_SECURITY_TOKEN ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-example \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=example-secret MPAAS_PUSH_ENDPOINT="$EMU_URL" \
    PYTHONDONTWRITEBYTECODE=1 "$PY" bindings-python/examples/scheduled_walkthrough.py
stop_emulator
trap - EXIT

step "mypy.stubtest mpaas_push._native"
# No mypy cache in the work tree: MYPY_CACHE_DIR=/dev/null for mypy; stubtest
# writes one in its working directory whatever it is told, so it runs in target/.
export MYPY_CACHE_DIR=/dev/null
(cd target && "../$PY" -m mypy.stubtest mpaas_push._native --allowlist ../bindings-python/stubtest-allowlist.txt)

step "mypy --strict: the installed package, then the suite and the examples"
# -p resolves the package through the venv's site-packages (cwd has no
# mpaas_push), which also checks that py.typed and the stub are shipped.
"$PY" -m mypy --strict -p mpaas_push
# The suite and the examples are typed usage of the public API: they must
# type-check too.
MYPYPATH=bindings-python/tests "$PY" -m mypy --strict bindings-python/tests
"$PY" -m mypy --strict bindings-python/examples

step "the wheel users get (release, no test hooks) into $WHEELS/user"
rm -rf "$WHEELS/user"
(cd bindings-python && "../$BUILD_VENV/bin/maturin" build --release --locked -o "../$WHEELS/user")
"$PY" - "$WHEELS"/user/mpaas_push-*.whl <<'EOF'
import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
binary = b"".join(wheel.read(n) for n in wheel.namelist() if n.startswith("mpaas_push/_native") and not n.endswith(".pyi"))
found = [h for h in ("_debug_panic", "_arm_core_panic", "_disarm_core_panic") if h.encode() in binary]
if not binary or found:
    sys.exit(f"the user wheel {sys.argv[1]} has test hooks: {found or 'no native module'}")
print(f"{sys.argv[1]}: no test hooks")
EOF

step "Python checks passed"
