"""Output formats. The default is exactly flake8's: ``path:line:col: CODE message``.

A formatter receives diagnostics one at a time (``handle``) in sorted order and
may write as it goes (default, jsonl, github: they stream) or at the end (json,
sarif, junit, gitlab: they need the whole run). Plugins add formats through the
``newslint_add_formatters`` hook.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType, ModuleType
from typing import Any, NamedTuple, TextIO

from newslint.findings import Diagnostic
from newslint.hookspecs import hookimpl


def _json() -> ModuleType:
    """json costs a few ms to import; the default format never needs it."""
    import json

    return json


class RunSummary(NamedTuple):
    """What a formatter may want to know about the whole run, at ``finish``."""

    documents: int = 0
    rules: Mapping[str, tuple[str, str]] = MappingProxyType({})  # code -> (name, summary)
    tool_version: str = ""


class Formatter:
    """Base class: subclass and override ``handle`` (and ``finish`` to write at the end)."""

    def __init__(self, stream: TextIO, *, show_source: bool = False) -> None:
        self.stream = stream
        self.show_source = show_source

    def start(self) -> None:
        """Called once before the first diagnostic."""

    def handle(self, diag: Diagnostic) -> None:
        raise NotImplementedError

    def document_done(self, path: str, record: str | None, findings: int) -> None:
        """Called after each document's diagnostics (JUnit lists clean documents too)."""

    def finish(self, summary: RunSummary) -> None:
        """Called once after the last diagnostic."""


class DefaultFormatter(Formatter):
    """flake8's format; ``--show-source`` adds the line and a caret under the column."""

    def handle(self, diag: Diagnostic) -> None:
        self.stream.write(
            f"{diag.display_path}:{diag.line}:{diag.column}: {diag.code} {diag.message}\n"
        )
        if self.show_source and diag.source_line:
            line = diag.source_line
            # keep tabs so the caret lines up under the same character
            pad = "".join(ch if ch == "\t" else " " for ch in line[: diag.column - 1])
            self.stream.write(f"{line}\n{pad}^\n")


