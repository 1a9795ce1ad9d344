"""The companion actions through the emulator subprocess, sync and asyncio:
schedule → list (every page) → cancel → list again, the emulator's clock
moved so runs execute and produce figures, task reports, revokes (and the
revoke window refused by the service), retries of read-only queries and no
retry of writes that may have reached the service."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, Callable, Dict, List, NamedTuple, Optional

import pytest

from mpaas_push import (
    CancelResult,
    Client,
    PushFailedError,
    PushKind,
    RetryPolicy,
    RevokeResult,
    Schedule,
    ScheduledTask,
    SchedulerPage,
    ServiceError,
    TaskDetail,
    TaskListPage,
    UniqueIdKind,
    ValidationError,
)
from support import STS_ID, SECRET, TOKEN, Emulator, assert_clean, raises, request

APP = "ONEX570DA89211721"
WS = "test"
T: Dict[str, Any] = {"app_id": APP, "workspace_id": WS}
CHINA = dt.timezone(dt.timedelta(hours=8))
UTC = dt.timezone.utc
DAY = 86_400
# What the emulator reports per execution (emulator/src/controls.rs).
AUDIENCE = 1000


class Scheduled(NamedTuple):
    """A fixed-time task and a daily one of three runs, all in the future."""

    now: dt.datetime
    fixed_id: str
    fixed_at: dt.datetime
    daily_id: str
    runs: List[str]
    run_times: List[dt.datetime]

    def window(self) -> Dict[str, Any]:
        return {**T, "start": self.now - dt.timedelta(hours=1), "end": self.now + dt.timedelta(days=10)}

    def listed(self) -> List[str]:
        """Every id, in the service's order (push time, then id)."""
        entries = [(self.fixed_at, self.fixed_id)] + list(zip(self.run_times, self.runs))
        return [uid for _, uid in sorted(entries)]


def plan(now: dt.datetime) -> Dict[str, Any]:
    # Runs from tomorrow (China days), so none is due before it was created.
    first = (now.astimezone(CHINA) + dt.timedelta(days=1)).date()
    days = [first + dt.timedelta(days=i) for i in range(3)]
    return {
        "fixed_at": now + dt.timedelta(days=1),
        "daily": Schedule.daily(start=days[0], end=days[-1], time=dt.time(9, 0)),
        "days": days,
    }


def finish(now: dt.datetime, p: Dict[str, Any], fixed_id: Optional[str], daily_id: Optional[str]) -> Scheduled:
    assert fixed_id and daily_id and fixed_id != daily_id
    days: List[dt.date] = p["days"]
    return Scheduled(
        now=now,
        fixed_id=fixed_id,
        fixed_at=p["fixed_at"],
        daily_id=daily_id,
        runs=[f"{daily_id}-{d:%Y%m%d}" for d in days],
        run_times=[dt.datetime(d.year, d.month, d.day, 9, 0, tzinfo=CHINA) for d in days],
    )


def schedule(client: Client) -> Scheduled:
    now = dt.datetime.now(UTC).replace(microsecond=0)
    p = plan(now)
    fixed = client.push_broadcast(**request("fixed-1", task_name="fixed", schedule=Schedule.at(p["fixed_at"])))
    daily = client.push_broadcast(**request("daily-1", task_name="daily", schedule=p["daily"]))
    return finish(now, p, fixed.task_id, daily.task_id)


async def schedule_async(client: Client) -> Scheduled:
    now = dt.datetime.now(UTC).replace(microsecond=0)
    p = plan(now)
    fixed = await client.push_broadcast_async(**request("fixed-1", task_name="fixed", schedule=Schedule.at(p["fixed_at"])))
    daily = await client.push_broadcast_async(**request("daily-1", task_name="daily", schedule=p["daily"]))
    return finish(now, p, fixed.task_id, daily.task_id)


def check_listed(s: Scheduled, tasks: List[ScheduledTask]) -> None:
    assert [t.unique_id for t in tasks] == s.listed()
    by_id = {t.unique_id: t for t in tasks}
    fixed = by_id[s.fixed_id]
    assert (fixed.push_time, fixed.schedule_kind, fixed.parent_id) == (s.fixed_at, "fixed", s.fixed_id)
    assert fixed.push_time is not None and fixed.push_time.tzinfo is UTC
    for run, at in zip(s.runs, s.run_times):
        t = by_id[run]
        assert (t.push_time, t.parent_id, t.schedule_kind, t.executed) == (at, s.daily_id, "recurring", False)
    for t in tasks:
        assert (t.push_kind, t.kind, t.delivery_type, t.push_content) == (PushKind.BROADCAST, 3, 1, "News: hello world*~")
        assert t.created_at is not None and abs(t.created_at - s.now) < dt.timedelta(minutes=5)


