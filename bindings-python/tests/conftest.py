"""Fixtures: one emulator subprocess (`mpaas-push emulator`, the binary named
by MPAAS_PUSH_BIN, default target/debug/mpaas-push) for the session, reset
before every test that uses it."""

from __future__ import annotations

from typing import Iterator

import pytest

import mpaas_push
from support import emulator_subprocess, ID, LEAK_ID, LEAK_SECRET, LEAK_TOKEN, SECRET, STS_ID, TOKEN, Emulator

TEMPLATES = ["news_tpl=News: #content#"]


@pytest.fixture(scope="session")
def emulator_process() -> Iterator[Emulator]:
    args = ["emulator", "--port", "0"]
    for key in (f"{ID}:{SECRET}", f"{STS_ID}:{SECRET}:{TOKEN}", f"{LEAK_ID}:{LEAK_SECRET}:{LEAK_TOKEN}"):
        args += ["--access-key", key]
    for t in TEMPLATES:
        args += ["--template", t]
    with emulator_subprocess(args) as (_, url):
        yield Emulator(url)


@pytest.fixture
def emu(emulator_process: Emulator) -> Emulator:
    """The session's emulator, with no requests, faults, tasks or clock offset."""
    emulator_process.reset()
    return emulator_process


@pytest.fixture(autouse=True)
def _no_armed_core_panic() -> Iterator[None]:
    """A core panic armed by a test (``_arm_core_panic``) and not fired
    never reaches the next test."""
    yield
    disarm = getattr(mpaas_push._native, "_disarm_core_panic", None)
    if disarm is not None:
        disarm()
