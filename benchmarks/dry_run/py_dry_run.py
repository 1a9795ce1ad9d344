"""N pinned dry runs of every requests.json case through the Python package.
Run under callgrind by benchmarks/dry_run/instructions.sh and
py_instructions.sh.

Usage: py_dry_run.py N REQUESTS_JSON [dict|keywords]
  dict      (default) the request as the neutral camelCase dict, as the
            core's own harness reads it: prepare_broadcast(request=...)
  keywords  what a Python user writes: snake_case keywords,
            prepare_broadcast(app_id=..., delivery_type=..., ...)
"""
import json, pathlib, re, sys
from mpaas_push import Client


def snake(key):
    return re.sub(r"([A-Z])", r"_\1", key).lower()


n = int(sys.argv[1])
doc = json.loads((pathlib.Path(sys.argv[2])).read_text())
mode = sys.argv[3] if len(sys.argv) > 3 else "dict"
cases = [(c["request"], c["v1"]["nonce"], c["v1"]["timestamp"]) for c in doc["cases"]]
client = Client("LTAI-bench", "bench-secret", endpoint="http://127.0.0.1:9")
total = 0
if mode == "dict":
    for _ in range(n):
        for req, nonce, ts in cases:
            total += len(client.prepare_broadcast(request=req, nonce=nonce, timestamp=ts).body)
elif mode == "keywords":
    # Interned, as the keywords of a call written in source are.
    kw_cases = [({sys.intern(snake(k)): v for k, v in req.items()}, nonce, ts) for req, nonce, ts in cases]
    for _ in range(n):
        for kw, nonce, ts in kw_cases:
            total += len(client.prepare_broadcast(nonce=nonce, timestamp=ts, **kw).body)
else:
    sys.exit(f"unknown mode {mode!r}")
print(f"calls={n * len(cases)} bytes={total}")
