"""Acceptance: the users' two real scraped articles (tests/seeds, from EXPECTED.md).

Each damaged line must carry a finding of the stated family; the clean lines
must carry none (of any family, except where EXPECTED.md allows one).
"""

from __future__ import annotations

import pytest

from newslint import Diagnostic, lint_paths
from tests.conftest import SEEDS

A = "000_006e05ccad9504e7.txt"
B = "003_2314887968953033.txt"

# (file, line, family prefix) from EXPECTED.md
DAMAGE = [
    (A, 1, "NL2"), (A, 1, "NL4"), (A, 3, "NL4"), (A, 20, "NL1"), (A, 32, "NL4"),
    (A, 38, "NL2"), (A, 39, "NL2"),
    (B, 3, "NL2"), (B, 9, "NL4"), (B, 16, "NL3"), (B, 16, "NL4"), (B, 26, "NL3"),
    (B, 26, "NL4"), (B, 28, "NL4"), (B, 35, "NL3"), (B, 38, "NL3"), (B, 40, "NL2"),
    (B, 42, "NL2"),
]
# (file, line, families allowed on it anyway)
CLEAN = [(A, 3, ("NL4",))] + [(A, n, ()) for n in (6, 8, 10, 12, 14, 16, 18, 22, 24, 26, 28,
                                                    30, 34)] \
    + [(B, n, ()) for n in (1, 5, 7, 11, 13, 18, 20, 22, 24, 31, 33)]


@pytest.fixture(scope="module")
def findings() -> dict[tuple[str, int], list[Diagnostic]]:
    out: dict[tuple[str, int], list[Diagnostic]] = {}
    for diag in lint_paths([str(SEEDS / A), str(SEEDS / B)]):
        name = diag.path.rsplit("/", 1)[-1]
        out.setdefault((name, diag.line), []).append(diag)
    return out


@pytest.mark.parametrize(("name", "line", "family"), DAMAGE)
def test_damage_is_reported(findings: dict[tuple[str, int], list[Diagnostic]], name: str,
                            line: int, family: str) -> None:
    codes = [d.code for d in findings.get((name, line), [])]
    assert any(c.startswith(family) for c in codes), f"{name}:{line} wants {family}, got {codes}"


@pytest.mark.parametrize(("name", "line", "allowed"), CLEAN)
def test_clean_lines_stay_clean(findings: dict[tuple[str, int], list[Diagnostic]], name: str,
                                line: int, allowed: tuple[str, ...]) -> None:
    bad = [f"{d.code} {d.message}" for d in findings.get((name, line), [])
           if not d.code.startswith(allowed or ("\0",))]
    assert not bad, f"{name}:{line} should be clean: {bad}"
