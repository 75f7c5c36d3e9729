"""What the store accepts from its callers: text (one rule per field, so no two patients look alike in
a list), ids and times.

Every free-text field is checked before anything is written:

* it is text, without surrogates, control, format or separator characters (Unicode general
  categories Cc, Cf, Zl, Zp, Cs; this includes the bidirectional overrides such as U+202E that
  can make "P-0042" display as another string; Boucher & Anderson 2023, "Trojan Source",
  USENIX Security, https://arxiv.org/abs/2111.00169); an amendment reason may hold line breaks
  and tabs;
* leading and trailing spaces are removed, and the text is normalised: NFKC for the
  identifiers (pseudonym, who saves), so full-width "ＩＯＰ" is "IOP", and NFC for the
  display name and reason, so they read back as typed (Unicode Standard Annex #15,
  https://www.unicode.org/reports/tr15/);
* it fits its length bound (:data:`LIMITS`).

A pseudonym must also show at least one visible letter or digit, and is refused when its
*skeleton* equals that of a registered pseudonym.  The skeleton (after Unicode Technical
Standard #39, "Unicode Security Mechanisms", section 4, https://www.unicode.org/reports/tr39/)
here is deliberately small: NFKC, then the Cyrillic and Greek letters that look like Latin
ones mapped to those letters, ``0`` to ``O``, ``1``/``I``/``|`` to ``l``, every dash to
``-``, spaces removed, then case-folded.  It catches the lookalikes a keyboard, a copy-paste
from a document or a deliberate spoof produce for Latin pseudonyms; it does not cover every
confusable of the full Unicode table (e.g. Armenian or Cherokee lookalikes, "rn" for "m").
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
import warnings
from typing import Literal, SupportsIndex, cast, overload

from ..errors import RecordNotFoundError, StoreError
from .files import StoreWarning

__all__ = [
    "MAX_ID",
    "row_id",
    "utc_text",
    "when_of",
    "LIMITS",
    "PossibleRealNameWarning",
    "clean",
    "skeleton",
    "looks_like_a_real_name",
]

#: Longest accepted value of each field, in characters after normalisation, and why.
LIMITS = {
    "pseudonym": 64,  # an identifier shown in a dropdown and on every page; IOP-0042 style ids are ~10
    "display_name": 200,  # the longest personal names in use are about 100 characters; room for a note
    "by": 200,  # a clinician's user id or name
    "reason": 2000,  # a short paragraph; a longer note belongs in the clinical record, not the audit trail
    "meta": 2000,  # a metadata key or value (seeds, notes)
    "site": 63,  # a clinic's short name; it also names a PostgreSQL role (63 bytes at most)
    # A saved item as JSON: a year-long schedule of daily sessions is about 30,000 characters, so
    # this leaves room for any real record while refusing megabytes of text hidden in a note field.
    "item": 1_000_000,
}

_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
_KEPT_IN_REASON = {"\n", "\t"}
# Letters that render as blank space although Unicode files them as letters or symbols.
_INVISIBLE = set("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic (upper and lower case) that look like Latin letters
        **dict(zip("АВЕЅІЈКМНОРСТХУӀаеѕіјорсухԁһԛԝӏ", "ABESlJKMHOPCTXYlaesijopcyxdhqwl")),
        # Greek capitals (and their lower case, which NFKC text may carry) that look like Latin capitals
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορτυχϲ", "ABEZHlKMNOPTYXaikvoptuxc")),
        "0": "O",
        "1": "l",
        "I": "l",
        "|": "l",
        "ǀ": "l",
        **{dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    }
)


class PossibleRealNameWarning(StoreWarning):
    """A pseudonym that looks like a person's real name (pseudonyms should not identify anyone)."""


_LEAD = {"by": "by must name who saves the record: "}


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


@overload
def clean(field: str, value: object, *, optional: Literal[False] = False) -> str: ...
@overload
def clean(field: str, value: object, *, optional: bool) -> str | None: ...
def clean(field: str, value: object, *, optional: bool = False) -> str | None:
    """The value of ``field`` as the store keeps it, or a StoreError naming field, value and rule.

    Parameters
    ----------
    field : str
        The field (a key of :data:`LIMITS`), which sets the length limit and normal form.
    value : object
        What the caller gave.
    optional : bool
        Whether ``None`` is allowed (and returned as ``None``).

    Returns
    -------
    str or None
        The normalised, stripped text.

    Raises
    ------
    StoreError
        Not text, control, format or separator characters, empty or too long after normalising.

    Examples
    --------
    >>> clean("pseudonym", "  ＩＯＰ-0042 ")
    'IOP-0042'
    >>> clean("pseudonym", "IOP\\u202e2400")
    Traceback (most recent call last):
    ...
    iopkit.errors.StoreError: pseudonym 'IOP\\u202e2400': character 4 is U+202E (RIGHT-TO-LEFT OVERRIDE), ...
    """
    limit = LIMITS[field]
    allowed = f"visible text, 1-{limit} characters" + (", or None" if optional else "")

    def refuse(problem: str) -> StoreError:
        shown = value[:40] if isinstance(value, str) else value
        return StoreError(
            f"{_LEAD.get(field, '')}{field} {problem}; allowed: {allowed}", item=field, value=shown, allowed=allowed
        )

    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise refuse(f"must be text (got {type(value).__name__} {_shown(repr(value))})")
    if len(value) > 4 * limit:  # refuse huge values before normalising them
        raise refuse(f"is {len(value):,} characters")
    for position, char in enumerate(value, 1):
        if unicodedata.category(char) in _REFUSED_CATEGORIES and not (field == "reason" and char in _KEPT_IN_REASON):
            raise refuse(
                f"{_shown(value)}: character {position} is U+{ord(char):04X} "
                f"({unicodedata.name(char, 'unnamed')}), a control, format or separator character"
            )
    text = unicodedata.normalize("NFKC" if field in ("pseudonym", "by", "meta") else "NFC", value).strip()
    if not text or len(text) > limit:
        raise refuse(f"{_shown(value)} is {len(text):,} characters after removing spaces at the ends")
    if field == "pseudonym" and not any(unicodedata.category(c)[0] in "LN" and c not in _INVISIBLE for c in text):
        raise refuse(f"{_shown(value)} shows no letter or digit (at least one visible letter or digit is needed)")
    return text


