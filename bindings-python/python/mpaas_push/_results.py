"""Typed results of the companion actions (list and cancel scheduled tasks,
revoke, delivery figures), read from the core's result JSON. Times arrive
as milliseconds since the epoch and become UTC-aware ``datetime`` objects;
enumerations stay the service's integers (with typed accessors), so a value
the service adds later never breaks a result."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ._enums import DeliveryType, PushKind

__all__ = [
    "ScheduledTask",
    "SchedulerPage",
    "CancelResult",
    "RevokeResult",
    "TaskDetail",
    "TaskReport",
    "TaskListPage",
]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def _time(ms: Any) -> Optional[_dt.datetime]:
    """Epoch ms → UTC-aware datetime; ``None`` when absent or outside the
    years 1–9999 that ``datetime`` can hold."""
    if ms is None:
        return None
    try:
        return _EPOCH + _dt.timedelta(milliseconds=int(ms))
    except OverflowError:
        return None


def _enum(cls: Any, value: Optional[int]) -> Any:
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class ScheduledTask:
    """One scheduled task, or one run of a recurring task
    (``QueryPushSchedulerList``)."""

    unique_id: str
    """``UniqueId``: the task id (fixed-time task) or the run id (recurring);
    what :meth:`Client.cancel_schedulers` takes."""
    parent_id: Optional[str]
    """``ParentId``: the task a run belongs to."""
    push_time: Optional[_dt.datetime]
    """``PushTime``: when it is (or was) due, UTC."""
    push_title: Optional[str]
    """``PushTitle``."""
    push_content: Optional[str]
    """``PushContent``."""
    kind: Optional[int]
    """``Type``: 0 simple, 1 template, 2 batch, 3 broadcast (see :attr:`push_kind`)."""
    delivery_type: Optional[int]
    """``DeliveryType``: 1 Android, 2 iOS, 3 user id, 7 HarmonyOS (see :attr:`delivery`)."""
    strategy_type: Optional[int]
    """``StrategyType``: 1 at a fixed time, 2 recurring."""
    executed: bool
    """``ExecutedStatus`` = 1: the push went out."""
    create_type: Optional[int]
    """``CreateType``: how the task was created (service-defined)."""
    created_at: Optional[_dt.datetime]
    """``GmtCreate``: when the task was created, UTC."""

    @property
    def push_kind(self) -> Optional[PushKind]:
        """:attr:`kind` as a :class:`PushKind` (``None`` if undocumented)."""
        result: Optional[PushKind] = _enum(PushKind, self.kind)
        return result

    @property
    def delivery(self) -> Optional[DeliveryType]:
        """:attr:`delivery_type` as a :class:`DeliveryType` (user-id pushes have none)."""
        result: Optional[DeliveryType] = _enum(DeliveryType, self.delivery_type)
        return result

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "ScheduledTask":
        return cls(
            unique_id=d["uniqueId"],
            parent_id=d.get("parentId"),
            push_time=_time(d.get("pushTime")),
            push_title=d.get("pushTitle"),
            push_content=d.get("pushContent"),
            kind=d.get("type"),
            delivery_type=d.get("deliveryType"),
            strategy_type=d.get("strategyType"),
            executed=bool(d.get("executed", False)),
            create_type=d.get("createType"),
            created_at=_time(d.get("createdAt")),
        )


@dataclass(frozen=True)
class SchedulerPage:
    """One page of ``QueryPushSchedulerList``."""

    request_id: str
    """``RequestId`` of the response."""
    total_count: int
    """``TotalCount``: tasks matching the query, over all pages."""
    page_number: int
    """The page returned (from 1)."""
    page_size: int
    """The page size in effect (the service default is 500)."""
    tasks: List[ScheduledTask]
    """The tasks of this page."""
    next_page: Optional[int]
    """The next page's number, ``None`` on the last page."""

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "SchedulerPage":
        return cls(
            request_id=d["requestId"],
            total_count=d["totalCount"],
            page_number=d["pageNumber"],
            page_size=d["pageSize"],
            tasks=[ScheduledTask._from_json(t) for t in d["tasks"]],
            next_page=d.get("nextPage"),
        )


