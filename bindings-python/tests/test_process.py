"""Process-level safety: os.fork() and Rust panics."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import warnings
from typing import Callable

import pytest

import mpaas_push
from mpaas_push import ConfigError, MpaasPushError
from support import Emulator, assert_clean, raises, request

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


