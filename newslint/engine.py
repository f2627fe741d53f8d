"""Run the selected rules on a Document; turn findings into sorted Diagnostics.

The engine, not pluggy, loops over the rules, so rule selection, crash isolation
and per-rule timing live here and nowhere else. A rule that raises becomes an
NL904 diagnostic naming the rule, and the other rules still run.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatch
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from newslint.document import Document
from newslint.engine_rules import ENGINE_RULES
from newslint.findings import Diagnostic, Edit, Finding, Fix
from newslint.plugins import Registry
from newslint.readers import Unreadable
from newslint.rule import Rule, RuleUnavailable

if TYPE_CHECKING:
    from newslint.corpus import CorpusPass

CRASH_CODE = "NL904"
_LINE_COLUMN_CODE = itemgetter(1, 2, 5)  # Diagnostic (line, column, code)
ENGINE_CODES = frozenset(rule.code for rule in ENGINE_RULES)


# -- selection ---------------------------------------------------------------------------

def _longest_match(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


class Selection(NamedTuple):
    """Which codes are on: flake8's prefix rules (the longest matching prefix wins).

    A rule that is off by default (``default_enabled = False``) is on only when a
    select prefix names its family or code, i.e. contains a digit (``NL5``,
    ``NL501``): ``--select NL`` alone does not switch on slow or opinionated rules.
    """

    select: tuple[str, ...] = ("NL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()

    def is_selected(self, code: str, default_enabled: bool = True) -> bool:
        chosen = [*self.select, *self.extend_select]
        if not default_enabled:
            chosen = [p for p in chosen if any(ch.isdigit() for ch in p)]
        sel = _longest_match(code, chosen)
        ign = _longest_match(code, [*self.ignore, *self.extend_ignore])
        return sel >= 0 and sel > ign


def select_rules(registry: Registry, selection: Selection,
                 settings: Mapping[str, Mapping[str, Any]] | None = None) -> list[type[Rule]]:
    """Rule classes the selection turns on, by code.

    An off-by-default rule also counts as on by default when its config section
    switches it on (``enabled_by_config``: a grammar server is configured).
    """
    settings = settings or {}
    plugin_prefixes = {code.rstrip("0123456789") for code in registry.rules}
    if selection.select == ("NL",):
        # The default selection also covers third-party rules (their own prefixes).
        selection = Selection(tuple(sorted(plugin_prefixes | {"NL"})), selection.ignore,
                              selection.extend_select, selection.extend_ignore)
    return [rule for code, rule in sorted(registry.rules.items())
            if selection.is_selected(code, rule.default_enabled or rule.enabled_by_config(
                settings.get(rule.options_section or "", {})))]


class PerFileIgnores(NamedTuple):
    """``glob -> [prefix, ...]``: codes to drop for paths matching a glob."""

    patterns: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Sequence[str]]) -> PerFileIgnores:
        return cls(tuple((glob, tuple(codes)) for glob, codes in mapping.items()))

    def ignored_prefixes(self, path: str) -> tuple[str, ...]:
        posix = path.replace(os.sep, "/")
        name = posix.rsplit("/", 1)[-1]
        out: list[str] = []
        for glob, codes in self.patterns:
            if fnmatch(posix, glob) or fnmatch(name, glob) or posix.endswith("/" + glob):
                out.extend(codes)
        return tuple(out)


# -- running rules -----------------------------------------------------------------------

class RuleTimings:
    """Seconds spent per rule code (the benchmark script reports them per family)."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)


class DocumentResult:
    """What linting one document, or failing to read one, produced.

    Small and picklable: worker processes send these back to the main process.
    """

    __slots__ = ("diagnostics", "linted", "path", "record", "site", "stats", "words")

    def __init__(self, path: str, record: str | None, diagnostics: list[Diagnostic],
                 stats: dict[str, Any] | None = None, site: str | None = None, words: int = 0,
                 linted: bool = True) -> None:
        self.path = path
        self.record = record
        self.diagnostics = diagnostics
        self.stats = stats if stats is not None else {}
        self.site = site
        self.words = words
        self.linted = linted


def site_of(meta: Mapping[str, Any]) -> str | None:
    """The host a record came from, when its metadata has a URL."""
    url = meta.get("url")
    if not isinstance(url, str) or "//" not in url:
        return None
    host = url.split("//", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0].lower()
    return host.removeprefix("www.") or None


