"""The public API is exactly what __all__ lists; changing it means changing this test and the changelog."""

from __future__ import annotations

import importlib
import types

import pytest

import partyreview
import partyreview.errors
import partyreview.rules

EXPECTED = {
    "partyreview": [
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
    ],
    "partyreview.rules": [
        "DEFAULT_CADENCE_RULES",
        "HD12_2018",
        "HD42_2025",
        "QD124_2023",
        "QD132_2018",
        "QD366_2025",
        "CadenceContext",
        "CadenceRule",
        "CadenceRuleSet",
        "DisciplineEffect",
        "HoChiMinhTopicRule",
        "LevelCap",
        "MinimumDurationRule",
        "MinutesRecordedRule",
        "QuotaDenominator",
        "QuotaRounding",
        "RatingContext",
        "RatingRule",
        "RatingRuleSet",
        "Regime",
        "RegularMonthlyRule",
        "RuleSetRegistry",
        "SecretaryNotAboveCell",
        "ThematicQuarterlyRule",
        "VersionedRuleSet",
        "default_registry",
    ],
    "partyreview.errors": [
        "DatasetError",
        "InvalidArgumentError",
        "InvalidRecordError",
        "PartyReviewDeprecationWarning",
        "PartyReviewError",
        "Problem",
        "RuleSetNotFoundError",
        "RuleSetOverlapError",
        "RuleSetPluginError",
    ],
    "partyreview.testing": [
        "assessments",
        "attendances",
        "datasets",
        "findings",
        "meetings",
        "members",
        "memberships",
        "periods",
        "quota_candidates",
        "remedies",
        "reviews",
        "shortcomings",
        "units",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_all_is_exact_and_sorted(name: str) -> None:
    """Each public namespace exports exactly the expected names, sorted as ruff sorts them."""
    module = importlib.import_module(name)

    assert EXPECTED[name] == list(module.__all__)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_exported_name_resolves_and_dir_shows_only_public_names(name: str) -> None:
    """Every name in __all__ exists; dir() lists __all__ (plus __version__ at the top)."""
    module = importlib.import_module(name)

    for exported in module.__all__:
        assert getattr(module, exported) is not None
    assert set(module.__all__) <= set(dir(module))
    assert all(not n.startswith("_") or n == "__version__" for n in dir(module))


def test_no_private_module_is_reachable_as_public_attribute() -> None:
    """Private modules are not re-exported under public names."""
    for name in EXPECTED:
        module = importlib.import_module(name)
        for exported in module.__all__:
            assert not isinstance(getattr(module, exported), types.ModuleType)


def test_errors_are_reexported_at_the_top_level() -> None:
    """partyreview.X is partyreview.errors.X for every error."""
    for exported in partyreview.errors.__all__:
        assert getattr(partyreview.errors, exported) is getattr(partyreview, exported)


def test_every_error_also_subclasses_the_builtin_a_caller_would_catch() -> None:
    """ValueError for bad values, LookupError for missing rule sets, FutureWarning for deprecations."""
    assert issubclass(partyreview.DatasetError, ExceptionGroup)
    assert issubclass(partyreview.InvalidRecordError, ValueError)
    assert issubclass(partyreview.InvalidArgumentError, ValueError)
    assert issubclass(partyreview.RuleSetNotFoundError, LookupError)
    assert issubclass(partyreview.RuleSetOverlapError, ValueError)
    assert issubclass(partyreview.RuleSetPluginError, ImportError)
    assert issubclass(partyreview.PartyReviewDeprecationWarning, FutureWarning)
    for exported in partyreview.errors.__all__:
        error = getattr(partyreview.errors, exported)
        assert issubclass(error, (partyreview.PartyReviewError, Warning))


def test_the_version_comes_from_the_installed_metadata() -> None:
    """__version__ is the distribution's version."""
    from importlib.metadata import version

    assert version("partyreview") == partyreview.__version__


def test_the_reference_page_names_every_public_name() -> None:
    """docs/reference/api.md mentions each exported name, so the docs keep up with the API."""
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "reference" / "api.md").read_text(encoding="utf-8")

    missing = [f"{ns}.{n}" for ns, names in EXPECTED.items() for n in names if f"`{n}" not in page]
    assert [] == missing
