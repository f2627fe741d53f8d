"""One shared judgement per line for the site-chrome rules (NL2xx).

``analyse(doc, extra)`` classifies every line of a document once and caches the
result in ``doc.cache``; each NL2xx rule then reports the lines given its code.
The judgement combines three kinds of evidence:

* phrases from ``data/chrome_phrases.toml`` (plus the user's), found by one
  Aho–Corasick pass over the whole text, and counted only where they sit in the
  line as the data file says (whole line, start, end, anywhere);
* the shape of the line: length, terminal punctuation, Title Case or capitals,
  pipes and bullets, "By NAME", timestamps, "©", e-mail addresses;
* its place: the article body is found as the densest run of sentence-like
  lines (a maximum-sum segment, as jusText and boilerpipe do); short lines
  outside it, lines under a "Related" header, and short lines between two
  chrome lines are chrome too.

Every verdict carries a short reason naming the signal that fired.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import accumulate, chain, groupby
from operator import mul
from typing import Any, NamedTuple

from newslint.cache import cached
from newslint.document import Document
from newslint.matching import PhraseMatcher
from newslint.rules import data_path, data_text, data_toml, user_toml

CODES = ("NL201", "NL202", "NL203", "NL204", "NL205", "NL206", "NL207", "NL208", "NL209")
CUT_OFF = "NL211"
POSITIONS = ("line", "start", "end", "any")
KIND = {
    "NL201": "comment form",
    "NL202": "share/subscribe prompt",
    "NL203": "breadcrumb or navigation",
    "NL204": "photo caption or credit",
    "NL205": "advertisement or notice",
    "NL206": "related link or 'read more'",
    "NL207": "footer, copyright or author bio",
    "NL208": "byline or timestamp",
    "NL209": "truncated headline echo",
    "NL211": "article cut off",
}

# bump when PhraseTable, Phrase or Model change shape: entries of the on-disk cache
# (newslint.cache) are pickles of them
_CACHE_FORMAT = "chrome-3"

_ANY_MAX_WORDS = 60
_START_MAX_WORDS = 40

# Line classes before smoothing.
GOOD, SHORT, BAD = 1, 0, -1

def _words(text: str) -> list[str]:
    return text.split()


_STOPWORDS = frozenset(
    _words("""
    a an the and or but of to in on at for with by from as is are was were be been has have
    had it its this that these those he she they we you i his her their our not no will would
    can could should may might said says than then so if into about after over more who which
    what when where there also up out just all one two new o os as um uma de do da dos das em
    no na nos nas e é que por para com não se mais ao à foi são ser como mas seu sua ou quando
    muito já também só pelo pela der die das den dem des ein eine einer eines und oder ist
    sind war nicht mit von zu im auf für sich auch es er sie wir ich aber als wie bei nach aus
    noch nur vor el la los las un una y en del al con por para es su lo le se que le la les un
    une des et est dans pour pas sur au aux ce qui ne il elle il lo gli di che è per non una""")
)

_MONTHS_DAYS = frozenset(
    _words("""
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december mon tue tues wed thu thur thurs fri sat
    sun monday tuesday wednesday thursday friday saturday sunday janeiro fevereiro março abril
    maio junho julho agosto setembro outubro novembro dezembro segunda terça quarta quinta
    sexta sábado domingo feira januar februar märz juni juli oktober dezember montag dienstag
    mittwoch donnerstag freitag samstag sonntag enero febrero marzo mayo junio julio
    septiembre octubre noviembre diciembre lunes martes miércoles jueves viernes sábado
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi
    mardi mercredi jeudi vendredi samedi dimanche""")
)
_TIME_FILLER = frozenset(
    _words("""
    published updated posted last first modified on at am pm a.m p.m et pt ct mt gmt utc bst
    cet cest est edt pst pdt cst cdt hst ist jst aest ago hours hour minutes minute mins min
    days day weeks week h de em às um uma publicado atualizado atualizada postado
    veröffentlicht aktualisiert am um uhr actualizado publicado le mis à jour the of and read
    reading time""")
)

_CAPTION_VERBS = frozenset(
    _words("""
    speaks talks walks looks poses arrives arrive stands stand gestures waves attends holds
    hold shake shakes sits sit leaves leave listens listen delivers pictured seen shown smiles
    smile celebrates celebrate reacts react wait waits gather gathers march marches displays
    display prays pray""")
)

_STRIP = " \t\f\v\r\n\u00a0\u2000\u2001\u2002\u2003\u2009\u200a\u200b\u202f\u3000\ufeff"
_TERMINAL = ".!?…。！？"
_CLOSERS = "\"”’'»)]*"
_BULLETS = "-–—•·*»›>|/\\#:;,.…▶►▸→■□●○◆◇✓✔"

class _Regexes:
    """The line regexes, compiled on first use (not at import: pre-commit start-up)."""

    def __init__(self) -> None:
        c = re.compile
        # a time, or a date in digits; ``date`` also takes a bare year
        full_date = r"\d{1,2}:\d{2}|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
        self.full_date = c(full_date)
        self.date = c(full_date + r"|\b(?:19|20)\d{2}\b")
        self.byline = c(r"(?:By|BY|by|Von|VON|Por|POR|Par|PAR|Di|Door|Av)\s+(\S)")
        self.email = c(r"[\w.+-]+@[\w-]+\.[\w.]+")
        self.gallery = c(r"(?:image|photo|picture|foto|bild|slide|imagem)\s+\d+\s+"
                         r"(?:of|de|von|/|sur)\s+\d+", re.I)
        self.caption_date = c(
            r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|Mar|Apr|May|June?|July?|"
            r"Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, (?:19|20)\d{2}\b")
        # "(left)"; its other form, ", left, ", is looked for with `in`
        self.caption_side = c(
            r"\((?:left|right|centre|center|front|rear|top|bottom|L|R|pictured)\)")
        self.year_or_time = c(r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
        self.any_digit = c(r"\d")
        self.ascii_digit = c(r"[0-9]")
        self.counter = c(r"^[\d\s.,:|()+-]*$")
        self.bracket_tag = c(r"\[\s*[A-Z][A-Z ]{2,}\]\s*\|?$")
        self.split_sep = c(r"\s(?:\||•|·|»|›|>|/)\s")
        self.word = c(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
        # a credit label glued to the caption before it, as extractors join the caption's
        # and the credit's text nodes: "... sought treatmentCredit: EPA"
        # (two lower-case letters before it: not "iPhoto:" or "MyPhotos:")
        self.glued_credit = c(r"[a-zß-ÿ]{2}(Credits?|Photos?|Pictures?|Images?|Fotos?|"
                              r"Crédito|Bild):\s*\S")
        self.quote_char = c("[\"“”«»„]")
        self.separator_char = c("[|•»·›]")


@cache
def _regexes() -> _Regexes:
    return _Regexes()


_RELATED_HEADER = "NL206"
_PAGE_DUMP_LINES = 20
_FEW_LINES = 6  # non-blank lines: a document this short gets the few_* features
_NEAR = 2


class Phrase(NamedTuple):
    code: str
    position: str
    text: str


class Verdict(NamedTuple):
    """A line judged chrome: its code, the signal that fired, the span to report."""

    code: str
    reason: str
    start: int
    end: int


class Analysis:
    __slots__ = ("_by_code", "cut_off", "verdicts")

    def __init__(self, verdicts: dict[int, Verdict], cut_off: Verdict | None) -> None:
        self.verdicts = verdicts  # line number -> verdict
        self.cut_off = cut_off
        self._by_code: dict[str, list[Verdict]] | None = None

    def by_code(self, code: str) -> list[Verdict]:
        """The verdicts of one code, in document order: grouped once per document, so
        that each of the ten rules reads only its own lines, not every verdict."""
        groups = self._by_code
        if groups is None:
            groups = self._by_code = {}
            for verdict in self.verdicts.values():
                group = groups.get(verdict.code)
                if group is None:
                    groups[verdict.code] = [verdict]
                else:
                    group.append(verdict)
        return groups.get(code, [])


class PhraseTable:
    """All chrome phrases (shipped + user) behind one Aho–Corasick automaton."""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        keys: dict[str, list[Phrase]] = {}
        for ph in phrases:
            keys.setdefault(ph.text.lower(), []).append(ph)
        self.keys = list(keys)
        self.entries = [keys[k] for k in self.keys]
        self.matcher = PhraseMatcher(self.keys, _keys=self.keys)  # keys are lowered
        self.longest = max(map(len, self.keys), default=0)


def parse_phrase_tables(data: dict[str, Any], origin: str) -> list[Phrase]:
    out: list[Phrase] = []
    for code, table in data.items():
        if code not in CODES and code != CUT_OFF:
            raise ValueError(f"{origin}: unknown chrome code {code!r} (known: "
                             f"{', '.join((*CODES, CUT_OFF))})")
        if not isinstance(table, dict):
            raise ValueError(f"{origin}: [{code}] must be a table")
        for position, items in table.items():
            if position not in POSITIONS:
                raise ValueError(f"{origin}: [{code}] {position!r} is not one of "
                                 f"{', '.join(POSITIONS)}")
            if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                raise ValueError(f"{origin}: [{code}] {position} must be a list of strings")
            out.extend(Phrase(code, position, x.strip()) for x in items if x.strip())
    return out


def parse_extension(entry: str) -> Phrase:
    """``"NL202 start: Join our channel"`` -> Phrase; the position defaults to ``line``."""
    head, sep, phrase = entry.partition(":")
    parts = head.split()
    if not sep or not parts or parts[0].upper() not in (*CODES, CUT_OFF) or len(parts) > 2:
        raise ValueError(
            f"extend-chrome-phrases entry {entry!r}: expected 'CODE[ POSITION]: phrase', "
            "e.g. 'NL202 start: Join our WhatsApp channel'"
        )
    position = parts[1].lower() if len(parts) == 2 else "line"
    if position not in POSITIONS:
        raise ValueError(f"extend-chrome-phrases entry {entry!r}: position must be one of "
                         f"{', '.join(POSITIONS)}")
    if not phrase.strip():
        raise ValueError(f"extend-chrome-phrases entry {entry!r}: empty phrase")
    return Phrase(parts[0].upper(), position, phrase.strip())


@cache
def phrase_table(extra: tuple[str, ...] = (), user_file: str = "") -> PhraseTable:
    """Built once per process for each distinct set of user additions, and kept in the
    on-disk cache between runs (parsing the TOML file costs ~10 ms at every start)."""

    def build() -> PhraseTable:
        phrases = parse_phrase_tables(data_toml("chrome_phrases.toml"), "chrome_phrases.toml")
        if user_file:
            phrases += parse_phrase_tables(user_toml(user_file), user_file)
        phrases += [parse_extension(e) for e in extra]
        return PhraseTable(phrases)

    shipped = data_path("chrome_phrases.toml")
    inputs = [shipped, user_file] if user_file else [shipped]
    return cached("chrome-phrases", inputs, build, extra=f"{_CACHE_FORMAT} {extra!r}")


def _phrase_hits(lines: list[_L], table: PhraseTable, every_line: bool = False
                 ) -> dict[int, list[tuple[int, int, int]]]:
    """Phrase matches (start, end within the line, phrase index) by line index.

    Only lines where a phrase can count are searched, joined by newlines into one text
    for one pass of the automaton: lines of 60 words or fewer, the last three lines
    (cut-off markers), and longer lines whose core (without bullets, counters and
    punctuation) is no longer than the longest phrase (a whole-line phrase). Long prose
    lines, most of an article's text, are skipped. Whole-word checks see the same
    non-word neighbours at a line's edges (a newline instead of the stripped blanks).
    ``every_line`` searches all lines (tests compare the two).
    """
    longest = table.longest
    last3 = len(lines) - 3
    keep: list[int] = []
    for i, x in enumerate(lines):
        if every_line or x.nw <= _ANY_MAX_WORDS or i >= last3 or len(x.text) <= longest:
            keep.append(i)
        else:
            cs, ce = _core_span(x.text)
            if ce - cs <= longest:
                keep.append(i)
    parts = [lines[i].text for i in keep]
    hay = "\n".join(parts)
    starts = [0, *accumulate(len(p) + 1 for p in parts)]
    hits: dict[int, list[tuple[int, int, int]]] = {}
    for m in table.matcher.finditer(hay):
        k = bisect_right(starts, m.start) - 1
        base = starts[k]
        hits.setdefault(keep[k], []).append((m.start - base, m.end - base, m.index))
    return hits


# -- per-line features -------------------------------------------------------------------

def _core_span(t: str) -> tuple[int, int]:
    """The line without leading/trailing bullets, arrows, counters and punctuation."""
    s, e = 0, len(t)
    while s < e and (t[s] in _BULLETS or t[s].isspace() or t[s] in "\"“‘'(["):
        s += 1
    while e > s and (t[e - 1] in _BULLETS or t[e - 1].isspace() or t[e - 1] in _CLOSERS
                     or t[e - 1] in "!?"):
        e -= 1
    # trailing counters: "Comments 12", "Share 0"
    e2 = e
    while e2 > s and (t[e2 - 1].isdigit() or t[e2 - 1] in " ()"):
        e2 -= 1
    if e2 > s and e2 < e:
        e = e2
    while s < e and (t[s].isdigit() and s + 1 < e and t[s + 1] in " )."):
        s += 2
        while s < e and t[s].isspace():
            s += 1
    return s, e


def _is_timestamp(t: str, words: list[str]) -> bool:
    R = _regexes()
    if len(words) > 16 or (not R.date.search(t) and not any(
        w.lower().strip(".,") in _MONTHS_DAYS for w in words
    )):
        return False
    rest = 0
    has_date_word = False
    for w in R.word.findall(t):
        lw = w.lower().rstrip(".")
        if lw in _MONTHS_DAYS:
            has_date_word = True
        elif lw not in _TIME_FILLER:
            rest += 1
    if not has_date_word and not R.date.search(t):
        return False
    if rest and not has_date_word and R.full_date.search(t) is None:
        return False  # a year beside words is a headline or a section ("Budget 2019")
    if rest <= 1:
        return True
    # "Chris Davies - Nov 19, 2019, 8:15 pm CST": a name beside the date
    return rest <= 4 and not t.endswith(".") and R.year_or_time.search(t) is not None and all(
        w[0].isupper() for w in R.word.findall(t)
        if w.lower().rstrip(".") not in _MONTHS_DAYS and w.lower().rstrip(".") not in _TIME_FILLER
    )


def _title_ratio(words: list[str]) -> float:
    n = up = 0
    for w in words:
        c = w[0]
        if c.isalpha():
            n += 1
            if c.isupper():
                up += 1
    return up / n if n else 0.0


class _L:
    """One non-blank line and what the passes found out about it (a plain slotted class:
    cheaper to create than a dataclass, and nothing to build at import)."""

    __slots__ = (
        "_title",
        "cls",
        "code",
        "ellipsis",
        "end",
        "headline",
        "indent",
        "keep",
        "low_words",
        "number",
        "nw",
        "place",
        "reason",
        "sentence_end",
        "start",
        "strong",
        "text",
        "words",
    )

    def __init__(self, number: int, start: int, end: int, text: str, indent: bool) -> None:
        self.number = number
        self.start = start  # content start offset in doc.text
        self.end = end
        self.text = text
        # the number of words of str.split(), without splitting when the only blanks are
        # single ASCII spaces (every other blank is a non-printable character)
        if text.isprintable() and "  " not in text:
            self.words: list[str] | None = None
            self.nw = text.count(" ") + 1
        else:
            self.words = text.split()
            self.nw = len(self.words)
        self.indent = indent  # the raw line starts with blanks
        self.code = ""
        self.reason = ""
        self.strong = False
        self.keep = False  # the headline above the body: never judged chrome by place
        self.place = False  # the code was given by place, not by a phrase or the shape
        t = text.rstrip(_CLOSERS)
        sentence_end = self.sentence_end = t != "" and t[-1] in _TERMINAL
        self.ellipsis = text.endswith(("...", "…"))
        self.low_words: list[str] | None = None
        self._title = -1.0
        # the class from the line alone, before phrases, shape and place (built with the
        # line: one pass over the lines less)
        nw = self.nw
        if nw >= 25 or (nw < 3 and len(text) >= 40):
            self.cls = GOOD
        elif nw >= 20 or (nw >= 8 and sentence_end):
            stops = len(_STOPWORDS.intersection(self.lw()))
            self.cls = GOOD if stops >= 0.1 * nw else SHORT
        else:
            self.cls = SHORT
        self.headline = not sentence_end and 3 <= nw <= 20 and self.title_ratio() >= 0.6

    def ws(self) -> list[str]:
        """The words of the line (str.split()); cached."""
        if self.words is None:
            self.words = self.text.split()
        return self.words

    def lw(self) -> list[str]:
        """The words of the line, lower-cased; cached."""
        if self.low_words is None:
            self.low_words = self.text.lower().split()
        return self.low_words

    def title_ratio(self) -> float:
        """The share of words (first character a letter) that start upper-case; cached."""
        if self._title < 0:
            self._title = _title_ratio(self.ws())
        return self._title


def _phrase_verdict(line: _L, hits: list[tuple[int, int, int]], table: PhraseTable,
                    cut: list[_L]) -> None:
    """Apply phrase hits (offsets within the line) to a line."""
    t = line.text
    cs, ce = _core_span(t)
    if ce <= cs:
        return
    covered = 0
    best: tuple[int, str, str] | None = None  # (priority, code, reason)
    for s, e, idx in hits:
        for ph in table.entries[idx]:
            if ph.code == CUT_OFF:
                if (ph.position == "line" and s <= cs and e >= ce) or (
                        ph.position == "start" and s <= cs):
                    cut.append(line)
                continue
            if ph.position == "line":
                covered += e - s
                if s <= cs and e >= ce:
                    cand = (4, ph.code, f"the line is the phrase {t[s:e]!r}")
                else:
                    continue
            elif ph.position == "start":
                if s > cs or line.nw > _START_MAX_WORDS:
                    continue
                cand = (3, ph.code, f"starts with {t[s:e]!r}")
            elif ph.position == "end":
                if line.nw > _ANY_MAX_WORDS or t.endswith("."):
                    continue  # (before slicing: a huge line may hold thousands of hits)
                if t[e:].strip().strip(_CLOSERS + ","):
                    continue
                before = t[:s].rstrip()
                if line.nw > 8 and not (before and before[-1] in "|/,(—–-:;"):
                    continue
                cand = (2, ph.code, f"ends with credit {t[s:e]!r}")
            else:
                if line.nw > _ANY_MAX_WORDS:
                    continue
                cand = (1, ph.code, f"contains {t[s:e]!r}")
            if best is None or cand[0] > best[0]:
                best = cand
    if best is None and line.nw <= 25:
        per_code: dict[str, int] = {}
        for _s, _e, idx in hits:
            for ph in table.entries[idx]:
                if ph.position == "line" and ph.code != CUT_OFF:
                    per_code[ph.code] = per_code.get(ph.code, 0) + 1
        for code, count in per_code.items():
            if count >= 3:
                best = (1, code, f"names {count} chrome items")
    if best is None and covered and line.nw <= 12:
        letters = sum(1 for ch in t[cs:ce] if ch.isalnum())
        if letters and covered >= 0.8 * letters + 1 - 1:
            # several whole-line phrases fill the line ("Facebook Twitter Email")
            for _s, _e, idx in hits:
                for ph in table.entries[idx]:
                    if ph.position == "line" and ph.code != CUT_OFF:
                        best = (4, ph.code, "the line is made of chrome phrases")
                        break
                if best:
                    break
    if best is not None:
        line.cls, line.code, line.reason, line.strong = BAD, best[1], best[2], True


def _shape_verdict(line: _L, first: bool) -> None:
    """Regex and shape signals for one line (only where cheap and plausible)."""
    R = _regexes()
    t = line.text
    nw = line.nw
    if nw <= 20:
        m = R.byline.match(t)
        if m and m.group(1).isupper() and (nw <= 8 or not line.sentence_end):
            nxt = t[m.end(1) - 1:].split(None, 1)[0].strip(",.").lower()
            if nxt not in _MONTHS_DAYS:
                line.cls, line.code, line.strong = BAD, "NL208", True
                line.reason = "'By NAME' byline"
                return
        if t.startswith(("Copyright", "COPYRIGHT")) and R.year_or_time.search(t[:20]):
            line.cls, line.code, line.strong, line.reason = BAD, "NL207", True, "copyright line"
            return
        if ("©" in t or "ⓒ" in t):
            low = t.lower()
            code = "NL204" if ("photo" in low or "image" in low or "foto" in low) else "NL207"
            line.cls, line.code, line.strong, line.reason = BAD, code, True, "'©' mark"
            return
        if R.gallery.match(t):
            line.cls, line.code, line.strong = BAD, "NL204", True
            line.reason = "gallery counter 'Image N of M'"
            return
        if R.any_digit.search(t) and _is_timestamp(t, line.ws()):
            line.cls, line.code, line.strong = BAD, "NL208", True
            line.reason = "timestamp line"
            return
        if "@" in t and nw <= 14 and R.email.search(t):
            line.cls, line.code, line.strong = BAD, "NL207", True
            line.reason = "contact e-mail address"
            return
        if t.endswith("]") and R.bracket_tag.search(t):
            line.cls, line.code, line.strong = BAD, "NL206", True
            line.reason = "promoted headline with a [TAG]"
            return
        if nw >= 3 and not line.sentence_end and not (t[0] == "|" and t[-1] == "|") \
                and len(R.split_sep.findall(t)) >= 2:
            line.cls, line.code, line.strong = BAD, "NL203", True
            line.reason = "items joined by pipes, bullets or arrows"
            return
    glued = R.glued_credit.search(t) if nw <= 80 and ":" in t else None
    if glued is not None:
        word = t[t.rfind(" ", 0, glued.start()) + 1:glued.end(1) + 1]
        line.cls, line.code, line.strong = BAD, "NL204", True
        line.reason = f"caption with its credit glued on ({word!r})"
        return
    # the dated caption needs "day" and ", 19xx" / ", 20xx": looked for with `in` first
    if 8 <= nw <= 80 and (("day" in t and (", 19" in t or ", 20" in t)
                           and R.caption_date.search(t))
                          or ("(" in t and R.caption_side.search(t))
                          or (", " in t and (", left, " in t or ", right, " in t
                                             or ", center, " in t or ", centre, " in t))):
        line.cls, line.code, line.strong = BAD, "NL204", True
        line.reason = "photo caption (full dated 'Weekday, Month D, YYYY' or '(left)')"
        return
    if "©" in t and nw <= 40:
        line.cls, line.code, line.strong, line.reason = BAD, "NL204", True, "'©' credit"
        return


def _signature(line: _L) -> tuple[str, bool, bool]:
    t = line.text
    first = t.split(None, 1)[0].lower().strip(".,:;-–—")
    kind = "month" if first in _MONTHS_DAYS else "digit" if first[:1].isdigit() else \
        "bullet" if t[0] in _BULLETS else first
    return kind, (" – " in t or " -- " in t or " - " in t), (":" in t)


def _in_list(lines: list[_L], i: int) -> bool:
    """True when the line shares its shape with two neighbours: an item of a list."""
    sig = _signature(lines[i])
    same = sum(1 for j in (i - 2, i - 1, i + 1, i + 2)
               if 0 <= j < len(lines) and _signature(lines[j]) == sig)
    return same >= 2


def _name_like(t: str) -> bool:
    words = t.split()
    return 2 <= len(words) <= 3 and all(
        w[0].isupper() and w[1:].replace("-", "").replace(".", "").replace("'", "").isalpha()
        and not w.isupper() for w in words
    )


def _kadane(values: list[float]) -> tuple[int, int]:
    best = cur = 0.0
    best_s, best_e, s = 0, -1, 0
    for i, v in enumerate(values):
        if cur <= 0:
            cur, s = v, i
        else:
            cur += v
        if cur > best:
            best, best_s, best_e = cur, s, i
    return best_s, best_e


def analyse(doc: Document, extra: tuple[str, ...] = (), user_file: str = "") -> Analysis:
    key = ("chrome", extra, user_file)
    cached = doc.cache.get("chrome")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    result = _analyse(doc, phrase_table(extra, user_file))
    doc.cache["chrome"] = (key, result)
    return result


def _analyse(doc: Document, table: PhraseTable,
             collect: list[tuple[int, list[float], bool, bool]] | None = None) -> Analysis:
    text = doc.text
    R = _regexes()
    lines: list[_L] = []
    append = lines.append
    for number, start, _end, raw in doc.lines:
        t = raw.strip(_STRIP)
        if not t or not t.strip():  # blank, or only separators str.split() sees as blank
            continue
        if t is raw:  # nothing stripped (the common case)
            append(_L(number, start, start + len(t), t, False))
        else:
            s = len(raw) - len(raw.lstrip(_STRIP))
            append(_L(number, start + s, start + s + len(t), t, s > 0))
    if not lines:
        return Analysis({}, None)
    hits = _phrase_hits(lines, table)

    cut: list[_L] = []
    n = len(lines)
    # the value of each line for the body search (below): sentence-like lines count for,
    # short lines and chrome against
    values: list[float] = []
    value = values.append
    for i, line in enumerate(lines):
        t = line.text
        nw = line.nw
        if i in hits:
            _phrase_verdict(line, hits[i], table, cut)
        if not line.strong and (nw <= 20 or "©" in t or (nw <= 80 and (
                "day" in t or "(" in t or ", left" in t or ", right" in t or ":" in t))):
            _shape_verdict(line, i == 0)
        cls = line.cls
        if cls == GOOD:
            value(2.0 + min(nw, 60) / 20)
        elif cls == BAD:
            value(-2.0)
        else:
            value(-0.6 if nw <= 6 else -0.3)

    # -- place: the article body is the densest run of sentence-like lines --------------
    bs, be = _kadane(values)
    body_ok = be >= bs and sum(1 for x in lines[bs:be + 1] if x.cls == GOOD) >= 2

    verdicts: dict[int, Verdict] = {}

    def mark(line: _L, code: str, reason: str) -> None:
        if not line.keep:
            line.cls, line.code, line.reason, line.place = BAD, code, reason, True

    # A whole-page text dump (menus, footers and all) has many short lines on both sides
    # of the body, and many of one to three words (menu items); an extractor's output
    # with a long list in the article has not.
    above = below = nav = 0
    for i in chain(range(min(bs, n)), range(max(be + 1, 0), n)):  # outside the body
        x = lines[i]
        if x.cls == GOOD:
            continue
        if i < bs:
            above += 1
        else:
            below += 1
        if x.nw <= 3 and not R.counter.match(x.text):
            nav += 1
    page_dump = (body_ok and above + below >= _PAGE_DUMP_LINES and nav >= _PAGE_DUMP_LINES // 2
                 and above >= 3 and below >= 1)
    # the headline just above the body is not chrome, even in a page dump
    head = bs - 1
    while head >= 0 and lines[head].strong and lines[head].code in ("NL208", "NL204"):
        head -= 1
    if 0 <= head < bs and 3 <= lines[head].nw <= 25 and not lines[head].code:
        lines[head].keep = True
    last_strong = -99
    outside = chain(range(1, bs), range(be + 1, n)) if body_ok else ()
    for i in outside:  # the lines around the body (never the first line)
        line = lines[i]
        if i > be and line.strong:
            last_strong = i
        if line.code:
            continue
        if line.cls == GOOD:
            if page_dump:
                mark(line, "NL203" if i < bs else "NL206",
                     f"text {'above' if i < bs else 'below'} the article body, in a page "
                     "full of menu lines")
            continue
        if i < bs:
            if page_dump:
                mark(line, "NL203", "short line without terminal punctuation above the "
                     "article body, in a page full of such lines")
            continue
        code = "NL206" if line.headline or line.ellipsis else "NL207"
        if page_dump:
            mark(line, code, "short line without terminal punctuation below the article body, "
                 "in a page full of such lines")
        elif i - last_strong <= _NEAR and not R.counter.match(line.text) \
                and not _in_list(lines, i):
            mark(line, code, "short line below the article body, after chrome")

    # a bare name beside a byline or timestamp: the author
    for i in [i for i, x in enumerate(lines) if 2 <= x.nw <= 3]:
        line = lines[i]
        if line.code or not _name_like(line.text):
            continue
        if (i > 0 and lines[i - 1].code == "NL208") or (i + 1 < n and lines[i + 1].code == "NL208"):
            mark(line, "NL208", "author name beside a byline or timestamp")

    # related-links header: the short lines under it belong to the block
    for i in [i for i, x in enumerate(lines) if x.strong and x.code == _RELATED_HEADER]:
        line = lines[i]
        if line.nw <= 6:
            j = i + 1
            while j < n and not lines[j].code and lines[j].cls != GOOD and lines[j].nw <= 20 \
                    and not lines[j].sentence_end:
                mark(lines[j], "NL206", "headline under a related-links header")
                j += 1

    # short lines between two chrome lines
    for i in range(1, n - 1):
        line = lines[i]
        if not line.code and line.cls != GOOD and lines[i - 1].code and lines[i + 1].code:
            mark(line, lines[i - 1].code if i > bs else lines[i + 1].code,
                 "short line between chrome lines")

    # truncated echoes of the headline and teasers ending in "..."
    low_text: str | None = None
    for i in [i for i, x in enumerate(lines) if x.ellipsis]:
        line = lines[i]
        if line.nw > 40:
            continue
        body = line.text.rstrip(".…").split()
        if len(body) >= 3:
            if low_text is None:
                low_text = text.lower()
            probe = " ".join(body[-4:]).lower()
            pos = low_text.find(probe)
            while pos != -1 and line.start <= pos < line.end:
                pos = low_text.find(probe, pos + 1)
            if pos != -1:
                mark(line, "NL209", "truncated copy of a line found elsewhere in the article")
                continue
        if not line.code and (line.cls != GOOD or i > be) and body_ok and (i < bs or i > be):
            mark(line, "NL206", "teaser ending in '...' outside the article body")

    _decide(lines, bs, be, body_ok, page_dump, verdicts, collect)

    cut_off: Verdict | None = None
    tail = [x for x in lines[-3:] if x in cut]
    if tail:
        x = tail[-1]
        cut_off = Verdict(CUT_OFF, f"ends at {x.text[:40]!r}", x.start, x.end)
    else:
        last = next((x for x in reversed(lines) if not x.code), None)
        if last is not None and last is lines[-1] and last.nw >= 12 and not last.sentence_end \
                and (last.text[-1].isalpha() or last.text[-1] == ",") \
                and last.text[-1].islower():
            cut_off = Verdict(CUT_OFF, "the last line ends mid-sentence", last.start, last.end)
    return Analysis(verdicts, cut_off)


# -- the learned decision --------------------------------------------------------------
#
# Every line gets a vector of generic features (shape, place, neighbours, phrase hits by
# category, the whole document's shape); a logistic-regression model trained offline on
# a labelled corpus (tools/train_chrome.py, weights in data/chrome_model.json) turns it
# into a probability that the line is chrome. Phrase and shape hits stay direct verdicts.

FEATURES: tuple[str, ...] = (
    "bias", "log_words", "words_le_2", "words_le_5", "words_le_10", "words_ge_25",
    "chars_per_word", "ends_terminal", "ends_colon", "ends_ellipsis", "ends_question",
    "ends_paren", "starts_lower", "starts_digit", "title_ratio", "all_caps", "digit_ratio",
    "has_url", "has_at", "has_separator", "indented", "quotes", "stopword_ratio",
    "first_person", "date_or_time", "sentence_like", "repeated", "rel_words",
    "rel_pos", "above_body", "below_body", "dist_body", "first_line", "last_line",
    "prev_short", "next_short", "prev_terminal", "next_terminal", "prev_hit", "next_hit",
    "short_run",
    "hit_comment", "hit_prompt", "hit_nav", "hit_caption", "hit_related", "hit_footer",
    "hit_byline", "hit_echo", "hand_place",
    "doc_short_share", "page_dump", "doc_log_lines", "no_body",
    "short_below", "short_above", "dump_outside", "title_below", "first_person_below",
    "sentence_below", "headline_run", "words_before", "words_after",
    "numeric_only", "numeric_run", "cjk", "topic_overlap", "no_topic_words",
    "few_lines", "few_last_line", "few_rel_pos", "few_below_body", "few_terminal",
    "last_short_sentence",
)

_HIT_FEATURE = {
    "NL201": "hit_comment", "NL202": "hit_prompt", "NL205": "hit_prompt", "NL203": "hit_nav",
    "NL204": "hit_caption", "NL206": "hit_related", "NL207": "hit_footer",
    "NL208": "hit_byline", "NL209": "hit_echo",
}
_FIRST_PERSON = frozenset(_words("I I'm I've I'd I'll my me lol"))
_HIT_VECTORS = {code: tuple(float(name == feature) for name in (
    "hit_comment", "hit_prompt", "hit_nav", "hit_caption", "hit_related", "hit_footer",
    "hit_byline", "hit_echo")) for code, feature in _HIT_FEATURE.items()}
_NO_HIT = (0.0,) * 8
_SEPARATORS = "|•»·›"
_QUOTES = "\"“”«»„"
_DIGITS = "0123456789"


class Model(NamedTuple):
    names: tuple[str, ...]
    weights: tuple[float, ...]  # over FEATURES
    threshold: float


@cache
def chrome_models() -> dict[str, Model]:
    """The trained weights (data/chrome_model.json), parsed once per process (and kept
    in the on-disk cache between runs).

    Two models: ``body`` for an extractor's article body, ``page_dump`` for the text
    of a whole page (menus, footers and all), told apart by the document's shape.
    """

    def build() -> dict[str, Model]:
        import json  # only needed when the cache is cold

        data = json.loads(data_text("chrome_model.json"))
        out = {}
        for kind in ("body", "page_dump"):
            m = data[kind]
            w = m["weights"]
            out[kind] = Model(tuple(w), tuple(float(v) for v in w.values()),
                              float(m["threshold"]))
        return out

    return cached("chrome-model", [data_path("chrome_model.json")], build, extra=_CACHE_FORMAT)


# Features that need a scan of the line's text (or of the body's words); the others come
# from the line's length, ends, place and neighbours. With a single-stage model a line is
# first scored on the cheap features plus the most the costly ones could add (every
# costly feature lies in [0, 1]); only lines that can reach the threshold get a full row.
_COSTLY = frozenset((
    "title_ratio", "digit_ratio", "has_url", "has_separator", "quotes", "stopword_ratio",
    "first_person", "date_or_time", "cjk", "topic_overlap", "no_topic_words", "title_below",
    "first_person_below",
))

# the costly features triage leaves to the full row (it computes the others exactly)
_LOOSE = ("stopword_ratio", "topic_overlap", "no_topic_words")


class _Features:
    """The per-document part of the features; rows of chosen lines on demand."""

    def __init__(self, lines: list[_L], bs: int, be: int, body_ok: bool, page_dump: bool
                 ) -> None:
        self.lines = lines
        self.bs, self.be, self.body_ok, self.page_dump = bs, be, body_ok, page_dump
        n = self.n = len(lines)
        texts = [x.text for x in lines]
        nwl = [x.nw for x in lines]
        ends = [x.sentence_end for x in lines]
        nws = sorted(nwl)
        self.median = max(nws[n // 2], 1)
        self.short_share = bisect_right(nws, 6) / n
        self.log_lines = math.log1p(n) / 5
        self.seen = Counter(texts)
        shorts = [nw <= 10 and not e for nw, e in zip(nwl, ends, strict=True)]
        run: list[int] = []  # length of the run of short lines each line belongs to
        for is_short, grp in groupby(shorts):
            size = len(list(grp))
            run += [size if is_short else 0] * size
        self.run = run
        hit = [x.strong for x in lines]
        heads = [3 <= nw <= 20 and not e and t[0].isupper()
                 for nw, e, t in zip(nwl, ends, texts, strict=True)]
        counter = _regexes().counter.match
        numeric = self.numeric = [nw <= 3 and counter(t) is not None
                                  for nw, t in zip(nwl, texts, strict=True)]
        self.head_run = [h and (a or b) for h, a, b in zip(
            heads, [False, *heads], [*heads[1:], False], strict=False)]
        self.numeric_run = [h and (a or b) for h, a, b in zip(
            numeric, [False, *numeric], [*numeric[1:], False], strict=False)]
        # [neighbour above, neighbour below] for short, sentence end and direct hit
        self.short2 = list(zip([True, *shorts], [*shorts[1:], True], strict=False))
        self.end2 = list(zip([False, *ends], [*ends[1:], False], strict=False))
        self.hit2 = list(zip([False, *hit], [*hit[1:], False], strict=False))
        # per line: above the article body, below it, and how far from it
        self.where = [(i < bs, i > be, bs - i if i < bs else i - be if i > be else 0)
                      for i in range(n)] if body_ok else [(False, False, 0)] * n
        # the features of the whole document, the same in every row
        self.doc_shape = (self.short_share, page_dump, self.log_lines, not body_ok)
        # a document of a few lines (a news brief, a short post): being the last line, or
        # below a one-paragraph body, says much less there than in a full page's text
        self.few = n <= _FEW_LINES
        self.total_words = sum(nwl)
        self.before = [0, *accumulate(nwl)]
        self._body_words: Counter[str] | None = None
        self._body_done = False

    def body_words(self, wanted: set[str]) -> Counter[str] | None:
        """How often each of the ``wanted`` lower-cased words occurs in the article body
        (built on first use; only the words the rows look up are counted, cheaper than
        counting all); None when there is no body or it has no word of five characters or
        more."""
        if not self._body_done:
            self._body_done = True
            if self.body_ok:
                tokens = "\n".join(
                    x.text for x in self.lines[self.bs:self.be + 1]).lower().split()
                words = Counter(filter(wanted.__contains__, tokens))
                if words or any(len(w) >= 5 for w in tokens):
                    self._body_words = words
        return self._body_words

    def triage(self, indices: Iterable[int], scorer: _Scorer) -> tuple[list[int], list[int]]:
        """(sure, maybe): the lines given a code by their place whose score reaches the
        scorer's margin whatever their costly features, and the other lines whose score
        could reach it. Cheap features count exactly, costly ones at their most
        (``bound[nw <= 25][below]``) or least (``low``), then title case, digits and dates
        exactly too (``rest``, ``low_rest``). Lines in neither list cannot reach it."""
        bound, rest, margin = scorer.bound, scorer.rest, scorer.margin
        low, low_rest = scorer.low, scorer.low_rest
        W = scorer.named
        w_title, w_digits, w_date = W["title_ratio"], W["digit_ratio"], W["date_or_time"]
        loose_max, loose_min = scorer.loose_max, scorer.loose_min
        w_url, w_sep, w_quotes, w_fp, w_fpb, w_cjk, w_tb = (
            W["has_url"], W["has_separator"], W["quotes"], W["first_person"],
            W["first_person_below"], W["cjk"], W["title_below"])
        R = _regexes()
        ascii_digits = R.ascii_digit.findall
        year_search = R.year_or_time.search
        quote_search = R.quote_char.search
        sep_search = R.separator_char.search
        fp_disjoint = _FIRST_PERSON.isdisjoint
        lines = self.lines
        page_dump = self.page_dump
        median, seen, run, before = self.median, self.seen, self.run, self.before
        short2, end2, hit2 = self.short2, self.end2, self.hit2
        head_run, numeric, numeric_run = self.head_run, self.numeric, self.numeric_run
        where = self.where
        doc = self.doc_shape
        total_words = self.total_words
        last_i = self.n - 1
        log1p, log = math.log1p, math.log
        sure: list[int] = []
        out = []
        # the cheap features, term by term (as rows() computes them; no hit vector:
        # lines with a direct hit are not triaged); the parts that depend only on the
        # document or on the number of words are summed once
        const = (W["bias"] + W["doc_short_share"] * doc[0] + W["page_dump"] * doc[1]
                 + W["doc_log_lines"] * doc[2] + W["no_body"] * doc[3])
        few = self.few
        if few:
            const += W["few_lines"]
        w_fll, w_frp, w_fbb, w_fterm = (W["few_last_line"], W["few_rel_pos"],
                                        W["few_below_body"], W["few_terminal"])
        w_lss = W["last_short_sentence"]
        w_le2, w_le5, w_le10, w_ge25 = (W["words_le_2"], W["words_le_5"], W["words_le_10"],
                                        W["words_ge_25"])
        w_logw, w_relw = W["log_words"], W["rel_words"]
        by_nw: dict[int, float] = {}
        w_cpw, w_term, w_colon, w_ell, w_q, w_paren = (
            W["chars_per_word"], W["ends_terminal"], W["ends_colon"], W["ends_ellipsis"],
            W["ends_question"], W["ends_paren"])
        w_lower, w_sdigit, w_caps, w_at, w_indent = (
            W["starts_lower"], W["starts_digit"], W["all_caps"], W["has_at"], W["indented"])
        w_sent, w_rep, w_relpos, w_above, w_below, w_dist, w_first, w_last = (
            W["sentence_like"], W["repeated"], W["rel_pos"], W["above_body"],
            W["below_body"], W["dist_body"], W["first_line"], W["last_line"])
        w_ps, w_ns, w_pt, w_nt, w_ph, w_nh, w_run = (
            W["prev_short"], W["next_short"], W["prev_terminal"], W["next_terminal"],
            W["prev_hit"], W["next_hit"], W["short_run"])
        w_place, w_sb, w_sa, w_dout, w_gb, w_hrun, w_wb, w_wa, w_num, w_nrun = (
            W["hand_place"], W["short_below"], W["short_above"], W["dump_outside"],
            W["sentence_below"], W["headline_run"], W["words_before"], W["words_after"],
            W["numeric_only"], W["numeric_run"])
        for i in indices:
            x = lines[i]
            t = x.text
            nw = x.nw
            last = t[-1]
            above, below, dist = where[i]
            sentence_end = x.sentence_end
            code = x.code
            z = by_nw.get(nw)
            if z is None:
                z = by_nw[nw] = (
                    const + w_logw * (log1p(nw) / 4) + (w_le2 if nw <= 2 else 0.0)
                    + (w_le5 if nw <= 5 else 0.0) + (w_le10 if nw <= 10 else 0.0)
                    + (w_ge25 if nw >= 25 else 0.0)
                    + w_relw * (max(min(log(nw / median), 2.0), -3.0) / 2))
            z += w_cpw * (min(len(t) / (nw or 1), 15.0) / 10)
            if sentence_end:
                z += w_term
            if last == ":":
                z += w_colon
            elif last == "?":
                z += w_q
            elif last == ")":
                z += w_paren
            if x.ellipsis:
                z += w_ell
            c0 = t[0]
            if c0.islower():
                z += w_lower
            elif c0.isdigit():
                z += w_sdigit
            if "@" in t:
                z += w_at
            if x.indent:
                z += w_indent
            if len(t) >= 4 and t.isupper():
                z += w_caps
            if x.cls == GOOD:
                if not x.place:
                    z += w_sent
                if below:
                    z += w_gb
            if seen[t] > 1:
                z += w_rep
            if last_i:
                z += w_relpos * (i / last_i)
            if above:
                z += w_above + w_dist * (log1p(dist) / 3)
                if nw <= 10 and not sentence_end:
                    z += w_sa
                if page_dump:
                    z += w_dout
            elif below:
                z += w_below + w_dist * (log1p(dist) / 3)
                if nw <= 10 and not sentence_end:
                    z += w_sb
                if page_dump:
                    z += w_dout
            if i == 0:
                z += w_first
            if i == last_i:
                z += w_last
            if few:
                z += (w_fll * (i == last_i) + w_frp * (i / last_i if last_i else 0.0)
                      + w_fbb * below + w_fterm * sentence_end)
            if i == last_i and sentence_end and nw <= 10:
                z += w_lss
            ps, ns = short2[i]
            pt, nt = end2[i]
            ph, nh = hit2[i]
            z += (w_ps * ps + w_ns * ns + w_pt * pt + w_nt * nt + w_ph * ph + w_nh * nh
                  + w_run * (log1p(run[i]) / 3) + w_hrun * head_run[i] + w_num * numeric[i]
                  + w_nrun * numeric_run[i] + w_wb * (log1p(before[i]) / 8)
                  + w_wa * (log1p(total_words - before[i + 1]) / 8))
            if x.place:
                z += w_place
            short_line = nw <= 25
            if z + bound[short_line][below] < margin:
                continue
            if code and z + low[short_line][below] >= margin:
                sure.append(i)
                continue
            # closer: title case, digits and dates exactly, the rest at their most
            head = t[:300] if len(t) > 300 else t
            digits = len(ascii_digits(head))
            if short_line:
                z += w_title * x.title_ratio()
            if digits:
                z += w_digits * (digits / len(head))
                if year_search(t) is not None:
                    z += w_date
            if z + rest[short_line][below] < margin:
                continue
            if code and z + low_rest[short_line][below] >= margin:
                sure.append(i)
                continue
            # closer still: the other text scans exactly too (a full row costs much more),
            # only the stopwords and the body's vocabulary at their most (least)
            low_head = head.lower()
            quotes = quote_search(t) is not None
            first_person = not quotes and not fp_disjoint(x.ws())
            if "http" in low_head or "www." in low_head or ".com" in low_head:
                z += w_url
            if sep_search(t) is not None:
                z += w_sep
            if quotes:
                z += w_quotes
            if first_person:
                z += w_fp
                if below:
                    z += w_fpb
            if not head.isascii() and max(head) >= "\u3040":
                z += w_cjk
            if below and not sentence_end and short_line and x.title_ratio() >= 0.6:
                z += w_tb
            if z + loose_max < margin:
                continue
            if code and z + loose_min >= margin:
                sure.append(i)
            else:
                out.append(i)
        return sure, out

    def rows(self, indices: Iterable[int]) -> list[list[float]]:
        """The full rows of FEATURES of the given lines (booleans stand for 0 and 1)."""
        lines = self.lines
        page_dump = self.page_dump
        median, seen, run, before = self.median, self.seen, self.run, self.before
        short2, end2, hit2 = self.short2, self.end2, self.hit2
        head_run, numeric, numeric_run = self.head_run, self.numeric, self.numeric_run
        where = self.where
        doc = self.doc_shape
        total_words = self.total_words
        last_i = self.n - 1
        few = self.few
        log1p, log = math.log1p, math.log
        hit_vectors, no_hit = _HIT_VECTORS, _NO_HIT
        R = _regexes()
        ascii_digits = R.ascii_digit.findall
        quote_search = R.quote_char.search
        sep_search = R.separator_char.search
        year_search = R.year_or_time.search
        stop_in = _STOPWORDS.__contains__
        fp_disjoint = _FIRST_PERSON.isdisjoint
        out = []
        indices = list(indices)
        # the words of five characters or more the rows look up in the body's words
        wanted = {w for i in indices for w in lines[i].lw() if len(w) >= 5}
        for i in indices:
            x = lines[i]
            t = x.text
            nw = x.nw
            last = t[-1]
            above, below, dist = where[i]
            sentence_end = x.sentence_end
            short = nw <= 10 and not sentence_end
            code = x.code
            good = x.cls == GOOD
            head = t[:300] if len(t) > 300 else t
            digits = len(ascii_digits(head))
            low = head.lower()
            quotes = quote_search(t) is not None
            first_person = not quotes and not fp_disjoint(x.ws())
            title = x.title_ratio() if nw <= 25 else 0.0
            low_words = x.lw()
            # the words of the article body: related headlines, teasers and comments
            # talk of other things, captions and the article itself share its words
            ws = {w for w in low_words if len(w) >= 5}
            body_words = self.body_words(wanted) if ws else None
            if ws and body_words is not None:
                if not above and not below:  # words found in another line of the body
                    count = low_words.count
                    overlap = sum(1 for w in ws if body_words[w] > count(w)) / len(ws)
                else:
                    overlap = sum(map(body_words.__contains__, ws)) / len(ws)
                no_topic = False
            else:
                overlap = 0.0
                no_topic = True
            out.append([
                1.0, log1p(nw) / 4, nw <= 2, nw <= 5, nw <= 10, nw >= 25,
                min(len(t) / (nw or 1), 15.0) / 10, sentence_end, last == ":", x.ellipsis,
                last == "?", last == ")", t[0].islower(), t[0].isdigit(),
                title, len(t) >= 4 and t.isupper(), digits / len(head),
                "http" in low or "www." in low or ".com" in low, "@" in t,
                sep_search(t) is not None, x.indent, quotes,
                sum(map(stop_in, low_words)) / (nw or 1), first_person,
                (year_search(t) is not None) if digits else 0.0,
                good and not x.place, seen[t] > 1,
                max(min(log(nw / median), 2.0), -3.0) / 2,
                i / last_i if last_i else 0.0,
                above, below, log1p(dist) / 3, i == 0, i == last_i,
                *short2[i], *end2[i], *hit2[i], log1p(run[i]) / 3,
                *(hit_vectors[code] if code and (x.strong or code == "NL209") else no_hit),
                x.place and code != "NL209", *doc,
                short and below, short and above, page_dump and (above or below),
                below and not sentence_end and title >= 0.6, below and first_person,
                below and good, head_run[i],
                log1p(before[i]) / 8, log1p(total_words - before[i + 1]) / 8,
                numeric[i], numeric_run[i],
                not head.isascii() and max(head) >= "\u3040", overlap, no_topic,
                few, few and i == last_i, (i / last_i if last_i else 0.0) if few else 0.0,
                few and below, few and sentence_end,
                i == last_i and sentence_end and nw <= 10,
            ])
        return out


_REASONS = {
    "words_le_2": "a one- or two-word line",
    "words_le_5": "a very short line",
    "words_le_10": "a short line",
    "ends_colon": "a label ending in ':'",
    "ends_ellipsis": "a teaser ending in '...'",
    "ends_paren": "ends with a parenthesised credit",
    "title_ratio": "a Title Case line",
    "all_caps": "an all-capitals line",
    "digit_ratio": "mostly digits",
    "has_url": "contains a web address",
    "has_at": "contains an @handle or e-mail address",
    "has_separator": "items joined by separators",
    "indented": "an indented line, as page widgets are",
    "first_person": "first-person text, as reader comments are",
    "date_or_time": "a date or time",
    "repeated": "the line appears twice in the document",
    "rel_words": "much shorter than the article's lines",
    "above_body": "above the article body",
    "below_body": "below the article body",
    "dist_body": "far from the article body",
    "first_line": "the first line",
    "last_line": "the last line",
    "prev_short": "in a run of short lines",
    "next_short": "in a run of short lines",
    "prev_hit": "next to chrome",
    "next_hit": "next to chrome",
    "short_run": "in a run of short lines",
    "hand_place": "placed where menus and link lists sit",
    "page_dump": "in a whole-page dump",
    "dump_outside": "outside the article body of a whole-page dump",
    "short_below": "a short line below the article body",
    "short_above": "a short line above the article body",
    "title_below": "a Title Case line below the article body (related-links block)",
    "first_person_below": "first-person text below the article body (reader comment)",
    "sentence_below": "text below the article body",
    "headline_run": "one of several headline-like lines in a row (link list)",
    "p_prev": "next to a line judged chrome",
    "p_next": "next to a line judged chrome",
    "p_window": "among lines judged chrome",
    "p_window_max": "next to lines judged chrome",
}


def _code_for(line: _L, above: bool, below: bool, row: list[float]) -> str:
    t = line.text
    if above:
        return "NL208" if row[24] and line.nw <= 12 else "NL203"
    if below:
        if row[23]:
            return "NL201"
        if line.ellipsis or (not line.sentence_end and row[14] >= 0.6 and line.nw >= 3):
            return "NL206"
        return "NL207"
    if t[-1] == ")" or (not line.sentence_end and line.nw >= 6):
        return "NL204"
    if line.nw <= 10 and not line.sentence_end:
        return "NL206"
    return "NL204"


class _Scorer:
    """A model's weights, with what the line loop needs precomputed."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.weights = model.weights
        self.named = dict(zip(model.names, model.weights, strict=True))  # weight by feature
        t = model.threshold
        self.margin = math.log(t / (1 - t))
        # the most (bound, rest) and the least (low, low_rest) the _COSTLY features can
        # add to a line's score, by [nw <= 25][below]; rest and low_rest without title
        # case, digits and dates
        costly = [i for i, name in enumerate(FEATURES) if name in _COSTLY]
        self.bound = [[0.0, 0.0], [0.0, 0.0]]
        self.rest = [[0.0, 0.0], [0.0, 0.0]]
        self.low = [[0.0, 0.0], [0.0, 0.0]]
        self.low_rest = [[0.0, 0.0], [0.0, 0.0]]
        for short in (0, 1):
            for below in (0, 1):
                total = rest = least = least_rest = 0.0
                for i in costly:
                    name = FEATURES[i]
                    if (name == "title_ratio" and not short) or (
                            name in ("title_below", "first_person_below") and not below):
                        continue
                    w = model.weights[i]  # every costly feature is in [0, 1]
                    total += max(0.0, w)
                    least += min(0.0, w)
                    if name not in ("title_ratio", "digit_ratio", "date_or_time"):
                        rest += max(0.0, w)
                        least_rest += min(0.0, w)
                # a margin for rounding: the bounds must never be on the wrong side of
                # the exact score
                self.bound[short][below] = total + 1e-9
                self.rest[short][below] = rest + 1e-9
                self.low[short][below] = least - 1e-9
                self.low_rest[short][below] = least_rest - 1e-9
        # the most (least) the costly features triage does not compute exactly can add:
        # the stopword share and the overlap with the body's vocabulary
        loose = [model.weights[FEATURES.index(name)] for name in _LOOSE]
        self.loose_max = sum(max(0.0, w) for w in loose) + 1e-9
        self.loose_min = sum(min(0.0, w) for w in loose) - 1e-9
        # the reason: the feature that contributed most (first of equals, as FEATURES orders)
        terms = [(i, w, _REASONS[name]) for i, (name, w) in
                 enumerate(zip(model.names, model.weights, strict=True))
                 if name in _REASONS and w != 0.0]
        self.reason_index = [i for i, _w, _text in terms]
        self.reason_weights = [w for _i, w, _text in terms]
        self.reason_texts = [text for _i, _w, text in terms]

    def reason(self, row: Sequence[float]) -> str:
        """The feature that contributed most (the first of equals), if any did."""
        gains = list(map(mul, self.reason_weights, map(row.__getitem__, self.reason_index)))
        best = max(gains, default=0.0)
        return self.reason_texts[gains.index(best)] if best > 0 else \
            "shape and place of the line"


