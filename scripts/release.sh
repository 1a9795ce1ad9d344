#!/usr/bin/env bash
# Builds the portable release artifacts of every language into dist/
# (gitignored), for Linux x86-64 and aarch64, glibc (2.17 and later) and musl:
#
#   dist/python/  abi3 wheels (CPython >= 3.9): manylinux2014 x86_64 + aarch64,
#                 musllinux_1_2 x86_64 + aarch64; the sdist
#   dist/node/    mpaas-push-<v>.tgz (the loader, the typings, and
#                 optionalDependencies on the four platform packages) and
#                 mpaas-push-linux-{x64,arm64}-{gnu,musl}-<v>.tgz (one addon each)
#   dist/maven/   a Maven repository (io/github/mpaaspush/mpaas-push/<v>/):
#                 the jar with linux-x86-64/ and linux-aarch64/ natives,
#                 sources and javadoc jars, the POM, checksums, metadata
#   dist/SHA256SUMS
#
# Every binary is cross-built with zig as C compiler and linker (the gnu
# ones against glibc 2.17), without the core's `test-hooks` feature, and
# checked statically by scripts/elf_check.py (machine, NEEDED, glibc symbol
# versions, no test hook); the wheels' tags by `auditwheel show`.
# scripts/verify-release.sh then installs them on other systems and runs them.
#
# The build tools go into a venv under target/ (ziglang, maturin,
# cargo-zigbuild, auditwheel, pinned below), the Rust targets through rustup.
# Needs: rustup's Rust, python3 with venv, Node >= 20 with npm, JDK 17 and
# Maven, binutils' readelf.
#
# Usage: scripts/release.sh           everything into dist/ (≈ 1 h cold on 2 shared cores)
#        scripts/release.sh --smoke   CI's quick check: one cross build (the
#                                     aarch64 manylinux2014 wheel) into
#                                     target/release-smoke, with its tag,
#                                     glibc and test-hook checks
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

SMOKE=0
case "${1:-}" in
    "") ;;
    --smoke) SMOKE=1 ;;
    *) echo "usage: scripts/release.sh [--smoke]" >&2; exit 2 ;;
esac

