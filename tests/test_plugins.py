"""Rule-set plugins: packages that publish rule sets under the entry point group ``partyreview.rulesets``.

Each plugin below is a real wheel, written here and installed with pip, once per
test session, then moved to a directory of its own; a test puts the directories
of the plugins it needs on ``sys.path``.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from partyreview import RuleSetOverlapError, RuleSetPluginError, build_report, generate_example
from partyreview.rules import CadenceRuleSet, RatingRuleSet, default_registry

BUILT_IN = ["hd12-2018", "hd42-2025", "qd124-2023", "qd132-2018", "qd366-2025"]


@attrs.frozen
class Plugin:
    """A distribution to build: its module's source and its entry points."""

    dist: str
    source: str
    entry_points: dict[str, str]

    @property
    def module(self) -> str:
        return self.dist.replace("-", "_")


PLUGINS = {
    # Rule sets for years before the national ones: a rule set, a tuple of them, a function returning a list.
    "legacy": Plugin(
        "prplugin-legacy",
        """
        import datetime as dt
        from partyreview import Period
        from partyreview.rules import HD12_2018, QD132_2018

        CADENCE = HD12_2018.derive(id="hd-legacy", effective=Period(dt.date(2008, 1, 1), dt.date(2018, 7, 5)))
        EARLIER = (HD12_2018.derive(id="hd-older", effective=Period(dt.date(2000, 1, 1), dt.date(2007, 12, 31))),)

        def rating():
            return [QD132_2018.derive(id="qd-legacy", effective=Period(dt.date(2008, 1, 1), dt.date(2018, 3, 7)))]
        """,
        {
            "cadence": "prplugin_legacy:CADENCE",
            "earlier": "prplugin_legacy:EARLIER",
            "rating": "prplugin_legacy:rating",
        },
    ),
    # A rating rule set from 2030: QĐ 366 is open-ended, so this overlaps it.
    "overlap": Plugin(
        "prplugin-overlap",
        """
        import datetime as dt
        from partyreview import Period
        from partyreview.rules import QD366_2025

        RULES = QD366_2025.derive(id="acme-2030", effective=Period(dt.date(2030, 1, 1)))
        """,
        {"acme": "prplugin_overlap:RULES"},
    ),
    # A cadence rule set over 2015–2016, which "legacy" already covers.
    "rival": Plugin(
        "prplugin-rival",
        """
        import datetime as dt
        from partyreview import Period
        from partyreview.rules import HD12_2018

        RULES = HD12_2018.derive(id="hd-rival", effective=Period(dt.date(2015, 1, 1), dt.date(2016, 12, 31)))
        """,
        {"zz-rival": "prplugin_rival:RULES"},
    ),
    # A free period (1990s) but the id of a built-in rule set.
    "same-id": Plugin(
        "prplugin-same-id",
        """
        import datetime as dt
        from partyreview import Period
        from partyreview.rules import QD366_2025

        RULES = QD366_2025.derive(id="qd366-2025", effective=Period(dt.date(1990, 1, 1), dt.date(1999, 12, 31)))
        """,
        {"copy": "prplugin_same_id:RULES"},
    ),
    "missing": Plugin("prplugin-missing", "", {"gone": "prplugin_nowhere:RULES"}),
    "not-a-ruleset": Plugin(
        "prplugin-not-a-ruleset", 'RULES = "qd366-2025"\n', {"name-only": "prplugin_not_a_ruleset:RULES"}
    ),
    "bad-item": Plugin(
        "prplugin-bad-item",
        """
        from partyreview.rules import HD12_2018

        RULES = [HD12_2018.derive(id="hd-fine", effective=HD12_2018.effective), 42]
        """,
        {"mixed": "prplugin_bad_item:RULES"},
    ),
    "raises": Plugin(
        "prplugin-raises",
        """
        def rules():
            raise RuntimeError("cannot reach the provincial server")
        """,
        {"remote": "prplugin_raises:rules"},
    ),
}


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(plugin: Plugin, directory: Path) -> Path:
    """A pure-Python wheel of ``plugin``: its module, METADATA, WHEEL, entry_points.txt and RECORD."""
    info = f"{plugin.module}-1.0.dist-info"
    entry_points = "".join(f"{name} = {value}\n" for name, value in plugin.entry_points.items())
    files = {
        f"{plugin.module}.py": textwrap.dedent(plugin.source).encode(),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {plugin.dist}\nVersion: 1.0\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: partyreview-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{info}/entry_points.txt": f"[partyreview.rulesets]\n{entry_points}".encode(),
    }
    record = "".join(f"{path},{_digest(data)},{len(data)}\n" for path, data in files.items()) + f"{info}/RECORD,,\n"
    wheel = directory / f"{plugin.module}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr(f"{info}/RECORD", record)
    return wheel


