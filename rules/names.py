"""Name rules (NL4xx): outlet names garbled, names cased two ways, places spelled two ways.

NL401 reads the outlet registry (``data/outlets.toml``, see ``outlets.py``) and
flags near misses of it where a source is expected. NL402 compares the
capitalised forms of each word in one document. NL403 reads the spelling
variant sets in ``data/spelling_variants.toml``. Users extend both data files
from config, never code.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from newslint import Document, Finding, Fix, Option, Rule, RuleUnavailable, hookimpl
from newslint.cache import cached
from newslint.matching import PhraseMatcher
from newslint.rules import data_lines, data_path, data_text, user_toml
from newslint.rules.outlets import (
    OUTLET_OPTIONS,
    analyse,
    choose_outlet,
    registry_for,
    shipped_tables,
)

# -- NL401 ---------------------------------------------------------------------------


class GarbledOutletName(Rule):
    """An outlet name in attribution position that is a near miss of a registry name.

    ## What it does
    Where a source is expected — after "per", "according to", "told", "via",
    before "reported"/"said", after a "Source:" label, or dangling at the end of
    a sentence — flags a name that is almost, but not quite, an outlet in the
    registry: in the wrong case ("per the times"), cut short ("per The guard."),
    glued to the next word ("BBCRussia"), or one or two letters off in a long
    name ("according to Reuteurs"). The message names the outlet it most likely
    is, preferring one the article names elsewhere. Ordinary words away from
    attribution ("the guard was arrested", "the sun rose") are not looked at.

    ## Why it matters
    A garbled source name is unsearchable and unverifiable, and it reads as a
    mistake; these shapes are typical of scrapers and rewriting tools.

    ## Example
    ```
    Putin visited Xi in Beijing and spoke about friendship, per the times.
    ... China also wants to protect its own interests, per The guard.
    ```
    """

    code = "NL401"
    name = "garbled-outlet-name"
    options_section = "outlets"
    options = OUTLET_OPTIONS

    _WHAT: ClassVar[dict[str, str]] = {
        "case": "in the wrong case",
        "truncated": "cut short",
        "glued": "words run together",
        "typo": "misspelt",
    }

    def check(self, doc: Document) -> Iterable[Finding]:
        reg = registry_for(self.settings)
        analysis = analyse(doc, reg)
        for m in analysis.attributed:
            if m.kind == "exact":
                continue
            outlet = choose_outlet(reg, analysis, m)
            idx = next(i for i, o in enumerate(reg.outlets) if o.name == outlet)
            where = " (named elsewhere in this article)" if idx in analysis.named else ""
            yield Finding(
                f"garbled outlet name '{m.text}' ({self._WHAT[m.kind]}): "
                f"probably '{outlet}'{where}", m.start, m.end,
                fix=Fix.replace(m.start, m.end, outlet, safe=False,
                                description=f"'{m.text}' -> '{outlet}'"))


# -- NL402 ---------------------------------------------------------------------------

_NAME_OPTIONS: tuple[Option, ...] = (
    Option("extra-variants-file", "path", "",
           "a TOML file of extra [[variants]] sets (preferred, forms, kind)"),
    Option("extend-variants", "str-list", [],
           "extra spelling variant sets, each 'Preferred | variant | variant'"),
    Option("extend-casing-exceptions", "str-list", [],
           "words whose casings mean different things (like US/us), never compared"),
)

_TOKEN = re.compile(r"[^\W\d_]{2,}")
_SKIP_BEFORE = frozenset("@#/\\._-")
_SKIP_AFTER = frozenset("@/\\_")


@cache
def _casing_exceptions(extra: tuple[str, ...]) -> frozenset[str]:
    words = {w.lower() for w in data_lines(data_text("names_casing_exceptions.txt"))}
    return frozenset(words | {w.lower() for w in extra})


def _shape(word: str) -> str:
    if word.isupper():
        return "upper"
    if word[0].isupper() and word[1:].islower():
        return "title"
    if word.islower():
        return "lower"
    return "mixed"


@dataclass(frozen=True, slots=True)
class _Occurrence:
    start: int
    end: int
    strong: bool  # mid-sentence in running text (not a heading, dateline or shout)


class NameCasedTwoWays(Rule):
    """One name written in two casings in one document ("NATO" / "Nato", "PUTIN" / "Putin").

    ## What it does
    Compares the capitalised spellings of each word in a document (ALL CAPS,
    Title case, MiXed) and flags the minority form when two of them are used in
    running text. It does not count sentence-initial capitals, headings that
    capitalise or shout every word, datelines ("WASHINGTON (AP) —"), runs of
    shouted words, or words the document also uses in lower case (so "US"/"us",
    "WHO"/"who", "Apple"/"apple" are never compared), nor the words listed in
    ``names_casing_exceptions.txt``.

    ## Why it matters
    Mixed casing of one name is the trace of text pasted together from several
    sources, or of a shouty headline copied into the body.

    ## Example
    ```
    President XI will pay a visit to PUTIN ...
    Next week, Chinese President Xi Jinping will travel to Russia ... Vladimir Putin.
    ```
    """

    code = "NL402"
    name = "name-cased-two-ways"
    options_section = "names"
    options = _NAME_OPTIONS

    def check(self, doc: Document) -> Iterable[Finding]:
        exceptions = _casing_exceptions(tuple(self.settings["extend-casing-exceptions"]))
        text = doc.text
        starts = set()
        for s in doc.sentences:
            i = s.start
            while i < s.end and not text[i].isalnum():
                i += 1
            starts.add(i)
        groups: dict[str, dict[str, list[_Occurrence]]] = defaultdict(lambda: defaultdict(list))
        lowered: set[str] = set()
        for line in doc.lines:
            if line.is_blank:
                continue
            toks = list(_TOKEN.finditer(text, line.start, line.end))
            if not toks:
                continue
            shapes = [_shape(m.group()) for m in toks]
            n_upper = shapes.count("upper")
            n_cap = len(shapes) - shapes.count("lower")
            if len(toks) >= 2 and n_upper * 2 >= len(toks):
                continue  # a shouted line: every word in caps says nothing about names
            # a heading (title-cased, or short with no closing stop): its capitals are style
            heading = (len(toks) >= 3 and n_cap * 10 >= len(toks) * 6) or (
                len(toks) <= 16 and line.text.rstrip()[-1:] not in ".!?\"”’'")
            skip = self._dateline(toks, shapes, text, line.start, line.end)
            skip.update(i for i, m in enumerate(toks)
                        if self._url_like(text, m.start(), m.end()))
            for i, m in enumerate(toks):
                word, shape = m.group(), shapes[i]
                key = word.lower()
                if shape == "lower" or not word[0].isupper():
                    if shape == "lower":
                        lowered.add(key)
                    continue
                if i in skip or key in exceptions:
                    continue
                if shape == "upper" and (
                        (i > 0 and toks[i - 1].group()[-2:].isupper()
                         and text[toks[i - 1].end():m.start()].isspace())
                        or (i + 1 < len(toks) and toks[i + 1].group()[:2].isupper()
                            and text[m.end():toks[i + 1].start()].isspace())):
                    continue  # a run of shouted words ("BREAKING NEWS", "AdviceDEAR ABBY")
                strong = not (m.start() in starts or (heading and shape == "title"))
                groups[key][word].append(_Occurrence(m.start(), m.end(), strong))
        for key, forms in groups.items():
            if len(forms) < 2 or key in lowered:
                continue
            counts = {w: sum(o.strong for o in occ) for w, occ in forms.items()}
            live = [w for w, n in counts.items() if n]
            # compare a shouted form with a normal one ("PUTIN"/"Putin"); brand
            # casings ("AirPods"/"Airpods") and units ("dBA"/"dBa") are style
            if len(live) < 2 or not any(w.isupper() for w in live):
                continue
            normal = max(live, key=lambda w: (counts[w], self._tiebreak(w)))
            for word in live:
                if word == normal:
                    continue
                for occ in forms[word]:
                    if occ.strong:
                        yield Finding(
                            f"'{word}' is cased differently from '{normal}' "
                            f"({counts[normal]} time{'s' if counts[normal] != 1 else ''} "
                            f"in this document)", occ.start, occ.end,
                            fix=Fix.replace(occ.start, occ.end, normal, safe=False,
                                            description=f"'{word}' -> '{normal}'"))

    @staticmethod
    def _tiebreak(word: str) -> int:
        shape = _shape(word)
        if shape == "upper":
            return 2 if len(word) <= 4 else 0  # NATO over Nato; Putin over PUTIN
        return 1

    @staticmethod
    def _url_like(text: str, s: int, e: int) -> bool:
        return (s > 0 and text[s - 1] in _SKIP_BEFORE) or (
            e < len(text) and (text[e] in _SKIP_AFTER
                               or (text[e] == "." and e + 1 < len(text) and text[e + 1].isalpha())))

    @staticmethod
    def _dateline(toks: list[re.Match[str]], shapes: list[str], text: str, line_start: int,
                  line_end: int) -> set[int]:
        """Leading capitals of a dateline or label line ("KYIV, Ukraine (AP) —", "UPDATE:")."""
        if not toks or shapes[0] != "upper" or text[line_start:toks[0].start()].strip():
            return set()
        first = toks[0].start()
        head = text[first:min(line_end, first + 60)]
        cut = min((i for i in (head.find(c) for c in "(—–:-") if i > 0), default=-1)
        if cut < 0:
            return set()
        return {i for i, m in enumerate(toks) if m.start() < first + cut}


# -- NL403 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Variants:
    sets: list[tuple[str, tuple[str, ...], str]]  # preferred, all members, kind
    member_of: dict[str, tuple[int, str]]  # lower-cased member -> (set index, member)
    matcher: PhraseMatcher
    exceptions: PhraseMatcher


def _variant_sets_from_toml(data: dict[str, Any], where: str
                            ) -> list[tuple[str, tuple[str, ...], str]]:
    entries = data.get("variants", [])
    out = []
    for i, entry in enumerate(entries if isinstance(entries, list) else [None]):
        pref = entry.get("preferred") if isinstance(entry, dict) else None
        forms = entry.get("forms", []) if isinstance(entry, dict) else None
        if not isinstance(pref, str) or not isinstance(forms, list) or not all(
                isinstance(f, str) for f in forms):
            raise RuleUnavailable(f"{where}: variants #{i + 1} needs 'preferred' and 'forms'")
        out.append((pref, tuple(dict.fromkeys([pref, *forms])), str(entry.get("kind", ""))))
    return out


@cache
def variant_sets(extra_file: str = "", extend: tuple[str, ...] = ()) -> _Variants:
    """The shipped spelling-variant sets plus a user's, with their automaton
    (kept in the on-disk cache between runs)."""
    inputs = [data_path("spelling_variants.toml"), data_path("names_variant_exceptions.txt")]
    return cached("variants", [*inputs, extra_file] if extra_file else inputs,
                  lambda: _build_variant_sets(extra_file, extend), extra=repr(extend))


def _build_variant_sets(extra_file: str, extend: tuple[str, ...]) -> _Variants:
    sets = _variant_sets_from_toml(shipped_tables("spelling_variants.toml", "variants"),
                                   "spelling_variants.toml")
    if extra_file:
        try:
            sets += _variant_sets_from_toml(user_toml(extra_file), extra_file)
        except (OSError, ValueError) as exc:
            raise RuleUnavailable(f"extra-variants-file {extra_file}: {exc}") from exc
    for item in extend:
        parts = [p.strip() for p in item.split("|") if p.strip()]
        if len(parts) >= 2:
            sets.append((parts[0], tuple(dict.fromkeys(parts)), ""))
    member_of: dict[str, tuple[int, str]] = {}
    for idx, (_, members, _) in enumerate(sets):
        for form in members:
            member_of.setdefault(form.lower(), (idx, form))
    keys = list(member_of)
    exceptions = list(data_lines(data_text("names_variant_exceptions.txt")))
    return _Variants(sets, member_of, PhraseMatcher(keys), PhraseMatcher(exceptions))


class _Spans:
    """Sorted, non-overlapping spans; ``covers`` is a bisection, not a scan."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self.spans = merged
        self.starts = [s for s, _ in merged]

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.spans[i][1] >= end


