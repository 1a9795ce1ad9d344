#!/usr/bin/env bash
# Builds the Node.js package as users get it (release, no test hooks) and
# checks it: the typings regenerated and compared with the committed
# index.d.ts / index.js, `npm pack`, the tarball installed into a fresh
# project and checked to carry no test hook, `tsc --noEmit --strict` on a
# TypeScript usage file. The suite then runs against that installed package
# with its addon replaced by the test addon (the same sources built with
# `--features test-hooks`, which adds `_debugPanic` / `_armCorePanic`): the
# node:test suite against the emulator (vectors, client options, the
# reliability suites: fault matrix and load test, which write
# target/reliability/node.json; hostile input; secrets; panics), and the
# examples (examples/*.mjs). The tarball in target/node-pack is the user build.
# Usage: scripts/node.sh   (needs node >= 20 with npm, and cargo)
set -euo pipefail
cd "$(dirname "$0")/.."
# The transport tests run against a real proxy (tinyproxy); idempotent.
scripts/install-test-deps.sh

step() { printf '\n==> %s\n' "$*"; }

PKG=bindings-node
BUILD=target/node-build
TEST_BUILD=target/node-test-build
PACK=target/node-pack
PROJECT=target/node-project
BINARY=mpaas-push.linux-x64-gnu.node

step "npm ci in $PKG (pinned @napi-rs/cli and typescript)"
(cd "$PKG" && npm ci --no-audit --no-fund --loglevel=error)

# The napi CLI runs cargo in the workspace, so the workspace target dir is
# used; the loader and typings it generates go next to the .node.
build_addon() { # output-dir [cargo features...]
    local out=$1
    shift
    rm -rf "$out"
    local start
    start=$(date +%s)
    (cd "$PKG" && npx --no-install napi build --platform --release "$@" --output-dir "../$out")
    echo "addon built in $(($(date +%s) - start)) s"
    for f in index.d.ts index.js "$BINARY"; do
        [ -s "$out/$f" ] || { echo "napi build did not produce $out/$f" >&2; exit 1; }
    done
}

# The generated typings and loader of a build must be the committed ones.
check_typings() { # build-dir
    local stale=0
    for f in index.d.ts index.js; do
        if ! diff -u "$PKG/$f" "$1/$f"; then
            echo "$PKG/$f is stale: regenerate it (npm run build in $PKG) and commit it" >&2
            stale=1
        fi
    done
    [ "$stale" -eq 0 ] || exit 1
}

step "native addon as published (release, no features) into $BUILD"
build_addon "$BUILD"

step "generated index.d.ts and index.js match the committed ones"
check_typings "$BUILD"
echo "typings up to date"

step "test addon (release, --features test-hooks) into $TEST_BUILD"
build_addon "$TEST_BUILD" --features test-hooks
# The hooks are left out of the typings: both builds generate the same.
check_typings "$TEST_BUILD"

step "npm pack into $PACK"
cp "$BUILD/$BINARY" "$PKG/$BINARY"
rm -rf "$PACK"
mkdir -p "$PACK"
(cd "$PKG" && npm pack --pack-destination "../$PACK" --loglevel=error)
rm -f "$PKG/$BINARY"
shopt -s nullglob
tarballs=("$PACK"/mpaas-push-*.tgz)
shopt -u nullglob
if [ "${#tarballs[@]}" -ne 1 ]; then
    echo "expected exactly one mpaas-push tarball in $PACK, found ${#tarballs[@]}" >&2
    exit 1
fi
tarball=$(basename "${tarballs[0]}")
echo "packed $tarball ($(du -h "${tarballs[0]}" | cut -f1))"

step "fresh project $PROJECT: npm install the tarball (+ typescript)"
rm -rf "$PROJECT"
mkdir -p "$PROJECT"
cp "${tarballs[0]}" "$PROJECT/"
cp -r "$PKG/tests" "$PROJECT/tests"
cp -r "$PKG/examples" "$PROJECT/examples"
tsversion=$(node -p "require('./$PKG/package.json').devDependencies.typescript")
(
    cd "$PROJECT"
    printf '{\n  "name": "mpaas-push-install-check",\n  "private": true\n}\n' > package.json
    npm install --no-audit --no-fund --loglevel=error "./$tarball" "typescript@$tsversion"
)

step "the installed package has no test hook; then the test addon replaces its addon"
(cd "$PROJECT" && node -e '
const m = require("mpaas-push")
const hooks = ["_debugPanic", "_debugPanicAsync", "_armCorePanic"].filter((h) => h in m)
if (hooks.length) { console.error("the published build carries test hooks: " + hooks); process.exit(1) }
')
if grep -q -a _armCorePanic "$PROJECT/node_modules/mpaas-push/$BINARY"; then
    echo "the packed addon contains a test hook" >&2
    exit 1
fi
echo "published build: no test hooks"
# From here on the suite runs against the installed package (loader,
# typings, package.json of the tarball) with the test addon in place of the
# published one; the tarball in $PACK is left as built.
cp "$TEST_BUILD/$BINARY" "$PROJECT/node_modules/mpaas-push/$BINARY"

step "tsc --noEmit --strict on a TypeScript usage file (against the installed typings)"
(cd "$PROJECT" && npx --no-install tsc --noEmit --strict --target es2022 --module commonjs \
    --moduleResolution node10 tests/usage.ts)
echo "tsc: no errors"

step "CLI for the emulator (cargo build -p mpaas-push-cli)"
cargo build --locked -p mpaas-push-cli

step "node --test (against the installed package)"
# Run inside the fresh project: `require('mpaas-push')` and
# `import { Client } from 'mpaas-push'` resolve to its node_modules.
cargo_out=${CARGO_TARGET_DIR:-target}
case "$cargo_out" in /*) ;; *) cargo_out="$PWD/$cargo_out" ;; esac
export MPAAS_PUSH_BIN="$cargo_out/debug/mpaas-push"
export MPAAS_PUSH_VECTORS="$PWD/tests/vectors"
# The repository root: tests/reliability/faults.json is read from it and
# target/reliability/node.json written under it.
export MPAAS_PUSH_REPO="$PWD"
rm -f target/reliability/node.json
start=$(date +%s)
status=0
(cd "$PROJECT" && node --test --test-reporter=spec tests/*.test.js tests/*.test.mjs) \
    | tee "$PROJECT/test-output.txt" || status=$?
echo "node --test finished in $(($(date +%s) - start)) s with status $status"
[ "$status" -eq 0 ] || exit 1
# Zero tests run is a failure too.
passed=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$PROJECT/test-output.txt" | tail -1)
if [ -z "$passed" ] || [ "$passed" -eq 0 ]; then
    echo "node --test ran no tests" >&2
    exit 1
fi
# The fault matrix and load figures for scripts/reliability_report.py.
if ! node -e 'const d = require(process.argv[1]); if (d.language !== "node" || !d.observed.length || !d.load) process.exit(1)' \
    "$PWD/target/reliability/node.json"; then
    echo "tests/reliability.test.js did not write target/reliability/node.json (matrix and load)" >&2
    exit 1
fi
echo "reliability observations: target/reliability/node.json"

step "examples against the emulator (the installed package)"
# tests/run-example.js starts an emulator the way the suite does and runs
# the example with its URL in MPAAS_PUSH_ENDPOINT and the test key in the
# standard credential variables.
for example in "$PROJECT"/examples/*.mjs; do
    name=examples/$(basename "$example")
    echo "--- $name"
    (cd "$PROJECT" && node tests/run-example.js "$name")
done

step "Node.js checks passed ($passed tests, examples ran)"
