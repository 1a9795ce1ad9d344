"""Type stubs of the compiled module ``mpaas_push._native`` (checked with
``mypy.stubtest``). Use the documented wrappers in ``mpaas_push``."""

import asyncio
import datetime as _dt
from ._enums import DeliveryType, PushKind
from typing import Any, AsyncIterator, Dict, Final, Generic, Iterator, List, Literal, Mapping, Optional, TypeVar, Union, final, overload

__all__ = [
    "BroadcastResult",
    "CallHandle",
    "CancelResult",
    "ClockSkewError",
    "ConfigError",
    "CredentialsError",
    "ERROR_CODES",
    "LoopBridge",
    "MpaasPushError",
    "NativeClient",
    "Pager",
    "PreparedRequest",
    "PushFailedError",
    "RevokeResult",
    "ScheduledTask",
    "SchedulerPage",
    "Schedule",
    "ServiceError",
    "TaskDetail",
    "TaskListPage",
    "TaskReport",
    "ThrottledError",
    "TransportError",
    "ValidationError",
    "__version__",
    "generate_msgkey",
]

__version__: str
ERROR_CODES: List[str]

_T = TypeVar("_T")
_Request = Optional[Mapping[str, Any]]
_Fields = Optional[Mapping[str, Any]]
_Pin = Union[None, str, _dt.datetime]

def generate_msgkey() -> str:
    """A fresh unique Msgkey (UUID v4 text)."""

@final
class Schedule:
    """When a broadcast is sent (China time, UTC+8, for days and times)."""

    @staticmethod
    def immediate() -> "Schedule": ...
    @staticmethod
    def at(when: Union[_dt.datetime, int]) -> "Schedule": ...
    @staticmethod
    def daily(*, start: _dt.date, end: _dt.date, time: _dt.time) -> "Schedule": ...
    @staticmethod
    def weekly(days: List[int], *, start: _dt.date, end: _dt.date, time: _dt.time) -> "Schedule": ...
    @staticmethod
    def monthly(days: List[int], *, start: _dt.date, end: _dt.date, time: _dt.time) -> "Schedule": ...

@final
class BroadcastResult:
    """A broadcast the service accepted."""

    request_id: Final[str]
    task_id: Final[Optional[str]]
    result_code: Final[Optional[str]]
    result_message: Final[Optional[str]]
    http_status: Final[int]
    push_result_message: Final[Optional[str]]
    already_accepted: Final[bool]

@final
class PreparedRequest:
    """The exact HTTP request a call would send (a dry run)."""

    method: Final[str]
    url: Final[str]
    headers: Final[Dict[str, str]]
    body: Final[str]
    signature_method: Final[str]
    signed_params: Final[Dict[str, str]]
    string_to_sign: Final[str]
    signature: Final[str]
    nonce: Final[str]
    timestamp: Final[str]
    canonical_request: Final[Optional[str]]

@final
class ScheduledTask:
    """One scheduled task, or one run of a recurring task."""

    unique_id: Final[str]
    parent_id: Final[Optional[str]]
    push_time: Final[Optional[_dt.datetime]]
    push_title: Final[Optional[str]]
    push_content: Final[Optional[str]]
    kind: Final[Optional[int]]
    delivery_type: Final[Optional[int]]
    schedule_kind: Final[Optional[str]]
    executed: Final[bool]
    create_type: Final[Optional[int]]
    created_at: Final[Optional[_dt.datetime]]
    @property
    def push_kind(self) -> Optional[PushKind]: ...
    @property
    def delivery(self) -> Optional[DeliveryType]: ...

@final
class SchedulerPage:
    """One page of ``QueryPushSchedulerList``."""

    request_id: Final[str]
    total_count: Final[int]
    page_number: Final[int]
    page_size: Final[int]
    tasks: Final[List[ScheduledTask]]
    next_page: Final[Optional[int]]

@final
class CancelResult:
    """Result of ``CancelPushScheduler``."""

    request_id: Final[str]
    result_code: Final[Optional[str]]
    result_message: Final[Optional[str]]
    content: Final[Optional[str]]

@final
class RevokeResult:
    """Result of ``RevokePushTask`` / ``RevokePushMessage``."""

    request_id: Final[str]
    result_code: Final[Optional[str]]
    result_message: Final[Optional[str]]
    data: Final[Optional[str]]
    push_result_message: Final[Optional[str]]

@final
class TaskDetail:
    """Delivery figures of one task."""

    request_id: Final[str]
    task_id: Final[str]
    start_time: Final[Optional[_dt.datetime]]
    end_time: Final[Optional[_dt.datetime]]
    duration: Final[Optional[str]]
    push_num: Final[int]
    push_success_num: Final[int]
    push_arrival_num: Final[float]

@final
class TaskReport:
    """One task of ``QueryPushAnalysisTaskList``, with its sub-tasks."""

    task_id: Final[str]
    task_name: Final[Optional[str]]
    template_id: Final[Optional[str]]
    template_name: Final[Optional[str]]
    kind: Final[Optional[int]]
    created_at: Final[Optional[_dt.datetime]]
    sub_tasks: Final[List["TaskReport"]]
    @property
    def push_kind(self) -> Optional[PushKind]: ...

