#!/usr/bin/env python3
"""Checks that the core crate's modules import each other without cycles.

Every file under core/src is a node (core/src/model/mod.rs is the node
`model`, core/src/lib.rs the node `lib`). An edge A -> B means that file A
refers to an item of file B through `use crate::...`, an inline `crate::x::`
path, `super::` (a submodule using its parent), or a relative path into one
of its own child modules (`pub use json::X` in model/mod.rs). `#[cfg(test)]`
items, comments (doc comments included) and string literals are ignored.

Usage:
    scripts/check_layers.py          # exit 1 and print a cycle if one exists
    scripts/check_layers.py --print  # also print the graph, lowest layer first

Python 3 standard library only.
"""

from __future__ import annotations

import re
import pathlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "core" / "src"


def module_of(path: Path) -> tuple[str, ...]:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts == ["lib"]:
        return ()
    if parts[-1] == "mod":
        parts.pop()
    return tuple(parts)


def name_of(module: tuple[str, ...]) -> str:
    return "::".join(module) if module else "lib"


def strip_comments_and_strings(text: str) -> str:
    """Blanks out comments, string and char literals (keeps line structure)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "r" and re.match(r'r#*"', text[i:]) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r"r(#*)\"", text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            i = n if end < 0 else end + 1 + len(hashes)
            out.append('""')
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4] + "    "):
            # a char literal, not a lifetime
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            i += len(m.group(0)) if m else 1
            out.append("' '")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def skip_item(text: str, i: int) -> int:
    """Index just past the item starting at `i` (a `;`-item or a `{}` block)."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == ";" and depth == 0:
            return i + 1
        i += 1
    return i


def strip_cfg_test(text: str) -> str:
    out, i = [], 0
    pattern = re.compile(r"#\[cfg\(test\)\]")
    while True:
        m = pattern.search(text, i)
        if not m:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:m.start()])
        i = skip_item(text, m.end())


def expand_use_tree(tree: str) -> list[list[str]]:
    """`a::{b, c::{d, e}}` -> [[a, b], [a, c, d], [a, c, e]]."""
    tree = re.sub(r"\s+", "", tree)
    tree = re.sub(r"\bas\w+", "", tree)  # `Xas Y` after whitespace removal

    def parse(s: str) -> list[list[str]]:
        if "{" not in s:
            return [[p for p in s.split("::") if p]]
        head, _, rest = s.partition("{")
        body = rest[: rest.rfind("}")]
        prefix = [p for p in head.split("::") if p]
        parts, depth, cur = [], 0, ""
        for ch in body:
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
                continue
            depth += ch == "{"
            depth -= ch == "}"
            cur += ch
        parts.append(cur)
        result = []
        for p in parts:
            if p:
                result += [prefix + sub for sub in parse(p)]
        return result or [prefix]

    return parse(tree)


def references(text: str, here: tuple[str, ...], children: set[str]) -> list[list[str]]:
    """Absolute module paths (as segment lists) referred to by the file."""
    paths = []

    def absolute(segments: list[str]) -> list[str] | None:
        if not segments:
            return None
        first = segments[0]
        if first == "crate":
            return segments[1:]
        if first == "super":
            base = list(here)
            while segments and segments[0] == "super":
                segments = segments[1:]
                base = base[:-1]
            return base + segments
        if first == "self":
            return list(here) + segments[1:]
        if first in children:
            return list(here) + segments
        return None

    use_re = re.compile(r"\b(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);")
    for m in use_re.finditer(text):
        for path in expand_use_tree(m.group(1)):
            a = absolute(path)
            if a is not None:
                paths.append(a)
    rest = use_re.sub(" ", text)
    for m in re.finditer(r"(?<![\w:])((?:crate|super|self|\w+)(?:::\w+)+)", rest):
        segs = m.group(1).split("::")
        a = absolute(segs)
        if a is not None:
            paths.append(a)
    return paths


def build_graph() -> tuple[dict[str, set[str]], dict[str, str]]:
    files = sorted(SRC.rglob("*.rs"))
    modules = {module_of(f): f for f in files}
    graph: dict[str, set[str]] = {name_of(m): set() for m in modules}
    file_of = {name_of(m): str(f.relative_to(ROOT)) for m, f in modules.items()}
    for module, f in modules.items():
        children = {m[-1] for m in modules if len(m) == len(module) + 1 and m[: len(module)] == module}
        text = strip_cfg_test(strip_comments_and_strings(f.read_text(encoding="utf-8")))
        for path in references(text, module, children):
            # longest prefix that is a file module
            target = ()
            for k in range(len(path), 0, -1):
                if tuple(path[:k]) in modules:
                    target = tuple(path[:k])
                    break
            if target != module:
                graph[name_of(module)].add(name_of(target))
    return graph, file_of


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def layers(graph: dict[str, set[str]]) -> dict[str, int]:
    level: dict[str, int] = {}

    def depth(node: str, seen: frozenset[str] = frozenset()) -> int:
        if node in level:
            return level[node]
        if node in seen:
            return 0
        deps = [depth(d, seen | {node}) for d in graph[node]]
        level[node] = 1 + max(deps, default=-1)
        return level[node]

    for node in graph:
        depth(node)
    return level


DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
GRAPH_START = "<!-- module graph: scripts/check_layers.py --write-doc -->\n```\n"
GRAPH_END = "```\n<!-- end of module graph -->"


def graph_text(graph, file_of) -> str:
    level = layers(graph)
    lines = []
    for node in sorted(graph, key=lambda x: (level[x], x)):
        deps = ", ".join(sorted(graph[node])) or "-"
        lines.append(f"L{level[node]} {node} ({file_of[node]}) -> {deps}\n")
    return "".join(lines)


def main(argv: list[str]) -> int:
    graph, file_of = build_graph()
    text = graph_text(graph, file_of)
    if "--print" in argv:
        print(text, end="")
    cycle = find_cycle(graph)
    if cycle:
        print("cycle: " + " -> ".join(cycle), file=sys.stderr)
        return 1
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.find(GRAPH_START), doc.find(GRAPH_END)
    if start < 0 or end < 0:
        print(f"{DOC.name}: graph markers missing", file=sys.stderr)
        return 1
    fresh = doc[: start + len(GRAPH_START)] + text + doc[end:]
    if "--write-doc" in argv:
        DOC.write_text(fresh, encoding="utf-8")
    elif fresh != doc:
        print(f"{DOC.name} shows another module graph; run scripts/check_layers.py --write-doc",
              file=sys.stderr)
        return 1
    if "--print" not in argv:
        print(f"ok: {len(graph)} modules, no import cycle, {DOC.name} shows this graph")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
