"""What a rule reports (Finding, in character offsets) and what a user sees (Diagnostic).

Rules speak in offsets into ``Document.text`` because that is what they compute;
the engine turns offsets into 1-based (line, column) once, in one place.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement`` (offsets into Document.text)."""

    start: int
    end: int
    replacement: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


class Fix(NamedTuple):
    """A repair for one finding.

    ``safe`` fixes are applied by ``--fix``; unsafe ones (they may change meaning,
    like dropping a list item) only with ``--unsafe-fixes``, as in ruff.
    """

    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""

    @classmethod
    def replace(cls, start: int, end: int, replacement: str, *, safe: bool = True,
                description: str = "") -> Fix:
        return cls((Edit(start, end, replacement),), safe=safe, description=description)

    @classmethod
    def delete(cls, start: int, end: int, *, safe: bool = True, description: str = "") -> Fix:
        return cls((Edit(start, end, ""),), safe=safe, description=description)

    def to_json(self) -> dict[str, Any]:
        return {
            "applicability": "safe" if self.safe else "unsafe",
            "message": self.description or None,
            "edits": [e.to_json() for e in self.edits],
        }


class Finding(NamedTuple):
    """One problem a rule found: a span of the document and what is wrong with it.

    ``code`` may be left empty: the engine fills in the rule's own code.
    """

    message: str
    start: int
    end: int
    fix: Fix | None = None
    code: str = ""


class Diagnostic(NamedTuple):
    """A finding placed in a file: what every formatter prints."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    message: str
    fix: Fix | None = None
    record: str | None = None  # id of a JSONL/Parquet record, when the input is a shard
    source_line: str = ""
    fix_edits: tuple[dict[str, Any], ...] = ()

    @property
    def display_path(self) -> str:
        """``path`` or ``path#ID`` for a record of a shard."""
        return f"{self.path}#{self.record}" if self.record is not None else self.path

    def sort_key(self) -> tuple[str, str, int, int, str]:
        return (self.path, self.record or "", self.line, self.column, self.code)

    def to_json(self) -> dict[str, Any]:
        fix: dict[str, Any] | None = None
        if self.fix is not None:
            fix = self.fix.to_json()
            fix["edits"] = list(self.fix_edits) or fix["edits"]
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "fix": fix,
        }
        if self.record is not None:
            out["record"] = self.record
        return out