@final
class TaskListPage:
    """One page of ``QueryPushAnalysisTaskList``."""

    request_id: Final[str]
    page_number: Final[int]
    page_size: Final[int]
    tasks: Final[List[TaskReport]]
    next_page: Final[Optional[int]]

@final
class Pager(Generic[_T]):
    """Every item of a list query, page after page (sync or ``async for``)."""

    def __iter__(self) -> Iterator[_T]: ...
    def __next__(self) -> _T: ...
    def __aiter__(self) -> AsyncIterator[_T]: ...
    def __anext__(self) -> "asyncio.Future[_T]": ...

@final
class NativeClient:
    """The native client; use ``mpaas_push.Client``."""

    def __new__(cls, options: Mapping[str, Any], from_env: bool) -> "NativeClient": ...
    @overload
    def call(self, action: Literal["PushBroadcast"], request: _Request, fields: _Fields) -> BroadcastResult: ...
    @overload
    def call(self, action: Literal["QueryPushSchedulerList"], request: _Request, fields: _Fields) -> SchedulerPage: ...
    @overload
    def call(self, action: Literal["CancelPushScheduler"], request: _Request, fields: _Fields) -> CancelResult: ...
    @overload
    def call(
        self, action: Literal["RevokePushTask", "RevokePushMessage"], request: _Request, fields: _Fields
    ) -> RevokeResult: ...
    @overload
    def call(self, action: Literal["QueryPushAnalysisTaskDetail"], request: _Request, fields: _Fields) -> TaskDetail: ...
    @overload
    def call(self, action: Literal["QueryPushAnalysisTaskList"], request: _Request, fields: _Fields) -> TaskListPage: ...
    @overload
    def call_async(
        self, action: Literal["PushBroadcast"], request: _Request, fields: _Fields
    ) -> "asyncio.Future[BroadcastResult]": ...
    @overload
    def call_async(
        self, action: Literal["QueryPushSchedulerList"], request: _Request, fields: _Fields
    ) -> "asyncio.Future[SchedulerPage]": ...
    @overload
    def call_async(
        self, action: Literal["CancelPushScheduler"], request: _Request, fields: _Fields
    ) -> "asyncio.Future[CancelResult]": ...
    @overload
    def call_async(
        self, action: Literal["RevokePushTask", "RevokePushMessage"], request: _Request, fields: _Fields
    ) -> "asyncio.Future[RevokeResult]": ...
    @overload
    def call_async(
        self, action: Literal["QueryPushAnalysisTaskDetail"], request: _Request, fields: _Fields
    ) -> "asyncio.Future[TaskDetail]": ...
    @overload
    def call_async(
        self, action: Literal["QueryPushAnalysisTaskList"], request: _Request, fields: _Fields
    ) -> "asyncio.Future[TaskListPage]": ...
    def prepare(
        self, action: str, request: _Request, fields: _Fields, nonce: Optional[str] = None, timestamp: _Pin = None
    ) -> PreparedRequest: ...
    @overload
    def pager(self, action: Literal["QueryPushSchedulerList"], request: _Request, fields: _Fields) -> Pager[ScheduledTask]: ...
    @overload
    def pager(self, action: Literal["QueryPushAnalysisTaskList"], request: _Request, fields: _Fields) -> Pager[TaskReport]: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...

@final
class LoopBridge:
    """Results of asyncio calls waiting for one event loop (one per loop)."""

    def _drain(self) -> None: ...

@final
class CallHandle:
    """One asyncio call in flight: aborts it when its future is done."""

    def __call__(self, future: Any) -> None: ...

class MpaasPushError(Exception):
    """Base of every mpaas-push error."""

    code: str
    message: str
    request_id: Optional[str]
    http_status: Optional[int]
    service_code: Optional[str]
    retryable: bool
    maybe_sent: bool
    attempts: Optional[int]
    field: Optional[str]
    rule: Optional[str]
    value: Optional[str]
    recommend: Optional[str]
    clock_offset: Optional[int]
    timeout_kind: Optional[str]
    body_excerpt: Optional[str]

class ValidationError(MpaasPushError):
    """A request rule failed; nothing was sent."""

class ConfigError(MpaasPushError):
    """Bad client configuration; nothing was sent."""

class CredentialsError(ConfigError):
    """No usable credentials; nothing was sent."""

class TransportError(MpaasPushError):
    """Network failure: connect, TLS, proxy, timeout or lost connection."""

class ServiceError(MpaasPushError):
    """The gateway or the service answered with an error."""

class ThrottledError(ServiceError):
    """Throttled by the gateway (Throttling*, HTTP 429)."""

class ClockSkewError(ServiceError):
    """The gateway rejected the timestamp: the local clock is off."""

class PushFailedError(ServiceError):
    """HTTP 2xx but the service did not accept the push."""
