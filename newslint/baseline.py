"""Baselines: record today's findings, then report only new ones.

A finding is keyed by a fingerprint of its code, the normalised text of the
line it is on, and its document (record id, or path), never by line number, so
a baseline survives a re-scrape that shifts lines. Identical fingerprints are
counted: a baseline with two copies of a finding suppresses two, not three.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from newslint.config import ConfigError
from newslint.findings import Diagnostic

BASELINE_VERSION = 1


class BaselineError(ConfigError):
    """The baseline file is missing, unreadable or not a newslint baseline."""


def fingerprint(diag: Diagnostic) -> str:
    line = " ".join(diag.source_line.split()).lower()
    owner = f"{diag.path}#{diag.record}" if diag.record is not None else diag.path
    key = "\0".join((diag.code, line, owner))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


class Baseline:
    """Fingerprint counts loaded from a file; ``suppress`` consumes them."""

    def __init__(self, counts: Counter[str] | None = None) -> None:
        self.counts: Counter[str] = counts or Counter()

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from exc
        if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or \
                not isinstance(data.get("findings"), dict):
            raise BaselineError(f"{path}: not a newslint baseline (version {BASELINE_VERSION})")
        return cls(Counter({k: int(v["count"]) for k, v in data["findings"].items()}))

    def suppress(self, diag: Diagnostic) -> bool:
        """True if ``diag`` was in the baseline (and uses up one of its copies)."""
        key = fingerprint(diag)
        if self.counts[key] > 0:
            self.counts[key] -= 1
            return True
        return False


class BaselineWriter:
    """Collects findings during a run and writes them as a baseline."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}

    def add(self, diag: Diagnostic) -> None:
        key = fingerprint(diag)
        entry = self.entries.setdefault(key, {"code": diag.code, "path": diag.display_path,
                                              "line": diag.source_line.strip()[:120],
                                              "count": 0})
        entry["count"] += 1

    def write(self, path: str | Path) -> int:
        path = Path(path)
        data = {"version": BASELINE_VERSION, "tool": "newslint",
                "findings": dict(sorted(self.entries.items()))}
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)
        return sum(e["count"] for e in self.entries.values())
