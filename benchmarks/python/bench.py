#!/usr/bin/env python3
"""PushBroadcast cost per call of mpaas_push against Alibaba Cloud's official
Python SDKs, all sending to the same local MPS emulator.

  bench.py run --flavour F --endpoint http://127.0.0.1:PORT ...
      One flavour in this process (so peak RSS is per flavour): warm-up calls
      (not measured), then N measured calls; prints one JSON line and exits 1
      if any call failed. Dry-run flavours (`ours-dry-run*`) need no endpoint:
      pinned dry runs of every case of --vectors, CPU µs per call.
  bench.py summary RESULTS.jsonl --ours-python PY --official-python PY
      The table, the ratios, `import` times and the machine.

Uses the standard library plus the client under test only.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, Tuple

APP_ID = "ONEX570DA89211721"
WORKSPACE_ID = "test"
TEMPLATE_NAME = "broadcast_tpl"
CONTENT = "hello from the benchmark"
TEMPLATE_KEY_VALUE = json.dumps({"content": CONTENT}, separators=(",", ":"))
TASK_NAME = "bench"
REGION = "cn-hangzhou"
TIMEOUT_S = 10

#: flavour → (client family, mode, scenario, label). Modes: "seq" (one call
#: at a time), "async" (asyncio, --concurrency in flight), "threads" (a
#: ThreadPoolExecutor of --concurrency threads, each making blocking calls),
#: "dry" (pinned dry runs, no network). Scenarios are those of the shared
#: benchmark contract (benchmarks/README.md): seq, c32, capacity (against
#: the emulator that answers after 50 ms), dry_run.
FLAVOURS: Dict[str, Tuple[str, str, str, str]] = {
    "ours-sync": ("ours", "seq", "seq", "mpaas_push Client.push_broadcast, sequential"),
    "ours-async": ("ours", "async", "c32", "mpaas_push push_broadcast_async, asyncio"),
    "ours-threads": ("ours", "threads", "c32", "mpaas_push push_broadcast, thread pool"),
    "ours-capacity": ("ours", "async", "capacity", "mpaas_push push_broadcast_async, asyncio, 50 ms emulator"),
    "ours-dry-run": ("ours", "dry", "dry_run", "mpaas_push prepare_broadcast(request=<neutral dict>), pinned"),
    "ours-dry-run-kw": ("ours", "dry", "dry_run", "mpaas_push prepare_broadcast(<snake_case keywords>), pinned"),
    "core2019-seq": ("core2019", "seq", "seq", "aliyun-python-sdk-core + -mpaas (2019-08-21, HMAC-SHA1), sequential"),
    "tea-v2-seq": ("tea-v2", "seq", "seq", "alibabacloud-mpaas20201028, signature 'v2' (HMAC-SHA1), sequential"),
    "tea-v3-seq": ("tea-v3", "seq", "seq", "alibabacloud-mpaas20201028, default V3 (ACS3-HMAC-SHA256), sequential"),
    "core2019-threads": ("core2019", "threads", "c32", "aliyun-python-sdk-core (no asyncio): thread pool"),
    "tea-v2-async": ("tea-v2", "async", "c32", "alibabacloud-mpaas20201028 'v2': *_async methods, asyncio"),
    "tea-v3-async": ("tea-v3", "async", "c32", "alibabacloud-mpaas20201028 V3: *_async methods, asyncio"),
    "core2019-capacity": ("core2019", "threads", "capacity", "aliyun-python-sdk-core: thread pool, 50 ms emulator"),
    "tea-v2-capacity": ("tea-v2", "async", "capacity", "alibabacloud-mpaas20201028 'v2': *_async methods, asyncio, 50 ms emulator"),
}


def sdk_name(family: str) -> str:
    """Short name and version of the client under test (from the installed
    distributions)."""
    from importlib.metadata import version

    if family == "ours":
        import mpaas_push

        return f"mpaas_push {mpaas_push.__version__}"
    if family == "core2019":
        return f"aliyun-python-sdk-core {version('aliyun-python-sdk-core')} + aliyun-python-sdk-mpaas {version('aliyun-python-sdk-mpaas')}"
    return f"alibabacloud-mpaas20201028 {version('alibabacloud-mpaas20201028')} (tea-openapi {version('alibabacloud-tea-openapi')})"


# --------------------------------------------------------------------------
# Clients: each family returns (blocking send, async send or None). A send
# takes a Msgkey and returns None on success or an error text.


def ours(args: argparse.Namespace) -> Tuple[Callable[[str], Optional[str]], Callable[[str], Any]]:
    from mpaas_push import Client

    client = Client(
        args.access_key_id,
        args.access_key_secret,
        endpoint=args.endpoint,
        allow_http=True,
        connect_timeout_ms=TIMEOUT_S * 1000,
        read_timeout_ms=TIMEOUT_S * 1000,
    )
    fields: Dict[str, Any] = dict(
        app_id=APP_ID,
        workspace_id=WORKSPACE_ID,
        delivery_type="android",
        expired_seconds=300,
        task_name=TASK_NAME,
        template_name=TEMPLATE_NAME,
        template_key_value={"content": CONTENT},
        push_status=0,
        bind_period="7d",
    )

    def check(result: Any) -> Optional[str]:
        if result.result_code != "OK" or not result.task_id:
            return f"result {result!r}"
        return None

    def send(msgkey: str) -> Optional[str]:
        return check(client.push_broadcast(msgkey=msgkey, **fields))

    async def send_async(msgkey: str) -> Optional[str]:
        return check(await client.push_broadcast_async(msgkey=msgkey, **fields))

    return send, send_async


def core2019(args: argparse.Namespace) -> Tuple[Callable[[str], Optional[str]], None]:
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkmpaas.request.v20190821.PushBroadcastRequest import PushBroadcastRequest

    host, _, port = args.endpoint.split("://", 1)[1].rpartition(":")
    client = AcsClient(
        args.access_key_id,
        args.access_key_secret,
        REGION,
        port=int(port),
        auto_retry=False,
        connect_timeout=TIMEOUT_S,
        timeout=TIMEOUT_S,
        # As its docstring asks for multi-threaded use: a pool as large as
        # the number of threads (default 10).
        pool_size=max(10, args.concurrency),
    )

    def send(msgkey: str) -> Optional[str]:
        request = PushBroadcastRequest()
        request.set_protocol_type("http")
        request.set_endpoint(host)
        request.set_AppId(APP_ID)
        request.set_WorkspaceId(WORKSPACE_ID)
        request.set_DeliveryType(1)
        request.set_Msgkey(msgkey)
        request.set_ExpiredSeconds(300)
        request.set_TemplateName(TEMPLATE_NAME)
        request.set_TemplateKeyValue(TEMPLATE_KEY_VALUE)
        request.set_TaskName(TASK_NAME)
        request.set_PushStatus(0)
        request.add_body_params("BindPeriod", 1)
        body = json.loads(client.do_action_with_exception(request).decode("utf-8"))
        if body.get("ResultCode") != "OK" or not body.get("PushResult", {}).get("Data"):
            return f"body {body!r}"
        return None

    return send, None


def tea(
    args: argparse.Namespace, signature_algorithm: Optional[str]
) -> Tuple[Callable[[str], Optional[str]], Optional[Callable[[str], Any]]]:
    from alibabacloud_mpaas20201028 import models
    from alibabacloud_mpaas20201028.client import Client
    from alibabacloud_tea_openapi.models import Config
    from darabonba.runtime import RuntimeOptions

    client = Client(
        Config(
            access_key_id=args.access_key_id,
            access_key_secret=args.access_key_secret,
            endpoint=args.endpoint.split("://", 1)[1],
            protocol="http",
            region_id=REGION,
            signature_algorithm=signature_algorithm,
        )
    )
    runtime = RuntimeOptions(
        read_timeout=TIMEOUT_S * 1000,
        connect_timeout=TIMEOUT_S * 1000,
        max_idle_conns=max(32, args.concurrency),
    )

    def request(msgkey: str) -> Any:
        return models.PushBroadcastRequest(
            app_id=APP_ID,
            workspace_id=WORKSPACE_ID,
            delivery_type=1,
            msgkey=msgkey,
            expired_seconds=300,
            template_name=TEMPLATE_NAME,
            template_key_value=TEMPLATE_KEY_VALUE,
            task_name=TASK_NAME,
            push_status=0,
            bind_period=1,
        )

    def check(response: Any) -> Optional[str]:
        body = response.body
        if body.result_code != "OK" or not (body.push_result and body.push_result.data):
            return f"body {body.to_map()!r}"
        return None

    def send(msgkey: str) -> Optional[str]:
        return check(client.push_broadcast_with_options(request(msgkey), runtime))

    async def send_async(msgkey: str) -> Optional[str]:
        return check(await client.push_broadcast_with_options_async(request(msgkey), runtime))

    has_async = hasattr(client, "push_broadcast_with_options_async")
    return send, send_async if has_async else None


def make_client(family: str, args: argparse.Namespace) -> Tuple[Callable[[str], Optional[str]], Any]:
    if family == "ours":
        return ours(args)
    if family == "core2019":
        return core2019(args)
    if family == "tea-v2":
        return tea(args, "v2")
    if family == "tea-v3":
        return tea(args, None)
    raise SystemExit(f"unknown client family {family}")


# --------------------------------------------------------------------------
# Drivers: run `count` calls with Msgkeys `prefix-0 …`; return (ok, errors,
# first error text).


class Tally:
    def __init__(self) -> None:
        self.errors = 0
        self.first: Optional[str] = None
        self.lock = threading.Lock()

    def fail(self, text: str) -> None:
        with self.lock:
            self.errors += 1
            if self.first is None:
                self.first = text


def describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"[:500]


def run_seq(send: Callable[[str], Optional[str]], prefix: str, count: int, tally: Tally) -> None:
    for i in range(count):
        try:
            err = send(f"{prefix}-{i}")
        except Exception as e:  # noqa: BLE001 - count whatever the client raised
            err = describe(e)
        if err is not None:
            tally.fail(err)


def run_threads(send: Callable[[str], Optional[str]], prefix: str, count: int, tally: Tally, width: int) -> None:
    # `width` threads, each taking the next index until `count` calls were made.
    counter = itertools.count()
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                i = next(counter)
            if i >= count:
                return
            try:
                err = send(f"{prefix}-{i}")
            except Exception as e:  # noqa: BLE001
                err = describe(e)
            if err is not None:
                tally.fail(err)

    with ThreadPoolExecutor(max_workers=width) as pool:
        for f in [pool.submit(worker) for _ in range(width)]:
            f.result()


def run_async(send_async: Callable[[str], Any], prefix: str, count: int, tally: Tally, width: int) -> None:
    # asyncio.gather over `count` calls, at most `width` in flight (Semaphore).
    async def main() -> None:
        sem = asyncio.Semaphore(width)

        async def one(i: int) -> None:
            async with sem:
                try:
                    err = await send_async(f"{prefix}-{i}")
                except Exception as e:  # noqa: BLE001
                    err = describe(e)
            if err is not None:
                tally.fail(err)

        await asyncio.gather(*(one(i) for i in range(count)))

    asyncio.run(main())


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def process_cpu_seconds(pid: int) -> Optional[float]:
    """utime + stime of another process (the emulator), from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def snake(key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in key)