@cache
def _scorers() -> dict[str, _Scorer]:
    return {kind: _Scorer(model) for kind, model in chrome_models().items()}


def _decide(lines: list[_L], bs: int, be: int, body_ok: bool, page_dump: bool,
            verdicts: dict[int, Verdict],
            collect: list[tuple[int, list[float], bool, bool]] | None) -> None:
    feats = _Features(lines, bs, be, body_ok, page_dump)
    n = len(lines)
    if collect is not None:  # training: features only, no model needed
        for line, row in zip(lines, feats.rows(range(n)), strict=True):
            collect.append((line.number, row, line.strong or line.code == "NL209", page_dump))
        return
    scorer = _scorers()["page_dump" if page_dump else "body"]
    margin = scorer.margin
    for line in lines:
        if line.strong or line.code == "NL209":
            verdicts[line.number] = Verdict(line.code, line.reason, line.start, line.end)
    todo = [i for i, x in enumerate(lines)
            if not (x.strong or x.code == "NL209" or x.keep)]  # keep: the headline
    weights = scorer.weights
    # lines placed as chrome whose score passes the threshold whatever their costly
    # features: verdicts without a full row; lines that may pass: full rows
    sure, todo = feats.triage(todo, scorer)
    for i in sure:
        line = lines[i]
        verdicts[line.number] = Verdict(line.code, line.reason, line.start, line.end)
    pairs = zip(todo, feats.rows(todo), strict=True)
    for i, row in pairs:
        if sum(map(mul, weights, row)) < margin:
            continue
        line = lines[i]
        if line.code:
            code, reason = line.code, line.reason
        else:
            code = _code_for(line, body_ok and i < bs, body_ok and i > be, row)
            reason = scorer.reason(row)
        verdicts[line.number] = Verdict(code, reason, line.start, line.end)
    if len(verdicts) > 1:  # in document order, as the rules report them
        order = sorted(verdicts)
        if order != list(verdicts):
            ordered = {k: verdicts[k] for k in order}
            verdicts.clear()
            verdicts.update(ordered)


def line_features(doc: Document) -> list[tuple[int, list[float], bool, bool]]:
    """(line number, feature row, direct hit, page dump) for every non-blank line: training."""
    out: list[tuple[int, list[float], bool, bool]] = []
    _analyse(doc, phrase_table(), out)
    return out
