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
