"""Closed sets are Enums: a definition or a value may spell a member as its string, and anything else
is refused at construction with an iopkit error naming the field, the value and what is allowed."""

from __future__ import annotations

import pytest

from iopkit.dose import Mode, Service, ServiceLine
from iopkit.errors import DosePlanError, InstrumentDefinitionError, InvalidValueError
from iopkit.flags import CallsFor, Flag, Severity
from iopkit.instruments import CATALOGUE, get
from iopkit.instruments._model import (
    Aggregate,
    FlagRule,
    Item,
    ItemKind,
    UnknownRule,
    When,
    band_flag,
    yes_no_item,
)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_definition_reads_as_members_of_its_closed_sets(code):
    inst = get(code)
    assert inst.aggregate is None or type(inst.aggregate) is Aggregate
    assert {type(i.kind) for i in inst.items} == {ItemKind}
    for rule in inst.flags:
        assert type(rule.severity) is Severity and type(rule.calls_for) is CallsFor
        assert {type(w.unknown) for w in rule.when} == {UnknownRule}


def test_a_string_is_read_as_its_member_and_still_compares_as_the_string():
    item = yes_no_item(1, "Ever?")
    assert item.kind is ItemKind.YES_NO and item.kind == "yes_no"
    rule = band_flag(
        "positive", "Positive screen", ("positive",), "Assess", "iopkit", severity="critical", calls_for="level_review"
    )
    assert rule.severity is Severity.CRITICAL and rule.calls_for is CallsFor.LEVEL_REVIEW
    assert When(item=9, unknown="worst_case").unknown is UnknownRule.WORST_CASE


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda: Item(1, "stem", kind="likert"), "item 1 kind", "likert"),
        (lambda: When(item=1, unknown="maybe"), "unknown", "maybe"),
        (lambda: FlagRule("x", "m", "urgent", "a", "iopkit", (When(item=1),)), "flag 'x' severity", "urgent"),
        (
            lambda: FlagRule("x", "m", "warning", "a", "iopkit", (When(item=1),), calls_for="call"),
            "flag 'x' calls_for",
            "call",
        ),
    ],
)
def test_a_definition_outside_its_closed_set_is_refused_naming_field_value_and_allowed(make, field, value):
    with pytest.raises(InstrumentDefinitionError, match=f"{field} must be one of .* \\(got '{value}'\\)") as caught:
        make()
    assert (caught.value.item, caught.value.value) == (field, value)
    assert isinstance(caught.value.allowed, tuple) and len(caught.value.allowed) >= 2


def test_an_aggregate_outside_its_set_is_refused():
    from dataclasses import replace

    with pytest.raises(InstrumentDefinitionError, match="aggregate must be one of 'sum', 'max'") as caught:
        replace(get("phq2"), aggregate="mean")
    assert caught.value.allowed == ("sum", "max")


def test_a_flag_outside_its_closed_sets_is_an_iopkit_value_error():
    with pytest.raises(InvalidValueError, match="severity must be one of 'critical', 'warning', 'info'") as caught:
        Flag("x", "y", "urgent")
    assert isinstance(caught.value, ValueError) and caught.value.allowed == ("critical", "warning", "info")
    with pytest.raises(InvalidValueError, match="calls_for"):
        Flag("x", "y", calls_for="phone")
    with pytest.raises(InvalidValueError, match="partial"):
        Flag("x", "y", partial="no")


def test_a_service_mode_is_a_member_and_anything_else_a_dose_plan_error():
    line = ServiceLine(Service.GROUP_THERAPY, hours=3, mode="telehealth")
    assert line.mode is Mode.TELEHEALTH and line.to_dict()["mode"] == "telehealth"
    with pytest.raises(DosePlanError, match="mode must be one of 'in_person', 'telehealth'") as caught:
        ServiceLine(Service.GROUP_THERAPY, hours=3, mode="video")
    assert (caught.value.item, caught.value.value) == ("mode", "video")


def test_an_attendance_record_reads_its_status_as_a_member_at_construction():
    from iopkit.dose import AttendanceRecord, AttendanceStatus

    assert AttendanceRecord("2025-01-06", "missed").status is AttendanceStatus.MISSED
    with pytest.raises(DosePlanError, match="attendance status on 2025-01-06 must be one of") as caught:
        AttendanceRecord("2025-01-06", "late")
    assert (caught.value.item, caught.value.value) == ("status", "late")
