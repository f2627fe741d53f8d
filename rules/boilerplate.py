"""Corpus-wide site chrome (NL210): lines that recur on many pages of one site.

The per-document chrome rules (NL201–NL209) judge a line by its words, shape and
place; the prose-like furniture they miss — a newsletter blurb, a disclosure, a
standing promo paragraph — gives itself away in a corpus run because the site prints
it on page after page, as CCNet and datatrove's line filters exploit. This rule counts,
in a first pass over the run (``newslint.corpus``), on how many documents of each site
every line appears, and reports the lines a site repeats on enough of its pages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from newslint import Document, Finding, Option, Rule, hookimpl
from newslint.config import ConfigError
from newslint.engine import site_of

_LETTER = re.compile(r"[^\W\d_]")
_blake2b: Any = None  # hashlib.blake2b, imported on first use

#: site -> (documents of the site, {line key: documents with that line}), frequent only
SiteLines = dict[str, tuple[int, dict[int, int]]]


def line_key(text: str) -> int | None:
    """A stable 64-bit key for a line, equal for lines that differ only in case or
    spacing; None for a line without two letters (separators, counters, blank lines).
    Numbers count: templated articles ("Shares of X rose 3%") differ only in them.

    Stable across processes (``hash()`` is salted per interpreter): the pass counts in
    one process and the rule looks keys up in the worker processes.
    """
    global _blake2b
    norm = " ".join(text.lower().split())
    first = _LETTER.search(norm)
    if first is None or _LETTER.search(norm, first.end()) is None:
        return None
    if _blake2b is None:  # hashlib costs ~2 ms to import: not on the pre-commit path
        from hashlib import blake2b as _blake2b
    return int.from_bytes(_blake2b(norm.encode("utf-8", "surrogatepass"),
                                   digest_size=8).digest(), "little")


class SiteLineCounter:
    """The corpus pass: on how many documents of each site each line appears.

    Each distinct line costs about 100 bytes while counting. Memory is bounded: when
    more than ``max_lines`` distinct lines are held, the lines seen on the fewest pages
    so far (one page first: most lines of a corpus are article text seen once) are
    forgotten until at most half that many are left. A line a site repeats on many
    of its pages keeps a high count and is still found; a rare line may be counted
    short. Only the frequent lines are kept in the result, which is what crosses to
    worker processes.
    """

    def __init__(self, min_documents: int, min_share: float,
                 max_lines: int = 2_000_000) -> None:
        self.min_documents = min_documents
        self.min_share = min_share
        self.max_lines = max_lines
        self.documents: dict[str, int] = {}
        self.lines: dict[str, dict[int, int]] = {}
        self.held = 0  # distinct lines held, over all sites
        self.floor = 1  # a pruning forgets lines seen on this many pages or fewer

    def observe(self, doc: Document) -> None:
        site = site_of(doc.meta)
        if site is None:
            return
        self.documents[site] = self.documents.get(site, 0) + 1
        counts = self.lines.setdefault(site, {})
        keys = {key for line in doc.lines if (key := line_key(line.text)) is not None}
        before = len(counts)
        for key in keys:  # each distinct line once per document
            counts[key] = counts.get(key, 0) + 1
        self.held += len(counts) - before
        if self.held > self.max_lines:
            self._forget_rare_lines()

    def _forget_rare_lines(self) -> None:
        """Forget the lines seen on ``floor`` pages or fewer, raising the floor until at
        most half of ``max_lines`` is held (so prunings stay rare: each frees half the
        room). Deterministic: the same input order gives the same counts, whatever
        --jobs is."""
        while True:
            held = 0
            for site, counts in self.lines.items():
                kept = {key: n for key, n in counts.items() if n > self.floor}
                self.lines[site] = kept
                held += len(kept)
            self.held = held
            if held <= self.max_lines // 2:
                return
            self.floor += 1

    def result(self) -> SiteLines:
        out: SiteLines = {}
        for site, counts in self.lines.items():
            total = self.documents[site]
            need = max(self.min_documents, math.ceil(self.min_share * total))
            if total < need:
                continue
            frequent = {key: n for key, n in counts.items() if n >= need}
            if frequent:
                out[site] = (total, frequent)
        return out


class SiteBoilerplateLine(Rule):
    """A line repeated on many pages of one site: site boilerplate (corpus runs).

    ## What it does
    In a run over many documents whose records carry a `url` (JSONL or Parquet
    shards), reads every input once before linting and counts, for each site
    (the URL's host), on how many of its documents each line appears, ignoring
    case and spacing. A line found on at least `min-documents` pages of a
    site (default 5) and on at least `min-share` of them (default 0.1) is reported
    on every page that has it. Documents without a URL (plain text files, standard
    input) are never reported; standard input is not counted (it cannot be read
    twice).

    Off by default: select it with `--extend-select NL210`. It reads every input
    twice and keeps about 100 bytes per distinct line in memory while counting, up
    to `max-distinct-lines` (default 2,000,000, ~200 MB); beyond that, lines seen on
    one page only so far are forgotten, so lines a site repeats on many pages are
    still found but a rarely repeated line may be counted short.

    ## Why it matters
    Newsletter blurbs, disclosures, standing promotions and author boxes read like
    prose, so rules that judge one page at a time miss them; a site printing the
    same line on page after page is the surest sign it is furniture, not the
    article. Corpus builders (CCNet, datatrove) drop such lines for that reason.

    ## Example
    Seven records from `https://www.example.com/...`, six of which end with
    ```
    Sign up for our morning newsletter to get the day's top stories.
    ```
    report that line on each of the six pages ("on 6 of 7 pages from example.com").
    """

    code = "NL210"
    name = "site-boilerplate-line"
    default_enabled = False
    options_section = "site-boilerplate"
    options = (
        Option("min-documents", "int", 5,
               "a line must be on at least this many documents of one site"),
        Option("min-share", "float", 0.1,
               "... and on at least this share of the site's documents (0 to 1)"),
        Option("max-distinct-lines", "int", 2_000_000,
               "distinct lines held while counting (~100 bytes each); beyond it, lines "
               "seen on one page only so far are forgotten"),
    )

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.min_documents = int(self.settings["min-documents"])
        self.min_share = float(self.settings["min-share"])
        self.max_lines = int(self.settings["max-distinct-lines"])
        if self.min_documents < 2:
            raise ConfigError("[tool.newslint.site-boilerplate] min-documents must be 2 or "
                              f"more, not {self.min_documents}")
        if self.max_lines < 1:
            raise ConfigError("[tool.newslint.site-boilerplate] max-distinct-lines must be "
                              f"positive, not {self.max_lines}")
        if not 0.0 <= self.min_share <= 1.0:
            raise ConfigError("[tool.newslint.site-boilerplate] min-share must be between 0 "
                              f"and 1, not {self.min_share}")
        self.sites: SiteLines = {}

    def corpus_pass(self) -> SiteLineCounter:
        return SiteLineCounter(self.min_documents, self.min_share, self.max_lines)

    def use_corpus(self, result: Any) -> None:
        self.sites = result

    def check(self, doc: Document) -> Iterable[Finding]:
        site = site_of(doc.meta) if self.sites else None
        found = self.sites.get(site) if site is not None else None
        if found is None:
            return []
        total, frequent = found
        out = []
        for line in doc.lines:
            key = line_key(line.text)
            if key is None or key not in frequent:
                continue
            start, end = line.content_span()
            out.append(Finding(f"site boilerplate: this line is on {frequent[key]} of "
                               f"{total} pages from {site}", start, end))
        return out


@hookimpl
def newslint_add_rules() -> Iterable[type[Rule]]:
    return (SiteBoilerplateLine,)
