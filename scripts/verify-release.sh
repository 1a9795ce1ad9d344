#!/usr/bin/env bash
# Installs the artifacts of scripts/release.sh (dist/) on the systems servers
# run and sends a real broadcast through each to an emulator on this
# machine's 127.0.0.1, then writes docs/platforms.md (artifact × system ×
# result). Slow (≈ 15 min the first time, the roots are kept under target/),
# root only, and NOT part of scripts/test.sh.
#
#   Debian 11 bullseye amd64 (glibc 2.31, Python 3.9, Debian's JDK 17), a
#     debootstrap root: the manylinux2014 x86_64 wheel (pip, in a venv), the
#     linux-x64-gnu npm package (npm install of the tarballs, run by this
#     machine's Node, copied in: Debian 11's own Node 12 is too old for any
#     napi-rs addon) and the jar's linux-x86-64/ library;
#   Debian 12 bookworm arm64 (glibc 2.36, Python 3.11, Node 18, JDK 17), a
#     debootstrap root run through qemu-user-static: the manylinux2014
#     aarch64 wheel, the linux-arm64-gnu npm package (installed by this
#     machine's npm with --cpu=arm64 --libc=glibc, as its npm would pick it;
#     run by the root's Node) and the jar's linux-aarch64/ library;
#   musl (Alpine): no musl Python or Node comes from the registries here, so
#     the musllinux wheels and the -musl addons are checked statically
#     (scripts/elf_check.py: machine, NEEDED, no glibc symbol, no test hook);
#   the sdist: built into a wheel with pip (a Rust toolchain) on this machine;
#   the Maven repository dist/maven: a fresh local repository resolves
#     io.github.mpaaspush:mpaas-push from it (with its dependencies).
# A chroot shares this machine's network namespace, so the clients reach the
# emulator on 127.0.0.1; nothing leaves the machine.
#
# Usage: sudo scripts/verify-release.sh   (after scripts/release.sh)
#        SKIP_SDIST=1 skips the sdist's build (a cold compile), as a failed row.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "verify-release.sh needs root (debootstrap, chroot, mount)" >&2; exit 1; }
ROOT=$PWD
DIST=$ROOT/dist
VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
CARGO_OUT=${CARGO_TARGET_DIR:-target}
case "$CARGO_OUT" in /*) ;; *) CARGO_OUT="$ROOT/$CARGO_OUT" ;; esac
ROOTS=$ROOT/target/release-roots
WORK=$ROOT/target/release-verify
RESULTS=$WORK/results.tsv
MVN_REPO=io/github/mpaaspush/mpaas-push/$VERSION
[ -d "$DIST" ] || { echo "no dist/: run scripts/release.sh first" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK"
: >"$RESULTS"
failures=0

# An artifact that scripts/release.sh did not produce is a failed row.
have() { # artifact system file...
    local f
    for f in "${@:3}"; do
        if [ ! -s "$f" ]; then
            record "$1" "$2" FAIL "not built: ${f#"$ROOT"/} is missing"
            return 1
        fi
    done
}
record() { # artifact system result how
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"
    [ "$3" = pass ] || failures=$((failures + 1))
    echo "[$3] $1 on $2: $4"
}

# ------------------------------------------------------------ roots
step "tools: debootstrap, qemu-user-static, binfmt-support"
if ! command -v debootstrap >/dev/null || ! command -v qemu-aarch64-static >/dev/null \
    || ! command -v update-binfmts >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static debootstrap binfmt-support
fi
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] \
    || update-binfmts --import qemu-aarch64
grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || { echo "binfmt_misc has no enabled qemu-aarch64 handler" >&2; exit 1; }

MOUNTS=()
unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -l "${MOUNTS[$i]}" 2>/dev/null || true
    done
    MOUNTS=()
}
EMU_PID=
cleanup() {
    [ -z "$EMU_PID" ] || kill "$EMU_PID" 2>/dev/null || true
    unmount_all
}
trap cleanup EXIT

make_root() { # name arch suite packages
    local dir=$ROOTS/$1
    if [ -f "$dir/.complete" ]; then
        echo "$dir: kept from an earlier run ($(cat "$dir/.complete"))"
        return
    fi
    if grep -q " $dir/" /proc/mounts; then
        echo "$dir has mounts; unmount them first" >&2
        exit 1
    fi
    rm -rf "$dir"
    mkdir -p "$ROOTS"
    local start=$SECONDS
    debootstrap --arch="$2" --variant=minbase --include="$4" "$3" "$dir" >"$WORK/debootstrap-$1.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap-$1.log" >&2; exit 1; }
    echo "$3 $2, built in $((SECONDS - start)) s" >"$dir/.complete"
    cat "$dir/.complete"
}
enter() { # root: mounts /proc and /dev, copies the checks and the artifacts in
    local dir=$ROOTS/$1
    mount -t proc proc "$dir/proc" && MOUNTS+=("$dir/proc")
    mount --bind /dev "$dir/dev" && MOUNTS+=("$dir/dev")
    rm -rf "$dir/opt/mpaas"
    mkdir -p "$dir/opt/mpaas"
    cp -r "$DIST" "$dir/opt/mpaas/dist"
    cp -r scripts/release-check "$dir/opt/mpaas/check"
}
# The venvs in the roots use Debian's pip (python3-pip) through
# --system-site-packages instead of ensurepip, which takes minutes under qemu.
in_root() { # root command... (a clean environment; the emulator's URL and test key)
    chroot "$ROOTS/$1" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
        MPAAS_PUSH_ENDPOINT="$EMU_URL" ALIBABA_CLOUD_ACCESS_KEY_ID=testid \
        ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret "${@:2}"
}

step "roots under $ROOTS (debootstrap; kept between runs)"
make_root bullseye-amd64 amd64 bullseye python3,python3-venv,python3-pip,openjdk-17-jre-headless,libstdc++6
make_root bookworm-arm64 arm64 bookworm python3,python3-venv,python3-pip,nodejs,openjdk-17-jre-headless

# ------------------------------------------------------------ emulator
step "emulator on 127.0.0.1 (cargo build -p mpaas-push-cli)"
cargo build --locked -q -p mpaas-push-cli
"$CARGO_OUT/debug/mpaas-push" emulator --port 0 --access-key testid:testsecret \
    --template 'news_tpl=News: #content#' >"$WORK/emulator.out" 2>&1 &
EMU_PID=$!
EMU_URL=
for _ in $(seq 100); do
    EMU_URL=$(sed -n 's/^MPS emulator listening on //p' "$WORK/emulator.out" | head -1)
    [ -n "$EMU_URL" ] && break
    sleep 0.1
done
[ -n "$EMU_URL" ] || { cat "$WORK/emulator.out" >&2; exit 1; }
echo "emulator: $EMU_URL"
case "$EMU_URL" in http://127.0.0.1:*) ;; *) echo "the emulator is not on 127.0.0.1" >&2; exit 1 ;; esac

# A run passes when the client says it sent and the emulator recorded a
# PushBroadcast with the run's own msgkey.
received() { # msgkey
    local seen
    seen=$(curl -fsS "$EMU_URL/_emulator/requests?action=PushBroadcast") && grep -q "\"$1\"" <<<"$seen"
}
run_check() { # artifact system log-name command...
    local key
    key="release-check-$3-$(date +%s%N)"
    local log=$WORK/$3.log
    if "${@:4}" "$key" >"$log" 2>&1 && received "$key"; then
        record "$1" "$2" pass "$(grep -E 'sent, requestId' "$log" | tail -1 | sed 's/requestId=.*//; s/: sent,//')"
    else
        tail -15 "$log" >&2
        record "$1" "$2" FAIL "see $3.log: $(tail -1 "$log" | cut -c1-120)"
    fi
}

