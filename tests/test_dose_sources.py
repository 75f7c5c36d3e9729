"""The dose rules cite bibliography entries a user can read, checked against the publications themselves.

Typed from the publications (journal and library records, the Federal Register, the SAMHSA Advisory), never from
iopkit's bibliography:

- Howard KI, Kopta SM, Krause MS, Orlinsky DE. The dose-effect relationship in psychotherapy. The American
  Psychologist 1986;41(2):159-164, doi:10.1037/0003-066X.41.2.159: by 8 sessions about 50 % of patients are
  measurably improved, about 75 % by 26.
- Simpson DD, Joe GW, Broome KM, Hiller ML, Knight K, Rowan-Szal GA. Program diversity and treatment retention
  rates in the Drug Abuse Treatment Outcome Study (DATOS). Psychology of Addictive Behaviors 1997;11(4):279-293.
- NIDA. Principles of Drug Addiction Treatment: A Research-Based Guide (Third Edition), last updated January 2018.
- CMS. "Medicare Program: Hospital Outpatient Prospective Payment and Ambulatory Surgical Center Payment Systems;
  Quality Reporting Programs; Payment for Intensive Outpatient Services in Hospital Outpatient Departments, ...",
  final rule with comment period CMS-1786-FC, Federal Register 22 November 2023.
- SAMHSA Advisory, Clinical Issues in Intensive Outpatient Treatment for Substance Use Disorders (based on TIP 47):
  core services "for a minimum of 9 hours per week for adults or 6 hours per week for adolescents (Mee-Lee et al.,
  2013)".
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from iopkit.dose import HOWARD_1986, Attendance, DosePlan, fit_dose_response, progress, schedule
from iopkit.dose.attendance import ASAM_SOURCE
from iopkit.dose.response import SOURCES
from iopkit.markup import flags_html, references_html
from iopkit.sources import resolve, source


def keys(text):
    return [s.key for s in resolve(text)]


def test_the_howard_curve_cites_howard_1986_and_marks_its_derived_parameters_as_iopkits():
    assert ["howard1986", "iopkit"] == keys(HOWARD_1986.source)
    howard = source("howard1986")
    assert howard.url == "https://doi.org/10.1037/0003-066X.41.2.159"
    assert howard.citation.startswith("Howard KI, Kopta SM, Krause MS, Orlinsky DE. The dose-effect relationship")
    assert "Am Psychol. 1986;41(2):159-164" in howard.citation
    assert "8 sessions" in howard.supports and "26" in howard.supports
    assert "source: Howard et al. 1986; iopkit's own rule" in HOWARD_1986.summary()


def test_the_step_threshold_cites_nida_and_datos():
    assert ["nida_principles2018", "simpson1997_datos"] == keys(SOURCES["threshold"])
    datos = source("simpson1997_datos").citation
    assert datos.startswith("Simpson DD, Joe GW, Broome KM, Hiller ML, Knight K, Rowan-Szal GA. Program diversity")
    assert "Drug Abuse Treatment Outcome Study (DATOS). Psychol Addict Behav. 1997;11(4):279-293" in datos
    nida = source("nida_principles2018").citation
    assert "Principles of Drug Addiction Treatment: A Research-Based Guide. 3rd ed." in nida and "2018" in nida


@pytest.mark.parametrize(
    "model, cited", [("threshold", "NIDA"), ("logistic", "iopkit's own"), ("probit_log", "Howard")]
)
def test_a_fitted_curve_names_its_sources_in_its_summary(model, cited):
    rng = np.random.default_rng(0)
    dose = rng.uniform(5, 300, 400)
    outcome = rng.random(400) < np.where(dose >= 90, 0.6, 0.3)
    fit = fit_dose_response(dose, outcome, model, **({"threshold": 90} if model == "threshold" else {}))
    assert f"source: {cited}" in fit.summary()


def test_a_logistic_curve_is_marked_as_iopkits_own_form():
    assert ["iopkit"] == keys(SOURCES["logistic"])  # no source gives a logistic in hours of SUD treatment


def test_the_weekly_minimum_cites_the_asam_criteria_and_the_samhsa_advisory_not_a_payers_page():
    assert ["asam2013", "samhsa_iop_advisory2021"] == keys(ASAM_SOURCE)
    advisory = source("samhsa_iop_advisory2021")
    assert "Clinical Issues in Intensive Outpatient Treatment for Substance Use Disorders" in advisory.citation
    assert "9 hours per week for adults or 6 hours per week for adolescents" in advisory.supports
    assert all("aetna" not in f"{s.citation} {s.url}".lower() for s in resolve(ASAM_SOURCE))


def test_the_medicare_rule_is_the_cy_2024_opps_final_rule():
    rule = source("cms_opps2024")
    assert "Payment for Intensive Outpatient Services in Hospital Outpatient Departments" in rule.citation
    assert "CMS-1786-FC" in rule.citation and "22 November 2023" in rule.citation
    assert "at least 9 hours" in rule.supports and "section 4124" in rule.supports


def test_the_one_page_summary_lists_the_full_citation_of_a_dose_flag():
    # week 1 (Mon 6, Wed 8, Fri 10 Jan 2025) has the Friday missed: 6 h, under the 9 h IOP minimum
    log = Attendance(schedule(date(2025, 1, 6), ["mon", "wed", "fri"], 3, 4))
    for day in ("2025-01-06", "2025-01-08", "2025-01-13", "2025-01-15", "2025-01-17"):
        log = log.record(day, "attended")
    (flag,) = progress(DosePlan(9, 4), log.record("2025-01-10", "missed"), "2025-01-19").flags
    body = flags_html([flag])  # as the summary shows a dose flag; its references list follows (references_html)
    listed = references_html(body)
    assert "Mee-Lee D, Shulman GD, Fishman MJ, Gastfriend DR, Miller MM, eds. The ASAM Criteria" in listed
    assert "Clinical Issues in Intensive Outpatient Treatment for Substance Use Disorders" in listed
    assert "asam2013;" not in body  # the keys are never shown as such
