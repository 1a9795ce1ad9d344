#!/usr/bin/env bash
# Fuzzes the hostile-input surfaces with cargo-fuzz (libFuzzer), one target
# after another, single job, starting from the committed seed corpora:
#   request_json      neutral-JSON request reader + rules + wire params + signing
#   response_parser   every response parser and the error classifier
#   emulator_request  the emulator's request handling (gateway, signatures, service)
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default 20 s each, all targets)
# Fails on the first crash, leak, timeout or out-of-memory; libFuzzer saves
# the input under fuzz/artifacts/<target>/ — add it to fuzz/corpus/<target>/
# once fixed. Inputs the run finds go to target/fuzz/work/<target>/, never
# into the repository. To fold them into the committed seeds:
#   target/tools/bin/cargo-fuzz cmin --fuzz-dir fuzz -s none \
#     --target-dir target/fuzz <target> fuzz/corpus/<target>
# Environment: FUZZ_SANITIZER (default none: the workspace forbids unsafe
# code; "address" needs a nightly toolchain), FUZZ_TOOLCHAIN (default
# stable, nightly with a sanitizer).
# Installs cargo-fuzz into target/tools (nothing outside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request_json response_parser emulator_request)

cargo_fuzz_version=0.13.2
tools="$root/target/tools"
if ! "$tools/bin/cargo-fuzz" --version 2>/dev/null | grep -qF "$cargo_fuzz_version"; then
  cargo install --root "$tools" cargo-fuzz --version "$cargo_fuzz_version" --locked
fi
export PATH="$tools/bin:$PATH"

sanitizer=${FUZZ_SANITIZER:-none}
if [ "$sanitizer" = none ]; then
  toolchain=${FUZZ_TOOLCHAIN:-stable}
else
  toolchain=${FUZZ_TOOLCHAIN:-nightly}
fi
target_dir="${CARGO_TARGET_DIR:-$root/target}/fuzz"
logs="$target_dir/logs"
mkdir -p "$logs"

fuzz() {
  local sub=$1
  shift
  cargo "+$toolchain" fuzz "$sub" --fuzz-dir "$root/fuzz" -s "$sanitizer" \
    --target-dir "$target_dir" "$@"
}

# Build every target first so the timed runs measure fuzzing only.
for t in "${targets[@]}"; do
  fuzz build "$t"
done

for t in "${targets[@]}"; do
  work="$target_dir/work/$t"
  mkdir -p "$work"
  log="$logs/$t.log"
  printf '\n==> fuzz %s for %ss (log: %s)\n' "$t" "$seconds" "${log#"$root"/}"
  status=0
  fuzz run "$t" "$work" "$root/fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 > "$log" 2>&1 || status=$?
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
  echo "$t: ${execs:-?} execs, ${rate:-?} exec/s, peak RSS ${rss:-?} MB; last: ${last:-?}"
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz target $t FAILED (exit $status); the input is under fuzz/artifacts/$t/" >&2
    exit "$status"
  fi
done
echo "fuzz: ${#targets[@]} passed, 0 failed"
