"""Unit tests for the site-chrome rules (NL2xx) beyond the fixtures."""
# ruff: noqa: E501  (article text is kept one paragraph a line, as scrapers write it)

from __future__ import annotations

import math
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslint.document import Document
from newslint.plugins import default_registry
from newslint.rules import chrome, chrome_lines
from newslint.rules.chrome_lines import analyse, parse_extension, phrase_table
from tests.conftest import SEEDS, run_cli

LINE_CODES = {f"NL20{i}" for i in range(1, 10)}


def _findings(path: Path, *extra: str) -> dict[int, set[str]]:
    result = run_cli(["--isolated", "--select", "NL2", *extra, path.name], cwd=path.parent)
    out: dict[int, set[str]] = {}
    for line in result.out.splitlines():
        m = re.match(r".*?:(\d+):\d+: (NL2\d\d) ", line)
        assert m, line
        out.setdefault(int(m.group(1)), set()).add(m.group(2))
    return out


def test_every_rule_registered_with_docs() -> None:
    rules = default_registry().rules_by_name()
    for rule in chrome.RULES:
        assert rules[rule.name] is rule
        doc = rule.documentation()
        for section in ("## What it does", "## Why it matters", "## Example"):
            assert section in doc


def test_seed_000_chrome_lines() -> None:
    found = _findings(SEEDS / "000_006e05ccad9504e7.txt")
    assert found.get(1, set()) & {"NL203", "NL209"}
    assert "NL201" in found.get(38, set())
    assert "NL201" in found.get(39, set())
    clean = [3, 6, 8, 10, 12, 14, 16, 18, 22, 24, 26, 28, 30, 34]
    assert not [n for n in clean if found.get(n, set()) & LINE_CODES]


def test_seed_003_chrome_lines() -> None:
    found = _findings(SEEDS / "003_2314887968953033.txt")
    assert "NL204" in found.get(3, set())
    assert "NL201" in found.get(40, set())
    assert "NL201" in found.get(42, set())
    clean = [1, 5, 7, 11, 13, 18, 20, 22, 24, 31, 33]
    assert not [n for n in clean if found.get(n, set()) & LINE_CODES]


PORTUGUESE = """Governo anuncia novo plano para o transporte público

O governo anunciou nesta terça-feira um plano de investimentos de R$ 2 bilhões para o transporte público nas capitais.

Segundo o ministro, as primeiras obras começam em março e devem gerar cerca de 10 mil empregos.

O que muda para os passageiros?

As tarifas não devem subir no próximo ano, afirmou o ministro em entrevista coletiva.

A oposição criticou o plano e disse que os recursos são insuficientes para as necessidades das cidades.
"""

GERMAN = """Bundesregierung beschließt neues Verkehrspaket

Die Bundesregierung hat am Dienstag ein Paket mit Investitionen von zwei Milliarden Euro für den Nahverkehr beschlossen.

Nach Angaben des Ministers sollen die ersten Bauarbeiten im März beginnen.

Was ändert sich für die Fahrgäste?

Die Ticketpreise sollen im kommenden Jahr nicht steigen, sagte der Minister auf einer Pressekonferenz.

Die Opposition kritisierte das Paket als unzureichend für die Bedürfnisse der Städte.
"""


@pytest.mark.parametrize("text", [PORTUGUESE, GERMAN], ids=["pt", "de"])
def test_other_languages_stay_clean(text: str) -> None:
    analysis = analyse(Document("x.txt", text))
    assert analysis.verdicts == {}
    assert analysis.cut_off is None


def test_data_file_loads_and_codes_are_known() -> None:
    table = phrase_table()
    assert len(table.keys) > 300
    codes = {ph.code for entries in table.entries for ph in entries}
    assert codes <= LINE_CODES | {"NL211"}


def test_analysis_shared_through_doc_cache() -> None:
    doc = Document("x.txt", "Story\n\nAdvertisement\n\nA sentence that is long enough to count here.\n")
    first = analyse(doc)
    assert analyse(doc) is first
    assert "chrome" in doc.cache


def test_extension_entry_parsing() -> None:
    assert parse_extension("NL202 start: Join our channel") == chrome_lines.Phrase(
        "NL202", "start", "Join our channel")
    assert parse_extension("nl205: Anzeige").position == "line"
    for bad in ("Join our channel", "NL299: x", "NL202 middle: x", "NL202:  "):
        with pytest.raises(ValueError):
            parse_extension(bad)


ARTICLE = """Council extends bus lane trial

The city council voted on Tuesday to extend the bus lane pilot for another year, after a report found journeys were shorter.

Join the Daily Bugle crew on WhatsApp

Opponents argued that the lane had pushed delivery vans into side streets, and asked for a review of loading bays.
"""


