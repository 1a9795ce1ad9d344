"""The keyword API: snake_case fields, enums, readable names, typed
schedules, argument errors. Dry runs only (no emulator)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Dict, List, Tuple

import pytest

from mpaas_push import (
    AndroidChannel,
    Classification,
    Client,
    ConfigError,
    DeliveryType,
    NotifyType,
    Period,
    PushAction,
    PushStatus,
    RetryPolicy,
    Schedule,
    Urgency,
    ValidationError,
)
from support import ID, SECRET, load, raises

NOW = "2026-11-28T04:00:00Z"
CHINA = dt.timezone(dt.timedelta(hours=8))
VALID = {c["name"]: c for c in load("valid-requests.json")["cases"]}
COMMON = {
    "AccessKeyId",
    "Action",
    "Format",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
}


@pytest.fixture
def client() -> Client:
    return Client(ID, SECRET)


def params(client: Client, **fields: Any) -> Dict[str, str]:
    p = client.prepare_broadcast(timestamp=NOW, **fields)
    return {k: v for k, v in p.signed_params.items() if k not in COMMON}


def china_midnight_ms(y: int, m: int, d: int) -> int:
    return int(dt.datetime(y, m, d, tzinfo=CHINA).timestamp()) * 1000


BASE: Dict[str, Any] = dict(
    app_id="ONEX570DA89211721",
    workspace_id="test",
    msgkey="1578807462788",
    expired_seconds=300,
    task_name="群发测试任务",
    template_name="群发模板",
    template_key_value={"content": "公告内容"},
)


def test_snake_case_keywords_match_the_camel_case_request(client: Client) -> None:
    case = VALID["android-immediate-bound-7d"]
    got = params(client, delivery_type=1, push_status=0, bind_period=1, **BASE)
    assert got == case["params"]
    via_dict = client.prepare_broadcast(request=case["request"], timestamp=NOW, nonce="n")
    via_kw = client.prepare_broadcast(
        timestamp=NOW, nonce="n", delivery_type=1, push_status=0, bind_period=1, **BASE
    )
    assert via_dict == via_kw


def test_enum_members_and_readable_names_give_the_same_wire(client: Client) -> None:
    want = VALID["enums-as-readable-names"]["params"]
    payload = {"hms": {"data": '{"k":"v"}'}}
    members = params(
        client,
        delivery_type=DeliveryType.ANDROID,
        push_status=PushStatus.ALL,
        unbind_period=Period.PERMANENT,
        android_channel=AndroidChannel.MPS,
        classification=Classification.OPERATIONAL,
        transparent_message_payload=payload,
        transparent_message_urgency=Urgency.HIGH,
        notify_type=NotifyType.NOTIFY,
        push_action=PushAction.OPEN_ACTIVITY,
        silent=True,
        **BASE,
    )
    names = params(
        client,
        delivery_type="android",
        push_status="all",
        un_bind_period="permanent",
        android_channel="mps",
        classification="operational",
        transparent_message_payload=payload,
        transparent_message_urgency="high",
        notify_type="notify",
        push_action="open_activity",
        silent=True,
        **BASE,
    )
    assert members == names == want


@pytest.mark.parametrize(
    "member, wire",
    [(DeliveryType.ANDROID, "1"), (DeliveryType.IOS, "2"), (DeliveryType.HARMONYOS, "7")],
)
def test_delivery_types(client: Client, member: DeliveryType, wire: str) -> None:
    assert params(client, delivery_type=member, bind_period=Period.DAYS_7, **BASE)["DeliveryType"] == wire


def test_optional_fields_and_maps(client: Client) -> None:
    got = params(
        client,
        delivery_type=DeliveryType.IOS,
        push_status=PushStatus.UNBOUND,
        unbind_period=Period.DAYS_15,
        tenant_id="tenant-1",
        third_channel_category={"vivo": "1", "hms": "9"},
        notify_level={"oppo": "2"},
        mi_channel_id="mi-1",
        channel_id="ch-1",
        extended_params={"sound": "default", "badge": "1"},
        **BASE,
    )
    assert got["PushStatus"] == "2" and got["UnBindPeriod"] == "2"
    assert got["TenantId"] == "tenant-1"
    assert got["ThirdChannelCategory"] == '{"hms":"9","vivo":"1"}'
    assert got["NotifyLevel"] == '{"oppo":"2"}'
    assert (got["MiChannelId"], got["ChannelId"]) == ("mi-1", "ch-1")
    assert got["ExtendedParams"] == '{"badge":"1","sound":"default"}'
    # None means "absent", like a missing keyword.
    assert params(client, delivery_type=1, bind_period=1, tenant_id=None, channel_id=None, **BASE) == params(
        client, delivery_type=1, bind_period=1, **BASE
    )


def test_schedule_at_aware_datetime(client: Client) -> None:
    when = dt.datetime(2026, 12, 1, 9, 0, tzinfo=CHINA)
    s = Schedule.at(when)
    assert s == Schedule.at(when) and s != Schedule.at(when.astimezone(dt.timezone.utc))
    assert repr(s) == 'Schedule({"at":"2026-12-01T09:00:00+08:00"})'
    # The same instant in another zone is the same schedule on the wire.
    same = [params(client, delivery_type=1, bind_period=1, schedule=Schedule.at(t), **BASE) for t in (when, when.astimezone(dt.timezone.utc))]
    assert same[0] == same[1]


def test_schedule_at_on_the_wire(client: Client) -> None:
    when = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.timezone.utc)
    got = params(client, delivery_type=1, bind_period=1, schedule=Schedule.at(when), **BASE)
    assert got["StrategyType"] == "1"
    assert got["StrategyContent"] == '{"fixedTime":%d}' % (int(when.timestamp()) * 1000)
    # Epoch milliseconds are a point in time too.
    by_ms = params(client, delivery_type=1, bind_period=1, schedule=Schedule.at(int(when.timestamp()) * 1000), **BASE)
    assert by_ms == got


def test_schedule_recurring_on_the_wire(client: Client) -> None:
    start, end, at = dt.date(2026, 12, 1), dt.date(2026, 12, 31), dt.time(9, 30)
    common = {"startTime": china_midnight_ms(2026, 12, 1), "endTime": china_midnight_ms(2026, 12, 31)}

    def content(s: Schedule) -> Any:
        return json.loads(params(client, delivery_type=1, bind_period=1, schedule=s, **BASE)["StrategyContent"])

    assert content(Schedule.daily(start=start, end=end, time=at)) == {**common, "circleType": 1, "time": "09:30:00"}
    weekly = Schedule.weekly([1, 3, 5], start=start, end=end, time=at)
    assert content(weekly) == {**common, "circleType": 2, "circleValue": [1, 3, 5], "time": "09:30:00"}
    monthly = Schedule.monthly([31, 1], start=start, end=end, time=dt.time(0, 0, 5))
    assert content(monthly) == {**common, "circleType": 3, "circleValue": [31, 1], "time": "00:00:05"}


def test_schedule_recurring_on_the_wire_keeps_the_field_order(client: Client) -> None:
    s = Schedule.weekly([7], start=dt.date(2026, 11, 28), end=dt.date(2027, 5, 27), time=dt.time(8, 30))
    got = params(client, delivery_type=1, push_status=0, bind_period=1, schedule=s, **BASE)
    assert got == VALID["recurring-weekly-sunday-end-180-days-ahead"]["params"]
    daily = Schedule.daily(start=dt.date(2026, 11, 28), end=dt.date(2026, 11, 28), time=dt.time(23, 59, 59))
    got = params(client, delivery_type=1, bind_period=1, schedule=daily, **BASE)
    assert json.loads(got["StrategyContent"])["circleType"] == 1
    assert "circleValue" not in got["StrategyContent"]
    immediate = params(client, delivery_type=1, bind_period=1, schedule=Schedule.immediate(), **BASE)
    assert immediate["StrategyType"] == "0" and "StrategyContent" not in immediate


def test_schedule_values_are_read_by_the_core(client: Client) -> None:
    """A Schedule holds what it was given; the core names what is wrong
    with it (a naive datetime has no offset, a date is not a time, ...)."""
    day, at = dt.date(2026, 12, 2), dt.time(9)
    cases: List[Tuple[Schedule, str, str]] = [
        (Schedule.at(dt.datetime(2026, 12, 1, 9, 0)), "schedule.at", "time_format"),
        (Schedule.at(dt.date(2026, 12, 1)), "schedule.at", "time_format"),  # type: ignore[arg-type]
        (Schedule.daily(start=dt.datetime(2026, 12, 1, tzinfo=CHINA), end=day, time=at), "schedule.start", "date_format"),
        (Schedule.daily(start=dt.date(2026, 12, 1), end=day, time=dt.time(9, 0, 0, 5)), "schedule.time", "time_format"),
    ]
    for schedule, field, rule in cases:
        with raises(ValidationError, field=field, rule=rule):
            params(client, delivery_type=1, bind_period=1, schedule=schedule, **BASE)


def test_schedule_rules_are_the_cores(client: Client) -> None:
    """Rules are checked by the core, naming the wire field."""
    past = Schedule.at(dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.timezone.utc))
    with raises(ValidationError, field="strategyContent.fixedTime", rule="in_future"):
        params(client, delivery_type=1, bind_period=1, schedule=past, **BASE)
    fraction = Schedule.at(dt.datetime(2026, 12, 1, 9, 0, 0, 500, tzinfo=dt.timezone.utc))
    with raises(ValidationError, field="strategyContent.fixedTime", rule="whole_seconds"):
        params(client, delivery_type=1, bind_period=1, schedule=fraction, **BASE)
    start, end, at = dt.date(2026, 12, 1), dt.date(2026, 12, 31), dt.time(9)
    cases: List[Tuple[List[Any], str, str]] = [
        ([], "strategyContent.circleValue", "not_empty"),
        ([8], "strategyContent.circleValue", "range"),
        ([1, 1], "strategyContent.circleValue", "unique"),
        (["3"], "schedule.days", "range"),
    ]
    for days, field, rule in cases:
        weekly = Schedule.weekly(days, start=start, end=end, time=at)
        with raises(ValidationError, field=field, rule=rule):
            params(client, delivery_type=1, bind_period=1, schedule=weekly, **BASE)
    too_far = Schedule.daily(start=start, end=dt.date(2027, 6, 1), time=at)
    with raises(ValidationError, field="strategyContent.endTime", rule="max_days_ahead"):
        params(client, delivery_type=1, bind_period=1, schedule=too_far, **BASE)


def test_request_and_keywords_together_is_a_type_error(client: Client) -> None:
    with pytest.raises(TypeError, match="not both"):
        client.prepare_broadcast(request=VALID["android-immediate-bound-7d"]["request"], app_id="x")


def test_two_keywords_for_one_field_is_a_type_error(client: Client) -> None:
    with pytest.raises(TypeError, match="unBindPeriod"):
        client.prepare_broadcast(unbind_period=1, un_bind_period=2, **BASE)


def test_a_schedule_and_a_raw_strategy_is_the_cores_not_allowed(client: Client) -> None:
    with raises(ValidationError, rule="not_allowed"):
        client.prepare_broadcast(schedule=Schedule.immediate(), strategy_type=0, timestamp=NOW, delivery_type=1, bind_period=1, **BASE)  # type: ignore[call-arg]


def test_unknown_keyword_is_a_validation_error_naming_its_field(client: Client) -> None:
    with raises(ValidationError, field="bogusField", rule="unknown_field"):
        client.prepare_broadcast(timestamp=NOW, bogus_field=1, delivery_type=1, bind_period=1, **BASE)  # type: ignore[call-arg]


def test_values_without_a_json_form_are_the_cores_type_rule(client: Client) -> None:
    with raises(ValidationError, field="templateKeyValue.content", rule="type", value="object"):
        client.prepare_broadcast(**{**BASE, "template_key_value": {"content": object()}}, delivery_type=1, bind_period=1)
    with raises(ValidationError, field="expiredSeconds", rule="type", value="float"):
        client.prepare_broadcast(**{**BASE, "expired_seconds": float("nan")}, delivery_type=1, bind_period=1)


def test_validation_error_attributes(client: Client) -> None:
    with raises(ValidationError, field="expiredSeconds", rule="positive", code="validation") as info:
        client.prepare_broadcast(request={**VALID["android-immediate-bound-7d"]["request"], "expiredSeconds": -1})
    e = info.value
    assert e.value == "-1"
    assert (e.maybe_sent, e.retryable, e.attempts) == (False, False, 0)
    assert e.request_id is None and e.http_status is None and e.service_code is None
    assert "expiredSeconds" in str(e)


def test_timestamp_argument(client: Client) -> None:
    by_text = client.prepare_broadcast(timestamp=NOW, nonce="n", delivery_type=1, bind_period=1, **BASE)
    aware = dt.datetime(2026, 11, 28, 12, 0, tzinfo=CHINA)
    by_datetime = client.prepare_broadcast(timestamp=aware, nonce="n", delivery_type=1, bind_period=1, **BASE)
    assert by_text == by_datetime
    with raises(ValidationError, field="timestamp", rule="time_format"):
        client.prepare_broadcast(timestamp=dt.datetime(2026, 11, 28, 4), delivery_type=1, bind_period=1, **BASE)
    with raises(ValidationError, field="timestamp"):
        client.prepare_broadcast(timestamp="yesterday", delivery_type=1, bind_period=1, **BASE)
    with raises(ValidationError, field="nonce", rule="not_blank"):
        client.prepare_broadcast(nonce=" ", delivery_type=1, bind_period=1, **BASE)


def test_acs3_dry_run(client: Client) -> None:
    acs3 = Client(ID, SECRET, signature="acs3-hmac-sha256")
    p = acs3.prepare_broadcast(timestamp=NOW, nonce="n-1", delivery_type=1, bind_period=1, **BASE)
    assert p.signature_method == "acs3-hmac-sha256"
    assert p.url == "https://mpaas.cn-hangzhou.aliyuncs.com/"
    assert p.headers["x-acs-action"] == "PushBroadcast"
    assert p.headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=testid,")
    assert p.canonical_request is not None and p.canonical_request.startswith("POST\n/\n")


@pytest.mark.parametrize(
    "options, field, rule",
    [
        ({"endpoint": "http://mpaas.example.com"}, "endpoint", "https_required"),
        ({"endpoint": "not a url at all"}, "endpoint", "url"),
        ({"signature": "md5"}, "signature", "one_of"),
        ({"api_version": "1999-01-01"}, "apiVersion", "one_of"),
        ({"read_timeout_ms": 0}, "readTimeoutMs", "positive"),
        ({"connect_timeout_ms": -1}, "connectTimeoutMs", "positive"),
        ({"total_timeout_ms": float("inf")}, "totalTimeoutMs", "type"),
        ({"retry": RetryPolicy(base_delay_ms=-1)}, "retry.baseDelayMs", "min"),
        ({"retry": {"max_attempts": 0}}, "retry.maxAttempts", "range"),
        ({"proxy": object()}, "proxy", "type"),
    ],
    ids=lambda o: next(iter(o)) if isinstance(o, dict) else None,
)
def test_bad_configuration_is_a_config_error(options: Dict[str, Any], field: str, rule: str) -> None:
    with raises(ConfigError, code="config", maybe_sent=False, field=field, rule=rule):
        Client(ID, SECRET, **options)


def test_http_is_allowed_for_loopback_and_by_opt_in() -> None:
    assert "127.0.0.1" in repr(Client(ID, SECRET, endpoint="http://127.0.0.1:9"))
    assert "mpaas.example.com" in repr(Client(ID, SECRET, endpoint="http://mpaas.example.com", allow_http=True))
