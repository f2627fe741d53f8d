"""Corpus runs: JSONL/Parquet shards, parallel jobs, statistics, baselines, CI formats."""

from __future__ import annotations

import gzip
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from newslint.progress import Progress
from tests.conftest import TESTS, run_cli

DUP = "Beijing has charged that the US, NATO, and Nato have provoked Russia."
CLEAN = "Chinese President Xi Jinping will travel to Russia next week, officials said."


def write_jsonl(path: Path, records: list[object], *, raw_lines: dict[int, str] | None = None
                ) -> Path:
    lines = [json.dumps(r) for r in records]
    for index, raw in (raw_lines or {}).items():
        lines.insert(index, raw)
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


def test_jsonl_records_are_addressed_path_hash_id(workdir: Path) -> None:
    write_jsonl(workdir / "s.jsonl", [
        {"id": "a1", "text": CLEAN},
        {"id": 7, "text": "x\n" + DUP},
        {"url": "https://example.com/story", "text": DUP},
        {"text": DUP},
    ])
    result = run_cli(["--isolated", "--select", "NL1", "s.jsonl"])
    assert result.out == (
        "s.jsonl#7:2:44: NL101 list item 'Nato' repeats 'NATO'\n"
        "s.jsonl#https://example.com/story:1:44: NL101 list item 'Nato' repeats 'NATO'\n"
        "s.jsonl#L4:1:44: NL101 list item 'Nato' repeats 'NATO'\n"
    )
    data = json.loads(run_cli(["--isolated", "--select", "NL1", "--format", "json",
                               "s.jsonl"]).out)
    assert (data[0]["path"], data[0]["record"]) == ("s.jsonl", "7")


def test_text_and_id_fields(workdir: Path) -> None:
    write_jsonl(workdir / "s.ndjson", [{"doc": "n1", "body": DUP}])
    result = run_cli(["--isolated", "--select", "NL1", "--text-field", "body", "--id-field",
                      "doc", "s.ndjson"])
    assert result.out.startswith("s.ndjson#n1:1:44: NL101")


def test_malformed_records_are_reported_and_the_rest_linted(workdir: Path) -> None:
    write_jsonl(workdir / "s.jsonl.gz", [{"id": "ok", "text": DUP}, ["not", "an", "object"],
                                         {"id": "nt"}, {"id": "num", "text": 42}],
                raw_lines={1: '{"id": "broken", "text": '})
    result = run_cli(["--isolated", "--select", "NL1", "s.jsonl.gz"])
    assert result.out == (
        "s.jsonl.gz#ok:1:44: NL101 list item 'Nato' repeats 'NATO'\n"
        "s.jsonl.gz:2:1: NL905 malformed record: invalid JSON (Expecting value at column 25)\n"
        "s.jsonl.gz:3:1: NL905 malformed record: expected a JSON object, got list\n"
        "s.jsonl.gz#nt:4:1: NL905 malformed record: missing text field 'text'\n"
        "s.jsonl.gz#num:5:1: NL905 malformed record: text field 'text' is int, not a string\n"
    )
    assert result.code == 2


def test_unreadable_shard_does_not_stop_the_run(workdir: Path) -> None:
    good = gzip.compress((json.dumps({"id": "a", "text": DUP}) + "\n").encode())
    (workdir / "a.jsonl.gz").write_bytes(good[:-12] + b"garbage!")  # truncated / corrupt
    write_jsonl(workdir / "b.jsonl", [{"id": "b", "text": DUP}])
    result = run_cli(["--isolated", "--select", "NL1", "a.jsonl.gz", "b.jsonl"])
    assert "a.jsonl.gz:" in result.out and "NL901 shard unreadable" in result.out
    assert "b.jsonl#b:1:44: NL101" in result.out
    assert result.code == 2


