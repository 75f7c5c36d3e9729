"""The printable summary of one patient for the chart: the download of the library's one-page summary.

Everything on it is read by :func:`iopkit.report.patient.patient_summary_html` from the patient's current
status (:class:`iopkit.episode.Episode`); nothing is put together here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..episode import Episode
    from ..store.kinds import Patient

__all__ = ["patient_summary"]


def patient_summary(
    store: Any,
    patient: Patient,
    *,
    generated: str | None = None,
    history: bool = False,
    episode: Episode | None = None,
) -> str:
    """The patient's one-page printable summary (:func:`iopkit.report.patient.patient_summary_html`);
    every saved version follows on further pages when ``history`` is true.

    Parameters
    ----------
    store : Store
        The store the patient's records are read from.
    patient : Patient
        The patient.
    generated : str, optional
        When the summary was made, in words printed on it (default: now, on the clinic's clock with the zone,
        as every time on the summary).
    history : bool
        Add every saved version on further pages.
    episode : Episode, optional
        The page's episode (read today), so that it is not read from the store again.

    Returns
    -------
    str
        The summary as one self-contained HTML document.

    Raises
    ------
    RecordNotFoundError
        When the store holds no patient with that id (or none this role may see).
    StoreError
        When the store cannot be read, or a saved record cannot be read by this iopkit.
    """
    from ..report.patient import patient_summary_html

    return patient_summary_html(store, patient.id, generated=generated, history=history, episode=episode)
