"""NL210 (site boilerplate) and the corpus pass it rides on (newslint.corpus)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from newslint import Document, Finding, Rule, lint_paths
from newslint.corpus import run_corpus_passes
from newslint.engine import Linter
from newslint.plugins import default_registry
from newslint.rules.boilerplate import SiteBoilerplateLine, SiteLineCounter, line_key
from tests.conftest import FIXTURES, run_cli

SHARD = FIXTURES / "site-boilerplate-line" / "newsletter-on-most-pages.jsonl"
BLURB = "Get the Valley Herald morning briefing: the day's local news in your inbox before 7 a.m."


def _site_shard(path: Path, pages: int = 40) -> Path:
    """Pages of two sites; every page of the first ends with the same promo line."""
    records = []
    for i in range(pages):
        site = "www.example.com" if i % 4 else "news.example.org"
        text = (f"Story {i} opens with its own lead sentence about event number {i}.\n\n"
                f"A second paragraph, also its own, quotes official {i}.")
        if site == "www.example.com":
            text += "\n\nSupport local journalism: subscribe for $1 a week."
        records.append({"id": f"p{i}", "url": f"https://{site}/story/{i}", "text": text})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_line_key_ignores_case_and_spacing_but_not_numbers() -> None:
    assert line_key("Sign up  for our NEWSLETTER ") == line_key("sign up for our newsletter")
    assert line_key("Shares rose 3% on Monday") != line_key("Shares rose 4% on Monday")
    assert line_key("Sign up") != line_key("Sign in")
    for no_letters in ("", "   ", "----", "12 34", "© 2019", "a 1"):
        assert line_key(no_letters) is None, no_letters


def test_line_key_is_the_same_in_every_process() -> None:
    """The pass counts in the main process and workers look keys up: ``hash()`` would
    differ between interpreters."""
    code = "from newslint.rules.boilerplate import line_key; print(line_key('Read more here'))"
    keys = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout.strip()
        keys.add(out)
    assert keys == {str(line_key("Read more here"))}


def test_counter_needs_enough_pages_and_share() -> None:
    counter = SiteLineCounter(min_documents=3, min_share=0.5)
    for i in range(6):
        text = f"Unique lead {i}.\n{'Promo line for the site.' if i < 3 else 'Other text here.'}"
        counter.observe(Document(f"{i}.txt", text, {"url": f"https://a.example/{i}"}))
    counter.observe(Document("x.txt", "Promo line for the site.", {}))  # no site: not counted
    sites = counter.result()
    assert set(sites) == {"a.example"}
    total, frequent = sites["a.example"]
    assert total == 6
    # "Promo line" is on 3 of 6 pages (50%); "Other text here." on 3 too
    assert frequent == {line_key("Promo line for the site."): 3, line_key("Other text here."): 3}
    assert SiteLineCounter(min_documents=4, min_share=0.0).result() == {}


def test_counter_memory_is_bounded_and_keeps_the_boilerplate() -> None:
    """Over ``max_lines`` distinct lines, lines seen once are forgotten; a line the site
    repeats on every page survives and is counted on every page."""
    counter = SiteLineCounter(min_documents=5, min_share=0.5, max_lines=50)
    for i in range(200):
        text = "\n".join([f"Unique sentence {i} number {k} of this story." for k in range(10)]
                         + ["Subscribe to our newsletter for more stories."])
        counter.observe(Document(f"{i}.txt", text, {"url": f"https://a.example/{i}"}))
        assert counter.held <= 50 + 11  # at most one document's lines over the bound
    total, frequent = counter.result()["a.example"]
    assert total == 200
    assert frequent == {line_key("Subscribe to our newsletter for more stories."): 200}
    # lines each seen on two pages fill the room too: the floor rises, the promo stays
    counter = SiteLineCounter(min_documents=5, min_share=0.5, max_lines=50)
    for i in range(200):
        text = "\n".join([f"Shared by pages {i // 2} line {k}." for k in range(10)]
                         + ["Subscribe to our newsletter for more stories."])
        counter.observe(Document(f"{i}.txt", text, {"url": f"https://a.example/{i}"}))
        assert counter.held <= 50 + 11
    assert counter.floor > 1
    assert counter.result()["a.example"][1] == {
        line_key("Subscribe to our newsletter for more stories."): 200}


def test_off_by_default(workdir: Path) -> None:
    result = run_cli(["--isolated", "--format", "jsonl", str(SHARD)])
    assert "NL210" not in result.out


def test_reported_on_every_page_that_repeats_it(workdir: Path) -> None:
    shard = _site_shard(workdir / "shard.jsonl")
    result = run_cli(["--isolated", "--select", "NL210", "--format", "jsonl", "--jobs", "1",
                      str(shard)])
    found = [json.loads(line) for line in result.out.splitlines()]
    assert result.code == 1, result.err
    assert len(found) == 30  # the 30 pages of www.example.com, nothing on the other site
    assert {f["line"] for f in found} == {5}
    assert all("on 30 of 30 pages from example.com" in f["message"] for f in found)


def test_identical_output_for_any_number_of_jobs(workdir: Path) -> None:
    """Workers get the pass's result through LinterSpec: the same findings as in-process."""
    shard = _site_shard(workdir / "shard.jsonl")
    args = ["--isolated", "--extend-select", "NL210", "--format", "jsonl", str(shard)]
    one = run_cli([*args, "--jobs", "1"])
    two = run_cli([*args, "--jobs", "2"])
    assert one.out == two.out
    assert one.out.count('"NL210"') == 30


