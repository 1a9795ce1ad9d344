#!/usr/bin/env bash
# Runs every check and test of the project, as CI does. Usage: scripts/test.sh
# Needs only the toolchains; it installs nothing outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "format (cargo fmt --check)"
cargo fmt --all -- --check

step "lint (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests: core unit + integration + doc tests, shared vectors"
cargo test --locked

step "examples"
cargo run --locked -q -p mpaas-push --example dry_run > /dev/null

step "all checks passed"
