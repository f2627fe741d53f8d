"""Unit and property tests for the text hygiene rules (NL601-NL604)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from newslint import Document, lint_text
from newslint.engine import apply_fixes
from newslint.rules.hygiene import (
    GluedSentences,
    HtmlInText,
    InvisibleCharacters,
    Mojibake,
    glued_seams,
)


def codes(text: str, select: str = "NL6") -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in lint_text(text, select=[select])]


def fixed(rule: object, text: str, *, unsafe: bool = False) -> str:
    doc = Document("x", text)
    fixes = [f.fix for f in rule.check(doc) if f.fix is not None]  # type: ignore[attr-defined]
    return apply_fixes(text, fixes, unsafe=unsafe)[0]


# -- property tests: long runs of repeated tokens must finish (linear regexes) -----------

ADVERSARIAL = [
    "a." * 100_000,
    "A." * 100_000,
    "Ab.Cd" * 40_000,
    'said."The ' * 20_000,
    "x.“Y" * 30_000,
    "&amp" * 50_000,
    "&#" * 50_000,
    "&" + "a" * 100_000,
    "<" * 100_000,
    "<a " * 50_000,
    "<a" + " x" * 100_000,
    "<!--" * 50_000,
    "<p>" * 50_000,
    "Ã" * 100_000,
    "Ã©" * 20_000,
    "\u200b" * 100_000,
    "a\u200d" * 50_000,
    "\x0b" * 50_000,
    "\ufffd" * 50_000,
    "word " * 50_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[repr(t[:8]) + f"x{len(t)}" for t in ADVERSARIAL])
def test_long_repeated_tokens_finish(text: str) -> None:
    lint_text(text, select=["NL6"])


# -- NL601 -------------------------------------------------------------------------------

def test_clean_text_never_imports_ftfy() -> None:
    code = textwrap.dedent("""
        import sys
        from newslint import lint_text
        text = "São Paulo, Zürich, naïve café, Straße — “quoted” and ‘single’ … 30°C £40 €45"
        assert lint_text(text * 50, select=["NL6"]) == []
        print("ftfy" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_mojibake_fix_is_ftfy_repair() -> None:
    assert fixed(Mojibake(), "Chinaâ€™s economy grew.\nSÃ£o Paulo\n") == \
        "China’s economy grew.\nSão Paulo\n"


def test_mojibake_partial_repair_is_unsafe() -> None:
    text = "â€œWe expect a recovery,â€ said an analyst."
    (finding,) = Mojibake().check(Document("x", text))
    assert finding.fix is not None and not finding.fix.safe


def test_bare_c1_control_is_mojibake_not_nl604() -> None:
    assert codes("They don\x92t agree.") == [(1, 9, "NL601")]


# -- NL602 -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "a < b and b > c", "I <3 NY", "AT&T and Q&A", "R&D; P&G", "<editor@example.com>",
    "the <Ctrl> key", "&foo; is not an entity", "<아버지가 이상해>", "x << y >> z",
])
def test_html_lookalikes_are_clean(text: str) -> None:
    assert codes(text, "NL602") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("a&nbsp;b", "a b"),
    ("a&nbspb", "a&nbspb"),  # not a word boundary: left alone
    ("5&nbsp; km", "5  km"),
    ("Putin&#8217;s", "Putin’s"),
    ("Putin&#x2019;s", "Putin’s"),
    ("One.<br>Two.", "One. Two."),
    ("One.<br/> Two.", "One. Two."),
    ("<p>Text</p>", "Text"),
    ("a <b>bold</b> word", "a bold word"),
    ("a <span class=\"x\">word</span>", "a word"),
    ("10<sup>2</sup>", "10<sup>2</sup>"),  # no fix: dropping tags would read "102"
    ("<script>x()</script>", "<script>x()</script>"),
])
def test_html_fixes(text: str, expected: str) -> None:
    assert fixed(HtmlInText(), text) == expected


def test_html_comment_reported() -> None:
    assert codes("Text <!-- ad slot --> more", "NL602") == [(1, 6, "NL602")]


# -- NL603 -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "U.S.", "J.K. Rowling", "3.5", "example.com", "Node.js", "Yahoo.Com", "e.g. This",
    "Amazon.Co.Uk", "ASP.NET", "Console.WriteLine", "Math.Random()", "Mr.Smith", "St.Louis",
    "www.BBC.co.uk", "https://x.com/A.Html", "press@Example.Org", "Plan.B is", "Vitamin.A is",
    "EE.UU. and", "wait...What", "Ph.D. student", "No.1 seed", "version 2.0.Final",
])
def test_glued_lookalikes_are_clean(text: str) -> None:
    assert codes(text, "NL603") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Ukraine.The talks", "Ukraine. The talks"),
    ("said.He left", "said. He left"),
    ("done!And then", "done! And then"),
    ("really?So what", "really? So what"),
    ("said.”The end", "said.” The end"),
    ("said.“Never", "said. “Never"),
    ("in 2022.Analysts said", "in 2022. Analysts said"),
    ("home.I’m here", "home. I’m here"),
    ("disse.O presidente", "disse. O presidente"),
    ("Путин.Москва", "Путин. Москва"),
])
def test_glued_fixes(text: str, expected: str) -> None:
    assert fixed(GluedSentences(), text) == expected


def test_straight_quote_seam_fix_is_unsafe_and_placed_by_parity() -> None:
    closing = 'He said "it is final."The court rose.'
    opening = 'The court rose."Final," he said.'
    assert fixed(GluedSentences(), closing) == closing
    assert fixed(GluedSentences(), closing, unsafe=True) == \
        'He said "it is final." The court rose.'
    assert fixed(GluedSentences(), opening, unsafe=True) == 'The court rose. "Final," he said.'


def test_glued_seams_helper() -> None:
    assert list(glued_seams("One.Two three.Four")) == [4, 14]


# -- NL604 -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Family 👨\u200d👩\u200d👧 emoji",
    "Flag 🏳\ufe0f\u200d🌈 emoji",
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian ZWNJ
    "\u0915\u094d\u200d\u0937",  # Devanagari ZWJ
    "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a",  # Thai ZWSP
    "word.\u2060\u2060",  # zero-width at a line edge: not inside a word
    "tab\tseparated\r\nwindows line",
])
def test_legitimate_invisibles_are_clean(text: str) -> None:
    assert codes(text, "NL604") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Kre\u200bmlin", "Kremlin"),
    ("Tues\u00adday", "Tuesday"),
    ("re\u200c\u200cport", "report"),
    ("mid\ufefftext", "midtext"),
    ("said\x0bthe", "said the"),
    ("end \x07", "end "),
    ("lost \ufffd char", "lost \ufffd char"),  # reported, never "fixed"
])
def test_invisible_fixes(text: str, expected: str) -> None:
    assert codes(text, "NL604"), text
    assert fixed(InvisibleCharacters(), text) == expected


def test_one_finding_per_line_and_kind() -> None:
    text = "Ukrai\u00adne and Rus\u00adsia and Be\u00adla\u00adrus\nNext\u00adline"
    found = codes(text, "NL604")
    assert found == [(1, 6, "NL604"), (2, 5, "NL604")]
    (first, _) = lint_text(text, select=["NL604"])
    assert first.message.startswith("4 × soft hyphen")
