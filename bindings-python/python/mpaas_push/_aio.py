"""The asyncio side of the native bridge: one result queue per event loop
(see ``_native.LoopBridge``) and the await of one native call."""

from __future__ import annotations

import weakref
from typing import Any, Callable

from . import _native

#: One result queue per asyncio event loop (see ``_native.LoopBridge``).
_bridges: "weakref.WeakKeyDictionary[Any, _native.LoopBridge]" = weakref.WeakKeyDictionary()


def _bridge(loop: Any) -> _native.LoopBridge:
    bridge = _bridges.get(loop)
    if bridge is None:
        bridge = _bridges[loop] = _native.LoopBridge(loop)
    return bridge


async def _await_call(start: Callable[[_native.LoopBridge, Any], _native.CallHandle]) -> str:
    """Starts a native asyncio call (``start(bridge, future)``) and awaits
    its result text; cancelling the awaiting task aborts the call."""
    # Imported here: `import mpaas_push` stays fast for blocking users, and a
    # caller of this coroutine has asyncio loaded already.
    from asyncio import get_running_loop

    loop = get_running_loop()
    future = loop.create_future()
    call = start(_bridge(loop), future)
    try:
        text: str = await future
    except BaseException:
        # Cancelled (or interrupted) while waiting: stop the request too.
        call.cancel()
        raise
    return text
