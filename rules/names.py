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
from functools import cache
from typing import Any, ClassVar, NamedTuple

from newslint import Document, Finding, Fix, Option, Rule, RuleUnavailable, hookimpl
from newslint.cache import cached
from newslint.document import split_sentences
from newslint.matching import PhraseMatcher, lower_same_length
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


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_ASCII_CAPITALISED = re.compile(r"[A-Z][A-Za-z]+")


def _is_letter(ch: str) -> bool:
    """Whether ``ch`` is a word letter as ``_TOKEN`` counts them ([^\\W\\d_])."""
    return ch.isalnum() and not ch.isdecimal()


def _candidate_keys(text: str, exceptions: frozenset[str]) -> set[str] | None:
    """The lower-cased words that may be written in capitals and in another casing.

    Two C-level passes decide it for nearly every document: the capitalised ASCII
    words, and the characters beyond ASCII. Returns None when a letter beyond ASCII
    could be (or could sit next to) a capital, so every line must be read.
    """
    rest = _ASCII_RUNS.sub("", text)
    if rest and any(_is_letter(c) and not c.islower() for c in set(rest)):
        return None
    capitalised = set(_ASCII_CAPITALISED.findall(text))
    keys = {w.lower() for w in filter(str.isupper, capitalised)} - exceptions
    if not keys:
        return set()
    counts = Counter(map(str.lower, capitalised))
    return {k for k in keys if counts[k] >= 2}


# a letter run not starting in a-z; the first letter is matched before the look-behind
# that checks the character before it (a pattern opening with a set scans faster)
_UNICODE_CAPITALISED = re.compile(r"[^\W\d_a-z](?<![^\W\d_].)[^\W\d_]+", re.DOTALL)


def _candidate_keys_unicode(text: str, exceptions: frozenset[str]) -> set[str]:
    """``_candidate_keys`` for a document with capitals (or caseless letters) beyond
    ASCII: the same sets, from every letter run that does not start in a-z."""
    capitalised = set(_UNICODE_CAPITALISED.findall(text))
    keys = {w.lower() for w in filter(str.isupper, capitalised) if w[0].isupper()}
    keys -= exceptions
    if not keys:
        return set()
    counts = Counter(map(str.lower, capitalised))
    return {k for k in keys if counts[k] >= 2}


def _sentence_starts(text: str, start: int, end: int) -> set[int]:
    """First letters or digits of the sentences of one line."""
    out = set()
    for s in split_sentences(text[start:end], start):
        i = s.start
        while i < s.end and not text[i].isalnum():
            i += 1
        out.add(i)
    return out


def _shape(word: str) -> str:
    if word.isupper():
        return "upper"
    if word[0].isupper() and word[1:].islower():
        return "title"
    if word.islower():
        return "lower"
    return "mixed"