def _quoted_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans inside “curly” or "straight" double quotes, per line (an unclosed quote
    runs to the end of its line: multi-paragraph quotations open every paragraph)."""
    out: list[tuple[int, int]] = []
    for line in doc.lines:
        t = line.text
        if '"' not in t and "“" not in t:
            continue
        opened = -1
        for i, ch in enumerate(t):
            if opened < 0 and (ch == "“" or ch == '"'):
                opened = i
            elif opened >= 0 and (ch == "”" or (ch == '"' and t[opened] == '"')):
                out.append((line.start + opened, line.start + i + 1))
                opened = -1
        if opened >= 0:
            out.append((line.start + opened, line.end))
    return out


class PlaceSpelledTwoWays(Rule):
    """One place (or person, or organisation) spelled two ways in a document ("Kiev" / "Kyiv").

    ## What it does
    Looks up every spelling from the variant sets in ``spelling_variants.toml``
    (extendable from config) and, when a document uses two members of one set,
    flags each use of the minority spelling (on a tie, the one that is not
    preferred). Fixed names that keep an old spelling ("chicken Kiev") are listed
    in ``names_variant_exceptions.txt`` and not counted, and neither are spellings
    inside quotation marks (a quotation keeps its speaker's or document's spelling).

    ## Why it matters
    Two spellings of one place in one article are the trace of text stitched
    from different sources or of a half-applied style change; readers and search
    both stumble on them.

    ## Example
    ```
    ... peace negotiations between Kiev and Moscow. According to Kyiv, the call ...
    ```
    """

    code = "NL403"
    name = "place-spelled-two-ways"
    options_section = "names"
    options = _NAME_OPTIONS

    def check(self, doc: Document) -> Iterable[Finding]:
        v = variant_sets(str(self.settings["extra-variants-file"] or ""),
                         tuple(self.settings["extend-variants"]))
        text = doc.text
        fixed = _Spans([(m.start, m.end) for m in v.exceptions.finditer(text)])
        quoted = _Spans(_quoted_spans(doc))  # a quotation keeps its speaker's spelling
        found: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        for m in v.matcher.finditer(text):
            word = text[m.start:m.end]
            if not word[:1].isupper() or fixed.covers(m.start, m.end) \
                    or quoted.covers(m.start, m.end):
                continue
            idx, member = v.member_of[v.matcher.phrases[m.index]]
            found[idx].append((member, m.start, m.end))
        for idx, occs in found.items():
            counts = Counter(member for member, _, _ in occs)
            if len(counts) < 2:
                continue
            preferred = v.sets[idx][0]
            normal = max(counts, key=lambda w: (counts[w], w == preferred))
            for member, s, e in occs:
                if member == normal:
                    continue
                n = counts[normal]
                yield Finding(
                    f"'{text[s:e]}' and '{normal}' both used for one name in this document "
                    f"('{normal}' {n} time{'s' if n != 1 else ''}); keep one spelling"
                    + (f" (preferred: '{preferred}')" if preferred != normal else ""),
                    s, e, fix=Fix.replace(s, e, normal, safe=False,
                                          description=f"'{text[s:e]}' -> '{normal}'"))


@hookimpl
def newslint_add_rules() -> Sequence[type[Rule]]:
    return (GarbledOutletName, NameCasedTwoWays, PlaceSpelledTwoWays)
