"""The Python face of the Rust client: keyword arguments in, typed results
out. Options and requests go to the engine as they are given (snake_case
keywords or the neutral camelCase dict); every rule is the engine's."""

from __future__ import annotations

import dataclasses
from types import TracebackType
from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, Mapping, Optional, Type, Union

from . import _native
from ._native import (
    BroadcastResult,
    CancelResult,
    PreparedRequest,
    RevokeResult,
    ScheduledTask,
    SchedulerPage,
    TaskDetail,
    TaskListPage,
    TaskReport,
)

if TYPE_CHECKING:
    import datetime as _dt

    from typing_extensions import Unpack

    from ._fields import (
        BroadcastFields,
        CancelFields,
        ClientOptions,
        RevokeMessageFields,
        RevokeTaskFields,
        SchedulerQuery,
        TaskDetailFields,
        TaskListQuery,
    )

__all__ = ["Client", "RetryPolicy"]

Request = Optional[Mapping[str, Any]]
Pin = Union[None, str, "_dt.datetime"]


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """When to retry (``retry=`` of :class:`Client`; a dict with these keys
    works too). ``None`` keeps the engine's default: 3 attempts, backoff
    from 200 ms doubling up to 20 s with full jitter, and only failures the
    service cannot have acted on (unless ``retry_maybe_sent``)."""

    max_attempts: Optional[int] = None
    """Attempts in all, the first included (1 = never retry)."""
    base_delay_ms: Optional[float] = None
    """First backoff ceiling in milliseconds; doubled per retry."""
    max_delay_ms: Optional[float] = None
    """Longest wait in milliseconds (also caps ``x-acs-retry-after``)."""
    retry_maybe_sent: Optional[bool] = None
    """Also retry failures that may have reached the service (timeouts after
    sending, lost connections, 500/502/504)."""


def _options(options: Dict[str, Any]) -> Dict[str, Any]:
    retry = options.get("retry")
    if isinstance(retry, RetryPolicy):
        options["retry"] = dataclasses.asdict(retry)
    return options


