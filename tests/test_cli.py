"""The command line: exact output, exit statuses, and inputs that go wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli

DUP = "Beijing has charged that the US, NATO, and Nato have provoked Russia.\n"
DUP_LINE = "1:44: NL101 list item 'Nato' repeats 'NATO'"
CLEAN = "Chinese President Xi Jinping will travel to Russia next week, officials said.\n"


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_seed_article_reports_nl101_in_flake8_format() -> None:
    result = run_cli(["--isolated", "--select", "NL1", "000_006e05ccad9504e7.txt"], cwd=SEEDS)
    assert result.out == "000_006e05ccad9504e7.txt:20:91: NL101 list item 'Nato' repeats 'NATO'\n"
    assert result.code == 1


def test_clean_article_prints_nothing_and_exits_0(workdir: Path) -> None:
    write(workdir / "clean.txt", CLEAN)
    result = run_cli(["--isolated", "clean.txt"])
    assert (result.out, result.code) == ("", 0)


def test_json_format_has_the_contract_fields(workdir: Path) -> None:
    write(workdir / "a.txt", DUP)
    result = run_cli(["--isolated", "--select", "NL101", "--format", "json", "a.txt"])
    data = json.loads(result.out)
    assert isinstance(data, list) and len(data) == 1
    assert data[0] == {
        "path": "a.txt", "line": 1, "column": 44, "end_line": 1, "end_column": 48,
        "code": "NL101", "name": "duplicated-list-item",
        "message": "list item 'Nato' repeats 'NATO'", "fix": None,
    }
    assert result.code == 1


def test_missing_path_is_reported_and_others_still_linted(workdir: Path) -> None:
    write(workdir / "a.txt", DUP)
    result = run_cli(["--isolated", "--select", "NL1", "nope.txt", "a.txt"])
    assert result.out == (f"a.txt:{DUP_LINE}\n"
                          "nope.txt:1:1: NL901 cannot read input: No such file or directory\n")
    assert result.code == 2


def test_invalid_utf8_is_decoded_reported_and_still_linted(workdir: Path) -> None:
    write(workdir / "bad.txt", b"Caf\xe9 owners said the\n" + DUP.encode())
    result = run_cli(["--isolated", "--select", "NL1", "bad.txt"])
    assert result.out == (
        "bad.txt:1:4: NL902 invalid UTF-8 at byte 3 (1 bad sequence); decoded with U+FFFD\n"
        "bad.txt:2:44: NL101 list item 'Nato' repeats 'NATO'\n"
    )
    assert result.code == 1


def test_binary_input_is_skipped_with_exit_2(workdir: Path) -> None:
    write(workdir / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(workdir / "a.txt", DUP)
    result = run_cli(["--isolated", "--select", "NL1", "photo.txt", "a.txt"])
    assert result.out == (f"a.txt:{DUP_LINE}\n"
                          "photo.txt:1:1: NL903 binary input skipped (NUL byte at offset 8)\n")
    assert result.code == 2


def test_empty_file_is_clean(workdir: Path) -> None:
    write(workdir / "empty.txt", "")
    result = run_cli(["--isolated", "empty.txt"])
    assert (result.out, result.code) == ("", 0)


def test_huge_single_line_is_linted(workdir: Path) -> None:
    line = ("The ministry said the talks would continue, officials said. " * 40_000).strip()
    write(workdir / "huge.txt", line + " " + DUP)
    result = run_cli(["--isolated", "--select", "NL101", "huge.txt"])
    assert result.code == 1 and result.out.count("NL101") == 1


def test_stdin_with_stdin_filename(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DUP.encode())))
    result = run_cli(["--isolated", "--select", "NL1", "--stdin-filename", "story.txt", "-"])
    assert result.out == f"story.txt:{DUP_LINE}\n"


def test_directory_is_walked_for_txt_files(workdir: Path) -> None:
    (workdir / "corpus" / "sub").mkdir(parents=True)
    write(workdir / "corpus" / "sub" / "a.txt", DUP)
    write(workdir / "corpus" / "notes.md", DUP)
    (workdir / "corpus" / ".git").mkdir()
    write(workdir / "corpus" / ".git" / "b.txt", DUP)
    result = run_cli(["--isolated", "--select", "NL1", "corpus"])
    assert result.out == f"corpus/sub/a.txt:{DUP_LINE}\n"


@pytest.mark.parametrize(("args", "codes"), [
    (["--select", "NL1"], {"NL101", "NL102"}),
    (["--select", "NL1", "--ignore", "NL102"], {"NL101"}),
    (["--select", "NL101", "--extend-select", "NL102"], {"NL101", "NL102"}),
    (["--select", "NL1", "--extend-ignore", "NL10"], set()),
    (["--select", "NL1", "--ignore", "NL1", "--extend-select", "NL102"], {"NL102"}),
])
def test_select_and_ignore_by_prefix(workdir: Path, args: list[str], codes: set[str]) -> None:
    write(workdir / "a.txt", DUP + "It was the the best.\n")
    result = run_cli(["--isolated", *args, "--format", "json", "a.txt"])
    assert {d["code"] for d in json.loads(result.out)} == codes


def test_per_file_ignores(workdir: Path) -> None:
    (workdir / "drafts").mkdir()
    write(workdir / "drafts" / "a.txt", DUP)
    write(workdir / "b.txt", DUP)
    result = run_cli(["--isolated", "--select", "NL1", "--per-file-ignores", "drafts/*:NL101",
                      "drafts/a.txt", "b.txt"])
    assert result.out == f"b.txt:{DUP_LINE}\n"


def test_statistics_count_and_exit_zero(workdir: Path) -> None:
    write(workdir / "a.txt", DUP + DUP.replace("Beijing", "Moscow"))
    result = run_cli(["--isolated", "--select", "NL101", "--statistics", "--count",
                      "--exit-zero", "a.txt"])
    assert result.out == (f"a.txt:{DUP_LINE}\n"
                          "a.txt:2:43: NL101 list item 'Nato' repeats 'NATO'\n"
                          "2     NL101 duplicated-list-item\n"
                          "\n1 documents, 1 with findings, 2.0 findings per document, "
                          "833.33 per 10k words\n"
                          "documents with a finding, by family: NL1xx 100.0%\n"
                          "2\n")
    assert result.code == 0


def test_show_source_prints_line_and_caret(workdir: Path) -> None:
    write(workdir / "a.txt", DUP)
    result = run_cli(["--isolated", "--select", "NL101", "--show-source", "a.txt"])
    assert result.out == f"a.txt:{DUP_LINE}\n{DUP}{' ' * 43}^\n"


def test_output_file(workdir: Path) -> None:
    write(workdir / "a.txt", DUP)
    result = run_cli(["--isolated", "--select", "NL101", "--output-file", "out.txt", "a.txt"])
    assert result.out == "" and result.code == 1
    assert (workdir / "out.txt").read_text() == f"a.txt:{DUP_LINE}\n"


def test_crlf_and_bom_keep_columns_right(workdir: Path) -> None:
    write(workdir / "a.txt", ("\ufeffHeadline\r\n\r\n" + DUP.replace("\n", "\r\n")).encode())
    result = run_cli(["--isolated", "--select", "NL101", "a.txt"])
    assert result.out == "a.txt:3:44: NL101 list item 'Nato' repeats 'NATO'\n"
    write(workdir / "b.txt", ("Headline\r\r" + DUP).encode())
    assert run_cli(["--isolated", "--select", "NL101", "b.txt"]).out.startswith("b.txt:3:44:")


def test_unknown_format_is_a_usage_error(workdir: Path) -> None:
    write(workdir / "a.txt", CLEAN)
    result = run_cli(["--isolated", "--format", "yaml", "a.txt"])
    assert result.code == 2 and "unknown --format 'yaml'" in result.err


def test_version_lists_python() -> None:
    result = run_cli(["--version"])
    assert result.out.startswith("newslint 0.1.0") and result.code == 0


# -- config ------------------------------------------------------------------------------

def test_config_is_found_walking_up(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.newslint]\nselect = ["NL1"]\nignore = ["NL101"]\n')
    (workdir / "deep").mkdir()
    write(workdir / "deep" / "a.txt", DUP)
    result = run_cli(["a.txt"], cwd=workdir / "deep")
    assert (result.out, result.code) == ("", 0)
    assert run_cli(["--isolated", "--select", "NL101", "a.txt"], cwd=workdir / "deep").code == 1


def test_newslint_toml_and_explicit_config(workdir: Path) -> None:
    write(workdir / "newslint.toml", 'select = ["NL102"]\n')
    write(workdir / "other.toml", 'select = ["NL101"]\n')
    write(workdir / "a.txt", DUP)
    assert run_cli(["a.txt"]).code == 0
    assert run_cli(["--config", "other.toml", "a.txt"]).code == 1


@pytest.mark.parametrize(("body", "needle"), [
    ('selekt = ["NL1"]\n', "newslint.toml: selekt: unknown key"),
    ('select = "NL1"\n', "newslint.toml: select: expected a list of strings"),
    ('show-source = "yes"\n', "newslint.toml: show-source: expected true or false"),
    ('[duplication]\nx = 1\n', "newslint.toml: duplication: unknown key"),
    ('select = [\n', "newslint.toml: invalid TOML"),
])
def test_bad_config_is_a_clear_error(workdir: Path, body: str, needle: str) -> None:
    write(workdir / "newslint.toml", body)
    write(workdir / "a.txt", DUP)
    result = run_cli(["a.txt"])
    assert result.code == 2 and needle in result.err, result.err
    assert result.out == ""


def test_pyproject_key_errors_name_the_table(workdir: Path) -> None:
    write(workdir / "pyproject.toml", "[tool.newslint]\nexit-zero = true\n")
    result = run_cli(["x.txt"])
    assert result.code == 2 and "pyproject.toml: tool.newslint.exit-zero: unknown key" in result.err


# -- fixing ------------------------------------------------------------------------------

def test_fix_applies_safe_fixes_atomically(workdir: Path) -> None:
    target = write(workdir / "a.txt", "It was the the best.\n" + DUP)
    target.chmod(0o640)
    result = run_cli(["--isolated", "--select", "NL1", "--fix", "a.txt"])
    assert result.code == 0, result.err
    assert target.read_text() == "It was the best.\n" + DUP  # NL101's fix is unsafe
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in workdir.iterdir()] == ["a.txt"]  # no temp file left behind


def test_unsafe_fixes_and_diff(workdir: Path) -> None:
    text = "Ministers from Brazil, India, brazil, and South Africa met.\n"
    target = write(workdir / "a.txt", text)
    result = run_cli(["--isolated", "--select", "NL1", "--diff", "--unsafe-fixes", "a.txt"])
    assert result.out == ("--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-" + text +
                          "+Ministers from Brazil, India, and South Africa met.\n")
    assert result.code == 1 and target.read_text() == text  # --diff writes nothing


def test_fix_refuses_files_it_cannot_decode(workdir: Path) -> None:
    target = write(workdir / "a.txt", b"Caf\xe9 the the end.\n")
    result = run_cli(["--isolated", "--select", "NL1", "--fix", "a.txt"])
    assert result.code == 2 and "cannot be fixed safely" in result.err
    assert target.read_bytes() == b"Caf\xe9 the the end.\n"


# -- subcommands -------------------------------------------------------------------------

def test_rule_prints_its_docs() -> None:
    result = run_cli(["rule", "NL101"])
    assert result.code == 0
    assert result.out.startswith("# duplicated-list-item (NL101)")
    assert "## What it does" in result.out and "## Example" in result.out
    assert run_cli(["rule", "doubled-word"]).out.startswith("# doubled-word (NL102)")
    missing = run_cli(["rule", "NL999"])
    assert missing.code == 2 and "unknown rule 'NL999'" in missing.err


def test_rules_markdown_matches_docs_file() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    result = run_cli(["rules", "--format", "markdown"])
    assert result.out == docs.read_text(encoding="utf-8"), (
        "docs/rules.md is stale: run `newslint rules --format markdown > docs/rules.md`")


def test_plugins_lists_builtins() -> None:
    result = run_cli(["plugins"])
    assert "newslint.rules.duplication" in result.out and "NL101..NL104" in result.out
