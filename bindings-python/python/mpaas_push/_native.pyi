"""Type stubs of the compiled module ``mpaas_push._native`` (checked with
``mypy.stubtest``). Use the documented wrappers in ``mpaas_push``."""

import asyncio
from typing import Any, List, Optional, final

__all__ = [
    "CallHandle",
    "ClockSkewError",
    "ConfigError",
    "CredentialsError",
    "ERROR_CODES",
    "LoopBridge",
    "MpaasPushError",
    "NativeClient",
    "PushFailedError",
    "ServiceError",
    "ThrottledError",
    "TransportError",
    "ValidationError",
    "__version__",
    "china_midnight_ms",
    "generate_msgkey",
    "input_error",
]

__version__: str
ERROR_CODES: List[str]

def china_midnight_ms(day: str) -> int:
    """Epoch ms of 00:00 China time (UTC+8) of ``YYYY-MM-DD``."""

def generate_msgkey() -> str:
    """A fresh unique Msgkey (UUID v4 text)."""

def input_error(kind: str, field: str, rule: str, value: Optional[str] = None) -> "MpaasPushError":
    """The exception for a value the binding cannot hand to the engine
    (raised by ``mpaas_push._text``): ``rule`` ``utf8`` or ``max_depth``;
    ``kind`` ``validation``, ``config`` or ``credentials``."""

@final
class NativeClient:
    """The native client; use ``mpaas_push.Client``."""

    def __new__(
        cls,
        config_json: str,
        access_key_id: Optional[str] = None,
        access_key_secret: Optional[str] = None,
        security_token: Optional[str] = None,
    ) -> "NativeClient": ...
    def push_broadcast(self, request_json: str) -> str: ...
    def push_broadcast_async(
        self, request_json: str, bridge: "LoopBridge", future: "asyncio.Future[str]"
    ) -> "CallHandle": ...
    def prepare_broadcast(
        self, request_json: str, nonce: Optional[str] = None, timestamp: Optional[str] = None
    ) -> str: ...
    def call(self, action: str, request_json: str) -> str: ...
    def call_async(
        self, action: str, request_json: str, bridge: "LoopBridge", future: "asyncio.Future[str]"
    ) -> "CallHandle": ...
    def prepare(
        self, action: str, request_json: str, nonce: Optional[str] = None, timestamp: Optional[str] = None
    ) -> str: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...

@final
class LoopBridge:
    """Results of asyncio calls waiting for one event loop (one per loop)."""

    def __new__(cls, event_loop: Any) -> "LoopBridge": ...
    def _drain(self) -> None: ...

@final
class CallHandle:
    """One asyncio call in flight."""

    def cancel(self) -> None: ...

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
    """Network failure: connect, timeout or lost connection."""

class ServiceError(MpaasPushError):
    """The gateway or the service answered with an error."""

class ThrottledError(ServiceError):
    """Throttled by the gateway (Throttling*, HTTP 429)."""

class ClockSkewError(ServiceError):
    """The gateway rejected the timestamp: the local clock is off."""

class PushFailedError(ServiceError):
    """HTTP 2xx but the service did not accept the push."""
