#!/usr/bin/env python3
"""Static checks of a release binary (a Python extension, a Node addon or the
JVM library), read with binutils' `readelf`, which reads ELF files of every
architecture:

  - the machine (x86-64 or AArch64),
  - the C library it was linked for: `gnu:2.17` means NEEDED names glibc
    libraries and no versioned symbol newer than GLIBC_2.17; `musl` means
    NEEDED names musl's `libc.so` only (plus nothing from glibc), no
    GLIBC_* symbol version, and no glibc program interpreter,
  - no test hook: the core's `test-hooks` feature leaves the text of its
    armed panic in the binary, and each binding's hooks a name of their own
    (scripts/python.sh, node.sh and kotlin.sh look for the same ones); a
    release build has none.

Usage: elf_check.py FILE... --arch x86_64|aarch64 --libc gnu:2.17|musl --kind python|node|jvm
Prints one line per file; exits 1 on any violation.
"""

import argparse
import re
import subprocess
import sys

MACHINES = {"x86_64": "Advanced Micro Devices X86-64", "aarch64": "AArch64"}
# Text of the core's armed panic (core/src/test_hooks.rs) and of each
# binding's own hooks: present only in `--features test-hooks` builds.
CORE_HOOK = b"test hook: panic armed at"
BINDING_HOOKS = {"python": b"_arm_core_panic", "node": b"_armCorePanic", "jvm": b"debug_panic called"}
GLIBC_LIBS = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libgcc_s.so.1",
              "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libutil.so.1"}


def readelf(*args: str) -> str:
    return subprocess.run(["readelf", "-W", *args], check=True, capture_output=True, text=True).stdout


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def check(path: str, arch: str, libc: str, kind: str) -> list[str]:
    problems = []
    header = readelf("-h", path)
    machine = re.search(r"Machine:\s+(.*)", header)
    found_machine = machine.group(1).strip() if machine else "?"
    if found_machine != MACHINES[arch]:
        problems.append(f"machine is {found_machine!r}, expected {MACHINES[arch]!r}")
    dynamic = readelf("-d", path)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    versions = set(re.findall(r"Name: (GLIBC_[0-9.]+)", readelf("-V", path)))
    glibc = sorted((v.removeprefix("GLIBC_") for v in versions), key=version_key)
    interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", readelf("-l", path))
    if libc.startswith("gnu:"):
        limit = libc.removeprefix("gnu:")
        if glibc and version_key(glibc[-1]) > version_key(limit):
            newer = [v for v in glibc if version_key(v) > version_key(limit)]
            problems.append(f"needs GLIBC {', '.join(newer)} (limit {limit})")
        if not any(n == "libc.so.6" for n in needed):
            problems.append(f"does not link glibc (NEEDED {needed})")
    elif libc == "musl":
        if glibc:
            problems.append(f"has glibc symbol versions {glibc}")
        bad = [n for n in needed if n in GLIBC_LIBS or n != "libc.so"]
        if bad or "libc.so" not in needed:
            problems.append(f"NEEDED {needed}: expected musl's libc.so only")
        if interp and "musl" not in interp.group(1):
            problems.append(f"program interpreter {interp.group(1)}")
    else:
        raise SystemExit(f"unknown --libc {libc}")
    with open(path, "rb") as f:
        data = f.read()
    hooks = [m.decode() for m in (CORE_HOOK, BINDING_HOOKS[kind]) if m in data]
    if hooks:
        problems.append(f"built with test hooks ({', '.join(hooks)})")
    summary = (f"{path}: {found_machine}, NEEDED [{', '.join(needed)}], "
               f"interpreter {interp.group(1) if interp else 'none'}, "
               f"max GLIBC {glibc[-1] if glibc else 'none'}, test hooks {'YES' if hooks else 'none'}")
    print(summary)
    return problems


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+")
    p.add_argument("--arch", required=True, choices=sorted(MACHINES))
    p.add_argument("--libc", required=True)
    p.add_argument("--kind", required=True, choices=sorted(BINDING_HOOKS))
    a = p.parse_args()
    failed = False
    for f in a.files:
        for problem in check(f, a.arch, a.libc, a.kind):
            print(f"  FAIL {f}: {problem}", file=sys.stderr)
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
