"""The outlet registry and the per-document outlet analysis the NL3xx/NL4xx rules share.

The registry (``data/outlets.toml``, extended from config) is turned once per
process into:

- one Aho–Corasick automaton over every canonical name and alias (lower-cased),
  which finds full mentions anywhere in a document;
- dictionaries of near misses, consulted only at attribution positions: every
  word-boundary truncation of a name ("the guard" for "The Guardian"), every
  name with its spaces removed ("bbcrussian", and its truncations), and the long
  names bucketed by length for a 1–2 edit typo check ("Reuteurs");
- one automaton over the attribution phrases ("per", "according to", "reported").

``analyse(doc, registry)`` finds every mention and near miss in a document, says
where each stands (after a lead phrase, before a verb, dangling at the end of a
sentence, after a ``Source:`` label) and caches the result in ``doc.cache`` so the
citation and name rules run it once per document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, cached_property
from typing import Any, NamedTuple

from newslint import Document, Option, RuleUnavailable
from newslint.cache import cached
from newslint.document import Span, split_sentences
from newslint.matching import PhraseMatcher
from newslint.rules import data_path, data_text, data_toml, user_toml

OUTLET_KINDS = ("newspaper", "agency", "broadcaster", "magazine", "online", "language-service")

#: Options of every rule that reads the registry ([tool.newslint.outlets]).
OUTLET_OPTIONS: tuple[Option, ...] = (
    Option("extra-outlets-file", "path", "",
           "a TOML file of extra [[outlet]] entries (name, aliases, kind, country)"),
    Option("extend-outlets", "str-list", [],
           "extra outlets, each 'Name' or 'Name | alias | alias'"),
)


class Outlet(NamedTuple):
    """One registry entry. A named tuple: 1,184 of them unpickle from the cache fast."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "online"
    country: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# -- loading -------------------------------------------------------------------------


def _outlets_from_toml(data: dict[str, Any], where: str) -> list[Outlet]:
    entries = data.get("outlet", [])
    if not isinstance(entries, list):
        raise RuleUnavailable(f"{where}: [[outlet]] must be an array of tables")
    out: list[Outlet] = []
    for i, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        aliases = entry.get("aliases", []) if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(aliases, list) \
                or not all(isinstance(a, str) for a in aliases):
            raise RuleUnavailable(f"{where}: outlet #{i + 1} needs a name and a list of aliases")
        out.append(Outlet(name.strip(), tuple(a.strip() for a in aliases if a.strip()),
                          str(entry.get("kind", "online")), str(entry.get("country", ""))))
    return out


def _outlets_from_strings(items: Iterable[str]) -> list[Outlet]:
    out = []
    for item in items:
        parts = [p.strip() for p in item.split("|") if p.strip()]
        if parts:
            out.append(Outlet(parts[0], tuple(parts[1:])))
    return out


_STRING = re.compile(r'"([^"\\]*)"')


def array_of_tables(text: str, table: str) -> dict[str, Any] | None:
    """Parse a TOML file that is only ``[[table]]`` entries of one-line ``key = value``
    pairs (strings, arrays of strings) about ten times faster than tomllib, which
    costs 20+ ms on the registry at every start. Returns None (use tomllib) for
    anything else; a test checks both parsers agree on the shipped files."""
    header = f"[[{table}]]"
    entries: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] == "#":
            continue
        if line == header:
            entries.append({})
            continue
        key, eq, value = line.partition("=")
        key = key.strip()
        if not eq or not entries or not key.replace("-", "").replace("_", "").isalnum():
            return None
        value = value.strip()
        if value[:1] == "[" and value.endswith("]") and "#" not in value:
            pass
        elif value[:1] == '"':
            end = value.rfind('"')
            rest = value[end + 1:].strip()
            if end == 0 or (rest and rest[0] != "#"):
                return None
            value = value[:end + 1]
        else:
            return None
        parsed: Any
        if "\\" in value:
            try:
                import json  # rare: only for values the fast reader does not parse

                parsed = json.loads(value)
            except ValueError:
                return None
        elif value[0] == '"':
            parsed = value[1:-1]
            if '"' in parsed:
                return None
        else:
            parsed = _STRING.findall(value)
            if _STRING.sub("", value[1:-1]).replace(",", "").strip():
                return None
        if not (isinstance(parsed, str) or (isinstance(parsed, list)
                                            and all(isinstance(x, str) for x in parsed))):
            return None
        entries[-1][key] = parsed
    return {table: entries}


@cache
def shipped_tables(name: str, table: str) -> dict[str, Any]:
    """A shipped data file of ``[[table]]`` entries, parsed once per process."""
    return array_of_tables(data_text(name), table) or data_toml(name)