JAR=$DIST/maven/$MVN_REPO/mpaas-push-$VERSION.jar
MAIN_TGZ=$DIST/node/mpaas-push-$VERSION.tgz
# ------------------------------------------------------------ JVM classpath
step "Maven: resolve io.github.mpaaspush:mpaas-push:$VERSION from dist/maven into a fresh local repository"
consumer=$WORK/maven-consumer
mkdir -p "$consumer"
cat >"$consumer/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>release-check</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <repositories>
    <repository><id>dist</id><url>file://$DIST/maven</url></repository>
  </repositories>
  <dependencies>
    <dependency>
      <groupId>io.github.mpaaspush</groupId>
      <artifactId>mpaas-push</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
# A fresh local repository, so the artifact cannot come from ~/.m2 (where
# `mvn install` puts this machine's build): it comes from dist/maven, its
# dependencies (and the dependency plugin) from Maven Central.
jar_ok=0
if ! have "Maven repository dist/maven (jar + POM)" "Maven 3 resolution, fresh local repository" "$JAR"; then
    :
elif mvn -B -q --no-transfer-progress -f "$consumer/pom.xml" -Dmaven.repo.local="$consumer/repo" \
    dependency:copy-dependencies -DoutputDirectory="$consumer/lib" >"$WORK/maven.log" 2>&1 \
    && cmp -s "$consumer/lib/mpaas-push-$VERSION.jar" "$DIST/maven/$MVN_REPO/mpaas-push-$VERSION.jar"; then
    record "Maven repository dist/maven (jar + POM)" "Maven 3 resolution, fresh local repository" pass \
        "resolved with $(ls "$consumer/lib" | grep -v mpaas-push | tr '\n' ' ')"
    jar_ok=1
