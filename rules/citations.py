"""Citation rules (NL3xx): attributions to outlets that scraping or rewriting broke.

News text names its sources in a few fixed shapes ("per NPR", "CNN reported",
"according to Reuters", "told the BBC", "Source: AP"). These rules find those
shapes broken: an outlet left dangling at the end of a sentence, "said CNN" for
"told CNN", a source label with nothing after it, and the wreckage of an
attribution phrase ("Accordingly BBCRussia said", "per per"). Outlet names come
from the registry in ``data/outlets.toml`` (see ``outlets.py``), never from code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from newslint import Document, Finding, Fix, Rule, hookimpl
from newslint.matching import lower_same_length
from newslint.rules.outlets import (
    OUTLET_OPTIONS,
    Mention,
    analyse,
    attribution,
    choose_outlet,
    registry_for,
)


class _OutletRule(Rule):
    options_section = "outlets"
    options = OUTLET_OPTIONS

    @property
    def registry(self) -> Any:
        return registry_for(self.settings)


class DanglingOutlet(_OutletRule):
    """An outlet name stuck on the end of a sentence with no attribution word before it.

    ## What it does
    Flags a sentence that ends in an outlet name from the registry (or a cut-off
    or misspelt one) placed straight after an ordinary word, with no "per",
    "according to", "told" or "reported" to attach it: "bilateral documents The
    guard.", "during the meeting Reuters.". Objects of a verb or preposition
    ("he told Reuters.", "an op-ed in The Guardian.") are not flagged.

    ## Why it matters
    Rewriting tools and scrapers drop the little word that made the outlet a
    source; what is left reads as garbage and loses the attribution.

    ## Example
    ```
    They also plan to sign “important” bilateral documents The guard.
    ```
    Write "..., The Guardian reported." or "..., per The Guardian."
    """

    code = "NL301"
    name = "dangling-outlet"

    def check(self, doc: Document) -> Iterable[Finding]:
        reg = self.registry
        analysis = analyse(doc, reg)
        for m in analysis.attributed:
            if m.position != "dangling":
                continue
            outlet = choose_outlet(reg, analysis, m)
            shown = m.text if m.text == outlet else f"{m.text}' ({outlet})"
            shown = shown if shown.endswith(")") else f"{shown}'"
            yield Finding(
                f"outlet name '{shown} hangs at the end of the sentence with no attribution "
                f"word: write 'per {outlet}' or '{outlet} reported'",
                m.start, m.end)


def _may_end_in_said(window: str) -> bool:
    """Can ``WrongAttributionVerb._SAID`` match at the end of ``window``? (A cheap test
    first; letters that match case-insensitively without lower-casing to ASCII,
    like "ſ" or "İ", send the window to the regex.)"""
    tail = window.rstrip()[-4:]
    low = tail.lower()
    return (low in ("said", "says") or (low[1:] == "the" and low[:1].isspace())
            or not tail.isascii())


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    cr = text.find("\r", start, end)
    return end if cr < 0 else cr


class WrongAttributionVerb(_OutletRule):
    """A speaker "said" an outlet ("Ryder said CNN.") where the usual form is "told CNN".

    ## What it does
    Flags "<speaker> said <outlet>." and "<speaker> said the <outlet>," when the
    outlet ends the clause. "said CNN's correspondent", "CNN said" and a quotation
    followed by "said CNN." (the outlet itself speaking) are left alone.

    ## Why it matters
    Spinning and rewriting tools swap "told" for "said", which turns the outlet
    into the thing said and makes the sentence ungrammatical.

    ## Example
    ```
    “It is important,” Pentagon press secretary Brig. Gen. Patrick Ryder said CNN.
    ```
    Write "... Patrick Ryder told CNN."
    """

    code = "NL302"
    name = "wrong-attribution-verb"

    _SAID = re.compile(r"(\w+)([,’'\"”]?)\s+(said|says)\s+(?:the\s+)?$", re.IGNORECASE)
    _END = re.compile(r"""\s*(?:[.;!?]|,\s|,$|$)""")

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        analysis = analyse(doc, self.registry)
        for m in analysis.mentions:
            if m.kind != "exact" or not (m.text[:1].isupper() or m.text.startswith("the ")):
                continue
            lo = max(0, m.start - 60)
            lo = max(lo, text.rfind("\n", lo, m.start) + 1, text.rfind("\r", lo, m.start) + 1)
            window = text[lo:m.start]
            if not window[-1:].isspace() or not _may_end_in_said(window):
                continue  # no "said"/"says"/"the" right before the outlet
            said = self._SAID.search(window)
            if said is None or said.group(2):
                continue  # '"...," said CNN.' — the outlet is the speaker
            if not self._END.match(text, m.end) or text[m.end:m.end + 2] in ("'s", "’s"):
                continue
            base = m.start - len(window)
            s, e = base + said.start(3), base + said.end(3)
            told = "told" if said.group(3).lower() == "said" else "tells"
            if said.group(3)[0].isupper():
                told = told.capitalize()
            phrase = text[s:m.end]
            yield Finding(
                f"'{phrase}': a speaker tells an outlet; write "
                f"'{told}{text[e:m.end]}'", s, m.end,
                fix=Fix.replace(s, e, told, safe=False,
                                description=f"'{said.group(3)}' -> '{told}'"))


@cache
def _labels() -> tuple[str, ...]:
    """Source labels, longest first (from the cached attribution data: no TOML parse)."""
    return tuple(sorted((str(x).lower() for x in attribution().labels), key=len, reverse=True))


class EmptySource(Rule):
    """A source or credit label with nothing after it ("Source :").

    ## What it does
    Flags a line that is only a label such as "Source:", "Sources:", "Via:" or
    "Credit:" (or a line that ends in one after a sentence), when no value
    follows on the line or on the line right below it.

    ## Why it matters
    The scraper kept the label and lost the link or name it introduced: the
    article now claims a source and gives none.

    ## Example
    ```
    Source :
    ```
    """

    code = "NL303"
    name = "empty-source"

    _COLON_AT_END = re.compile(r":[^\S\r\n]*(?=[\r\n]|\Z)")

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        for colon in self._COLON_AT_END.finditer(text):
            # the line that ends in this colon, and the text of the line below it
            lo = doc.line_span(doc.line_index(colon.start()))[0]
            hi = colon.end()
            t = text[lo:hi].rstrip()
            line_start = lo
            head = t[:-1].rstrip()
            low = head.lower()
            for label in _labels():
                if not low.endswith(label):
                    continue
                before = head[: len(head) - len(label)]
                if before.strip():
                    if not (before[-1:].isspace() and before.rstrip()[-1:] in ".!?|•·"
                            and head[len(before)].isupper()):
                        continue
                elif before and not before.isspace():
                    continue
                nxt = ""
                if hi < len(text):
                    below = hi + 2 if text.startswith("\r\n", hi) else hi + 1
                    end = _line_end(text, below)
                    nxt = text[below:end].strip()
                if nxt and len(nxt.split()) <= 8:
                    break  # "Source:" with its value on the next line
                start = line_start + len(before)
                yield Finding(f"empty source label '{t[len(before):]}': nothing follows it",
                              start, line_start + len(t),
                              fix=Fix.delete(start, line_start + len(t), safe=False,
                                             description="remove the empty label"))
                break


class BrokenAttribution(_OutletRule):
    """The words of an attribution garbled ("Accordingly BBCRussia said", "per per").

    ## What it does
    Flags the recognisable wreckage of attribution phrases: "Accordingly <outlet>
    said" (for "According to <outlet>"), "according" without "to" ("According
    Reuters, ..."), "accordingly to", misspelt "according", and doubled or stacked
    attribution words ("per per", "as reported by by", "according to to",
    "per according to").

    ## Why it matters
    Rewriting tools and bad scrapes mangle exactly these phrases; the result
    reads as broken English and the source it names is no longer clear.

    ## Example
    ```
    Accordingly BBCRussia said the two leaders would talk about partnership.
    ```
    """

    code = "NL304"
    name = "broken-attribution-phrase"

    _PATTERNS = re.compile(
        r"\b(?:"
        r"(?P<accto>accordingly\s+to)"
        r"|(?P<acc>according)\s+(?!to\b|as\b|with\b|unto\b)(?=[\w“\"'‘])"
        r"|(?P<spell>accoring|acording|accordng|accroding|acccording|accordig)\s+to"
        r"|(?P<dup>(?P<w>per|via|told)\s+(?P=w)"
        r"|according\s+to\s+(?:according\s+)?to"
        r"|(?:reported|written|published|quoted|cited)\s+by\s+by)"
        r"|(?P<stack>(?:per|via)\s+according\s+to|according\s+to\s+(?:per|via))"
        r")\b",
        re.IGNORECASE,
    )

    #: every match starts with one of these words (case-insensitively)
    _STARTS = ("acc", "aco", "per", "via", "told")
    _BY_STARTS = ("reported", "written", "published", "quoted", "cited")
    _BY_BY = re.compile(r"by\s+by")

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        """``_PATTERNS.finditer(text)``, trying the pattern only where one of the words
        that start its matches stands (found with ``str.find``, not the regex engine)."""
        if any(c in text for c in "ſİı"):  # match "s" or "i" case-insensitively
            yield from self._PATTERNS.finditer(text)
            return
        hay = lower_same_length(text)
        words = self._STARTS + (self._BY_STARTS if self._BY_BY.search(hay) else ())
        starts: set[int] = set()
        for word in words:
            i = hay.find(word)
            while i >= 0:
                starts.add(i)
                i = hay.find(word, i + 1)
        done = 0
        for i in sorted(starts):
            if i < done:
                continue
            m = self._PATTERNS.match(text, i)
            if m is not None:
                done = m.end()
                yield m

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        for m in self._matches(text):
            s, e = m.start(), m.end()
            if m.group("accto"):
                word = "According" if text[s].isupper() else "according"
                yield Finding(f"'{m.group()}': write '{word} to'", s, e,
                              fix=Fix.replace(s, e, f"{word} to", safe=True))
            elif m.group("acc"):
                nxt = text[e:e + 30].split()
                if nxt and nxt[0].lower() in ("to", "as"):
                    continue
                acc_end = m.end("acc")
                yield Finding(f"'{m.group('acc')}' without 'to': write '{m.group('acc')} to'",
                              s, acc_end,
                              fix=Fix.replace(s, acc_end, f"{m.group('acc')} to", safe=False))
            elif m.group("spell"):
                right = "According" if text[s].isupper() else "according"
                yield Finding(f"misspelt attribution '{m.group()}': write '{right} to'", s, e,
                              fix=Fix.replace(s, m.end("spell"), right, safe=True))
            elif m.group("dup"):
                words = m.group().split()
                yield Finding(f"attribution word doubled: '{' '.join(words)}'", s, e,
                              fix=self._undouble(text, s, e))
            else:
                yield Finding(f"two attribution phrases stacked: '{m.group()}'", s, e)
        yield from self._accordingly(doc)

    @staticmethod
    def _undouble(text: str, s: int, e: int) -> Fix | None:
        # drop the repeated last word: "per per" -> "per", "reported by by" -> "reported by"
        last = re.search(r"\s+\S+$", text[s:e])
        if last is None:
            return None
        return Fix.delete(s + last.start(), e, safe=True, description="remove the repeat")

    _ACCORDINGLY = re.compile(r"\bAccordingly\s+(?=\S)")

    def _accordingly(self, doc: Document) -> Iterable[Finding]:
        """"Accordingly <outlet> said": "According to <outlet>," garbled."""
        if "Accordingly" not in doc.text:
            return
        analysis = analyse(doc, self.registry)
        starts: dict[int, Mention] = {}
        for m in [*analysis.attributed, *analysis.mentions]:
            starts.setdefault(m.start, m)
        for am in self._ACCORDINGLY.finditer(doc.text):
            mention = starts.get(am.end())
            if mention is None:
                continue
            rest = doc.text[mention.end:mention.end + 40].split()
            if not rest or rest[0].lower() not in ("said", "says", "reported", "reports",
                                                    "wrote", "writes"):
                continue
            outlet = choose_outlet(self.registry, analysis, mention)
            end = mention.end + doc.text[mention.end:].index(rest[0]) + len(rest[0])
            yield Finding(
                f"broken attribution '{doc.text[am.start():end]}': probably "
                f"'According to {outlet},'", am.start(), end)


@hookimpl
def newslint_add_rules() -> Sequence[type[Rule]]:
    return (DanglingOutlet, WrongAttributionVerb, EmptySource, BrokenAttribution)
