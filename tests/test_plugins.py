"""Third-party plugins: found through the ``newslint`` entry-point group, isolated on crash."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newslint import Document, Finding, Rule, hookimpl
from newslint.engine import Linter, Selection
from newslint.plugins import PluginError, build_registry, default_registry
from tests.conftest import run_cli

PLUGIN_SOURCE = '''
from newslint import Finding, Rule, hookimpl


class ShoutingHeadline(Rule):
    """A line written entirely in capital letters.

    ## What it does
    Flags lines of three or more words in capitals.

    ## Why it matters
    House style.

    ## Example
    ```
    BREAKING NEWS TODAY
    ```
    """

    code = "XS101"
    name = "shouting-line"

    def check(self, doc):
        for line in doc.lines:
            words = line.text.split()
            if len(words) >= 3 and line.text.isupper():
                yield Finding("line is all capitals", line.start, line.end)


@hookimpl
def newslint_add_rules():
    return [ShoutingHeadline]
'''


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A real distribution on sys.path: a module and a .dist-info with entry_points.txt."""
    (tmp_path / "newslint_shouting.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    info = tmp_path / "newslint_shouting-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: newslint-shouting\n"
                                   "Version: 1.2.3\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[newslint]\nshouting = newslint_shouting\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    default_registry.cache_clear()
    yield tmp_path
    default_registry.cache_clear()
    sys.modules.pop("newslint_shouting", None)


def test_entry_point_plugin_runs_and_is_listed(installed_plugin: Path) -> None:
    article = installed_plugin / "a.txt"
    article.write_text("BREAKING NEWS FROM MOSCOW\n\nThe talks went on.\n", encoding="utf-8")
    result = run_cli(["--isolated", str(article)])
    assert f"{article}:1:1: XS101 line is all capitals\n" in result.out
    rules = run_cli(["rules"]).out
    assert "XS101" in rules and "shouting-line" in rules
    assert "newslint-shouting 1.2.3" in run_cli(["plugins"]).out
    assert "(shouting: 1.2.3)" in run_cli(["--version"]).out


def test_plugin_rule_docs(installed_plugin: Path) -> None:
    assert "## Why it matters" in run_cli(["rule", "XS101"]).out


class Exploding(Rule):
    """A rule that always raises.

    ## What it does
    Raises.

    ## Why it matters
    To test crash isolation.

    ## Example
    ```
    anything
    ```
    """

    code = "XT901"
    name = "exploding"

    def check(self, doc: Document) -> Iterator[Finding]:
        raise KeyError("boom")


class Plugin:
    @hookimpl
    def newslint_add_rules(self) -> list[type[Rule]]:
        return [Exploding]


def test_crashing_rule_is_reported_by_name_and_others_run() -> None:
    registry = build_registry([Plugin()], load_entry_points=False)
    linter = Linter.from_selection(registry, Selection(select=("NL101", "XT")))
    diags = linter.lint(Document("a.txt", "the US, NATO, and Nato met.\n"))
    assert [d.code for d in diags] == ["NL904", "NL101"]  # sorted: 1:1 before 1:19
    crash = next(d for d in diags if d.code == "NL904")
    assert crash.message == ("rule XT901 (exploding) from plugin 'Plugin' crashed: "
                             "KeyError: 'boom'")


@pytest.mark.parametrize(("attrs", "needle"), [
    ({"code": "NL150"}, "reserved for newslint"),
    ({"code": "xt1"}, "is not like 'NL101'"),
    ({"name": "Bad Name"}, "is not kebab-case"),
    ({"__doc__": "No sections."}, "lacks a '## What it does' section"),
    ({"code": "NL101", "name": "dup-two"}, "reserved for newslint"),
])
def test_invalid_plugin_rules_are_startup_errors_naming_the_plugin(attrs: dict[str, str],
                                                                  needle: str) -> None:
    bad = type("Bad", (Exploding,), dict(attrs))

    class BadPlugin:
        @hookimpl
        def newslint_add_rules(self) -> list[type[Rule]]:
            return [bad]

    with pytest.raises(PluginError, match="plugin 'BadPlugin'") as info:
        build_registry([BadPlugin()], load_entry_points=False)
    assert needle in str(info.value)


def test_duplicate_codes_between_plugins_are_refused() -> None:
    class One:
        @hookimpl
        def newslint_add_rules(self) -> list[type[Rule]]:
            return [Exploding]

    class Two:
        @hookimpl
        def newslint_add_rules(self) -> list[type[Rule]]:
            return [type("Again", (Exploding,), {"name": "again"})]

    with pytest.raises(PluginError, match="XT901 is already used"):
        build_registry([One(), Two()], load_entry_points=False)


def test_broken_entry_point_is_a_clear_cli_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken_plugin.py").write_text("raise ImportError('no numpy here')\n")
    info = tmp_path / "broken_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[newslint]\nbroken = broken_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    default_registry.cache_clear()
    try:
        result = run_cli(["--isolated", "x.txt"])
    finally:
        default_registry.cache_clear()
    assert result.code == 2
    assert result.err == ("newslint: error: plugin 'broken' (broken_plugin, from broken-plugin "
                          "0.1) failed to load: ImportError: no numpy here\n")


def test_rules_json_lists_plugins() -> None:
    data = json.loads(run_cli(["rules", "--format", "json"]).out)
    nl101 = next(r for r in data if r["code"] == "NL101")
    assert nl101["name"] == "duplicated-list-item"
    assert nl101["plugin"] == "newslint.rules.duplication"
