"""Optional: start the dashboards' servers of a clinic's clinicians and directors before the working day.

    IOPKIT_HUB_URL=http://127.0.0.1:8000 IOPKIT_HUB_ADMIN_TOKEN=... python deploy/hub/start_the_day.py

A first login of the day waits for the person's Jupyter server to start (several seconds, see deploy/README.md,
"How long a login takes"); a login to a running server does not. Run this from cron shortly before the clinic
opens (e.g. ``30 7 * * 1-5``): it asks the hub (its REST API, as the hub's setup service whose token is
``IOPKIT_HUB_ADMIN_TOKEN``) to start the server of every member of ``clinicians`` and ``directors`` who has none
running, one at a time, and prints who was started. Each server is started exactly as at login: the spawner gives
it its user's database login, groups and sites; nothing is shared. Researchers are left alone.

Servers nobody uses are stopped by idle culling after ``IOPKIT_HUB_IDLE`` seconds (an hour by default): give it
the time between this run and the last first login of the morning (e.g. ``IOPKIT_HUB_IDLE=14400``), or the servers
started here are culled before they are used. Each server holds about 150 MB of memory while it waits.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.request

GROUPS = ("clinicians", "directors")


def _api(method: str, path: str) -> dict | None:
    request = urllib.request.Request(
        f"{os.environ.get('IOPKIT_HUB_URL', 'http://127.0.0.1:8000')}/hub/api{path}",
        method=method,
        headers={"Authorization": f"token {os.environ['IOPKIT_HUB_ADMIN_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    return json.loads(body) if body else None


def main() -> int:
    names = sorted({name for group in GROUPS for name in (_api("GET", f"/groups/{group}") or {}).get("users", [])})
    for name in names:
        if (_api("GET", f"/users/{name}") or {}).get("servers"):
            continue  # already running (or starting)
        began = time.monotonic()
        _api("POST", f"/users/{name}/server")
        while not ((_api("GET", f"/users/{name}") or {}).get("servers", {}).get("", {}).get("ready")):
            if time.monotonic() - began > 120:
                print(f"{name}: not ready after 120 s, see the hub's log", file=sys.stderr)
                break
            time.sleep(1)
        else:
            print(f"{name}: started in {time.monotonic() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