else
    tail -20 "$WORK/maven.log" >&2
    record "Maven repository dist/maven (jar + POM)" "Maven 3 resolution, fresh local repository" FAIL "see maven.log"
fi
if [ "$jar_ok" -eq 1 ]; then
    javac --release 17 -cp "$consumer/lib/*" -d "$WORK" scripts/release-check/Send.java
fi
jar_check() { # root arch-folder system log-name
    if [ "$jar_ok" -ne 1 ]; then
        record "jar mpaas-push-$VERSION.jar ($2/)" "$3" FAIL "not run: the jar did not resolve from dist/maven"
        return
    fi
    cp -r "$consumer/lib" "$ROOTS/$1/opt/mpaas/lib"
    cp "$WORK/Send.class" "$ROOTS/$1/opt/mpaas/check/"
    run_check "jar mpaas-push-$VERSION.jar ($2/)" "$3, $(in_root "$1" "$JAVA" -version 2>&1 | head -1)" \
        "$4" in_root "$1" sh -c "$JAVA"' -cp "/opt/mpaas/lib/*:/opt/mpaas/check" Send "$0"'
}

# ------------------------------------------------------------ bullseye amd64
step "Debian 11 bullseye amd64"
SYS="Debian 11 bullseye x86-64 (glibc 2.31)"
# Debian's JDK 17 (the root also has 11, pulled in by ca-certificates-java).
JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
enter bullseye-amd64
B=$ROOTS/bullseye-amd64
whl=mpaas_push-$VERSION-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
in_root bullseye-amd64 python3 -m venv --without-pip --system-site-packages /opt/mpaas/venv
have "wheel $whl" "$SYS" "$DIST/python/$whl" && run_check "wheel $whl" "$SYS, Python $(in_root bullseye-amd64 python3 -c 'import platform; print(platform.python_version())')" \
    py-bullseye-amd64 in_root bullseye-amd64 sh -c \
    'cd /opt/mpaas && venv/bin/python -m pip install -q --no-index --disable-pip-version-check dist/python/'"$whl"' && venv/bin/python check/send.py "$0"'
# npm: this machine's Node and npm, copied in (same glibc needs as Node's own
# builds: 2.28), install the main tarball and the platform one offline.
# send.js is copied into the project: Node resolves require() from the
# script's own folder.
mkdir -p "$B/opt/node/bin"
cp "$(command -v node)" "$B/opt/node/bin/node"
rm -rf "$B/opt/node/npm" && cp -r "$(npm root -g)/npm" "$B/opt/node/npm"
have "npm mpaas-push-$VERSION.tgz + mpaas-push-linux-x64-gnu-$VERSION.tgz" "$SYS" "$MAIN_TGZ" \
    "$DIST/node/mpaas-push-linux-x64-gnu-$VERSION.tgz" \
    && run_check "npm mpaas-push-$VERSION.tgz + mpaas-push-linux-x64-gnu-$VERSION.tgz" "$SYS, Node $(node --version) (this machine's binary)" \
    node-bullseye-amd64 in_root bullseye-amd64 sh -c \
    'mkdir -p /opt/mpaas/project && cd /opt/mpaas/project && echo "{\"private\":true}" >package.json &&
     /opt/node/bin/node /opt/node/npm/bin/npm-cli.js install --offline --no-audit --no-fund --loglevel=error \
       ../dist/node/mpaas-push-'"$VERSION"'.tgz ../dist/node/mpaas-push-linux-x64-gnu-'"$VERSION"'.tgz &&
     cp ../check/send.js . && /opt/node/bin/node send.js "$0"'
jar_check bullseye-amd64 linux-x86-64 "$SYS" jvm-bullseye-amd64
unmount_all

