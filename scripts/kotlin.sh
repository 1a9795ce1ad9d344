#!/usr/bin/env bash
# Builds the JVM artifact (io.github.mpaaspush:mpaas-push) and checks it as a
# user gets it: `mvn install` builds the Rust library (release, WITHOUT test
# hooks), generates the Kotlin sources from it with the in-repo uniffi-bindgen
# and puts that .so inside the jar (linux-x86-64/); the JUnit suite runs
# against a second build with the `test-hooks` feature, placed on the test
# classpath only. Then the Kotlin and Java examples are built from the
# installed coordinates only (the hook-free jar) and run against the emulator
# (including the scheduled-broadcasts walk-through: schedule → list → cancel
# → list).
# The JUnit suite includes issue 8's reliability tests: the shared fault
# matrix (tests/reliability/faults.json) and a 10,000-call load test, which
# write target/reliability/jvm.json and jvm-load.json at the repository root
# for scripts/reliability_report.py; hostile input (NUL, lone surrogates,
# huge maps, deep payloads); secrets in no error family or dry run; and
# panics armed inside the core (debugArmCorePanic, the test-hooks build);
# every case of tests/vectors/client-options.json through ClientConfigBuilder.
# Usage: scripts/kotlin.sh   (needs cargo, a JDK >= 17 and Maven)
set -euo pipefail
cd "$(dirname "$0")/.."
# The transport tests run against a real proxy (tinyproxy); idempotent.
scripts/install-test-deps.sh

step() { printf '\n==> %s\n' "$*"; }

cargo_out=${CARGO_TARGET_DIR:-target}
case "$cargo_out" in /*) ;; *) cargo_out="$PWD/$cargo_out" ;; esac
MVN=(mvn -B -q --no-transfer-progress -Dstyle.color=never)

step "Rust unit tests of the binding's conversions (cargo test -p mpaas-push-kotlin)"
cargo test --locked -p mpaas-push-kotlin --lib --tests

step "CLI for the emulator (cargo build -p mpaas-push-cli)"
cargo build --locked -p mpaas-push-cli
export MPAAS_PUSH_BIN="$cargo_out/debug/mpaas-push"
export MPAAS_PUSH_VECTORS="$PWD/tests/vectors"

step "mvn install (release cdylib for the jar, Kotlin generation, compile; JUnit suite against the emulator on a --features test-hooks build incl. fault matrix and load; jar; local repository)"
# The pom runs cargo build and uniffi-bindgen itself (generate-sources);
# here it only gets the test build's feature and cargo's target directory.
rm -f target/reliability/jvm.json target/reliability/jvm-load.json
start=$(date +%s)
"${MVN[@]}" -f bindings-kotlin/pom.xml -Dmpaas.cargo.target="$cargo_out" \
    -Dmpaas.test.features=test-hooks install
echo "mvn install finished in $(($(date +%s) - start)) s"
reports=bindings-kotlin/target/surefire-reports
tests=0 failures=0
for f in "$reports"/TEST-*.xml; do
    t=$(sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)".*/\1/p' "$f" | head -1)
    x=$(sed -n 's/.*<testsuite [^>]*failures="\([0-9]*\)".*/\1/p' "$f" | head -1)
    tests=$((tests + ${t:-0})) failures=$((failures + ${x:-0}))
done
if [ "$tests" -eq 0 ]; then
    echo "the JUnit suite ran no tests" >&2
    exit 1
fi
for f in target/reliability/jvm.json target/reliability/jvm-load.json; do
    [ -s "$f" ] || { echo "the JUnit suite did not write $f" >&2; exit 1; }
done
echo "JVM load figures: $(tr -d ' \n' <target/reliability/jvm-load.json)"
jar=bindings-kotlin/target/mpaas-push-0.1.0.jar
listing=$(unzip -l "$jar")
grep -q 'linux-x86-64/libmpaas_push_jvm.so' <<<"$listing" \
    || { echo "$jar does not contain linux-x86-64/libmpaas_push_jvm.so" >&2; exit 1; }
# The suite ran on the hooks build; the jar must hold the hook-free one.
marker='debug_panic called'
grep -qa "$marker" bindings-kotlin/target/test-classes/linux-x86-64/libmpaas_push_jvm.so \
    || { echo "the JUnit suite did not run on the test-hooks build" >&2; exit 1; }
if unzip -p "$jar" linux-x86-64/libmpaas_push_jvm.so | grep -qa "$marker"; then
    echo "$jar holds a library built with test hooks" >&2
    exit 1
fi
echo "the jar's library has no test hooks; the suite ran on the test-hooks build"

step "examples (Kotlin, Java, scheduled-broadcasts walk-through) from io.github.mpaaspush:mpaas-push:0.1.0 against the emulator"
EX=bindings-kotlin/examples
"${MVN[@]}" -f "$EX/pom.xml" package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="$EX/target/classes:$(cat "$EX/target/classpath.txt")"
emu_out=$(mktemp)
"$MPAAS_PUSH_BIN" emulator --port 0 --access-key testid:testsecret \
    --template 'news_tpl=News: #content#' >"$emu_out" &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true; rm -f "$emu_out"' EXIT
for _ in $(seq 1 100); do
    grep -q 'listening on' "$emu_out" && break
    sleep 0.1
done
url=$(sed -n 's/^MPS emulator listening on //p' "$emu_out" | head -1)
[ -n "$url" ] || { echo "the emulator did not start" >&2; exit 1; }
export MPAAS_PUSH_ENDPOINT="$url" ALIBABA_CLOUD_ACCESS_KEY_ID=testid ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret
java -cp "$cp" example.KotlinExampleKt
# Scheduled broadcasts: schedule → list (every page) → cancel → list again.
java -cp "$cp" example.ScheduledExampleKt
java -cp "$cp" example.JavaExample

step "JVM checks passed"
echo "$tests passed, $failures failed"
