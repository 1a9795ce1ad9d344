"""Sends one broadcast through the installed mpaas_push wheel (scripts/verify-release.sh).

Usage: MPAAS_PUSH_ENDPOINT=http://127.0.0.1:PORT python send.py MSGKEY
with ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET set (the emulator's test key).
"""

import os
import platform
import sys

import mpaas_push
from mpaas_push import Client

with Client.from_env(endpoint=os.environ["MPAAS_PUSH_ENDPOINT"]) as client:
    result = client.push_broadcast(
        app_id="ONEX570DA89211721", workspace_id="default", delivery_type="android",
        msgkey=sys.argv[1], expired_seconds=300, task_name="Release check",
        template_name="news_tpl", template_key_value={"content": "Hello"}, bind_period="7d",
    )
print(f"python {platform.python_version()} {platform.machine()} {mpaas_push.__file__}: "
      f"sent, requestId={result.request_id} taskId={result.task_id}")
