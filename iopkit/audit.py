"""Verify a clinic's records: the store's hash chains and the check-in book beside it, in one check.

``iopkit verify --db PATH`` and ``python -m iopkit.store verify PATH`` both print :func:`verify_store_and_book`, so
they check the same things: the store's patients and records (:meth:`iopkit.store.Store.verify`) and the check-in
book's chain of states and its rows (:meth:`iopkit.checkin.CheckinBook.verify`, security review F2), with the
anchors given to each.  The book's newest state is printed as a head like the store's (``checkin_states:id:hash``):
kept elsewhere and passed back with ``--anchor``, it makes the removal of the book's newest states visible, which its
chain alone cannot show (as for the store, :mod:`iopkit.store.chain`).
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from .store import chain

__all__ = ["BOOK_CHAIN", "StoreAndBookReport", "verify_store_and_book"]

#: The check-in book's chained table: an anchor naming it is checked against the book, not the store.
BOOK_CHAIN = "checkin_states"


@dataclass(frozen=True)
class StoreAndBookReport:
    """What :func:`verify_store_and_book` found.

    Parameters
    ----------
    chains : iopkit.store.chain.ChainReport
        The store's report with the book's problems and head added (``ok`` when both are whole).
    book : pathlib.Path
        The check-in book checked (or looked for).
    checkins : int or None
        How many check-ins the book holds; None when there is no book.
    book_problems : int
        How many of the problems are the book's.
    """

    chains: chain.ChainReport
    book: Path
    checkins: int | None
    book_problems: int

    @property
    def ok(self) -> bool:
        """True when the store's chains and the book are whole and every anchor matched."""
        return self.chains.ok

    def __str__(self) -> str:
        if self.checkins is None:
            said = "none" + (f", {self.book_problems} problem(s) found" if self.book_problems else "")
        else:
            said = f"{self.checkins} check-ins, " + (
                "as iopkit saved them" if not self.book_problems else f"{self.book_problems} problem(s) found"
            )
        return f"{self.chains}\n  check-in book {self.book}: {said}"


def verify_store_and_book(db: str | os.PathLike, anchors: tuple[str, ...] = ()) -> StoreAndBookReport:
    """Check the store at ``db`` (opened read-only) and the check-in book beside it (:func:`iopkit.checkin.book_of`).

    Parameters
    ----------
    db : str or path-like
        A SQLite file, ``sqlite:///file`` or a ``postgresql://`` URL.
    anchors : tuple of str, optional
        Heads printed by an earlier verify (``table:id:hash``): those of ``checkin_states`` are checked in the book
        (a missing book misses them), the others in the store.

    Returns
    -------
    StoreAndBookReport
        ``ok`` when both are whole; ``str()`` is what both commands print.

    Raises
    ------
    StoreError
        The store (or the book) cannot be opened or read; an anchor that is not text.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from iopkit.store import Store
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "clinic.sqlite"
    >>> with Store(path) as store:
    ...     _ = store.add_patient("IOP-1")
    >>> report = verify_store_and_book(path)
    >>> report.ok, report.checkins, str(report).splitlines()[-1].endswith("clinic.checkins.sqlite: none")
    (True, None, True)
    """
    from .checkin import CheckinBook, book_of
    from .store import Store

    anchors = tuple(anchors)
    in_book = tuple(a for a in anchors if isinstance(a, str) and a.split(":", 1)[0] == BOOK_CHAIN)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Store(db, read_only=True) as store:
            report = store.verify(tuple(a for a in anchors if a not in in_book))
            book = book_of(store)
    checkins, head = None, None
    if book.is_file():
        with CheckinBook(book, read_only=True) as opened:  # a check never chains (seals) what it checks
            found, checkins, head = opened.verify(in_book), len(opened), opened.head()
    elif in_book:  # a book anchored earlier and gone now was removed
        found = (chain.Problem(BOOK_CHAIN, (), chain.Break.ANCHOR, f"the anchored check-in book {book} is missing"),)
    else:
        found = ()
    chains = dataclasses.replace(report, problems=report.problems + found, head=report.head + ((head,) if head else ()))
    return StoreAndBookReport(chains, book, checkins, len(found))
