"""The ``partyreview`` command line.

Exit status: 0 success; 2 invalid input or usage (one line per problem, no
traceback); 1 anything else.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Final, NoReturn, TextIO, cast

from .errors import DatasetError, PartyReviewError, RuleSetNotFoundError

if TYPE_CHECKING:
    from ._bundles import BundleStream
    from ._dataset import Dataset
    from ._report import Report

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_INVALID: Final = 2
DEMO_YEAR: Final = 2025
DEMO_SEED: Final = 1


class _UsageError(Exception):
    """Bad input named by the argument it came from; exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message}\n")


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year such as 2025, got {text!r}") from None
    if not 1930 <= year <= 2200:  # noqa: PLR2004 - the Party's lifetime, generously
        raise argparse.ArgumentTypeError(f"year must be between 1930 and 2200, got {year}")
    return year


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number ≥ 0, got {value}")
    return value


def _jobs(text: str) -> int:
    from ._parallel import MAX_JOBS

    value = _non_negative(text)
    if value > MAX_JOBS:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_JOBS} worker processes, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="partyreview", description="Checks and reports for party cells (chi bộ).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="the annual report of the embedded example committee")
    _report_options(demo)

    report = commands.add_parser("report", help="the annual report of a dataset")
    report.add_argument(
        "data",
        metavar="DATA",
        help="a partyreview/1 dataset, or a partyreview.bundles/1 JSON Lines file (named *.jsonl or told by its start; "
        "read whole into memory unless --stream)",
    )
    report.add_argument("--year", type=_year, required=True, help="the year to report on")
    _report_options(report)
    report.add_argument(
        "--compare-with",
        metavar="RULESET",
        help="what-if: also rate under this rating rule set (e.g. qd132-2018) and list who changes level",
    )
    report.add_argument(
        "--stream",
        action="store_true",
        help="DATA is a partyreview.bundles/1 JSON Lines file: read it one cell bundle at a time and write the "
        "JSON report as it goes (memory bounded by the largest grassroots organization; --format json only)",
    )
    report.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="with --stream: read and evaluate the file in N worker processes (at most 61), 0 for one per CPU; "
        "the report is the same (default: 1, this process)",
    )

    validate = commands.add_parser("validate", help="check a dataset and list every problem with its path")
    validate.add_argument(
        "data",
        metavar="DATA",
        help="a partyreview/1 dataset, or a partyreview.bundles/1 JSON Lines file (named *.jsonl or told by its start)",
    )

    example = commands.add_parser("example", help="write a synthetic dataset")
    example.add_argument(
        "--size",
        choices=("demo", "small", "province", "country"),
        default="small",
        help="small: a committee of 295 cells; province: 30,000 cells; country: 330,000 cells (default: small)",
    )
    example.add_argument("--seed", type=_non_negative, default=0)
    example.add_argument("--year", type=_year, default=DEMO_YEAR)
    example.add_argument(
        "--format",
        choices=("json", "jsonl"),
        help="json: one partyreview/1 document; jsonl: partyreview.bundles/1, one cell a line, the only "
        "format for province and country (default: json for demo and small, else jsonl)",
    )
    example.add_argument("--out", metavar="FILE", required=True, help="where to write the dataset")

    plan = commands.add_parser("plan", help="a year's meeting schedule, moved off public holidays")
    plan.add_argument("--year", type=_year, required=True, help="the year to plan")
    plan.add_argument(
        "--rule",
        required=True,
        help='the regular meeting day: an RRULE ("FREQ=MONTHLY;BYDAY=2TU") or a preset ("second Tuesday")',
    )
    plan.add_argument("--thematic", choices=("combined", "separate"), default="combined")
    plan.add_argument("--ics", metavar="FILE", help="also write the schedule as an iCalendar file")
    plan.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the schedule's text")
    return parser


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json", "html"), help="default: text (json with --stream, its only format)"
    )
    parser.add_argument("--out", metavar="FILE", help="write the report here instead of standard output")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of labels and messages")
    parser.add_argument(
        "--as-of", type=_day, metavar="DATE", help="follow remedies up on this day (default: 31 December of the year)"
    )


