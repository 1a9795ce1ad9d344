"""The suite runs against the installed wheel, with the expected config."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any, List

import pytest

import mpaas_push
from mpaas_push import _native
from support import REPO


def test_import_resolves_into_site_packages() -> None:
    here = Path(mpaas_push.__file__).resolve()
    site = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    assert any(here.is_relative_to(s) for s in site), f"mpaas_push imported from {here}, not {site}"
    source = (REPO / "bindings-python" / "python").resolve()
    assert not here.is_relative_to(source)
    native = Path(_native.__file__).resolve()
    assert native.parent == here.parent and native.suffix in (".so", ".pyd")
    # PEP 561: the installed package carries its types.
    assert (here.parent / "py.typed").is_file()
    assert (here.parent / "_native.pyi").is_file()


def test_this_is_the_test_build() -> None:
    for hook in ("_debug_panic", "_arm_core_panic", "_disarm_core_panic"):
        assert callable(getattr(_native, hook, None)), (
            f"mpaas_push._native.{hook} is missing: build the wheel with --features test-hooks"
        )


def test_pytest_asyncio_auto_mode_is_configured(request: pytest.FixtureRequest) -> None:
    assert request.config.getini("asyncio_mode") == "auto"


RAN: List[Any] = []


async def test_async_tests_run_without_markers() -> None:
    import asyncio

    await asyncio.sleep(0)
    RAN.append(asyncio.get_running_loop())


def test_the_async_test_above_really_ran() -> None:
    # Without pytest-asyncio's auto mode the coroutine above would be
    # skipped (or never awaited) and record nothing.
    assert len(RAN) == 1 and RAN[0].is_closed()


def test_public_api_and_version() -> None:
    assert mpaas_push.__version__ == _native.__version__
    for name in mpaas_push.__all__:
        assert hasattr(mpaas_push, name), name
    assert issubclass(mpaas_push.CredentialsError, mpaas_push.ConfigError)
    for name in ("ThrottledError", "ClockSkewError", "PushFailedError"):
        assert issubclass(getattr(mpaas_push, name), mpaas_push.ServiceError)
    for name in ("ValidationError", "ConfigError", "TransportError", "ServiceError"):
        assert issubclass(getattr(mpaas_push, name), mpaas_push.MpaasPushError)
    assert issubclass(mpaas_push.MpaasPushError, Exception)


def test_import_time_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    """Measures `import mpaas_push` in fresh interpreters and prints it (the
    target is a benchmark figure, not an assertion)."""
    code = "import time; t = time.perf_counter(); import mpaas_push; print(time.perf_counter() - t)"
    runs = sorted(
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(5)
    )
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import mpaas_push"], check=True, capture_output=True, text=True
    ).stderr
    own = [line for line in trace.splitlines() if line.rstrip().endswith("mpaas_push")]
    with capsys.disabled():
        print(
            f"\nimport mpaas_push: best {runs[0] * 1000:.1f} ms, median {runs[2] * 1000:.1f} ms "
            f"(-X importtime: {own[-1].strip() if own else 'n/a'})"
        )


def test_result_classes_are_native() -> None:
    # The results are the core's typed structs, not dataclasses re-read
    # from JSON: they live in the compiled module.
    for name in ("BroadcastResult", "PreparedRequest", "SchedulerPage", "TaskReport", "Schedule"):
        cls = getattr(mpaas_push, name)
        assert cls is getattr(_native, name) and cls.__module__ == "mpaas_push"
