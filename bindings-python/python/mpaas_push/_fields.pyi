"""Keyword arguments of the client's methods, for type checkers only (no
runtime module): every key is optional here because the engine, not the
type checker, decides what a request needs."""

import datetime as _dt
from typing import Any, List, Mapping, Optional, Tuple, Union

from typing_extensions import TypedDict

from ._client import RetryPolicy
from ._enums import (
    AndroidChannel,
    Classification,
    DeliveryType,
    NotifyType,
    Period,
    PushAction,
    PushKind,
    PushStatus,
    UniqueIdKind,
    Urgency,
)
from ._native import Schedule

#: A point in time: an aware ``datetime``, epoch milliseconds or RFC 3339 text.
TimeLike = Union[_dt.datetime, int, str]
#: A task or scheduler id (text on the wire; ints are accepted).
Id = Union[str, int]

class ClientOptions(TypedDict, total=False):
    endpoint: Optional[str]
    region: Optional[str]
    signature: Optional[str]
    api_version: Optional[str]
    connect_timeout_ms: Optional[float]
    read_timeout_ms: Optional[float]
    total_timeout_ms: Optional[float]
    retry: Optional[Union[RetryPolicy, Mapping[str, Any]]]
    allow_http: Optional[bool]
    proxy: Optional[str]
    ca_file: Optional[str]
    user_agent_suffix: Optional[str]
    max_response_bytes: Optional[int]

class _Target(TypedDict, total=False):
    app_id: str
    workspace_id: str
    tenant_id: str

class BroadcastFields(_Target, total=False):
    delivery_type: Union[DeliveryType, int, str]
    msgkey: str
    expired_seconds: int
    task_name: str
    template_name: str
    template_key_value: Mapping[str, str]
    push_status: Union[PushStatus, int, str]
    bind_period: Union[Period, int, str]
    unbind_period: Union[Period, int, str]
    un_bind_period: Union[Period, int, str]
    android_channel: Union[AndroidChannel, int, str]
    classification: Union[Classification, int, str]
    schedule: Schedule
    transparent_message_payload: Mapping[str, Any]
    transparent_message_urgency: Union[Urgency, str]
    third_channel_category: Mapping[str, str]
    notify_level: Mapping[str, str]
    mi_channel_id: str
    channel_id: str
    notify_type: Union[NotifyType, str]
    push_action: Union[PushAction, int, str]
    silent: bool
    extended_params: Mapping[str, str]

class _Paging(TypedDict, total=False):
    page_number: int
    page_size: int

class SchedulerQuery(_Target, _Paging, total=False):
    start: TimeLike
    end: TimeLike
    kind: Union[PushKind, int, str]
    unique_id: Id

class CancelFields(_Target, total=False):
    unique_ids: Union[Id, List[Id], Tuple[Id, ...]]
    id_kind: Union[UniqueIdKind, int, str]

class RevokeTaskFields(_Target, total=False):
    task_id: Id
    sent_at: TimeLike

class RevokeMessageFields(_Target, total=False):
    message_id: str
    target_id: str

class TaskDetailFields(_Target, total=False):
    task_id: Id

class TaskListQuery(_Target, _Paging, total=False):
    start: TimeLike
    task_id: Id
    task_name: str
