"""Result and dry-run types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

__all__ = ["BroadcastResult", "PreparedRequest", "RetryPolicy"]


@dataclass(frozen=True)
class BroadcastResult:
    """A broadcast the service accepted.

    With ``RetryPolicy(retry_maybe_sent=True)``, a retry after an attempt
    that may have reached the service can meet that attempt's success: the
    service refuses the repeated ``Msgkey`` as a duplicate. That is reported
    as this result with :attr:`already_accepted` set, not as an error."""

    request_id: str
    """``RequestId`` of the response."""
    task_id: Optional[str]
    """``PushResult.Data``: the push task id (to cancel or revoke)."""
    result_code: Optional[str]
    """``ResultCode`` (normally ``"OK"``)."""
    result_message: Optional[str]
    """``ResultMessage``."""
    http_status: int = 200
    """HTTP status of the response."""
    push_result_message: Optional[str] = None
    """``PushResult.ResultMsg``, when the service sent one."""
    already_accepted: bool = False
    """True when an earlier attempt of this call may have reached the
    service, the caller opted into retrying such failures
    (``RetryPolicy.retry_maybe_sent``), and the retry was refused because
    the service already has this ``Msgkey``: the broadcast went out exactly
    once. :attr:`task_id` is then unknown (``None``) and :attr:`result_code`
    is the service's duplicate code."""

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "BroadcastResult":
        return cls(
            request_id=d["requestId"],
            task_id=d.get("taskId"),
            result_code=d.get("resultCode"),
            result_message=d.get("resultMessage"),
            http_status=d.get("httpStatus", 200),
            push_result_message=d.get("pushResultMessage"),
            already_accepted=bool(d.get("alreadyAccepted", False)),
        )


@dataclass(frozen=True)
class PreparedRequest:
    """The exact HTTP request a broadcast would send (a dry run). STS tokens
    are shown as ``** redacted **``."""

    method: str
    url: str
    headers: Dict[str, str]
    body: str
    signature_method: str
    signed_params: Dict[str, str]
    string_to_sign: str
    signature: str
    nonce: str
    timestamp: str
    canonical_request: Optional[str] = None
    """ACS3 only: the canonical request."""

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "PreparedRequest":
        return cls(
            method=d["method"],
            url=d["url"],
            headers=dict(d["headers"]),
            body=d["body"],
            signature_method=d["signatureMethod"],
            signed_params=dict(d["signedParams"]),
            string_to_sign=d["stringToSign"],
            signature=d["signature"],
            nonce=d["nonce"],
            timestamp=d["timestamp"],
            canonical_request=d.get("canonicalRequest"),
        )


@dataclass(frozen=True)
class RetryPolicy:
    """When to retry. By default only failures the service cannot have acted
    on are retried (connection not established, throttling, 503, reused
    nonce, clock skew once); every attempt is re-signed with the same Msgkey.
    """

    max_attempts: int = 3
    """Attempts in all, the first included (1 = never retry)."""
    base_delay: float = 0.2
    """First backoff ceiling in seconds; doubled per retry, full jitter."""
    max_delay: float = 20.0
    """Largest delay in seconds (also caps ``x-acs-retry-after``)."""
    retry_maybe_sent: bool = False
    """Also retry failures that may have reached the service (timeouts after
    sending, lost connections, 500/502/504)."""

    def _to_json(self) -> Dict[str, Any]:
        return {
            "maxAttempts": self.max_attempts,
            "baseDelay": self.base_delay,
            "maxDelay": self.max_delay,
            "retryMaybeSent": self.retry_maybe_sent,
        }


