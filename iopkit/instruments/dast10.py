"""DAST-10: Drug Abuse Screening Test, 10 yes/no items, past 12 months (Skinner 1982).

Stems paraphrased (text (c) Skinner / CAMH).
"""

from ._model import Band, Instrument, Scheme, band_flag, withdrawal_sign, yes_no_item

_STEMS = (
    "Used drugs other than those required for medical reasons",
    "Used more than one drug at a time",
    "Always able to stop using drugs when you want to",  # reverse-keyed: "no" scores 1
    "Had blackouts or flashbacks from drug use",
    "Felt bad or guilty about drug use",
    "Spouse or parents complained about your drug use",
    "Neglected your family because of drug use",
    "Did illegal things to obtain drugs",
    "Had withdrawal symptoms when you stopped taking drugs",
    "Had medical problems from drug use",
)

DAST10 = Instrument(
    code="dast10",
    name="Drug Abuse Screening Test (DAST-10)",
    items=tuple(yes_no_item(n, s, reverse=(n == 3)) for n, s in enumerate(_STEMS, 1)),
    timeframe="past 12 months",
    # Bands; NIDA CDE value list matches.
    schemes=(
        Scheme(
            "skinner_1982",
            "dast_skinner1982; dast_nida_cde",
            (
                Band(0, 0, "none", "No problems reported"),
                Band(1, 2, "low", "Monitor, reassess later"),
                Band(3, 5, "moderate", "Further investigation"),
                Band(6, 8, "substantial", "Intensive assessment"),
                Band(9, 10, "severe", "Intensive assessment"),
            ),
        ),
    ),
    flags=(
        band_flag(
            "positive_screen",
            "DAST-10 score 3 or more (moderate or higher)",
            ("moderate", "substantial", "severe"),
            "Assess drug use further (full assessment)",
            "dast_skinner1982",
            calls_for="counselling",
        ),
        withdrawal_sign(
            "DAST-10 item 9, withdrawal symptoms when stopping drugs", 9, "dast_skinner1982", substance="drugs"
        ),
    ),
    loinc_panel="82666-9",  # confirmed total
    loinc_total="82667-7",
    citation="dast_skinner1982",
    licence="(c) 1982 Harvey A. Skinner and CAMH; reproduction for non-commercial clinical, research "
    "and training use with credit to the author",
)
