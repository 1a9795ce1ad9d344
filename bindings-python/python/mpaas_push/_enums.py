"""Readable enumerations. Every field also accepts the documented integer or
name directly (``delivery_type=1`` or ``"android"``)."""

from __future__ import annotations

import enum

__all__ = [
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
]


class DeliveryType(enum.IntEnum):
    """Target platform (``DeliveryType``)."""

    ANDROID = 1
    IOS = 2
    HARMONYOS = 7


class PushStatus(enum.IntEnum):
    """Audience by login binding (``PushStatus``); the service default is BOUND."""

    BOUND = 0
    ALL = 1
    UNBOUND = 2


class Period(enum.IntEnum):
    """Bind / unbind period (``BindPeriod``, ``UnBindPeriod``)."""

    DAYS_7 = 1
    DAYS_15 = 2
    DAYS_60 = 3
    PERMANENT = 4


class AndroidChannel(enum.IntEnum):
    """Android channel (``AndroidChannel``)."""

    MPS = 1
    VENDOR = 2


class Classification(enum.IntEnum):
    """vivo message class (``Classification``)."""

    OPERATIONAL = 0
    SYSTEM = 1


class PushAction(enum.IntEnum):
    """Tap action (``PushAction``)."""

    OPEN_URL = 0
    OPEN_ACTIVITY = 1


class NotifyType(str, enum.Enum):
    """Channel type (``NotifyType``)."""

    TRANSPARENT = "transparent"
    NOTIFY = "notify"


class Urgency(str, enum.Enum):
    """Urgency of a pass-through message (``TransparentMessageUrgency``)."""

    HIGH = "HIGH"
    NORMAL = "NORMAL"


class PushKind(enum.IntEnum):
    """Kind of push task (``Type`` of ``QueryPushSchedulerList`` and of the
    task lists). Also accepted by name (``"broadcast"``) or int (``3``)."""

    SIMPLE = 0
    TEMPLATE = 1
    BATCH = 2
    BROADCAST = 3


class UniqueIdKind(enum.IntEnum):
    """Which ids ``CancelPushScheduler`` receives (``Type``). Also accepted
    by name (``"parent"``, ``"child"``) or int; the service assumes
    ``PARENT`` when it is absent."""

    PARENT = 0
    """Scheduled task ids (what ``push_broadcast`` returns as ``task_id``)."""
    CHILD = 1
    """Ids of single runs of a recurring task."""