def load_outlets(extra_file: str = "", extend: tuple[str, ...] = ()) -> list[Outlet]:
    """The shipped registry plus a user's file and list; same canonical names merge."""
    outlets = _outlets_from_toml(shipped_tables("outlets.toml", "outlet"), "outlets.toml")
    if extra_file:
        try:
            extra = user_toml(extra_file)
        except (OSError, ValueError) as exc:
            raise RuleUnavailable(f"extra-outlets-file {extra_file}: {exc}") from exc
        outlets += _outlets_from_toml(extra, extra_file)
    outlets += _outlets_from_strings(extend)
    merged: dict[str, Outlet] = {}
    for outlet in outlets:
        key = outlet.name.casefold()
        old = merged.get(key)
        if old is None:
            merged[key] = outlet
        else:
            aliases = tuple(dict.fromkeys((*old.aliases, *outlet.aliases)))
            merged[key] = Outlet(old.name, aliases, old.kind, old.country)
    return list(merged.values())


# -- the registry's indexes ----------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+")


def _words(form: str) -> list[str]:
    return form.split()


def _strip_article(lower: str) -> str:
    return lower[4:] if lower.startswith("the ") else lower


#: attributes of OutletRegistry computed on first use and never pickled
_DERIVED = frozenset(["matcher", "pieces", "_memo", "_long_index", "_dfa", "_scanned"])

#: characters of text scanned for registry names in one process after which the
#: automaton is rebuilt as a DFA: the same matches, ~4 ms/MB faster to scan, but
#: ~40 ms and ~18 MB to build, so only once a batch run has spent about that long
#: scanning with the default automaton (never for one file at a pre-commit hook)
_DFA_AFTER = 10_000_000


