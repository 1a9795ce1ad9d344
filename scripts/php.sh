#!/usr/bin/env bash
# Builds the PHP extension (bindings-php, ext-php-rs, PHP 8.2) and checks it
# as a user gets it: the release build (WITHOUT test hooks) is what
# target/php/mpaas_push.so holds; its classes and methods must match the IDE
# stubs (bindings-php/stubs/mpaas_push.php), and an example runs on it against
# the emulator. The PHPUnit suite (Debian's phpunit) runs on a second build
# with the `test-hooks` feature: the shared request, invalid, companion and
# client-options vectors, the fault matrix and a 10,000-call sequential load
# (writing target/reliability/php.json for scripts/reliability_report.py),
# every error code with no secret shown, panics armed inside the core, and
# the real transport: HTTPS to the emulator's --tls (certificates accepted
# and refused) and tinyproxy (CONNECT with basic auth, wrong password,
# unreachable, plain HTTP, the environment's proxy), rows in
# target/reliability/php-transport-*.json; and the service dying mid-load
# (target/reliability/php-dies.json).
# Usage: scripts/php.sh   (installs PHP 8.2, phpunit and libclang when missing)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "system packages (php8.2-dev, php8.2-cli, phpunit, libclang-dev)"
scripts/install-php-deps.sh
php=$(command -v php8.2)
export PHP="$php" PHP_CONFIG=$(command -v php-config8.2)

cargo_out=${CARGO_TARGET_DIR:-target}
case "$cargo_out" in /*) ;; *) cargo_out="$PWD/$cargo_out" ;; esac

step "CLI for the emulator (cargo build -p mpaas-push-cli)"
cargo build --locked -p mpaas-push-cli
export MPAAS_PUSH_BIN="$cargo_out/debug/mpaas-push"

step "release extension (cargo build --release -p mpaas-push-php, no test hooks) → target/php/mpaas_push.so"
cargo build --locked --release -p mpaas-push-php
mkdir -p target/php
cp "$cargo_out/release/libmpaas_push_php.so" target/php/mpaas_push.so
release=(-n -d extension="$PWD/target/php/mpaas_push.so")
"$php" "${release[@]}" -r 'exit(extension_loaded("mpaas_push") ? 0 : 1);' \
    || { echo "target/php/mpaas_push.so does not load as extension mpaas_push" >&2; exit 1; }
if "$php" "${release[@]}" -r 'exit(function_exists("MpaasPush\\Test\\armCorePanic") ? 0 : 1);'; then
    echo "target/php/mpaas_push.so has test hooks" >&2
    exit 1
fi
echo "target/php/mpaas_push.so loads and has no test hooks ($(du -h target/php/mpaas_push.so | cut -f1))"

step "IDE stubs match the extension (classes, methods, parameters)"
"$php" -l bindings-php/stubs/mpaas_push.php >/dev/null
diff <("$php" "${release[@]}" bindings-php/tests/api-shape.php) \
     <("$php" -n bindings-php/tests/api-shape.php bindings-php/stubs/mpaas_push.php) \
    || { echo "bindings-php/stubs/mpaas_push.php differs from the extension (diff above: < extension, > stubs)" >&2; exit 1; }
echo "stubs match"

step "example against the emulator (release extension)"
emu_out=$(mktemp)
"$MPAAS_PUSH_BIN" emulator --port 0 --access-key example-id:example-secret \
    --template 'news_tpl=News: #content#' >"$emu_out" &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true; rm -f "$emu_out"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$emu_out" && break; sleep 0.1; done
url=$(sed -n 's/^MPS emulator listening on //p' "$emu_out" | head -1)
[ -n "$url" ] || { echo "the emulator did not start" >&2; exit 1; }
env -u ALIBABA_CLOUD_SECURITY_TOKEN ALIBABA_CLOUD_ACCESS_KEY_ID=example-id ALIBABA_CLOUD_ACCESS_KEY_SECRET=example-secret \
    MPAAS_PUSH_ENDPOINT="$url" "$php" "${release[@]}" bindings-php/examples/broadcast.php
kill "$emu_pid"; wait "$emu_pid" 2>/dev/null || true

step "test extension (cargo build -p mpaas-push-php --features test-hooks)"
cargo build --locked -p mpaas-push-php --features test-hooks
test_ext="$cargo_out/debug/libmpaas_push_php.so"

step "PHPUnit suite against the emulator (vectors, fault matrix, 10k load, secrets, panics, HTTPS and proxies)"
scripts/install-test-deps.sh
rm -f target/reliability/php.json target/reliability/php-transport-*.json target/reliability/php-dies.json
"$php" -d extension="$test_ext" "$(command -v phpunit)" -c bindings-php/phpunit.xml
[ -s target/reliability/php.json ] || { echo "the suite did not write target/reliability/php.json" >&2; exit 1; }
echo "PHP load figures: $("$php" -r 'echo json_encode(json_decode(file_get_contents("target/reliability/php.json"), true)["load"] ?? null);')"