# ------------------------------------------------------------ bookworm arm64
step "Debian 12 bookworm arm64 (qemu-user)"
SYS="Debian 12 bookworm aarch64 (glibc 2.36, qemu-user)"
JAVA=/usr/lib/jvm/java-17-openjdk-arm64/bin/java
enter bookworm-arm64
A=$ROOTS/bookworm-arm64
[ "$(in_root bookworm-arm64 uname -m)" = aarch64 ] || { echo "the arm64 root does not run as aarch64" >&2; exit 1; }
whl=mpaas_push-$VERSION-cp39-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.whl
in_root bookworm-arm64 python3 -m venv --without-pip --system-site-packages /opt/mpaas/venv
have "wheel $whl" "$SYS" "$DIST/python/$whl" && run_check "wheel $whl" "$SYS, Python $(in_root bookworm-arm64 python3 -c 'import platform; print(platform.python_version())')" \
    py-bookworm-arm64 in_root bookworm-arm64 sh -c \
    'cd /opt/mpaas && venv/bin/python -m pip install -q --no-index --disable-pip-version-check dist/python/'"$whl"' && venv/bin/python check/send.py "$0"'
# npm 11 (this machine's) needs Node >= 20, the root has 18: the install
# runs here with the root's platform (--cpu=arm64 --libc=glibc), and
# --force, because npm checks a tarball named on the command line against
# the machine it runs on (x64: EBADPLATFORM); the root's Node runs it, and
# send.js prints which addon its loader picked.
project=$A/opt/mpaas/project
mkdir -p "$project"
echo '{"private":true}' >"$project/package.json"
if ! have "npm mpaas-push-$VERSION.tgz + mpaas-push-linux-arm64-gnu-$VERSION.tgz" "$SYS" "$MAIN_TGZ" \
    "$DIST/node/mpaas-push-linux-arm64-gnu-$VERSION.tgz"; then
    :
elif (cd "$project" && npm install --offline --force --no-audit --no-fund --loglevel=error --os=linux --cpu=arm64 --libc=glibc \
    "$DIST/node/mpaas-push-$VERSION.tgz" "$DIST/node/mpaas-push-linux-arm64-gnu-$VERSION.tgz") >"$WORK/npm-arm64.log" 2>&1; then
    run_check "npm mpaas-push-$VERSION.tgz + mpaas-push-linux-arm64-gnu-$VERSION.tgz" \
        "$SYS, Node $(in_root bookworm-arm64 node --version) (Debian's)" \
        node-bookworm-arm64 in_root bookworm-arm64 sh -c 'cd /opt/mpaas/project && cp ../check/send.js . && node send.js "$0"'
else
    cat "$WORK/npm-arm64.log" >&2
    record "npm mpaas-push-$VERSION.tgz + mpaas-push-linux-arm64-gnu-$VERSION.tgz" "$SYS" FAIL "npm install: see npm-arm64.log"
fi
jar_check bookworm-arm64 linux-aarch64 "$SYS" jvm-bookworm-arm64
unmount_all

# ------------------------------------------------------------ sdist
step "sdist: pip builds a wheel from it (Rust toolchain on this machine)"
python3 -m venv "$WORK/sdist-venv"
sdist=mpaas_push-$VERSION.tar.gz
# Its own cargo target directory (kept under target/), as a user's build
# would be: nothing of the workspace's builds is reused.
if ! have "sdist $sdist" "this machine, Debian 12 x86-64" "$DIST/python/$sdist"; then
    :
elif [ "${SKIP_SDIST:-0}" = 1 ]; then
    record "sdist $sdist" "this machine, Debian 12 x86-64" FAIL "not run (SKIP_SDIST=1)"