class OutletRegistry:
    """The outlets and the indexes the rules look names up in (see ``build``)."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        #: lower-cased form -> outlet indexes (a form like "the times" may name two)
        self.by_lower: dict[str, tuple[int, ...]] = {}
        #: every form exactly as registered
        self.exact: frozenset[str] = frozenset()
        #: (lower-cased form, outlet index), sorted: truncations are found by bisection
        self.sorted_forms: list[tuple[str, int]] = []
        #: (form with its spaces removed, word ends, outlet index), sorted, for "bbcrussia"
        self.sorted_glued: list[tuple[str, tuple[int, ...], int]] = []
        #: long lower-cased forms (article removed) by length, for the typo check
        self.long_forms: dict[int, list[tuple[str, int]]] = {}
        self.keys: list[str] = []

    @cached_property
    def matcher(self) -> PhraseMatcher:
        """One automaton over every form; built on first use, never pickled."""
        return PhraseMatcher(self.keys, dfa_after=_DFA_AFTER,
                             _keys=self.keys)  # keys are lowered already

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in _DERIVED}

    def find_forms(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(index in ``keys``, start, end) of every whole-word registry form in ``text``."""
        for m in self.matcher.finditer(text):
            yield m.index, m.start, m.end

    # -- derived indexes: built on first use from the fields above, never pickled ----

    @cached_property
    def pieces(self) -> list[str]:
        """Every word of every lower-cased form, and every form with its spaces removed,
        sorted: a token that is a prefix of none of them can end or start no exact,
        cut or glued name, so most words are dismissed with one bisection."""
        words = {w for low in self.by_lower for w in low.split()}
        words.update(glued for glued, _, _ in self.sorted_glued)
        return sorted(words)

    def could_be_name(self, low: str) -> bool:
        """Whether the lower-cased token ``low`` begins some word of a registry name."""
        pieces = self.pieces
        i = bisect_left(pieces, low)
        return i < len(pieces) and pieces[i].startswith(low)

    @cached_property
    def _memo(self) -> dict[tuple[str, str], Any]:
        """Look-ups by lower-cased text; emptied when it grows past 100,000 entries."""
        return {}

    def _remember(self, key: tuple[str, str], value: Any) -> Any:
        memo = self._memo
        if len(memo) >= 100_000:
            memo.clear()
        memo[key] = value
        return value

    def truncation_of_cached(self, low: str) -> tuple[int, ...]:
        return self._lookup_cached("t", low, self.truncation_of)

    def glued_of_cached(self, low: str) -> tuple[int, ...]:
        return self._lookup_cached("g", low, self.glued_of)

    def _lookup_cached(self, kind: str, low: str,
                       lookup: Callable[[str], tuple[int, ...]]) -> tuple[int, ...]:
        """A near-miss lookup, memoised per registry (the same words recur across a corpus)."""
        key = (kind, low)
        got = self._memo.get(key)
        if got is None:
            got = self._remember(key, lookup(low))
        return got  # type: ignore[no-any-return]

    @cached_property
    def _long_index(self) -> dict[int, tuple[dict[str, list[int]], dict[str, list[int]]]]:
        """For each length of the long forms: positions in ``long_forms[length]`` by
        first letter and by last letter (the typo check looks at no other forms)."""
        index: dict[int, tuple[dict[str, list[int]], dict[str, list[int]]]] = {}
        for length, forms in self.long_forms.items():
            firsts: dict[str, list[int]] = {}
            lasts: dict[str, list[int]] = {}
            for pos, (form, _) in enumerate(forms):
                firsts.setdefault(form[0], []).append(pos)
                lasts.setdefault(form[-1], []).append(pos)
            index[length] = (firsts, lasts)
        return index

    def closest_long_form(self, bare: str, limit: int) -> tuple[int, int] | None:
        """(distance, outlet) of the first long form nearest ``bare`` within ``limit``
        edits, among forms sharing its first or last letter (memoised per registry)."""
        key = ("d" + str(limit), bare)
        if key in self._memo:
            return self._memo[key]  # type: ignore[no-any-return]
        best: tuple[int, int] | None = None
        for length in range(len(bare) - limit, len(bare) + limit + 1):
            entry = self._long_index.get(length)
            if entry is None:
                continue
            firsts, lasts = entry
            a = firsts.get(bare[0], [])
            b = lasts.get(bare[-1], [])
            positions = sorted({*a, *b}) if a and b else (a or b)
            forms = self.long_forms[length]
            for pos in positions:
                form, idx = forms[pos]
                d = _dl_distance(bare, form, limit)
                if d <= limit and (best is None or d < best[0]):
                    best = (d, idx)
        return self._remember(key, best)  # type: ignore[no-any-return]

    @classmethod
    def build(cls, outlets: list[Outlet]) -> OutletRegistry:
        """Index the registry: cheap (sorting), so start-up stays fast; near misses are
        looked up lazily, only for the few candidates in attribution position."""
        reg = cls(outlets)
        by_lower: dict[str, list[int]] = {}
        exact: set[str] = set()
        for idx, outlet in enumerate(outlets):
            for form in outlet.forms:
                exact.add(form)
                low = form.lower()
                by_lower.setdefault(low, []).append(idx)
                reg.sorted_forms.append((low, idx))
                words = _strip_article(low).split()
                if len(words) >= 2:
                    ends, total = [], 0
                    for w in words:
                        total += len(w)
                        ends.append(total)
                    reg.sorted_glued.append(("".join(words), tuple(ends), idx))
                bare = _strip_article(low)
                if len(bare) >= 7:
                    reg.long_forms.setdefault(len(bare), []).append((bare, idx))
        reg.sorted_forms.sort()
        reg.sorted_glued.sort()
        reg.by_lower = {k: tuple(dict.fromkeys(v)) for k, v in by_lower.items()}
        reg.exact = frozenset(exact)
        reg.keys = list(reg.by_lower)
        return reg

    def truncation_of(self, low: str) -> tuple[int, ...]:
        """Outlets of which ``low`` is a cut inside a word keeping ≥ 4 letters of it.

        "the guard" for "The Guardian"; never a cut at a word end ("New York" is a
        place, not a cut "New York Times"), never a cut of a short one-word name
        ("Time", "Fox").
        """
        last = low.rsplit(" ", 1)[-1]
        if len(last) < 4 or not low[-1:].isalpha() or low in self.by_lower:
            return ()
        out: list[int] = []
        i = bisect_left(self.sorted_forms, (low, -1))
        k = len(low)
        while i < len(self.sorted_forms) and self.sorted_forms[i][0].startswith(low):
            form, idx = self.sorted_forms[i]
            i += 1
            if len(form) == k or not form[k].isalpha():
                continue
            bare = _strip_article(form).split()
            if len(bare) == 1 and len(bare[0]) < 7:
                continue
            out.append(idx)
        return tuple(dict.fromkeys(out))

    def glued_of(self, low: str) -> tuple[int, ...]:
        """Outlets whose words run together make ``low`` ("bbcrussia": BBC Russian),
        reaching ≥ 4 letters into a word after the first."""
        out: list[int] = []
        i = bisect_left(self.sorted_glued, (low,))
        k = len(low)
        while i < len(self.sorted_glued) and self.sorted_glued[i][0].startswith(low):
            _, ends, idx = self.sorted_glued[i]
            i += 1
            for j in range(1, len(ends)):
                if ends[j - 1] + 4 <= k <= ends[j]:
                    out.append(idx)
                    break
        return tuple(dict.fromkeys(out))

    def names(self, idxs: Iterable[int]) -> list[str]:
        return [self.outlets[i].name for i in idxs]


@cache
def outlet_registry(extra_file: str = "", extend: tuple[str, ...] = ()) -> OutletRegistry:
    """The registry and its indexes: built once per process per configuration, and
    kept in the on-disk cache between runs (parsing it costs ~20 ms at every start)."""
    shipped = data_path("outlets.toml")
    inputs = [shipped, extra_file] if extra_file else [shipped]
    return cached("outlets", inputs, lambda: OutletRegistry.build(load_outlets(extra_file,
                                                                               extend)),
                  extra=repr(extend))


def registry_for(settings: Any) -> OutletRegistry:
    return outlet_registry(str(settings.get("extra-outlets-file") or ""),
                           tuple(settings.get("extend-outlets") or ()))


# -- attribution phrases -------------------------------------------------------------


class Attribution(NamedTuple):
    lead: tuple[str, ...]
    follow: tuple[str, ...]
    labels: tuple[str, ...]
    dangling_ok: frozenset[str]
    matcher: PhraseMatcher
    lead_set: frozenset[str]


@cache
def attribution() -> Attribution:
    """The attribution phrases and their automaton (kept in the on-disk cache)."""
    name = "citations_attribution.toml"
    return cached("attribution", [data_path(name)], lambda: _build_attribution(name))