def _day(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)  # noqa: TRY301 - one message for every malformed date
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _version() -> str:
    from importlib.metadata import version

    return version("partyreview")


_NO_NAME: Final = "DATA: expected the name of a file, got ''"
_BUNDLE_FILE_START: Final = re.compile(rb'(?:\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"partyreview\.bundles/')
"""How a bundle file written by `write_bundles` starts (its header's first key)."""


@contextmanager
def _data(argument: str) -> Iterator[tuple[bool, BinaryIO]]:
    """DATA opened: whether it is a bundle file, and the file.

    A name ending in ``.jsonl`` is a bundle file and one ending in ``.json`` a
    ``partyreview/1`` document, in any case; any other (``/dev/stdin``, no
    suffix) is told by its first bytes, peeked without consuming them.
    """
    if not argument:
        raise _UsageError(_NO_NAME)
    try:
        with open(argument, "rb") as file:  # noqa: PTH123 - a buffered reader, to peek
            suffix = Path(argument).suffix.lower()
            bundles = suffix == ".jsonl" or (suffix != ".json" and bool(_BUNDLE_FILE_START.match(file.peek(64))))
            yield bundles, file
    except OSError as exc:
        raise _UsageError(f"DATA: cannot read {argument!r}: {exc.strerror or exc}") from None


def _load(argument: str) -> Dataset:
    """The dataset in ``argument``: a ``partyreview/1`` document, or a bundle file read whole."""
    from ._bundles import load_bundles
    from ._json import loads_dataset

    with _data(argument) as (bundles, file):
        return load_bundles(file) if bundles else loads_dataset(file.read())