def paged(emu: Emulator, action: str) -> List[Optional[str]]:
    """The `PageNumber` of each request of `action` (None: not sent)."""
    return [r["params"].get("PageNumber") for r in emu.requests(action) if r["code"] == "OK"]


def check_figures(s: Scheduled, d: TaskDetail, executed: int) -> None:
    assert d.task_id == s.daily_id and d.request_id
    assert (d.push_num, d.push_success_num, d.push_arrival_num) == (
        executed * AUDIENCE, executed * AUDIENCE * 98 // 100, executed * AUDIENCE * 0.95,
    )
    assert d.start_time == s.run_times[-executed]
    assert d.end_time == s.run_times[-1] + dt.timedelta(seconds=60)


def test_schedule_list_cancel_figures_revoke_sync(emu: Emulator) -> None:
    client = emu.client()
    s = schedule(client)

    page = client.query_schedulers(**s.window(), page_size=3)
    assert isinstance(page, SchedulerPage) and page.request_id
    assert (page.total_count, page.page_number, page.page_size, page.next_page) == (4, 1, 3, 2)
    assert [t.unique_id for t in page.tasks] == s.listed()[:3]

    tasks = list(client.iter_scheduled_tasks(**s.window(), kind=PushKind.BROADCAST, page_size=3))
    check_listed(s, tasks)
    # One page request, then the iteration's two (it follows `next_page`).
    assert paged(emu, "QueryPushSchedulerList") == [None, None, "2"]
    assert {r["params"]["Type"] for r in emu.requests("QueryPushSchedulerList")[1:]} == {"3"}

    cancelled = client.cancel_schedulers(**T, unique_ids=[s.fixed_id])
    assert isinstance(cancelled, CancelResult)
    assert (cancelled.result_code, cancelled.content) == ("OK", f"cancelled: {s.fixed_id}")
    one_run = client.cancel_schedulers(**T, unique_ids=s.runs[0], id_kind=UniqueIdKind.CHILD)
    assert one_run.content == f"cancelled: {s.runs[0]}"
    assert emu.requests("CancelPushScheduler")[1]["params"]["Type"] == "1"
    left = list(client.iter_scheduled_tasks(**s.window(), page_size=1))
    assert [t.unique_id for t in left] == s.runs[1:]
    assert paged(emu, "QueryPushSchedulerList")[-2:] == [None, "2"]

    # Three days later both remaining runs went out.
    emu.control("POST", "clock", {"advanceSeconds": 5 * DAY})
    check_figures(s, client.task_detail(**T, task_id=s.daily_id), executed=2)
    run = client.task_detail(**T, task_id=s.runs[1])
    assert (run.task_id, run.push_num, run.start_time) == (s.runs[1], AUDIENCE, s.run_times[1])
    assert [t.executed for t in client.iter_scheduled_tasks(**s.window())] == [True, True]

    reports = list(client.iter_task_reports(**T, start=s.now - dt.timedelta(hours=1), page_size=1))
    # The fixed task was cancelled before it ran: not reported.
    assert [r.task_id for r in reports] == [s.daily_id]
    (daily,) = reports
    assert (daily.task_name, daily.template_name, daily.push_kind) == ("daily", "news_tpl", PushKind.BROADCAST)
    assert [sub.task_id for sub in daily.sub_tasks] == s.runs[1:]
    assert daily.created_at is not None and abs(daily.created_at - s.now) < dt.timedelta(minutes=5)
    assert paged(emu, "QueryPushAnalysisTaskList") == [None, "2"]
    listing = client.task_list(**T, start=s.now - dt.timedelta(hours=1), task_name="daily")
    assert isinstance(listing, TaskListPage)
    assert ([t.task_id for t in listing.tasks], listing.next_page, listing.page_size) == ([s.daily_id], None, 500)

    revoked = client.revoke_task(**T, task_id=s.daily_id, sent_at=s.run_times[-1])
    assert isinstance(revoked, RevokeResult)
    assert (revoked.result_code, revoked.data, revoked.push_result_message) == ("OK", s.daily_id, "success")
    message = client.revoke_message(**T, message_id="daily-1", target_id="device-0001")
    assert message.data == "daily-1"
    rec = emu.requests("RevokePushMessage")[-1]["params"]
    assert (rec["MessageId"], rec["TargetId"]) == ("daily-1", "device-0001")
    assert "SentAt" not in emu.requests("RevokePushTask")[-1]["params"]
    stored = {t["taskId"]: t for t in emu.tasks()}
    assert stored[s.daily_id]["revokedAt"] and stored[s.fixed_id]["status"] == "cancelled"
    assert_clean(client, page, revoked)


