"""A load check for a store server: many processes saving at once, racing to amend the same records.

``python -m iopkit.store load URL [--processes 8] [--saves 500]`` (or :func:`run_load`) writes
synthetic drug screens into the store at ``URL`` (use a scratch database: the rows are
permanent, as every row of the store is) and checks what a clinic relies on:

* every save that returned an id is there, with what was saved (no lost write);
* of the processes that amend the same record at the same time, exactly one wins and the others
  are refused with a :class:`~iopkit.errors.StoreError` naming the newer version;
* the hash chain is whole afterwards (:meth:`Store.verify`).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from dataclasses import dataclass

from ..errors import StoreError
from ..records import DrugScreen

__all__ = ["LoadReport", "run_load"]

_DAY = dt.date(2026, 3, 2)


@dataclass(frozen=True)
class LoadReport:
    """What :func:`run_load` measured and checked.

    Attributes
    ----------
    processes : int
        How many writer processes ran at once.
    saves : int
        First versions saved, all processes together.
    races : int
        Records that every process tried to amend at once.
    refused : int
        Amendments refused because another process amended first (``races * (processes - 1)`` when all is well).
    seconds : float
        Wall-clock time of the writers, from the common start.
    ok : bool
        True when every check passed.
    problems : tuple of str
        What failed, in words; empty when ``ok``.
    """

    processes: int
    saves: int  # first versions saved, all processes
    races: int  # records amended by every process at once
    refused: int  # amendments refused because another process amended first
    seconds: float
    ok: bool
    problems: tuple[str, ...]

    @property
    def per_second(self) -> float:
        """Writes (saves and winning amendments) per second."""
        return (self.saves + self.races) / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        verdict = "all present, races resolved, chain whole" if self.ok else "; ".join(self.problems)
        return (
            f"{self.processes} processes: {self.saves} saves and {self.races} amendment races "
            f"in {self.seconds:.1f} s "
            f"({self.per_second:.0f} writes/s, {self.refused} losing amendments refused): {verdict}"
        )


def _screen(label: str) -> DrugScreen:
    return DrugScreen(_DAY, label, negative=("opioids",))


def _worker(url: str, worker: int, patient: int, saves: int, owner: int, contested: tuple[int, ...], start) -> dict:
    from .database import Store

    saved, won, refused = [], [], 0
    every = max(1, saves // max(1, len(contested)))
    with Store(url) as store:
        start.wait()
        for index in range(saves):
            label = f"load w{worker} n{index}"
            saved.append((store.save(patient, _screen(label), by=f"load.{worker}"), label))
            if index % every == 0 and index // every < len(contested):
                record = contested[index // every]
                try:
                    won.append(
                        (
                            store.save(
                                owner,
                                _screen(f"amended by w{worker}"),
                                by=f"load.{worker}",
                                amends=record,
                                reason="load race",
                            ),
                            record,
                        )
                    )
                except StoreError as error:
                    if "already amended" not in str(error):
                        raise
                    refused += 1
    return {"saved": saved, "won": won, "refused": refused}


def run_load(url: str, processes: int = 8, saves: int = 500, races: int = 25) -> LoadReport:
    """Run ``processes`` writers of ``saves`` saves each, with ``races`` records all of them amend at once.

    Parameters
    ----------
    url : str
        The store to load: a scratch database (its rows are permanent), as a path or ``postgresql://`` URL.
    processes : int, default 8
        How many writer processes save at once.
    saves : int, default 500
        First versions each process saves.
    races : int, default 25
        Records that every process amends at once (exactly one amendment of each must win).

    Returns
    -------
    LoadReport
        What was measured, and whether every save is present, each race was won once and the hash chain is whole.

    Raises
    ------
    StoreError
        The store cannot be opened or written, or a save fails for another reason than losing an amendment race.
    """
    from .database import Store

    with Store(url) as store:
        stamp = f"{time.time_ns():x}"
        patients = [store.add_patient(f"LOAD-{stamp}-{worker}") for worker in range(processes)]
        contested = tuple(store.save(patients[0], _screen(f"contested {n}"), by="load") for n in range(races))
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(processes + 1)
        with context.Pool(processes) as pool:
            pending = [
                pool.apply_async(_worker, (url, worker, patients[worker], saves, patients[0], contested, start))
                for worker in range(processes)
            ]
            start.wait()
            began = time.perf_counter()
            results = [job.get(timeout=600) for job in pending]
            seconds = time.perf_counter() - began
    problems = []
    with Store(url) as store:
        for result in results:
            for record_id, label in result["saved"]:
                if store.record(record_id).item.panel != label:
                    problems.append(f"record {record_id} does not hold {label!r}")
        winners = [record for result in results for _, record in result["won"]]
        for record in contested:
            if winners.count(record) != 1:
                problems.append(f"record {record} was amended {winners.count(record)} times (expected exactly once)")
            if store.record(record).superseded_by is None:
                problems.append(f"record {record} shows no amendment")
        report = store.verify()
        if not report.ok:
            problems.append(str(report))
    refused = sum(result["refused"] for result in results)
    if refused != races * (processes - 1):
        problems.append(f"{refused} amendments refused, expected {races * (processes - 1)}")
    return LoadReport(processes, processes * saves, races, refused, seconds, not problems, tuple(problems))
