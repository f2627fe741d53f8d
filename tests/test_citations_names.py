"""Citation (NL3xx) and name (NL4xx) rules: data files, config extension, look-alikes.

The fixtures (tests/fixtures/<rule-name>/) show what each rule flags and leaves
alone; these tests cover what snapshots show badly: the registry and the variant
sets load and are sane, users extend them from config without code, and the
matching stays linear on long runs of repeated tokens.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from newslint import Document, lint_text
from newslint.rules import data_text
from newslint.rules.outlets import (
    OUTLET_KINDS,
    _dl_distance,
    analyse,
    array_of_tables,
    load_outlets,
    outlet_registry,
)
from tests.conftest import SEEDS, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

A = "000_006e05ccad9504e7.txt"
B = "003_2314887968953033.txt"


def codes(text: str, select: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in lint_text(text, select=[select])]


# -- data files ------------------------------------------------------------------------


def test_registry_loads_with_400_outlets_and_no_duplicate_names() -> None:
    raw = tomllib.loads(data_text("outlets.toml"))["outlet"]
    assert len(raw) >= 400
    names = Counter(o["name"].casefold() for o in raw)
    assert [n for n, c in names.items() if c > 1] == []
    for entry in raw:
        assert entry["name"].strip() == entry["name"]
        assert isinstance(entry.get("aliases", []), list)
        assert entry.get("kind", "online") in OUTLET_KINDS, entry
    assert len(load_outlets()) == len(raw)
    reg = outlet_registry()
    assert reg.matcher is not None
    assert outlet_registry() is reg  # built once per process


def test_variant_sets_load() -> None:
    raw = tomllib.loads(data_text("spelling_variants.toml"))["variants"]
    assert len(raw) >= 120
    for entry in raw:
        assert entry["preferred"] not in entry["forms"], entry
        assert entry["forms"], entry


@pytest.mark.parametrize(("name", "table"), [("outlets.toml", "outlet"),
                                           ("spelling_variants.toml", "variants")])
def test_fast_table_parser_agrees_with_tomllib(name: str, table: str) -> None:
    text = data_text(name)
    fast = array_of_tables(text, table)
    assert fast is not None
    assert fast[table] == tomllib.loads(text)[table]


@pytest.mark.parametrize("text", [
    "[[outlet]]\nname = 'literal'\n",          # literal strings: leave it to tomllib
    '[[outlet]]\naliases = ["a",\n  "b"]\n',   # multi-line array
    '[[outlet]]\nname = """x"""\n',
    'title = "x"\n[[outlet]]\nname = "y"\n',  # a key outside the tables
    '[[outlet]]\n[outlet.sub]\nname = "y"\n',
])
def test_fast_table_parser_declines_other_toml(text: str) -> None:
    assert array_of_tables(text, "outlet") is None


def test_attribution_phrases_load() -> None:
    data = tomllib.loads(data_text("citations_attribution.toml"))
    assert {"per", "according to", "told"} <= set(data["lead"])
    assert {"reported", "said"} <= set(data["follow"])
    assert "source" in data["labels"]


def test_damerau_distance() -> None:
    assert _dl_distance("reuteurs", "reuters", 1) == 1
    assert _dl_distance("reutres", "reuters", 1) == 1  # a swap is one edit
    assert _dl_distance("bloomberg", "reuters", 2) == 3  # stops early above the limit


# -- seeds -------------------------------------------------------------------------------


def test_seed_findings() -> None:
    diags = [d for name in (A, B) for d in lint_text(
        (SEEDS / name).read_text(encoding="utf-8"), name, select=["NL3", "NL4"])]
    got = sorted((d.path, d.line, d.code) for d in diags)
    assert got == sorted([
        (A, 1, "NL402"), (A, 1, "NL402"), (A, 3, "NL402"), (A, 3, "NL402"),
        (A, 20, "NL402"), (A, 32, "NL403"),
        (B, 9, "NL401"), (B, 16, "NL304"), (B, 16, "NL401"), (B, 26, "NL301"),
        (B, 26, "NL401"), (B, 28, "NL401"), (B, 35, "NL302"), (B, 38, "NL303"),
    ])
    by_line = {(d.path, d.line, d.code): d.message for d in diags}
    assert "The New York Times" in by_line[B, 9, "NL401"]
    assert "The Guardian" in by_line[B, 28, "NL401"]
    assert "BBC Russian" in by_line[B, 16, "NL401"]
    flagged = {(d.line, (SEEDS / A).read_text().splitlines()[d.line - 1][d.column - 1:]
                .split()[0]) for d in diags if d.path == A and d.code == "NL402"}
    assert {w for _, w in flagged} >= {"XI", "PUTIN"}


# -- look-alikes -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The guard was arrested after the prisoner escaped.",
    "He told the guard he was leaving early.",
    "Buses run less often at the times of day when schools are closed.",
    "The sun rose over the harbour.",
    "“This is how epidemics begin,” a member of the group told NBC News.",
    "The senator spoke to Bloom, according to the minutes.",
    "Reuters reported the figures first.",
    "“We stand by our reporting,” said CNN.",
    "The network’s chief said CNN’s correspondents would stay.",
    "Source: Reuters",
    "Accordingly, the ministry said it would review the contract.",
])
def test_citation_look_alikes_stay_clean(text: str) -> None:
    assert codes(text, "NL3") == []
    assert codes(text, "NL401") == []


@pytest.mark.parametrize("text", [
    "The US told us that the WHO would act. Who will pay? The WHO did not say.",
    "Apple shares rose. An apple a day, says the APPLE ORCHARD sign.",
    "WASHINGTON (AP) — Officials in Washington said the talks would continue.",
    "BREAKING NEWS: MOSCOW REJECTS PLAN\n\nOfficials in Moscow said the plan was dead.",
    "IT spending rose. It was the third rise in a row.",
])
def test_casing_look_alikes_stay_clean(text: str) -> None:
    assert codes(text, "NL402") == []


def test_casing_fires_on_the_minority_form() -> None:
    text = ("Diplomats said NATO would meet. The alliance, NATO, said so. "
            "Later Nato members met in Brussels.")
    assert codes(text, "NL402") == [(1, 68, "NL402")]


# -- extension from config -----------------------------------------------------------------


def test_extend_outlets_from_config(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor resigned on Friday, per the daily bugle.\n", encoding="utf-8")
    assert run_cli(["--isolated", "--select", "NL401", "a.txt"], cwd=tmp_path).out == ""
    (tmp_path / "newslint.toml").write_text(
        '[outlets]\nextend-outlets = ["The Daily Bugle | the Bugle"]\n',
        encoding="utf-8")
    result = run_cli(["--config", "newslint.toml", "--select", "NL401", "a.txt"], cwd=tmp_path)
    assert "NL401" in result.out and "The Daily Bugle" in result.out, result.err


def test_extra_outlets_file_from_config(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[[outlet]]\nname = "Zenith Courier"\naliases = []\nkind = "newspaper"\n'
        'country = "XX"\n', encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(
        '[outlets]\nextra-outlets-file = "mine.toml"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        "The bridge will close for repairs, according to Zenith Courrier.\n", encoding="utf-8")
    result = run_cli(["--config", "newslint.toml", "--select", "NL401", "a.txt"], cwd=tmp_path)
    assert "Zenith Courier" in result.out, result.err


def test_missing_extra_outlets_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text(
        '[outlets]\nextra-outlets-file = "nowhere.toml"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("per NPR.\n", encoding="utf-8")
    result = run_cli(["--config", "newslint.toml", "--select", "NL401", "a.txt"], cwd=tmp_path)
    assert result.code == 2
    assert "nowhere.toml" in result.out + result.err


def test_extend_variants_and_casing_exceptions_from_config(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Flights to Zetaville resumed. Zeta City airport reopened. Zeta City is calm.\n\n"
        "The ACME board met. Later Acme shares fell, and Acme said so.\n", encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(
        '[names]\nextend-variants = ["Zeta City | Zetaville"]\n'
        'extend-casing-exceptions = ["acme"]\n', encoding="utf-8")
    result = run_cli(["--isolated", "--select", "NL402,NL403", "a.txt"], cwd=tmp_path)
    assert "NL403" not in result.out and "NL402" in result.out
    result = run_cli(["--config", "newslint.toml", "--select", "NL402,NL403", "a.txt"],
                     cwd=tmp_path)
    assert result.out.count("NL403") == 1 and "'Zetaville'" in result.out
    assert "NL402" not in result.out


def test_extra_variants_file_from_config(tmp_path: Path) -> None:
    (tmp_path / "v.toml").write_text(
        '[[variants]]\npreferred = "Zeta City"\nforms = ["Zetaville"]\nkind = "place"\n',
        encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(
        '[names]\nextra-variants-file = "v.toml"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Zetaville is calm. Zeta City is calm.\n", encoding="utf-8")
    result = run_cli(["--config", "newslint.toml", "--select", "NL403", "a.txt"], cwd=tmp_path)
    assert "NL403" in result.out, result.err


# -- adversarial input ---------------------------------------------------------------------


@pytest.mark.parametrize("unit", [
    "per ", "per per ", "The guard ", "according to ", "Accordingly ", "BBCRussia said ",
    "XI Xi ", "Source : ", "Kiev Kyiv ", "“Kiev” Kyiv ", "said CNN. ", "a" * 50 + " ",
    "The The The ",
])
def test_long_runs_of_repeated_tokens(unit: str) -> None:
    text = unit * 4000
    for family in ("NL3", "NL4"):
        lint_text(text, select=[family])  # finishes (linear); the result does not matter
    doc = Document("x", text + "\n" + (unit.strip() + ".\n") * 2000)
    analyse(doc, outlet_registry())


# -- fast paths agree with the plain definitions ----------------------------------------------

_SAMPLES = [
    (SEEDS / A).read_text(encoding="utf-8"),
    (SEEDS / B).read_text(encoding="utf-8"),
    "He said -- Reuters.  per  the guard . “Quote,” said CNN.\r\nSource :\rNext line?! Yes.\n",
    "U.S. officials told Reuteurs... The e.g. case — ‘per’ BBCRussia said.\n\nWASHINGTON (AP) —",
]


@pytest.mark.parametrize("text", _SAMPLES)
def test_sentences_split_line_by_line_match_the_document(text: str) -> None:
    # the analysis splits only the lines it needs; sentences must never cross a line
    from newslint.document import split_sentences
    doc = Document("x", text)
    per_line = [s for i in range(len(doc.line_starts))
                for s in split_sentences(text[slice(*doc.line_span(i))], doc.line_span(i)[0])]
    assert per_line == doc.sentences
    assert [doc.line_span(i) for i in range(len(doc.lines))] == \
        [(line.start, line.end) for line in doc.lines]


@pytest.mark.parametrize("text", _SAMPLES)
def test_backward_tail_matches_forward_tokens(text: str) -> None:
    from newslint.rules.outlets import _last_word, _tail_tokens, _tokens
    rev = text[::-1]
    for stop in range(len(text) + 1):
        lo = max(0, stop - 40)
        forward = _tokens(text, lo, stop)
        tail: list[tuple[int, int]] = []
        pos = stop
        for s, e in reversed(forward):
            if text[e:pos].strip() or len(tail) == 5:
                break
            tail.append((s, e))
            pos = s
        tail.reverse()
        assert _tail_tokens(text, lo, stop) == tail, (stop, text[lo:stop])
        word = _last_word(text, rev, lo, stop)
        if word is not None:
            assert word == (text[tail[-1][0]:tail[-1][1]] if tail else ""), stop


def test_registry_prefilter_admits_every_name_start() -> None:
    reg = outlet_registry()
    for low in reg.by_lower:
        for word in low.split():
            assert reg.could_be_name(word), word
            assert reg.could_be_name(word[:4]), word
    assert not reg.could_be_name("zzzzqx")


@pytest.mark.parametrize("text", [
    *_SAMPLES,
    "Officials signed the bilateral documents The guard.\nThey met at the meeting Reuters.",
    "The report was praising Reuters. He said they would sue The Guardian!",
    "Alpha beta gamma delta Reuters. Five more Big Crown Times Of India.",
    "He cited new figures BBCRussia. The big lie in documents The Washington Post.",
    "Le gouvernement a publié les documents Le Monde. Ministers met the journalists CNN.",
])
def test_dangling_prefilter_drops_no_candidate(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``_may_dangle`` (checked before the sentence split) only skips stops where
    ``_dangling`` would reject every candidate."""
    from newslint.rules import outlets
    reg = outlet_registry()
    fast = outlets._Analyser(Document("t.txt", text), reg).run()
    monkeypatch.setattr(outlets._Analyser, "_may_dangle", lambda self, tail: True)
    slow = outlets._Analyser(Document("t.txt", text), reg).run()
    assert fast == slow