def _build_attribution(name: str) -> Attribution:
    data = data_toml(name)
    lead = tuple(data["lead"])
    follow = tuple(data["follow"])
    return Attribution(lead, follow, tuple(data["labels"]), frozenset(data["dangling-ok"]),
                       PhraseMatcher([*lead, *follow]), frozenset(lead))


# -- per-document analysis -----------------------------------------------------------


class Mention(NamedTuple):
    """An outlet name (or a near miss of one) at ``text[start:end]``."""

    start: int
    end: int
    text: str
    outlets: tuple[int, ...]
    kind: str  # exact | case | truncated | glued | typo
    position: str  # lead | follow | dangling | label | "" (none)
    anchor: str = ""  # the lead phrase or verb that puts it in attribution position


class Analysis(NamedTuple):
    mentions: list[Mention]  # every full mention found by the automaton
    attributed: list[Mention]  # mentions and near misses in attribution position
    named: set[int]  # outlets named in their registered form somewhere in the document


_TOKEN = re.compile(r"[^\W_][\w&'’!.\-]*")
_LABEL_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z /]{0,20}?)\s*:\s*")
_CLAUSE_END = re.compile(r"""\s*(?:[.,;:!?)\]"”…—–]|['’](?!s\b)|$)""")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "its", "his", "her", "their",
                          "our", "my", "your"])
_FOREIGN_ARTICLES = frozenset(["il", "la", "le", "les", "lo", "el", "los", "las", "der", "die",
                               "das", "de", "het", "o", "a", "os", "as", "al", "l"])
_VERB_CONTEXT = frozenset(["to", "not", "will", "would", "can", "could", "should", "may",
    "might", "must", "did", "do", "does", "never", "also", "always", "often", "still", "just",
    "i", "you", "we", "they", "he", "she", "it", "who", "which", "that", "and", "or", "but",
    "then", "even", "only", "please", "cannot"])
_STRONG_LEADS = frozenset({"per", "as per", "via"})
_OPENERS = "\"'“‘([«—–- "


def _clean_token(text: str, start: int) -> tuple[int, int]:
    end = start + len(text)
    while end > start and text[end - start - 1] in ".!'’-":
        end -= 1
        text = text[:-1]
    return start, end


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Word tokens of text[lo:hi], with trailing stops and quotes removed."""
    out = []
    for m in _TOKEN.finditer(text, lo, hi):
        s, e = _clean_token(m.group(), m.start())
        if e > s:
            out.append((s, e))
    return out


_STRIPPED = ".!'’-"  # what _clean_token removes from a token's end
_RUN_CHARS = "_&'’!.-"  # token characters besides letters and digits
#: a sentence-final stop (and closing quotes) where a sentence may end
_FINAL_STOP = re.compile(r"[.!?][\"”’')\]]*(?=\s|\Z)")
#: the first token after a lead phrase, with only spaces before it
_FIRST_TOKEN = re.compile(r"\s*([^\W_][\w&'’!.\-]*)")


#: in the reversed text: spaces, then a run of token characters (a token read backwards)
_REV_RUN = re.compile(r"\s*([\w&'’!.\-]+)")


@cache
def _rev_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two patterns for the reversed text, compiled on first use (not at start-up):

    - ``_last_word``'s token when it is a word: no stripped stop or quote before the
      spaces, and up to its first letter or digit (the last one read);
    - ``_REV_RUN``'s run and up to four more whitespace-separated runs: the most
      ``_tail_tokens`` can take its tokens from (each token lies in one run).
    """
    return (re.compile(r"\s*(?![.!'’\-])([\w&'’!.\-]*[^\W_])"),
            re.compile(r"\s*([\w&'’!.\-]+)(?:\s+[\w&'’!.\-]+){0,4}"))


def _last_word(text: str, rev: str, lo: int, stop: int) -> str | None:
    """The token ending right before ``stop`` (after spaces) as ``_tail_tokens`` would
    find it, "" if there is none, or None if it may reach back past ``lo`` (then the
    caller must look properly). One C-level match on the reversed text."""
    m = _REV_RUN.match(rev, len(text) - stop)
    if m is None:
        return "" if text[lo:stop].isspace() or lo == stop else None
    start = len(text) - m.end()
    if start <= lo:
        return None
    raw = m.group(1)[::-1]
    if raw[-1] in _STRIPPED:
        return ""  # a stop or quote before the spaces: no run of words reaches here
    k = 0
    while k < len(raw) and not raw[k].isalnum():
        k += 1
    return raw[k:]


def _first_tokens(text: str, lo: int, hi: int, limit: int) -> list[tuple[int, int]]:
    """``_tokens(text, lo, hi)[:limit]`` without tokenising the rest."""
    out = []
    for m in _TOKEN.finditer(text, lo, hi):
        out.append(_clean_token(m.group(), m.start()))
        if len(out) == limit:
            break
    return out