def dry_run(args: argparse.Namespace, keywords: bool) -> Dict[str, Any]:
    """Pinned dry runs (fixed nonce and timestamp, no network) of every case
    of the vectors file, round after round: --warmup calls, then at least
    --n calls measured (whole rounds). CPU time of the process per call."""
    from mpaas_push import Client

    with open(args.vectors, encoding="utf-8") as f:
        doc = json.load(f)
    cases = [(c["request"], c["v1"]["nonce"], c["v1"]["timestamp"]) for c in doc["cases"]]
    client = Client("LTAI-bench", "bench-secret", endpoint="http://127.0.0.1:9")
    # Keywords interned, as those of a call written in source are.
    kw_cases = [({sys.intern(snake(k)): v for k, v in r.items()}, n, t) for r, n, t in cases]

    def rounds(count: int) -> int:
        done = 0
        for _ in range(-(-count // len(cases))):
            if keywords:
                for kw, nonce, ts in kw_cases:
                    client.prepare_broadcast(nonce=nonce, timestamp=ts, **kw)
            else:
                for req, nonce, ts in cases:
                    client.prepare_broadcast(request=req, nonce=nonce, timestamp=ts)
            done += len(cases)
        return done

    rounds(args.warmup)
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    n = rounds(args.n)
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    return {"n": n, "seconds": round(seconds, 4), "us_per_call": round(cpu * 1e6 / n, 3),
            "wall_us_per_call": round(seconds * 1e6 / n, 3), "cases": len(cases)}


def cmd_run(args: argparse.Namespace) -> int:
    family, mode, scenario, label = FLAVOURS[args.flavour]
    common = {
        "language": "python",
        "client": "ours" if family == "ours" else "official",
        "sdk": sdk_name(family),
        "flavour": args.flavour,
        "label": label,
        "scenario": scenario,
        "mode": mode,
    }
    if mode == "dry":
        load_before = os.getloadavg()[0]
        figures = dry_run(args, keywords=args.flavour.endswith("-kw"))
        out = {**common, "concurrency": 1, "warmup": args.warmup, **figures,
               "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
               "emulator_cpu_ms_per_call": None,
               "load_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)], "errors": 0}
        print(json.dumps(out), flush=True)
        return 0
    if not args.endpoint:
        raise SystemExit(f"{args.flavour}: --endpoint is required")
    send, send_async = make_client(family, args)
    if mode == "async" and send_async is None:
        print(f"{args.flavour}: this SDK has no asyncio methods", file=sys.stderr)
        return 2
    prefix = f"{args.run_id}-{args.flavour}"

    def drive(tag: str, count: int, tally: Tally) -> None:
        if mode == "seq":
            run_seq(send, f"{prefix}-{tag}", count, tally)
        elif mode == "threads":
            run_threads(send, f"{prefix}-{tag}", count, tally, args.concurrency)
        else:
            run_async(send_async, f"{prefix}-{tag}", count, tally, args.concurrency)

    warm = Tally()
    drive("warm", args.warmup, warm)

    load_before = os.getloadavg()[0]
    emu_cpu0 = process_cpu_seconds(args.emulator_pid) if args.emulator_pid else None
    tally = Tally()
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    drive("m", args.n, tally)
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    emu_cpu1 = process_cpu_seconds(args.emulator_pid) if args.emulator_pid else None
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    out = {
        **common,
        "concurrency": 1 if mode == "seq" else args.concurrency,
        "n": args.n,
        "warmup": args.warmup,
        "seconds": round(seconds, 4),
        "calls_per_s": round(args.n / seconds, 1),
        "cpu_ms_per_call": round(cpu * 1000 / args.n, 4),
        "peak_rss_mib": round(maxrss_kib / 1024, 1),
        "emulator_cpu_ms_per_call": (
            round((emu_cpu1 - emu_cpu0) * 1000 / args.n, 4)
            if emu_cpu0 is not None and emu_cpu1 is not None
            else None
        ),
        "load_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "errors": tally.errors + warm.errors,
    }
    first = warm.first or tally.first
    if first:
        out["first_error"] = first
    print(json.dumps(out), flush=True)
    return 1 if out["errors"] else 0


# --------------------------------------------------------------------------
# Summary


IMPORT_SNIPPET = (
    "import time; t = time.perf_counter(); import {module}; "
    "print((time.perf_counter() - t) * 1000)"
)


def import_times(python: str, module: str, runs: int = 5) -> Dict[str, Any]:
    """Median over `runs` fresh interpreters of the time `import module`
    takes (perf_counter around the import), and of the cumulative time
    `-X importtime` reports for the module. One untimed run first, so the
    bytecode cache exists (what every later start of an application sees)."""
    python = os.path.abspath(python)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([python, "-c", f"import {module}"], check=True, env=env, cwd="/")
    wall: List[float] = []
    cumulative: List[float] = []
    for _ in range(runs):
        out = subprocess.run(
            [python, "-c", IMPORT_SNIPPET.format(module=module)],
            check=True, capture_output=True, text=True, env=env, cwd="/",
        )
        wall.append(float(out.stdout.strip()))
    for _ in range(runs):
        out = subprocess.run(
            [python, "-X", "importtime", "-c", f"import {module}"],
            check=True, capture_output=True, text=True, env=env, cwd="/",
        )
        # "import time: self [us] | cumulative | imported package"; the
        # top-level line of the module carries the cumulative total.
        for line in out.stderr.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] == module:
                cumulative.append(int(parts[1]) / 1000)
    return {
        "module": module,
        "median_ms": round(statistics.median(wall), 2),
        "runs_ms": [round(w, 2) for w in wall],
        "importtime_cumulative_median_ms": round(statistics.median(cumulative), 2) if cumulative else None,
    }


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def python_version(python: str) -> str:
    out = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def cmd_summary(args: argparse.Namespace) -> int:
    with open(args.results) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    # RESULTS may hold the other languages' lines too (benchmarks/run.sh).
    rows = {r["flavour"]: r for r in lines if r.get("language", "python") == "python"}
    dry = {k: r for k, r in rows.items() if r.get("scenario") == "dry_run"}
    rows = {k: r for k, r in rows.items() if k not in dry}

    print("\n== machine")
    print(f"nproc: {os.cpu_count()}  cpu: {cpu_model()}")
    print(f"kernel: {platform.system()} {platform.release()}  python: {python_version(args.ours_python)}")
    print(f"load average now (1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    print("\n== results (calls measured after warm-up; CPU = this process, user+sys)")
    head = f"{'flavour':<18} {'in flight':>9} {'n':>6} {'calls/s':>9} {'CPU ms/call':>11} {'emu CPU ms':>10} {'peak RSS MiB':>12} {'load 1m':>11} {'errors':>6}"
    print(head)
    print("-" * len(head))
    for name in FLAVOURS:
        r = rows.get(name)
        if r is None:
            continue
        emu = r.get("emulator_cpu_ms_per_call")
        load = "→".join(f"{x:.2f}" for x in r["load_1m"])
        print(
            f"{name:<18} {r['concurrency']:>9} {r['n']:>6} {r['calls_per_s']:>9.1f} "
            f"{r['cpu_ms_per_call']:>11.3f} {'-' if emu is None else f'{emu:.3f}':>10} "
            f"{r['peak_rss_mib']:>12.1f} {load:>11} {r['errors']:>6}"
        )
    print()
    for name in FLAVOURS:
        if name in rows:
            print(f"  {name:<18} {rows[name]['label']}")
    if dry:
        print("\n== dry run (pinned, every requests.json case; CPU µs per call of this process)")
        for name, r in dry.items():
            print(f"  {name:<18} {r['us_per_call']:8.2f} µs/call  (wall {r['wall_us_per_call']:.2f}; n {r['n']})  {r['label']}")

    def ratio_lines(ours_name: str, others: List[str], target: float) -> None:
        o = rows.get(ours_name)
        if o is None:
            return
        for other in others:
            r = rows.get(other)
            if r is None:
                continue
            speed = o["calls_per_s"] / r["calls_per_s"]
            cpu = r["cpu_ms_per_call"] / o["cpu_ms_per_call"] if o["cpu_ms_per_call"] else float("inf")
            rss = r["peak_rss_mib"] / o["peak_rss_mib"] if o["peak_rss_mib"] else float("inf")
            mark = "meets" if cpu >= target and speed >= 1 else "MISSES"
            print(
                f"  {ours_name} / {other:<17} CPU per call {cpu:6.2f}× less (target ≥ {target:g}×, calls/s ≥ 1×: {mark})"
                f"   calls/s {speed:6.2f}×   peak RSS {rss:5.2f}× less"
            )

    print("\n== ratios")
    ratio_lines("ours-sync", ["core2019-seq", "tea-v2-seq", "tea-v3-seq"], 12)
    ratio_lines("ours-async", ["core2019-threads", "tea-v2-async", "tea-v3-async"], 12)
    ratio_lines("ours-capacity", ["core2019-capacity", "tea-v2-capacity"], 1)
    cap = rows.get("ours-capacity")
    if cap:
        ideal = cap["concurrency"] / 0.05
        print(f"  ours-capacity: {cap['calls_per_s'] / ideal:.1%} of the ideal {ideal:,.0f} calls/s (target ≥ 90%)")

    print("\n== import time (median of 5 fresh interpreters, bytecode cached)")
    targets = [(args.ours_python, "mpaas_push")]
    if args.official_python:
        targets += [
            (args.official_python, "aliyunsdkcore.client"),
            (args.official_python, "alibabacloud_mpaas20201028.client"),
        ]
    for python, module in targets:
        t = import_times(python, module)
        extra = " (target < 30 ms)" if module == "mpaas_push" else ""
        print(
            f"  import {module:<36} {t['median_ms']:7.2f} ms perf_counter{extra}; "
            f"-X importtime cumulative {t['importtime_cumulative_median_ms']} ms; runs {t['runs_ms']}"
        )
    failed = [r["flavour"] for r in [*rows.values(), *dry.values()] if r["errors"]]
    missing = [n for n in args.expect if n not in rows and n not in dry]
    if failed or missing:
        print(f"\nFAILED: errors in {failed}, missing results {missing}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="measure one flavour in this process")
    r.add_argument("--flavour", required=True, choices=list(FLAVOURS))
    r.add_argument("--endpoint", default=None, help="http://127.0.0.1:PORT of the emulator (not for dry runs)")
    r.add_argument("--access-key-id", default="benchid")
    r.add_argument("--access-key-secret", default="benchsecret")
    r.add_argument("--n", type=int, required=True, help="measured calls")
    r.add_argument("--warmup", type=int, default=100, help="calls before measuring (not counted)")
    r.add_argument("--concurrency", type=int, default=32, help="in flight (async / threads modes)")
    r.add_argument("--run-id", default=f"bench{os.getpid()}x{int(time.time())}", help="Msgkey prefix")
    r.add_argument("--emulator-pid", type=int, default=None, help="to report the emulator's CPU per call")
    r.add_argument("--vectors", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "vectors", "requests.json"),
                   help="requests.json of the dry-run flavours")
    s = sub.add_parser("summary", help="table, ratios, import times, machine")
    s.add_argument("results", help="file of the JSON lines of `run`")
    s.add_argument("--ours-python", required=True, help="interpreter of the venv with mpaas_push")
    s.add_argument("--official-python", default=None, help="interpreter of the venv with the official SDKs")
    s.add_argument("--expect", nargs="*", default=[], help="flavours that must have a result")
    args = p.parse_args()
    return cmd_run(args) if args.cmd == "run" else cmd_summary(args)


if __name__ == "__main__":
    sys.exit(main())