def skeleton(pseudonym: str) -> str:
    """What a pseudonym looks like, for comparing it with the registered ones.

    Parameters
    ----------
    pseudonym : str
        A pseudonym.

    Returns
    -------
    str
        The pseudonym normalised (NFKC), lookalike letters mapped to one, spaces removed, case folded.

    Examples
    --------
    >>> skeleton("P-0042") == skeleton("р‐OO42") == skeleton("p - 0042")
    True
    >>> skeleton("IOP-1") == skeleton("IOP-2")
    False
    """
    text = unicodedata.normalize("NFKC", pseudonym).translate(_CONFUSABLES)
    return "".join(text.split()).casefold()


_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|['’.-])*"
_REAL_NAME = re.compile(rf"^(?:{_NAME_WORD}[ ,]+){{1,3}}{_NAME_WORD}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(
    r"\b(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])\b"
    r"|\b(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d\b"
)


def looks_like_a_real_name(pseudonym: str) -> str | None:
    """Why a pseudonym may identify a person (a name, an e-mail address, a date of birth), or None.

    A heuristic: two to four capitalised words of letters only, an e-mail address, or a full date.

    Parameters
    ----------
    pseudonym : str
        A pseudonym.

    Returns
    -------
    str or None
        Why it may identify a person, in words; ``None`` if it does not look identifying.

    Examples
    --------
    >>> looks_like_a_real_name("John Smith"), looks_like_a_real_name("IOP-0042")
    ('it looks like a name (capitalised words)', None)
    """
    words = re.split(r"[ ,]+", pseudonym)
    if _REAL_NAME.match(pseudonym) and all(w[:1].isupper() and not w.isupper() for w in words):
        return "it looks like a name (capitalised words)"
    if _EMAIL.match(pseudonym):
        return "it looks like an e-mail address"
    if _DATE.search(pseudonym):
        return "it contains a full date (a date of birth identifies a person)"
    return None


def warn_if_identifying(pseudonym: str) -> None:
    """Issue a :class:`PossibleRealNameWarning` when the pseudonym looks identifying."""
    why = looks_like_a_real_name(pseudonym)
    if why:
        warnings.warn(
            PossibleRealNameWarning(
                f"pseudonym {pseudonym!r} was registered, but {why}; a pseudonym should not identify the patient "
                "(use an id such as IOP-0042 and keep names in the clinical record)"
            ),
            stacklevel=3,
        )


# --- ids and times ----------------------------------------------------------------------------------------------------
MAX_ID = 2**63 - 1  # SQLite's largest row id


def row_id(value: object, field: str, missing: str) -> int:
    """A row id given by a caller: a whole number, else a StoreError; out of range, not found.

    Parameters
    ----------
    value : object
        The id given.
    field : str
        The field, for the error (``"patient_id"``).
    missing : str
        The message's start when the id is out of range (``"no patient in ... with id"``).

    Returns
    -------
    int
        The id.

    Raises
    ------
    StoreError
        Not a whole number (a bool is not one).
    RecordNotFoundError
        Outside 1 to :data:`MAX_ID`.
    """
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise StoreError(
            f"{field} must be a whole number (got {type(value).__name__} {repr(value)[:40]})",
            item=field,
            value=value,
            allowed=f"a whole number from 1 to {MAX_ID}",
        )
    number = operator.index(cast(SupportsIndex, value))  # it has __index__: checked above
    if not 1 <= number <= MAX_ID:
        raise RecordNotFoundError(
            f"{missing} {number!r}", item=field, value=number, allowed=f"a whole number from 1 to {MAX_ID}"
        )
    return number


def utc_text(when: dt.datetime | dt.date | None) -> str:
    """A date as ``YYYY-MM-DD``, a time as UTC ISO 8601 text (naive times are local); default now.

    Parameters
    ----------
    when : datetime.datetime or datetime.date or None
        The day or moment; ``None`` is now.

    Returns
    -------
    str
        ISO 8601 text: ``YYYY-MM-DD`` for a date, UTC with microseconds for a time.

    Raises
    ------
    StoreError
        Not a date or datetime, or a time that cannot be expressed in UTC.
    """
    if when is None:
        when = dt.datetime.now(dt.UTC)
    try:
        if isinstance(when, dt.datetime):  # naive times are taken as the machine's local time
            return when.astimezone(dt.UTC).isoformat(timespec="microseconds")
    except (OverflowError, ValueError, OSError) as error:
        raise StoreError(
            f"when {when!r} cannot be expressed in UTC: {error}",
            item="when",
            value=when,
            allowed="a date or datetime between the years 1 and 9999 in UTC",
        ) from error
    if isinstance(when, dt.date):
        return when.isoformat()
    raise StoreError(
        f"when must be a date or datetime (got {when!r})", item="when", value=when, allowed="a date or datetime"
    )


def when_of(text: str) -> dt.datetime | dt.date:
    """The date or time :func:`utc_text` wrote.

    Parameters
    ----------
    text : str
        Text written by :func:`utc_text`.

    Returns
    -------
    datetime.date or datetime.datetime
        The date, or the aware UTC datetime.
    """
    return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
