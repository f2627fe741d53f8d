"""Property tests: every rule on arbitrary text never raises, stays in bounds, is stable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint import Document
from newslint.engine import Linter, Selection
from newslint.plugins import default_registry

REGISTRY = default_registry()
# Every rule that runs offline (grammar needs a server and is tested on its own).
LINTER = Linter.from_selection(REGISTRY, Selection(select=("NL1", "NL2", "NL3", "NL4", "NL5",
                                                           "NL6")))

NEWSY = st.sampled_from([
    "the", "The", "US", "NATO", "Nato", "said", "per", "CNN", "told", "according to", ",",
    ".", "and", "“", "”", "\"", "‘", "’", "\n", "\n\n", "\r\n", " ", "Source :", "By",
    "Photo:", "©", "Read more", "&amp;", "<br>", "â€™", "\u200b", "\ufffd", "Kiev", "Kyiv",
    "Xi", "XI", "Home", "|", "...", "…", "?", "Reuters", "The guard", "per the times",
])
TEXTS = st.one_of(st.text(), st.lists(NEWSY, max_size=60).map(" ".join),
                  st.lists(NEWSY, max_size=60).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_rules_never_crash_and_spans_stay_in_bounds(text: str) -> None:
    doc = Document("prop.txt", text)
    diags = LINTER.lint(doc)
    assert not [d for d in diags if d.code == "NL904"], [d.message for d in diags]
    lines = len(doc.lines)
    for d in diags:
        assert 1 <= d.line <= d.end_line <= lines
        assert d.column >= 1 and d.end_column >= 1


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_output_is_deterministic(text: str) -> None:
    first = LINTER.lint(Document("p.txt", text))
    second = LINTER.lint(Document("p.txt", text))
    assert first == second
    assert first == sorted(first, key=lambda d: d.sort_key())


def test_positions_agree_with_lines() -> None:
    doc = Document("p.txt", "ab\r\ncd\ref\ngh")
    assert [line.text for line in doc.lines] == ["ab", "cd", "ef", "gh"]
    for line in doc.lines:
        for i, _ in enumerate(line.text):
            assert doc.position(line.start + i) == (line.number, i + 1)


REPEATS = ["the " * 20_000, "a, " * 20_000 + "and a", "Nato, " * 10_000 + "and NATO",
           ". " * 30_000, "“" * 20_000, "in the " * 20_000, "x" * 200_000, "\n" * 50_000,
           "A. B. " * 20_000, "per " * 20_000, "said CNN. " * 10_000,
           # one list after another on one line, and doubled words everywhere: the
           # per-match work must not rescan the line (both were quadratic once)
           "a, b, and c, " * 10_000, "the the cat sat, " * 10_000,
           # thousands of chrome phrases on one line; label lines in a text without "\r"
           "Photo: AP | Reuters. The guard said CNN. " * 5_000, "Source: \n" * 20_000]


def test_adversarial_repeats_finish() -> None:
    """Long runs of one token: every regex and loop must stay linear (no timing here)."""
    for text in REPEATS:
        LINTER.lint(Document("adv.txt", text))


def test_unicode_line_separators_that_str_split_knows() -> None:
    """NEL, FS/GS/RS and U+2028 are white space to str.split() but not line breaks here."""
    for text in ["\x85", "\x85\x85\n\x1c a", "\u2028x", "a\x0b\x0cb\n\x1d", "\u2029\u2029"]:
        diags = LINTER.lint(Document("sep.txt", text))
        assert not [d for d in diags if d.code == "NL904"], [d.message for d in diags]
