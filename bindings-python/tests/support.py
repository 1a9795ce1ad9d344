"""Shared helpers of the Python suite: the emulator's control API, the
standard request, and the secret-leak checks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import subprocess
import tempfile
import threading
import socket
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Type

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
# Distinctive STS credentials the session emulator accepts, for the leak
# checks: nothing else in a request, a response or a log line looks like them.
LEAK_ID = "STS.leakcheck-id"
LEAK_SECRET = "Lk9-secret-Qz7wX2pV"
LEAK_WRONG_SECRET = "Lk9-wrong-secret-Rb4"
LEAK_TOKEN = "CAISleak+Tok/En=9Fh3"
LEAK_OTHER_TOKEN = "CAISother+Tok/En=2Jm8"
# A proxy password: a secret like the others.
LEAK_PROXY_PASSWORD = "Px7-proxy-pw-Vn3"
SECRETS = [
    SECRET,
    TOKEN,
    WRONG_SECRET,
    VECTOR_TOKEN,
    "token/with=chars",
    "CAIS%2Btoken",
    "CAIS%252Btoken",
    LEAK_SECRET,
    LEAK_WRONG_SECRET,
    LEAK_TOKEN,
    LEAK_OTHER_TOKEN,
    LEAK_PROXY_PASSWORD,
    # Any part that survives an encoding: the distinctive middles, and the
    # tokens percent-encoded once and twice.
    "secret-Qz7wX2pV",
    "wrong-secret-Rb4",
    "Tok/En=9Fh3",
    "Tok/En=2Jm8",
    urllib.parse.quote(LEAK_TOKEN, safe=""),
    urllib.parse.quote(urllib.parse.quote(LEAK_TOKEN, safe=""), safe=""),
    urllib.parse.quote(LEAK_OTHER_TOKEN, safe=""),
    "Tok%2FEn%3D9Fh3",
    "Tok%252FEn%253D9Fh3",
]

# Options of every emulator client: fast retries so the suite stays quick.
FAST_RETRY = RetryPolicy(base_delay_ms=5, max_delay_ms=50)

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


def binary() -> Path:
    """The `mpaas-push` binary (for its emulator): MPAAS_PUSH_BIN, default
    target/debug/mpaas-push."""
    given = os.environ.get("MPAAS_PUSH_BIN")
    path = Path(given) if given else REPO / "target" / "debug" / "mpaas-push"
    if not path.is_absolute():
        path = Path.cwd() / path
    if not path.is_file():
        pytest.fail(
            f"mpaas-push binary not found at {path}: build it (cargo build -p mpaas-push-cli) "
            "or set MPAAS_PUSH_BIN",
            pytrace=False,
        )
    return path


@contextlib.contextmanager
def emulator_subprocess(args: List[str]) -> Iterator[Tuple["subprocess.Popen[str]", str]]:
    """Runs `mpaas-push emulator ARGS` (`args` after the binary) and yields
    the process and the URL of its banner; terminated on exit unless it
    already ended. Fails the test with its stderr if it does not start."""
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            [str(binary()), *args], stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, text=True
        )
        assert proc.stdout is not None
        stdout = proc.stdout
        lines: "queue.Queue[str]" = queue.Queue()

        def pump() -> None:
            # Reads (and so drains) stdout for the emulator's whole life.
            for line in stdout:
                lines.put(line)

        threading.Thread(target=pump, daemon=True).start()
        try:
            try:
                first = lines.get(timeout=30)
            except queue.Empty:
                first = ""
            prefix = "MPS emulator listening on "
            if not first.startswith(prefix):
                proc.kill()
                proc.wait()
                stderr.seek(0)
                pytest.fail(
                    f"emulator did not start (first line {first!r}); stderr:\n"
                    + stderr.read().decode(errors="replace"),
                    pytrace=False,
                )
            yield proc, first[len(prefix) :].strip()
        finally:
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


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

    def tasks(self, all: bool = False) -> List[Dict[str, Any]]:
        """Scheduled and recurring tasks; ``all`` adds immediate broadcasts."""
        out: List[Dict[str, Any]] = self.control("GET", "tasks?all=true" if all else "tasks")["tasks"]
        return out

    def received(self) -> int:
        """Requests received so far (not the controls), never capped."""
        n: int = self.control("GET", "health")["received"]
        return n

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


@dataclass(frozen=True)
class Keys:
    """The credentials a provoked call uses, and a wrong secret for it."""

    access_key_id: str
    secret: str
    token: Optional[str]
    wrong_secret: str


DEFAULT_KEYS = Keys(ID, SECRET, None, WRONG_SECRET)
LEAK_KEYS = Keys(LEAK_ID, LEAK_SECRET, LEAK_TOKEN, LEAK_WRONG_SECRET)

CREDENTIAL_ENV = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "MPAAS_AK_ENV",
    "MPAAS_SK_ENV",
    "ALIBABA_CLOUD_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_CONFIG_FILE",
    "ALIBABA_CLOUD_PROFILE",
)


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def clear_credentials(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))


def send(client: Client, use_async: bool, **fields: Any) -> mpaas_push.BroadcastResult:
    """One broadcast, blocking or through asyncio (a loop of its own)."""
    if use_async:
        return asyncio.run(client.push_broadcast_async(**fields))
    return client.push_broadcast(**fields)


def arm_core_panic(point: str) -> None:
    """Arms one panic inside the core (test wheels have the hook)."""
    mpaas_push._native._arm_core_panic(point)  # type: ignore[attr-defined]


def provoke(
    code: str,
    emu: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    keys: Keys = DEFAULT_KEYS,
    use_async: bool = False,
) -> Callable[[], Any]:
    """A call that fails with error ``code`` (every code of
    ``tests/vectors/error-codes.json``), made with ``keys``, blocking or
    through asyncio."""
    once = RetryPolicy(max_attempts=1)
    k = keys

    def broadcast(**opts: Any) -> Callable[[], Any]:
        fields = opts.pop("fields", {})
        return lambda: send(emu.client(k.access_key_id, k.secret, k.token, **opts), use_async, **request(**fields))

    def fault(spec: Dict[str, Any], **opts: Any) -> Callable[[], Any]:
        emu.fault({"fault": spec, "action": "PushBroadcast"})
        return broadcast(**opts)

    if code == "validation":
        return broadcast(fields={"expired_seconds": 0})
    if code == "config":
        return lambda: Client(k.access_key_id, k.secret, k.token, endpoint="http://mpaas.example.com")
    if code == "credentials":
        clear_credentials(monkeypatch, tmp_path)
        if k.token is not None:
            # A secret and a token in the environment, but no key id.
            monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", k.secret)
            monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", k.token)
        return lambda: send(Client.from_env(endpoint=emu.url), use_async, **request())
    if code == "connect":
        url = f"http://127.0.0.1:{free_port()}"
        return lambda: send(Client(k.access_key_id, k.secret, k.token, endpoint=url, retry=once), use_async, **request())
    if code == "tls":
        # TLS to the plain-HTTP emulator: the handshake cannot be agreed.
        url = emu.url.replace("http://", "https://")
        return lambda: send(Client(k.access_key_id, k.secret, k.token, endpoint=url, proxy="none"), use_async, **request())
    if code == "proxy":
        proxy = f"http://proxy-user:{LEAK_PROXY_PASSWORD}@127.0.0.1:{free_port()}"
        return lambda: send(
            Client(k.access_key_id, k.secret, k.token, endpoint="https://mpaas.cn-hangzhou.aliyuncs.com", proxy=proxy),
            use_async,
            **request(),
        )
    if code == "timeout":
        return fault({"type": "delay", "ms": 1500}, read_timeout_ms=300)
    if code == "connection_lost":
        return fault({"type": "drop_after_body"})
    if code == "throttled":
        return fault({"type": "throttle"}, retry=once)
    if code == "signature_mismatch":
        return lambda: send(emu.client(k.access_key_id, k.wrong_secret, k.token), use_async, **request())
    if code == "clock_skew":
        emu.set_clock(3600)
        return broadcast(retry=once)
    if code == "auth":
        if k.token is not None:
            # The key is known, the STS token is not the one it was issued with.
            return lambda: send(emu.client(k.access_key_id, k.secret, LEAK_OTHER_TOKEN), use_async, **request())
        return lambda: send(emu.client("nobody", k.secret), use_async, **request())
    if code == "service":
        return fault({"type": "status", "status": 500})
    if code == "push_failed":
        return broadcast(fields={"template_name": "missing_tpl"})
    if code == "invalid_response":
        return fault({"type": "malformed_json"})
    if code == "internal":
        client = emu.client(k.access_key_id, k.secret, k.token)

        def panicking() -> Any:
            arm_core_panic("send")
            return send(client, use_async, **request())

        return panicking
    raise AssertionError(f"no way to provoke {code}")
