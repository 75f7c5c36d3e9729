"""Specifications for the instrument catalogue: lookup, the data each definition carries, load-time checks."""

import pytest

import iopkit
from iopkit.errors import InstrumentDefinitionError, InvalidAnswerError, UnknownInstrumentError, UnknownSchemeError
from iopkit.instruments import Band, FlagRule, Instrument, Item, Option, Scheme, When
from iopkit.instruments._model import choice_items, labelled, two_bands, yes_no_item

CODES = [
    "audit",
    "audit_c",
    "dast10",
    "cage_aid",
    "crafft",
    "phq9",
    "phq2",
    "gad7",
    "gad2",
    "ciwa_ar",
    "cows",
    "pcl5",
    "bam",
    "dsm5_sud",
    "cssrs_screen",
]


class TestCatalogue:
    def test_catalogue_holds_the_fifteen_instruments_of_issue_3(self):
        assert CODES == list(iopkit.instruments())

    @pytest.mark.parametrize(
        "name, code",
        [
            ("PHQ-9", "phq9"),
            ("phq-9", "phq9"),
            ("phq9", "phq9"),
            ("AUDIT-C", "audit_c"),
            ("CIWA-Ar", "ciwa_ar"),
            ("C-SSRS", "cssrs_screen"),
            ("DAST-10", "dast10"),
            ("CAGE-AID", "cage_aid"),
            ("DSM-5 SUD", "dsm5_sud"),
            ("pcl 5", "pcl5"),
            ("CRAFFT 2.1", "crafft"),
        ],
    )
    def test_lookup_forgives_case_hyphens_and_spaces(self, name, code):
        assert code == iopkit.instrument(name).code

    def test_unknown_instrument_names_the_known_codes(self):
        with pytest.raises(UnknownInstrumentError) as err:
            iopkit.instrument("BDI-II")
        assert str(err.value).startswith("unknown instrument 'BDI-II'; known: audit, audit_c,")
        assert isinstance(err.value, KeyError)

    def test_instruments_package_is_also_the_catalogue_call(self):
        from iopkit import instruments

        assert instruments() is iopkit.instruments()
        assert instruments.get("gad7") is iopkit.instrument("GAD-7")


@pytest.mark.parametrize("code", CODES)
class TestEveryDefinition:
    def test_carries_citation_and_licence(self, code):
        inst = iopkit.instrument(code)
        assert inst.citation and inst.licence and inst.name

    def test_every_item_has_a_stem_and_its_allowed_answers_for_a_form(self, code):
        for item in iopkit.instrument(code).items:
            assert item.stem
            if item.kind in ("choice", "yes_no"):
                assert item.options and all(o.label or item.kind == "choice" for o in item.options)
                assert any(o.label for o in item.options)  # at least the anchors are printed
            assert item.column == f"item{item.number}"

    def test_every_scheme_cites_its_source(self, code):
        for scheme in iopkit.instrument(code).schemes:
            assert scheme.source and scheme.id


