"""Specifications for iopkit.score and iopkit.score_many: cut-offs, special values, safety flags, bad input."""

import json

import numpy as np
import pandas as pd
import pytest

import iopkit
from iopkit.errors import IncompleteResponseError, InvalidAnswerError, UnknownInstrumentError, UnknownSchemeError

score, score_many = iopkit.score, iopkit.score_many
SUM_CODES = [c for c, i in iopkit.instruments().items() if i.aggregate == "sum"]


def answers_for_total(code: str, total: int) -> dict:
    """A complete answer set whose total is ``total`` (gapped answer sets filled first)."""
    inst = iopkit.instrument(code)
    answers, left = {}, total
    for item in sorted(inst.items, key=lambda i: (len(i.codes) == max(i.codes, default=0) + 1, i.number)):
        if item.kind == "count":
            answers[item.number] = 1  # CRAFFT Part A: some use, so all of Part B is asked
            continue
        option = max((o for o in item.options if o.points <= left), key=lambda o: o.points)
        answers[item.number] = item.canonical(option.code)
        left -= option.points
    assert left == 0, (code, total)
    return answers


def _cut_offs():
    for code in SUM_CODES:
        inst = iopkit.instrument(code)
        for scheme in inst.schemes:
            for sex in (None, *scheme.by_sex):
                bands = scheme.bands_for(sex)
                for below, band in zip(bands, bands[1:]):
                    yield pytest.param(
                        code,
                        scheme.id,
                        sex,
                        band.low,
                        band.label,
                        below.label,
                        id=f"{code}-{scheme.id}-{sex}-{band.label}@{band.low}",
                    )


class TestCutOffs:
    @pytest.mark.parametrize("code, scheme, sex, cut, label, label_below", list(_cut_offs()))
    def test_band_at_and_just_below_each_cut_off(self, code, scheme, sex, cut, label, label_below):
        context = {"scheme": scheme, **({"sex": sex} if "sex" in iopkit.instrument(code).context else {})}
        at, below = (score(code, answers_for_total(code, t), **context) for t in (cut, cut - 1))
        assert (cut, label) == (at.total, at.band)
        assert (cut - 1, label_below) == (below.total, below.band)
        assert scheme == at.basis.scheme


class TestPhq9:
    def test_phq9_item9_positive_always_flags(self):
        s = score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
        assert ("minimal", ["suicidal_ideation"]) == (s.band, [f.code for f in s.flags])
        assert "critical" == s.flags[0].severity and "C-SSRS" in s.flags[0].action
        assert (9, 1) in s.basis.inputs

    def test_phq9_item9_zero_raises_no_flag(self):
        assert () == score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags

    def test_phq9_mapping_answers_equal_sequence_answers(self):
        seq = [1, 2, 0, 1, 2, 3, 0, 1, 0]
        assert score("phq9", seq) == score("phq9", dict(enumerate(seq, 1)))

    def test_incomplete_phq9_still_reports_the_safety_item(self):
        with pytest.raises(IncompleteResponseError) as err:
            score("phq9", {1: 0, 2: 0, 9: 2})
        assert str(err.value).startswith("phq9 items 3, 4, 5, 6, 7, 8 are not answered")
        assert "suicidal_ideation raised" in str(err.value)

    def test_a_typo_elsewhere_does_not_hide_item9(self):
        with pytest.raises(InvalidAnswerError) as err:
            score("phq9", [9, 0, 0, 0, 0, 0, 0, 0, 3])
        assert str(err.value).startswith("phq9 item 1 must be one of 0, 1, 2, 3 (got 9)")
        assert "suicidal_ideation raised" in str(err.value)


