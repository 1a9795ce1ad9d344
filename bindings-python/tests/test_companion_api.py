"""The keyword API of the companion actions: snake_case keywords and
datetimes become the neutral request the core reads (checked through dry
runs of the same request), enums by name or int, argument errors, the
exports. No emulator."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any, Dict
from urllib.parse import parse_qsl

import pytest

import mpaas_push
from mpaas_push import (
    CancelResult,
    Client,
    ConfigError,
    PushKind,
    RevokeResult,
    ScheduledTask,
    SchedulerPage,
    TaskDetail,
    TaskListPage,
    TaskReport,
    UniqueIdKind,
    ValidationError,
)
from support import ID, SECRET, load, raises

NOW = "2026-11-28T04:00:00Z"
CHINA = dt.timezone(dt.timedelta(hours=8))
TARGET: Dict[str, Any] = {"app_id": "ONEX570DA89211721", "workspace_id": "test"}
WIRE_TARGET = {"AppId": "ONEX570DA89211721", "WorkspaceId": "test"}


@pytest.fixture
def client() -> Client:
    return Client(ID, SECRET)


def wire(client: Client, action: str, request: Dict[str, Any]) -> Dict[str, str]:
    """The operation parameters a dry run of ``request`` puts in the body."""
    body = client.prepare(action, request, timestamp=NOW).body
    return dict(parse_qsl(body, keep_blank_values=True))


def test_enums_have_the_service_values() -> None:
    assert [(k.name, int(k)) for k in PushKind] == [("SIMPLE", 0), ("TEMPLATE", 1), ("BATCH", 2), ("BROADCAST", 3)]
    assert [(k.name, int(k)) for k in UniqueIdKind] == [("PARENT", 0), ("CHILD", 1)]


def test_exports() -> None:
    for name in (
        "PushKind",
        "UniqueIdKind",
        "SchedulerPage",
        "ScheduledTask",
        "CancelResult",
        "RevokeResult",
        "TaskDetail",
        "TaskListPage",
        "TaskReport",
    ):
        assert name in mpaas_push.__all__ and hasattr(mpaas_push, name)


@pytest.mark.parametrize("kind", [PushKind.BROADCAST, 3, "broadcast", "BROADCAST"])
def test_scheduler_query_kind_by_enum_int_or_name(client: Client, kind: Any) -> None:
    start = dt.datetime(2026, 12, 1, tzinfo=CHINA)
    end = dt.datetime(2026, 12, 31, tzinfo=dt.timezone.utc)
    got = wire(
        client,
        "QueryPushSchedulerList",
        {"appId": "ONEX570DA89211721", "workspaceId": "test", "startTime": start, "endTime": end, "type": kind},
    )
    assert got == {**WIRE_TARGET, "StartTime": "1796054400000", "EndTime": "1798675200000", "Type": "3"}


def test_keyword_datetimes_reach_the_core_exactly(client: Client) -> None:
    """Aware datetimes keep their millisecond (seen in the core's error
    value for a keyword call, and on the wire of a dry run)."""
    start = dt.datetime(2026, 12, 1, 9, 30, 15, 250000, tzinfo=CHINA)
    # end before start: refused by the core, naming the converted value.
    with raises(ValidationError, field="endTime", rule="time_order") as info:
        client.query_schedulers(**TARGET, start=start, end=start - dt.timedelta(milliseconds=1), kind="batch")
    assert info.value.value == str(int(start.timestamp() * 1000) - 1)
    got = wire(client, "query_push_scheduler_list", {
        "appId": "ONEX570DA89211721", "workspaceId": "test", "startTime": start,
        "endTime": start + dt.timedelta(days=1), "type": PushKind.BATCH, "uniqueId": 1000001,
        "pageNumber": 2, "pageSize": 50, "tenantId": "t-1",
    })
    assert got == {
        **WIRE_TARGET, "StartTime": "1796088615250", "EndTime": "1796175015250", "Type": "2",
        "UniqueId": "1000001", "PageNumber": "2", "PageSize": "50", "TenantId": "t-1",
    }


def test_rules_are_the_cores(client: Client) -> None:
    start = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    with raises(ValidationError, field="pageSize", rule="range", maybe_sent=False):
        client.query_schedulers(**TARGET, start=start, end=start, page_size=501)
    with raises(ValidationError, field="type"):
        client.query_schedulers(**TARGET, start=start, end=start, kind="nonsense")
    with raises(ValidationError, field="uniqueIds", rule="not_empty"):
        client.cancel_schedulers(**TARGET, unique_ids=[])
    with raises(ValidationError, field="uniqueIds[1]", rule="unique"):
        client.cancel_schedulers(**TARGET, unique_ids=("1000001", "1000001"))
    with raises(ValidationError, field="taskId", rule="not_blank"):
        client.task_detail(**TARGET, task_id=" ")
    with raises(ValidationError, field="appId", rule="required"):
        client.task_detail({"workspaceId": "test", "taskId": "1"})
    with raises(ValidationError, field="pageNumber", rule="min"):
        client.task_list(**TARGET, start=start, page_number=0)
    with raises(ValidationError, field="targetId", rule="required"):
        client.revoke_message({"appId": "A", "workspaceId": "W", "messageId": "m"})


def test_revoke_window_is_checked_before_sending(client: Client) -> None:
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=8)
    with raises(ValidationError, field="sentAt", rule="revoke_window", maybe_sent=False, attempts=0):
        client.revoke_task(**TARGET, task_id="1000001", sent_at=old)
    # Exactly 7 days before the pinned "now" is still inside; one second more is not.
    ok = {"appId": "A", "workspaceId": "W", "taskId": 1000001, "sentAt": dt.datetime(2026, 11, 21, 4, tzinfo=dt.timezone.utc)}
    assert wire(client, "RevokePushTask", ok) == {"AppId": "A", "WorkspaceId": "W", "TaskId": "1000001"}
    with raises(ValidationError, field="sentAt", rule="revoke_window"):
        client.prepare("RevokePushTask", {**ok, "sentAt": dt.datetime(2026, 11, 21, 11, 59, 59, tzinfo=CHINA)}, timestamp=NOW)


def test_prepare_covers_push_broadcast_too(client: Client) -> None:
    req = load("valid-requests.json")["cases"][0]["request"]
    pinned: Dict[str, Any] = {"nonce": "3156853299f313e23d1673dc12e1703d", "timestamp": NOW}
    generic = client.prepare("push_broadcast", req, **pinned)
    assert generic == client.prepare_broadcast(request=req, **pinned)
    assert generic.signed_params["Action"] == "PushBroadcast"


def test_cancel_ids_and_id_kind(client: Client) -> None:
    base = {"appId": "A", "workspaceId": "W"}
    assert wire(client, "CancelPushScheduler", {**base, "uniqueIds": ["1", 2], "type": UniqueIdKind.CHILD}) == {
        "AppId": "A", "WorkspaceId": "W", "UniqueIds": "1,2", "Type": "1",
    }
    assert wire(client, "cancel_push_scheduler", {**base, "uniqueIds": "1000001", "type": "parent"})["Type"] == "0"


def test_naive_datetimes_are_refused_by_the_core(client: Client) -> None:
    naive = dt.datetime(2026, 12, 1)
    with raises(ValidationError, field="startTime", rule="type"):
        client.query_schedulers(**TARGET, start=naive, end=dt.datetime.now(dt.timezone.utc))
    with raises(ValidationError, field="sentAt", rule="type"):
        client.revoke_task(**TARGET, task_id="1", sent_at=naive)
    with raises(ValidationError, field="startTime", rule="type"):
        client.prepare("QueryPushAnalysisTaskList", {"appId": "A", "workspaceId": "W", "startTime": naive})
    with raises(ValidationError, field="timestamp", rule="time_format"):
        client.prepare("QueryPushAnalysisTaskDetail", {"appId": "A", "workspaceId": "W", "taskId": "1"}, timestamp=naive)


def test_argument_errors(client: Client) -> None:
    with pytest.raises(TypeError, match="not both"):
        client.task_detail({"appId": "A", "workspaceId": "W", "taskId": "1"}, task_id="2")
    with pytest.raises(TypeError, match="two keywords set the field \"taskId\""):
        client.task_detail(**TARGET, task_id="1", taskId="1")  # type: ignore[call-arg]
    with raises(ValidationError, field="messageId", rule="type", value="object"):
        client.prepare("RevokePushMessage", {"appId": "A", "workspaceId": "W", "messageId": object(), "targetId": "t"})
    with raises(ValidationError, field="request", rule="type"):
        client.prepare("RevokePushMessage", [1, 2])  # type: ignore[arg-type]
    with raises(ConfigError, code="config", field="action", rule="one_of") as info:
        client.prepare("PushSomething", {})
    assert "QueryPushSchedulerList" in str(info.value)


def test_iterators_raise_argument_errors_at_the_call(client: Client) -> None:
    with pytest.raises(TypeError):
        client.iter_scheduled_tasks({"appId": "A"}, app_id="A")
    with raises(ValidationError, field="startTime", rule="type"):
        client.aiter_task_reports(**TARGET, start=dt.datetime(2026, 1, 1))
    # Nothing is sent before iterating; a closed client is refused at once.
    client.close()
    with raises(ConfigError, code="config"):
        client.iter_task_reports(**TARGET, start=0)


async def test_async_variants_fail_like_the_sync_ones(client: Client) -> None:
    with raises(ValidationError, field="uniqueIds[0]", rule="no_comma"):
        await client.cancel_schedulers_async(**TARGET, unique_ids=["1,2"])
    with raises(ValidationError, field="endTime", rule="required"):
        await client.query_schedulers_async({"appId": "A", "workspaceId": "W", "startTime": 0})
    with raises(ValidationError, field="startTime", rule="min"):
        async for _ in client.aiter_scheduled_tasks(**TARGET, start=-1, end=0):
            pass


def test_every_companion_method_is_documented_and_has_an_async_twin() -> None:
    names = ["query_schedulers", "cancel_schedulers", "revoke_task", "revoke_message", "task_detail", "task_list"]
    for name in names:
        sync, async_ = getattr(Client, name), getattr(Client, name + "_async")
        assert inspect.iscoroutinefunction(async_), name
        assert sync.__doc__ and async_.__doc__, name
        assert list(inspect.signature(sync).parameters) == list(inspect.signature(async_).parameters), name
    for it, ait in (("iter_scheduled_tasks", "aiter_scheduled_tasks"), ("iter_task_reports", "aiter_task_reports")):
        assert getattr(Client, it).__doc__ and getattr(Client, ait).__doc__
    for cls in (SchedulerPage, ScheduledTask, CancelResult, RevokeResult, TaskDetail, TaskListPage, TaskReport):
        assert cls.__doc__ and cls.__module__ == "mpaas_push"


def test_results_are_frozen_classes_of_the_core(client: Client) -> None:
    """Results come from the core's typed structs: attribute access,
    equality, a keyword repr, no mutation, no construction from Python."""
    req = {"appId": "A", "workspaceId": "W", "taskId": "1000001"}
    p = client.prepare("RevokePushTask", req, timestamp=NOW, nonce="n")
    assert p == client.prepare("revoke_push_task", req, timestamp=NOW, nonce="n")
    assert repr(p).startswith("PreparedRequest(method='POST', url='https://")
    assert isinstance(p.headers, dict) and isinstance(p.signed_params, dict)
    with pytest.raises(AttributeError):
        p.body = "x"  # type: ignore[misc]
    for cls in (SchedulerPage, ScheduledTask, CancelResult, RevokeResult, TaskDetail, TaskListPage, TaskReport):
        with pytest.raises(TypeError):
            cls()
