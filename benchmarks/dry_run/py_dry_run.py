"""N pinned dry runs of every requests.json case through the Python package
(request given as the neutral camelCase dict, as the core's own harness
reads it). Run under callgrind by benchmarks/dry_run/instructions.sh."""
import json, pathlib, sys
from mpaas_push import Client

n = int(sys.argv[1])
doc = json.loads((pathlib.Path(sys.argv[2])).read_text())
cases = [(c["request"], c["v1"]["nonce"], c["v1"]["timestamp"]) for c in doc["cases"]]
client = Client("LTAI-bench", "bench-secret", endpoint="http://127.0.0.1:9")
total = 0
for _ in range(n):
    for req, nonce, ts in cases:
        total += len(client.prepare_broadcast(request=req, nonce=nonce, timestamp=ts).body)
print(f"calls={n * len(cases)} bytes={total}")