class TestSafetyOnIncompleteForms:
    """A refused form still reports a band flag its answered items already make certain."""

    def test_cssrs_intent_flags_high_risk_although_later_questions_are_blank(self):
        with pytest.raises(IncompleteResponseError) as err:
            score("cssrs_screen", ["yes", "yes", "no", "yes", None, None, None])
        assert str(err.value).startswith("cssrs_screen items 5, 6, 7 are not answered")
        assert "suicide_risk_high raised" in str(err.value)
        assert [f.code for f in err.value.flags] == ["suicide_risk_high"]  # a form shows it at once
        assert err.value.flags[0].severity == "critical"
        df = score_many("cssrs_screen", np.array([[1, 1, 0, 1, np.nan, np.nan, np.nan]]))
        assert [True] == df["flag_suicide_risk_high"].tolist()

    def test_cssrs_behaviour_of_unknown_recency_is_treated_as_high_risk_until_asked(self):
        # Behaviour changed on purpose: Q6 "yes" with its recency unknown was silent; it is now
        # high risk (the worst case) until item 7 is asked, and at least moderate for certain.
        with pytest.raises(IncompleteResponseError) as err:
            score("cssrs_screen", ["no", "no", None, None, None, "yes", None])
        flags = {f.code: f for f in err.value.flags}
        assert set(flags) == {"suicide_risk_high", "suicide_risk_moderate"}
        assert flags["suicide_risk_high"].severity == "critical" and flags["suicide_risk_high"].partial
        assert flags["suicide_risk_high"].action.startswith("Ask item 7 now")

    def test_phq9_item9_on_an_unfinished_form_travels_on_the_error(self):
        with pytest.raises(IncompleteResponseError) as err:
            score("phq9", {9: 1})
        assert [f.code for f in err.value.flags] == ["suicidal_ideation"]

    @pytest.mark.parametrize(
        "code, answers, flag",
        [
            ("cows", [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, None], "severe_opioid_withdrawal"),  # >= 43
            ("ciwa_ar", [7, 7, 7, 7, 7, 7, 7, 7, 7, None], "severe_alcohol_withdrawal"),
        ],
    )  # >= 63
    def test_severe_withdrawal_flags_when_the_answered_items_already_reach_it(self, code, answers, flag):
        with pytest.raises(IncompleteResponseError, match=f"{flag} raised"):
            score(code, answers)
        row = np.array([[np.nan if a is None else a for a in answers]], dtype=float)
        assert [True] == score_many(code, row)[f"flag_{flag}"].tolist()

    def test_no_flag_while_the_missing_item_could_still_change_the_band(self):
        # Items 1-10 give 33; gooseflesh 0, 3 or 5 -> 33 to 38: moderately severe or severe.
        with pytest.raises(IncompleteResponseError) as err:
            score("cows", [4, 4, 5, 5, 4, 4, 5, 2, 0, 0, None])
        # Behaviour changed on purpose: the certain lower bound (moderately severe) is raised.
        assert "; note: severe_opioid_withdrawal raised" not in str(err.value)
        flags = {f.code: f for f in err.value.flags}
        assert set(flags) == {"moderately_severe_opioid_withdrawal", "buprenorphine_induction_threshold"}
        assert "at least moderately severe" in flags["moderately_severe_opioid_withdrawal"].message
        assert "certain" in flags["buprenorphine_induction_threshold"].message  # > 12 either way


class TestSpecialValues:
    def test_dast10_item3_is_reverse_keyed(self):
        all_no = dict.fromkeys(range(1, 11), "no")
        assert 1 == score("dast10", all_no).total  # "no" to "always able to stop" scores 1
        assert 0 == score("dast10", {**all_no, 3: "yes"}).total

    @pytest.mark.parametrize("yes, no", [("yes", "no"), ("YES", " No "), (True, False), (1, 0), (1.0, 0.0)])
    def test_yes_no_items_take_words_booleans_or_1_0(self, yes, no):
        assert 2 == score("cage_aid", [yes, no, yes, no]).total

    @pytest.mark.parametrize("value", [1, 3])
    def test_audit_items_9_10_refuse_values_other_than_0_2_4(self, value):
        with pytest.raises(InvalidAnswerError) as err:
            score("audit", [1, 1, 1, 0, 0, 0, 0, 0, value, 0])
        assert f"audit item 9 must be one of 0, 2, 4 (got {value})" == str(err.value)

    @pytest.mark.parametrize("item, value", [(1, 3), (3, 2), (4, 3), (11, 1), (11, 4), (7, 4)])
    def test_cows_refuses_values_between_published_anchors(self, item, value):
        answers = [0] * 11
        answers[item - 1] = value
        with pytest.raises(InvalidAnswerError, match=f"cows item {item} must be one of"):
            score("cows", answers)

    def test_cows_severe_band_is_critical_above_36(self):
        severe = score("cows", answers_for_total("cows", 37))
        assert ["severe_opioid_withdrawal", "buprenorphine_induction_threshold"] == [f.code for f in severe.flags]
        assert "critical" == severe.flags[0].severity
        assert "severe_opioid_withdrawal" not in [f.code for f in score("cows", answers_for_total("cows", 36)).flags]

    @pytest.mark.parametrize("scheme, cut", [("sullivan_1989", 15), ("asam_2020", 19), ("severe_16", 16)])
    def test_ciwa_ar_severe_withdrawal_is_critical_per_scheme(self, scheme, cut):
        flags = lambda t: {
            f.code: f.severity
            for f in score(  # noqa: E731
                "ciwa_ar", answers_for_total("ciwa_ar", t), scheme=scheme
            ).flags
        }
        assert "critical" == flags(cut)["severe_alcohol_withdrawal"]
        assert "severe_alcohol_withdrawal" not in flags(cut - 1)


