"""close(), the context managers, and results of a closed client."""

from __future__ import annotations

import pytest

from mpaas_push import ConfigError
from support import Emulator, raises, request


def test_with_closes_the_client(emu: Emulator) -> None:
    with emu.client() as client:
        assert not client.closed
        assert client.push_broadcast(**request("cm-1")).result_code == "OK"
    assert client.closed
    with raises(ConfigError, code="config") as info:
        client.push_broadcast(**request("cm-2"))
    assert "closed" in str(info.value)
    with raises(ConfigError):
        client.prepare_broadcast(**request("cm-3"))
    assert len(emu.requests()) == 1


def test_close_is_idempotent_and_closes_on_error(emu: Emulator) -> None:
    client = emu.client()
    with pytest.raises(RuntimeError):
        with client:
            raise RuntimeError("boom")
    assert client.closed
    client.close()
    assert client.closed


async def test_async_with(emu: Emulator) -> None:
    async with emu.client() as client:
        res = await client.push_broadcast_async(**request("acm-1"))
        assert res.result_code == "OK"
    assert client.closed
    with raises(ConfigError):
        await client.push_broadcast_async(**request("acm-2"))
    assert len(emu.requests()) == 1
