"""Hostile input: NUL characters, lone UTF-16 surrogates, huge maps, deep
nesting and random text. Each is a clear exception naming the field (or a
clean send), never a crash, never a silent change of what is sent, and
nothing reaches the service unless the request is valid."""

from __future__ import annotations

import random
from typing import Any, Dict, List, Optional

import pytest

from mpaas_push import (
    Client,
    ConfigError,
    MpaasPushError,
    ValidationError,
)
from support import ID, SECRET, Emulator, raises, request, send

APP: Dict[str, Any] = dict(app_id="ONEX570DA89211721", workspace_id="test")


def nested(depth: int, leaf: Any = "x") -> Any:
    """``{"a": {"a": … leaf}}``, ``depth`` objects deep (built iteratively)."""
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.fixture
def client() -> Client:
    return Client(ID, SECRET, endpoint="http://127.0.0.1:9")


# --- NUL --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"task_name": "a\0b"}, "taskName"),
        ({"template_key_value": {"content": "x\0"}}, "templateKeyValue.content"),
        ({"template_key_value": {"con\0tent": "x"}}, "templateKeyValue"),
        ({"tenant_id": "t\0"}, "tenantId"),
        ({"transparent_message_payload": {"hms": {"data": "p\0"}}}, "transparentMessagePayload.hms.data"),
    ],
)
@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_nul_is_a_validation_error_naming_the_field(
    emu: Emulator, overrides: Dict[str, Any], field: str, use_async: bool
) -> None:
    with raises(ValidationError, field=field, rule="no_nul", maybe_sent=False, attempts=0):
        send(emu.client(), use_async, **request("nul", **overrides))
    assert emu.requests() == []


def test_nul_in_a_companion_request(client: Client) -> None:
    with raises(ValidationError, field="tenantId", rule="no_nul"):
        client.prepare("RevokePushTask", {"appId": APP["app_id"], "workspaceId": "test", "taskId": "1", "tenantId": "\0"})


# --- lone surrogates ----------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"task_name": "news \ud800"}, "taskName"),
        ({"msgkey": "k-\udfff"}, "msgkey"),
        ({"template_key_value": {"content": "é\udc80"}}, "templateKeyValue.content"),
        ({"template_key_value": {"ok": "x", "c\ud83d": "x"}}, "templateKeyValue"),
        ({"transparent_message_payload": {"hms": {"l": [1, {"m": "\udbff"}]}}}, "transparentMessagePayload.hms.l.2.m"),
        ({"extended_params": {"k": "v\ud800"}}, "extendedParams.k"),
    ],
)
@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_lone_surrogate_is_a_validation_error_naming_the_field(
    emu: Emulator, overrides: Dict[str, Any], field: str, use_async: bool
) -> None:
    # The core's host rule: the value is never quoted (it may be a secret).
    with raises(ValidationError, code="validation", field=field, rule="utf8", value=None, maybe_sent=False) as info:
        send(emu.client(), use_async, **{**request("surrogate"), **overrides})
    assert "surrogate" in str(info.value)
    assert emu.requests() == [], "nothing is sent, nothing replaced"


def test_lone_surrogate_in_the_camel_case_dict_and_a_key(client: Client) -> None:
    neutral = {"appId": "ONEX570DA89211721", "workspaceId": "test", "taskName\udc00": "x"}
    with raises(ValidationError, field="request", rule="utf8"):
        client.push_broadcast(request=neutral)
    with raises(ValidationError, field="request.1", rule="utf8"):
        client.push_broadcast(request=["\ud800"])  # type: ignore[arg-type]


def test_lone_surrogate_in_companion_requests_and_dry_run_arguments(client: Client) -> None:
    with raises(ValidationError, field="taskId", rule="utf8"):
        client.revoke_task(**APP, task_id="1\ud800")
    with raises(ValidationError, field="uniqueIds.2", rule="utf8"):
        client.prepare("CancelPushScheduler", {**{"appId": APP["app_id"], "workspaceId": "test"}, "uniqueIds": ["a", "b\ud800"]})
    with raises(ValidationError, field="nonce", rule="utf8"):
        client.prepare_broadcast(**request(), nonce="n\ud800")
    with raises(ValidationError, field="timestamp", rule="utf8"):
        client.prepare_broadcast(**request(), timestamp="2026-01-01T00:00:00Z\ud800")
    with raises(ConfigError, code="config"):
        client.prepare("RevokePushTask\ud800", {})


@pytest.mark.parametrize(
    "which, field", [("access_key_id", "accessKeyId"), ("access_key_secret", "accessKeySecret"), ("security_token", "securityToken")]
)
def test_lone_surrogate_in_credentials_never_shows_them(which: str, field: str) -> None:
    keys: Dict[str, Optional[str]] = {"access_key_id": ID, "access_key_secret": SECRET, "security_token": "tok"}
    keys[which] = f"{keys[which]}-\ud800-secretish"
    with raises(ConfigError, code="config", field=field, rule="utf8", value=None) as info:
        Client(keys["access_key_id"], keys["access_key_secret"], keys["security_token"])
    assert field in str(info.value)
    for text in (str(info.value), repr(info.value)):
        assert "secretish" not in text and "\\ud800-" not in text