def _tail_tokens(text: str, lo: int, stop: int, limit: int = 5) -> list[tuple[int, int]]:
    """The last ≤ ``limit`` tokens of text[lo:stop] with only spaces between them and
    before ``stop``: ``_tail_run(_tokens(text, lo, stop), stop)`` read backwards, so
    only the few characters that matter are looked at."""
    run: list[tuple[int, int]] = []
    pos = stop
    while len(run) < limit:
        j = pos
        while j > lo and text[j - 1].isspace():
            j -= 1
        if j == lo:
            break
        ch = text[j - 1]
        if not (ch.isalnum() or ch == "_" or ch == "&"):
            break  # punctuation (or a stripped stop) between: the run ends here
        k = j - 1
        while k > lo and (text[k - 1].isalnum() or text[k - 1] in _RUN_CHARS):
            k -= 1
        while k < j and not text[k].isalnum():
            k += 1  # a token starts at its first letter or digit
        if k == j:
            break
        run.append((k, j))
        pos = k
    run.reverse()
    return run


def _line_start_after(text: str, lo: int, pos: int) -> int:
    """The start of the line holding ``pos``, or ``lo`` if that is later."""
    return max(lo, text.rfind("\n", lo, pos) + 1, text.rfind("\r", lo, pos) + 1)


def _line_end_before(text: str, pos: int, hi: int) -> int:
    """The end of the line holding ``pos``, or ``hi`` if that is earlier."""
    for br in "\n\r":
        k = text.find(br, pos, hi)
        if k >= 0:
            hi = k
    return hi


def _case_ok(found: str, forms: set[str]) -> bool:
    if found in forms or (found.isupper() and len(found) > 1):
        return True
    flipped = ("The" + found[3:]) if found.startswith("the ") else (
        "the" + found[3:] if found.startswith("The ") else found)
    return flipped in forms


