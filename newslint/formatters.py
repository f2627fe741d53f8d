"""Output formats. The default is exactly flake8's: ``path:line:col: CODE message``.

A formatter receives diagnostics one at a time (``handle``) in sorted order and
may write as it goes (default, jsonl, github: they stream) or at the end (json,
sarif, junit, gitlab: they need the whole run). Plugins add formats through the
``newslint_add_formatters`` hook.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from newslint.findings import Diagnostic
from newslint.hookspecs import hookimpl


@dataclass
class RunSummary:
    """What a formatter may want to know about the whole run, at ``finish``."""

    documents: int = 0
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, summary)
    tool_version: str = ""
    document_stats: list[dict[str, Any]] = field(default_factory=list)


class Formatter:
    """Base class: subclass and override ``handle`` (and ``finish`` to write at the end)."""

    def __init__(self, stream: TextIO, *, show_source: bool = False) -> None:
        self.stream = stream
        self.show_source = show_source

    def start(self) -> None:
        """Called once before the first diagnostic."""

    def handle(self, diag: Diagnostic) -> None:
        raise NotImplementedError

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
        json.dump(self.items, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")


class JsonLinesFormatter(Formatter):
    """One JSON object per line, streamed: for corpus runs and ``jq``."""

    def handle(self, diag: Diagnostic) -> None:
        self.stream.write(json.dumps(diag.to_json(), ensure_ascii=False) + "\n")


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


BUILTIN_FORMATTERS: Mapping[str, type[Formatter]] = {
    "default": DefaultFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
    "json-lines": JsonLinesFormatter,
    "github": GithubFormatter,
}


@hookimpl
def newslint_add_formatters() -> Mapping[str, type[Formatter]]:
    return BUILTIN_FORMATTERS
