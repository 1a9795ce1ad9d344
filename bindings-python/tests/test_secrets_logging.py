"""Secrets never show in text forms or log records; the engine's log events
reach Python's `logging` under `mpaas_push`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Dict, List

import pytest

import mpaas_push
from mpaas_push import Client, ConfigError, MpaasPushError, ServiceError
from support import (
    LEAK_ID,
    LEAK_KEYS,
    LEAK_SECRET,
    LEAK_TOKEN,
    SECRET,
    SECRETS,
    STS_ID,
    TOKEN,
    WRONG_SECRET,
    Emulator,
    assert_clean,
    provoke,
    raises,
    request,
)


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


class Capture(logging.Handler):
    """Every record of `mpaas_push.*`, formatted with all its attributes."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.setFormatter(
            logging.Formatter("%(asctime)s %(name)s %(levelname)s %(module)s %(funcName)s %(lineno)d %(message)s")
        )
        self.lines: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.__dict__))


def test_every_error_family_at_the_most_verbose_level_leaks_no_secret(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Distinctive STS credentials through every error code, blocking and
    asyncio, with `mpaas_push` logging everything to a handler: neither the
    secret nor the token shows in any exception text, log line, repr or
    dry-run output (the signature may)."""
    logger = logging.getLogger("mpaas_push")
    capture = Capture()
    level = logger.level
    logger.addHandler(capture)
    logger.setLevel(1)  # below DEBUG: everything the engine emits
    provoked: Dict[str, int] = {}
    try:
        for code in mpaas_push.ERROR_CODES:
            for use_async in (False, True):
                emu.reset()
                call = provoke(code, emu, monkeypatch, tmp_path, LEAK_KEYS, use_async)
                with pytest.raises(MpaasPushError) as info:
                    call()
                assert info.value.code == code, f"{code} ({'async' if use_async else 'sync'}): {info.value!r}"
                assert_clean(info.value)
                provoked[code] = provoked.get(code, 0) + 1
        # Conversion errors of options that hold a secret.
        with raises(ConfigError, field="accessKeySecret", rule="utf8"):
            Client(LEAK_ID, LEAK_SECRET + "\ud800", LEAK_TOKEN)
        with raises(ConfigError, field="securityToken", rule="utf8"):
            Client(LEAK_ID, LEAK_SECRET, LEAK_TOKEN + "\udfff")
        # Dry runs, both signatures, a broadcast and a companion action.
        emu.reset()
        for signature in ("hmac-sha1", "acs3-hmac-sha256"):
            client = emu.client(LEAK_ID, LEAK_SECRET, LEAK_TOKEN, signature=signature)
            dry = client.prepare_broadcast(**request("leak-dry"))
            dry2 = client.prepare(
                "RevokePushTask", {"appId": "ONEX570DA89211721", "workspaceId": "test", "taskId": "1000001"}
            )
            assert_clean(client, dry, dry2)
            for p in (dry, dry2):
                assert p.signature
                for text in (p.url, p.body, p.string_to_sign, repr(p.headers), repr(p.signed_params), p.canonical_request or ""):
                    for s in SECRETS:
                        assert s not in text, f"{s!r} in a dry run: {text}"
            # A successful call logs too.
            assert client.push_broadcast(**request(f"leak-ok-{signature}")).result_code == "OK"
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)

    assert sorted(provoked) == sorted(mpaas_push.ERROR_CODES)
    assert all(n == 2 for n in provoked.values()), provoked
    text = "\n".join(capture.lines)
    assert "sending" in text and "attempt failed" in text, "the engine's debug events were captured"
    for s in SECRETS:
        assert s not in text, f"secret {s!r} in a log line"
