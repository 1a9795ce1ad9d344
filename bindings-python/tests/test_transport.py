"""The real transport through the Python binding: HTTPS to the emulator
serving TLS (`mpaas-push emulator --tls`, with certificates that must be
accepted and ones that must be refused), a real HTTP proxy (Debian's
tinyproxy) with CONNECT and basic auth, the proxy environment variables, and
the service dying mid-load. Each scenario writes its row to
target/reliability/python-transport-<name>.json or python-dies.json for
scripts/reliability_report.py (the same rows as the Rust, Node and JVM
suites)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

import mpaas_push
from mpaas_push import Client, MpaasPushError, RetryPolicy, TransportError
from support import ID, LEAK_PROXY_PASSWORD, REPO, SECRET, assert_clean, emulator_subprocess, free_port, request

OUT = REPO / "target" / "reliability"
PROXY_USER = "proxy-user"
FAST = RetryPolicy(base_delay_ms=5, max_delay_ms=20)


def record(name: str, what: str, error: Optional[MpaasPushError], accepted: int) -> None:
    """One row of docs/reliability.md's "HTTPS and proxies" table."""
    row: Dict[str, Any] = {"name": name, "what": what, "accepted": accepted}
    if error is None:
        row["outcome"] = "ok"
    else:
        row.update(outcome="error", code=error.code, maybeSent=error.maybe_sent, attempts=error.attempts)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"python-transport-{name}.json").write_text(
        json.dumps({"language": "python", "transport": [row]}), encoding="utf-8"
    )


# --- processes: the emulator and tinyproxy --------------------------------------


class EmulatorProcess:
    """`mpaas-push emulator` in a process of its own (so it can die). The
    suite reads its control API over HTTPS without checking the certificate:
    the emulator may be serving one that is meant to be refused, and what is
    under test is the client, not urllib."""

    def __init__(self, proc: "subprocess.Popen[str]", url: str, ca: Optional[Path]) -> None:
        self.proc = proc
        self.url = url
        self.ca = ca
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self._http = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
        )

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def received(self) -> int:
        with self._http.open(f"{self.url}/_emulator/health", timeout=10) as resp:
            n: int = json.loads(resp.read())["received"]
        return n

    def client(self, **options: Any) -> Client:
        options.setdefault("retry", FAST)
        options.setdefault("proxy", "none")
        return Client(ID, SECRET, endpoint=self.url, **options)

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)


@contextlib.contextmanager
def emulator(*extra: str, tls: bool = True) -> Iterator[EmulatorProcess]:
    with tempfile.TemporaryDirectory(prefix="mpaas-push-py-tls-") as tmp:
        ca = Path(tmp) / "ca.pem"
        args = ["emulator", "--port", "0", "--access-key", f"{ID}:{SECRET}", "--template", "news_tpl=News: #content#"]
        if tls:
            args += ["--tls", "--tls-ca-out", str(ca)]
        with emulator_subprocess(args + list(extra)) as (proc, url):
            yield EmulatorProcess(proc, url, ca if tls else None)