elif CARGO_TARGET_DIR="$ROOT/target/release-sdist-build" "$WORK/sdist-venv/bin/pip" wheel -q --no-deps --disable-pip-version-check \
        -w "$WORK/sdist-wheel" "$DIST/python/$sdist" >"$WORK/sdist.log" 2>&1 \
    && "$WORK/sdist-venv/bin/pip" install -q --no-index --disable-pip-version-check "$WORK"/sdist-wheel/*.whl >>"$WORK/sdist.log" 2>&1; then
    run_check "sdist $sdist" "this machine, Debian 12 x86-64, $(python3 --version)" sdist-host \
        env MPAAS_PUSH_ENDPOINT="$EMU_URL" ALIBABA_CLOUD_ACCESS_KEY_ID=testid ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret \
        "$WORK/sdist-venv/bin/python" scripts/release-check/send.py
else
    tail -20 "$WORK/sdist.log" >&2
    record "sdist $sdist" "this machine, Debian 12 x86-64" FAIL "see sdist.log"
fi

# ------------------------------------------------------------ musl, static
step "musl artifacts (static checks: no musl Python or Node from the registries here)"
for arch in x86_64 aarch64; do
    out=
    whl=mpaas_push-$VERSION-cp39-abi3-musllinux_1_2_$arch.whl
    rm -rf "$WORK/unpacked" && mkdir -p "$WORK/unpacked"
    if [ ! -f "$DIST/python/$whl" ]; then
        record "wheel $whl" "musl $arch (static check)" FAIL "not in dist/"
    elif python3 -m zipfile -e "$DIST/python/$whl" "$WORK/unpacked" && out=$(python3 scripts/elf_check.py "$WORK"/unpacked/mpaas_push/_native*.so --arch "$arch" --libc musl --kind python 2>&1); then
        record "wheel $whl" "musl $arch (static check)" pass "$(sed 's/^[^:]*: //' <<<"$out")"
    else
        record "wheel $whl" "musl $arch (static check)" FAIL "$(tr '\n' ' ' <<<"$out")"
    fi
    npm_arch=$([ "$arch" = x86_64 ] && echo x64 || echo arm64)
    tgz=mpaas-push-linux-$npm_arch-musl-$VERSION.tgz
    rm -rf "$WORK/unpacked" && mkdir -p "$WORK/unpacked"
    if [ ! -f "$DIST/node/$tgz" ]; then
        record "npm $tgz" "musl $arch (static check)" FAIL "not in dist/"
    elif tar -xzf "$DIST/node/$tgz" -C "$WORK/unpacked" && out=$(python3 scripts/elf_check.py "$WORK"/unpacked/package/*.node --arch "$arch" --libc musl --kind node 2>&1); then
        record "npm $tgz" "musl $arch (static check)" pass "$(sed 's/^[^:]*: //' <<<"$out")"
    else
        record "npm $tgz" "musl $arch (static check)" FAIL "$(tr '\n' ' ' <<<"$out")"
    fi
done

# ------------------------------------------------------------ docs/platforms.md
step "docs/platforms.md"
# No path of this machine in the repository: details name files relative to it.
sed -i "s#$ROOT/##g" "$RESULTS"
python3 - "$RESULTS" "$VERSION" <<'EOF'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
version = sys.argv[2]
mark = {"pass": "✅ pass", "FAIL": "❌ FAIL"}
out = [
    "# Platforms",
    "",
    "Generated by `scripts/verify-release.sh` from the artifacts of `scripts/release.sh`",
    f"(version {version}). Rows marked *this machine* ran on a Linux x86-64 build machine:",
    "the glibc rows in `debootstrap` roots (the arm64 one through qemu-user), each",
    "sending a real broadcast to the emulator on the machine's 127.0.0.1 and checking",
    "that the emulator recorded it; the musl rows are static checks of the binaries",
    "(`scripts/elf_check.py`). Every binary was also checked at build time for its",
    "machine, at most GLIBC_2.17 (gnu) and no test hook.",
    "",
    "| artifact | system | result | where | detail |",
    "| --- | --- | --- | --- | --- |",
]
for artifact, system, result, how in rows:
    out.append(f"| {artifact} | {system} | {mark.get(result, result)} | this machine | {how.replace('|', '/')} |")
ci = [
    ("wheel cp39-abi3-macosx x86_64", "macOS 13 x86-64 (GitHub runner)"),
    ("wheel cp39-abi3-macosx arm64", "macOS 14 arm64 (GitHub runner)"),
    ("wheel cp39-abi3-win_amd64", "Windows Server 2022 x64 (GitHub runner)"),
    ("npm mpaas-push-darwin-x64", "macOS 13 x86-64 (GitHub runner)"),
    ("npm mpaas-push-darwin-arm64", "macOS 14 arm64 (GitHub runner)"),
    ("npm mpaas-push-win32-x64-msvc", "Windows Server 2022 x64 (GitHub runner)"),
    ("jar natives darwin-x86-64/, darwin-aarch64/, win32-x86-64/", "the three runners above"),
]
for artifact, system in ci:
    how = ("built by `.github/workflows/release.yml` (the binding's Rust tests run there; no JVM loads them)"
           if artifact.startswith("jar") else
           "built and smoke-tested against the emulator by `.github/workflows/release.yml`")
    out.append(f"| {artifact} | {system} | not run here | CI workflow only | {how} |")
out += [
    "",
    "Not covered: musl binaries were not run (no musl Python or Node from the",
    "registries this machine reaches); Alpine users are covered by the static checks",
    "above. Gradle resolution of `dist/maven` was not run (no Gradle here); the",
    "Maven row resolves the same POM and jar.",
    "",
]
open("docs/platforms.md", "w", encoding="utf-8").write("\n".join(out))
EOF
cat docs/platforms.md
kill "$EMU_PID" 2>/dev/null || true
EMU_PID=
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
step "release verified: $(wc -l <"$RESULTS") checks passed"