@pytest.mark.parametrize("text", _SAMPLES)
def test_reverse_tail_region_holds_the_tail(text: str) -> None:
    """The C-level reversed-tail match covers every token ``_tail_tokens`` returns,
    and finds nothing exactly where the tail is empty."""
    from newslint.rules.outlets import _rev_patterns, _tail_tokens
    _, rev_tail = _rev_patterns()
    rev, n = text[::-1], len(text)
    for stop in range(len(text) + 1):
        tail = _tail_tokens(text, 0, stop)
        m = rev_tail.match(rev, n - stop)
        if m is None:
            assert tail == [], stop
            continue
        assert all(n - m.end() <= s and e <= stop for s, e in tail), stop


def test_batch_dfa_finds_what_the_matchers_find() -> None:
    """Past a batch-size threshold a PhraseMatcher rebuilds its automaton as a DFA: the
    whole-word matches must stay exactly those of the compact automaton."""
    from newslint.matching import PhraseMatcher
    from newslint.rules import names
    texts = [*_SAMPLES, "ÄBC news İstanbul the guardİan BBC_News bbc-news Kiev_ KYIV Kyïv",
             "abc newsroom, the sun-times; REUTERS/Kiev. per The Times of India."]
    for matcher in (outlet_registry().matcher, names.variant_sets().matcher):
        compact = PhraseMatcher(matcher.phrases)
        dfa = PhraseMatcher(matcher.phrases, dfa_after=0)
        for text in texts:
            expected = [(m.index, m.start, m.end) for m in compact.finditer(text)]
            assert [(m.index, m.start, m.end) for m in dfa.finditer(text)] == expected
        assert dfa.dfa_after is None  # switched


@pytest.mark.parametrize("text", _SAMPLES)
def test_reverse_word_is_the_last_word(text: str) -> None:
    """The reversed-word match finds the non-empty words ``_last_word`` finds (with no line start
    to stop at), and nothing where ``_last_word`` finds none."""
    from newslint.rules.outlets import _last_word, _rev_patterns
    rev_word, _ = _rev_patterns()
    rev, n = text[::-1], len(text)
    for stop in range(len(text) + 1):
        word = _last_word(text, rev, -1, stop)
        m = rev_word.match(rev, n - stop)
        assert (m.group(1)[::-1] if m else "") == (word or ""), stop
