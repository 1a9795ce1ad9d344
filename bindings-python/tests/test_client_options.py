"""tests/vectors/client-options.json through `Client(**options)` and
`Client.from_env(**options)`: every option goes to the core as given, which
fails exactly like in the other languages (code, field, rule) and never
shows a secret."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Dict

import pytest

from mpaas_push import Client, ConfigError, MpaasPushError, RetryPolicy
from support import ATTRS, load

CASES = load("client-options.json")["cases"]
RETRY_FIELDS = {f.name for f in dataclasses.fields(RetryPolicy)}


def snake(key: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()


def keywords(options: Dict[str, Any]) -> Dict[str, Any]:
    """The neutral options as Python keywords: snake_case names; a retry
    object whose keys are all `RetryPolicy` fields becomes one, any other
    retry value is passed as given (the core reads dicts too)."""
    out = {snake(k): v for k, v in options.items()}
    retry = out.get("retry")
    if isinstance(retry, dict) and {snake(k) for k in retry} <= RETRY_FIELDS:
        out["retry"] = RetryPolicy(**{snake(k): v for k, v in retry.items()})
    return out


def build(case: Dict[str, Any]) -> Client:
    options = keywords(case["options"])
    if case.get("fromEnv"):
        return Client.from_env(**options)
    return Client(**options)


def test_the_vector_file_has_every_kind_of_case() -> None:
    assert len(CASES) >= 58
    assert any(c.get("fromEnv") for c in CASES) and any(c["expect"] == "ok" for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_client_options_vector(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    if expect == "ok":
        client = build(case)
        assert not client.closed
        for secret in ("opt-secret-Zq81", "sts-token-Vb02", "proxy-pw-77"):
            assert secret not in repr(client)
        return
    with pytest.raises(MpaasPushError) as info:
        build(case)
    e = info.value
    assert isinstance(e, ConfigError)
    assert (e.code, e.field, e.rule) == (expect["code"], expect["field"], expect["rule"]), repr(e)
    texts = [str(e), repr(e), e.message] + [repr(a) for a in e.args] + [repr(getattr(e, a)) for a in ATTRS]
    for secret in case.get("mustNotContain", []):
        for text in texts:
            assert secret not in text, f"{secret!r} shown in {text}"
