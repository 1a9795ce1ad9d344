#!/usr/bin/env python3
"""Keeps the bindings thin: conversion only, no rule of their own.

1. Size: hand-written binding code (Rust + host language, tests, generated
   files and type stubs excluded) stays at or below 60 % of what it was
   before the one-rulebook work (the baselines below, counted the same way).
2. No rule of their own: binding Rust code never builds a validation or
   option failure (`ValidationError::new`, `Error::option`, `Rule::`), and
   no binding source (Rust or host language) holds a rule id of the core's
   list or a strategy/circle wire name (the typed schedule is read by the
   core).

Usage: scripts/check_bindings.py [--report]   (exit 1 on a violation)
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Lines before the one-rulebook work (issue 12), counted by this script's
# rules on that tree.
BASELINE = {"python": 936 + 1908, "node": 2772, "kotlin": 2440 + 343}
LIMIT = 0.60

SOURCES = {
    "python": [("bindings-python/src", "*.rs"), ("bindings-python/python", "*.py")],
    # header.d.ts: the hand-written TypeScript shapes that napi prepends to
    # the generated index.d.ts. Counted, because before the one-rulebook
    # work the same shapes were Rust structs counted in the baseline.
    "node": [("bindings-node/src", "*.rs"), ("bindings-node", "header.d.ts")],
    "kotlin": [("bindings-kotlin/src", "*.rs"), ("bindings-kotlin/src/main", "*.kt")],
    # Written after the one-rulebook work: no baseline, reported and held to
    # the same no-rule checks (the IDE stubs are type stubs: not counted).
    "php": [("bindings-php/src", "*.rs")],
}
# Generated or test-only files inside those folders.
# Only a binding's own test folders (`tests/`, Maven's `src/test/`) count as
# tests: a test module inside `src/` is counted like the code it sits in.
EXCLUDE = re.compile(r"(^/bindings-[^/]+/(tests|src/test)/|/generated/|_test\.|\.test\.|/uniffi-bindgen/|/build\.rs$)")

# Wire names of the raw schedule content: only the core writes them. (A
# result's `strategyType`, read back from the service, is not a request
# field and may be exposed.)
STRATEGY_NAMES = ["strategyContent", "circleType", "circleValue", "fixedTime",
                  "strategy_content", "circle_type", "circle_value", "fixed_time"]
FORBIDDEN_RUST_CALLS = ["ValidationError::new", "Error::option", "Rule::"]


def files(lang):
    for folder, pattern in SOURCES[lang]:
        base = ROOT / folder
        if not base.is_dir():
            continue
        found = [base / pattern] if "*" not in pattern else sorted(base.rglob(pattern))
        for f in found:
            if not f.is_file():
                continue
            rel = f.relative_to(ROOT).as_posix()
            if not EXCLUDE.search("/" + rel):
                yield f, rel


def rule_ids():
    doc = json.loads((ROOT / "tests/vectors/error-codes.json").read_text())
    # Ids that are also everyday words or field names ("type", "range",
    # "json", "url", ...) cannot be told apart from other text; the
    # distinctive ones (snake_case, or "utf8") can.
    return [r["rule"] for r in doc["rules"] if "_" in r["rule"] or r["rule"] == "utf8"]


def main():
    report = "--report" in sys.argv
    problems = []
    ids = rule_ids()
    literal = re.compile(r"""["'](%s)["']""" % "|".join(map(re.escape, ids)))
    for lang in SOURCES:
        total = 0
        for f, rel in files(lang):
            text = f.read_text(encoding="utf-8")
            total += text.count("\n")
            for n, line in enumerate(text.splitlines(), 1):
                code = line.split("//")[0] if f.suffix in (".rs", ".kt", ".js", ".mjs") else line.split("#")[0]
                m = literal.search(code)
                if m:
                    problems.append(f"{rel}:{n}: rule id {m.group(1)!r} in a binding")
                for name in STRATEGY_NAMES:
                    if re.search(r"\b%s\b" % name, code):
                        problems.append(f"{rel}:{n}: schedule wire name {name!r} in a binding")
                if f.suffix == ".rs":
                    for call in FORBIDDEN_RUST_CALLS:
                        if call in code:
                            problems.append(f"{rel}:{n}: {call} in a binding (rules live in the core)")
        if lang not in BASELINE:
            if report:
                print(f"{lang:7} {total:5} lines (no baseline: written on the one rulebook)")
            continue
        limit = int(BASELINE[lang] * LIMIT)
        line = f"{lang:7} {total:5} lines (baseline {BASELINE[lang]}, limit {limit}, {total / BASELINE[lang]:.0%})"
        if report:
            print(line)
        if total > limit:
            problems.append(f"{lang}: {total} hand-written lines > {limit} (60 % of {BASELINE[lang]})")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
