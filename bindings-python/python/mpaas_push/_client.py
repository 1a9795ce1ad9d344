"""The Python face of the Rust client: keyword arguments in, typed results
out. Only conversion happens here; every rule is checked by the core."""

from __future__ import annotations

import datetime as _dt
import json
from types import TracebackType
from typing import Any, Dict, Mapping, Optional, Type, Union

from . import _native, _text
from ._aio import _bridge
from ._manage import _ManageMixin, _timestamp
from ._schedule import Schedule
from ._types import BroadcastResult, PreparedRequest, RetryPolicy

__all__ = ["Client"]

#: snake_case keyword → neutral camelCase field of the spec.
_FIELDS: Dict[str, str] = {
    "app_id": "appId",
    "workspace_id": "workspaceId",
    "tenant_id": "tenantId",
    "delivery_type": "deliveryType",
    "msgkey": "msgkey",
    "expired_seconds": "expiredSeconds",
    "task_name": "taskName",
    "template_name": "templateName",
    "template_key_value": "templateKeyValue",
    "push_status": "pushStatus",
    "bind_period": "bindPeriod",
    "unbind_period": "unBindPeriod",
    "un_bind_period": "unBindPeriod",
    "android_channel": "androidChannel",
    "classification": "classification",
    "strategy_type": "strategyType",
    "strategy_content": "strategyContent",
    "transparent_message_payload": "transparentMessagePayload",
    "transparent_message_urgency": "transparentMessageUrgency",
    "third_channel_category": "thirdChannelCategory",
    "notify_level": "notifyLevel",
    "mi_channel_id": "miChannelId",
    "channel_id": "channelId",
    "notify_type": "notifyType",
    "push_action": "pushAction",
    "silent": "silent",
    "extended_params": "extendedParams",
}


#: Exact types that are never enum members: put into the JSON as they are.
_AS_IS = frozenset({str, int, float, bool, dict, list})


def _plain(value: Any) -> Any:
    """Enum members → their values (``IntEnum`` stays an int)."""
    if isinstance(value, bool):
        return value
    if hasattr(value, "value") and hasattr(type(value), "__members__"):
        return value.value
    return value


def _request_json(request: Optional[Mapping[str, Any]], fields: Mapping[str, Any]) -> str:
    if request is not None and fields:
        raise TypeError("pass either request=<neutral camelCase dict> or keyword fields, not both")
    body: Any
    if request is not None:
        # Whatever it is, the core reads it (and names what is wrong with it,
        # e.g. field "request", rule "type" for a list).
        body = dict(request) if isinstance(request, Mapping) else request
    else:
        body = {}
        # field → the keyword that set it (two keywords for one field are an error)
        given: Dict[str, str] = {}
        for key, value in fields.items():
            if value is None:
                continue
            if key == "schedule":
                if not isinstance(value, Schedule):
                    raise TypeError("schedule must be a mpaas_push.Schedule")
                for name, wire_value in value._wire_fields():
                    if name in given:
                        raise TypeError(f"{key}= and {given[name]}= both set the field {name!r}")
                    given[name] = key
                    body[name] = wire_value
                continue
            # Unknown keywords go through unchanged: the core rejects them,
            # naming the keyword (rule "unknown_field").
            name = _FIELDS.get(key, key)
            if name in given:
                raise TypeError(f"{key}= and {given[name]}= both set the field {name!r}")
            given[name] = key
            body[name] = value if type(value) in _AS_IS else _plain(value)
    return _text.request_json(body)