def test_lone_surrogate_in_a_client_option() -> None:
    with raises(ConfigError, code="config") as info:
        Client(ID, SECRET, endpoint="http://127.0.0.1:9/\ud800")
    assert "endpoint" in str(info.value)


def test_surrogate_pairs_and_astral_text_are_fine(emu: Emulator) -> None:
    # A real pair, as Python holds it after decoding, is one code point.
    text = "推送 🎉 " + "\ud83c\udf89".encode("utf-16", "surrogatepass").decode("utf-16")
    res = emu.client().push_broadcast(**request("astral", task_name=text, template_key_value={"content": text}))
    assert res.result_code == "OK"
    (rec,) = emu.requests()
    assert rec["params"]["TaskName"] == text == "推送 🎉 🎉"


# --- huge maps and deep nesting ------------------------------------------------------


def test_huge_template_map_is_refused_by_the_core(emu: Emulator) -> None:
    # 100,000 placeholders: the core caps string maps (1000 entries, rule
    # max_keys); nothing is sent and the client is fine afterwards.
    big = {f"key{i}": f"value {i}" for i in range(100_000)}
    client = emu.client()
    with raises(ValidationError, field="templateKeyValue", rule="max_keys", maybe_sent=False):
        client.push_broadcast(**request("huge", template_key_value=big))
    assert emu.requests() == []
    assert client.push_broadcast(**request("after-huge")).result_code == "OK"


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_payload_10000_levels_deep_is_a_validation_error(emu: Emulator, use_async: bool) -> None:
    deep = nested(10_000)
    with raises(ValidationError, field="transparentMessagePayload", rule="max_depth", maybe_sent=False):
        send(emu.client(), use_async, **request("deep", transparent_message_payload={"hms": deep}))
    with raises(ValidationError, field="transparentMessagePayload", rule="max_depth"):
        emu.client().push_broadcast(request={"appId": "x", "transparentMessagePayload": {"hms": deep}})
    with raises(ValidationError, field="uniqueIds", rule="max_depth"):
        emu.client().prepare("CancelPushScheduler", {"uniqueIds": deep})
    assert emu.requests() == []


def test_payload_just_beyond_the_core_limit_names_the_path(client: Client) -> None:
    with raises(ValidationError, rule="max_depth") as info:
        client.prepare_broadcast(**request(transparent_message_payload={"hms": {"data": nested(40)}}))
    assert info.value.field is not None and info.value.field.startswith("transparentMessagePayload.hms")


def test_cyclic_payload_stops_at_the_conversion_bound(client: Client) -> None:
    # A value that contains itself nests without end: the converter stops at
    # the core's MAX_INPUT_DEPTH and names the top-level field.
    cyclic: Dict[str, Any] = {}
    cyclic["a"] = cyclic
    with raises(ValidationError, field="transparentMessagePayload", rule="max_depth"):
        client.prepare_broadcast(**request(transparent_message_payload={"hms": cyclic}))
    looped: List[Any] = []
    looped.append(looped)
    with raises(ValidationError, field="extendedParams", rule="max_depth"):
        client.prepare_broadcast(**request(extended_params={"k": looped}))


# --- random text ---------------------------------------------------------------------

ALPHABET = ["a", "Z", " ", "\0", "\t", "\n", "\x7f", "é", "群", "🎉", "\ud800", "\udfff", "\ufeff", "\u202e", "%", "&", "=", "+", "*", "~", '"', "\\"]


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))


def test_random_text_gives_a_request_or_a_validation_error(client: Client) -> None:
    rng = random.Random(8)
    outcomes = {"prepared": 0, "utf8": 0, "other": 0}
    for _ in range(400):
        task_name, key, value = random_text(rng), random_text(rng), random_text(rng)
        try:
            p = client.prepare_broadcast(**request("fuzz", task_name=task_name, template_key_value={key or "k": value}))
        except ValidationError as e:
            assert e.field is not None and e.rule is not None
            has_surrogate = any("\ud800" <= ch <= "\udfff" for ch in task_name + key + value)
            assert (e.rule == "utf8") == has_surrogate, (e, task_name, key, value)
            outcomes["utf8" if e.rule == "utf8" else "other"] += 1
        except MpaasPushError as e:  # pragma: no cover - would be a bug
            raise AssertionError(f"not a validation error: {e!r}") from e
        else:
            # Sent as given: not replaced, not dropped.
            assert p.signed_params["TaskName"] == task_name
            outcomes["prepared"] += 1
    assert all(outcomes.values()), outcomes