@dataclass(frozen=True)
class CancelResult:
    """Result of ``CancelPushScheduler``."""

    request_id: str
    """``RequestId`` of the response."""
    result_code: Optional[str]
    """``ResultCode`` (normally ``"OK"``)."""
    result_message: Optional[str]
    """``ResultMessage``."""
    content: Optional[str]
    """``ResultContent``: the service's text about what was cancelled."""

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "CancelResult":
        return cls(
            request_id=d["requestId"],
            result_code=d.get("resultCode"),
            result_message=d.get("resultMessage"),
            content=d.get("content"),
        )


@dataclass(frozen=True)
class RevokeResult:
    """Result of ``RevokePushTask`` / ``RevokePushMessage`` (the service
    reported ``PushResult.Success``)."""

    request_id: str
    """``RequestId`` of the response."""
    result_code: Optional[str]
    """``ResultCode`` (normally ``"OK"``)."""
    result_message: Optional[str]
    """``ResultMessage``."""
    data: Optional[str]
    """``PushResult.Data``, when not empty."""
    push_result_message: Optional[str]
    """``PushResult.ResultMsg``."""

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "RevokeResult":
        return cls(
            request_id=d["requestId"],
            result_code=d.get("resultCode"),
            result_message=d.get("resultMessage"),
            data=d.get("data"),
            push_result_message=d.get("pushResultMessage"),
        )


@dataclass(frozen=True)
class TaskDetail:
    """Delivery figures of one task (``QueryPushAnalysisTaskDetail``)."""

    request_id: str
    """``RequestId`` of the response."""
    task_id: str
    """``TaskId``."""
    start_time: Optional[_dt.datetime]
    """``StartTime``: when delivery started, UTC."""
    end_time: Optional[_dt.datetime]
    """``EndTime``: when delivery ended, UTC."""
    duration: Optional[str]
    """``Duration``, as the service words it."""
    push_num: int
    """``PushNum``: messages pushed."""
    push_success_num: int
    """``PushSuccessNum``: messages pushed successfully."""
    push_arrival_num: float
    """``PushArrivalNum``: messages that arrived on devices."""

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "TaskDetail":
        return cls(
            request_id=d["requestId"],
            task_id=d["taskId"],
            start_time=_time(d.get("startTime")),
            end_time=_time(d.get("endTime")),
            duration=d.get("duration"),
            push_num=d["pushNum"],
            push_success_num=d["pushSuccessNum"],
            push_arrival_num=float(d["pushArrivalNum"]),
        )


@dataclass(frozen=True)
class TaskReport:
    """One task of ``QueryPushAnalysisTaskList``, with its sub-tasks (the
    runs of a recurring push)."""

    task_id: str
    """``TaskId`` (pass it to :meth:`Client.task_detail` for its figures)."""
    task_name: Optional[str]
    """``TaskName``."""
    template_id: Optional[str]
    """``TemplateId``."""
    template_name: Optional[str]
    """``TemplateName``."""
    kind: Optional[int]
    """``Type``: 0 simple, 1 template, 2 batch, 3 broadcast (see :attr:`push_kind`)."""
    created_at: Optional[_dt.datetime]
    """``GmtCreate``: when the task was created, UTC."""
    sub_tasks: List["TaskReport"]
    """``List``: the sub-tasks."""

    @property
    def push_kind(self) -> Optional[PushKind]:
        """:attr:`kind` as a :class:`PushKind` (``None`` if undocumented)."""
        result: Optional[PushKind] = _enum(PushKind, self.kind)
        return result

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "TaskReport":
        return cls(
            task_id=d["taskId"],
            task_name=d.get("taskName"),
            template_id=d.get("templateId"),
            template_name=d.get("templateName"),
            kind=d.get("type"),
            created_at=_time(d.get("createdAt")),
            sub_tasks=[TaskReport._from_json(s) for s in d.get("subTasks") or []],
        )


@dataclass(frozen=True)
class TaskListPage:
    """One page of ``QueryPushAnalysisTaskList``."""

    request_id: str
    """``RequestId`` of the response."""
    page_number: int
    """The page returned (from 1)."""
    page_size: int
    """The page size in effect (the service default is 500)."""
    tasks: List[TaskReport]
    """The tasks of this page."""
    next_page: Optional[int]
    """The next page's number, ``None`` on the last page."""

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "TaskListPage":
        return cls(
            request_id=d["requestId"],
            page_number=d["pageNumber"],
            page_size=d["pageSize"],
            tasks=[TaskReport._from_json(t) for t in d["tasks"]],
            next_page=d.get("nextPage"),
        )
