"""Typed schedules: when a broadcast goes out (``strategyType`` +
``strategyContent`` on the wire). Never hand-written JSON."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple

from . import _native

__all__ = ["Schedule"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def _day_ms(day: _dt.date) -> int:
    if isinstance(day, _dt.datetime) or not isinstance(day, _dt.date):
        raise TypeError("start/end must be datetime.date objects (calendar days)")
    return _native.china_midnight_ms(day.isoformat())


def _day_number(d: Any) -> Any:
    """Enum members and other ints → plain ints; anything else goes to the
    core unchanged, which rejects it naming ``strategyContent.circleValue``."""
    if isinstance(d, int) and not isinstance(d, bool):
        return int(d)
    return d


@dataclass(frozen=True)
class Schedule:
    """When a broadcast is sent.

    Build one with :meth:`immediate`, :meth:`at`, :meth:`daily`,
    :meth:`weekly` or :meth:`monthly`. Calendar days and the time of day are
    China time (UTC+8), as the service counts them.

    >>> import datetime as dt
    >>> Schedule.at(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.timezone.utc)).strategy_type
    1
    """

    strategy_type: int
    """``StrategyType``: 0 immediate, 1 at a fixed time, 2 recurring."""
    content: Optional[Dict[str, Any]] = field(default=None)
    """``StrategyContent`` as a dict (``None`` for immediate)."""

    @classmethod
    def immediate(cls) -> "Schedule":
        """Send now (``StrategyType`` 0)."""
        return cls(0, None)

    @classmethod
    def at(cls, when: _dt.datetime) -> "Schedule":
        """Send once at ``when``: a timezone-aware datetime, in whole seconds
        and in the future (checked when the request is prepared)."""
        if not isinstance(when, _dt.datetime):
            raise TypeError("Schedule.at() takes a datetime.datetime")
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("Schedule.at() needs a timezone-aware datetime (e.g. tzinfo=datetime.timezone.utc)")
        # Exact integer arithmetic; a sub-millisecond rest rounds up so that
        # any fraction of a second still reaches the core's whole-seconds rule.
        ms, rest = divmod(when - _EPOCH, _dt.timedelta(milliseconds=1))
        if rest:
            ms += 1
        return cls(1, {"fixedTime": ms})

    @classmethod
    def _recurring(
        cls, circle_type: int, days: Optional[Iterable[int]], start: _dt.date, end: _dt.date, time: _dt.time
    ) -> "Schedule":
        if not isinstance(time, _dt.time):
            raise TypeError("time must be a datetime.time")
        content: Dict[str, Any] = {
            "startTime": _day_ms(start),
            "endTime": _day_ms(end),
            "circleType": circle_type,
        }
        if days is not None:
            content["circleValue"] = [_day_number(d) for d in days]
        content["time"] = time.strftime("%H:%M:%S")
        return cls(2, content)

    @classmethod
    def daily(cls, *, start: _dt.date, end: _dt.date, time: _dt.time) -> "Schedule":
        """Every day from ``start`` to ``end`` (inclusive) at ``time``."""
        return cls._recurring(1, None, start, end, time)

    @classmethod
    def weekly(cls, days: Iterable[int], *, start: _dt.date, end: _dt.date, time: _dt.time) -> "Schedule":
        """On ``days`` of the week (1 = Monday … 7 = Sunday)."""
        return cls._recurring(2, days, start, end, time)

    @classmethod
    def monthly(cls, days: Iterable[int], *, start: _dt.date, end: _dt.date, time: _dt.time) -> "Schedule":
        """On ``days`` of the month (1 … 31)."""
        return cls._recurring(3, days, start, end, time)

    def _wire_fields(self) -> List[Tuple[str, Any]]:
        out: List[Tuple[str, Any]] = [("strategyType", self.strategy_type)]
        if self.content is not None:
            out.append(("strategyContent", self.content))
        return out
