#!/usr/bin/env bash
# Runs every check and test of the project, as CI does. Usage: scripts/test.sh
# Needs only the toolchains; it installs nothing outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "system packages: tinyproxy (the transport tests), PHP 8.2 dev + phpunit + libclang (the PHP extension, linted with the workspace)"
scripts/install-test-deps.sh
scripts/install-php-deps.sh

step "format (cargo fmt --check)"
cargo fmt --all -- --check

step "lint (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "architecture: core modules without import cycles, bindings without rules of their own"
python3 scripts/check_layers.py
python3 scripts/check_bindings.py --report

step "Rust tests: core, emulator, CLI, shared vectors, fault matrix, load, hostile input, secrets, official SDKs against the emulator"
rm -rf target/reliability
cargo test --locked

step "fuzz: request JSON, response parsers, emulator requests (cargo-fuzz, 20 s each from fuzz/corpus)"
scripts/fuzz.sh 20

step "examples and the README demo"
cargo run --locked -q -p mpaas-push --example dry_run > /dev/null
cargo run --locked -q -p mpaas-push-emulator --example loadgen -- --requests 2000 --connections 8
cargo run --locked -q -p mpaas-push-cli -- demo
cargo run --locked -q -p mpaas-push-conformance --example scheduled_walkthrough

step "Python package (wheel in a fresh venv, pytest, stubtest, mypy --strict)"
scripts/python.sh

step "Node.js package (tarball in a fresh project, typings check, tsc --strict, node --test)"
scripts/node.sh

step "JVM artifact (UniFFI + Maven: JUnit suite, mvn install, Kotlin and Java consumers)"
scripts/kotlin.sh

step "PHP extension (release .so without test hooks, stubs check, example; PHPUnit suite incl. fault matrix and load)"
scripts/php.sh

step "release artifacts, quick check: one cross build (the aarch64 manylinux2014 wheel, zig), its tag, GLIBC <= 2.17, no test hooks"
# The full set (every wheel, npm package and the jar, ≈ 1 h cold) is
# scripts/release.sh; running them on other systems, scripts/verify-release.sh.
scripts/release.sh --smoke

step "benchmarks, smoke run (tiny sizes: every language's script still works; figures come from benchmarks/run.sh)"
SMOKE=1 benchmarks/run.sh

step "reliability report (docs/reliability.md from every suite's fault-matrix and load results)"
python3 scripts/reliability_report.py --check

step "all checks passed"
