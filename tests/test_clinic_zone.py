"""The clinic's clock is ``$IOPKIT_TIMEZONE`` when set, whatever the computer's zone (a researcher's notebook or a
hub's server in UTC): an evening's record counts on the clinic's day, as the chart does.

Found by a researcher's review: a PHQ-9 saved at 20:30 on 2 March 2026 in New York (01:30 UTC on 3 March) counted on
2 March in New York and on 3 March read on a UTC or a Tokyo machine. Each check runs in a fresh interpreter with
``TZ`` and ``IOPKIT_TIMEZONE`` set, so this process's zone is never changed. Expected days and clock times are typed
from the zones' published offsets (New York: UTC-05:00 in winter, EST; UTC-04:00 from 8 March 2026, EDT).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from iopkit.entry import TIMEZONE_SETTING
from iopkit.errors import ServingConfigError

WRITE = r"""
import datetime as dt, pathlib, sys, iopkit
from iopkit.entry import clinic_time
from iopkit.store import Store
path = pathlib.Path(sys.argv[1])
with Store(path) as store:
    pid = store.add_patient("IOP-0001")
    store.save(pid, iopkit.score("phq9", [2] * 9), by="KM", when=clinic_time(dt.date(2026, 3, 2), dt.time(20, 30)))
"""

READ = r"""
import datetime as dt, json, pathlib, sys
from iopkit.entry import clinical_day, local_time, zone_note
from iopkit.report import programme_data
from iopkit.store import Store
with Store(pathlib.Path(sys.argv[1]), read_only=True) as store:
    record = store.history(store.patients()[0].id)[0]
    measures = programme_data(store).measures
    print(json.dumps({
        "day": str(clinical_day(record.taken_at)),
        "shown": local_time(record.taken_at),
        "report": [str(d.date()) for d in measures["date"]],
        "note": zone_note(dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)),
    }))
"""


def _run(script: str, path, tz: str, clinic: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != TIMEZONE_SETTING} | {"TZ": tz}
    if clinic is not None:
        env[TIMEZONE_SETTING] = clinic
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def new_york_store(tmp_path_factory):
    """A PHQ-9 saved at 20:30 on 2 March 2026 on a clinic computer in New York (01:30 UTC on 3 March)."""
    path = tmp_path_factory.mktemp("zone") / "clinic.sqlite"
    _run(WRITE, path, "America/New_York", None)
    return path


@pytest.mark.parametrize("machine", ["UTC", "Asia/Tokyo", "America/Los_Angeles", "America/New_York"])
def test_a_named_clinic_zone_gives_the_clinic_s_day_on_any_machine(new_york_store, machine):
    read = json.loads(_run(READ, new_york_store, machine, "America/New_York"))
    assert read["day"] == "2026-03-02"
    assert read["report"] == ["2026-03-02"]
    assert read["shown"] == "2026-03-02 20:30 EST"
    assert read["note"] == (
        "Times are the clinic's time (America/New_York), EST (UTC-05:00), or EDT (UTC-04:00) in daylight-saving "
        "time; dates are its calendar days."
    )


def test_without_the_setting_the_machine_s_zone_is_the_clinic_s_clock(new_york_store):
    """Unchanged where the setting is unset: the machine's zone (a UTC machine reads 3 March, as the review found)."""
    read = json.loads(_run(READ, new_york_store, "UTC", None))
    assert read["day"] == "2026-03-03"
    assert read["shown"] == "2026-03-03 01:30 UTC"
    assert read["note"].startswith("Times are this server's local time, UTC; ")
    read = json.loads(_run(READ, new_york_store, "UTC", "  "))  # blank: unset
    assert read["day"] == "2026-03-03"


def test_a_record_made_on_the_named_clock_is_that_time_there(tmp_path):
    """``clinic_time`` builds the moment on the named zone, not the machine's: 09:30 in New York on 9 March 2026
    (daylight-saving time began on 8 March) is 13:30 UTC, made on a Tokyo machine."""
    script = (
        "import datetime as dt; from iopkit.entry import clinic_time;"
        "print(clinic_time(dt.date(2026, 3, 9), dt.time(9, 30)).astimezone(dt.UTC).isoformat())"
    )
    assert _run(script, tmp_path, "Asia/Tokyo", "America/New_York").strip() == "2026-03-09T13:30:00+00:00"


def test_an_unknown_zone_is_refused_naming_the_setting(monkeypatch):
    from iopkit.entry import clinic_zone

    monkeypatch.setenv(TIMEZONE_SETTING, "America/Gotham")
    with pytest.raises(ServingConfigError, match="IOPKIT_TIMEZONE='America/Gotham' is not a time zone") as error:
        clinic_zone()
    assert error.value.item == TIMEZONE_SETTING
    assert error.value.value == "America/Gotham"
    assert "IANA" in str(error.value.allowed)


def test_a_clinic_on_utc_is_said_once(new_york_store):
    """Walk review F13 g: the header read "Times are the clinic's time (UTC), UTC;"; the zone is named once."""
    read = json.loads(_run(READ, new_york_store, "America/New_York", "UTC"))
    assert read["note"] == "Times are the clinic's time, UTC; dates are its calendar days."