def test_parquet_rows_are_documents(workdir: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": ["p1", "p2", "p3"], "text": [CLEAN, DUP, None],
                      "url": ["https://a.example/1", "https://a.example/2", None]})
    pq.write_table(table, workdir / "s.parquet")
    result = run_cli(["--isolated", "--select", "NL1", "s.parquet"])
    assert result.out == ("s.parquet#p2:1:44: NL101 list item 'Nato' repeats 'NATO'\n"
                          "s.parquet#p3:3:1: NL905 malformed record: missing text field "
                          "'text'\n")
    pq.write_table(pa.table({"body": ["x"]}), workdir / "t.parquet")
    result = run_cli(["--isolated", "t.parquet"])
    assert "NL905 malformed records: no column 'text' (columns: body)" in result.out


def _corpus(workdir: Path, n: int = 300) -> Path:
    records = [{"id": f"r{i:04d}", "url": f"https://site{i % 3}.example/{i}",
                "text": (DUP if i % 4 == 0 else CLEAN) + "\n\nIt was the the end." * (i % 2)}
               for i in range(n)]
    return write_jsonl(workdir / "corpus.jsonl.gz", records)


def test_jobs_1_and_2_give_identical_output(workdir: Path) -> None:
    _corpus(workdir)
    one = run_cli(["--isolated", "--select", "NL1", "--jobs", "1", "--format", "jsonl",
                   "corpus.jsonl.gz"])
    two = run_cli(["--isolated", "--select", "NL1", "--jobs", "2", "--format", "jsonl",
                   "corpus.jsonl.gz"])
    assert one.code == two.code == 1
    assert one.out == two.out and one.out.count("\n") == 75 + 150


def test_statistics_and_stats_file(workdir: Path) -> None:
    _corpus(workdir, 12)
    result = run_cli(["--isolated", "--select", "NL1", "--statistics", "--stats-file",
                      "stats.json", "corpus.jsonl.gz"])
    assert "3     NL101 duplicated-list-item\n6     NL102 doubled-word\n" in result.out
    assert "12 documents, 9 with findings" in result.out
    stats = json.loads((workdir / "stats.json").read_text())
    assert stats["summary"]["documents"] == 12
    assert stats["summary"]["codes"] == {"NL101": 3, "NL102": 6}
    assert stats["summary"]["sites"]["site0.example"] == {"documents": 4, "with_findings": 3,
                                                          "findings": 3}
    assert len(stats["documents"]) == 12
    assert stats["documents"][0] == {"path": "corpus.jsonl.gz", "record": "r0000",
                                     "findings": 1, "words": 12, "codes": {"NL101": 1}}


def test_baseline_survives_lines_shifting(workdir: Path) -> None:
    article = workdir / "a.txt"
    article.write_text(f"{DUP}\n\nIt was the the end.\n", encoding="utf-8")
    wrote = run_cli(["--isolated", "--select", "NL1", "--write-baseline", "base.json",
                     "a.txt"])
    assert wrote.code == 0 and wrote.out == ""
    assert run_cli(["--isolated", "--select", "NL1", "--baseline", "base.json",
                    "a.txt"]).code == 0
    # a re-scrape inserts lines at the top and one new problem
    article.write_text(f"Home | World\n\nNew intro in the in the text.\n\n{DUP}\n\n"
                       "It was the the end.\n", encoding="utf-8")
    result = run_cli(["--isolated", "--select", "NL1", "--baseline", "base.json", "a.txt"])
    assert result.out == "a.txt:3:18: NL102 'in the' is written twice in a row\n"
    assert result.code == 1


def test_bad_baseline_is_a_clear_error(workdir: Path) -> None:
    (workdir / "base.json").write_text("[]")
    (workdir / "a.txt").write_text(CLEAN)
    result = run_cli(["--isolated", "--baseline", "base.json", "a.txt"])
    assert result.code == 2 and "not a newslint baseline" in result.err


# -- output formats ----------------------------------------------------------------------

@pytest.fixture
def two_files(workdir: Path) -> Path:
    (workdir / "a.txt").write_text(f"{DUP}\n", encoding="utf-8")
    (workdir / "b.txt").write_text(f"{CLEAN}\n", encoding="utf-8")
    return workdir