@contextmanager
def _replacing(out: str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """`_files.replacing` (or `replacing_bytes`) for ``--out``: an `OSError` in the block is taken for a failure
    to write it."""
    from ._files import replacing, replacing_bytes

    try:
        with (replacing_bytes if binary else replacing)(out) as file:
            yield file
    except OSError as exc:
        raise _UsageError(f"--out: cannot write {out!r}: {exc.strerror or exc}") from None


def _write(text: str, out: str | None, stdout: TextIO) -> None:
    if out is None:
        stdout.write(text)
        return
    with _replacing(out) as file:
        file.write(text)


def _render(report: Report, output_format: str, lang: str) -> str:
    from ._html import render_html
    from ._report import render_text, report_to_json

    if output_format == "json":
        return json.dumps(report_to_json(report, lang), ensure_ascii=False, indent=2) + "\n"
    if output_format == "html":
        return render_html(report, lang)
    return render_text(report, lang)


def _progress(stderr: TextIO) -> Callable[[int, int], None] | None:
    def show(done: int, total: int) -> None:
        if total >= 200 and (done == total or done % 50 == 0):  # noqa: PLR2004 - only worth showing on big files
            stderr.write(f"\rcells checked: {done}/{total}")
            if done == total:
                stderr.write("\n")

    return show if stderr.isatty() else None


def _plan(args: argparse.Namespace, stdout: TextIO) -> None:
    from ._planning import _recurrence, plan_to_ical, plan_year, render_plan

    try:  # the rule alone first, so that its errors are told apart from the year's
        _recurrence(args.rule, args.year)
    except PartyReviewError as exc:
        raise _UsageError(f"--rule: {exc}") from None
    try:
        plan = plan_year(args.year, args.rule, thematic=args.thematic)
    except PartyReviewError as exc:  # no rule set, or no holiday calendar, for the year
        raise _UsageError(f"--year: {exc}") from None
    stdout.write(render_plan(plan, args.lang))
    if args.ics is not None:
        try:
            Path(args.ics).write_bytes(plan_to_ical(plan))
        except OSError as exc:
            raise _UsageError(f"--ics: cannot write {args.ics!r}: {exc.strerror or exc}") from None
        stdout.write(f"calendar written to {args.ics}\n")


def _report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> None:
    """``partyreview report``: streamed (JSON only), or built in memory from a dataset or a bundle file."""
    from ._report import build_report

    if args.stream:
        _stream(args, stdout, stderr)
        return
    if args.jobs != 1:
        raise _UsageError("--jobs: worker processes read a bundle file: add --stream")
    dataset = _load(args.data)
    compare = None
    if args.compare_with is not None:
        from .rules import RatingRuleSet, default_registry

        try:
            compare = default_registry().get(RatingRuleSet, args.compare_with)
        except LookupError as exc:
            raise _UsageError(f"--compare-with: {exc}") from None
    report = build_report(dataset, args.year, compare_with=compare, as_of=args.as_of, on_cell=_progress(stderr))
    _write(_render(report, args.format or "text", args.lang), args.out, stdout)


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if args.command == "demo":
        from ._example import generate_example
        from ._report import build_report

        dataset = generate_example("demo", seed=DEMO_SEED, year=DEMO_YEAR)
        report = build_report(dataset, DEMO_YEAR, as_of=args.as_of)
        _write(_render(report, args.format or "text", args.lang), args.out, stdout)
    elif args.command == "report":
        _report(args, stdout, stderr)
    elif args.command == "validate":
        _validate(args.data, stdout)
    elif args.command == "plan":
        _plan(args, stdout)
    else:  # example
        _example(args, stdout)
    return EXIT_OK


def _open_bundles(path: str) -> BundleStream:
    from ._bundles import iter_bundles

    if not path:
        raise _UsageError(_NO_NAME)
    try:
        return iter_bundles(path)
    except OSError as exc:
        raise _UsageError(f"DATA: cannot read {path!r}: {exc.strerror or exc}") from None


def _validate(path: str, stdout: TextIO) -> None:
    """Check a dataset, or read a bundle file through one cell at a time, checking every line and the whole."""
    from ._json import loads_dataset

    with _data(path) as (bundles, file):
        summary = _bundle_file_summary(file) if bundles else _dataset_summary(loads_dataset(file.read()))
    stdout.write(f"{path}: {summary}\n")


def _dataset_summary(dataset: Dataset) -> str:
    return (
        f"valid partyreview/1 dataset: {len(dataset.units)} units, {len(dataset.members)} members, "
        f"{len(dataset.meetings)} meetings, {len(dataset.assessments)} assessments, {len(dataset.reviews)} reviews"
    )


def _bundle_file_summary(file: BinaryIO) -> str:
    from ._bundles import iter_bundles

    cells = meetings = 0
    with iter_bundles(file) as stream:
        for bundle in stream:
            cells += 1
            meetings += len(bundle.meetings)
    reader = stream._reader  # noqa: SLF001 - it counts the members, each once
    assert reader is not None  # noqa: S101 - `iter_bundles` sets it
    return (
        f"valid partyreview.bundles/1 file: {len(stream.header.units)} units above {cells} cells, "
        f"{reader.checks.members} members, {meetings} meetings"
    )


def _stream(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> None:
    from ._streaming import stream_report

    if args.format not in {None, "json"}:
        raise _UsageError(f"--stream writes the JSON report; --format {args.format} needs the in-memory report")
    if args.compare_with is not None:
        raise _UsageError("--compare-with: the what-if needs the in-memory report (drop --stream)")
    tty = stderr.isatty()

    def on_cell(done: int) -> None:
        if tty and done % 100 == 0:
            stderr.write(f"\rcells reported: {done}")

    # The report is written as the file is read: a problem found later (even at the end of the file) must not
    # leave a report that looks whole (see `_replacing`).
    with (
        _open_bundles(args.data) as stream,
        nullcontext(_utf8_bytes(stdout)) if args.out is None else _replacing(args.out, binary=True) as out,
    ):
        done = stream_report(stream, args.year, out, as_of=args.as_of, lang=args.lang, on_cell=on_cell, jobs=args.jobs)
    if tty:
        stderr.write(f"\rcells reported: {done}\n")


def _utf8_bytes(stdout: TextIO) -> IO[Any]:
    """The binary stream under the process's standard output if writing UTF-8 bytes to it gives what the text
    stream would (its encoding is UTF-8, its line ends ``\\n``), else ``stdout`` itself: the report's texts are
    UTF-8 already (see `stream_report`)."""
    buffer = getattr(stdout, "buffer", None)
    if (
        stdout is not sys.stdout
        or os.linesep != "\n"
        or not isinstance(buffer, io.BufferedIOBase)
        or not _is_utf8(getattr(stdout, "encoding", None))
    ):
        return stdout
    stdout.flush()
    return cast("BinaryIO", buffer)


def _is_utf8(encoding: object) -> bool:
    try:
        return isinstance(encoding, str) and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _example(args: argparse.Namespace, stdout: TextIO) -> None:
    big = args.size in {"province", "country"}
    if args.format == "json" and big:
        raise _UsageError(f"--format json: a {args.size} does not fit in one JSON document; use --format jsonl")
    if args.format == "jsonl" or big:
        from ._bundles import write_bundles
        from ._example import iter_example_bundles

        with _replacing(args.out) as out:
            write_bundles(iter_example_bundles(args.size, seed=args.seed, year=args.year), out)
        return
    from ._example import generate_example
    from ._json import dumps_dataset

    dataset = generate_example(args.size, seed=args.seed, year=args.year)
    _write(dumps_dataset(dataset), args.out, stdout)


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        status = _run(args, stdout, stderr)
        stdout.flush()  # here, so that a full disk is told apart from success
    except Exception as exc:  # noqa: BLE001 - every failure is told in one line (see `_failed`)
        return _failed(exc, args, stdout, stderr)
    return status


def _failed(exc: Exception, args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Tell what stopped the command, without a traceback; returns the exit status."""
    if isinstance(exc, DatasetError):
        source = getattr(args, "data", "data")
        stderr.writelines(f"{source}: {problem}\n" for problem in exc.problems)
        return EXIT_INVALID
    if isinstance(exc, RuleSetNotFoundError):  # the year asked for (--compare-with names its own)
        stderr.write(f"partyreview: error: --year: {exc}\n")
        return EXIT_INVALID
    if isinstance(exc, _UsageError | PartyReviewError):
        stderr.write(f"partyreview: error: {exc}\n")
        return EXIT_INVALID
    if isinstance(exc, UnicodeEncodeError | OSError):
        # What is left in the output's buffer cannot be written either: at exit, Python's own flush would fail.
        with contextlib.suppress(AttributeError, OSError, ValueError):  # not a real file (tests)
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
    if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): stop quietly, as other tools do
        pass
    elif isinstance(exc, UnicodeEncodeError):  # PYTHONIOENCODING=ascii, a legacy console
        stderr.write(
            f"partyreview: error: the output's encoding ({exc.encoding}) cannot write this text: "
            "set PYTHONIOENCODING=utf-8, or write to a file with --out\n"
        )
    elif isinstance(exc, OSError):  # a full disk (`> /dev/full`), a failing device: not a defect of ours
        where = f" {exc.filename!r}:" if exc.filename else ""
        stderr.write(f"partyreview: error: input/output failed:{where} {exc.strerror or exc}\n")
    elif os.environ.get("PARTYREVIEW_DEBUG"):  # the traceback, for a bug report
        raise exc
    else:
        stderr.write(f"partyreview: internal error: {type(exc).__name__}: {exc}\n")
    return EXIT_FAILURE
