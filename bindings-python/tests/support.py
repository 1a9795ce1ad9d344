"""Shared helpers of the Python suite: the emulator's control API, the
standard request, and the secret-leak checks."""

from __future__ import annotations

import contextlib
import json
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Type

import pytest

import mpaas_push
from mpaas_push import Client, DeliveryType, MpaasPushError, Period, RetryPolicy

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"

ID = "testid"
SECRET = "testsecret"
STS_ID = "STS.testid"
TOKEN = "ststoken"
WRONG_SECRET = "wrong-secret-value"
# The STS token of tests/vectors/requests.json ("sts-token" case), raw and
# percent-encoded once and twice.
VECTOR_TOKEN = "CAIS+token/with=chars"
SECRETS = [
    SECRET,
    TOKEN,
    WRONG_SECRET,
    VECTOR_TOKEN,
    "token/with=chars",
    "CAIS%2Btoken",
    "CAIS%252Btoken",
]

# Options of every emulator client: fast retries so the suite stays quick.
FAST_RETRY = RetryPolicy(base_delay=0.005, max_delay=0.05)

# The attributes every mpaas-push exception carries.
ATTRS = (
    "code",
    "message",
    "request_id",
    "http_status",
    "service_code",
    "retryable",
    "maybe_sent",
    "attempts",
    "field",
    "rule",
    "value",
    "recommend",
    "clock_offset",
    "timeout_kind",
    "body_excerpt",
)


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


class Emulator:
    """The emulator subprocess, driven through `/_emulator/` with urllib
    (no proxy: the control API is loopback only)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._http = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def control(self, method: str, route: str, body: Any = None) -> Any:
        data = None if method == "GET" else json.dumps(body if body is not None else {}).encode()
        req = urllib.request.Request(f"{self.url}/_emulator/{route}", data=data, method=method)
        req.add_header("content-type", "application/json")
        with self._http.open(req, timeout=10) as resp:
            assert 200 <= resp.status < 300, f"control {method} {route}: {resp.status}"
            return json.loads(resp.read())

    def reset(self) -> None:
        self.control("POST", "reset")

    def fault(self, rule: Any) -> None:
        self.control("POST", "faults", rule)

    def requests(self, action: Optional[str] = None) -> List[Dict[str, Any]]:
        route = "requests" if action is None else f"requests?action={action}"
        out: List[Dict[str, Any]] = self.control("GET", route)["requests"]
        return out

    def tasks(self) -> List[Dict[str, Any]]:
        out: List[Dict[str, Any]] = self.control("GET", "tasks")["tasks"]
        return out

    def set_clock(self, offset_seconds: int) -> None:
        self.control("POST", "clock", {"offsetSeconds": offset_seconds})

    def client(self, access_key_id: str = ID, secret: str = SECRET, token: Optional[str] = None, **options: Any) -> Client:
        options.setdefault("retry", FAST_RETRY)
        return Client(access_key_id, secret, token, endpoint=self.url, **options)


def request(msgkey: Optional[str] = None, **overrides: Any) -> Dict[str, Any]:
    """Keyword arguments of a valid immediate Android broadcast."""
    kw: Dict[str, Any] = {
        "app_id": "ONEX570DA89211721",
        "workspace_id": "test",
        "delivery_type": DeliveryType.ANDROID,
        "msgkey": msgkey or mpaas_push.generate_msgkey(),
        "expired_seconds": 300,
        "task_name": "群发 task",
        "template_name": "news_tpl",
        "template_key_value": {"content": "hello world*~"},
        "bind_period": Period.DAYS_7,
    }
    kw.update(overrides)
    return kw


def texts_of(obj: Any) -> List[str]:
    """Every text form a user could see of `obj`."""
    out = [repr(obj), str(obj)]
    if isinstance(obj, BaseException):
        out += [repr(a) for a in obj.args]
        out += [repr(getattr(obj, a, None)) for a in ATTRS]
    return out


def assert_clean(*objs: Any) -> None:
    """No secret or STS token (raw or percent-encoded) in any text form."""
    for obj in objs:
        for text in texts_of(obj):
            for s in SECRETS:
                assert s not in text, f"secret {s!r} leaked in {type(obj).__name__}: {text}"


@contextlib.contextmanager
def raises(cls: Type[MpaasPushError], **attrs: Any) -> Iterator[Any]:
    """`pytest.raises` that also checks the exact class, the given
    attributes and that the exception shows no secret."""
    with pytest.raises(cls) as info:
        yield info
    err = info.value
    assert type(err) is cls, f"expected exactly {cls.__name__}, got {type(err).__name__}: {err}"
    assert_clean(err)
    for name, want in attrs.items():
        assert getattr(err, name) == want, f"{name}: {getattr(err, name)!r} != {want!r} ({err})"