def test_jsonl_format(two_files: Path) -> None:
    result = run_cli(["--isolated", "--select", "NL1", "--format", "jsonl", "a.txt", "b.txt"])
    lines = result.out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["code"] == "NL101"


def test_github_format_matches_workflow_command_syntax(two_files: Path) -> None:
    result = run_cli(["--isolated", "--select", "NL1", "--format", "github", "a.txt"])
    assert result.out == ("::error file=a.txt,line=1,col=44,endLine=1,endColumn=48,"
                          "title=newslint NL101 (duplicated-list-item)"
                          "::NL101 list item 'Nato' repeats 'NATO'\n")


def test_github_format_escapes(workdir: Path) -> None:
    from newslint.findings import Diagnostic
    from newslint.formatters import GithubFormatter

    out = io.StringIO()
    GithubFormatter(out).handle(Diagnostic("a,b:c.txt", 1, 2, 1, 3, "NL101", "n",
                                           "50% done\nnext"))
    assert out.getvalue() == ("::error file=a%2Cb%3Ac.txt,line=1,col=2,endLine=1,endColumn=3,"
                              "title=newslint NL101 (n)::NL101 50%25 done%0Anext\n")


def test_sarif_validates_against_the_official_schema(two_files: Path) -> None:
    result = run_cli(["--isolated", "--select", "NL1", "--format", "sarif", "a.txt", "b.txt",
                      "missing.txt"])
    log = json.loads(result.out)
    schema = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["NL101", "NL901"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 44, "endLine": 1, "endColumn": 48}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["id"] == "NL101"


def test_gitlab_code_quality(two_files: Path) -> None:
    result = run_cli(["--isolated", "--select", "NL1", "--format", "gitlab", "a.txt"])
    [issue] = json.loads(result.out)
    assert issue["check_name"] == "NL101" and issue["severity"] == "minor"
    assert issue["location"] == {"path": "a.txt", "positions": {
        "begin": {"line": 1, "column": 44}, "end": {"line": 1, "column": 48}}}
    assert issue["description"] == "NL101 list item 'Nato' repeats 'NATO'"
    assert len(issue["fingerprint"]) > 16


def test_junit_parses_with_a_real_xml_parser(two_files: Path) -> None:
    result = run_cli(["--isolated", "--select", "NL1", "--format", "junit", "a.txt", "b.txt"])
    root = ET.fromstring(result.out)
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["a.txt", "b.txt"]
    failure = cases[0].find("failure")
    assert failure is not None and "NL101 list item 'Nato' repeats 'NATO'" in (failure.text or "")
    assert cases[1].find("failure") is None


# -- progress ----------------------------------------------------------------------------