class Tinyproxy:
    """Debian's tinyproxy on a free loopback port, with basic auth when
    given; its log lists what it was asked (`CONNECT host:port HTTP/1.1`)."""

    def __init__(self, auth: Optional[Tuple[str, str]]) -> None:
        if shutil.which("tinyproxy") is None:
            pytest.fail("tinyproxy is needed: run scripts/install-test-deps.sh (apt-get install tinyproxy)")
        self.dir = Path(tempfile.mkdtemp(prefix="mpaas-push-py-tinyproxy-"))
        # tinyproxy drops to `nobody` when started as root: its log must be writable then.
        os.chmod(self.dir, 0o777)
        self.port = free_port()
        conf = (
            f"Port {self.port}\nListen 127.0.0.1\nTimeout 30\n"
            f'LogFile "{self.dir / "log"}"\nLogLevel Connect\nMaxClients 200\n'
        )
        if os.geteuid() == 0:
            conf += "User nobody\nGroup nogroup\n"
        if auth:
            conf += f"BasicAuth {auth[0]} {auth[1]}\n"
        (self.dir / "conf").write_text(conf)
        self.proc = subprocess.Popen(
            ["tinyproxy", "-d", "-c", str(self.dir / "conf")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 1):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"tinyproxy did not start on port {self.port}"
                time.sleep(0.02)

    def url(self, auth: Optional[Tuple[str, str]] = None) -> str:
        creds = f"{auth[0]}:{auth[1]}@" if auth else ""
        return f"http://{creds}127.0.0.1:{self.port}"

    def requests(self) -> List[str]:
        """The requests it logged, e.g. `CONNECT 127.0.0.1:PORT HTTP/1.1`."""
        log = self.dir / "log"
        text = log.read_text(errors="replace") if log.exists() else ""
        out = []
        for line in text.splitlines():
            _, sep, rest = line.partition("): ")
            if sep and rest.startswith(("CONNECT ", "POST ")):
                out.append(rest.strip())
        return out

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def tinyproxy_auth() -> Iterator[Tinyproxy]:
    p = Tinyproxy((PROXY_USER, LEAK_PROXY_PASSWORD))
    yield p
    p.stop()


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests choose the proxy; the machine's environment does not."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


pytestmark = pytest.mark.usefixtures("no_proxy_env")

T: Dict[str, Any] = {"app_id": "ONEX570DA89211721", "workspace_id": "test"}


# --- HTTPS ----------------------------------------------------------------------


def test_https_with_the_ca_added_blocking_asyncio_and_a_companion_action() -> None:
    with emulator() as emu:
        assert emu.url.startswith("https://127.0.0.1:")
        with emu.client(ca_file=str(emu.ca)) as client:
            result = client.push_broadcast(**request())
            assert result.task_id
            detail = client.task_detail(**T, task_id=result.task_id)
            assert detail.task_id == result.task_id
            asyncio.run(client.push_broadcast_async(**request()))
        assert emu.received() == 3
        record("https-ca-added", "HTTPS with the emulator's CA added (async, companion, blocking)", None, emu.received())


def test_ssl_cert_file_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    with emulator() as emu:
        monkeypatch.setenv("SSL_CERT_FILE", str(emu.ca))
        with emu.client() as client:
            client.push_broadcast(**request())
        assert emu.received() == 1


def test_a_missing_ca_file_is_a_config_error_naming_the_option(tmp_path: Path) -> None:
    with pytest.raises(mpaas_push.ConfigError) as info:
        Client(ID, SECRET, endpoint="https://127.0.0.1:1", ca_file=str(tmp_path / "gone.pem"))
    assert (info.value.code, info.value.field, info.value.rule) == ("config", "caFile", "certificates")


@pytest.mark.parametrize(
    ("fault", "add_ca", "reason", "row"),
    [
        (None, False, "UnknownIssuer", ("https-untrusted-ca", "HTTPS, the CA not added")),
        ("other-name", True, "not valid for name", ("https-other-name", "HTTPS, a certificate for another name")),
        ("expired", True, "certificate expired", ("https-expired", "HTTPS, an expired certificate")),
    ],
)
@pytest.mark.parametrize("use_async", [False, True])
def test_a_certificate_that_must_be_refused(
    fault: Optional[str],
    add_ca: bool,
    reason: str,
    row: Tuple[str, str],
    use_async: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with emulator(*(["--tls-fault", fault] if fault else [])) as emu:
        options: Dict[str, Any] = {"ca_file": str(emu.ca)} if add_ca else {}
        with emu.client(**options) as client, pytest.raises(TransportError) as info:
            if use_async:
                asyncio.run(client.push_broadcast_async(**request()))
            else:
                client.push_broadcast(**request())
        e = info.value
        assert (e.code, e.maybe_sent, e.retryable, e.attempts) == ("tls", False, False, 1), e
        assert f"127.0.0.1:{emu.port}" in str(e) and reason in str(e), e
        assert_clean(e)
        assert emu.received() == 0, "nothing may reach the service"
        # The refusal is the exception's to report: no dependency (the
        # certificate verifier) logs into the application's loggers.
        # (asyncio logs its own "Using selector" at DEBUG.)
        assert [r.name for r in caplog.records if not r.name.startswith(("mpaas_push", "asyncio"))] == []
        if not use_async:
            record(row[0], row[1], e, emu.received())


# --- proxies --------------------------------------------------------------------


def test_https_through_a_real_proxy_with_basic_auth(tinyproxy_auth: Tinyproxy) -> None:
    proxy = tinyproxy_auth
    with emulator() as emu:
        with emu.client(ca_file=str(emu.ca), proxy=proxy.url((PROXY_USER, LEAK_PROXY_PASSWORD))) as client:
            for _ in range(3):
                client.push_broadcast(**request())
            assert_clean(client)
        assert emu.received() == 3
        # One tunnel, kept alive for the three calls.
        assert proxy.requests() == [f"CONNECT 127.0.0.1:{emu.port} HTTP/1.1"]
        record("proxy-connect-auth", "HTTPS through tinyproxy (CONNECT, basic auth)", None, emu.received())


def test_a_wrong_proxy_password_is_a_proxy_error(tinyproxy_auth: Tinyproxy) -> None:
    proxy = tinyproxy_auth
    wrong = "wrong-Pw-99"
    with emulator() as emu:
        with emu.client(ca_file=str(emu.ca), proxy=proxy.url((PROXY_USER, wrong))) as client:
            with pytest.raises(TransportError) as info:
                client.push_broadcast(**request())
            e = info.value
            assert (e.code, e.maybe_sent, e.retryable, e.attempts) == ("proxy", False, False, 1), e
            assert f"127.0.0.1:{proxy.port}" in str(e) and "user name and password" in str(e), e
            for text in (repr(e), str(e), repr(client), str(client)):
                assert wrong not in text and PROXY_USER not in text, text
            assert_clean(e, client)
        assert emu.received() == 0
        record("proxy-wrong-password", "tinyproxy, wrong password", e, emu.received())


def test_an_unreachable_proxy_is_a_proxy_error() -> None:
    with emulator() as emu:
        proxy = f"http://u:{LEAK_PROXY_PASSWORD}@127.0.0.1:{free_port()}"
        with emu.client(ca_file=str(emu.ca), proxy=proxy) as client, pytest.raises(TransportError) as info:
            client.push_broadcast(**request())
        e = info.value
        assert (e.code, e.maybe_sent, e.attempts) == ("proxy", False, 1), e
        assert_clean(e)
        assert emu.received() == 0
        record("proxy-unreachable", "a proxy where nothing listens", e, emu.received())


def test_plain_http_through_a_real_proxy() -> None:
    proxy = Tinyproxy(None)
    try:
        with emulator(tls=False) as emu:
            with emu.client(proxy=proxy.url()) as client:
                client.push_broadcast(**request())
            logged = proxy.requests()
            assert len(logged) == 1 and logged[0].startswith(f"POST {emu.url}/?"), logged
            record("proxy-plain-http", "plain HTTP through tinyproxy (absolute form)", None, emu.received())
    finally:
        proxy.stop()


def test_the_environments_proxy_is_honoured_by_default(
    tinyproxy_auth: Tinyproxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = tinyproxy_auth
    url = proxy.url((PROXY_USER, LEAK_PROXY_PASSWORD))
    with emulator() as emu:
        connect = f"CONNECT 127.0.0.1:{emu.port} HTTP/1.1"

        def send(**options: Any) -> None:
            # No `proxy` option: the default ("env") reads the environment
            # when the client is built.
            with Client(ID, SECRET, endpoint=emu.url, ca_file=str(emu.ca), retry=FAST, **options) as client:
                client.push_broadcast(**request())

        for name in ("HTTPS_PROXY", "https_proxy"):
            monkeypatch.setenv(name, url)
            send()
            monkeypatch.delenv(name)
        assert proxy.requests() == [connect, connect], "upper- and lower-case"
        assert emu.received() == 2
        record(
            "proxy-env-default",
            "HTTPS_PROXY / https_proxy from the environment, honoured by default",
            None,
            emu.received(),
        )

        monkeypatch.setenv("HTTPS_PROXY", url)
        monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
        send()
        assert len(proxy.requests()) == 2, "NO_PROXY bypasses the proxy"
        record("proxy-env-no-proxy", "NO_PROXY covering the host: the proxy's log shows no request", None, 1)

        monkeypatch.delenv("NO_PROXY")
        send(proxy="none")
        assert len(proxy.requests()) == 2, "an explicit 'none' wins over the environment"
        assert emu.received() == 4
        record("proxy-explicit-none", 'an explicit "no proxy" option wins over HTTPS_PROXY', None, 1)


# --- the service dies mid-load ----------------------------------------------------

CALLS = 10_000
IN_FLIGHT = 64
DIES_AFTER = 0.4
FAIL_FAST_WITHIN = 10.0


def test_the_service_dies_mid_load_every_call_resolves_fast_and_truthfully(tmp_path: Path) -> None:
    tasks_out = tmp_path / "tasks.json"
    with emulator("--tasks-out", str(tasks_out), "--max-stored-tasks", str(2 * CALLS), tls=False) as emu:
        # The default retry policy: what a user gets.
        client = Client(ID, SECRET, endpoint=emu.url, proxy="none")
        outcomes: Dict[str, object] = {}
        msgkeys = [f"py-dies-{i:05d}-{mpaas_push.generate_msgkey()}" for i in range(CALLS)]
        base = {k: v for k, v in request().items() if k != "msgkey"}

        async def run() -> Tuple[float, float, float]:
            todo = iter(msgkeys)

            async def worker() -> None:
                for key in todo:
                    try:
                        outcome: object = await client.push_broadcast_async(**base, msgkey=key)
                    except MpaasPushError as e:
                        outcome = e
                    assert key not in outcomes, "a call resolved twice"
                    outcomes[key] = outcome

            async def killer() -> float:
                await asyncio.sleep(DIES_AFTER)
                emu.terminate()
                return time.monotonic()

            started = time.monotonic()
            kill = asyncio.ensure_future(killer())
            await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
            return started, await kill, time.monotonic()

        started, died, finished = asyncio.run(run())
        emu.proc.wait(timeout=30)
        client.close()

    accepted = {t["msgkey"] for t in json.loads(tasks_out.read_text())}
    by_code: Dict[str, int] = {}
    unsent = []
    ok = set()
    for key, o in outcomes.items():
        if isinstance(o, MpaasPushError):
            kind = o.code + (" (maybe sent)" if o.maybe_sent else "")
            if not o.maybe_sent:
                unsent.append(key)
        else:
            kind = "ok"
            ok.add(key)
        by_code[kind] = by_code.get(kind, 0) + 1
    falsely_unsent = [k for k in unsent if k in accepted]
    after_death = finished - died
    figures = {
        "calls": CALLS,
        "inFlight": IN_FLIGHT,
        "diesAfterMs": int(DIES_AFTER * 1000),
        "resolved": len(outcomes),
        "outcomes": dict(sorted(by_code.items())),
        "accepted": len(accepted),
        "falselyUnsent": len(falsely_unsent),
        "secondsAfterDeath": round(after_death, 2),
        "secondsTotal": round(finished - started, 2),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "python-dies.json").write_text(json.dumps({"language": "python", "dies": figures}, indent=1))
    print(f"dies mid-load: {figures}")

    assert len(outcomes) == CALLS, figures
    assert not falsely_unsent, f"accepted but reported unsent: {figures}"
    assert ok <= accepted, figures
    assert len(ok) < CALLS, f"the service died before the end: {figures}"
    assert after_death < FAIL_FAST_WITHIN, figures
