"""One client shared by many asyncio tasks and by many threads."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from mpaas_push import BroadcastResult
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


def test_8_threads_share_one_client(emu: Emulator) -> None:
    client = emu.client()

    def send(i: int) -> BroadcastResult:
        return client.push_broadcast(**request(f"t-{i}"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, range(64)))
    assert all(r.result_code == "OK" for r in results)
    assert len({r.task_id for r in results}) == 64
    assert len(emu.requests()) == 64
