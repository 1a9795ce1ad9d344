"""Reliability through the Python binding: the shared fault matrix
(tests/reliability/faults.json, the same runner as tests/tests/reliability.rs),
and load: 10,000 asyncio broadcasts through one client, then 100 client
create → call → close cycles. What was observed goes to
target/reliability/python.json for scripts/reliability_report.py."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

import mpaas_push
from mpaas_push import Client, MpaasPushError, RetryPolicy
from support import ID, REPO, SECRET, Emulator, assert_clean, free_port

TABLE: Dict[str, Any] = json.loads((REPO / "tests" / "reliability" / "faults.json").read_text(encoding="utf-8"))
OUT = REPO / "target" / "reliability" / "python.json"


# --- target/reliability/python.json -------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _fresh_observations() -> Iterator[None]:
    """This run's observations only: an earlier run's file goes first."""
    OUT.unlink(missing_ok=True)
    yield


def record(key: str, value: Any) -> None:
    """Sets `key` of target/reliability/python.json (the fault matrix writes
    `observed`, the load test `load`)."""
    doc: Dict[str, Any] = {"language": "python"}
    if OUT.exists():
        doc = json.loads(OUT.read_text(encoding="utf-8"))
    doc[key] = value
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


# --- the fault matrix -----------------------------------------------------------


def matrix_client(endpoint: str, overrides: Dict[str, Any]) -> Client:
    """A client of `clientDefaults` + the scenario's `client` (milliseconds as given)."""
    c = {**TABLE["clientDefaults"], **overrides}
    return Client(
        ID,
        SECRET,
        endpoint=endpoint,
        connect_timeout_ms=c["connectTimeoutMs"],
        read_timeout_ms=c["readTimeoutMs"],
        total_timeout_ms=c["totalTimeoutMs"],
        retry=RetryPolicy(
            max_attempts=c["maxAttempts"],
            base_delay_ms=c["baseDelayMs"],
            max_delay_ms=c["maxDelayMs"],
            retry_maybe_sent=c["retryMaybeSent"],
        ),
    )


def run_scenario(emu: Emulator, sc: Dict[str, Any], use_async: bool) -> Dict[str, Any]:
    """One scenario on a reset emulator; the row of what was observed (the
    keys of the Rust runner)."""
    emu.reset()  # also the clock offset
    if "clockOffsetSeconds" in sc:
        emu.set_clock(sc["clockOffsetSeconds"])
    for f in sc["faults"]:
        emu.fault(f)
    endpoint = f"http://127.0.0.1:{free_port()}" if sc.get("endpoint") == "closed-port" else emu.url
    msgkey = mpaas_push.generate_msgkey()
    request = {**TABLE["request"], "msgkey": msgkey}
    seen: Dict[str, Any] = {"name": sc["name"]}
    with matrix_client(endpoint, sc.get("client", {})) as client:
        try:
            if use_async:
                result = asyncio.run(client.push_broadcast_async(request=request))
            else:
                result = client.push_broadcast(request=request)
        except MpaasPushError as e:
            assert_clean(e)
            seen.update(outcome="error", code=e.code, maybeSent=e.maybe_sent, clientAttempts=e.attempts)
            if e.http_status is not None:
                seen["httpStatus"] = e.http_status
            if e.timeout_kind is not None:
                seen["timeoutKind"] = e.timeout_kind
            if e.service_code is not None:
                seen["serviceCode"] = e.service_code
        else:
            seen.update(outcome="ok", alreadyAccepted=result.already_accepted)
    seen["emulatorAttempts"] = len(emu.requests("PushBroadcast"))
    seen["accepted"] = sum(t.get("msgkey") == msgkey for t in emu.tasks(all=True))
    return seen


def mismatches(expect: Dict[str, Any], seen: Dict[str, Any]) -> List[str]:
    return [f"{k}: expected {v!r}, observed {seen.get(k)!r}" for k, v in expect.items() if seen.get(k) != v]


def test_the_table_is_the_shared_one() -> None:
    names = [sc["name"] for sc in TABLE["scenarios"]]
    assert len(names) == len(set(names)) >= 20
    assert {"connection-refused", "drop-after-body-opt-in", "body-50-mb", "clock-skew"} <= set(names)


def test_fault_matrix_blocking(emu: Emulator) -> None:
    rows, failures = [], []
    for sc in TABLE["scenarios"]:
        seen = run_scenario(emu, sc, use_async=False)
        assert seen["accepted"] <= 1, seen
        bad = mismatches(sc["expect"], seen)
        if bad:
            failures.append(f"{sc['name']}: {'; '.join(bad)}")
        rows.append(seen)
    # Written whatever the outcome, then judged.
    record("observed", rows)
    assert not failures, "\n".join(failures)