class Client:
    """A Message Push Service client. Create one and share it: it is safe to
    use from many threads and asyncio tasks at once and owns one connection
    pool.

    Credentials: pass ``access_key_id``/``access_key_secret`` (and
    ``security_token`` for STS), or omit them to use the default chain
    (``ALIBABA_CLOUD_ACCESS_KEY_ID``/``ALIBABA_CLOUD_ACCESS_KEY_SECRET``/
    ``ALIBABA_CLOUD_SECURITY_TOKEN``, ``~/.aliyun/config.json``, ...).
    Options are keywords (``endpoint``, ``region``, ``signature``,
    ``api_version``, ``connect_timeout_ms`` (5000), ``read_timeout_ms``
    (10000), ``total_timeout_ms`` (30000), ``retry``, ``allow_http``,
    ``proxy`` (``"env"``, the default, ``"none"`` or a URL), ``ca_file`` (a
    PEM file of CA certificates trusted on top of the system's),
    ``user_agent_suffix``,
    ``max_response_bytes``); a bad one raises :class:`ConfigError` naming it
    (``.field``, ``.rule``).

    Besides broadcasts, the client manages what they leave behind (each with
    an ``_async`` variant): :meth:`query_schedulers` /
    :meth:`iter_scheduled_tasks`, :meth:`cancel_schedulers`,
    :meth:`revoke_task`, :meth:`revoke_message`, :meth:`task_detail` and
    :meth:`task_list` / :meth:`iter_task_reports`; :meth:`prepare` is the
    dry run of any action. Requests are snake_case keywords or the neutral
    camelCase dict as ``request``; datetimes must be timezone-aware.

    >>> with Client("id", "secret", endpoint="http://127.0.0.1:8080") as client:  # doctest: +SKIP
    ...     client.push_broadcast(app_id="ONEX570DA89211721", workspace_id="default",
    ...         delivery_type="android", msgkey="order-1", expired_seconds=300,
    ...         task_name="news", template_name="news_tpl",
    ...         template_key_value={"content": "Hello"}, bind_period="7d")
    """

    def __init__(
        self,
        access_key_id: Optional[str] = None,
        access_key_secret: Optional[str] = None,
        security_token: Optional[str] = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        keys = dict(access_key_id=access_key_id, access_key_secret=access_key_secret, security_token=security_token)
        self._native = _native.NativeClient(_options({**keys, **options}), False)

    @classmethod
    def from_env(cls, **options: Unpack[ClientOptions]) -> Client:
        """A client whose credentials come from the default chain only
        (giving a key here raises ``ConfigError``, rule ``not_allowed``)."""
        client = cls.__new__(cls)
        client._native = _native.NativeClient(_options(dict(options)), True)
        return client

    def push_broadcast(self, request: Request = None, **fields: Unpack[BroadcastFields]) -> BroadcastResult:
        """Validates, signs and sends one PushBroadcast, blocking the calling
        thread (the GIL is released meanwhile). ``schedule=`` takes a
        :class:`Schedule`. Raises a :class:`MpaasPushError` subclass on
        failure; ``error.maybe_sent`` tells whether the request may have
        reached the service."""
        return self._native.call("PushBroadcast", request, fields)

    async def push_broadcast_async(self, request: Request = None, **fields: Unpack[BroadcastFields]) -> BroadcastResult:
        """The asyncio variant of :meth:`push_broadcast` (runs on the engine's
        own runtime; the event loop is never blocked; cancelling the task
        cancels the call)."""
        return await self._native.call_async("PushBroadcast", request, fields)

    def prepare_broadcast(
        self, request: Request = None, *, nonce: Optional[str] = None, timestamp: Pin = None,
        **fields: Unpack[BroadcastFields],
    ) -> PreparedRequest:
        """Dry run: validates and signs without sending and returns the exact
        HTTP request. ``nonce`` and ``timestamp`` (RFC 3339 text or an aware
        datetime) pin the signature; the timestamp is also "now" for
        validation."""
        return self._native.prepare("PushBroadcast", request, fields, nonce, timestamp)

    def prepare(self, action: str, request: Mapping[str, Any], *, nonce: Optional[str] = None, timestamp: Pin = None) -> PreparedRequest:
        """Dry run of any action (wire name ``"QueryPushSchedulerList"`` or
        ``"query_push_scheduler_list"``; an unknown one raises
        ``ConfigError``) with the neutral camelCase ``request``; pins as in
        :meth:`prepare_broadcast`."""
        return self._native.prepare(action, request, None, nonce, timestamp)

    def query_schedulers(self, request: Request = None, **fields: Unpack[SchedulerQuery]) -> SchedulerPage:
        """One page of the scheduled tasks due between ``start`` and ``end``
        (``QueryPushSchedulerList``; read-only, retried after any transient
        failure). ``kind``: a :class:`PushKind`, its int or name;
        ``unique_id``: a parent id (lists its runs) or a run id."""
        return self._native.call("QueryPushSchedulerList", request, fields)

    async def query_schedulers_async(self, request: Request = None, **fields: Unpack[SchedulerQuery]) -> SchedulerPage:
        """The asyncio variant of :meth:`query_schedulers`."""
        return await self._native.call_async("QueryPushSchedulerList", request, fields)

    def iter_scheduled_tasks(self, request: Request = None, **fields: Unpack[SchedulerQuery]) -> Iterator[ScheduledTask]:
        """Every scheduled task of the query of :meth:`query_schedulers`,
        fetching page after page as the iteration reaches them; raises the
        first error (iterating again re-asks that page)."""
        return self._native.pager("QueryPushSchedulerList", request, fields)

    def aiter_scheduled_tasks(self, request: Request = None, **fields: Unpack[SchedulerQuery]) -> AsyncIterator[ScheduledTask]:
        """The asyncio variant of :meth:`iter_scheduled_tasks` (``async for``)."""
        return self._native.pager("QueryPushSchedulerList", request, fields)

    def cancel_schedulers(self, request: Request = None, **fields: Unpack[CancelFields]) -> CancelResult:
        """Cancels scheduled tasks (``CancelPushScheduler``): ``unique_ids``
        are task ids, or run ids with ``id_kind=UniqueIdKind.CHILD``. A
        write: not retried after a failure that may have reached the service
        unless the retry policy opts in."""
        return self._native.call("CancelPushScheduler", request, fields)

    async def cancel_schedulers_async(self, request: Request = None, **fields: Unpack[CancelFields]) -> CancelResult:
        """The asyncio variant of :meth:`cancel_schedulers`."""
        return await self._native.call_async("CancelPushScheduler", request, fields)

    def revoke_task(self, request: Request = None, **fields: Unpack[RevokeTaskFields]) -> RevokeResult:
        """Withdraws the messages of a broadcast task (``RevokePushTask``);
        ``sent_at`` (when it was pushed, not sent on the wire) lets the
        engine refuse a task beyond the service's window before sending."""
        return self._native.call("RevokePushTask", request, fields)

    async def revoke_task_async(self, request: Request = None, **fields: Unpack[RevokeTaskFields]) -> RevokeResult:
        """The asyncio variant of :meth:`revoke_task`."""
        return await self._native.call_async("RevokePushTask", request, fields)

    def revoke_message(self, request: Request = None, **fields: Unpack[RevokeMessageFields]) -> RevokeResult:
        """Withdraws one message (``RevokePushMessage``): ``message_id`` is
        the msgkey it was sent with, ``target_id`` the device or user id."""
        return self._native.call("RevokePushMessage", request, fields)

    async def revoke_message_async(self, request: Request = None, **fields: Unpack[RevokeMessageFields]) -> RevokeResult:
        """The asyncio variant of :meth:`revoke_message`."""
        return await self._native.call_async("RevokePushMessage", request, fields)

    def task_detail(self, request: Request = None, **fields: Unpack[TaskDetailFields]) -> TaskDetail:
        """Delivery figures of one task (``QueryPushAnalysisTaskDetail``)."""
        return self._native.call("QueryPushAnalysisTaskDetail", request, fields)

    async def task_detail_async(self, request: Request = None, **fields: Unpack[TaskDetailFields]) -> TaskDetail:
        """The asyncio variant of :meth:`task_detail`."""
        return await self._native.call_async("QueryPushAnalysisTaskDetail", request, fields)

    def task_list(self, request: Request = None, **fields: Unpack[TaskListQuery]) -> TaskListPage:
        """One page of the tasks created since ``start`` with their sub-tasks
        (``QueryPushAnalysisTaskList``; read-only)."""
        return self._native.call("QueryPushAnalysisTaskList", request, fields)

    async def task_list_async(self, request: Request = None, **fields: Unpack[TaskListQuery]) -> TaskListPage:
        """The asyncio variant of :meth:`task_list`."""
        return await self._native.call_async("QueryPushAnalysisTaskList", request, fields)

    def iter_task_reports(self, request: Request = None, **fields: Unpack[TaskListQuery]) -> Iterator[TaskReport]:
        """Every task report of the query of :meth:`task_list`, page after
        page as the iteration reaches them."""
        return self._native.pager("QueryPushAnalysisTaskList", request, fields)

    def aiter_task_reports(self, request: Request = None, **fields: Unpack[TaskListQuery]) -> AsyncIterator[TaskReport]:
        """The asyncio variant of :meth:`iter_task_reports` (``async for``)."""
        return self._native.pager("QueryPushAnalysisTaskList", request, fields)

    def close(self) -> None:
        """Releases the connection pool; later calls raise ``ConfigError``."""
        self._native.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._native.closed

    def __enter__(self) -> Client:
        return self

    def __exit__(self, t: Optional[Type[BaseException]], e: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, t: Optional[Type[BaseException]], e: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._native)