class TestContext:
    def test_audit_c_unknown_sex_uses_the_more_sensitive_cut_off_and_says_so(self):
        s = score("audit_c", [1, 1, 1])
        assert ("positive", None) == (s.band, s.context["sex"])
        assert ("sex not given: the more sensitive cut-offs are used",) == s.basis.notes
        assert "negative" == score("audit_c", [1, 1, 1], sex="male").band
        assert "positive" == score("audit_c", [1, 1, 1], sex="female").band

    def test_audit_c_uk_scheme_is_not_sex_specific(self):
        s = score("audit_c", [2, 1, 1], scheme="uk", sex="female")
        assert ("negative", "uk") == (s.band, s.basis.scheme)
        assert ("scheme uk cut-offs are not sex-specific",) == s.basis.notes

    def test_dsm5_medical_supervision_does_not_count_tolerance_or_withdrawal(self):
        answers = [False] * 9 + [True, True]
        assert ("2_to_3_criteria", 2) == (score("dsm5_sud", answers).band, score("dsm5_sud", answers).total)
        supervised = score("dsm5_sud", answers, medical_supervision=True)
        assert (0, "fewer_than_2_criteria") == (supervised.total, supervised.band)
        assert "medical_supervision: items 10, 11 not counted" in supervised.basis.notes[0]

    def test_unknown_scheme_names_the_schemes(self):
        with pytest.raises(UnknownSchemeError) as err:
            score("phq2", [1, 1], scheme="nice")
        assert "phq2 has no banding scheme 'nice'; schemes: kroenke_2003, arroll_2010" == str(err.value)

    def test_unknown_context_key_is_refused(self):
        with pytest.raises(InvalidAnswerError, match="phq9 takes no context sex; allowed: scheme"):
            score("phq9", [0] * 9, sex="female")

    @pytest.mark.parametrize("function", ["score", "score_many", "score_file"])
    def test_a_key_no_instrument_takes_is_an_iopkit_error_naming_it_and_what_is_allowed(self, function, tmp_path):
        """A misspelt or invented context key (``age=``, ``gender=``) never silently changes nothing."""
        src = tmp_path / "audit.csv"
        src.write_text(",".join(f"item{j}" for j in range(1, 11)) + "\n" + ",".join(["0"] * 10) + "\n")
        call = {
            "score": lambda **kw: score("audit", [0] * 10, **kw),
            "score_many": lambda **kw: iopkit.score_many("audit", np.zeros((1, 10)), **kw),
            "score_file": lambda **kw: iopkit.score_file(src, "audit", progress=False, **kw),
        }[function]
        with pytest.raises(InvalidAnswerError) as err:
            call(age=15, gender="female")
        assert str(err.value) == "audit takes no context age, gender; allowed: scheme, sex"
        assert (err.value.instrument, err.value.item, err.value.value, err.value.allowed) == (
            "audit",
            "age",
            15,
            ("scheme", "sex"),
        )

    def test_the_context_keywords_are_the_keys_the_instruments_declare(self):
        """score's explicit keywords cover every context key of the catalogue, and nothing more."""
        import inspect

        from iopkit.scoring import CONTEXT_KEYS

        declared = {"scheme"} | {key for inst in iopkit.instruments().values() for key in inst.context}
        for function in (score, iopkit.score_many, iopkit.score_file):
            keywords = {
                name
                for name, p in inspect.signature(function).parameters.items()
                if p.kind is inspect.Parameter.KEYWORD_ONLY
            } - {"keep", "chunksize", "progress", "sex_column"}  # how a table is read, not a context key
            assert keywords == declared == set(CONTEXT_KEYS)
            # the cohort functions read sex per row from a column (tests/test_cohort_sex_per_row.py)
            assert ("sex_column" in inspect.signature(function).parameters) is (function is not score)

    def test_a_context_given_as_none_is_not_given(self):
        assert score("phq9", [0] * 9, sex=None, medical_supervision=None) == score("phq9", [0] * 9)
        s = score("audit_c", [2, 1, 0], sex="female")
        assert score(s.instrument, s.answers, **s.context) == s

    def test_context_values_are_checked(self):
        with pytest.raises(InvalidAnswerError, match="medical_supervision must be one of"):
            score("dsm5_sud", [False] * 11, medical_supervision=1)


