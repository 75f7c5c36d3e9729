"""The synthetic demo and programme are written on the clinic's clock, whatever the server's zone.

A session "at 09:15 on Monday" built in UTC would show as 03:15 on a server in Chicago and count on Tuesday's
calendar day on one in Sydney: a weekly PHQ-9 would then fall in another week.  Each check runs in a fresh
interpreter with ``TZ`` set, so this process's zone is never changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SCRIPT = r"""
import collections, datetime as dt, json, sys, tempfile, pathlib
from iopkit.demo import build_demo_db
from iopkit.datasets.programme import demo_programme
from iopkit.entry import clinic_clock
from iopkit.store import Store

path = build_demo_db(pathlib.Path(tempfile.mkdtemp()) / "demo.sqlite", programme=False)
store = Store(path, read_only=True)
demo = collections.Counter()
days = set()
for patient in store.patients():
    for record in store.history(patient.id):
        if not isinstance(record.taken_at, dt.datetime):
            continue
        local = clinic_clock(record.taken_at)
        demo[local.strftime("%H:%M")] += 1
        days.add(local.weekday())
programme = collections.Counter(
    clinic_clock(when).strftime("%H:%M")
    for _, when, _ in demo_programme(patients=12).entries
    if isinstance(when, dt.datetime)
)
print(json.dumps({"demo": sorted(demo), "weekdays": sorted(days), "programme": sorted(programme)}))
"""


@pytest.mark.parametrize("zone", ["UTC", "America/Chicago", "Australia/Sydney"])
def test_demo_times_are_clinic_times(zone, tmp_path):
    env = {**os.environ, "TZ": zone, "IOPKIT_DEMO_DB": str(tmp_path / "unused.sqlite")}
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    # the times the generators write (intake 09:30; weekly measures 09:15 or 18:15 by track), typed here
    assert seen["demo"] == ["09:15", "09:30", "18:15"]
    assert seen["weekdays"] == [0]  # every demo record on a Monday, as its sessions' week starts
    # the programme: intake 08:30, weekly measures 09:15, flag follow-ups 16:00
    assert seen["programme"] == ["08:30", "09:15", "16:00"]