def test_extend_phrases_from_config(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = run_cli(["--isolated", "--select", "NL202", "a.txt"], cwd=tmp_path)
    assert before.out == ""
    (tmp_path / "newslint.toml").write_text(
        '[chrome]\nextend-chrome-phrases = ["NL202 start: Join the Daily Bugle crew"]\n',
        encoding="utf-8")
    after = run_cli(["--select", "NL202", "a.txt"], cwd=tmp_path)
    assert "a.txt:5:1: NL202 " in after.out
    assert "starts with 'Join the Daily Bugle crew'" in after.out


def test_extend_phrases_from_user_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "mine.toml").write_text('[NL202]\nstart = ["Join the Daily Bugle"]\n',
                                        encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(
        f'[chrome]\nchrome-phrases-file = "{tmp_path / "mine.toml"}"\n', encoding="utf-8")
    result = run_cli(["--select", "NL202", "a.txt"], cwd=tmp_path)
    assert "a.txt:5:1: NL202 " in result.out


def test_bad_extension_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(
        '[chrome]\nextend-chrome-phrases = ["no code here"]\n', encoding="utf-8")
    result = run_cli(["--select", "NL202", "a.txt"], cwd=tmp_path)
    assert result.code == 2
    assert "extend-chrome-phrases" in result.err


@pytest.mark.parametrize("token", ["a ", "Share ", "© ", "... ", "| ", "By X ", "2019 ", "x" * 50])
def test_long_runs_of_repeated_tokens_stay_fast(token: str) -> None:
    text = (token * 20000 + "\n") * 5 + ("Home\n" * 2000)
    started = time.perf_counter()
    analyse(Document("x.txt", text))
    assert time.perf_counter() - started < 5  # generous: guards against quadratic blow-ups


def test_cut_off_only_once_and_not_on_complete_article() -> None:
    done = analyse(Document("x.txt", GERMAN))
    assert done.cut_off is None
    cut = analyse(Document("x.txt", GERMAN + "\nDie Opposition kritisierte das Paket als unzureichend und forderte mehr Geld für die\n"))
    assert cut.cut_off is not None


def test_model_file_loads_and_matches_the_features() -> None:
    models = chrome_lines.chrome_models()
    assert set(models) == {"body", "page_dump"}
    for model in models.values():
        assert model.names == chrome_lines.FEATURES
        assert len(model.weights) == len(chrome_lines.FEATURES)
        assert 0 < model.threshold < 1
    doc = Document("x.txt", PORTUGUESE)
    rows = chrome_lines.line_features(doc)
    assert rows and all(len(row) == len(chrome_lines.FEATURES) for _n, row, _s, _d in rows)


# -- the fast paths give the same answers as the plain ones --------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


def _sample_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/*.txt"))
              if p.parent.name.startswith(("site-chrome", "article-cut-off"))]
    # a whole-page dump: menus above and below a body (the page-dump model and its lower-bound path)
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Video", "Opinion",
                      "Culture", "Travel", "Weather", "Science", "Health", "Tech", "Style"])
    body = "\n\n".join(
        f"The council said on Tuesday that the {w} plan would be reviewed again next year, "
        "after residents complained about the noise and the cost of the works."
        for w in ("first", "second", "third", "fourth"))
    texts.append(f"{menu}\n\nCouncil reviews the plan\n\n{body}\n\n{menu}\n"
                 "Privacy Policy\nTerms of Use\nContact us\n© 2024 Example Media\n")
    return texts


def test_bound_pruning_changes_no_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines skipped because their score cannot reach the threshold: the same verdicts
    as scoring every line on its full row."""
    texts = _sample_texts()
    fast = [analyse(Document("x.txt", t)) for t in texts]
    monkeypatch.setattr(chrome_lines._Features, "triage",
                        lambda self, indices, scorer: ([], list(indices)))
    slow = [analyse(Document("x.txt", t)) for t in texts]
    assert len(texts) > 20
    for a, b in zip(fast, slow, strict=True):
        assert a.verdicts == b.verdicts
        assert list(a.verdicts) == sorted(a.verdicts)
        assert a.cut_off == b.cut_off


def test_each_rule_reports_only_its_code_from_one_analysis() -> None:
    """The ten rules share one analysis; each reads only the verdicts of its own code."""
    for text in _sample_texts():
        doc = Document("x.txt", text)
        analysis = analyse(doc)
        reported = 0
        for rule_cls in chrome.RULES:
            findings = list(rule_cls().check(doc))
            if rule_cls.code != chrome_lines.CUT_OFF:
                reported += len(findings)
                assert [(f.start, f.end) for f in findings] == [
                    (v.start, v.end) for v in analysis.verdicts.values()
                    if v.code == rule_cls.code]
        assert analyse(doc) is analysis
        assert reported == len(analysis.verdicts)


def test_bound_is_never_below_the_score() -> None:
    """The cheap score plus the bound (low) of the costly features is an upper (lower)
    bound."""
    for kind, scorer in chrome_lines._scorers().items():
        for text in _sample_texts():
            rows = chrome_lines.line_features(Document("x.txt", text))
            for _number, row, _strong, _dump in rows:
                exact = sum(w * v for w, v in zip(scorer.weights, row, strict=True))
                cheap = sum(w * (0.0 if name in chrome_lines._COSTLY else v)
                            for name, w, v in zip(chrome_lines.FEATURES, scorer.weights, row,
                                                  strict=True))
                nw_le_25 = row[chrome_lines.FEATURES.index("log_words")] <= math.log1p(25) / 4
                below = bool(row[chrome_lines.FEATURES.index("below_body")])
                assert cheap + scorer.bound[nw_le_25][below] >= exact, kind
                assert cheap + scorer.low[nw_le_25][below] <= exact, kind
                # triage's last stage: all but the stopwords and the body's vocabulary exact
                closer = sum(w * (0.0 if name in chrome_lines._LOOSE else v)
                             for name, w, v in zip(chrome_lines.FEATURES, scorer.weights, row,
                                                   strict=True))
                assert closer + scorer.loose_max >= exact, kind
                assert closer + scorer.loose_min <= exact, kind


def test_phrase_search_skips_only_lines_where_phrases_cannot_count() -> None:
    table = phrase_table()
    long_line = ("Advertisement " + "the talks went on for hours and then ended " * 12).strip()
    texts = [*_sample_texts(), f"Title\n\n{long_line}\n\n{long_line}.\n\nEnd of the story here.\n"]
    for text in texts:
        doc = Document("x.txt", text)
        lines = [chrome_lines._L(ln.number, ln.start, ln.end, ln.text.strip(), False)
                 for ln in doc.lines if ln.text.strip()]
        every = chrome_lines._phrase_hits(lines, table, every_line=True)
        some = chrome_lines._phrase_hits(lines, table)
        for i, found in every.items():
            if i in some:
                assert some[i] == found
                continue
            cut: list[chrome_lines._L] = []
            chrome_lines._phrase_verdict(lines[i], found, table, cut)
            assert not lines[i].strong and not cut


def test_import_is_cheap() -> None:
    """No regex compiled and no data file read at import (pre-commit start-up)."""
    code = ("import newslint.rules.chrome_lines as m\n"
            "assert m._regexes.cache_info().currsize == 0\n"
            "assert m.phrase_table.cache_info().currsize == 0\n"
            "assert m.chrome_models.cache_info().currsize == 0\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_word_count_without_split() -> None:
    for text in ("a b  c", "a\tb", "a\u00a0b c", "one", "a b c d", "x\u2009y", "é ü ß"):
        line = chrome_lines._L(1, 0, len(text), text, False)
        assert line.nw == len(text.split())
        assert line.ws() == text.split()


_BRIEF_HEADLINE = "Water company fined over sewage spills"
_BRIEF_PARAGRAPHS = (
    "A water company has been fined £2.1m after untreated sewage was released into a river "
    "on more than 40 occasions over two summers, a court heard on Wednesday.",
    "The Environment Agency said the spills killed thousands of fish along a six-mile "
    "stretch of the river and forced two swimming clubs to cancel their seasons.",
    "Lawyers for the company told the court that it had since spent £30m on new storm tanks "
    "and pumps at the works.",
    "The judge said the failures were foreseeable.",
    "Residents welcomed the fine but said it came too late.",
    "The company has 28 days to pay.",
)


def test_short_clean_documents_stay_clean() -> None:
    """A news brief or a post of a few paragraphs: its last line, or a short sentence
    after a one-paragraph body, is not chrome (the model learns this from briefs made of
    the corpus's article paragraphs; tools/train_chrome.py)."""
    paragraphs = list(_BRIEF_PARAGRAPHS)
    cases = 0
    for k in range(1, len(paragraphs) + 1):
        for part in (paragraphs[:k], paragraphs[-k:]):
            for head in ([], [_BRIEF_HEADLINE]):
                text = "\n\n".join([*head, *part]) + "\n"
                verdicts = analyse(Document("brief.txt", text)).verdicts
                assert not verdicts, (text, verdicts)
                cases += 1
    assert cases == 24
