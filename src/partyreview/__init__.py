"""partyreview: the review workflow of Vietnamese Communist Party cells (chi bộ), as typed Python.

Records (units, members, meetings, assessments, reviews) are frozen values; a
`Dataset` cross-checks them as a whole; `check_cadence` and `build_report` turn
them into explained findings under the rule set in force (see `partyreview.rules`).

>>> import partyreview
>>> ds = partyreview.loads_dataset('{"format": "partyreview/1"}')
>>> len(ds.units)
0
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._assessments import Assessment as Assessment
from ._assessments import Level as Level
from ._cadence import CadenceReport as CadenceReport
from ._cadence import check_cadence as check_cadence
from ._dataset import Dataset as Dataset
from ._example import generate_example as generate_example
from ._findings import Finding as Finding
from ._findings import FindingParam as FindingParam
from ._findings import Severity as Severity
from ._json import DATASET_FORMAT as DATASET_FORMAT
from ._json import dataset_from_json as dataset_from_json
from ._json import dataset_to_json as dataset_to_json
from ._json import dump_dataset as dump_dataset
from ._json import dumps_dataset as dumps_dataset
from ._json import load_dataset as load_dataset
from ._json import loads_dataset as loads_dataset
from ._meetings import Attendance as Attendance
from ._meetings import AttendanceMark as AttendanceMark
from ._meetings import Meeting as Meeting
from ._meetings import MeetingKind as MeetingKind
from ._org import Member as Member
from ._org import Membership as Membership
from ._org import MemberStatus as MemberStatus
from ._org import Role as Role
from ._org import Unit as Unit
from ._org import UnitKind as UnitKind
from ._periods import Period as Period
from ._quota import QuotaCandidate as QuotaCandidate
from ._quota import QuotaOutcome as QuotaOutcome
from ._quota import apply_quota as apply_quota
from ._rating import Exclusion as Exclusion
from ._rating import Rating as Rating
from ._rating import RatingChange as RatingChange
from ._rating import RatingResult as RatingResult
from ._rating import compare_ratings as compare_ratings
from ._rating import rate_year as rate_year
from ._report import REPORT_FORMAT as REPORT_FORMAT
from ._report import CellReport as CellReport
from ._report import Report as Report
from ._report import build_report as build_report
from ._report import render_text as render_text
from ._report import report_to_json as report_to_json
from ._reviews import Remedy as Remedy
from ._reviews import Review as Review
from ._reviews import Shortcoming as Shortcoming
from ._schema import dataset_schema as dataset_schema
from .errors import DatasetError as DatasetError
from .errors import InvalidArgumentError as InvalidArgumentError
from .errors import InvalidRecordError as InvalidRecordError
from .errors import PartyReviewDeprecationWarning as PartyReviewDeprecationWarning
from .errors import PartyReviewError as PartyReviewError
from .errors import Problem as Problem
from .errors import RuleSetNotFoundError as RuleSetNotFoundError
from .errors import RuleSetOverlapError as RuleSetOverlapError

try:
    __version__ = version("partyreview")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "DATASET_FORMAT",
    "REPORT_FORMAT",
    "Assessment",
    "Attendance",
    "AttendanceMark",
    "CadenceReport",
    "CellReport",
    "Dataset",
    "DatasetError",
    "Exclusion",
    "Finding",
    "FindingParam",
    "InvalidArgumentError",
    "InvalidRecordError",
    "Level",
    "Meeting",
    "MeetingKind",
    "Member",
    "MemberStatus",
    "Membership",
    "PartyReviewDeprecationWarning",
    "PartyReviewError",
    "Period",
    "Problem",
    "QuotaCandidate",
    "QuotaOutcome",
    "Rating",
    "RatingChange",
    "RatingResult",
    "Remedy",
    "Report",
    "Review",
    "Role",
    "RuleSetNotFoundError",
    "RuleSetOverlapError",
    "Severity",
    "Shortcoming",
    "Unit",
    "UnitKind",
    "apply_quota",
    "build_report",
    "check_cadence",
    "compare_ratings",
    "dataset_from_json",
    "dataset_schema",
    "dataset_to_json",
    "dump_dataset",
    "dumps_dataset",
    "generate_example",
    "load_dataset",
    "loads_dataset",
    "rate_year",
    "render_text",
    "report_to_json",
]


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
