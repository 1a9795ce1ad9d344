"""One client shared by many asyncio tasks and by many threads."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from mpaas_push import BroadcastResult, ValidationError
from support import Emulator, request


async def test_64_concurrent_async_calls_on_one_client(emu: Emulator) -> None:
    client = emu.client()
    results = await asyncio.gather(*(client.push_broadcast_async(**request(f"a-{i}")) for i in range(64)))
    assert all(isinstance(r, BroadcastResult) and r.result_code == "OK" for r in results)
    assert len({r.task_id for r in results}) == 64
    recs = emu.requests()
    assert len(recs) == 64
    assert {r["msgkey"] for r in recs} == {f"a-{i}" for i in range(64)}


async def test_the_event_loop_is_not_blocked(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "delay", "ms": 300}})
    client = emu.client()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    t = asyncio.ensure_future(ticker())
    try:
        await client.push_broadcast_async(**request("slow-async"))
    finally:
        t.cancel()
    assert ticks >= 10, f"the loop ran only {ticks} times during a 300 ms call"


async def test_cancelling_the_awaiting_task_abandons_the_call(emu: Emulator) -> None:
    emu.fault({"fault": {"type": "delay", "ms": 300}})
    client = emu.client()
    task = asyncio.ensure_future(client.push_broadcast_async(**request("cancelled")))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # A timeout is a cancellation too; the client and the loop carry on.
    emu.fault({"fault": {"type": "delay", "ms": 300}})
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.push_broadcast_async(**request("timed-out")), 0.05)
    res = await client.push_broadcast_async(**request("after-cancel"))
    assert res.result_code == "OK"


async def test_results_and_errors_interleave_on_one_loop(emu: Emulator) -> None:
    client = emu.client()

    async def one(i: int) -> object:
        if i % 3 == 0:
            try:
                await client.push_broadcast_async(**request(f"bad-{i}", push_status="all"))
            except ValidationError as e:
                return e.field
            raise AssertionError("no ValidationError")
        return (await client.push_broadcast_async(**request(f"ok-{i}"))).result_code

    got = await asyncio.gather(*(one(i) for i in range(48)))
    assert got == ["unBindPeriod" if i % 3 == 0 else "OK" for i in range(48)]


def test_one_client_on_successive_event_loops(emu: Emulator) -> None:
    client = emu.client()

    async def burst(tag: str) -> int:
        results = await asyncio.gather(*(client.push_broadcast_async(**request(f"{tag}-{i}")) for i in range(16)))
        return sum(r.result_code == "OK" for r in results)

    assert [asyncio.run(burst(f"loop{n}")) for n in range(3)] == [16, 16, 16]
    assert len(emu.requests()) == 48


def test_8_threads_share_one_client(emu: Emulator) -> None:
    client = emu.client()

    def send(i: int) -> BroadcastResult:
        return client.push_broadcast(**request(f"t-{i}"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, range(64)))
    assert all(r.result_code == "OK" for r in results)
    assert len({r.task_id for r in results}) == 64
    assert len(emu.requests()) == 64
