"""Turn command-line paths into Sources, lint them, and apply fixes.

Discovery walks directories (include/exclude globs); linting streams one
document at a time, so memory stays flat however large a shard is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fnmatch import fnmatch
from types import MappingProxyType
from typing import Any, NamedTuple

from newslint.document import BOM, Document
from newslint.engine import DocumentResult, Linter, apply_fixes
from newslint.plugins import Registry
from newslint.readers import Source, Unreadable, read_text_document

MAX_FIX_PASSES = 10


class Discovery(NamedTuple):
    """Which files a directory walk picks up."""

    include: tuple[str, ...] = ("*.txt",)
    exclude: tuple[str, ...] = ()
    source_options: Mapping[str, Any] = MappingProxyType({})

    def excluded(self, path: str) -> bool:
        posix = path.replace(os.sep, "/")
        name = os.path.basename(path)
        return any(fnmatch(name, pat) or fnmatch(posix, pat) for pat in self.exclude)

    def included(self, path: str) -> bool:
        name = os.path.basename(path)
        return any(fnmatch(name, pat) for pat in self.include)


def default_jobs() -> int:
    """All cores this process may use (``--jobs`` default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def tune_gc() -> None:
    """Keep the cyclic garbage collector off the hot path (the CLI and every worker).

    Linting allocates many short-lived objects but makes no reference cycles; the
    collector's frequent young-generation passes cost ~10 % of a corpus run. The
    objects alive after start-up (rules, automata, registries) are frozen so no
    pass ever scans them again; collection itself stays on.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def discover_sources(paths: Sequence[str], discovery: Discovery | None = None,
                     stdin_name: str = "stdin") -> tuple[list[Source], list[Unreadable]]:
    """Sources for the given paths, and the paths that do not exist.

    Files named explicitly are linted whatever their name (as flake8 does);
    directories are walked recursively for files matching ``include``.
    """
    discovery = discovery or Discovery()
    options = discovery.source_options
    sources: list[Source] = []
    missing: list[Unreadable] = []
    for raw in paths:
        if raw == "-":
            sources.append(Source("-", stdin_name, options))
            continue
        if os.path.isdir(raw):
            sources.extend(Source(p, p, options) for p in _walk(raw, discovery))
        elif os.path.lexists(raw):
            sources.append(Source(raw, raw, options))
        else:
            missing.append(Unreadable(raw, "NL901",
                                      "cannot read input: No such file or directory"))
    return sources, missing


def _walk(root: str, discovery: Discovery) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not discovery.excluded(os.path.join(folder, d)))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if discovery.included(path) and not discovery.excluded(path):
                yield path


def iter_items(registry: Registry, sources: Iterable[Source],
               missing: Iterable[Unreadable] = ()) -> Iterator[Document | Unreadable]:
    """Every document of every input, and every input that could not be read, by path.

    Inputs are read in path order and each document's diagnostics come sorted,
    so the whole output is sorted without ever holding it in memory.
    """
    items: list[Source | Unreadable] = [*sources, *missing]
    items.sort(key=lambda item: item.display if isinstance(item, Source) else item.path)
    for item in items:
        if isinstance(item, Unreadable):
            yield item
        else:
            yield from registry.read(item)


def lint_sources(registry: Registry, linter: Linter, sources: Iterable[Source],
                 missing: Iterable[Unreadable] = ()) -> Iterator[DocumentResult]:
    """Lint in this process, one document at a time."""
    for item in iter_items(registry, sources, missing):
        yield linter.lint_item(item)


# -- fixing ------------------------------------------------------------------------------

class FixResult(NamedTuple):
    path: str
    original: str
    fixed: str
    applied: int


def fix_document(linter: Linter, doc: Document, *, unsafe: bool) -> tuple[str, int]:
    """Lint, apply fixes, and repeat until nothing more applies; the fixed text."""
    text, total = doc.text, 0
    current = doc
    for _ in range(MAX_FIX_PASSES):
        fixes = [d.fix for d in linter.lint(current) if d.fix is not None]
        text, applied = apply_fixes(current.text, fixes, unsafe=unsafe)
        if not applied:
            break
        total += applied
        current = Document(doc.path, text, doc.meta, record=doc.record)
    return text, total


def fix_source(registry: Registry, linter: Linter, source: Source, *, unsafe: bool
               ) -> FixResult | None:
    """Fix one plain-text file (not a shard). None if it cannot be fixed safely."""
    if source.is_stdin:
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(source.path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
    item = read_text_document(source, data)
    if isinstance(item, Unreadable) or item.notices:
        return None  # never rewrite a file we could not decode exactly
    fixed, applied = fix_document(linter, item, unsafe=unsafe)
    prefix = BOM if item.had_bom else ""
    return FixResult(source.display, prefix + item.text, prefix + fixed, applied)


def write_atomically(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` so a crash leaves either the old or the new file."""
    import tempfile

    mode = os.stat(path).st_mode & 0o7777
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def unified_diff(result: FixResult) -> str:
    import difflib

    return "".join(difflib.unified_diff(
        result.original.splitlines(keepends=True), result.fixed.splitlines(keepends=True),
        fromfile=f"a/{result.path}", tofile=f"b/{result.path}",
    ))
