"""What a broadcast leaves behind: list and cancel scheduled tasks, revoke a
task or a message, read delivery figures, and the dry run of any action.

These are methods of :class:`mpaas_push.Client` (mixed in from here). Each
takes snake_case keywords or the neutral camelCase dict as ``request``;
both become neutral JSON that the core reads and checks, so every rule and
every paging decision lives in the core. Only conversions happen here:
timezone-aware ``datetime`` → RFC 3339 text, enum members → their values,
result JSON → dataclasses."""

from __future__ import annotations

import datetime as _dt
import json
from typing import (
    Any,
    AsyncIterator,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    TYPE_CHECKING,
    Optional,
    TypeVar,
    Union,
    overload,
)

from . import _native, _text
from ._aio import _await_call
from ._enums import PushKind, UniqueIdKind
from ._types import PreparedRequest

if TYPE_CHECKING:  # the result classes load on first use: `import mpaas_push` stays fast
    from ._results import (
        CancelResult,
        RevokeResult,
        ScheduledTask,
        SchedulerPage,
        TaskDetail,
        TaskListPage,
        TaskReport,
    )


def _scheduler_page(d: Dict[str, Any]) -> SchedulerPage:
    from ._results import SchedulerPage

    return SchedulerPage._from_json(d)


def _cancel_result(d: Dict[str, Any]) -> CancelResult:
    from ._results import CancelResult

    return CancelResult._from_json(d)


def _revoke_result(d: Dict[str, Any]) -> RevokeResult:
    from ._results import RevokeResult

    return RevokeResult._from_json(d)


def _task_detail(d: Dict[str, Any]) -> TaskDetail:
    from ._results import TaskDetail

    return TaskDetail._from_json(d)


def _task_list_page(d: Dict[str, Any]) -> TaskListPage:
    from ._results import TaskListPage

    return TaskListPage._from_json(d)

__all__: List[str] = []

#: A point in time: a timezone-aware ``datetime``, integer milliseconds since
#: the epoch, or RFC 3339 text.
TimeLike = Union[_dt.datetime, int, str]
#: A task kind: :class:`PushKind`, its int or its name (``"broadcast"``).
KindLike = Union[PushKind, int, str]
#: An id kind: :class:`UniqueIdKind`, its int or its name (``"child"``).
IdKindLike = Union[UniqueIdKind, int, str]
#: A task or scheduler id (ids are text on the wire; ints are accepted).
Id = Union[str, int]

_SCHEDULERS = "QueryPushSchedulerList"
_CANCEL = "CancelPushScheduler"
_REVOKE_TASK = "RevokePushTask"
_REVOKE_MESSAGE = "RevokePushMessage"
_TASK_DETAIL = "QueryPushAnalysisTaskDetail"
_TASK_LIST = "QueryPushAnalysisTaskList"

#: snake_case keyword → neutral camelCase field, for every companion action.
_FIELDS: Dict[str, str] = {
    "app_id": "appId",
    "workspace_id": "workspaceId",
    "tenant_id": "tenantId",
    "start": "startTime",
    "end": "endTime",
    "kind": "type",
    "id_kind": "type",
    "unique_id": "uniqueId",
    "unique_ids": "uniqueIds",
    "page_number": "pageNumber",
    "page_size": "pageSize",
    "task_id": "taskId",
    "task_name": "taskName",
    "sent_at": "sentAt",
    "message_id": "messageId",
    "target_id": "targetId",
}

R = TypeVar("R")


def _rfc3339(name: str, t: _dt.datetime) -> str:
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime (e.g. tzinfo=datetime.timezone.utc)")
    return t.astimezone(_dt.timezone.utc).isoformat()