class Client(_ManageMixin):
    """A Message Push Service client. Create one and share it: it is safe to
    use from many threads and asyncio tasks at once and owns one connection
    pool.

    Credentials: pass ``access_key_id``/``access_key_secret`` (and
    ``security_token`` for STS), or omit them to use the environment
    (``ALIBABA_CLOUD_ACCESS_KEY_ID``/``ALIBABA_CLOUD_ACCESS_KEY_SECRET``/
    ``ALIBABA_CLOUD_SECURITY_TOKEN``, ``MPAAS_AK_ENV``/``MPAAS_SK_ENV``),
    ``~/.aliyun/config.json`` or ``~/.alibabacloud/credentials``.

    Timeouts are in seconds: ``connect_timeout`` (5) and ``read_timeout`` (10)
    per attempt, ``total_timeout`` (30) over all attempts.

    Besides broadcasts, the client manages what they leave behind (each with
    an ``_async`` variant): :meth:`query_schedulers` /
    :meth:`iter_scheduled_tasks` (scheduled tasks, page by page or all),
    :meth:`cancel_schedulers`, :meth:`revoke_task`, :meth:`revoke_message`,
    :meth:`task_detail` and :meth:`task_list` / :meth:`iter_task_reports`
    (delivery figures); :meth:`prepare` is the dry run of any action.

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
        *,
        endpoint: Optional[str] = None,
        region: Optional[str] = None,
        signature: str = "hmac-sha1",
        api_version: str = "2020-10-28",
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        total_timeout: float = 30.0,
        retry: Optional[RetryPolicy] = None,
        allow_http: bool = False,
        proxy: Optional[str] = None,
        user_agent_suffix: Optional[str] = None,
    ) -> None:
        config = {
            "endpoint": _text.arg(endpoint, "endpoint", "config"),
            "region": _text.arg(region, "region", "config"),
            "signature": _text.arg(signature, "signature", "config"),
            "apiVersion": _text.arg(api_version, "api_version", "config"),
            "connectTimeout": connect_timeout,
            "readTimeout": read_timeout,
            "totalTimeout": total_timeout,
            "retry": retry._to_json() if retry is not None else None,
            "allowHttp": allow_http,
            "proxy": _text.arg(proxy, "proxy", "config"),
            "userAgentSuffix": _text.arg(user_agent_suffix, "user_agent_suffix", "config"),
        }
        self._native = _native.NativeClient(
            json.dumps(config),
            _text.arg(access_key_id, "access_key_id", "credentials"),
            _text.arg(access_key_secret, "access_key_secret", "credentials"),
            _text.arg(security_token, "security_token", "credentials"),
        )

    @classmethod
    def from_env(cls, **options: Any) -> "Client":
        """A client whose credentials come from the environment or the
        credential files; ``options`` are the keyword options of ``Client``."""
        return cls(None, None, None, **options)

    def push_broadcast(self, request: Optional[Mapping[str, Any]] = None, **fields: Any) -> BroadcastResult:
        """Validates, signs and sends one PushBroadcast, blocking the calling
        thread (the GIL is released meanwhile). Give the fields as snake_case
        keywords (``app_id=…``, ``schedule=Schedule.weekly(…)``) or the neutral
        camelCase dict as ``request``. Raises a :class:`MpaasPushError`
        subclass on failure; ``error.maybe_sent`` tells whether the request
        may have reached the service."""
        return BroadcastResult._from_json(json.loads(self._native.push_broadcast(_request_json(request, fields))))

    async def push_broadcast_async(
        self, request: Optional[Mapping[str, Any]] = None, **fields: Any
    ) -> BroadcastResult:
        """The asyncio variant of :meth:`push_broadcast` (runs on the engine's
        own runtime; the event loop is never blocked)."""
        body = _request_json(request, fields)
        # Imported here: `import mpaas_push` stays fast for blocking users,
        # and a caller of this coroutine has asyncio loaded already.
        from asyncio import get_running_loop

        loop = get_running_loop()
        future = loop.create_future()
        call = self._native.push_broadcast_async(body, _bridge(loop), future)
        try:
            text = await future
        except BaseException:
            # Cancelled (or interrupted) while waiting: stop the request too.
            call.cancel()
            raise
        return BroadcastResult._from_json(json.loads(text))

    def prepare_broadcast(
        self,
        request: Optional[Mapping[str, Any]] = None,
        *,
        nonce: Optional[str] = None,
        timestamp: Union[None, str, _dt.datetime] = None,
        **fields: Any,
    ) -> PreparedRequest:
        """Dry run: validates and signs without sending and returns the exact
        HTTP request. ``nonce`` and ``timestamp`` pin the signature (the
        timestamp is also "now" for validation)."""
        text = self._native.prepare_broadcast(
            _request_json(request, fields), _text.arg(nonce, "nonce"), _text.arg(_timestamp(timestamp), "timestamp")
        )
        return PreparedRequest._from_json(json.loads(text))

    def close(self) -> None:
        """Releases the connection pool; later calls raise ``ConfigError``."""
        self._native.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return bool(self._native.closed)

    def __enter__(self) -> "Client":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._native)