def test_fault_matrix_asyncio(emu: Emulator) -> None:
    # The same table through the asyncio path (its own result and error
    # delivery); the file holds the blocking rows.
    failures = []
    for sc in TABLE["scenarios"]:
        seen = run_scenario(emu, sc, use_async=True)
        assert seen["accepted"] <= 1, seen
        bad = mismatches(sc["expect"], seen)
        if bad:
            failures.append(f"{sc['name']}: {'; '.join(bad)}")
    assert not failures, "\n".join(failures)


# --- load ----------------------------------------------------------------------

CALLS = 10_000  # the emulator records (and stores) at most 10,000: all of them
IN_FLIGHT = 128
CYCLES = 100


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def reset_peak_rss() -> None:
    """Resets VmHWM (Linux ≥ 4.0) so the peak is the load test's own; where
    that is refused the peak is the process's so far, still an upper bound."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def rss_mib() -> float:
    """The resident set size now (VmRSS), for the printed summary."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def peak_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kib / 1024, 1)


async def broadcast_all(client: Client, msgkeys: List[str]) -> Dict[str, List[object]]:
    """Sends one broadcast per Msgkey with IN_FLIGHT calls in flight; every
    outcome (result or exception) is recorded under its Msgkey."""
    outcomes: Dict[str, List[object]] = {}
    todo = iter(msgkeys)
    request = dict(TABLE["request"])

    async def worker() -> None:
        for key in todo:
            try:
                outcome: object = await client.push_broadcast_async(request={**request, "msgkey": key})
            except MpaasPushError as e:
                outcome = e
            outcomes.setdefault(key, []).append(outcome)

    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
    return outcomes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_load_one_client_then_client_cycles(emu: Emulator) -> None:
    unraisable: List[Any] = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append  # e.g. a future resolved twice
    try:
        # 10,000 broadcasts, 128 in flight, through one shared client.
        msgkeys = [f"load-{i:05d}-{mpaas_push.generate_msgkey()}" for i in range(CALLS)]
        client = emu.client()
        received_before = emu.received()
        gc.collect()
        rss_before = rss_mib()
        reset_peak_rss()
        started = time.monotonic()
        outcomes = asyncio.run(broadcast_all(client, msgkeys))
        elapsed = time.monotonic() - started  # reported, never asserted
        peak = peak_rss_mib()
        client.close()
        received = emu.received() - received_before

        resolved = sum(len(v) for v in outcomes.values())
        lost = sum(1 for k in msgkeys if k not in outcomes)
        errors = [o for v in outcomes.values() for o in v if isinstance(o, BaseException)]
        ours = set(msgkeys)
        requests = emu.requests("PushBroadcast")
        accepted = [t["msgkey"] for t in emu.tasks(all=True) if t.get("msgkey") in ours]
        duplicated = (len(accepted) - len(set(accepted))) + max(0, received - CALLS)

        # 100 cycles of create → one blocking call → close.
        gc.collect()
        fds_before = open_fds()
        for i in range(CYCLES):
            with emu.client() as c:
                c.push_broadcast(request={**TABLE["request"], "msgkey": f"cycle-{i}-{mpaas_push.generate_msgkey()}"})
            del c
        gc.collect()
        fds_after = open_fds()

        load = {
            "calls": CALLS,
            "inFlight": IN_FLIGHT,
            "resolved": resolved,
            "lost": lost,
            "duplicated": duplicated,
            "peakRssMiB": peak,
            "fdsBefore": fds_before,
            "fdsAfter": fds_after,
        }
        record("load", load)
        print(f"load: {CALLS} calls, {IN_FLIGHT} in flight, {elapsed:.1f} s, RSS {rss_before} MiB before; {load}")
    finally:
        sys.unraisablehook = old_hook

    assert not unraisable, [getattr(u, "exc_value", u) for u in unraisable[:3]]
    assert errors == [], errors[:3]
    # Every call resolved exactly once.
    assert lost == 0 and resolved == CALLS
    assert all(len(v) == 1 for v in outcomes.values())
    # The emulator saw each Msgkey once and accepted each once.
    assert received == CALLS, received
    assert len(requests) == CALLS and {r["msgkey"] for r in requests} == ours
    assert sorted(accepted) == sorted(msgkeys)
    assert duplicated == 0
    # No file-descriptor growth across the client cycles.
    assert fds_after <= fds_before + 3, load
