"""The public functions refuse arguments of the wrong type with `InvalidArgumentError` naming the argument.

Without the checks, a year given as ``"2025"`` failed deep inside with a bare
`TypeError` (``'str' object cannot be interpreted as an integer``) or, for
`remediation_shares`, silently matched no review.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest

from partyreview import (
    BundleHeader,
    InvalidArgumentError,
    Remedy,
    build_report,
    check_cadence,
    check_participation,
    dataset_bundles,
    dataset_to_json,
    dump_dataset,
    dumps_dataset,
    evaluate_group,
    follow_up,
    generate_example,
    iter_bundles,
    load_bundles,
    load_dataset,
    loads_dataset,
    participation_by_cell,
    rate_year,
    remediation_share,
    remediation_shares,
    remedy_state,
    render_html,
    render_text,
    report_to_json,
    stream_report,
    summarize_participation,
    write_bundles,
    write_report_json,
)
from partyreview.rules import CadenceRuleSet, RatingRuleSet, default_registry

YEAR = 2025
END = dt.date(YEAR, 12, 31)
DATASET = generate_example("demo", seed=1, year=YEAR)
CELL = DATASET.cells()[0]
CADENCE = default_registry().for_year(CadenceRuleSet, YEAR)
RATING = default_registry().for_year(RatingRuleSet, YEAR)


def _wrong(value: object) -> Any:
    """``value`` as an argument of the wrong type, past the type checker."""
    return value


def _stream(**changes: Any) -> int:
    arguments: dict[str, Any] = {"stream": dataset_bundles(DATASET), "year": YEAR, "out": io.StringIO()} | changes
    return stream_report(**arguments)


def _group(**changes: Any) -> Any:
    arguments: dict[str, Any] = {
        "header": BundleHeader(),
        "bundles": [],
        "year": YEAR,
        "cadence_rules": CADENCE,
        "rating_rules": RATING,
        "as_of": END,
    } | changes
    return evaluate_group(**arguments)


FUNCTIONS = (
    build_report, rate_year, stream_report, write_report_json, evaluate_group, check_cadence, check_participation,
    participation_by_cell, summarize_participation, follow_up, remediation_shares, remediation_share, remedy_state,
    iter_bundles, load_bundles, dataset_bundles, write_bundles, report_to_json, render_text, render_html,
    loads_dataset, load_dataset, dataset_to_json, dumps_dataset, dump_dataset,
)  # fmt: skip
CASES: list[tuple[str, Callable[[], object], str]] = [
    ("build_report year", lambda: build_report(DATASET, _wrong("2025")), "'year' must be a whole number such as 2025 (got str '2025')"),
    ("build_report year float", lambda: build_report(DATASET, _wrong(2025.0)), "'year' must be a whole number such as 2025 (got float 2025.0)"),
    ("build_report year bool", lambda: build_report(DATASET, _wrong(True)), "'year' must be a whole number such as 2025 (got bool True)"),
    ("build_report year 0", lambda: build_report(DATASET, 0), "'year' must be from 1 to 9999 (got 0)"),
    ("build_report as_of", lambda: build_report(DATASET, YEAR, as_of=_wrong("2025-12-31")), "'as_of' must be a datetime.date such as datetime.date(2025, 12, 31) or None (got str '2025-12-31')"),
    ("build_report as_of datetime", lambda: build_report(DATASET, YEAR, as_of=dt.datetime(2025, 12, 31)), "'as_of' must be a datetime.date"),  # noqa: DTZ001
    ("build_report dataset", lambda: build_report(_wrong({}), YEAR), "'dataset' must be a Dataset (see load_dataset) (got dict {})"),
    ("rate_year rules", lambda: rate_year(DATASET, YEAR, _wrong("qd366-2025")), "'rules' must be a RatingRuleSet (got str 'qd366-2025')"),
    ("rate_year year", lambda: rate_year(DATASET, _wrong("2025"), RATING), "'year' must be a whole number"),
    ("stream_report stream", lambda: _stream(stream=[]), "'stream' must be a BundleStream (see iter_bundles and dataset_bundles) (got list [])"),
    ("stream_report year", lambda: _stream(year="2025"), "'year' must be a whole number such as 2025 (got str '2025')"),
    ("stream_report as_of", lambda: _stream(as_of="2025-12-31"), "'as_of' must be a datetime.date"),
    ("stream_report out", lambda: _stream(out="report.json"), "'out' must be a text or binary file open for writing (got str 'report.json')"),
    ("stream_report jobs", lambda: _stream(jobs="2"), "'jobs' must be a whole number, 0 for one per CPU (got str '2')"),
    ("stream_report jobs negative", lambda: _stream(jobs=-1), "'jobs' must be from 0 (one per CPU) to 61 (got -1)"),
    ("write_report_json year", lambda: write_report_json([], io.StringIO(), year=_wrong("2025"), committee="K", cadence_rules=CADENCE, rating_rules=RATING, as_of=END), "'year' must be a whole number"),
    ("write_report_json as_of", lambda: write_report_json([], io.StringIO(), year=YEAR, committee="K", cadence_rules=CADENCE, rating_rules=RATING, as_of=_wrong(None)), "'as_of' must be a datetime.date such as datetime.date(2025, 12, 31) (got NoneType None)"),
    ("write_report_json out", lambda: write_report_json([], _wrong(None), year=YEAR, committee="K", cadence_rules=CADENCE, rating_rules=RATING, as_of=END), "'out' must be a text or binary file open for writing (got NoneType None)"),
    ("evaluate_group header", lambda: _group(header=None), "'header' must be a BundleHeader (got NoneType None)"),
    ("evaluate_group bundles", lambda: _group(bundles=["C1"]), "'bundles[0]' must be a CellBundle (got str 'C1')"),
    ("evaluate_group year", lambda: _group(year=2025.0), "'year' must be a whole number"),
    ("evaluate_group as_of", lambda: _group(as_of=None), "'as_of' must be a datetime.date"),
    ("check_cadence cell", lambda: check_cadence(_wrong("C1"), [], YEAR, CADENCE), "'cell' must be a Unit (got str 'C1')"),
    ("check_cadence year", lambda: check_cadence(CELL, [], _wrong("2025"), CADENCE), "'year' must be a whole number"),
    ("check_participation year", lambda: check_participation(CELL, [], {}, _wrong("2025"), CADENCE), "'year' must be a whole number"),
    ("participation_by_cell dataset", lambda: participation_by_cell(_wrong(None), YEAR, CADENCE), "'dataset' must be a Dataset"),
    ("summarize_participation year", lambda: summarize_participation([], _wrong("2025"), CADENCE), "'year' must be a whole number"),
    ("follow_up as_of", lambda: follow_up(DATASET.reviews, _wrong("2025-12-31")), "'as_of' must be a datetime.date"),
    ("remediation_shares year", lambda: remediation_shares(DATASET.reviews, _wrong("2025"), END), "'year' must be a whole number"),
    ("remediation_share as_of", lambda: remediation_share(DATASET.reviews, "C1", YEAR, _wrong(20251231)), "'as_of' must be a datetime.date"),
    ("remedy_state remedy", lambda: remedy_state(_wrong("fix it"), END), "'remedy' must be a Remedy (got str 'fix it')"),
    ("remedy_state as_of", lambda: remedy_state(Remedy("Fix it"), _wrong(None)), "'as_of' must be a datetime.date"),
    ("iter_bundles bytes", lambda: iter_bundles(_wrong(b'{"format": "x"}\n')), "'source' must be a path, a file open for reading or an iterable of lines (got bytes"),
    ("load_bundles None", lambda: load_bundles(_wrong(None)), "'source' must be a path, a file open for reading or an iterable of lines (got NoneType None"),
    ("dataset_bundles", lambda: dataset_bundles(_wrong([1])), "'dataset' must be a Dataset (see load_dataset) (got list [1])"),
    ("write_bundles stream", lambda: write_bundles(_wrong([]), io.StringIO()), "'stream' must be a BundleStream"),
    ("write_bundles file", lambda: write_bundles(dataset_bundles(DATASET), _wrong(3)), "'file' must be a path or a text file open for writing (got int 3)"),
    ("report_to_json", lambda: report_to_json(_wrong(None)), "'report' must be a Report (see build_report) (got NoneType None)"),
    ("render_text", lambda: render_text(_wrong(DATASET)), "'report' must be a Report (see build_report) (got Dataset"),
    ("render_html", lambda: render_html(_wrong({})), "'report' must be a Report (see build_report) (got dict {})"),
    ("loads_dataset", lambda: loads_dataset(_wrong(3)), "'text' must be the JSON text, a str or bytes (got int 3)"),
    ("load_dataset", lambda: load_dataset(_wrong(None)), "'path' must be a path (got NoneType None)"),
    ("dataset_to_json", lambda: dataset_to_json(_wrong({})), "'dataset' must be a Dataset (got dict {})"),
    ("dumps_dataset", lambda: dumps_dataset(_wrong("{}")), "'dataset' must be a Dataset (got str '{}')"),
    ("dump_dataset dataset", lambda: dump_dataset(_wrong(3), "unused.json"), "'dataset' must be a Dataset (got int 3)"),
    ("dump_dataset path", lambda: dump_dataset(DATASET, _wrong(3)), "'path' must be a path (got int 3)"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_argument_of_the_wrong_type_is_named(call: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape(message)):
        call()


def test_every_checked_function_is_tried() -> None:
    assert {name.split(maxsplit=1)[0] for name, _, _ in CASES} == {f.__name__ for f in FUNCTIONS}


def test_the_checks_let_good_arguments_through() -> None:
    """The same calls with the right types work (the checks refuse only what they name)."""
    report = build_report(DATASET, YEAR, as_of=END)
    out = io.StringIO()

    assert _stream(as_of=END, out=out) == len(report.cells)
    assert tuple(remediation_shares(DATASET.reviews, YEAR - 1, END).values()) == report.prior_remediation