async def test_schedule_list_cancel_figures_revoke_async(emu: Emulator) -> None:
    client = emu.client(STS_ID, SECRET, TOKEN, signature="acs3-hmac-sha256")
    s = await schedule_async(client)

    page = await client.query_schedulers_async(**s.window(), page_size=2)
    assert (page.total_count, page.next_page, len(page.tasks)) == (4, 2, 2)
    tasks = [t async for t in client.aiter_scheduled_tasks(**s.window(), page_size=2)]
    check_listed(s, tasks)
    assert paged(emu, "QueryPushSchedulerList") == [None, None, "2"]

    cancelled = await client.cancel_schedulers_async(**T, unique_ids=[s.fixed_id, s.runs[0]])
    assert cancelled.content == f"cancelled: {s.fixed_id},{s.runs[0]}"
    assert [t.unique_id async for t in client.aiter_scheduled_tasks(request={
        "appId": APP, "workspaceId": WS, "startTime": s.now, "endTime": s.now + dt.timedelta(days=10), "pageSize": 1,
    })] == s.runs[1:]

    emu.control("POST", "clock", {"advanceSeconds": 5 * DAY})
    check_figures(s, await client.task_detail_async(**T, task_id=s.daily_id), executed=2)
    reports = [r async for r in client.aiter_task_reports(**T, start=s.now - dt.timedelta(hours=1))]
    assert [(r.task_id, [x.task_id for x in r.sub_tasks]) for r in reports] == [(s.daily_id, s.runs[1:])]
    listing = await client.task_list_async(**T, start=s.now - dt.timedelta(hours=1), task_id=s.daily_id)
    assert [t.task_id for t in listing.tasks] == [s.daily_id]

    revoked = await client.revoke_task_async(**T, task_id=s.daily_id)
    assert (revoked.data, revoked.push_result_message) == (s.daily_id, "success")
    message = await client.revoke_message_async(**T, message_id="fixed-1", target_id="user-7")
    assert message.data == "fixed-1"
    recs = emu.requests()
    assert {r["signatureMethod"] for r in recs} == {"acs3-hmac-sha256"}
    assert {r["accessKeyId"] for r in recs} == {STS_ID}


async def test_cancelling_an_async_query_or_iteration_abandons_it(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "delay", "ms": 300}, "count": 2})
    client = emu.client()
    task = asyncio.ensure_future(client.task_list_async(**T, start=0))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    async def first() -> Any:
        async for t in client.aiter_task_reports(**T, start=0):
            return t
        return None

    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(first(), 0.05)
    page = await client.task_list_async(**T, start=0)
    assert (page.tasks, page.next_page) == ([], None)


# --- failures --------------------------------------------------------------


def test_revoke_after_the_window_is_refused_by_the_service(emu: Emulator) -> None:
    client = emu.client()
    sent = client.push_broadcast(**request("now-1"))
    assert sent.task_id
    emu.control("POST", "clock", {"advanceSeconds": 8 * DAY})
    with raises(PushFailedError, code="push_failed", service_code="REVOKE_WINDOW_EXPIRED", maybe_sent=True, retryable=False) as info:
        client.revoke_task(**T, task_id=sent.task_id)
    assert info.value.request_id and "7 days" in info.value.message
    # Within the window it goes through.
    emu.control("POST", "clock", {"offsetSeconds": 6 * DAY})
    assert client.revoke_task(**T, task_id=sent.task_id).data == sent.task_id


async def test_revoke_failures_async(emu: Emulator) -> None:
    client = emu.client()
    sent = await client.push_broadcast_async(**request("now-2"))
    assert sent.task_id
    emu.control("POST", "clock", {"advanceSeconds": 8 * DAY})
    with raises(PushFailedError, service_code="REVOKE_WINDOW_EXPIRED"):
        await client.revoke_task_async(**T, task_id=sent.task_id)
    with raises(PushFailedError, service_code="MESSAGE_NOT_EXIST"):
        await client.revoke_message_async(**T, message_id="never-sent", target_id="user-7")


