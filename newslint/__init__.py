"""newslint: a linter for scraped news articles.

Public API for users and plugin authors::

    from newslint import Rule, Finding, Fix, Document, hookimpl, lint_text
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from newslint.document import Document
from newslint.findings import Diagnostic, Edit, Finding, Fix
from newslint.hookspecs import hookimpl
from newslint.rule import Option, Rule, RuleUnavailable

if TYPE_CHECKING:
    from newslint.engine import Selection

__version__ = "0.1.0"

__all__ = [
    "Diagnostic", "Document", "Edit", "Finding", "Fix", "Option", "Rule", "RuleUnavailable",
    "__version__",
    "hookimpl", "lint_paths", "lint_text",
]


def lint_text(text: str, path: str = "<text>", *, select: Iterable[str] | None = None,
              ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Lint one article given as a string, with the default (or given) selection."""
    from newslint.engine import Linter
    from newslint.plugins import default_registry

    linter = Linter.from_selection(default_registry(), _selection(select, ignore))
    try:
        return linter.lint(Document(path, text))
    finally:
        linter.close()


def lint_paths(paths: Iterable[str], *, select: Iterable[str] | None = None,
               ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Lint files, directories and shards; return every diagnostic, sorted."""
    from newslint.corpus import corpus_results
    from newslint.engine import Linter
    from newslint.plugins import default_registry
    from newslint.runner import discover_sources, lint_sources

    registry = default_registry()
    linter = Linter.from_selection(registry, _selection(select, ignore))
    try:
        sources, problems = discover_sources(list(paths))
        linter.use_corpus(corpus_results(registry, linter, sources))
        return [d for result in lint_sources(registry, linter, sources, problems)
                for d in result.diagnostics]
    finally:
        linter.close()


def _selection(select: Iterable[str] | None, ignore: Iterable[str]) -> Selection:
    from newslint.engine import Selection

    return Selection(select=tuple(select) if select is not None else ("NL",),
                     ignore=tuple(ignore))
