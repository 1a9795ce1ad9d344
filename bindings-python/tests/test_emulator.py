"""Round trips through the emulator subprocess, sync and asyncio: results,
every error family, retries and faults; mirrors tests/tests/client_emulator.rs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict

import pytest

import mpaas_push
from mpaas_push import (
    BroadcastResult,
    ClockSkewError,
    ConfigError,
    CredentialsError,
    MpaasPushError,
    PushFailedError,
    RetryPolicy,
    Schedule,
    ServiceError,
    ThrottledError,
    TransportError,
    ValidationError,
)
from support import (
    ID,
    SECRET,
    STS_ID,
    TOKEN,
    WRONG_SECRET,
    Emulator,
    assert_clean,
    clear_credentials,
    free_port,
    load,
    provoke,
    raises,
    request,
)


def check_result(res: BroadcastResult) -> None:
    assert isinstance(res, BroadcastResult)
    assert res.request_id
    assert res.task_id
    assert res.result_code == "OK"
    assert res.http_status == 200


@pytest.mark.parametrize("signature", ["hmac-sha1", "acs3-hmac-sha256"])
@pytest.mark.parametrize("sts", [False, True], ids=["ak", "sts"])
def test_round_trip_sync(emu: Emulator, signature: str, sts: bool) -> None:
    client = emu.client(STS_ID, SECRET, TOKEN, signature=signature) if sts else emu.client(signature=signature)
    res = client.push_broadcast(**request("rt-1"))
    check_result(res)
    (rec,) = emu.requests()
    assert rec["signatureMethod"] == signature
    assert rec["accessKeyId"] == (STS_ID if sts else ID)
    assert rec["msgkey"] == "rt-1"
    assert rec["params"]["TaskName"] == "群发 task"
    assert rec["params"]["TemplateKeyValue"] == '{"content":"hello world*~"}'
    assert rec["code"] == "OK" and rec["taskId"] == res.task_id
    assert_clean(client, res)


@pytest.mark.parametrize("signature", ["hmac-sha1", "acs3-hmac-sha256"])
async def test_round_trip_async(emu: Emulator, signature: str) -> None:
    client = emu.client(STS_ID, SECRET, TOKEN, signature=signature)
    res = await client.push_broadcast_async(**request("rt-async"))
    check_result(res)
    res2 = await client.push_broadcast_async(request={**request_camel(), "msgkey": "rt-async-2"})
    check_result(res2)
    assert [r["msgkey"] for r in emu.requests()] == ["rt-async", "rt-async-2"]


def request_camel() -> Dict[str, Any]:
    return {
        "appId": "ONEX570DA89211721",
        "workspaceId": "test",
        "deliveryType": "android",
        "msgkey": "camel",
        "expiredSeconds": 300,
        "taskName": "camel",
        "templateName": "news_tpl",
        "templateKeyValue": {"content": "x"},
        "bindPeriod": "7d",
    }


def test_scheduled_tasks_are_stored(emu: Emulator) -> None:
    client = emu.client()
    when = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).replace(microsecond=0)
    res = client.push_broadcast(**request("sched-1", schedule=Schedule.at(when)))
    check_result(res)
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    weekly = Schedule.weekly([1, 7], start=today, end=today + dt.timedelta(days=30), time=dt.time(9, 30))
    check_result(client.push_broadcast(**request("sched-2", schedule=weekly)))
    tasks = emu.tasks()
    assert len(tasks) == 2
    recs = emu.requests()
    assert recs[0]["params"]["StrategyType"] == "1"
    assert recs[0]["params"]["StrategyContent"] == '{"fixedTime":%d}' % (int(when.timestamp()) * 1000)
    assert recs[1]["params"]["StrategyType"] == "2"


# --- error families -------------------------------------------------------


def test_validation_error_sends_nothing(emu: Emulator) -> None:
    client = emu.client()
    with raises(ValidationError, field="expiredSeconds", attempts=0, maybe_sent=False):
        client.push_broadcast(**request("invalid", expired_seconds=0))
    assert emu.requests() == []


async def test_validation_error_async(emu: Emulator) -> None:
    client = emu.client()
    with raises(ValidationError, field="unBindPeriod"):
        await client.push_broadcast_async(**request("invalid", push_status="all"))
    assert emu.requests() == []


def test_config_errors(emu: Emulator) -> None:
    with raises(ConfigError, code="config"):
        mpaas_push.Client(ID, SECRET, endpoint="http://mpaas.example.com")
    with raises(ConfigError, code="config"):
        mpaas_push.Client(ID, SECRET, endpoint="ftp://127.0.0.1/")


def test_credentials_error_from_an_empty_environment(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clear_credentials(monkeypatch, tmp_path)
    with raises(CredentialsError, code="credentials", maybe_sent=False):
        mpaas_push.Client.from_env(endpoint=emu.url).push_broadcast(**request("no-creds"))
    with raises(ConfigError, code="config", field="accessKeySecret", rule="required_together"):
        mpaas_push.Client(access_key_id=ID, endpoint=emu.url)
    assert emu.requests() == []


def test_credentials_from_the_environment_work(emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clear_credentials(monkeypatch, tmp_path)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", STS_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN)
    client = mpaas_push.Client.from_env(endpoint=emu.url)
    check_result(client.push_broadcast(**request("env-creds")))
    assert emu.requests()[0]["accessKeyId"] == STS_ID
    assert_clean(client)


def test_malformed_credentials_file(emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clear_credentials(monkeypatch, tmp_path)
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text('{"profiles": [ not json', encoding="utf-8")
    with raises(CredentialsError, code="credentials"):
        mpaas_push.Client.from_env(endpoint=emu.url).push_broadcast(**request("bad-file"))


def test_transport_error_connection_refused() -> None:
    client = mpaas_push.Client(ID, SECRET, endpoint=f"http://127.0.0.1:{free_port()}", retry=RetryPolicy(base_delay_ms=5, max_delay_ms=20))
    with raises(TransportError, code="connect", maybe_sent=False, retryable=True, attempts=3):
        client.push_broadcast(**request("refused"))


def test_transport_error_read_timeout_is_not_retried(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "delay", "ms": 1500}})
    client = emu.client(read_timeout_ms=300)
    with raises(TransportError, code="timeout", timeout_kind="read", maybe_sent=True, retryable=False, attempts=1):
        client.push_broadcast(**request("slow"))
    assert len(emu.requests()) == 1, "not retried"
    # Resending with the same Msgkey: the service reports the earlier acceptance.
    with raises(PushFailedError, service_code="DUPLICATE_MSGKEY"):
        client.push_broadcast(**request("slow"))


def test_total_timeout(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "delay", "ms": 3000}})
    with raises(TransportError, code="timeout", timeout_kind="total", maybe_sent=True):
        emu.client(total_timeout_ms=300).push_broadcast(**request("deadline"))


def test_service_error_wrong_secret(emu: Emulator) -> None:
    client = emu.client(secret=WRONG_SECRET)
    with raises(ServiceError, code="signature_mismatch", http_status=400, service_code="SignatureDoesNotMatch") as info:
        client.push_broadcast(**request("wrong-secret"))
    assert info.value.request_id
    assert "server string to sign is:POST&%2F&" in info.value.message
    assert_clean(client)


def test_service_error_unknown_key_and_bad_token(emu: Emulator) -> None:
    with raises(ServiceError, code="auth", http_status=404, service_code="InvalidAccessKeyId.NotFound"):
        emu.client("nobody").push_broadcast(**request("k2"))
    with raises(ServiceError, code="auth"):
        emu.client(STS_ID, SECRET, "other-token").push_broadcast(**request("k3"))


def test_throttled_error_after_max_attempts(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "throttle", "retryAfterMs": 10}, "count": 5})
    client = emu.client(retry=RetryPolicy(max_attempts=2, base_delay_ms=5, max_delay_ms=50))
    with raises(ThrottledError, code="throttled", attempts=2, retryable=True, maybe_sent=False) as info:
        client.push_broadcast(**request("throttled"))
    assert info.value.service_code == "Throttling.User"
    assert len(emu.requests()) == 2


def test_clock_skew_is_corrected_and_retried_once(emu: Emulator) -> None:
    emu.set_clock(3600)
    res = emu.client().push_broadcast(**request("skewed"))
    check_result(res)
    recs = emu.requests()
    assert [r["code"] for r in recs] == ["InvalidTimeStamp.Expired", "OK"]


def test_clock_skew_error_when_not_retried(emu: Emulator) -> None:
    emu.set_clock(3600)
    client = emu.client(retry=RetryPolicy(max_attempts=1))
    with raises(ClockSkewError, code="clock_skew", maybe_sent=False, retryable=True, attempts=1) as info:
        client.push_broadcast(**request("skewed-once"))
    assert info.value.service_code == "InvalidTimeStamp.Expired"
    assert len(emu.requests()) == 1


def test_clock_skew_error_carries_the_measured_offset(emu: Emulator) -> None:
    emu.set_clock(3600)
    with raises(ClockSkewError) as info:
        emu.client(retry=RetryPolicy(max_attempts=1)).push_broadcast(**request("skewed-offset"))
    offset = info.value.clock_offset
    assert offset is not None and abs(offset - 3600) <= 5, offset


def test_push_failed_errors(emu: Emulator) -> None:
    client = emu.client()
    with raises(PushFailedError, code="push_failed", service_code="3022", maybe_sent=True, retryable=False):
        client.push_broadcast(**request("r1", template_name="missing_tpl"))
    first = client.push_broadcast(**request("dup"))
    with raises(PushFailedError, service_code="DUPLICATE_MSGKEY") as info:
        client.push_broadcast(**request("dup"))
    assert first.task_id and first.task_id in str(info.value)


async def test_push_failed_async(emu: Emulator) -> None:
    client = emu.client()
    with raises(PushFailedError, service_code="3022"):
        await client.push_broadcast_async(**request("r1", template_name="missing_tpl"))


# --- retries ---------------------------------------------------------------


def test_throttled_then_success_resigns_with_the_same_msgkey(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "throttle", "retryAfterMs": 20}, "count": 2})
    client = mpaas_push.Client(ID, SECRET, endpoint=emu.url)  # default retry policy
    check_result(client.push_broadcast(**request("t-1")))
    recs = emu.requests()
    assert len(recs) == 3
    assert len({r["nonce"] for r in recs}) == 3
    assert all(r["msgkey"] == "t-1" for r in recs)
    assert [r["code"] for r in recs] == ["Throttling.User", "Throttling.User", "OK"]


async def test_503_then_success_async(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "status", "status": 503}, "count": 2})
    check_result(await emu.client().push_broadcast_async(**request("s-503")))
    recs = emu.requests()
    assert len(recs) == 3 and len({r["timestamp"] + r["nonce"] for r in recs}) == 3


def test_opt_in_retries_maybe_sent_failures(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "status", "status": 500}})
    client = emu.client(retry=RetryPolicy(base_delay_ms=5, max_delay_ms=20, retry_maybe_sent=True))
    check_result(client.push_broadcast(**request("opt-in")))
    recs = emu.requests()
    assert len(recs) == 2 and recs[0]["msgkey"] == recs[1]["msgkey"] and recs[0]["nonce"] != recs[1]["nonce"]


# --- every code of tests/vectors/error-codes.json, provoked for real ---------

EXPECTED_CLASS = {
    "validation": ValidationError,
    "config": ConfigError,
    "credentials": CredentialsError,
    "connect": TransportError,
    "tls": TransportError,
    "proxy": TransportError,
    "timeout": TransportError,
    "connection_lost": TransportError,
    "throttled": ThrottledError,
    "signature_mismatch": ServiceError,
    "clock_skew": ClockSkewError,
    "auth": ServiceError,
    "service": ServiceError,
    "push_failed": PushFailedError,
    "invalid_response": ServiceError,
    "internal": MpaasPushError,
}


def test_every_listed_code_has_a_class() -> None:
    assert sorted(EXPECTED_CLASS) == sorted(mpaas_push.ERROR_CODES)


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("spec", load("error-codes.json")["codes"], ids=lambda c: c["code"])
def test_each_code_is_raised_as_its_class(
    spec: Dict[str, Any], use_async: bool, emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code = spec["code"]
    call = provoke(code, emu, monkeypatch, tmp_path, use_async=use_async)
    with raises(EXPECTED_CLASS[code], code=code) as info:
        call()
    e = info.value
    if spec["maybeSent"] is not None:
        assert e.maybe_sent is spec["maybeSent"], f"{code}: maybe_sent {e.maybe_sent} ({e})"
    if spec["retryable"] is not None:
        assert e.retryable is spec["retryable"], f"{code}: retryable {e.retryable} ({e})"
    assert isinstance(e.message, str) and e.message == str(e)