@pytest.fixture(scope="session")
def plugin_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every plugin built and installed with pip (offline, one pip run), then each moved to its own directory."""
    root = tmp_path_factory.mktemp("plugins")
    target = root / "target"
    wheels = [str(build_wheel(plugin, root)) for plugin in PLUGINS.values()]
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "--no-index", "--no-deps", "--no-compile", "--target", str(target), *wheels],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sites: dict[str, Path] = {}
    for name, plugin in PLUGINS.items():
        sites[name] = root / "site" / name
        sites[name].mkdir(parents=True)
        for installed in (f"{plugin.module}.py", f"{plugin.module}-1.0.dist-info"):
            shutil.move(target / installed, sites[name] / installed)
    return sites


@pytest.fixture
def install(plugin_sites: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Put the named plugins on sys.path (plugins on, whatever the environment says)."""
    monkeypatch.delenv("PARTYREVIEW_NO_PLUGINS", raising=False)

    def put(*names: str) -> None:
        for name in names:
            monkeypatch.syspath_prepend(plugin_sites[name])

    return put


def test_pip_installed_the_plugins_as_distributions(plugin_sites: dict[str, Path]) -> None:
    """The fixture's wheels are real: pip wrote their dist-info with the entry points."""
    entry_points = plugin_sites["legacy"] / "prplugin_legacy-1.0.dist-info" / "entry_points.txt"

    assert "[partyreview.rulesets]" == entry_points.read_text(encoding="utf-8").splitlines()[0]
    assert (plugin_sites["legacy"] / "prplugin_legacy.py").is_file()


def test_no_plugin_installed_means_the_built_in_rule_sets() -> None:
    """The test environment has no plugin: the five national rule sets."""
    assert BUILT_IN == sorted(r.id for r in default_registry())


def test_plugin_rule_sets_are_discovered(install: Callable[..., None]) -> None:
    """A rule set, a tuple of them and a function returning a list: all registered beside the built-ins."""
    install("legacy")

    registry = default_registry()

    assert sorted([*BUILT_IN, "hd-legacy", "hd-older", "qd-legacy"]) == sorted(r.id for r in registry)
    assert "hd-legacy" == registry.for_year(CadenceRuleSet, 2015).id
    assert "hd-older" == registry.for_year(CadenceRuleSet, 2003).id
    assert "qd-legacy" == registry.for_year(RatingRuleSet, 2015).id
    assert "hd42-2025" == registry.for_year(CadenceRuleSet, 2026).id


def test_functions_that_use_the_default_registry_see_the_plugins(install: Callable[..., None]) -> None:
    """build_report() without a registry rates a year only a plugin covers."""
    install("legacy")

    report = build_report(generate_example("demo", year=2015), 2015)

    assert "hd-legacy" == report.cadence_ruleset


def test_discovery_follows_sys_path(install: Callable[..., None]) -> None:
    """Plugins are looked up once per sys.path: adding or removing a directory is seen, repeats are cached."""
    install("legacy")
    assert "hd-legacy" in {r.id for r in default_registry()}
    assert "hd-legacy" in {r.id for r in default_registry()}

    sys.path.remove(next(p for p in sys.path if p.endswith("legacy")))

    assert BUILT_IN == sorted(r.id for r in default_registry())


@pytest.mark.parametrize(("value", "found"), [("1", False), ("yes", False), ("0", True), ("", True)])
def test_the_environment_variable_turns_plugins_off(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch, value: str, *, found: bool
) -> None:
    """PARTYREVIEW_NO_PLUGINS set to anything but "" or "0" skips discovery, even of broken plugins."""
    install("legacy")
    monkeypatch.setenv("PARTYREVIEW_NO_PLUGINS", value)

    assert found == ("hd-legacy" in {r.id for r in default_registry()})