class TestDefinitionFacts:
    @pytest.mark.parametrize(
        "code, panel, total",
        [
            ("phq9", "44249-1", "44261-6"),
            ("phq2", "55757-9", "55758-7"),
            ("gad7", "69737-5", "70274-6"),
            ("audit", "72110-0", "75624-7"),
            ("audit_c", "72109-2", "75626-2"),
            ("dast10", "82666-9", "82667-7"),
            ("pcl5", "101697-1", "101698-9"),
        ],
    )
    def test_loinc_panel_and_total_codes(self, code, panel, total):
        inst = iopkit.instrument(code)
        assert (panel, total) == (inst.loinc_panel, inst.loinc_total)

    def test_phq9_item9_carries_its_loinc_code(self):
        assert "44260-8" == iopkit.instrument("phq9").item(9).loinc

    def test_phq9_answers_are_labelled_as_printed(self):
        options = iopkit.instrument("phq9").item(1).options
        assert [(0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day")] == [
            (o.code, o.label) for o in options
        ]

    def test_audit_items_9_and_10_take_only_0_2_4(self):
        audit = iopkit.instrument("audit")
        assert [(0, 2, 4), (0, 2, 4)] == [audit.item(9).codes, audit.item(10).codes]

    def test_cows_items_take_only_their_published_anchor_values(self):
        cows = iopkit.instrument("cows")
        assert [
            (0, 1, 2, 4),
            (0, 1, 2, 3, 4),
            (0, 1, 3, 5),
            (0, 1, 2, 5),
            (0, 1, 2, 4),
            (0, 1, 2, 4),
            (0, 1, 2, 3, 5),
            (0, 1, 2, 4),
            (0, 1, 2, 4),
            (0, 1, 2, 4),
            (0, 3, 5),
        ] == [i.codes for i in cows.items]
        assert (0, 48) == cows.total_range

    def test_ciwa_ar_orientation_is_0_to_4_and_maximum_is_67(self):
        ciwa = iopkit.instrument("ciwa_ar")
        assert (0, 1, 2, 3, 4) == ciwa.item(10).codes
        assert (0, 67) == ciwa.total_range

    def test_dast10_item3_is_the_only_reverse_key(self):
        assert [3] == [i.number for i in iopkit.instrument("dast10").items if i.reverse]

    @pytest.mark.parametrize("code", ["phq2", "gad2", "audit_c"])
    def test_short_forms_reuse_the_items_of_the_long_form(self, code):
        long = {"phq2": "phq9", "gad2": "gad7", "audit_c": "audit"}[code]
        short = iopkit.instrument(code)
        assert [i.stem for i in short.items] == [i.stem for i in iopkit.instrument(long).items[: len(short.items)]]

    def test_skip_rules_are_exposed_as_data_for_forms(self):
        audit = iopkit.instrument("audit")
        assert ((1, (0,)),) == audit.skip_rules[0].when
        assert (2, 3, 4, 5, 6, 7, 8) == audit.skip_rules[0].unasked
        crafft = iopkit.instrument("crafft")
        assert (5, 6, 7, 8, 9) == crafft.skip_rules[0].unasked  # CAR (item 4) is always asked
        cssrs = iopkit.instrument("cssrs_screen")
        assert [(3, 4, 5), (7,)] == [r.unasked for r in cssrs.skip_rules]

    def test_crafft_form_parts_and_item_labels(self):
        crafft = iopkit.instrument("crafft")
        assert (("part_a_days", (1, 2, 3)), ("part_b", (4, 5, 6, 7, 8, 9))) == crafft.groups
        assert "B1 (CAR)" == crafft.item(4).label
        assert (0, 365) == crafft.item(1).count_range

    def test_bam_has_subscales_but_no_total_or_bands(self):
        bam = iopkit.instrument("bam")
        assert (None, (), None) == (bam.aggregate, bam.schemes, bam.total_range)
        assert {"use": (4, 5, 6), "risk": (1, 2, 3, 8, 11, 15), "protective": (9, 10, 12, 13, 14, 16)} == {
            s.name: s.items for s in bam.subscales
        }

    def test_alternative_schemes_follow_the_authors_default(self):
        assert {
            "ciwa_ar": ["sullivan_1989", "asam_2020", "severe_16"],
            "cage_aid": ["brown_rounds_1995", "cage_2plus"],
            "phq2": ["kroenke_2003", "arroll_2010"],
            "pcl5": ["ncptsd_33", "ncptsd_31", "ncptsd_32"],
            "audit_c": ["us", "uk"],
        } == {
            code: [s.id for s in iopkit.instrument(code).schemes]
            for code in ("ciwa_ar", "cage_aid", "phq2", "pcl5", "audit_c")
        }


class TestInstrumentLookups:
    @pytest.mark.parametrize("number", [0, 10, -1, True, "9"])
    def test_item_outside_the_form_is_refused(self, number):
        """Item 0 or -1 must not wrap round to the last item; the message names the items the form has."""
        with pytest.raises(InvalidAnswerError) as err:
            iopkit.instrument("phq9").item(number)
        assert f"phq9 item must be a number 1-9 (got {number!r})" == str(err.value)

    def test_unknown_scheme_is_an_iopkit_error_naming_the_schemes(self):
        """Instrument.scheme raises the same error as score(..., scheme=...), not StopIteration."""
        with pytest.raises(UnknownSchemeError) as err:
            iopkit.instrument("audit_c").scheme("nice")
        assert "audit_c has no banding scheme 'nice'; schemes: us, uk" == str(err.value)


def _toy(**changes):
    base = dict(
        code="toy",
        name="Toy",
        citation="c",
        licence="l",
        items=choice_items(("a", "b"), labelled({0: "no"}, 3)),
        schemes=(Scheme("s", "src", two_bands(3, 0, 6)),),
    )
    return Instrument(**{**base, **changes})


class TestLoadTimeChecks:
    def test_a_valid_toy_definition_loads(self):
        assert (0, 6) == _toy().total_range

    def test_bands_with_a_gap_are_refused(self):
        with pytest.raises(InstrumentDefinitionError, match="not contiguous"):
            _toy(schemes=(Scheme("s", "src", (Band(0, 2, "low"), Band(4, 6, "high"))),))

    def test_bands_not_covering_the_range_are_refused(self):
        with pytest.raises(InstrumentDefinitionError, match="must cover 0..6"):
            _toy(schemes=(Scheme("s", "src", (Band(0, 2, "low"), Band(3, 5, "high"))),))

    def test_band_labels_must_be_snake_case(self):
        with pytest.raises(InstrumentDefinitionError, match="snake_case"):
            _toy(schemes=(Scheme("s", "src", (Band(0, 2, "Low"), Band(3, 6, "high"))),))

    def test_items_must_be_numbered_in_form_order(self):
        with pytest.raises(InstrumentDefinitionError, match="numbered 1..n"):
            _toy(items=(Item(2, "b", options=(Option(0, "no", 0),)),))

    def test_flag_rules_must_name_real_items(self):
        with pytest.raises(InstrumentDefinitionError, match="unknown item"):
            _toy(flags=(FlagRule("x", "m", "warning", "a", "s", (When(item=9, at_least=1),)),))

    def test_unknown_sex_must_use_the_more_sensitive_cut_off(self):
        with pytest.raises(InstrumentDefinitionError, match="most sensitive"):
            _toy(
                context={"sex": (("female", "male", None), None)},
                schemes=(
                    Scheme(
                        "s",
                        "src",
                        two_bands(4, 0, 6),
                        by_sex={"female": two_bands(3, 0, 6), "male": two_bands(4, 0, 6)},
                    ),
                ),
            )

    def test_yes_no_items_need_codes_0_and_1(self):
        bad = Item(1, "q", kind="yes_no", options=(Option(0, "No", 0), Option(2, "Yes", 1)))
        with pytest.raises(InstrumentDefinitionError, match="codes 0 and 1"):
            _toy(items=(bad,), schemes=(Scheme("s", "src", two_bands(1, 0, 1)),))

    def test_an_item_instruction_is_text_as_printed(self):
        options = (Option(0, "no", 0), Option(3, "yes", 3))
        good = _toy(items=(Item(1, "a", options=options, instruction="Observation."), Item(2, "b", options=options)))
        assert good.item(1).instruction == "Observation."  # kept when the instrument is made
        assert good.item(2).instruction == ""
        for bad in (" Observation.", ("Observation.",)):
            with pytest.raises(InstrumentDefinitionError, match="instruction must be text as printed"):
                _toy(items=(Item(1, "a", options=options, instruction=bad), Item(2, "b", options=options)))

    def test_reverse_key_is_read_from_the_points(self):
        assert yes_no_item(1, "q", reverse=True).reverse
        assert not yes_no_item(1, "q").reverse


class TestInstrumentText:
    """Form text checked against the published forms (VA BAM, Cacciola et al. 2013; DAST-10,
    Skinner 1982; DSM-5 criteria count, APA 2013), typed here by hand."""

    def test_bam_item15_asks_how_much_arguments_bothered_the_person(self):
        item = iopkit.instrument("bam").item(15)
        assert "arguments or problems getting along" in item.stem and "family" in item.stem
        assert [o.label for o in item.options] == ["Not at all", "Slightly", "Moderately", "Considerably", "Extremely"]

    def test_bam_item3_includes_angry(self):
        assert "depressed, anxious, angry or very upset" in iopkit.instrument("bam").item(3).stem

    def test_dast10_item3_shows_the_point_no_adds(self):
        texts = [o.text for o in iopkit.instrument("dast10").item(3).options]
        assert texts == ["No (adds 1 point)", "Yes (adds 0 points)"]

    @pytest.mark.parametrize("code", CODES)
    def test_a_number_shown_with_an_answer_is_the_points_it_adds(self, code):
        import re

        for item in iopkit.instrument(code).items:
            for o in item.options:
                assert o.text
                shown = re.match(r"(\d+) ", o.text)
                if shown:
                    assert int(shown.group(1)) == o.points, (code, item.number, o)
                else:
                    assert f"{o.points}" in o.text, (code, item.number, o)

    def test_dsm5_bands_count_criteria_and_do_not_diagnose(self):
        bands = iopkit.instrument("dsm5_sud").schemes[0].bands
        assert [(b.low, b.high) for b in bands] == [(0, 1), (2, 3), (4, 5), (6, 11)]
        for b in bands:
            assert "criteria" in b.label and b.label not in ("no_disorder", "mild", "moderate", "severe")
            assert "criteria met" in b.meaning
