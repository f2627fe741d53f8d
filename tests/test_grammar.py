"""Grammar rules (NL7xx) against a LanguageTool look-alike on 127.0.0.1 (tests/lt_server.py).

No test touches the network beyond 127.0.0.1, and none needs a real LanguageTool.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from newslint import Document, Finding, Rule
from newslint.engine import Linter
from newslint.plugins import default_registry
from newslint.rule import RuleUnavailable
from newslint.rules.grammar import (
    GRAMMAR_RULES,
    GrammarConfig,
    GrammarError,
    SpellingError,
    Utf16Offsets,
    chunk_spans,
    code_for,
    normalize_server_url,
)
from tests.conftest import Run, run_cli
from tests.lt_server import FakeLanguageTool, closed_port

ARTICLE = (
    "Summit 😀 ends\n"
    "\n"
    "The deal 𝒳 was noot final , he could of said.\n"
    "It is very unique. And teh 👍 end.\n"
)
# Where each fake match must land: line, column (1-based, in characters).
EXPECTED = (
    "article.txt:3:16: NL702 Possible spelling mistake found. Suggestion: \"not\". "
    "[LanguageTool MORFOLOGIK_RULE_EN_US]\n"
    "article.txt:3:26: NL703 Don't put a space before the comma. Suggestion: \",\". "
    "[LanguageTool COMMA_PARENTHESIS_WHITESPACE]\n"
    "article.txt:3:32: NL701 Did you mean “could have”? Suggestion: \"could have\". "
    "[LanguageTool COULD_OF]\n"
    "article.txt:4:7: NL704 Uniqueness is absolute. [LanguageTool VERY_UNIQUE]\n"
    "article.txt:4:24: NL702 Possible spelling mistake found. Suggestion: \"the 👍\". "
    "[LanguageTool EMOJI_TYPO]\n"
)


def _toml_value(value: Any) -> str:
    return json.dumps(value)  # JSON strings, numbers and lists of strings are valid TOML


def write_config(folder: Path, **options: Any) -> Path:
    """A newslint.toml with a [grammar] table (option names with _ for -)."""
    lines = ["[grammar]"]
    lines += [f"{k.replace('_', '-')} = {_toml_value(v)}" for k, v in options.items()]
    path = folder / "newslint.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def lint(folder: Path, *args: str, files: Sequence[str] = ("article.txt",)) -> Run:
    """Only the grammar family is selected: the other families are tested elsewhere."""
    return run_cli(["--config", "newslint.toml", "--select", "NL7", *args, *files],
                   cwd=folder)


def switched_off(err: str) -> list[str]:
    """The reason of every 'rule(s) X were switched off: REASON' line (one per reason)."""
    found = (re.search(r" (?:was|were) switched off: (.*)", line) for line in err.splitlines())
    return [m.group(1) for m in found if m]


@pytest.fixture(autouse=True)
def _no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests would send 127.0.0.1 through an HTTP(S)_PROXY from the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[FakeLanguageTool]:
    with FakeLanguageTool() as fake:
        yield fake


@pytest.fixture
def article(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


# -- registration, documentation, laziness ---------------------------------------------

def test_four_rules_off_by_default_and_documented() -> None:
    registry = default_registry()
    for code in ("NL701", "NL702", "NL703", "NL704"):
        rule = registry.rules[code]
        assert rule.default_enabled is False
        assert rule.options_section == "grammar"
        result = run_cli(["rule", code])
        assert result.code == 0
        for text in ("## What it does", "## Why it matters", "## Example", "server",
                     "docker run", "org.languagetool.server.HTTPServer", "--unsafe-fixes"):
            assert text in result.out, (code, text)


def test_default_run_never_imports_language_tool(tmp_path: Path) -> None:
    """Pre-commit latency: neither language_tool_python nor requests is imported unless
    a grammar rule is selected AND configured; an unconfigured selection says how."""
    (tmp_path / "a.txt").write_text("Plain text.\n", encoding="utf-8")
    script = (
        "import io, sys\n"
        "from newslint.cli import main\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "first = main(['--isolated', 'a.txt'], out, err)\n"
        "second = main(['--isolated', '--extend-select', 'NL7', 'a.txt'], out, err)\n"
        "print(first, second, 'language_tool_python' in sys.modules, "
        "'requests' in sys.modules)\n"
        "print(err.getvalue())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60,
                          env={"NEWSLINT_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": ""})
    first_line, _, err = done.stdout.partition("\n")
    # (the default run's status depends on the other families' rules: not checked here)
    assert first_line.split()[1:] == ["2", "False", "False"], done.stdout + done.stderr
    assert "no LanguageTool server is configured, so no text is sent anywhere" in err
    assert "[tool.newslint.grammar]" in err


# -- the happy path ----------------------------------------------------------------------

def test_findings_at_the_right_line_and_column(article: Path,
                                               server: FakeLanguageTool) -> None:
    write_config(article, server=server.url)
    result = lint(article)
    assert result.out == EXPECTED, result.err
    assert result.code == 1
    assert result.err == ""


def test_astral_characters_and_match_spans_in_json(article: Path,
                                                   server: FakeLanguageTool) -> None:
    write_config(article, server=server.url)
    result = lint(article, "--format", "json")
    items = {d["message"].rsplit(" ", 1)[-1]: d for d in json.loads(result.out)}
    emoji = items["EMOJI_TYPO]"]
    # "teh 👍" is 5 characters (6 UTF-16 code units): columns 24..29 on line 4
    assert (emoji["line"], emoji["column"], emoji["end_line"], emoji["end_column"]) == \
        (4, 24, 4, 29)
    assert emoji["fix"]["applicability"] == "unsafe"
    assert emoji["fix"]["edits"][0]["content"] == "the 👍"
    spelling = items["MORFOLOGIK_RULE_EN_US]"]
    assert (spelling["column"], spelling["end_column"]) == (16, 20)


def test_utf16_offsets() -> None:
    text = "a😀b𝒳c\U0010ffffd"
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        utf16 = len(text[:index].encode("utf-16-le")) // 2
        assert offsets.to_char(utf16) == index
    assert offsets.to_char(2) == 1  # inside the pair of 😀: rounds down to its start
    assert Utf16Offsets("plain ascii").to_char(5) == 5
    assert Utf16Offsets("é ü").to_char(3) == 3  # BMP non-ASCII: one code unit each


def test_one_request_per_document_shared_by_the_four_rules(
        tmp_path: Path, server: FakeLanguageTool) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text("It was noot very unique , he said.\n", encoding="utf-8")
    write_config(tmp_path, server=server.url)
    result = lint(tmp_path, files=("one.txt", "two.txt"))
    assert result.code == 1
    assert len(result.out.splitlines()) == 6  # NL702, NL703, NL704 in each file
    assert len(server.checks()) == 2
    assert [m for m, p, _ in server.requests if p == "/v2/languages"] in ([], ["GET"])


def test_only_the_selected_code_reports(article: Path, server: FakeLanguageTool) -> None:
    write_config(article, server=server.url)
    result = run_cli(["--config", "newslint.toml", "--select", "NL702", "article.txt"],
                     cwd=article)
    assert [line.split()[1] for line in result.out.splitlines()] == ["NL702", "NL702"]


def test_options_reach_the_server(article: Path, server: FakeLanguageTool) -> None:
    write_config(article, server=server.url + "/v2/", language="en-GB",
                 disabled_rules=["COULD_OF", "VERY_UNIQUE"], enabled_categories=["STYLE"],
                 disabled_categories=["TYPOGRAPHY"])
    result = lint(article)
    assert "COULD_OF" not in result.out and "VERY_UNIQUE" not in result.out
    assert "NL702" in result.out
    (params,) = server.checks()
    assert params["language"] == "en-GB"
    assert params["disabledRules"] == "COULD_OF,VERY_UNIQUE"
    assert params["enabledCategories"] == "STYLE"
    assert params["disabledCategories"] == "TYPOGRAPHY"
    assert params["text"] == ARTICLE


def test_fix_is_unsafe(article: Path, server: FakeLanguageTool) -> None:
    write_config(article, server=server.url)
    safe_only = lint(article, "--diff")
    assert safe_only.out == ""
    unsafe = lint(article, "--diff", "--unsafe-fixes")
    assert "+The deal 𝒳 was not final, he could have said." in unsafe.out
    assert "+It is very unique. And the 👍 end." in unsafe.out


# -- long documents: chunks, concurrently ----------------------------------------------

def test_long_document_is_sent_in_chunks_concurrently(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {i} 😀 says the plan was noot ready for the vote in time."
                  for i in range(12)]
    (tmp_path / "long.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    with FakeLanguageTool(delay=0.2) as server:
        write_config(tmp_path, server=server.url, max_chars_per_request=200,
                     max_concurrency=3)
        result = lint(tmp_path, "--select", "NL702", files=("long.txt",))
    lines = result.out.splitlines()
    assert lines == [f"long.txt:{1 + 2 * i}:{32 + len(str(i))}: NL702 Possible spelling mistake "
                     f"found. Suggestion: \"not\". [LanguageTool MORFOLOGIK_RULE_EN_US]"
                     for i in range(12)], result.err
    texts = [params["text"] for params in server.checks()]
    assert all(len(text) <= 200 for text in texts)
    sent = sorted(" ".join(texts).split())  # chunks arrive in any order
    assert sent == sorted((tmp_path / "long.txt").read_text(encoding="utf-8").split())
    document = Document("long.txt", (tmp_path / "long.txt").read_text(encoding="utf-8"))
    assert len(texts) == len(chunk_spans(document, 200)) == 4  # 3 paragraphs a chunk
    assert 2 <= server.max_in_flight <= 3  # concurrent, within the limit


def test_chunk_spans_cut_at_paragraphs_then_lines_then_spaces() -> None:
    text = "aaaa bbbb\n\ncccc dddd\neeee ffff gggg hhhh iiii\n\n\n" + "x" * 25 + "\n"
    doc = Document("t.txt", text)
    spans = chunk_spans(doc, 12)
    assert all(e - s <= 12 for s, e in spans)
    assert spans[0] == (0, 11)  # up to the next paragraph
    assert text[spans[1][0]:spans[1][1]] == "cccc dddd\n"  # up to the next line
    pieces = [text[s:e] for s, e in spans]
    assert "".join(pieces).split() == text.split()  # nothing lost but whitespace
    assert "x" * 12 in pieces  # a run without spaces is cut hard
    assert chunk_spans(Document("e.txt", "\n \n\n"), 100) == []
    assert chunk_spans(Document("s.txt", "short"), 100) == [(0, 5)]


# -- failures: one clear message, exit 2, other rules go on ------------------------------

def test_http_500(article: Path) -> None:
    with FakeLanguageTool(mode="error") as server:
        write_config(article, server=server.url)
        result = lint(article)
    assert result.code == 2
    assert result.out == ""
    (reason,) = switched_off(result.err)
    assert f"LanguageTool server {server.url}: POST {server.url}/v2/check answered HTTP " \
           f"500: Error: Internal Error" in reason
    assert "[tool.newslint.grammar]" in reason


def test_timeout_is_bounded(article: Path) -> None:
    with FakeLanguageTool(mode="slow") as server:
        write_config(article, server=server.url, timeout=0.5)
        started = time.monotonic()
        result = lint(article)
        elapsed = time.monotonic() - started
    assert result.code == 2
    (reason,) = switched_off(result.err)
    assert f"POST {server.url}/v2/check failed: no answer within 0.5 s (timeout)" in reason
    assert "raise timeout under [tool.newslint.grammar]" in reason
    assert elapsed < 5
    assert len(server.checks()) == 1  # no retry, and the other rules did not ask again


def test_refused_connection(article: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    write_config(article, server=url)
    result = lint(article)
    assert result.code == 2
    (reason,) = switched_off(result.err)
    assert reason.startswith(f"LanguageTool server {url}: GET {url}/v2/languages failed: "
                             "connection refused")
    assert "point server under [tool.newslint.grammar] at a running one" in reason


@pytest.mark.parametrize(("mode", "expected"), [
    ("not-json", "answered with something that is not JSON"),
    ("no-matches", "answered JSON without a 'matches' list"),
])
def test_answers_that_are_not_languagetool(article: Path, mode: str, expected: str) -> None:
    with FakeLanguageTool(mode=mode) as server:
        write_config(article, server=server.url)
        result = lint(article)
    assert result.code == 2
    (reason,) = switched_off(result.err)
    assert expected in reason


def test_unsupported_language(article: Path, server: FakeLanguageTool) -> None:
    write_config(article, server=server.url, language="xx-YY")
    result = lint(article)
    assert result.code == 2
    (reason,) = switched_off(result.err)
    assert "does not support language 'xx-YY'" in reason
    assert not server.checks()


class AlwaysFires(Rule):
    """Test rule: flags the first character of every document.

    ## What it does
    Fires once per document.

    ## Why it matters
    Shows that other rules keep reporting.

    ## Example
    ```
    anything
    ```
    """

    code = "NL999"
    name = "always-fires"

    def check(self, doc: Document) -> Iterator[Finding]:
        yield Finding("always", 0, 1)


def _linter(settings: dict[str, Any]) -> Linter:
    rules: list[Rule] = [AlwaysFires(), *(cls(settings) for cls in GRAMMAR_RULES)]
    return Linter(default_registry(), rules)


def test_every_other_rule_still_reports_when_the_server_is_down() -> None:
    linter = _linter({"server": f"http://127.0.0.1:{closed_port()}"})
    diags = [d for name in ("a.txt", "b.txt")
             for d in linter.lint(Document(name, "He could of gone.\n"))]
    assert [(d.path, d.code) for d in diags] == [("a.txt", "NL999"), ("b.txt", "NL999")]
    assert sorted(linter.unavailable) == ["NL701", "NL702", "NL703", "NL704"]
    assert len(set(linter.unavailable.values())) == 1
    assert "connection refused" in next(iter(linter.unavailable.values()))


def test_server_dying_mid_run() -> None:
    with FakeLanguageTool() as server:
        linter = _linter({"server": server.url, "timeout": 1.0})
        first = linter.lint(Document("a.txt", "He could of gone.\n"))
    second = linter.lint(Document("b.txt", "He could of gone.\n"))
    assert [d.code for d in first] == ["NL999", "NL701"]
    assert [d.code for d in second] == ["NL999"]
    assert len(set(linter.unavailable.values())) == 1
    assert f"POST {server.url}/v2/check failed" in next(iter(linter.unavailable.values()))


# -- configuration -----------------------------------------------------------------------

def test_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "language_tool_python", None)
    with pytest.raises(RuleUnavailable, match=r"pip install 'newslint\[grammar\]'"):
        GrammarError({"server": "http://127.0.0.1:8081"})


@pytest.mark.parametrize(("settings", "expected"), [
    ({}, "no LanguageTool server is configured"),
    ({"server": "http://a:1", "local-path": "/x"}, "either server or local-path"),
    ({"server": "http://a:1", "timeout": 0.0}, "timeout: must be more than 0"),
    ({"server": "http://a:1", "max-concurrency": 0}, "max-concurrency: must be at least 1"),
    ({"server": "http://a:1", "extend-categories": ["CASING"]}, "CATEGORY=NL70x"),
    ({"server": "ftp://a:1"}, "expected a URL like"),
])
def test_bad_settings(settings: dict[str, Any], expected: str) -> None:
    with pytest.raises(RuleUnavailable, match=expected):
        SpellingError(settings)


def test_bad_option_type_is_a_config_error(article: Path) -> None:
    write_config(article, server="http://127.0.0.1:1", timeout="soon")
    result = lint(article)
    assert result.code == 2
    assert "grammar.timeout" in result.err


def test_url_normalization_and_enabled_by_config() -> None:
    for raw in ("127.0.0.1:8081", "http://127.0.0.1:8081/", "http://127.0.0.1:8081/v2",
                "http://127.0.0.1:8081/v2/"):
        assert normalize_server_url(raw) == "http://127.0.0.1:8081"
    assert normalize_server_url("https://lt.example/api/v2/") == "https://lt.example/api"
    assert GrammarError.enabled_by_config({"server": "http://127.0.0.1:8081"})
    assert GrammarError.enabled_by_config({"local-path": "/opt/LanguageTool-6.6"})
    assert not GrammarError.enabled_by_config({"server": "  "})
    assert not GrammarError.enabled_by_config({})


def test_category_mapping_from_the_data_file() -> None:
    assert code_for("TYPOS", "misspelling") == "NL702"
    assert code_for("PUNCTUATION", "") == "NL703"
    assert code_for("TYPOGRAPHY", "typographical") == "NL703"
    assert code_for("REDUNDANCY", "style") == "NL704"
    assert code_for("GRAMMAR", "grammar") == "NL701"
    assert code_for("SOMETHING_NEW", "whitespace") == "NL703"  # issueType fallback
    assert code_for("SOMETHING_NEW", "") == "NL701"
    routed = GrammarConfig.from_settings({"server": "h:1",
                                          "extend-categories": ["casing = NL703"]})
    assert code_for("CASING", "", routed.extend_categories) == "NL703"


def test_local_path_without_a_jar_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "LanguageTool-6.6"
    folder.mkdir()
    linter = _linter({"local-path": str(folder)})
    assert [d.code for d in linter.lint(Document("a.txt", "Text.\n"))] == ["NL999"]
    (reason,) = set(linter.unavailable.values())
    assert "has no languagetool-server.jar" in reason


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java")
def test_local_path_that_fails_to_start_fails_once(tmp_path: Path) -> None:
    """A broken install is reported, never downloaded over, and not retried per port."""
    folder = tmp_path / "LanguageTool-6.6"
    folder.mkdir()
    (folder / "languagetool-server.jar").write_bytes(b"")
    started = time.monotonic()
    linter = _linter({"local-path": str(folder)})
    linter.lint(Document("a.txt", "Text.\n"))
    (reason,) = set(linter.unavailable.values())
    assert "did not start" in reason
    assert time.monotonic() - started < 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LanguageTool-6.6"]


# -- wiring into the engine and the CLI --------------------------------------------------

def test_a_configured_server_turns_grammar_on_in_the_default_selection(
        article: Path, server: FakeLanguageTool) -> None:
    write_config(article, server=server.url)
    result = run_cli(["--config", "newslint.toml", "--ignore", "NL1,NL2,NL3,NL4,NL6",
                      "article.txt"], cwd=article)
    assert result.out == EXPECTED and result.code == 1, result.err
    flag = run_cli(["--isolated", "--grammar-server", server.url, "--ignore",
                    "NL1,NL2,NL3,NL4,NL6", "article.txt"], cwd=article)
    assert flag.out == EXPECTED
    off = run_cli(["--config", "newslint.toml", "--ignore", "NL7", "--select", "NL", "article.txt"],
                  cwd=article)
    assert "NL70" not in off.out


def test_server_down_other_rules_still_report_with_one_message(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Beijing has charged that the US, NATO, and Nato have provoked Russia.\n",
        encoding="utf-8")
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = run_cli(["--isolated", "--grammar-server", dead, "--select", "NL1,NL7",
                      "a.txt"], cwd=tmp_path)
    assert result.out == "a.txt:1:44: NL101 list item 'Nato' repeats 'NATO'\n"
    assert result.code == 2
    [line] = [ln for ln in result.err.splitlines() if ln.startswith("newslint: error:")]
    assert "NL701 (grammar-error), NL702" in line and dead in line
