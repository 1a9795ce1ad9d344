#!/usr/bin/env python3
"""Per-call instructions by function: the difference of two callgrind runs
(N and 2N measured calls; start-up and warm-up cancel out) divided by N.

  cg_diff.py SMALL.out LARGE.out CALLS [--exclusive] [--top 40]
"""
import argparse
import re
import subprocess


def profile(path, inclusive):
    out = subprocess.run(
        ["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", path],
        check=True, capture_output=True, text=True).stdout
    funcs, total = {}, None
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(.*)$", line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        name = m.group(2)
        if name.startswith("PROGRAM TOTALS"):
            total = n
            continue
        name = re.sub(r"^\S*?:", "", name, count=1) if name.startswith(("???", ".", "/")) else name
        name = re.sub(r" \[[^\]]*\]$", "", name)
        funcs[name] = funcs.get(name, 0) + n
    return total, funcs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("small")
    ap.add_argument("large")
    ap.add_argument("calls", type=int)
    ap.add_argument("--exclusive", action="store_true")
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    t0, f0 = profile(a.small, not a.exclusive)
    t1, f1 = profile(a.large, not a.exclusive)
    print(f"instructions per call: {(t1 - t0) / a.calls:,.0f}")
    if a.top <= 0:
        return
    rows = sorted(((f1.get(k, 0) - f0.get(k, 0)) / a.calls, k) for k in f1)
    for per, name in reversed(rows[-a.top:]):
        print(f"{per:12,.0f}  {name[:160]}")


if __name__ == "__main__":
    main()
