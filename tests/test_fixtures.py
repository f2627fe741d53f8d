"""Snapshot tests: tests/fixtures/<rule-name>/<case>.txt beside <case>.expected.

A case may be a JSONL shard (<case>.jsonl) instead, for rules that need several
records (NL210). Each case is linted with only the rule its folder names selected, and the exact
default output (paths relative to the folder) must equal ``<case>.expected``.
An empty .expected file means the look-alike must stay clean.

    NEWSLINT_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py   # rewrite the snapshots
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newslint.plugins import default_registry
from tests.conftest import FIXTURES, run_cli

UPDATE = bool(os.environ.get("NEWSLINT_UPDATE_FIXTURES"))
CASES = sorted([*FIXTURES.glob("*/*.txt"), *FIXTURES.glob("*/*.jsonl")])


def _code_for(rule_name: str) -> str:
    rule = default_registry().rules_by_name().get(rule_name)
    assert rule is not None, f"fixtures/{rule_name}/ names no rule"
    return rule.code


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_fixture(case: Path) -> None:
    code = _code_for(case.parent.name)
    args = ["--isolated", "--select", code, case.name]
    config = case.with_suffix(".toml")
    if config.exists():
        args = ["--config", config.name, "--select", code, case.name]
    result = run_cli(args, cwd=case.parent)
    expected_file = case.with_suffix(".expected")
    if UPDATE:
        expected_file.write_text(result.out, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert result.out == expected, result.err
    assert result.code == (1 if expected else 0), result.err