def test_revoke_with_an_old_sent_at_sends_nothing(emu: Emulator) -> None:
    old = dt.datetime.now(UTC) - dt.timedelta(days=7, minutes=1)
    with raises(ValidationError, field="sentAt", rule="revoke_window", attempts=0, maybe_sent=False):
        emu.client().revoke_task(**T, task_id="1000001", sent_at=old)
    assert emu.requests() == []


def test_unknown_ids_are_service_refusals(emu: Emulator) -> None:
    client = emu.client()
    with raises(PushFailedError, service_code="3028", maybe_sent=True):
        client.cancel_schedulers(**T, unique_ids=["404"])
    with raises(PushFailedError, service_code="TASK_NOT_EXIST"):
        client.task_detail(**T, task_id="404")


# --- retries ---------------------------------------------------------------

# Each query about an immediate broadcast's task → the task ids it returned
# (an immediate task is never on the scheduler list).
QUERIES: Dict[str, Callable[[Client, str], List[str]]] = {
    "QueryPushSchedulerList": lambda c, _: [t.unique_id for t in c.query_schedulers(**T, start=0, end=DAY * 1000).tasks],
    "QueryPushAnalysisTaskDetail": lambda c, task: [c.task_detail(**T, task_id=task).task_id],
    "QueryPushAnalysisTaskList": lambda c, task: [t.task_id for t in c.task_list(**T, start=0, task_id=task).tasks],
}


def fault_500(emu: Emulator, action: str) -> None:
    emu.fault({"fault": {"type": "status", "status": 500}, "count": 1, "action": action})


@pytest.mark.parametrize("action", sorted(QUERIES))
def test_read_only_query_is_retried_after_a_500(emu: Emulator, action: str) -> None:
    client = emu.client()
    task = client.push_broadcast(**request("retry-1")).task_id
    assert task
    fault_500(emu, action)
    found = QUERIES[action](client, task)
    assert found == ([] if action == "QueryPushSchedulerList" else [task])
    recs = emu.requests(action)
    assert [r["status"] for r in recs] == [500, 200]
    assert recs[0]["nonce"] != recs[1]["nonce"], "re-signed"


async def test_read_only_query_is_retried_after_a_500_async(emu: Emulator) -> None:
    fault_500(emu, "QueryPushSchedulerList")
    page = await emu.client().query_schedulers_async(**T, start=0, end=1)
    assert (page.total_count, page.tasks, page.next_page) == (0, [], None)
    assert [r["status"] for r in emu.requests("QueryPushSchedulerList")] == [500, 200]


def test_cancel_after_a_500_is_not_retried(emu: Emulator) -> None:
    client = emu.client()
    when = (dt.datetime.now(UTC) + dt.timedelta(days=1)).replace(microsecond=0)
    task = client.push_broadcast(**request("c-1", schedule=Schedule.at(when))).task_id
    assert task
    fault_500(emu, "CancelPushScheduler")
    with raises(ServiceError, code="service", http_status=500, maybe_sent=True, retryable=False, attempts=1):
        client.cancel_schedulers(**T, unique_ids=[task])
    assert len(emu.requests("CancelPushScheduler")) == 1
    # The fault kept it from the service: still pending, listed, cancellable.
    assert [t["status"] for t in emu.tasks()] == ["pending"]
    assert client.cancel_schedulers(**T, unique_ids=[task]).content == f"cancelled: {task}"


async def test_revoke_after_a_500_is_not_retried_async(emu: Emulator) -> None:
    fault_500(emu, "RevokePushTask")
    with raises(ServiceError, code="service", maybe_sent=True, attempts=1):
        await emu.client().revoke_task_async(**T, task_id="1000001")
    assert len(emu.requests("RevokePushTask")) == 1


def test_cancel_retries_a_500_when_the_policy_opts_in(emu: Emulator) -> None:
    client = emu.client(retry=RetryPolicy(base_delay_ms=5, max_delay_ms=20, retry_maybe_sent=True))
    when = (dt.datetime.now(UTC) + dt.timedelta(days=1)).replace(microsecond=0)
    task = client.push_broadcast(**request("c-2", schedule=Schedule.at(when))).task_id
    fault_500(emu, "CancelPushScheduler")
    assert client.cancel_schedulers(**T, unique_ids=[str(task)]).content == f"cancelled: {task}"
    assert [r["status"] for r in emu.requests("CancelPushScheduler")] == [500, 200]
