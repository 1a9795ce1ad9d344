#!/usr/bin/env bash
# Installs the system packages the test suites run against: a real HTTP
# proxy (tinyproxy) for the transport tests. Idempotent; needs root (or
# sudo) only when something is missing. Usage: scripts/install-test-deps.sh
set -euo pipefail

missing=()
command -v tinyproxy >/dev/null 2>&1 || missing+=(tinyproxy)
[ ${#missing[@]} -eq 0 ] && exit 0

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "install-test-deps: need root to install: ${missing[*]}" >&2
        exit 1
    fi
}
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The package starts a system-wide tinyproxy on port 8888; the tests start
# their own on free loopback ports and do not need it.
if command -v systemctl >/dev/null 2>&1; then as_root systemctl stop tinyproxy 2>/dev/null || true; fi
as_root pkill -x tinyproxy 2>/dev/null || true