def _dl_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance if it is at most
    ``limit``, else ``limit + 1``.

    Only the diagonal band ``|i - j| <= limit`` of the table is filled (an alignment
    within ``limit`` edits never leaves it), and the search stops at the first row
    whose every cell exceeds ``limit``: ~3× faster than the full table.
    """
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    big = limit + 1
    prev2: list[int] = []
    prev = [j if j <= limit else big for j in range(lb + 1)]
    for i in range(1, la + 1):
        lo = i - limit if i > limit else 1
        hi = i + limit if i + limit < lb else lb
        cur = [big] * (lb + 1)
        if i <= limit:
            cur[0] = i
        ai = a[i - 1]
        row_min = cur[0]
        for j in range(lo, hi + 1):
            v = prev[j - 1] + (ai != b[j - 1])  # substitution (or match)
            if prev[j] + 1 < v:
                v = prev[j] + 1  # deletion
            if cur[j - 1] + 1 < v:
                v = cur[j - 1] + 1  # insertion
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1] \
                    and prev2[j - 2] + 1 < v:
                v = prev2[j - 2] + 1  # transposition
            if v > big:
                v = big
            cur[j] = v
            if v < row_min:
                row_min = v
        if row_min > limit:
            return big
        prev2, prev = prev, cur
    return prev[-1] if prev[-1] <= limit else big


class _Analyser:
    def __init__(self, doc: Document, reg: OutletRegistry) -> None:
        self.doc = doc
        self.text = doc.text
        self.reg = reg
        self.att = attribution()
        self.forms_of: dict[int, set[str]] = {}
        self.rev = self.text[::-1]  # read backwards with forward regexes
        # sentences are split only for the few lines a candidate stands on
        self._line_sentences: dict[int, list[Span]] = {}
        self._line_starts: dict[int, set[int]] = {}

    def forms(self, idx: int) -> set[str]:
        got = self.forms_of.get(idx)
        if got is None:
            got = self.forms_of[idx] = set(self.reg.outlets[idx].forms)
        return got

    def sentences_of_line(self, index: int) -> list[Span]:
        """The document's sentences on one line (sentences never cross a line)."""
        got = self._line_sentences.get(index)
        if got is None:
            start, end = self.doc.line_span(index)
            got = self._line_sentences[index] = split_sentences(self.text[start:end], start)
        return got

    def is_sentence_start(self, offset: int) -> bool:
        """Whether a sentence's first word (after opening quotes) starts at ``offset``."""
        index = self.doc.line_index(offset)
        starts = self._line_starts.get(index)
        if starts is None:
            starts = self._line_starts[index] = set()
            text = self.text
            for s in self.sentences_of_line(index):
                i = s.start
                while i < s.end and text[i] in _OPENERS:
                    i += 1
                starts.add(i)
        return offset in starts

    def run(self) -> Analysis:
        text, reg = self.text, self.reg
        mentions: list[Mention] = []
        named: set[int] = set()
        for index, start, end in reg.find_forms(text):
            idxs = reg.by_lower[reg.keys[index]]
            found = text[start:end]
            ok = [i for i in idxs if _case_ok(found, self.forms(i))]
            if ok:
                named.update(ok)
            mentions.append(Mention(start, end, found, tuple(ok or idxs),
                                    "exact" if ok else "case", ""))
        near: dict[tuple[int, int], Mention] = {}
        for cand in self._candidates():
            old = near.get((cand.start, cand.end))
            if old is None:
                near[cand.start, cand.end] = cand
        # a mention inside a longer one at the same place is the same mention
        kept = sorted(near.values(), key=lambda c: (c.start, -(c.end - c.start)))
        out: list[Mention] = []
        for c in kept:
            if out and c.start < out[-1].end:
                continue
            out.append(c)
        return Analysis(mentions, out, named)

    # -- attribution positions ------------------------------------------------------

    def _may_end_name(self, toks: list[tuple[int, int]]) -> bool:
        """Can a lookup or typo check on a run ending with ``toks[-1]`` find anything?
        Every such name ends with a word that begins a registry word; a typo needs the
        last word capitalised (or "the")."""
        s, e = toks[-1]
        low = self.text[s:e].lower()
        return self.text[s].isupper() or low == "the" or self.reg.could_be_name(low)

    def _candidates(self) -> Iterator[Mention]:
        text = self.text
        att = self.att
        reg = self.reg
        n = len(text)
        for m in att.matcher.finditer(text):
            phrase = att.matcher.phrases[m.index]
            if phrase in att.lead_set:
                hi = _line_end_before(text, m.end, min(n, m.end + 120))
                first = _FIRST_TOKEN.match(text, m.end, hi)
                if first is None:
                    continue  # nothing, or punctuation, right after the lead phrase
                word = first.group(1).rstrip(_STRIPPED)
                low = word.lower()
                if not (word[0].isupper() or low == "the" or reg.could_be_name(low)):
                    continue  # "told reporters": no name can start here
                toks = _first_tokens(text, m.end, hi, 5)
                yield from self._forward(toks, "lead", phrase.lower(), m.end)
            else:
                if m.start > 0 and text[m.start - 1] in "'’":
                    continue
                lo = _line_start_after(text, max(0, m.start - 120), m.start)
                word = _last_word(text, self.rev, lo, m.start)
                if word is not None and not (word and (
                        word[0].isupper() or reg.could_be_name(word.lower())
                        or word.lower() == "the")):
                    continue  # "he said": no name can end here
                toks = _tail_tokens(text, lo, m.start)
                if not toks or not self._may_end_name(toks):
                    continue
                yield from self._backward(toks, "follow", phrase.lower())
        for lo, hi, lm in self._label_lines():
            if lm.group(1).strip().lower() in att.labels:
                start = lo + lm.end()
                toks = _first_tokens(text, start, hi, 5)
                yield from self._forward(toks, "label", lm.group(1).lower(), start)
        prev = 0
        rev, pieces = self.rev, reg.pieces
        rev_word_pattern, rev_tail_pattern = _rev_patterns()
        rev_word, rev_tail = rev_word_pattern.match, rev_tail_pattern.match
        for stop in _FINAL_STOP.finditer(text):
            # the few tokens before a sentence-final stop: is a name possible there?
            # This loop sees every sentence of the document, so it first reads the
            # token before the stop with one C-level match on the reversed text: the
            # tail's last token is that token when the tail has one, and no name can
            # end with a token that begins no registry word (``_last_word``, but the
            # line start is only needed for the few stops that pass)
            pos = stop.start()
            last, prev = prev, pos
            rm = rev_word(rev, n - pos)
            if rm is None:
                continue  # no word, or a stop or quote, right before: no run of words ends here
            low = rm.group(1)[::-1].lower()
            i = bisect_left(pieces, low)  # ``could_be_name``, inlined
            if i == len(pieces) or not pieces[i].startswith(low):
                continue  # "... last year.": no name ends with that word
            if rev_tail(rev, n - pos).group().islower():  # type: ignore[union-attr]
                continue  # no capital in the last five words: no dangling name
            # the line start (never before the previous stop)
            line_lo = max(last, text.rfind("\n", last, pos) + 1, text.rfind("\r", last, pos) + 1)
            tail = _tail_tokens(text, line_lo, pos)
            if not tail or not any(text[s].isupper() for s, _ in tail):
                continue  # a dangling name starts with a capital
            if not self._may_end_name(tail) or not self._may_dangle(tail):
                continue
            sent = self._sentence_ending_at(stop.start(), stop.end())
            if sent is None:
                continue
            end = sent.end
            while end > sent.start and text[end - 1] in "\"”’')]":
                end -= 1
            if end == sent.start or text[end - 1] not in ".!?":
                continue
            toks = _tokens(text, sent.start, end)
            if len(toks) < 4:
                continue
            tail = self._tail_run(toks, end - 1)
            if not tail or tail[0] == toks[0]:
                continue
            for cand in self._backward(tail, "dangling", ""):
                if self._dangling(cand, toks):
                    yield cand

    def _may_dangle(self, tail: list[tuple[int, int]]) -> bool:
        """Can ``_dangling`` accept a name in this run (the line's last ≤ 5 tokens before
        a stop)? Checked before the line is split into sentences: the name must start
        with a capital on a token that begins a registry word, right after a lower-case
        word that is not in ``dangling-ok`` — or open a full run of five, whose
        preceding word lies outside it."""
        text = self.text
        for i, (s, e) in enumerate(tail):
            if not text[s].isupper():
                continue
            if not self.reg.could_be_name(text[s:e].lower()):
                continue
            if i == 0:
                if len(tail) == 5:
                    return True
                continue
            ps, pe = tail[i - 1]
            prev = text[ps:pe]
            if prev.isalpha() and prev.islower() and prev.lower() not in self.att.dangling_ok:
                return True
        return False

    def _sentence_ending_at(self, stop: int, end: int) -> Span | None:
        for sent in self.sentences_of_line(self.doc.line_index(stop)):
            if sent.end == end:
                return sent
        return None

    def _label_lines(self) -> Iterator[tuple[int, int, re.Match[str]]]:
        """(line start, line end, match) of each line that opens with a label and a
        colon ("Source: ..."): only the first colon of a line can end its label."""
        text, doc = self.text, self.doc
        i = text.find(":")
        while i >= 0:
            # the line's bounds from the line index (searching for the line breaks
            # around each colon would rescan a text without "\r" to its ends)
            lo, hi = doc.line_span(doc.line_index(i))
            lm = _LABEL_LINE.match(text[lo:hi])
            if lm is not None:
                yield lo, hi, lm
            i = text.find(":", hi)

    def _tail_run(self, toks: list[tuple[int, int]], stop: int) -> list[tuple[int, int]]:
        """The last ≤ 5 tokens before ``stop`` with only spaces between them."""
        run: list[tuple[int, int]] = []
        pos = stop
        for s, e in reversed(toks):
            gap = self.text[e:pos]
            if gap.strip():
                break
            run.append((s, e))
            pos = s
            if len(run) == 5:
                break
        run.reverse()
        return run

    def _forward(self, toks: list[tuple[int, int]], position: str, anchor: str,
                 origin: int) -> Iterator[Mention]:
        if not toks or self.text[origin:toks[0][0]].strip():
            return
        run = [toks[0]]
        for s, e in toks[1:]:
            if self.text[run[-1][1]:s].strip():
                break
            run.append((s, e))
        best = None
        # "per the Gotham Gazette" names "Gotham Gazette": try without the article too
        firsts = [0, 1] if len(run) > 1 and self.text[run[0][0]:run[0][1]].lower() == "the" \
            else [0]
        for first in firsts:
            for j in range(len(run), first, -1):
                best = self._lookup(run[first][0], run[j - 1][1], position, anchor)
                if best is not None:
                    break
            if best is not None:
                break
        if best is None:
            best = self._typo(run, position, anchor, forward=True)
        if best is not None:
            yield best

    def _backward(self, run: list[tuple[int, int]], position: str,
                  anchor: str) -> Iterator[Mention]:
        if not run:
            return
        best = None
        for i in range(len(run)):
            cand = self._lookup(run[i][0], run[-1][1], position, anchor)
            if cand is not None:
                best = cand
                break
        if best is None:
            best = self._typo(run, position, anchor, forward=False)
        if best is not None:
            yield best

    def _lookup(self, start: int, end: int, position: str, anchor: str) -> Mention | None:
        found = self.text[start:end]
        low = found.lower()
        reg = self.reg
        idxs = reg.by_lower.get(low)
        if idxs is not None:
            ok = [i for i in idxs if _case_ok(found, self.forms(i))]
            if ok:
                return Mention(start, end, found, tuple(ok), "exact", position, anchor)
            if self._wrong_case_ok(found, idxs, start, end, position, anchor):
                return Mention(start, end, found, idxs, "case", position, anchor)
            return None
        idxs = reg.truncation_of_cached(low)
        if idxs and self._truncation_ok(found, start, end, position, anchor):
            return Mention(start, end, found, idxs, "truncated", position, anchor)
        if " " not in found and _CAMEL.search(found):
            idxs = reg.glued_of_cached(low)
            if idxs:
                return Mention(start, end, found, idxs, "glued", position, anchor)
        return None

    def _wrong_case_ok(self, found: str, idxs: tuple[int, ...], start: int, end: int,
                       position: str, anchor: str) -> bool:
        """Is a registry name in the wrong case here damage, not an ordinary word?

        "per the times" and "according to cnn" are; "according to the hill," and
        "according to science," are English, and "per tempo." or "per il giornale."
        are Italian, so a lower-cased name counts only when it is an acronym or
        camel-cased ("cnn", "huffpost"), several words that are not a sentence of
        their own ("the washington post"), or "the X" right after "per"/"via".
        """
        low = found.lower()
        if position in ("follow", "dangling"):
            # "the times said" / "the sun." are ordinary English; "The guardian said" is not
            if found[:1].isupper():
                return not self.is_sentence_start(start)
        elif not _CLAUSE_END.match(self.text, end):
            return False
        elif found[:1].isupper() or (low.startswith("the ") and anchor in _STRONG_LEADS):
            return True
        for i in idxs:
            for form in self.forms(i):
                if form.lower() != low:
                    continue
                bare = _strip_article(form)
                words = bare.split()
                if _CAMEL.search(bare) or (bare.isupper() and len(bare) > 1):
                    return True
                if len(words) >= 2 and words[0].lower() not in _FOREIGN_ARTICLES \
                        and all(w[:1].isupper() for w in words):
                    return True
        return False

    def _truncation_ok(self, found: str, start: int, end: int, position: str,
                       anchor: str) -> bool:
        """A cut name ("The guard") counts where an outlet is expected and it stands out.

        It must start with a capital that is not a sentence's first letter. One-word
        cuts ("Bloom", "Reut") are surnames as often as outlets, so they count only
        after "per"/"via"/"Source:"; several words count after any lead or dangling
        at the end of a sentence ("per The guard", "documents The guard.").
        Before a verb a cut is never trusted: "The report says" is a subject.
        """
        if position == "follow" or not _CLAUSE_END.match(self.text, end):
            return False
        if not found[:1].isupper() or self.is_sentence_start(start):
            return False
        return " " in found or position == "label" or anchor in _STRONG_LEADS

    def _typo(self, run: list[tuple[int, int]], position: str, anchor: str, *,
              forward: bool) -> Mention | None:
        """A capitalised run one or two edits from a long registry name."""
        text = self.text
        caps = [t for t in run if text[t[0]].isupper() or text[t[0]:t[1]].lower() == "the"]
        # the capitalised run touching the anchor
        seq: list[tuple[int, int]] = []
        for t in (run if forward else reversed(run)):
            if t not in caps:
                break
            seq.append(t)
        if not forward:
            seq.reverse()
        if not seq or position == "dangling":
            return None
        start, end = seq[0][0], seq[-1][1]
        # the checks are independent: the cheap ones first, the sentence split last
        if any(text[s:e].isupper() for s, e in seq):
            return None  # acronyms one letter apart are different outlets (NBC, CBC, BBC)
        bare = _strip_article(text[start:end].lower())
        if len(bare) < 7 or bare in self.reg.by_lower:
            return None
        if position in ("lead", "label") and not _CLAUSE_END.match(text, end) \
                and not self._followed_by_verb(end):
            return None
        best = self.reg.closest_long_form(bare, 2 if len(bare) >= 12 else 1)
        if best is None:
            return None
        if position == "follow" and self.is_sentence_start(start):
            return None
        return Mention(start, end, text[start:end], (best[1],), "typo", position, anchor)

    def _followed_by_verb(self, end: int) -> bool:
        nxt = self.text[end:end + 20].split()
        return bool(nxt) and nxt[0].lower() in self.att.follow

    def _dangling(self, cand: Mention, toks: list[tuple[int, int]]) -> bool:
        """An outlet glued to the end of a sentence with no attribution word before it."""
        text = self.text
        if cand.kind not in ("exact", "truncated", "typo", "glued"):
            return False
        if not cand.text[:1].isupper() or self.is_sentence_start(cand.start):
            return False
        before = [t for t in toks if t[1] <= cand.start]
        if len(before) < 3:
            return False
        ps, pe = before[-1]
        if text[pe:cand.start].strip():
            return False  # punctuation between: "…, Reuters." is a dateline-like tag
        prev = text[ps:pe]
        low = prev.lower()
        if not prev.isalpha() or not prev.islower() or low in self.att.dangling_ok:
            return False
        # the word before that tells a noun ("bilateral documents", "the meeting") from
        # a verb ("Trump slams CNN.", "they trust CNN.", "would sue Reuters.")
        qs, qe = before[-2]
        pp = text[qs:qe]
        if not pp.islower() or pp in _VERB_CONTEXT or pp.endswith(("n't", "n’t")):
            return False
        if cand.kind == "exact" and low.endswith("s") and not low.endswith("ss"):
            return False  # "documents" or "slams": only a garbled name tips the balance
        if low.endswith("ing"):
            # "the meeting Reuters." is a noun; "praising Reuters." is a verb's object
            return len(before) >= 2 and text[before[-2][0]:before[-2][1]].lower() in _DETERMINERS
        return not (low.endswith("ed") or low.endswith("ly"))


