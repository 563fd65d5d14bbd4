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
from ._bundles import BUNDLES_FORMAT as BUNDLES_FORMAT
from ._bundles import BundleHeader as BundleHeader
from ._bundles import BundleStream as BundleStream
from ._bundles import CellBundle as CellBundle
from ._bundles import dataset_bundles as dataset_bundles
from ._bundles import dump_bundles as dump_bundles
from ._bundles import iter_bundles as iter_bundles
from ._bundles import load_bundles as load_bundles
from ._bundles import write_bundles as write_bundles
from ._cadence import CadenceReport as CadenceReport
from ._cadence import check_cadence as check_cadence
from ._dataset import Dataset as Dataset
from ._example import generate_example as generate_example
from ._example import iter_example_bundles as iter_example_bundles
from ._findings import Finding as Finding
from ._findings import FindingParam as FindingParam
from ._findings import Severity as Severity
from ._html import render_html as render_html
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
from ._messages import LANGUAGES as LANGUAGES
from ._messages import Language as Language
from ._messages import format_date as format_date
from ._messages import label as label
from ._messages import localize as localize
from ._messages import vietnamese_messages as vietnamese_messages
from ._org import Member as Member
from ._org import Membership as Membership
from ._org import MemberStatus as MemberStatus
from ._org import Role as Role
from ._org import Unit as Unit
from ._org import UnitKind as UnitKind
from ._participation import CellParticipation as CellParticipation
from ._participation import CommitteeParticipation as CommitteeParticipation
from ._participation import MeetingParticipation as MeetingParticipation
from ._participation import MemberParticipation as MemberParticipation
from ._participation import check_participation as check_participation
from ._participation import egalitarian_rating_finding as egalitarian_rating_finding
from ._participation import participation_by_cell as participation_by_cell
from ._participation import summarize_participation as summarize_participation
from ._periods import Period as Period
from ._planning import MeetingPlan as MeetingPlan
from ._planning import PlannedSession as PlannedSession
from ._planning import plan_from_ical as plan_from_ical
from ._planning import plan_to_ical as plan_to_ical
from ._planning import plan_year as plan_year
from ._quota import QuotaCandidate as QuotaCandidate
from ._quota import QuotaOutcome as QuotaOutcome
from ._quota import apply_quota as apply_quota
from ._rating import Exclusion as Exclusion
from ._rating import Rating as Rating
from ._rating import RatingChange as RatingChange
from ._rating import RatingResult as RatingResult
from ._rating import compare_ratings as compare_ratings
from ._rating import rate_year as rate_year
from ._remediation import RemediationReport as RemediationReport
from ._remediation import RemediationShare as RemediationShare
from ._remediation import RemedyItem as RemedyItem
from ._remediation import RemedyState as RemedyState
from ._remediation import follow_up as follow_up
from ._remediation import remediation_share as remediation_share
from ._remediation import remediation_shares as remediation_shares
from ._remediation import remedy_state as remedy_state
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
from ._streaming import DeferredCandidate as DeferredCandidate
from ._streaming import GroupResult as GroupResult
from ._streaming import evaluate_group as evaluate_group
from ._streaming import group_bundles as group_bundles
from ._streaming import stream_report as stream_report
from ._streaming import write_report_json as write_report_json
from .errors import DatasetError as DatasetError
from .errors import InvalidArgumentError as InvalidArgumentError
from .errors import InvalidRecordError as InvalidRecordError
from .errors import PartyReviewDeprecationWarning as PartyReviewDeprecationWarning
from .errors import PartyReviewError as PartyReviewError
from .errors import Problem as Problem
from .errors import RuleSetNotFoundError as RuleSetNotFoundError
from .errors import RuleSetOverlapError as RuleSetOverlapError
from .errors import RuleSetPluginError as RuleSetPluginError

try:
    __version__ = version("partyreview")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "BUNDLES_FORMAT",
    "DATASET_FORMAT",
    "LANGUAGES",
    "REPORT_FORMAT",
    "Assessment",
    "Attendance",
    "AttendanceMark",
    "BundleHeader",
    "BundleStream",
    "CadenceReport",
    "CellBundle",
    "CellParticipation",
    "CellReport",
    "CommitteeParticipation",
    "Dataset",
    "DatasetError",
    "DeferredCandidate",
    "Exclusion",
    "Finding",
    "FindingParam",
    "GroupResult",
    "InvalidArgumentError",
    "InvalidRecordError",
    "Language",
    "Level",
    "Meeting",
    "MeetingKind",
    "MeetingParticipation",
    "MeetingPlan",
    "Member",
    "MemberParticipation",
    "MemberStatus",
    "Membership",
    "PartyReviewDeprecationWarning",
    "PartyReviewError",
    "Period",
    "PlannedSession",
    "Problem",
    "QuotaCandidate",
    "QuotaOutcome",
    "Rating",
    "RatingChange",
    "RatingResult",
    "RemediationReport",
    "RemediationShare",
    "Remedy",
    "RemedyItem",
    "RemedyState",
    "Report",
    "Review",
    "Role",
    "RuleSetNotFoundError",
    "RuleSetOverlapError",
    "RuleSetPluginError",
    "Severity",
    "Shortcoming",
    "Unit",
    "UnitKind",
    "apply_quota",
    "build_report",
    "check_cadence",
    "check_participation",
    "compare_ratings",
    "dataset_bundles",
    "dataset_from_json",
    "dataset_schema",
    "dataset_to_json",
    "dump_bundles",
    "dump_dataset",
    "dumps_dataset",
    "egalitarian_rating_finding",
    "evaluate_group",
    "follow_up",
    "format_date",
    "generate_example",
    "group_bundles",
    "iter_bundles",
    "iter_example_bundles",
    "label",
    "load_bundles",
    "load_dataset",
    "loads_dataset",
    "localize",
    "participation_by_cell",
    "plan_from_ical",
    "plan_to_ical",
    "plan_year",
    "rate_year",
    "remediation_share",
    "remediation_shares",
    "remedy_state",
    "render_html",
    "render_text",
    "report_to_json",
    "stream_report",
    "summarize_participation",
    "vietnamese_messages",
    "write_bundles",
    "write_report_json",
]


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
