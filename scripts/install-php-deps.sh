#!/usr/bin/env bash
# Installs what the PHP binding builds and tests with: PHP 8.2 headers and
# php-config (php8.2-dev), the CLI, the curl extension (the plain-PHP
# benchmark peer), PHPUnit (Debian's package) and libclang (bindgen, used by
# ext-php-rs to read PHP's headers). Idempotent; needs root (or sudo) only
# when something is missing. Usage: scripts/install-php-deps.sh
set -euo pipefail

missing=()
command -v php-config8.2 >/dev/null 2>&1 || missing+=(php8.2-dev)
command -v php8.2 >/dev/null 2>&1 || missing+=(php8.2-cli)
modules=$(php8.2 -m 2>/dev/null || true)
grep -qx curl <<<"$modules" || missing+=(php8.2-curl)
grep -qx mbstring <<<"$modules" || missing+=(php8.2-mbstring)
grep -qx dom <<<"$modules" || missing+=(php8.2-xml)
command -v phpunit >/dev/null 2>&1 || missing+=(phpunit)
dpkg -s libclang-dev >/dev/null 2>&1 || missing+=(libclang-dev)
[ ${#missing[@]} -eq 0 ] && exit 0

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "install-php-deps: need root to install: ${missing[*]}" >&2
        exit 1
    fi
}
echo "install-php-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