def analyse(doc: Document, reg: OutletRegistry) -> Analysis:
    """Outlet mentions of ``doc`` (computed once per document and registry)."""
    key = f"outlets:{id(reg)}"
    got = doc.cache.get(key)
    if got is None:
        got = doc.cache[key] = _Analyser(doc, reg).run()
    assert isinstance(got, Analysis)
    return got


def choose_outlet(reg: OutletRegistry, analysis: Analysis, mention: Mention) -> str:
    """The outlet a garbled mention most likely means: one the article names, if any."""
    idxs: Sequence[int] = mention.outlets
    named = [i for i in idxs if i in analysis.named]
    if named:
        return reg.outlets[named[0]].name
    # "the times" with The New York Times named elsewhere: a named outlet ending alike
    bare = _strip_article(mention.text.lower())
    if mention.kind in ("case", "truncated"):
        for i in sorted(analysis.named):
            for form in reg.outlets[i].forms:
                low = form.lower()
                if low.endswith(" " + bare) or (mention.kind == "truncated"
                                                and bare in low and len(bare) >= 4):
                    return reg.outlets[i].name
    low = mention.text.lower()
    for i in idxs:
        if reg.outlets[i].name.lower() == low:
            return reg.outlets[i].name
    return reg.outlets[idxs[0]].name
