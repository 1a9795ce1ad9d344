"""Scheduled broadcasts, end to end: schedule a fixed-time broadcast and a
weekly one, list every scheduled task (all pages), cancel one, list again.

Against the local emulator (what scripts/python.sh runs)::

    mpaas-push emulator --port 8080 --access-key LTAI-example:example-secret \\
        --template 'news_tpl=News: #content#' &
    ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-example ALIBABA_CLOUD_ACCESS_KEY_SECRET=example-secret \\
        MPAAS_PUSH_ENDPOINT=http://127.0.0.1:8080 python scheduled_walkthrough.py

Without ``MPAAS_PUSH_ENDPOINT`` it talks to the real service (set
``MPAAS_APP_ID``/``MPAAS_WORKSPACE_ID`` and use a template of yours).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, Dict

from mpaas_push import Client, PushKind, Schedule, generate_msgkey

APP = os.environ.get("MPAAS_APP_ID", "ONEX570DA89211721")
WORKSPACE = os.environ.get("MPAAS_WORKSPACE_ID", "default")
CHINA = dt.timezone(dt.timedelta(hours=8))  # the service's calendar


def main() -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    tomorrow = (now.astimezone(CHINA) + dt.timedelta(days=1)).date()
    news: Dict[str, Any] = dict(
        app_id=APP, workspace_id=WORKSPACE, delivery_type="android", expired_seconds=3600,
        template_name="news_tpl", template_key_value={"content": "Hello"}, bind_period="7d",
    )
    with Client.from_env(endpoint=os.environ.get("MPAAS_PUSH_ENDPOINT")) as client:
        # 1. Schedule: once in two days, and Mon/Wed/Fri 09:00 (China time) for four weeks.
        once = client.push_broadcast(
            **news, msgkey=generate_msgkey(), task_name="Launch day",
            schedule=Schedule.at(now + dt.timedelta(days=2)),
        )
        weekly = client.push_broadcast(
            **news, msgkey=generate_msgkey(), task_name="Weekly digest",
            schedule=Schedule.weekly([1, 3, 5], start=tomorrow, end=tomorrow + dt.timedelta(days=27),
                                     time=dt.time(9, 0)),
        )
        print(f"scheduled: fixed-time task {once.task_id}, weekly task {weekly.task_id}")

        # 2. List every scheduled task due in the next 30 days; the iterator
        #    fetches page after page (5 a page here) until the last one.
        window: Dict[str, Any] = dict(
            app_id=APP, workspace_id=WORKSPACE, start=now, end=now + dt.timedelta(days=30),
            kind=PushKind.BROADCAST,
        )
        tasks = list(client.iter_scheduled_tasks(**window, page_size=5))
        for t in tasks:
            due = t.push_time.astimezone(CHINA) if t.push_time else None
            print(f"  {t.unique_id:<20} parent {t.parent_id or '-':<10} due {due}  executed={t.executed}")
        print(f"{len(tasks)} scheduled pushes")

        # 3. Cancel the fixed-time task (the weekly runs stay).
        cancelled = client.cancel_schedulers(app_id=APP, workspace_id=WORKSPACE, unique_ids=[str(once.task_id)])
        print(f"cancel: {cancelled.result_code} {cancelled.content or ''}".rstrip())

        # 4. List again.
        left = [t.unique_id for t in client.iter_scheduled_tasks(**window)]
        print(f"{len(left)} scheduled pushes left")
        if once.task_id in left or len(left) != len(tasks) - 1:
            raise SystemExit(f"unexpected listing after the cancel: {left}")


if __name__ == "__main__":
    main()