def test_text_files_have_no_site(workdir: Path) -> None:
    for i in range(6):
        (workdir / f"{i}.txt").write_text(f"Lead sentence {i} of a story.\n\n{BLURB}\n")
    result = run_cli(["--isolated", "--select", "NL210", "."])
    assert result.code == 0 and result.out == "", result.err


def test_stdin_is_linted_but_not_read_twice(workdir: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """Standard input cannot be read twice: the pass skips it, linting still reads it."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Doubled the the word.\n")))
    result = run_cli(["--isolated", "--select", "NL102,NL210", "-", str(SHARD)])
    assert result.code == 1, result.err
    assert "stdin:1:" in result.out and "NL102" in result.out
    assert result.out.count("NL210") == 5


def test_bad_options_are_config_errors(workdir: Path) -> None:
    for bad in ("min-documents = 1", "min-share = 1.5", "max-distinct-lines = 0"):
        (workdir / "newslint.toml").write_text(f"[site-boilerplate]\n{bad}\n")
        result = run_cli(["--select", "NL210", str(SHARD)])
        assert result.code == 2
        assert "site-boilerplate" in result.err and result.out == ""


def test_lint_paths_runs_the_corpus_pass() -> None:
    diags = lint_paths([str(SHARD)], select=["NL210"])
    assert len(diags) == 5 and {d.code for d in diags} == {"NL210"}


def test_lint_paths_reads_stdin_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Doubled the the word.\n")))
    diags = lint_paths(["-", str(SHARD)], select=["NL102", "NL210"])
    assert [d.code for d in diags if d.path == "stdin"] == ["NL102"]
    assert sum(d.code == "NL210" for d in diags) == 5


class _BrokenPass:
    def observe(self, doc: Document) -> None:
        raise RuntimeError("boom")

    def result(self) -> object:  # pragma: no cover - never reached
        return None


class _RuleWithBrokenPass(Rule):
    """Test rule.

    ## What it does
    x
    ## Why it matters
    x
    ## Example
    x
    """

    code = "XT210"
    name = "broken-pass"

    def corpus_pass(self) -> _BrokenPass:
        return _BrokenPass()

    def check(self, doc: Document) -> Iterable[Finding]:
        return []


def test_a_crashing_pass_switches_its_rule_off_by_name() -> None:
    linter = Linter(default_registry(), [_RuleWithBrokenPass(), SiteBoilerplateLine()])
    docs = [Document(f"{i}.txt", BLURB, {"url": f"https://a.example/{i}"}) for i in range(6)]
    results = run_corpus_passes(linter, docs)
    assert set(results) == {"NL210"}  # the working pass still ran
    assert "XT210" in linter.unavailable
    assert "corpus pass of XT210 crashed: RuntimeError: boom" in linter.unavailable["XT210"]


@pytest.mark.slow
def test_dask_workers_get_the_corpus_results(workdir: Path) -> None:
    pytest.importorskip("distributed")
    shard = _site_shard(workdir / "shard.jsonl")
    args = ["--isolated", "--select", "NL210", "--format", "jsonl", str(shard)]
    one = run_cli([*args, "--jobs", "1"])
    dask = run_cli([*args, "--jobs", "2", "--dask-scheduler", "local"])
    assert dask.out == one.out and one.out.count('"NL210"') == 30, dask.err
