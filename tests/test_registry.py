"""Meta-tests over the rule registry: every rule documented, fixtured both ways."""

from __future__ import annotations

import pytest

from newslint.engine_rules import ENGINE_RULES
from newslint.plugins import default_registry
from newslint.rule import REQUIRED_DOC_SECTIONS
from tests.conftest import FIXTURES

REGISTRY = default_registry()
# Grammar rules need a LanguageTool server: tests/test_grammar.py starts one and
# checks them there, since a fixture snapshot cannot name a port chosen at run time.
NEEDS_SERVER = ("NL7",)
CHECK_RULES = sorted(code for code, rule in REGISTRY.rules.items()
                     if rule not in ENGINE_RULES and not code.startswith(NEEDS_SERVER))


def test_builtin_codes_cover_the_catalogue_families() -> None:
    families = {code[:3] for code in REGISTRY.rules}
    assert {"NL1", "NL9"} <= families


@pytest.mark.parametrize("code", sorted(REGISTRY.rules))
def test_rule_is_documented(code: str) -> None:
    rule = REGISTRY.rules[code]
    doc = rule.documentation()
    for section in REQUIRED_DOC_SECTIONS:
        assert section in doc
    assert rule.summary().endswith((".", ")")), f"{code}: summary should be a sentence"


@pytest.mark.parametrize("code", CHECK_RULES)
def test_rule_has_a_firing_fixture_and_a_clean_lookalike(code: str) -> None:
    folder = FIXTURES / REGISTRY.rules[code].name
    expected = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.expected"))]
    assert any(f": {code} " in e for e in expected), f"no fixture makes {code} fire"
    assert any(e == "" for e in expected), f"no clean look-alike fixture for {code}"


def test_every_fixture_has_its_expected_output() -> None:
    for case in FIXTURES.glob("*/*.txt"):
        assert case.with_suffix(".expected").exists(), f"{case} lacks .expected"