class JsonFormatter(Formatter):
    """One JSON array of every diagnostic, written at the end."""

    def __init__(self, stream: TextIO, *, show_source: bool = False) -> None:
        super().__init__(stream, show_source=show_source)
        self.items: list[dict[str, Any]] = []

    def handle(self, diag: Diagnostic) -> None:
        self.items.append(diag.to_json())

    def finish(self, summary: RunSummary) -> None:
        _json().dump(self.items, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")


class JsonLinesFormatter(Formatter):
    """One JSON object per line, streamed: for corpus runs and ``jq``."""

    def handle(self, diag: Diagnostic) -> None:
        self.stream.write(_json().dumps(diag.to_json(), ensure_ascii=False) + "\n")


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


class GithubFormatter(Formatter):
    """GitHub Actions workflow commands: ``::error file=…,line=…::message``."""

    def handle(self, diag: Diagnostic) -> None:
        props = {
            "file": diag.path,
            "line": str(diag.line),
            "col": str(diag.column),
            "endLine": str(diag.end_line),
            "endColumn": str(diag.end_column),
            "title": f"newslint {diag.code} ({diag.name})",
        }
        head = ",".join(f"{k}={_github_escape(v, prop=True)}" for k, v in props.items())
        where = f"{diag.display_path}:{diag.line}:{diag.column}: " if diag.record else ""
        body = _github_escape(f"{where}{diag.code} {diag.message}")
        self.stream.write(f"::error {head}::{body}\n")


class SarifFormatter(Formatter):
    """SARIF 2.1.0, for code-scanning dashboards (GitHub, Azure DevOps, …)."""

    SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

    def __init__(self, stream: TextIO, *, show_source: bool = False) -> None:
        super().__init__(stream, show_source=show_source)
        self.diags: list[Diagnostic] = []

    def handle(self, diag: Diagnostic) -> None:
        self.diags.append(diag)

    def finish(self, summary: RunSummary) -> None:
        from newslint.baseline import fingerprint

        codes = sorted({d.code for d in self.diags})
        index = {code: i for i, code in enumerate(codes)}
        rules = []
        for code in codes:
            name, text = summary.rules.get(code, (code.lower(), ""))
            rules.append({"id": code, "name": name,
                          "shortDescription": {"text": text or name},
                          "helpUri": f"https://newslint.invalid/rules/{code}",
                          "properties": {"tags": [name]}})
        results = []
        for d in self.diags:
            result: dict[str, Any] = {
                "ruleId": d.code, "ruleIndex": index[d.code],
                "level": "error" if d.code.startswith("NL9") else "warning",
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": d.path},
                    "region": {"startLine": d.line, "startColumn": d.column,
                               "endLine": d.end_line, "endColumn": max(d.end_column,
                                                                       d.column)},
                }}],
                "partialFingerprints": {"newslint/v1": fingerprint(d)},
            }
            if d.record is not None:
                result["properties"] = {"record": d.record}
            results.append(result)
        log = {
            "$schema": self.SCHEMA, "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "newslint", "version": summary.tool_version,
                                    "informationUri": "https://newslint.invalid/",
                                    "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }
        _json().dump(log, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")


class GitlabFormatter(Formatter):
    """GitLab Code Quality report: a JSON array of issues with fingerprints."""

    def __init__(self, stream: TextIO, *, show_source: bool = False) -> None:
        super().__init__(stream, show_source=show_source)
        self.items: list[dict[str, Any]] = []

    def handle(self, diag: Diagnostic) -> None:
        from newslint.baseline import fingerprint

        self.items.append({
            "description": f"{diag.code} {diag.message}",
            "check_name": diag.code,
            "fingerprint": fingerprint(diag) + f"-{len(self.items)}",
            "severity": "major" if diag.code.startswith("NL9") else "minor",
            "location": {"path": diag.path,
                         "positions": {"begin": {"line": diag.line, "column": diag.column},
                                       "end": {"line": diag.end_line,
                                               "column": diag.end_column}}},
        })

    def finish(self, summary: RunSummary) -> None:
        _json().dump(self.items, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")


class JunitFormatter(Formatter):
    """JUnit XML: one test case per document, failing when it has findings."""

    def __init__(self, stream: TextIO, *, show_source: bool = False) -> None:
        super().__init__(stream, show_source=show_source)
        self.current: list[Diagnostic] = []
        self.cases: list[str] = []
        self.failures = 0

    def handle(self, diag: Diagnostic) -> None:
        self.current.append(diag)

    def document_done(self, path: str, record: str | None, findings: int) -> None:
        from xml.sax.saxutils import escape, quoteattr

        name = f"{path}#{record}" if record is not None else path
        diags, self.current = self.current, []
        if not diags:
            self.cases.append(f'    <testcase classname="newslint" name={quoteattr(name)}/>')
            return
        self.failures += 1
        body = "\n".join(f"{d.display_path}:{d.line}:{d.column}: {d.code} {d.message}"
                         for d in diags)
        message = f"{len(diags)} finding{'s' if len(diags) != 1 else ''}"
        self.cases.append(
            f'    <testcase classname="newslint" name={quoteattr(name)}>\n'
            f'      <failure message={quoteattr(message)} type="newslint">{escape(body)}'
            "</failure>\n    </testcase>")

    def finish(self, summary: RunSummary) -> None:
        tests = len(self.cases)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                          f'<testsuites name="newslint" tests="{tests}" '
                          f'failures="{self.failures}">\n'
                          f'  <testsuite name="newslint" tests="{tests}" '
                          f'failures="{self.failures}" errors="0" skipped="0">\n')
        for case in self.cases:
            self.stream.write(case + "\n")
        self.stream.write("  </testsuite>\n</testsuites>\n")


BUILTIN_FORMATTERS: Mapping[str, type[Formatter]] = {
    "default": DefaultFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
    "json-lines": JsonLinesFormatter,
    "github": GithubFormatter,
    "sarif": SarifFormatter,
    "gitlab": GitlabFormatter,
    "junit": JunitFormatter,
}


@hookimpl
def newslint_add_formatters() -> Mapping[str, type[Formatter]]:
    return BUILTIN_FORMATTERS
