"""The command line: every command, and exit status 0 / 2 / 1 with one line per problem and no traceback."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any, Self

import pytest

from partyreview import dump_bundles, dumps_dataset, generate_example, loads_dataset
from partyreview._cli import main

MINIMAL = {
    "format": "partyreview/1",
    "units": [
        {"id": "K", "name": "Đảng bộ Khối", "kind": "committee", "parent": None},
        {"id": "C1", "name": "Chi bộ Văn phòng", "kind": "cell", "parent": "K", "active_from": "2010-01-01"},
    ],
    "members": [
        {
            "id": "M1",
            "name": "Nguyễn Văn A",
            "admitted_on": "2015-03-26",
            "memberships": [{"cell": "C1", "from": "2015-03-26", "to": None, "role": "secretary"}],
        }
    ],
    "meetings": [
        {
            "id": "C1-2025-01",
            "cell": "C1",
            "date": "2025-01-14",
            "kinds": ["regular", "thematic"],
            "duration_minutes": 120,
            "tags": ["ho-chi-minh"],
            "attendance": {"M1": "present"},
            "speakers": ["M1"],
        }
    ],
}


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _write(tmp_path: Path, document: object, name: str = "data.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_validate_accepts_a_valid_dataset(tmp_path: Path) -> None:
    """validate prints a one-line summary and exits 0."""
    status, out, err = _run("validate", _write(tmp_path, MINIMAL))

    assert (0, "") == (status, err)
    assert "valid partyreview/1 dataset: 2 units, 1 members, 1 meetings" in out


def test_validate_lists_every_problem_with_its_path_and_exits_2(tmp_path: Path) -> None:
    """Each problem is one line 'FILE: $.path: message'; no traceback."""
    bad = json.loads(json.dumps(MINIMAL))
    bad["meetings"][0]["date"] = "2025-02-30"
    bad["members"][0]["surprise"] = True
    path = _write(tmp_path, bad)

    status, out, err = _run("validate", path)

    assert 2 == status
    assert "" == out
    assert [
        f"{path}: $.meetings[0].date: impossible date '2025-02-30'",
        f"{path}: $.members[0]: unknown key 'surprise'",
    ] == err.splitlines()


def test_a_missing_file_names_the_argument_and_exits_2(tmp_path: Path) -> None:
    """An unreadable DATA is invalid input, not a crash."""
    status, _, err = _run("validate", str(tmp_path / "nope.json"))

    assert 2 == status
    assert err.startswith("partyreview: error: DATA: cannot read")
    assert "Traceback" not in err


def test_text_that_is_not_json_exits_2(tmp_path: Path) -> None:
    """Broken JSON is reported with its line and column."""
    path = tmp_path / "broken.json"
    path.write_text('{"format": ', encoding="utf-8")

    status, _, err = _run("validate", str(path))

    assert 2 == status
    assert "$: not valid JSON: Expecting value at line 1, column 12" in err


def test_report_json_has_the_report_format(tmp_path: Path) -> None:
    """report --format json writes partyreview.report/1."""
    status, out, _ = _run("report", _write(tmp_path, MINIMAL), "--year", "2025", "--format", "json")
    document = json.loads(out)

    assert 0 == status
    assert "partyreview.report/1" == document["format"]
    assert [1] == document["cells"][0]["cadence"]["regular_months"]


def test_report_text_to_a_file(tmp_path: Path) -> None:
    """report --out writes the text report to the file and nothing to stdout."""
    out_file = tmp_path / "report.txt"

    status, out, _ = _run("report", _write(tmp_path, MINIMAL), "--year", "2025", "--out", str(out_file))

    assert (0, "") == (status, out)
    assert "Báo cáo kiểm điểm, đánh giá chi bộ năm 2025" in out_file.read_text(encoding="utf-8")


class _DiskFullAfter3:
    """A file that takes three characters, then fails as a full disk does."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.file.close()

    def write(self, text: str) -> int:
        self.file.write(text[:3])
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_write_keeps_the_file_that_was_there(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--out is written beside and renamed: a write that fails half-way leaves the old file whole, and no other."""
    out_file = tmp_path / "report.txt"
    out_file.write_text("last year's report", encoding="utf-8")
    data = _write(tmp_path, MINIMAL)

    def open_on_a_full_disk(file: int, mode: str, **kwargs: Any) -> _DiskFullAfter3:
        return _DiskFullAfter3(open(file, mode, **kwargs))

    monkeypatch.setattr("partyreview._files.open", open_on_a_full_disk, raising=False)
    status, _, err = _run("report", data, "--year", "2025", "--out", str(out_file))
    monkeypatch.undo()

    assert 2 == status
    assert f"--out: cannot write {str(out_file)!r}: No space left on device" in err
    assert "last year's report" == out_file.read_text(encoding="utf-8")
    assert ["data.json", "report.txt"] == sorted(p.name for p in tmp_path.iterdir())


def test_report_for_a_year_without_rule_set_exits_2(tmp_path: Path) -> None:
    """A year no rule set covers is invalid input."""
    status, _, err = _run("report", _write(tmp_path, MINIMAL), "--year", "2017")

    assert 2 == status
    assert err.startswith("partyreview: error: --year: no CadenceRuleSet is in force on 2017-12-31")


def test_report_to_an_unwritable_place_exits_2(tmp_path: Path) -> None:
    """--out into a missing directory names the argument."""
    status, _, err = _run("report", _write(tmp_path, MINIMAL), "--year", "2025", "--out", str(tmp_path / "x" / "r"))

    assert 2 == status
    assert "--out: cannot write" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["report", "data.json"], "the following arguments are required: --year"),
        (["report", "data.json", "--year", "twenty"], "expected a year such as 2025, got 'twenty'"),
        (["report", "data.json", "--year", "1900"], "year must be between 1930 and 2200, got 1900"),
        (["example", "--out", "x.json", "--seed", "-1"], "expected a number ≥ 0, got -1"),
        (["example", "--out", "x.json", "--seed", "one"], "expected a whole number, got 'one'"),
        (["report", "data.json", "--year", "2025", "--format", "pdf"], "invalid choice: 'pdf'"),
    ],
)
def test_usage_errors_exit_2_with_one_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse problems: usage, then one error line naming the argument."""
    with pytest.raises(SystemExit) as exited:
        main(argv)

    assert 2 == exited.value.code
    assert message in capsys.readouterr().err


def test_an_unexpected_failure_exits_1_without_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A bug inside the library is exit 1 with a one-line message."""
    import partyreview._report

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(partyreview._report, "build_report", broken)
    status, _, err = _run("report", _write(tmp_path, MINIMAL), "--year", "2025")

    assert 1 == status
    assert "partyreview: internal error: RuntimeError: boom\n" == err


def test_example_writes_a_dataset_that_loads(tmp_path: Path) -> None:
    """example --size demo writes a valid partyreview/1 file."""
    out_file = tmp_path / "demo.json"

    status, _, _ = _run("example", "--size", "demo", "--seed", "3", "--out", str(out_file))

    assert 0 == status
    assert loads_dataset(out_file.read_text(encoding="utf-8")).cells()


def test_demo_prints_the_report_of_the_embedded_example() -> None:
    """demo needs no file and prints the text report."""
    status, out, err = _run("demo")

    assert (0, "") == (status, err)
    assert "Báo cáo kiểm điểm, đánh giá chi bộ năm 2025" in out
    assert "cadence.regular.missing" in out


@pytest.mark.parametrize(
    ("lang", "title", "removal"),
    [
        ("vi", "Báo cáo kiểm điểm", "Đảng viên cần xem xét xóa tên"),
        ("en", "Annual cell review", "Members to consider for removal"),
    ],
)
def test_demo_html_in_either_language(tmp_path: Path, lang: str, title: str, removal: str) -> None:
    """demo --format html --lang writes one self-contained page in that language."""
    page = tmp_path / "demo.html"

    status, out, err = _run("demo", "--format", "html", "--lang", lang, "--out", str(page))

    html = page.read_text(encoding="utf-8")
    assert (0, "", "") == (status, out, err)
    assert f'<html lang="{lang}">' in html
    assert title in html
    assert removal in html


def test_as_of_moves_the_follow_up_day() -> None:
    """--as-of: remedies due in 2025 are open on 1 January 2025 and some are overdue at the year's end."""
    early = json.loads(_run("demo", "--format", "json", "--as-of", "2025-01-01")[1])["remediation"]
    late = json.loads(_run("demo", "--format", "json")[1])["remediation"]

    assert "2025-01-01" == early["as_of"]
    assert 0 == early["overdue"]
    assert 0 < late["overdue"]


@pytest.mark.parametrize("value", ["2025-02-30", "20250101", "tomorrow", "2025-1-1"])
def test_a_bad_as_of_names_the_argument(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Only real YYYY-MM-DD dates are accepted."""
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--as-of", value])

    assert 2 == exited.value.code
    assert f"argument --as-of: expected a date as YYYY-MM-DD, got {value!r}" in capsys.readouterr().err


def test_demo_json_is_a_report() -> None:
    """demo --format json prints partyreview.report/1."""
    status, out, _ = _run("demo", "--format", "json")

    assert 0 == status
    assert "partyreview.report/1" == json.loads(out)["format"]


def test_the_installed_script_and_module_run() -> None:
    """`python -m partyreview --version` works from the installed package."""
    result = subprocess.run(
        [sys.executable, "-m", "partyreview", "--version"], capture_output=True, text=True, check=False
    )

    assert 0 == result.returncode
    assert result.stdout.startswith("partyreview ")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_for_large_committees(tmp_path: Path) -> None:
    """With stderr a terminal and ≥ 200 cells, report shows 'cells checked: n/total'."""
    path = tmp_path / "small.json"
    assert 0 == main(["example", "--size", "small", "--out", str(path)])
    err = _Tty()

    status = main(["report", str(path), "--year", "2025", "--format", "json"], stdout=io.StringIO(), stderr=err)

    assert 0 == status
    assert "\rcells checked: 50/" in err.getvalue()
    assert err.getvalue().endswith("/295\n") or "cells checked: 295/295\n" in err.getvalue()


def test_debug_mode_lets_an_internal_error_through(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PARTYREVIEW_DEBUG=1 shows the real exception for bug reports."""
    import partyreview._report

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(partyreview._report, "build_report", broken)
    monkeypatch.setenv("PARTYREVIEW_DEBUG", "1")

    with pytest.raises(RuntimeError, match="boom"):
        _run("report", _write(tmp_path, MINIMAL), "--year", "2025")


def test_report_what_if_lists_who_changes_level(tmp_path: Path) -> None:
    """--compare-with rates the same records under another rule set and lists the changes."""
    path = tmp_path / "demo.json"
    assert 0 == main(["example", "--size", "demo", "--seed", "1", "--out", str(path)])

    status, out, _ = _run("report", str(path), "--year", "2025", "--format", "json", "--compare-with", "qd132-2018")
    what_if = json.loads(out)["what_if"]

    assert 0 == status
    assert "qd132-2018" == what_if["ruleset"]
    assert what_if["changes"]
    assert all(c["before"] != c["after"] and c["reasons"] for c in what_if["changes"])
    status, out, _ = _run("report", str(path), "--year", "2025", "--compare-with", "qd132-2018", "--lang", "en")
    assert "What-if under qd132-2018:" in out


def test_report_what_if_with_an_unknown_rule_set_exits_2(tmp_path: Path) -> None:
    """An unknown --compare-with id names the argument."""
    status, _, err = _run("report", _write(tmp_path, MINIMAL), "--year", "2025", "--compare-with", "nope")

    assert 2 == status
    assert "partyreview: error: --compare-with: no RatingRuleSet with id 'nope' is registered\n" == err


def test_a_reader_that_goes_away_stops_the_report_quietly(tmp_path: Path) -> None:
    """`partyreview report … | head`: no traceback and no 'internal error' when the pipe closes early."""
    data = tmp_path / "small.jsonl"
    assert 0 == main(["example", "--size", "small", "--format", "jsonl", "--out", str(data)])
    command = [sys.executable, "-m", "partyreview", "report", str(data), "--year", "2025", "--stream"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert b"{" == process.stdout.read(1)
        process.stdout.close()  # the reader goes away
        _, err = process.communicate(timeout=120)

    assert 1 == process.returncode
    assert b"" == err


class _ClosedPipe(io.StringIO):
    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_is_not_an_internal_error() -> None:
    """The same in this process: exit 1, nothing said."""
    err = io.StringIO()

    status = main(["demo", "--format", "json"], stdout=_ClosedPipe(), stderr=err)

    assert (1, "") == (status, err.getvalue())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_is_told_in_one_line() -> None:
    """`partyreview demo > /dev/full`: the write fails when the output is flushed; no traceback, no 'internal error'."""
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        result = subprocess.run(
            [sys.executable, "-m", "partyreview", "demo"], stdout=full, stderr=subprocess.PIPE, check=False
        )

    assert 1 == result.returncode
    assert b"partyreview: error: input/output failed: No space left on device\n" == result.stderr


def test_an_output_that_cannot_encode_vietnamese_is_told_in_one_line() -> None:
    """PYTHONIOENCODING=ascii: the command says what to do instead of 'internal error: UnicodeEncodeError'."""
    result = subprocess.run(
        [sys.executable, "-m", "partyreview", "demo"],
        capture_output=True,
        env=os.environ | {"PYTHONIOENCODING": "ascii"},
        check=False,
    )

    assert 1 == result.returncode
    assert result.stderr.decode().startswith("partyreview: error: the output's encoding (ascii) cannot write this text")


class _Failing(io.StringIO):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def write(self, _text: str) -> int:
        raise self.error


def test_an_encoding_error_is_told_in_this_process_too() -> None:
    err = io.StringIO()

    status = main(
        ["demo"], stdout=_Failing(UnicodeEncodeError("ascii", "Chi bộ", 5, 6, "ordinal not in range")), stderr=err
    )

    assert 1 == status
    assert err.getvalue().startswith("partyreview: error: the output's encoding (ascii) cannot write this text")


def test_a_failing_file_is_named() -> None:
    err = io.StringIO()

    status = main(["demo"], stdout=_Failing(OSError(5, "Input/output error", "/mnt/report.txt")), stderr=err)

    assert (1, "partyreview: error: input/output failed: '/mnt/report.txt': Input/output error\n") == (
        status,
        err.getvalue(),
    )


def test_validate_and_report_tell_a_bundle_file_by_its_first_bytes(tmp_path: Path) -> None:
    """A bundle file named otherwise than ``*.jsonl`` (``/dev/stdin``, ``FILE.JSONL``, no suffix) is still read as one;
    a dataset named otherwise than ``*.json`` as a dataset."""
    demo = generate_example("demo", seed=1, year=2025)
    bundles, dataset = tmp_path / "demo", tmp_path / "DEMO.DATA"
    dump_bundles(demo, bundles)
    dataset.write_text(dumps_dataset(demo), encoding="utf-8")
    upper = tmp_path / "DEMO.JSONL"
    upper.write_bytes(bundles.read_bytes())

    for path in (bundles, upper):
        status, out, err = _run("validate", str(path))
        assert (0, "") == (status, err)
        assert out.startswith(f"{path}: valid partyreview.bundles/1 file:")
    status, out, _ = _run("validate", str(dataset))
    assert out.startswith(f"{dataset}: valid partyreview/1 dataset:")
    assert _run("report", str(bundles), "--year", "2025")[1] == _run("report", str(dataset), "--year", "2025")[1]


@pytest.mark.parametrize(
    "command", [["validate", ""], ["report", "", "--year", "2025"], ["report", "", "--year", "2025", "--stream"]]
)
def test_an_empty_file_name_is_named(command: list[str]) -> None:
    assert (2, "", "partyreview: error: DATA: expected the name of a file, got ''\n") == _run(*command)
