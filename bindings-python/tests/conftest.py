"""Fixtures: one emulator subprocess (`mpaas-push emulator`, the binary named
by MPAAS_PUSH_BIN, default target/debug/mpaas-push) for the session, reset
before every test that uses it."""

from __future__ import annotations

import os
import queue
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Iterator

import pytest

import mpaas_push
from support import binary, ID, LEAK_ID, LEAK_SECRET, LEAK_TOKEN, REPO, SECRET, STS_ID, TOKEN, Emulator

TEMPLATES = ["news_tpl=News: #content#"]


@pytest.fixture(scope="session")
def emulator_process() -> Iterator[Emulator]:
    args = [str(binary()), "emulator", "--port", "0"]
    for key in (f"{ID}:{SECRET}", f"{STS_ID}:{SECRET}:{TOKEN}", f"{LEAK_ID}:{LEAK_SECRET}:{LEAK_TOKEN}"):
        args += ["--access-key", key]
    for t in TEMPLATES:
        args += ["--template", t]
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, text=True)
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
            yield Emulator(first[len(prefix) :].strip())
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


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