class TestBadInput:
    @pytest.mark.parametrize(
        "value, given",
        [
            (4, "4"),
            (-1, "-1"),
            (1.5, "1.5"),
            (float("nan"), "nan (NaN)"),
            ("two", "'two' (not a number)"),
            (True, "True (a yes/no answer where a number is expected)"),
            ("2", "'2' (not a number)"),
            (10**400, str(10**400)),
        ],
    )
    def test_invalid_phq9_answer_names_item_value_and_allowed(self, value, given):
        with pytest.raises(InvalidAnswerError) as err:
            score("phq9", [0, 0, value, 0, 0, 0, 0, 0, 0])
        assert f"phq9 item 3 must be one of 0, 1, 2, 3 (got {given})" == str(err.value)

    def test_wrong_item_count_is_refused(self):
        with pytest.raises(InvalidAnswerError, match="phq9 takes 9 answers in form order \\(got 8\\)"):
            score("phq9", [0] * 8)

    def test_unknown_item_number_is_refused(self):
        with pytest.raises(InvalidAnswerError, match="keyed by item number 1-2"):
            score("gad2", {1: 0, 2: 0, 3: 0})

    def test_unknown_instrument_is_refused(self):
        with pytest.raises(UnknownInstrumentError):
            score("beck", [0])

    def test_missing_item_without_skip_rule_is_incomplete(self):
        with pytest.raises(IncompleteResponseError, match="gad7 item 4 is not answered"):
            score("gad7", [0, 0, 0, None, 0, 0, 0])


class TestSkipRules:
    def test_audit_never_drinks_leaves_items_2_to_8_unasked(self):
        s = score("audit", [0, None, None, None, None, None, None, None, 0, 2])
        assert (2, "low_risk") == (s.total, s.band)
        assert "items 2, 3, 4, 5, 6, 7, 8 not asked" in s.basis.notes[0]

    def test_audit_items_2_and_3_zero_leave_items_4_to_8_unasked(self):
        assert 1 == score("audit", [1, 0, 0, None, None, None, None, None, 0, 0]).total

    def test_audit_drinker_must_answer_items_2_and_3(self):
        with pytest.raises(IncompleteResponseError, match="audit items 2, 3, 4"):
            score("audit", [1, None, None, None, None, None, None, None, 0, 0])

    def test_crafft_no_use_asks_only_the_car_question(self):
        s = score("crafft", {"part_a_days": [0, 0, 0], "part_b": ["no", None, None, None, None, None]})
        assert (0, "lower_risk") == (s.total, s.band)
        assert {"part_a_days": (0, 0, 0), "part_b": (False, None, None, None, None, None)} == s.answers

    def test_crafft_any_use_asks_all_of_part_b(self):
        with pytest.raises(IncompleteResponseError, match="crafft items 5"):
            score("crafft", {"part_a_days": [0, 4, 0], "part_b": ["no", None, None, None, None, None]})

    def test_crafft_car_yes_is_a_warning_flag_at_any_score(self):
        s = score("crafft", {"part_a_days": [0, 0, 0], "part_b": ["yes", None, None, None, None, None]})
        assert (1, ["riding_with_impaired_driver"]) == (s.total, [f.code for f in s.flags])
        assert "warning" == s.flags[0].severity

    def test_crafft_parts_must_have_their_lengths(self):
        with pytest.raises(InvalidAnswerError, match="crafft part_b must be a list of 6 answers"):
            score("crafft", {"part_a_days": [0, 0, 0], "part_b": ["no"]})


