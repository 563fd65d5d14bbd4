"""The message catalogue: every code the engine emits reads in Vietnamese; fallbacks never fail."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from partyreview import (
    LANGUAGES,
    Finding,
    InvalidArgumentError,
    Severity,
    build_report,
    format_date,
    generate_example,
    label,
    localize,
    vietnamese_messages,
)
from partyreview._messages import template_fields


def _every_finding() -> list[Finding]:
    """Every finding of the small example's report and its what-if, of every kind."""
    from partyreview.rules import QD132_2018

    report = build_report(generate_example("small", seed=0, year=2025), 2025, compare_with=QD132_2018)
    assert report.what_if is not None
    findings = [f for c in report.cells for f in (*c.cadence.findings, *c.participation.findings)]
    findings += [f for r in (*report.ratings.ratings, *report.what_if.ratings) for f in r.reasons]
    findings += [f for q in report.ratings.quota for f in q.findings]
    findings += report.remediation.findings
    return findings


FINDINGS = _every_finding()


def test_the_small_example_emits_many_kinds_of_finding() -> None:
    """The catalogue test below is only as good as the variety of codes it sees."""
    assert 25 <= len({f.code for f in FINDINGS})


@pytest.mark.parametrize("code", sorted({f.code for f in FINDINGS}))
def test_every_emitted_code_has_a_vietnamese_template_filled_by_its_params(code: str) -> None:
    """The template names only parameters the findings carry, and renders something other than the English."""
    template = vietnamese_messages()[code]
    for finding in (f for f in FINDINGS if f.code == code):
        assert template_fields(template) <= {name for name, _ in finding.params}
        assert finding.message != localize(finding, "vi")


def test_english_is_the_findings_own_sentence() -> None:
    """The engine writes English; "en" returns it untouched."""
    finding = FINDINGS[0]

    assert finding.message == localize(finding, "en")


def test_levels_and_kinds_in_params_are_shown_in_words() -> None:
    """A level value in the params is rendered as the level's Vietnamese name."""
    finding = Finding(
        "rating.proposed", Severity.INFO, "M1: proposed level good.", "", params={"subject": "M1", "level": "good"}
    )

    assert "M1: mức đề xuất: hoàn thành tốt nhiệm vụ." == localize(finding, "vi")


def test_a_code_without_a_template_keeps_its_english_sentence() -> None:
    """A host's local rule with no Vietnamese template still reads."""
    finding = Finding("local.my_rule", Severity.INFO, "Something local.", "", params={"subject": "M1"})

    assert "Something local." == localize(finding, "vi")


def test_a_template_naming_a_missing_param_falls_back_to_english() -> None:
    """A finding built without the params its template needs is shown in English, not as an error."""
    finding = Finding("cadence.regular.missing", Severity.ERROR, "No meeting in March.", "")

    assert "No meeting in March." == localize(finding, "vi")


def test_a_host_may_supply_its_own_templates() -> None:
    """``messages`` adds or overrides templates by code."""
    finding = Finding("local.my_rule", Severity.INFO, "Something local.", "", params={"subject": "M1"})

    assert "Quy định riêng: M1" == localize(finding, "vi", messages={"local.my_rule": "Quy định riêng: {subject}"})


def test_an_unknown_language_is_refused_naming_the_argument() -> None:
    """Only vi and en exist."""
    with pytest.raises(InvalidArgumentError, match=r"lang: expected one of vi, en, got 'fr'"):
        localize(FINDINGS[0], "fr")
    with pytest.raises(InvalidArgumentError, match="lang"):
        label("report.title", "fr", year=2025)
    with pytest.raises(InvalidArgumentError, match="lang"):
        format_date(dt.date(2025, 1, 1), "fr")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_exists_in_every_language(lang: str) -> None:
    """A few labels of each section, filled where they take a value."""
    assert "Báo cáo kiểm điểm, đánh giá chi bộ năm 2025" == label("report.title", "vi", year=2025)
    assert label("section.ratings", lang)
    assert label("level.not_complete", lang)


def test_an_unknown_label_is_a_key_error() -> None:
    """A typo in a label key is a programming error, not a silent blank."""
    with pytest.raises(KeyError):
        label("section.nope", "vi")


@pytest.mark.parametrize(
    ("day", "lang", "long", "expected"),
    [
        (dt.date(2025, 1, 4), "vi", False, "04/01/2025"),
        (dt.date(2025, 1, 4), "vi", True, "ngày 04 tháng 01 năm 2025"),
        (dt.date(2025, 12, 31), "vi", False, "31/12/2025"),
        (dt.date(2025, 1, 4), "en", False, "2025-01-04"),
        (dt.date(2025, 1, 4), "en", True, "4 January 2025"),
        (dt.date(2025, 12, 31), "en", True, "31 December 2025"),
    ],
)
def test_dates_are_written_as_people_write_them(day: dt.date, lang: str, *, long: bool, expected: str) -> None:
    """Vietnamese day/month/year with leading zeros; English ISO, or day month year."""
    assert expected == format_date(day, lang, long=long)


def test_finding_params_are_kept_sorted_and_hashable() -> None:
    """A mapping or pairs, kept as sorted pairs; param() reads one; a finding stays hashable."""
    from_mapping = Finding("x.y", Severity.INFO, "m", "", params={"month": 3, "cell": "C1"})
    from_pairs = Finding("x.y", Severity.INFO, "m", "", params=[("month", 3), ("cell", "C1")])

    assert (("cell", "C1"), ("month", 3)) == from_mapping.params
    assert from_mapping == from_pairs
    assert hash(from_mapping) == hash(from_pairs)
    assert 3 == from_mapping.param("month")
    with pytest.raises(KeyError):
        from_mapping.param("quarter")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"not an identifier": 1}, "finding parameter names must be identifiers, got 'not an identifier'"),
        ([(1, "x")], "finding parameter names must be identifiers, got 1"),
        ({"flag": True}, "finding parameter 'flag' must be a str or an int, got True"),
        ({"rate": 0.5}, "finding parameter 'rate' must be a str or an int, got 0.5"),
    ],
)
def test_bad_finding_params_are_refused(params: object, message: str) -> None:
    """Only identifier names and str or int values: a finding must render and serialize anywhere."""
    from partyreview import InvalidRecordError

    with pytest.raises(InvalidRecordError, match=re.escape(message)):
        Finding("x.y", Severity.INFO, "m", "", params=params)  # type: ignore[arg-type]
