"""Corpus passes: what a rule must see across every document before it can judge one.

Most rules judge a document alone. A few need the whole run first: a line is site
boilerplate (NL210) because it recurs on many pages of one site, which no single page
shows. Such a rule returns a ``CorpusPass`` from ``Rule.corpus_pass()``. Before linting,
the runner streams every document of the run through the passes once (one document in
memory at a time, as linting does), then hands each pass's result back to its rule with
``Rule.use_corpus()`` — in this process and, through ``LinterSpec.corpus``, in every
worker process or Dask worker — so the output is the same for any ``--jobs``.

Results cross process boundaries, so they must be picklable and should be small:
keep what the rule will look up, not everything the pass counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from newslint.document import Document

if TYPE_CHECKING:
    from newslint.engine import Linter
    from newslint.plugins import Registry
    from newslint.readers import Source, Unreadable


class CorpusPass(Protocol):
    """What a rule's corpus pass does: see each document once, then sum up."""

    def observe(self, doc: Document) -> None:
        """Take note of one document (called once per document, in input order)."""

    def result(self) -> Any:
        """What the rule needs from the whole run (picklable; handed to ``use_corpus``)."""


def corpus_results(registry: Registry, linter: Linter, sources: Sequence[Source],
                   passes: dict[str, CorpusPass] | None = None) -> dict[str, Any]:
    """Run the linter's corpus passes over the inputs of a run (a first read of each).

    Standard input cannot be read twice, so its documents are linted but not counted.
    """
    from newslint.runner import iter_items

    readable = [s for s in sources if not s.is_stdin]
    return run_corpus_passes(linter, iter_items(registry, readable), passes)


def run_corpus_passes(linter: Linter, items: Iterable[Document | Unreadable],
                      passes: dict[str, CorpusPass] | None = None) -> dict[str, Any]:
    """Feed every readable document to the corpus passes of the linter's rules
    (``passes``, when the caller already asked the linter for them).

    Returns ``{rule code: result}``, empty (without reading anything) when no selected
    rule has a pass. Unreadable inputs are skipped here: linting reports them. A pass
    that raises switches its rule off for the run, with a message naming it (as a rule
    that is unavailable: the other rules go on, the exit status is 2).
    """
    if passes is None:
        passes = linter.corpus_passes()
    if not passes:
        return {}
    for item in items:
        if not isinstance(item, Document):
            continue
        for code, corpus_pass in list(passes.items()):
            try:
                corpus_pass.observe(item)
            except Exception as exc:  # a broken pass must not stop the run
                _switch_off(linter, code, passes, exc)
    results = {}
    for code, corpus_pass in list(passes.items()):
        try:
            results[code] = corpus_pass.result()
        except Exception as exc:
            _switch_off(linter, code, passes, exc)
    return results


def _switch_off(linter: Linter, code: str, passes: dict[str, CorpusPass],
                exc: Exception) -> None:
    del passes[code]
    linter.unavailable[code] = (f"the corpus pass of {code} crashed: "
                                f"{type(exc).__name__}: {exc}")