def _timestamp(ts: Union[None, str, _dt.datetime]) -> Optional[str]:
    """A dry run's pinned time as ``YYYY-MM-DDThh:mm:ssZ`` (text as given)."""
    if ts is None or isinstance(ts, str):
        return ts
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware")
    return ts.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _neutral(name: str, value: Any) -> Any:
    """Datetimes → RFC 3339, enum members → values, other iterables (ids)
    → lists; anything else goes to the core unchanged, which names what is
    wrong with it."""
    if isinstance(value, _dt.datetime):
        return _rfc3339(name, value)
    if isinstance(value, (str, int, float, bool, type(None))):
        # IntEnum / str-Enum members are ints / strs: JSON writes their values.
        return value
    if isinstance(value, Mapping):
        return {k: _neutral(f"{name}.{k}", v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_neutral(f"{name}[{i}]", v) for i, v in enumerate(value)]
    if hasattr(value, "value") and hasattr(type(value), "__members__"):
        return value.value
    return value


def _converted(field: Any, name: str, value: Any) -> Any:
    """``_neutral(name, value)`` for the request field ``field``; a value
    nested beyond Python's recursion limit is a ``ValidationError``."""
    try:
        return _neutral(name, value)
    except RecursionError:
        raise _text.too_deep(str(field)) from None


def _body(request: Optional[Mapping[str, Any]], fields: Mapping[str, Any]) -> Dict[str, Any]:
    """The neutral request: ``request`` as given, or the keywords that are
    not ``None`` under their camelCase names."""
    given = {k: v for k, v in fields.items() if v is not None}
    if request is not None:
        if given:
            raise TypeError("pass either request=<neutral camelCase dict> or keyword fields, not both")
        if not isinstance(request, Mapping):
            # The core names it (field "request", rule "type").
            return request
        return {k: _converted(k, str(k), v) for k, v in request.items()}
    return {_FIELDS[k]: _converted(_FIELDS[k], k, v) for k, v in given.items()}


def _encode(body: Any) -> str:
    return _text.request_json(body)


def _page_from(body: Any, number: int) -> Any:
    """The same request asking for page ``number`` (the core's ``nextPage``)."""
    return {**body, "pageNumber": number}


class _ManageMixin:
    """The companion actions of :class:`mpaas_push.Client`."""

    _native: _native.NativeClient

    # --- plumbing ---------------------------------------------------------

    def _call(self, action: str, body: Any, parse: Callable[[Dict[str, Any]], R]) -> R:
        return parse(json.loads(self._native.call(action, _encode(body))))

    async def _acall(self, action: str, body: Any, parse: Callable[[Dict[str, Any]], R]) -> R:
        text = _encode(body)
        native = self._native
        result = await _await_call(lambda bridge, future: native.call_async(action, text, bridge, future))
        return parse(json.loads(result))

    # --- QueryPushSchedulerList --------------------------------------------

    @overload
    def query_schedulers(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        end: TimeLike,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> SchedulerPage: ...
    @overload
    def query_schedulers(self, request: Mapping[str, Any]) -> SchedulerPage: ...
    def query_schedulers(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        end: Optional[TimeLike] = None,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> SchedulerPage:
        """One page of the scheduled tasks whose trigger time lies between
        ``start`` and ``end`` (``QueryPushSchedulerList``; read-only, so
        retried after any transient failure).

        ``start``/``end`` are timezone-aware datetimes (or epoch ms, or RFC
        3339 text); ``kind`` a :class:`PushKind`, its int or name;
        ``unique_id`` a parent id (lists its runs) or a run id;
        ``page_number`` from 1, ``page_size`` 1–500 (service default 500).
        Blocking; the GIL is released meanwhile. See
        :meth:`iter_scheduled_tasks` to walk every page."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, end=end, kind=kind,
                                   unique_id=unique_id, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        return self._call(_SCHEDULERS, body, _scheduler_page)

    @overload
    async def query_schedulers_async(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        end: TimeLike,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> SchedulerPage: ...
    @overload
    async def query_schedulers_async(self, request: Mapping[str, Any]) -> SchedulerPage: ...
    async def query_schedulers_async(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        end: Optional[TimeLike] = None,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> SchedulerPage:
        """The asyncio variant of :meth:`query_schedulers`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, end=end, kind=kind,
                                   unique_id=unique_id, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        return await self._acall(_SCHEDULERS, body, _scheduler_page)

    @overload
    def iter_scheduled_tasks(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        end: TimeLike,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> Iterator[ScheduledTask]: ...
    @overload
    def iter_scheduled_tasks(self, request: Mapping[str, Any]) -> Iterator[ScheduledTask]: ...
    def iter_scheduled_tasks(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        end: Optional[TimeLike] = None,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> Iterator[ScheduledTask]:
        """Every scheduled task matching the query (the arguments of
        :meth:`query_schedulers`), fetching page after page (from
        ``page_number`` on) as the iteration reaches them; it stops after the
        page whose ``next_page`` is ``None``, or raises the first error.

        >>> for task in client.iter_scheduled_tasks(app_id="ONEX570DA89211721",  # doctest: +SKIP
        ...         workspace_id="default", start=now, end=now + dt.timedelta(days=30)):
        ...     print(task.unique_id, task.push_time)
        """
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, end=end, kind=kind,
                                   unique_id=unique_id, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        return self._iter(_SCHEDULERS, body, _scheduler_page)

    def _iter(self, action: str, body: Any, parse: Callable[[Dict[str, Any]], Any]) -> Iterator[Any]:
        # A generator of its own, so that the public method raises argument
        # errors at the call and requests are made as the iteration advances.
        while True:
            page = self._call(action, body, parse)
            yield from page.tasks
            if page.next_page is None:
                return
            body = _page_from(body, page.next_page)

    async def _aiter(self, action: str, body: Any, parse: Callable[[Dict[str, Any]], Any]) -> AsyncIterator[Any]:
        while True:
            page = await self._acall(action, body, parse)
            for task in page.tasks:
                yield task
            if page.next_page is None:
                return
            body = _page_from(body, page.next_page)

    @overload
    def aiter_scheduled_tasks(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        end: TimeLike,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> AsyncIterator[ScheduledTask]: ...
    @overload
    def aiter_scheduled_tasks(self, request: Mapping[str, Any]) -> AsyncIterator[ScheduledTask]: ...
    def aiter_scheduled_tasks(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        end: Optional[TimeLike] = None,
        kind: Optional[KindLike] = None,
        unique_id: Optional[Id] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> AsyncIterator[ScheduledTask]:
        """The asyncio variant of :meth:`iter_scheduled_tasks`:
        ``async for task in client.aiter_scheduled_tasks(...)``."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, end=end, kind=kind,
                                   unique_id=unique_id, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        result: AsyncIterator[ScheduledTask] = self._aiter(_SCHEDULERS, body, _scheduler_page)
        return result

    # --- CancelPushScheduler --------------------------------------------------

    @overload
    def cancel_schedulers(
        self,
        *,
        app_id: str,
        workspace_id: str,
        unique_ids: Union[Id, Iterable[Id]],
        id_kind: Optional[IdKindLike] = None,
        tenant_id: Optional[str] = None,
    ) -> CancelResult: ...
    @overload
    def cancel_schedulers(self, request: Mapping[str, Any]) -> CancelResult: ...
    def cancel_schedulers(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        unique_ids: Union[None, Id, Iterable[Id]] = None,
        id_kind: Optional[IdKindLike] = None,
        tenant_id: Optional[str] = None,
    ) -> CancelResult:
        """Cancels scheduled tasks (``CancelPushScheduler``): ``unique_ids``
        is one id or several (task ids as :meth:`push_broadcast` returns
        them, or the run ids of :meth:`iter_scheduled_tasks` with
        ``id_kind=UniqueIdKind.CHILD``). A write: after a failure that may
        have reached the service it is not retried (``error.maybe_sent``)
        unless the retry policy opts in."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, unique_ids=unique_ids,
                                   id_kind=id_kind, tenant_id=tenant_id))
        return self._call(_CANCEL, body, _cancel_result)

    @overload
    async def cancel_schedulers_async(
        self,
        *,
        app_id: str,
        workspace_id: str,
        unique_ids: Union[Id, Iterable[Id]],
        id_kind: Optional[IdKindLike] = None,
        tenant_id: Optional[str] = None,
    ) -> CancelResult: ...
    @overload
    async def cancel_schedulers_async(self, request: Mapping[str, Any]) -> CancelResult: ...
    async def cancel_schedulers_async(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        unique_ids: Union[None, Id, Iterable[Id]] = None,
        id_kind: Optional[IdKindLike] = None,
        tenant_id: Optional[str] = None,
    ) -> CancelResult:
        """The asyncio variant of :meth:`cancel_schedulers`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, unique_ids=unique_ids,
                                   id_kind=id_kind, tenant_id=tenant_id))
        return await self._acall(_CANCEL, body, _cancel_result)

    # --- RevokePushTask -------------------------------------------------------

    @overload
    def revoke_task(
        self,
        *,
        app_id: str,
        workspace_id: str,
        task_id: Id,
        sent_at: Optional[TimeLike] = None,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult: ...
    @overload
    def revoke_task(self, request: Mapping[str, Any]) -> RevokeResult: ...
    def revoke_task(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        task_id: Optional[Id] = None,
        sent_at: Optional[TimeLike] = None,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult:
        """Withdraws the messages of a broadcast (or batch) task
        (``RevokePushTask``). The service only reaches messages of the last
        7 days: give ``sent_at`` (when the task was pushed, timezone-aware;
        not sent on the wire) and an older task is refused before sending
        (``ValidationError``, field ``sentAt``, rule ``revoke_window``). A
        refusal by the service raises :class:`PushFailedError`. A write,
        retried like :meth:`cancel_schedulers`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, task_id=task_id, sent_at=sent_at,
                                   tenant_id=tenant_id))
        return self._call(_REVOKE_TASK, body, _revoke_result)

    @overload
    async def revoke_task_async(
        self,
        *,
        app_id: str,
        workspace_id: str,
        task_id: Id,
        sent_at: Optional[TimeLike] = None,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult: ...
    @overload
    async def revoke_task_async(self, request: Mapping[str, Any]) -> RevokeResult: ...
    async def revoke_task_async(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        task_id: Optional[Id] = None,
        sent_at: Optional[TimeLike] = None,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult:
        """The asyncio variant of :meth:`revoke_task`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, task_id=task_id, sent_at=sent_at,
                                   tenant_id=tenant_id))
        return await self._acall(_REVOKE_TASK, body, _revoke_result)

    # --- RevokePushMessage ----------------------------------------------------

    @overload
    def revoke_message(
        self,
        *,
        app_id: str,
        workspace_id: str,
        message_id: str,
        target_id: str,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult: ...
    @overload
    def revoke_message(self, request: Mapping[str, Any]) -> RevokeResult: ...
    def revoke_message(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        message_id: Optional[str] = None,
        target_id: Optional[str] = None,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult:
        """Withdraws one message of a simple or template push
        (``RevokePushMessage``): ``message_id`` is the msgkey it was sent
        with, ``target_id`` the device or user id it went to. A refusal by
        the service raises :class:`PushFailedError`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, message_id=message_id,
                                   target_id=target_id, tenant_id=tenant_id))
        return self._call(_REVOKE_MESSAGE, body, _revoke_result)

    @overload
    async def revoke_message_async(
        self,
        *,
        app_id: str,
        workspace_id: str,
        message_id: str,
        target_id: str,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult: ...
    @overload
    async def revoke_message_async(self, request: Mapping[str, Any]) -> RevokeResult: ...
    async def revoke_message_async(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        message_id: Optional[str] = None,
        target_id: Optional[str] = None,
        tenant_id: Optional[str] = None,
    ) -> RevokeResult:
        """The asyncio variant of :meth:`revoke_message`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, message_id=message_id,
                                   target_id=target_id, tenant_id=tenant_id))
        return await self._acall(_REVOKE_MESSAGE, body, _revoke_result)

    # --- QueryPushAnalysisTaskDetail ----------------------------------------

    @overload
    def task_detail(
        self, *, app_id: str, workspace_id: str, task_id: Id, tenant_id: Optional[str] = None
    ) -> TaskDetail: ...
    @overload
    def task_detail(self, request: Mapping[str, Any]) -> TaskDetail: ...
    def task_detail(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        task_id: Optional[Id] = None,
        tenant_id: Optional[str] = None,
    ) -> TaskDetail:
        """Delivery figures of one task (``QueryPushAnalysisTaskDetail``;
        read-only, retried after any transient failure)."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, task_id=task_id, tenant_id=tenant_id))
        return self._call(_TASK_DETAIL, body, _task_detail)

    @overload
    async def task_detail_async(
        self, *, app_id: str, workspace_id: str, task_id: Id, tenant_id: Optional[str] = None
    ) -> TaskDetail: ...
    @overload
    async def task_detail_async(self, request: Mapping[str, Any]) -> TaskDetail: ...
    async def task_detail_async(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        task_id: Optional[Id] = None,
        tenant_id: Optional[str] = None,
    ) -> TaskDetail:
        """The asyncio variant of :meth:`task_detail`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, task_id=task_id, tenant_id=tenant_id))
        return await self._acall(_TASK_DETAIL, body, _task_detail)

    # --- QueryPushAnalysisTaskList ------------------------------------------

    @overload
    def task_list(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> TaskListPage: ...
    @overload
    def task_list(self, request: Mapping[str, Any]) -> TaskListPage: ...
    def task_list(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> TaskListPage:
        """One page of the tasks created since ``start`` with their
        sub-tasks (``QueryPushAnalysisTaskList``; read-only). ``task_id`` /
        ``task_name`` narrow it; ``page_number`` from 1, ``page_size`` 1–500.
        See :meth:`iter_task_reports` to walk every page."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, task_id=task_id,
                                   task_name=task_name, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        return self._call(_TASK_LIST, body, _task_list_page)

    @overload
    async def task_list_async(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> TaskListPage: ...
    @overload
    async def task_list_async(self, request: Mapping[str, Any]) -> TaskListPage: ...
    async def task_list_async(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> TaskListPage:
        """The asyncio variant of :meth:`task_list`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, task_id=task_id,
                                   task_name=task_name, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        return await self._acall(_TASK_LIST, body, _task_list_page)

    @overload
    def iter_task_reports(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> Iterator[TaskReport]: ...
    @overload
    def iter_task_reports(self, request: Mapping[str, Any]) -> Iterator[TaskReport]: ...
    def iter_task_reports(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> Iterator[TaskReport]:
        """Every task report matching the query (the arguments of
        :meth:`task_list`), page after page as the iteration reaches them."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, task_id=task_id,
                                   task_name=task_name, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        return self._iter(_TASK_LIST, body, _task_list_page)

    @overload
    def aiter_task_reports(
        self,
        *,
        app_id: str,
        workspace_id: str,
        start: TimeLike,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> AsyncIterator[TaskReport]: ...
    @overload
    def aiter_task_reports(self, request: Mapping[str, Any]) -> AsyncIterator[TaskReport]: ...
    def aiter_task_reports(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        app_id: Optional[str] = None,
        workspace_id: Optional[str] = None,
        start: Optional[TimeLike] = None,
        task_id: Optional[Id] = None,
        task_name: Optional[str] = None,
        page_number: Optional[int] = None,
        page_size: Optional[int] = None,
        tenant_id: Optional[str] = None,
    ) -> AsyncIterator[TaskReport]:
        """The asyncio variant of :meth:`iter_task_reports`."""
        body = _body(request, dict(app_id=app_id, workspace_id=workspace_id, start=start, task_id=task_id,
                                   task_name=task_name, page_number=page_number, page_size=page_size,
                                   tenant_id=tenant_id))
        result: AsyncIterator[TaskReport] = self._aiter(_TASK_LIST, body, _task_list_page)
        return result

    # --- dry run of any action ----------------------------------------------

    def prepare(
        self,
        action: str,
        request: Mapping[str, Any],
        *,
        nonce: Optional[str] = None,
        timestamp: Union[None, str, _dt.datetime] = None,
    ) -> PreparedRequest:
        """Dry run of any action: validates and signs ``request`` (the
        neutral camelCase dict; datetimes are converted) without sending,
        and returns the exact HTTP request. ``action`` is the wire name
        (``"QueryPushSchedulerList"``) or its snake_case form
        (``"query_push_scheduler_list"``); an unknown one raises
        ``ConfigError``. ``nonce`` and ``timestamp`` pin the signature (the
        timestamp is also "now" for validation, e.g. of the revoke window).

        >>> client.prepare("RevokePushTask", {"appId": "ONEX570DA89211721",  # doctest: +SKIP
        ...     "workspaceId": "default", "taskId": "1000001"}).body
        'AppId=ONEX570DA89211721&TaskId=1000001&WorkspaceId=default'
        """
        text = self._native.prepare(
            _text.arg(action, "action", "config"),
            _encode(_body(request, {})),
            _text.arg(nonce, "nonce"),
            _text.arg(_timestamp(timestamp), "timestamp"),
        )
        return PreparedRequest._from_json(json.loads(text))