def test_plugins_false_leaves_them_out(install: Callable[..., None]) -> None:
    """default_registry(plugins=False) is the built-ins only, even with a broken plugin installed."""
    install("legacy", "missing")

    assert BUILT_IN == sorted(r.id for r in default_registry(plugins=False))


def test_a_broken_plugin_is_skipped_by_the_environment_variable(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way out the error message gives works."""
    install("missing")
    monkeypatch.setenv("PARTYREVIEW_NO_PLUGINS", "1")

    assert BUILT_IN == sorted(r.id for r in default_registry())


def test_a_plugin_overlapping_a_built_in_rule_set_is_refused_naming_both(install: Callable[..., None]) -> None:
    """QĐ 366 is open-ended: a plugin rating rule set from 2030 overlaps it; plugins cannot replace."""
    install("overlap")

    with pytest.raises(
        RuleSetOverlapError,
        match=r"^RatingRuleSet 'acme-2030' \(from 2030-01-01 open-ended\) of rule-set plugin 'acme' "
        r"\(prplugin_overlap:RULES, distribution prplugin-overlap 1\.0\) overlaps built-in 'qd366-2025' \(from 2025-08-30 open-ended\); "
        r".*registry of your own\); uninstall the plugin, or set PARTYREVIEW_NO_PLUGINS=1 to start without plugins$",
    ):
        default_registry()


def test_two_overlapping_plugins_are_refused_naming_both(install: Callable[..., None]) -> None:
    """The second plugin's rule set overlaps the first plugin's: both plugins are named."""
    install("legacy", "rival")

    with pytest.raises(
        RuleSetOverlapError,
        match=r"^CadenceRuleSet 'hd-rival' \(from 2015-01-01 to 2016-12-31\) of rule-set plugin 'zz-rival' "
        r"\(prplugin_rival:RULES, distribution prplugin-rival 1\.0\) overlaps 'hd-legacy' "
        r"\(from 2008-01-01 to 2018-07-05\) of rule-set plugin 'cadence' "
        r"\(prplugin_legacy:CADENCE, distribution prplugin-legacy 1\.0\);",
    ):
        default_registry()


def test_a_plugin_reusing_a_built_in_id_is_refused(install: Callable[..., None]) -> None:
    """Ids stay unique, even for a period nothing covers."""
    install("same-id")

    with pytest.raises(
        RuleSetOverlapError,
        match=r"^RatingRuleSet 'qd366-2025' \(from 1990-01-01 to 1999-12-31\) of rule-set plugin 'copy' "
        r"\(prplugin_same_id:RULES, distribution prplugin-same-id 1\.0\) reuses the id of built-in 'qd366-2025'",
    ):
        default_registry()


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        (
            "missing",
            (
                r"^rule-set plugin 'gone' \(prplugin_nowhere:RULES, distribution prplugin-missing 1\.0\) failed to load: "
                r"ModuleNotFoundError: No module named 'prplugin_nowhere'; fix or uninstall it, "
                r"or set PARTYREVIEW_NO_PLUGINS=1 to start without plugins$"
            ),
        ),
        (
            "raises",
            (
                r"^rule-set plugin 'remote' \(prplugin_raises:rules, distribution prplugin-raises 1\.0\) failed to load: "
                r"RuntimeError: cannot reach the provincial server;"
            ),
        ),
        (
            "not-a-ruleset",
            (
                r"^rule-set plugin 'name-only' \(prplugin_not_a_ruleset:RULES, distribution prplugin-not-a-ruleset 1\.0\) "
                r"gave 'qd366-2025': expected a CadenceRuleSet or a RatingRuleSet, "
                r"an iterable of them, or a function of no arguments returning either;"
            ),
        ),
        (
            "bad-item",
            r"^rule-set plugin 'mixed' \(prplugin_bad_item:RULES, distribution prplugin-bad-item 1\.0\) gave 42: ",
        ),
    ],
)
def test_a_broken_plugin_is_a_clear_error_naming_it(install: Callable[..., None], plugin: str, message: str) -> None:
    """Import failures, exceptions and wrong values all become RuleSetPluginError (an ImportError)."""
    install(plugin)

    with pytest.raises(RuleSetPluginError, match=message) as caught:
        default_registry()

    assert isinstance(caught.value, ImportError)