class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only_after_a_delay(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    import newslint.progress as progress_module

    clock = iter([0.0, 0.5, 2.0, 2.1, 3.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    tty = FakeTty()
    progress = Progress(tty, enabled=True)
    progress.update(1)            # t=0.5: too early
    assert tty.getvalue() == ""
    progress.update(2)            # t=2.0: shown
    assert "2 documents" in tty.getvalue() and "3 findings" in tty.getvalue()
    progress.close()
    plain = io.StringIO()
    quiet = Progress(plain, enabled=True)
    quiet.update(1)
    assert plain.getvalue() == ""  # not a terminal


def test_progress_never_touches_stdout(workdir: Path) -> None:
    _corpus(workdir, 20)
    result = run_cli(["--isolated", "--select", "NL1", "--format", "jsonl", "--jobs", "1",
                      "corpus.jsonl.gz"])
    assert all(line.startswith("{") for line in result.out.splitlines())


KILLER_PLUGIN = '''
import os
from newslint import Finding, Rule, hookimpl


class Killer(Rule):
    """Kills its process on a document that says KILLME.

    ## What it does
    Simulates a native crash in a worker.

    ## Why it matters
    Tests that a dead worker does not end the run.

    ## Example
    ```
    KILLME
    ```
    """

    code = "XK901"
    name = "killer"

    def check(self, doc):
        if "KILLME" in doc.text:
            os._exit(3)
        return ()


@hookimpl
def newslint_add_rules():
    return [Killer]
'''


def test_a_dead_worker_is_reported_and_the_run_goes_on(workdir: Path) -> None:
    import os
    import subprocess
    import sys

    plugin_dir = workdir / "plugin"
    plugin_dir.mkdir()
    (plugin_dir / "killer_plugin.py").write_text(KILLER_PLUGIN)
    info = plugin_dir / "killer_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: killer-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[newslint]\nkiller = killer_plugin\n")
    records = [{"id": f"r{i:03d}", "text": "KILLME" if i == 5 else DUP} for i in range(200)]
    write_jsonl(workdir / "c.jsonl", records)
    env = {k: v for k, v in os.environ.items() if k != "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"}
    env["PYTHONPATH"] = os.pathsep.join([str(plugin_dir), *sys.path])
    proc = subprocess.run([sys.executable, "-m", "newslint", "--isolated", "--select",
                           "NL101,XK", "--jobs", "2", "c.jsonl"], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = proc.stdout.splitlines()
    died = [line for line in lines if "NL904" in line]
    assert died and all("a worker process died" in line for line in died)
    assert len(died) <= 64  # only the documents of the dead worker's chunk
    assert sum("NL101" in line for line in lines) == 199 - len(died) + 1
    assert proc.returncode == 2


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_output(workdir: Path) -> None:
    pytest.importorskip("distributed")
    _corpus(workdir, 150)
    one = run_cli(["--isolated", "--select", "NL1", "--jobs", "1", "--format", "jsonl",
                   "corpus.jsonl.gz"])
    dask = run_cli(["--isolated", "--select", "NL1", "--jobs", "2", "--dask-scheduler", "local",
                    "--format", "jsonl", "corpus.jsonl.gz"])
    assert dask.code == one.code == 1, dask.err
    assert dask.out == one.out


def test_stats_file_carries_per_document_readability(workdir: Path) -> None:
    (workdir / "a.txt").write_text(
        "Officials said the talks would resume next week. The two sides met on Friday.\n",
        encoding="utf-8")
    result = run_cli(["--isolated", "--select", "NL5", "--stats-file", "s.json", "a.txt"])
    assert result.code == 0, result.err
    [doc] = json.loads((workdir / "s.json").read_text())["documents"]
    scores = doc["readability"]
    assert scores["sentences"] == 2 and scores["words"] == 14
    assert 40 < scores["flesch_reading_ease"] < 100


@pytest.mark.slow
def test_ctrl_c_stops_workers_and_says_how_far_it_got(workdir: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    records = [{"id": f"r{i:05d}", "text": (DUP + "\n\n") * 40} for i in range(20_000)]
    write_jsonl(workdir / "big.jsonl", records)
    env = dict(os.environ, NEWSLINT_DISABLE_PLUGIN_AUTOLOAD="1")
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "--isolated", "--jobs", "2",
                             "--format", "jsonl", "--output-file", "out.jsonl", "big.jsonl"],
                            cwd=workdir, env=env, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(4)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "newslint: interrupted after" in err
    assert "Traceback" not in err


def test_stopping_early_lets_workers_finish_instead_of_killing_them() -> None:
    """A run stopped early (Ctrl-C, `| head`) cancels the chunks not yet sent and lets
    the workers finish the ones they have: a worker terminated while it writes its
    results leaves half a message in the result pipe, and the pool's thread then
    waits on it forever. In a subprocess, so that a hang fails the test."""
    import subprocess
    import sys

    script = f"""
import multiprocessing
from newslint.document import Document
from newslint.engine import LinterSpec, Selection
from newslint.parallel import lint_parallel

if __name__ == "__main__":
    docs = (Document(f"d{{i}}.txt", {(DUP + chr(10) * 2) * 20!r}) for i in range(64 * 12))
    results = lint_parallel(docs, LinterSpec(Selection(select=("NL1",)), {{}}), 2, {{}})
    assert next(results).diagnostics
    workers = multiprocessing.active_children()
    results.close()
    print(sorted(p.exitcode for p in workers))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[0, 0]"  # both workers ended by the pool, not terminated