class LinterSpec(NamedTuple):
    """Everything needed to build an identical Linter in another process."""

    selection: Selection
    settings: Mapping[str, Mapping[str, Any]] = MappingProxyType({})
    per_file_ignores: PerFileIgnores = PerFileIgnores()
    #: results of the rules' corpus passes, by rule code (``newslint.corpus``)
    corpus: Mapping[str, Any] | None = None
    #: count each document's words (for --statistics / --stats-file only)
    count_words: bool = True

    def build(self, registry: Registry) -> Linter:
        linter = Linter.from_selection(registry, self.selection, self.settings,
                                       self.per_file_ignores)
        linter.count_words = self.count_words
        if self.corpus:
            linter.use_corpus(self.corpus)
        return linter


class Linter:
    """Selected, configured rule instances, ready to lint documents."""

    def __init__(self, registry: Registry, rules: Sequence[Rule],
                 per_file_ignores: PerFileIgnores | None = None,
                 selection: Selection | None = None) -> None:
        self.registry = registry
        self.rules = list(rules)
        #: the rules whose ``check`` runs on each document
        self._checking = [rule for rule in self.rules if rule.checks_documents]
        self.per_file_ignores = per_file_ignores or PerFileIgnores()
        self.selection = selection or Selection()
        self.timings = RuleTimings()
        self._selected_codes = frozenset(rule.code for rule in self.rules)
        #: whether results carry the document's word count (a whole-text pass that
        #: only statistics need)
        self.count_words = True
        #: code -> message for rules switched off mid-run (RuleUnavailable)
        self.unavailable: dict[str, str] = {}

    @classmethod
    def from_selection(cls, registry: Registry, selection: Selection,
                       settings: Mapping[str, Mapping[str, Any]] | None = None,
                       per_file_ignores: PerFileIgnores | None = None) -> Linter:
        """Instantiate every selected rule once, with its config section's settings."""
        settings = settings or {}
        rules: list[Rule] = []
        unavailable: dict[str, str] = {}
        for rule_cls in select_rules(registry, selection, settings):
            try:
                rules.append(rule_cls(settings.get(rule_cls.options_section or "", {})))
            except RuleUnavailable as exc:
                unavailable[rule_cls.code] = str(exc)
        linter = cls(registry, rules, per_file_ignores, selection)
        linter.unavailable.update(unavailable)
        return linter

    def close(self) -> None:
        for rule in self.rules:
            rule.close()

    def corpus_passes(self) -> dict[str, CorpusPass]:
        """The corpus passes the selected rules need before linting, by rule code."""
        passes = {}
        for rule in self.rules:
            found = rule.corpus_pass()
            if found is not None:
                passes[rule.code] = found
        return passes

    def use_corpus(self, results: Mapping[str, Any]) -> None:
        """Hand each rule the result of its corpus pass."""
        for rule in self.rules:
            if rule.code in results:
                rule.use_corpus(results[rule.code])

    def lint(self, doc: Document) -> list[Diagnostic]:
        """All diagnostics for one document, sorted by (path, line, column, code)."""
        out = [self.to_diagnostic(doc, f) for f in doc.notices]
        unavailable, seconds, clock = self.unavailable, self.timings.seconds, time.perf_counter
        started = clock()
        for rule in self._checking:
            code = rule.code
            if unavailable and code in unavailable:
                continue
            try:
                findings = list(rule.check(doc))
                if findings:
                    for finding in findings:
                        _check_span(doc, finding)
                    out.extend([self.to_diagnostic(doc, f, rule) for f in findings])
            except RuleUnavailable as exc:
                unavailable[code] = str(exc)
            except Exception as exc:  # a broken rule must not stop the others
                out.append(self.crash_diagnostic(doc, rule, exc))
            finally:  # one clock reading per rule: each rule's time ends where the next starts
                now = clock()
                seconds[code] += now - started
                started = now
        return self._filter_and_sort(doc.path, out)

    def lint_item(self, item: Document | Unreadable) -> DocumentResult:
        """Lint a document, or report an input that could not be read."""
        if isinstance(item, Unreadable):
            return DocumentResult(item.path, item.record, self.unreadable(item), linted=False)
        diags = self.lint(item)
        return DocumentResult(item.path, item.record, diags, dict(item.stats),
                              site_of(item.meta), item.word_count if self.count_words else 0)

    def unreadable(self, item: Unreadable) -> list[Diagnostic]:
        diag = Diagnostic(item.path, item.line, item.column, item.line, item.column, item.code,
                          self._name(item.code), item.message, record=item.record)
        return self._filter_and_sort(item.path, [diag])

    def _filter_and_sort(self, path: str, diags: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics of one document that are selected and not ignored, in order.

        All come from one path and record, so (line, column, code) orders them as
        ``Diagnostic.sort_key`` would, with a key computed in C."""
        ignored = self.per_file_ignores.ignored_prefixes(path)
        selected, shown = self._selected_codes, self._engine_code_shown
        if ignored:
            keep = [d for d in diags if not d.code.startswith(ignored)
                    and (d.code in selected or shown(d.code))]
        else:
            keep = [d for d in diags if d.code in selected or shown(d.code)]
        keep.sort(key=_LINE_COLUMN_CODE)
        return keep

    def _engine_code_shown(self, code: str) -> bool:
        """Engine codes (NL9xx) obey --ignore but need no --select: input problems show."""
        if code not in ENGINE_CODES:
            return False
        sel = self.selection
        ign = _longest_match(code, [*sel.ignore, *sel.extend_ignore])
        return ign < 0 or _longest_match(code, [*sel.select, *sel.extend_select]) > ign

    def _name(self, code: str) -> str:
        rule = self.registry.rules.get(code)
        return rule.name if rule is not None else code.lower()

    def to_diagnostic(self, doc: Document, finding: Finding, rule: Rule | None = None
                      ) -> Diagnostic:
        code = finding.code or (rule.code if rule else "")
        line, col = doc.position(finding.start)
        end_line, end_col = doc.position(finding.end)
        fix_edits: tuple[dict[str, Any], ...] = ()
        if finding.fix is not None:
            fix_edits = tuple(_edit_json(doc, e) for e in finding.fix.edits)
        return Diagnostic(doc.path, line, col, end_line, end_col, code, self._name(code),
                          finding.message, finding.fix, doc.record, doc.lines[line - 1].text,
                          fix_edits)

    def crash_diagnostic(self, doc: Document, rule: Rule, exc: BaseException) -> Diagnostic:
        plugin = self.registry.rule_plugin.get(rule.code, "?")
        message = (f"rule {rule.code} ({rule.name}) from plugin {plugin!r} crashed: "
                   f"{type(exc).__name__}: {exc}")
        return Diagnostic(doc.path, 1, 1, 1, 1, CRASH_CODE, self._name(CRASH_CODE), message,
                          record=doc.record, source_line=doc.lines[0].text)


def _check_span(doc: Document, finding: Finding) -> None:
    if not (0 <= finding.start <= finding.end <= len(doc.text)):
        raise ValueError(f"finding span {finding.start}..{finding.end} is outside the "
                         f"document (length {len(doc.text)})")
    if finding.fix is not None:
        for edit in finding.fix.edits:
            if not (0 <= edit.start <= edit.end <= len(doc.text)):
                raise ValueError(f"fix edit {edit.start}..{edit.end} is outside the document")


def _edit_json(doc: Document, edit: Edit) -> dict[str, Any]:
    line, col = doc.position(edit.start)
    end_line, end_col = doc.position(edit.end)
    return {"content": edit.replacement, "location": {"row": line, "column": col},
            "end_location": {"row": end_line, "column": end_col}}


# -- fixing ------------------------------------------------------------------------------

def apply_fixes(text: str, fixes: Iterable[Fix], *, unsafe: bool = False) -> tuple[str, int]:
    """Apply non-overlapping fixes to ``text``; return the new text and how many applied.

    A fix whose edits overlap an earlier-applied fix is skipped: the caller lints
    again and retries, as ruff does, so every applied edit saw the text it edits.
    """
    chosen: list[Fix] = []
    taken: list[tuple[int, int]] = []
    for fix in sorted(fixes, key=lambda f: min(e.start for e in f.edits) if f.edits else 0):
        if not fix.edits or (not fix.safe and not unsafe):
            continue
        spans = [(e.start, e.end) for e in fix.edits]
        if any((s < te and ts < e) or (s == e == ts) for s, e in spans for ts, te in taken):
            continue
        chosen.append(fix)
        taken.extend(spans)
    pieces: list[str] = []
    cursor = 0
    for edit in sorted((e for f in chosen for e in f.edits), key=lambda e: (e.start, e.end)):
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), len(chosen)