class TestCssrsTriage:
    @pytest.mark.parametrize(
        "answers, band, flag",
        [
            (["no", "no", None, None, None, "no", None], "no_risk", None),
            (["yes", "no", None, None, None, "no", None], "low_risk", "suicide_risk_low"),
            (["yes", "yes", "yes", "no", "no", "no", None], "moderate_risk", "suicide_risk_moderate"),
            (["yes", "yes", "no", "yes", "no", "no", None], "high_risk", "suicide_risk_high"),
            (["yes", "yes", "no", "no", "yes", "no", None], "high_risk", "suicide_risk_high"),
            (["no", "no", None, None, None, "yes", "no"], "moderate_risk", "suicide_risk_moderate"),
            (["no", "no", None, None, None, "yes", "yes"], "high_risk", "suicide_risk_high"),
        ],
    )
    def test_triage_level_is_the_highest_item_reached(self, answers, band, flag):
        s = score("cssrs_screen", answers)
        assert (None, band) == (s.total, s.band)
        assert ([flag] if flag else []) == [f.code for f in s.flags]

    def test_high_risk_is_critical(self):
        assert "critical" == score("cssrs_screen", [1, 1, 0, 1, 0, 0, None]).flags[0].severity

    def test_after_a_yes_to_q2_questions_3_to_5_must_be_answered(self):
        with pytest.raises(IncompleteResponseError, match="cssrs_screen items 3, 4, 5"):
            score("cssrs_screen", ["no", "yes", None, None, None, "no", None])


class TestSubscores:
    def test_bam_subscales_and_flags_at_their_cut_offs(self):
        base = [0] * 17
        base[6] = None
        s = score("bam", base)
        assert (None, None, {"use": 0, "risk": 0, "protective": 0}) == (s.total, s.band, s.subscores)
        assert ["low_protective_factors"] == [f.code for f in s.flags]
        risk_11 = base.copy()
        risk_11[0:3], risk_11[7] = [4, 4, 3], 0
        assert "high_risk_factors" not in [f.code for f in score("bam", risk_11).flags]
        risk_11[7] = 1
        assert "high_risk_factors" in [f.code for f in score("bam", risk_11).flags]
        protective_13 = [0, 0, 0, 1, 0, 0, None, 0, 4, 4, 0, 1, 0, 4, 0, 0, 0]
        codes = [f.code for f in score("bam", protective_13).flags]
        assert ["substance_use"] == codes
        protective_13[11] = 0
        assert "low_protective_factors" in [f.code for f in score("bam", protective_13).flags]

    def test_bam_item7_is_recorded_elsewhere(self):
        with pytest.raises(InvalidAnswerError, match="bam item 7 must be None"):
            score("bam", [0] * 17)

    def test_pcl5_clusters_and_provisional_dsm5_rule(self):
        answers = [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0]
        s = score("pcl5", answers)
        assert {
            "cluster_b": 2,
            "cluster_c": 2,
            "cluster_d": 4,
            "cluster_e": 4,
            "cluster_b_endorsed": 1,
            "cluster_c_endorsed": 1,
            "cluster_d_endorsed": 2,
            "cluster_e_endorsed": 2,
            "provisional_dsm5": True,
        } == s.subscores
        assert ("below_threshold", ["probable_ptsd"]) == (s.band, [f.code for f in s.flags])
        answers[8] = 1  # a D item rated 1 is not endorsed
        assert not score("pcl5", answers).subscores["provisional_dsm5"]
        assert () == score("pcl5", answers).flags

    def test_audit_domains_and_next_higher_intervention_flags(self):
        s = score("audit", [2, 1, 1, 2, 0, 0, 0, 0, 4, 0])
        assert {"consumption": 4, "dependence": 2, "harm": 4} == s.subscores
        assert ["positive_screen", "incipient_dependence", "dependence_symptoms", "alcohol_related_harm_past_year"] == [
            f.code for f in s.flags
        ]  # item 4 at 2: points on 4-6 (incipient dependence) and 2 or more (WHO manual)


class TestScoreRecord:
    @pytest.mark.parametrize("code", list(iopkit.instruments()))
    def test_rescoring_a_score_gives_the_same_score(self, code):
        inst = iopkit.instrument(code)
        s = score(
            code,
            answers_for_total(code, 3)
            if inst.aggregate == "sum"
            else {"bam": [1, 2, 3, 0, 0, 1, None, 2, 3, 4, 1, 2, 3, 4, 0, 2, 1], "cssrs_screen": [1, 1, 1, 0, 0, 1, 0]}[
                code
            ],
        )
        assert s == score(s.instrument, s.answers, **s.context)
        assert s == iopkit.Score.from_dict(json.loads(json.dumps(s.to_dict())))

    def test_answers_are_normalised_as_scored(self):
        s = score("cage_aid", ["Yes", 0, True, 1.0])
        assert {1: True, 2: False, 3: True, 4: True} == s.answers


