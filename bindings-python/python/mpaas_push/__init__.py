"""mpaas-push: validated, signed Alibaba Cloud mPaaS Message Push (MPS)
broadcasts, with a Rust engine under a typed Pythonic API; also lists and
cancels scheduled tasks, revokes, and reads delivery figures.

>>> from mpaas_push import Client, Schedule  # doctest: +SKIP
>>> client = Client.from_env()  # doctest: +SKIP
>>> client.push_broadcast(app_id="ONEX570DA89211721", workspace_id="default",
...     delivery_type="android", msgkey="order-1", expired_seconds=300,
...     task_name="news", template_name="news_tpl",
...     template_key_value={"content": "Hello"}, bind_period="7d")  # doctest: +SKIP
"""

import logging as _logging

from . import _native
from ._client import Client, RetryPolicy
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
from ._native import (
    ERROR_CODES,
    BroadcastResult,
    CancelResult,
    ClockSkewError,
    ConfigError,
    CredentialsError,
    MpaasPushError,
    PreparedRequest,
    PushFailedError,
    RevokeResult,
    ScheduledTask,
    SchedulerPage,
    Schedule,
    ServiceError,
    TaskDetail,
    TaskListPage,
    TaskReport,
    ThrottledError,
    TransportError,
    ValidationError,
    generate_msgkey,
)

__version__: str = _native.__version__

# Silent by default: the application decides where `mpaas_push` logs go.
_logging.getLogger("mpaas_push").addHandler(_logging.NullHandler())

__all__ = [
    "Client",
    "Schedule",
    "RetryPolicy",
    "BroadcastResult",
    "PreparedRequest",
    "SchedulerPage",
    "ScheduledTask",
    "CancelResult",
    "RevokeResult",
    "TaskDetail",
    "TaskListPage",
    "TaskReport",
    "DeliveryType",
    "PushStatus",
    "Period",
    "AndroidChannel",
    "Classification",
    "NotifyType",
    "PushAction",
    "Urgency",
    "PushKind",
    "UniqueIdKind",
    "MpaasPushError",
    "ValidationError",
    "ConfigError",
    "CredentialsError",
    "TransportError",
    "ServiceError",
    "ThrottledError",
    "ClockSkewError",
    "PushFailedError",
    "ERROR_CODES",
    "generate_msgkey",
    "__version__",
]