ROOT=$PWD
TOOLS=target/release-tools
CARGO_OUT=${CARGO_TARGET_DIR:-target}
case "$CARGO_OUT" in /*) ;; *) CARGO_OUT="$ROOT/$CARGO_OUT" ;; esac
VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
[ -n "$VERSION" ] || { echo "no [workspace.package] version in Cargo.toml" >&2; exit 1; }
if [ "$SMOKE" -eq 1 ]; then DIST=target/release-smoke; else DIST=dist; fi
GLIBC=2.17
# Rust target → (wheel platform tag, npm platform, JNA resource folder).
GNU_TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu)
MUSL_TARGETS=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
arch_of() { echo "${1%%-*}"; }
npm_platform() { # rust target → napi's platform name
    case "$1" in
        x86_64-unknown-linux-gnu) echo linux-x64-gnu ;;
        aarch64-unknown-linux-gnu) echo linux-arm64-gnu ;;
        x86_64-unknown-linux-musl) echo linux-x64-musl ;;
        aarch64-unknown-linux-musl) echo linux-arm64-musl ;;
    esac
}
libc_of() { case "$1" in *-gnu) echo "gnu:$GLIBC" ;; *-musl) echo musl ;; esac; }
# The gnu targets get cargo-zigbuild's glibc suffix: without it zig links
# against its newest glibc (the aarch64 addon then needed GLIBC_2.30).
zig_target() { case "$1" in *-gnu) echo "$1.$GLIBC" ;; *) echo "$1" ;; esac; }
timed() { # label command...
    local start=$SECONDS
    "${@:2}"
    echo "$1 built in $((SECONDS - start)) s"
    printf '%s\t%s\n' "$1" "$((SECONDS - start))" >>"$DIST/build-times.tsv"
}

step "build tools: $TOOLS (ziglang, maturin, cargo-zigbuild, auditwheel) and the Rust targets"
if [ ! -x "$TOOLS/bin/python" ]; then
    python3 -m venv "$TOOLS"
fi
"$TOOLS/bin/python" -m pip install -q --disable-pip-version-check \
    "ziglang==0.17.1" "maturin==1.16.0" "cargo-zigbuild==0.24.1" "auditwheel==6.8.2"
# The PyPI zig runs as `python -m ziglang`; napi-rs and cargo-zigbuild look
# for a `zig` executable on PATH.
printf '#!/bin/sh\nexec "$(dirname "$0")/python" -m ziglang "$@"\n' >"$TOOLS/bin/zig"
chmod +x "$TOOLS/bin/zig"
export PATH="$ROOT/$TOOLS/bin:$PATH"
zig version
if [ "$SMOKE" -eq 1 ]; then
    rustup target add aarch64-unknown-linux-gnu
else
    rustup target add "${GNU_TARGETS[@]}" "${MUSL_TARGETS[@]}"
fi

rm -rf "$DIST"
mkdir -p "$DIST/python" "$DIST/node" "$DIST/maven"
: >"$DIST/build-times.tsv"

# ---------------------------------------------------------------- Python
wheel() { # rust-target
    local target=$1 compat
    case "$target" in *-gnu) compat=manylinux2014 ;; *-musl) compat=musllinux_1_2 ;; esac
    (cd bindings-python && maturin build --release --locked --zig --target "$target" \
        --compatibility "$compat" -o "../$DIST/python")
}
check_wheel() { # rust-target
    local target=$1 arch tag whl
    arch=$(arch_of "$target")
    case "$target" in *-gnu) tag=manylinux_2_17_$arch ;; *-musl) tag=musllinux_1_2_$arch ;; esac
    whl=$(ls "$DIST"/python/mpaas_push-"$VERSION"-cp39-abi3-*"$arch"*.whl | grep -F -- "$(
        case "$target" in *-gnu) echo manylinux ;; *) echo musllinux ;; esac)")
    # auditwheel names the policy the wheel's external symbols satisfy. On a
    # glibc host it cannot analyse a musl wheel (it resolves `libc.so` to the
    # host's linker script and fails on it): there the tag is the file name's
    # and elf_check.py below checks the binary (musl libc.so only, no GLIBC).
    case "$target" in
        *-gnu)
            local shown
            shown=$(auditwheel show "$whl")
            echo "$shown"
            grep -q "\"$tag\"" <<<"$shown" || { echo "auditwheel does not give $whl the tag $tag" >&2; exit 1; }
            ;;
        *)
            case "$(basename "$whl")" in *"-$tag.whl") ;; *) echo "$whl is not tagged $tag" >&2; exit 1 ;; esac
            ;;
    esac
    local unpacked=$DIST/.check/$(basename "$whl")
    rm -rf "$unpacked" && mkdir -p "$unpacked"
    python3 -m zipfile -e "$whl" "$unpacked"
    python3 scripts/elf_check.py "$unpacked"/mpaas_push/_native*.so --arch "$arch" \
        --libc "$(libc_of "$target")" --kind python
}

if [ "$SMOKE" -eq 1 ]; then
    step "smoke: the aarch64 manylinux2014 wheel (cross build, tag, glibc, no test hooks)"
    timed "wheel aarch64-unknown-linux-gnu" wheel aarch64-unknown-linux-gnu
    check_wheel aarch64-unknown-linux-gnu
    rm -rf "$DIST/.check"
    ls -l "$DIST"/python
    step "release smoke check passed"
    exit 0
fi

python_wheel() { # rust-target
    step "Python wheel for $1"
    timed "wheel $1" wheel "$1"
    check_wheel "$1"
}
python_sdist() {
    step "Python sdist"
    (cd bindings-python && maturin sdist -o "../$DIST/python")
    local sdist
    sdist=$(ls "$DIST"/python/mpaas_push-"$VERSION".tar.gz)
    # It must hold the core's sources (a workspace path dependency) to build.
    # (listings captured first: `grep -q` quitting early would make the
    # producer die of SIGPIPE, which pipefail reports as a failure)
    grep -q '/core/src/lib.rs$' <<<"$(tar -tzf "$sdist")" || { echo "$sdist lacks the core's sources" >&2; exit 1; }
    echo "$sdist: $(tar -tzf "$sdist" | wc -l) files"
}

# ---------------------------------------------------------------- Node.js
NODE_STAGE=target/release-node
addon() { # rust-target
    local target=$1 platform
    platform=$(npm_platform "$target")
    # -x: cross-compile through cargo-zigbuild (zig on PATH).
    (cd bindings-node && npx --no-install napi build --platform --release -x \
        --target "$(zig_target "$target")" --output-dir "../$NODE_STAGE/build-$platform")
}
node_package() { # rust-target
    local target=$1 platform binary pkg f
    platform=$(npm_platform "$target")
    step "Node.js addon for $target ($platform)"
    timed "addon $target" addon "$target"
    binary=$NODE_STAGE/build-$platform/mpaas-push.$platform.node
    python3 scripts/elf_check.py "$binary" --arch "$(arch_of "$target")" --libc "$(libc_of "$target")" --kind node
    # The loader and typings a cross build generates are the committed ones.
    for f in index.js index.d.ts; do
        diff -q "bindings-node/$f" "$NODE_STAGE/build-$platform/$f" >/dev/null \
            || { echo "bindings-node/$f differs from the one napi generates for $target" >&2; exit 1; }
    done
    # The platform package, as napi-rs' template lays it out (npm/<platform>).
    pkg=$NODE_STAGE/npm/$platform
    mkdir -p "$pkg"
    cp "$binary" "$pkg/"
    node - "$pkg" "$platform" "$target" <<'EOF'
const fs = require('fs')
const [dir, platform, target] = process.argv.slice(2)
const main = require('./bindings-node/package.json')
const [os, cpu, abi] = platform.split('-')
const pkg = {
  name: `${main.name}-${platform}`,
  version: main.version,
  description: `The ${target} addon of ${main.name} (loaded by its index.js)`,
  license: main.license,
  repository: main.repository,
  main: `mpaas-push.${platform}.node`,
  files: [`mpaas-push.${platform}.node`],
  os: [os],
  cpu: [cpu],
  libc: [abi === 'musl' ? 'musl' : 'glibc'],
  engines: main.engines,
}
fs.writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n')
fs.writeFileSync(`${dir}/README.md`, `# ${pkg.name}\n\nThe native addon of [${main.name}](https://www.npmjs.com/package/${main.name}) for ${target}; install \`${main.name}\`, which picks it.\n`)
EOF
    (cd "$pkg" && npm pack --pack-destination "$ROOT/$DIST/node" --loglevel=error)
}

node_main() {
step "Node.js main package (loader, typings, optionalDependencies)"
local main_pkg=$NODE_STAGE/main
mkdir -p "$main_pkg"
cp bindings-node/index.js bindings-node/index.d.ts bindings-node/README.md "$main_pkg/"
node - "$main_pkg" "${GNU_TARGETS[@]}" "${MUSL_TARGETS[@]}" <<'EOF'
const fs = require('fs')
const [dir] = process.argv.slice(2)
const platforms = ['linux-x64-gnu', 'linux-arm64-gnu', 'linux-x64-musl', 'linux-arm64-musl']
const pkg = JSON.parse(fs.readFileSync('bindings-node/package.json', 'utf8'))
pkg.files = ['index.js', 'index.d.ts']
pkg.optionalDependencies = Object.fromEntries(platforms.map((p) => [`${pkg.name}-${p}`, pkg.version]))
pkg.napi.targets = ['x86_64-unknown-linux-gnu', 'aarch64-unknown-linux-gnu', 'x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl']
delete pkg.scripts
delete pkg.devDependencies
fs.writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n')
EOF
(cd "$main_pkg" && npm pack --pack-destination "$ROOT/$DIST/node" --loglevel=error)
if grep -q '\.node$' <<<"$(tar -tzf "$DIST/node/mpaas-push-$VERSION.tgz")"; then
    echo "the main package must not carry an addon" >&2
    exit 1
fi
}

# ---------------------------------------------------------------- JVM
jvm_lib() { # rust-target
    cargo zigbuild --release --locked -p mpaas-push-kotlin --target "$(zig_target "$1")"
}
NATIVES=$CARGO_OUT/release-jvm/natives
jvm_native() { # rust-target
    local target=$1 folder
    step "JVM library for $target"
    timed "jvm $target" jvm_lib "$target"
    case "$target" in x86_64-*) folder=linux-x86-64 ;; aarch64-*) folder=linux-aarch64 ;; esac
    mkdir -p "$NATIVES/$folder"
    cp "$CARGO_OUT/$target/release/libmpaas_push_jvm.so" "$NATIVES/$folder/"
    python3 scripts/elf_check.py "$NATIVES/$folder/libmpaas_push_jvm.so" --arch "$(arch_of "$target")" \
        --libc "$(libc_of "$target")" --kind jvm
}

jvm_jar() {
step "JVM jar, sources and javadoc jars, POM into the Maven repository $DIST/maven"
# The `release` profile packs the natives above instead of the host's
# library (which it still builds: uniffi-bindgen reads the interface from its
# .symtab, and zig's link keeps none), adds the sources and javadoc (Dokka)
# jars and skips the JUnit suite (scripts/kotlin.sh runs it on the test-hooks
# build). Deployed to dist/maven only, not installed into ~/.m2. `clean`
# first: a host build's linux-x86-64/ library left in target/classes by an
# earlier `mvn install` is newer than the cross-built one, and Maven's
# resource copy does not overwrite newer files.
timed "jar" mvn -B -q --no-transfer-progress -Dstyle.color=never -f bindings-kotlin/pom.xml -Prelease \
    -Dmaven.install.skip=true \
    -Dmpaas.cargo.target="$CARGO_OUT" -Dmpaas.release.natives="$NATIVES" \
    -DaltDeploymentRepository="dist::file://$ROOT/$DIST/maven" clean deploy
local repo_dir=$DIST/maven/io/github/mpaaspush/mpaas-push/$VERSION listing folder f
for f in "mpaas-push-$VERSION.jar" "mpaas-push-$VERSION.pom" "mpaas-push-$VERSION-sources.jar" "mpaas-push-$VERSION-javadoc.jar"; do
    [ -s "$repo_dir/$f" ] || { echo "missing $repo_dir/$f" >&2; exit 1; }
done
listing=$(unzip -l "$repo_dir/mpaas-push-$VERSION.jar")
for folder in linux-x86-64 linux-aarch64; do
    grep -q "$folder/libmpaas_push_jvm.so" <<<"$listing" || { echo "the jar lacks $folder/" >&2; exit 1; }
    unzip -p "$repo_dir/mpaas-push-$VERSION.jar" "$folder/libmpaas_push_jvm.so" \
        | cmp -s - "$NATIVES/$folder/libmpaas_push_jvm.so" || { echo "the jar's $folder/ library is not the checked one" >&2; exit 1; }
done
grep -q 'io/github/mpaaspush/mpaas_push_jvm.kt' <<<"$(unzip -l "$repo_dir/mpaas-push-$VERSION-sources.jar")" \
    || { echo "the sources jar lacks the generated Kotlin" >&2; exit 1; }
grep -q 'index.html' <<<"$(unzip -l "$repo_dir/mpaas-push-$VERSION-javadoc.jar")" \
    || { echo "the javadoc jar has no index.html" >&2; exit 1; }
}

# ---------------------------------------------------------------- the build
# The glibc artifacts first (what scripts/verify-release.sh runs), then musl.
python_sdist
step "Node.js: npm ci in bindings-node (pinned @napi-rs/cli)"
(cd bindings-node && npm ci --no-audit --no-fund --loglevel=error)
rm -rf "$NODE_STAGE" "$NATIVES"
node_main
for target in "${GNU_TARGETS[@]}"; do
    python_wheel "$target"
    node_package "$target"
    jvm_native "$target"
done
jvm_jar
for target in "${MUSL_TARGETS[@]}"; do
    python_wheel "$target"
    node_package "$target"
done

# ---------------------------------------------------------------- summary
rm -rf "$DIST/.check"
(cd "$DIST" && find python node maven -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.jar' -o -name '*.pom' \) \
    | sort | xargs sha256sum >SHA256SUMS)
step "artifacts in $DIST"
(cd "$DIST" && find python node maven -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.jar' -o -name '*.pom' \) \
    | sort | xargs ls -l | awk '{printf "%10d  %s\n", $5, $9}')
echo "build times (s):"
cat "$DIST/build-times.tsv"