class TestScoreMany:
    def test_rows_match_score_and_bad_rows_are_reported_not_scored(self):
        rows = np.array([[0, 1, 2, 3, 0, 1, 2, 3, 0], [3] * 9, [0] * 8 + [4], [1] * 8 + [np.nan]])
        df = score_many("phq9", rows)
        assert [12, 27] == df["total"].iloc[:2].tolist()
        assert ["moderate", "severe"] == df["band"].iloc[:2].tolist()
        assert df["total"].iloc[2:].isna().all() and df["band"].iloc[2:].isna().all()
        assert df["error"].iloc[2].startswith("phq9 item 9 must be one of 0, 1, 2, 3 (got 4.0)")
        assert df["error"].iloc[3].startswith("phq9 item 9 is not answered")
        assert [None, None] == df["error"].iloc[:2].tolist()

    def test_safety_item_is_flagged_on_an_incomplete_row(self):
        df = score_many("phq9", np.array([[np.nan] * 8 + [2.0]]))
        assert [True] == df["flag_suicidal_ideation"].tolist()
        assert pd.isna(df["total"].iloc[0])

    def test_dataframe_item_columns_index_and_extra_columns(self):
        frame = pd.DataFrame(
            {"patient": ["a", "b"], "item1": ["yes", "no"], "item2": [True, False], "item3": [0, 0], "item4": [1, 0]},
            index=["p1", "p2"],
        )
        df = score_many("cage_aid", frame)
        assert ["p1", "p2"] == list(df.index)
        assert [3, 0] == df["total"].tolist()
        assert ["positive", "negative"] == df["band"].tolist()

    def test_integer_column_names_are_accepted(self):
        frame = pd.DataFrame([[1, 2], [0, 0]], columns=[1, 2])
        assert [3, 0] == score_many("gad2", frame)["total"].tolist()

    def test_missing_item_column_is_refused(self):
        with pytest.raises(InvalidAnswerError, match="gad2 table lacks item columns item2"):
            score_many("gad2", pd.DataFrame({"item1": [0]}))

    def test_wrong_shape_is_refused(self):
        with pytest.raises(InvalidAnswerError, match="2-D table with 9 item columns"):
            score_many("phq9", np.zeros((3, 8)))

    def test_booleans_where_numbers_are_expected_are_row_errors(self):
        df = score_many("phq2", pd.DataFrame({"item1": [True, False], "item2": [0, 1]}))
        assert df["total"].isna().all()
        assert "(got True (a yes/no answer where a number is expected))" in df["error"].iloc[0]

    def test_context_applies_to_every_row(self):
        df = score_many("audit_c", np.array([[1, 1, 1], [2, 1, 1]]), sex="male")
        assert ["negative", "positive"] == df["band"].tolist()
        assert {"instrument": "audit_c", "scheme": "us"}.items() <= df.attrs.items()

    def test_skip_rules_apply_to_cohorts(self):
        crafft = np.array(
            [[0, 0, 0, 1, np.nan, np.nan, np.nan, np.nan, np.nan], [5, 0, 0, 1, np.nan, np.nan, np.nan, np.nan, np.nan]]
        )
        df = score_many("crafft", crafft)
        assert 1 == df["total"].iloc[0] and df["flag_riding_with_impaired_driver"].all()
        assert df["error"].iloc[1].startswith("crafft items 5, 6, 7, 8, 9 are not answered")

    def test_instrument_without_total_keeps_the_columns(self):
        bam = pd.DataFrame(
            [[1, 2, 3, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4, 0, 2, 1]], columns=[f"item{n}" for n in range(1, 18) if n != 7]
        )
        df = score_many("bam", bam)
        assert df["total"].isna().all() and df["band"].isna().all()
        assert [1, 9, 18] == [df[c].iloc[0] for c in ("use", "risk", "protective")]

    def test_input_array_is_not_changed(self):
        rows = np.array([[0.0, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 0.0, 0.0]])
        before = rows.copy()
        assert 0 == score_many("audit", rows)["total"].iloc[0]
        np.testing.assert_array_equal(before, rows)
