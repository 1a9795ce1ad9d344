"""Secrets never show in text forms or log records; the engine's log events
reach Python's `logging` under `mpaas_push`."""

from __future__ import annotations

import logging

import pytest

import mpaas_push
from mpaas_push import Client, ServiceError
from support import SECRET, STS_ID, TOKEN, WRONG_SECRET, Emulator, assert_clean, raises, request


def record_texts(record: logging.LogRecord) -> str:
    return f"{record.name} {record.getMessage()} {record.__dict__!r}"


def assert_records_clean(records: "list[logging.LogRecord]") -> None:
    for r in records:
        text = record_texts(r)
        for s in (SECRET, TOKEN, WRONG_SECRET):
            assert s not in text, f"secret {s!r} in log record {text}"


@pytest.mark.parametrize("signature", ["hmac-sha1", "acs3-hmac-sha256"])
def test_client_and_dry_run_text_forms_hide_secrets(signature: str) -> None:
    client = Client(STS_ID, SECRET, TOKEN, signature=signature)
    p = client.prepare_broadcast(**request("dry"))
    assert_clean(client, p)
    assert "** redacted **" in repr(p)
    for field in (p.url, p.body, p.string_to_sign, repr(p.headers), repr(p.signed_params), p.canonical_request or ""):
        assert TOKEN not in field and SECRET not in field


def test_debug_logs_arrive_and_carry_no_secret(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    sts = emu.client(STS_ID, SECRET, TOKEN)
    # Logging still at the default level: nothing from mpaas_push.
    caplog.set_level(logging.WARNING, logger="mpaas_push")
    sts.push_broadcast(**request("quiet"))
    assert not [r for r in caplog.records if r.name.startswith("mpaas_push")]

    # Configured after the first send: applies to the next call.
    caplog.set_level(logging.DEBUG, logger="mpaas_push")
    sts.push_broadcast(**request("loud"))
    emu.fault({"fault": {"type": "throttle", "retryAfterMs": 5}, "count": 1})
    sts.push_broadcast(**request("loud-retried"))
    with raises(ServiceError, code="signature_mismatch"):
        emu.client(secret=WRONG_SECRET).push_broadcast(**request("loud-failed"))

    ours = [r for r in caplog.records if r.name.startswith("mpaas_push")]
    messages = [r.getMessage() for r in ours]
    assert any(m.startswith("sending") for m in messages), messages
    assert any(m.startswith("attempt failed") for m in messages), messages
    assert all(r.levelno == logging.DEBUG for r in ours)
    assert_records_clean(caplog.records)


async def test_debug_logs_from_async_calls(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mpaas_push")
    await emu.client(STS_ID, SECRET, TOKEN).push_broadcast_async(**request("async-log"))
    assert any(r.name.startswith("mpaas_push") and "sending" in r.getMessage() for r in caplog.records)
    assert_records_clean(caplog.records)


def test_exceptions_of_a_secret_client_hide_it(emu: Emulator) -> None:
    bad = emu.client(STS_ID, WRONG_SECRET, TOKEN)
    with raises(ServiceError) as info:
        bad.push_broadcast(**request("bad-sts"))
    assert_clean(info.value, bad)


def test_library_is_silent_by_default() -> None:
    logger = logging.getLogger("mpaas_push")
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    assert mpaas_push.__name__ == "mpaas_push"
