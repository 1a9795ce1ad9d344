"""Python values → the text the engine reads: the one place where a value
that has no such text is caught.

* A Python ``str`` may hold lone UTF-16 surrogates (``'\\ud800'``, e.g. from
  ``os.fsdecode`` or ``json.loads('"\\\\ud800"')``); they have no UTF-8
  form. Instead of replacing them silently, or failing with a bare
  ``UnicodeEncodeError`` (whose repr repeats the whole string, a secret
  included), each becomes an :class:`~mpaas_push.MpaasPushError` with rule
  ``utf8`` naming the field: ``ValidationError`` for request fields (the
  path as the core names fields, e.g. ``templateKeyValue.content``),
  ``ConfigError`` / ``CredentialsError`` for client options and keys (their
  value is never shown).
* A value nested so deeply that Python's JSON encoder gives up
  (``RecursionError``) becomes a ``ValidationError`` naming the top-level
  field, rule ``max_depth``. Shallower nesting reaches the core, whose own
  rule names the exact path.

Everything else about a value is the core's to judge.
"""

from __future__ import annotations

import json
from typing import Any, List, Mapping, Optional, Tuple, TypeVar

from . import _native

__all__: List[str] = []

T = TypeVar("T", str, Optional[str])

#: ``json.dumps(body, ensure_ascii=False, allow_nan=False)``, built once
#: (``encode`` keeps no state between calls).
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _utf8_ok(s: str) -> bool:
    # isascii() is O(1) on CPython's compact strings: the common case costs
    # nothing; only non-ASCII text is encoded to look for surrogates.
    if s.isascii():
        return True
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(s: str) -> str:
    """``s`` with its surrogates written as ``\\udXXX`` escapes."""
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _surrogate_at(body: Any) -> Optional[Tuple[str, str]]:
    """The first string of ``body`` (in JSON order) holding a lone
    surrogate: ``(field path, string)``. A key is reported at the path of
    the object holding it (``request`` at the top), a value at its own path;
    list items are numbered from 1, as the core numbers them; a body that is
    not a dict of fields is ``request`` as a whole. Iterative, so any depth
    the encoder accepted is fine."""
    if not isinstance(body, Mapping):
        found = _surrogate_at({"request": body})
        return ("request", found[1]) if found is not None else None
    stack: List[Tuple[str, Any]] = [("", body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if not _utf8_ok(value):
                return path or "request", value
        elif isinstance(value, Mapping):
            children = []
            for k, v in value.items():
                if isinstance(k, str) and not _utf8_ok(k):
                    return path or "request", k
                children.append((f"{path}.{k}" if path else str(k), v))
            stack.extend(reversed(children))
        elif isinstance(value, (list, tuple)):
            stack.extend(reversed([(f"{path}.{i + 1}" if path else str(i + 1), v) for i, v in enumerate(value)]))
    return None


def too_deep(field: str) -> _native.MpaasPushError:
    """The error for a value of ``field`` nested beyond what can be converted."""
    return _native.input_error("validation", field, "max_depth")


def request_json(body: Any) -> str:
    """The neutral JSON text of a request ``body`` (a dict of camelCase
    fields, or whatever the caller passed: the core names what is wrong
    with it)."""
    try:
        text = _ENCODER.encode(body)
    except RecursionError:
        raise too_deep(_deepest_field(body)) from None
    except (TypeError, ValueError) as e:
        raise TypeError(f"request values must be JSON-compatible: {e}") from None
    if not _utf8_ok(text):
        found = _surrogate_at(body)
        field, value = found if found is not None else ("request", text)
        raise _native.input_error("validation", field, "utf8", _shown(value)) from None
    return text


def _deepest_field(body: Any) -> str:
    """The top-level field whose value cannot be encoded (``request`` when
    it is not a dict of fields)."""
    if isinstance(body, Mapping):
        for k, v in body.items():
            try:
                _ENCODER.encode(v)
            except RecursionError:
                return str(k)
            except (TypeError, ValueError):
                continue
    return "request"


def arg(value: T, field: str, kind: str = "validation") -> T:
    """A text argument (``nonce``, ``endpoint``, ``access_key_secret``, …),
    checked: ``kind`` is the error for a lone surrogate (``validation``,
    ``config`` or ``credentials``; only ``validation`` shows the value)."""
    if isinstance(value, str) and not _utf8_ok(value):
        shown = _shown(value) if kind == "validation" else None
        raise _native.input_error(kind, field, "utf8", shown)
    return value