class _Occurrence(NamedTuple):
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
        keys = _candidate_keys(text, exceptions)
        lines: Iterable[int]
        if keys is not None:
            keys, lines = self._lines_to_read(doc, keys)
        else:  # letters beyond ASCII: find the words with the Unicode-aware pattern
            keys = _candidate_keys_unicode(text, exceptions)
            lines = range(len(doc.line_starts))
        if not keys:
            return  # no word is written in capitals and another casing: nothing to say
        starts_of: dict[int, set[int]] = {}
        groups: dict[str, dict[str, list[_Occurrence]]] = defaultdict(lambda: defaultdict(list))
        lowered: set[str] = set()
        for index in lines:
            lstart, lend = doc.line_span(index)
            toks = list(_TOKEN.finditer(text, lstart, lend))
            if not toks:
                continue
            # counted at C level: _shape is "upper" exactly for isupper() words and
            # "lower" exactly for islower() ones; it is called only for the key words
            words = [m.group() for m in toks]
            n_upper = sum(map(str.isupper, words))
            n_cap = len(words) - sum(map(str.islower, words))
            if len(toks) >= 2 and n_upper * 2 >= len(toks):
                continue  # a shouted line: every word in caps says nothing about names
            # a heading (title-cased, or short with no closing stop): its capitals are style
            heading = (len(toks) >= 3 and n_cap * 10 >= len(toks) * 6) or (
                len(toks) <= 16 and text[lstart:lend].rstrip()[-1:] not in ".!?\"”’'")
            skip = self._dateline(toks, n_upper > 0 and words[0].isupper(), text, lstart, lend)
            for i, m in enumerate(toks):
                word = words[i]
                key = word.lower()
                if keys is not None and key not in keys:
                    continue
                shape = _shape(word)
                if shape == "lower" or not word[0].isupper():
                    if shape == "lower":
                        lowered.add(key)
                    continue
                if i in skip or key in exceptions \
                        or self._url_like(text, m.start(), m.end()):
                    continue
                if shape == "upper" and (
                        (i > 0 and toks[i - 1].group()[-2:].isupper()
                         and text[toks[i - 1].end():m.start()].isspace())
                        or (i + 1 < len(toks) and toks[i + 1].group()[:2].isupper()
                            and text[m.end():toks[i + 1].start()].isspace())):
                    continue  # a run of shouted words ("BREAKING NEWS", "AdviceDEAR ABBY")
                starts = starts_of.get(index)
                if starts is None:
                    starts = starts_of[index] = _sentence_starts(text, lstart, lend)
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

    @classmethod
    def _lines_to_read(cls, doc: Document, keys: set[str]) -> tuple[set[str], list[int]]:
        """The ASCII words of ``keys`` worth comparing, and the indexes of the lines
        where they stand in any casing. A word the document also writes in lower case
        on an ordinary (not shouted) line is never compared, so it is dropped as soon
        as one such line is seen."""
        hay = lower_same_length(doc.text)
        text = doc.text
        shouted: dict[int, bool] = {}
        kept: set[str] = set()
        found: set[int] = set()
        for key in sorted(keys):
            lines: set[int] = set()
            i = hay.find(key)
            while i >= 0:
                e = i + len(key)
                if not (i > 0 and _is_letter(text[i - 1])) \
                        and not (e < len(text) and _is_letter(text[e])):
                    index = doc.line_index(i)
                    if text[i:e] == key:
                        loud = shouted.get(index)
                        if loud is None:
                            loud = shouted[index] = cls._shouted(doc, index)
                        if not loud:
                            break  # written in lower case: "US"/"us" are not compared
                    lines.add(index)
                i = hay.find(key, i + 1)
            else:
                kept.add(key)
                found |= lines
        return kept, sorted(found)

    @staticmethod
    def _shouted(doc: Document, index: int) -> bool:
        """Whether ``check`` skips line ``index`` as shouted (most of its words in caps)."""
        start, end = doc.line_span(index)
        words = _TOKEN.findall(doc.text, start, end)
        n_upper = sum(map(str.isupper, words))
        return len(words) >= 2 and n_upper * 2 >= len(words)

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
    def _dateline(toks: list[re.Match[str]], first_upper: bool, text: str, line_start: int,
                  line_end: int) -> set[int]:
        """Leading capitals of a dateline or label line ("KYIV, Ukraine (AP) —", "UPDATE:");
        ``first_upper``: whether the line's first word is in capitals."""
        if not toks or not first_upper or text[line_start:toks[0].start()].strip():
            return set()
        first = toks[0].start()
        head = text[first:min(line_end, first + 60)]
        cut = min((i for i in (head.find(c) for c in "(—–:-") if i > 0), default=-1)
        if cut < 0:
            return set()
        return {i for i, m in enumerate(toks) if m.start() < first + cut}


# -- NL403 ---------------------------------------------------------------------------


class _Variants(NamedTuple):
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
    return _Variants(sets, member_of, PhraseMatcher(keys, dfa_after=_VARIANT_DFA_AFTER),
                     PhraseMatcher(exceptions))


#: characters scanned for spelling variants in one process after which their automaton
#: is rebuilt as a DFA (~5 ms to build, more than twice as fast to scan, the same
#: matches); by id of the variant sets: [characters scanned, DFA or None]
#: characters scanned before the variants' automaton is rebuilt as a DFA (batch runs)
_VARIANT_DFA_AFTER = 1_000_000


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
    text = doc.text
    for index in range(len(doc.line_starts)):
        start, end = doc.line_span(index)
        t = text[start:end]
        if '"' not in t and "“" not in t:
            continue
        i = 0
        while True:
            # the next opening mark, then its closing one (a straight quote opened
            # by a straight quote closes it; "”" closes either)
            opened = min((k for k in (t.find("“", i), t.find('"', i)) if k >= 0), default=-1)
            if opened < 0:
                break
            closed = t.find("”", opened + 1)
            if t[opened] == '"':
                straight = t.find('"', opened + 1)
                if straight >= 0 and (closed < 0 or straight < closed):
                    closed = straight
            if closed < 0:
                out.append((start + opened, end))
                break
            out.append((start + opened, start + closed + 1))
            i = closed + 1
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
        hits: list[tuple[int, str, int, int]] = []
        members: dict[int, set[str]] = defaultdict(set)
        for index, start, end in ((m.index, m.start, m.end) for m in v.matcher.finditer(text)):
            if not text[start:start + 1].isupper():
                continue
            idx, member = v.member_of[v.matcher.phrases[index]]
            hits.append((idx, member, start, end))
            members[idx].add(member)
        if all(len(got) < 2 for got in members.values()):
            return  # no set has two of its spellings here: fixed names and quotes can't matter
        fixed = _Spans([(m.start, m.end) for m in v.exceptions.finditer(text)])
        quoted = _Spans(_quoted_spans(doc))  # a quotation keeps its speaker's spelling
        found: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        for idx, member, start, end in hits:
            if fixed.covers(start, end) or quoted.covers(start, end):
                continue
            found[idx].append((member, start, end))
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
