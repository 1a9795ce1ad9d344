"""Process-level safety: os.fork() and Rust panics."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import warnings
from typing import Any, Callable, Dict

import pytest

import mpaas_push
from mpaas_push import ConfigError, MpaasPushError
from support import Emulator, arm_core_panic, assert_clean, raises, request

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

# Child exit statuses.
OK, WRONG_ERROR, NO_ERROR = 0, 10, 11


def run_in_child(body: Callable[[], object], timeout: float = 30.0) -> int:
    """Forks; the child runs `body` and exits 0 if it raised a ConfigError
    mentioning fork. Returns the child's exit status; fails if it hangs."""
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork() in a process with threads (ours:
        # the engine's runtime): that is exactly the situation under test.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        status = NO_ERROR
        try:
            body()
        except ConfigError as e:
            status = OK if "fork" in str(e) else WRONG_ERROR
            if status != OK:
                print(f"child: ConfigError without 'fork': {e}", file=sys.stderr)
        except BaseException as e:  # noqa: BLE001
            print(f"child: unexpected {type(e).__name__}: {e}", file=sys.stderr)
            status = WRONG_ERROR
        finally:
            sys.stderr.flush()
            os._exit(status)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail(f"the forked child hung for {timeout} s")


def used_client(emu: Emulator) -> mpaas_push.Client:
    client = emu.client()
    assert client.push_broadcast(**request("before-fork")).result_code == "OK"
    return client


def test_fork_sync_call_in_child_raises_config_error(emu: Emulator) -> None:
    client = used_client(emu)
    assert run_in_child(lambda: client.push_broadcast(**request("child-sync"))) == OK
    # The parent is unaffected.
    assert client.push_broadcast(**request("after-fork")).result_code == "OK"
    assert [r["msgkey"] for r in emu.requests()] == ["before-fork", "after-fork"]


def test_fork_async_call_in_child_raises_config_error(emu: Emulator) -> None:
    client = used_client(emu)

    async def send() -> None:
        await client.push_broadcast_async(**request("child-async"))

    assert run_in_child(lambda: asyncio.run(send())) == OK
    assert [r["msgkey"] for r in emu.requests()] == ["before-fork"]


def test_fork_new_client_in_child_works(emu: Emulator) -> None:
    used_client(emu)
    # A client created in the child gets the child's own engine runtime and
    # connection pool, so blocking calls work there.
    assert run_in_child(lambda: emu.client().push_broadcast(**request("child-new"))) == NO_ERROR

    # asyncio calls on a client created in the child work too, also after the
    # parent made asyncio calls of its own (the child's calls run on the
    # child's runtime).
    async def send(client: mpaas_push.Client, msgkey: str) -> None:
        await client.push_broadcast_async(**request(msgkey))

    asyncio.run(send(emu.client(), "parent-async"))
    assert run_in_child(lambda: asyncio.run(send(emu.client(), "child-new-async"))) == NO_ERROR
    assert {"before-fork", "child-new", "parent-async", "child-new-async"} <= {r["msgkey"] for r in emu.requests()}


def test_rust_panic_is_an_mpaas_push_error(emu: Emulator) -> None:
    with raises(MpaasPushError, code="internal") as info:
        mpaas_push._native._debug_panic()  # type: ignore[attr-defined]
    e = info.value
    assert isinstance(e, Exception)  # not pyo3's PanicException (a BaseException)
    assert "panic" in str(e)
    assert_clean(e)
    # The library still works afterwards.
    client = emu.client()
    assert client.push_broadcast(**request("after-panic")).result_code == "OK"
    with raises(MpaasPushError, code="internal"):
        mpaas_push._native._debug_panic()  # type: ignore[attr-defined]
    assert client.prepare_broadcast(**request("after-panic-2")).signature




# --- a panic inside the core (the `test-hooks` of the engine) ---------------

PANIC_POINTS = ["validate", "send", "parse"]


def panicked_requests(emu: Emulator, point: str, msgkey: str) -> None:
    """Requests the emulator saw for `msgkey`: a panic before sending sends
    nothing; one while reading the response comes after the service acted."""
    n = sum(1 for r in emu.requests() if r["msgkey"] == msgkey)
    assert n == (1 if point == "parse" else 0), f"{point}: {n} request(s) for {msgkey}"


@pytest.mark.parametrize("point", PANIC_POINTS)
def test_core_panic_in_a_blocking_call(emu: Emulator, point: str) -> None:
    client = emu.client()
    arm_core_panic(point)
    with raises(MpaasPushError, code="internal") as info:
        client.push_broadcast(**request(f"panic-{point}"))
    assert isinstance(info.value, Exception)
    assert "panic" in str(info.value) and point in str(info.value).lower()
    panicked_requests(emu, point, f"panic-{point}")
    # The process is alive and the same client still works.
    assert client.push_broadcast(**request(f"after-panic-{point}")).result_code == "OK"
    assert client.prepare_broadcast(**request("dry")).signature


@pytest.mark.parametrize("point", PANIC_POINTS)
async def test_core_panic_in_an_asyncio_call(emu: Emulator, point: str) -> None:
    client = emu.client()
    arm_core_panic(point)
    with raises(MpaasPushError, code="internal") as info:
        await client.push_broadcast_async(**request(f"apanic-{point}"))
    assert "panic" in str(info.value)
    panicked_requests(emu, point, f"apanic-{point}")
    results = await asyncio.gather(*(client.push_broadcast_async(**request(f"after-apanic-{point}-{i}")) for i in range(4)))
    assert [r.result_code for r in results] == ["OK"] * 4


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_core_panic_in_a_companion_call(emu: Emulator, use_async: bool) -> None:
    client = emu.client()
    query: Dict[str, Any] = dict(app_id="ONEX570DA89211721", workspace_id="test", task_id="1000001")

    async def detail() -> object:
        return await client.task_detail_async(**query)

    def call() -> object:
        return asyncio.run(detail()) if use_async else client.task_detail(**query)

    arm_core_panic("send")
    with raises(MpaasPushError, code="internal"):
        call()
    assert emu.requests() == []
    # Afterwards the call reaches the service again (which knows no such task).
    with pytest.raises(MpaasPushError) as info:
        call()
    assert info.value.code != "internal"
    assert len(emu.requests()) == 1


def test_an_armed_panic_fires_once_per_arming(emu: Emulator) -> None:
    client = emu.client()
    with pytest.raises(ValueError):
        mpaas_push._native._arm_core_panic("nowhere")  # type: ignore[attr-defined]
    arm_core_panic("send")
    mpaas_push._native._disarm_core_panic()  # type: ignore[attr-defined]
    assert client.push_broadcast(**request("disarmed")).result_code == "OK"
