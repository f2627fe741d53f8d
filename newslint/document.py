"""Document: one article's text and the views of it that rules share.

Lines, paragraphs, sentences and words are computed once, on first use, and
cached, so twenty rules never split the same text twenty times. Every span is a
pair of character offsets into ``Document.text``; ``position()`` is the one
place where an offset becomes a 1-based (line, column).

Line ends may be ``\\n``, ``\\r\\n`` or a lone ``\\r``; the terminator is never part
of a line's text, so columns count the characters a reader sees. A leading UTF-8
byte-order mark is removed (and remembered, so ``--fix`` writes it back).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from functools import cached_property
from itertools import accumulate, count, repeat
from operator import add, itemgetter, sub
from types import MappingProxyType
from typing import Any, NamedTuple

from newslint.findings import Finding

BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# A sentence ends at . ! ? or … (possibly doubled, possibly followed by closing
# quotes or brackets) when whitespace and an opening capital, digit or quote follow.
_BOUNDARY = re.compile(
    r"([.!?…]+[\"”’')\]]*)[ \t]+(?=[\"“‘'(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])"
    r"|\r\n|\r|\n"
)
# The same sentence ends without the line breaks: within one line, far faster to scan.
_SENTENCE_END = re.compile(_BOUNDARY.pattern.rsplit("|", 3)[0])
# Abbreviations that are only abbreviations before a number ("No. 5", "Vol. 2").
NUMBER_ABBREVIATIONS = frozenset(["no", "nos", "vol", "fig", "pt", "art"])
# Words that end in a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "brig",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "jr",
        "sr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "no",
        "nos",
        "vol",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "vs",
        "etc",
        "al",
        "e",
        "g",
        "i",
        "ie",
        "eg",
        "u",
        "s",
        "k",
        "n",
        "ft",
        "mt",
        "pt",
        "ave",
        "blvd",
        "rd",
        "jan",
        "hon",
        "pres",
        "supt",
        "insp",
        "det",
    ]
)


_START = itemgetter(1)  # Span.start / Line.start
_TEXT = itemgetter(-1)  # Span.text / Line.text
_tuple_new = tuple.__new__  # builds a named tuple from a tuple in C (``_make`` without the call)


class Span(NamedTuple):
    """A stretch of the document: ``text == document.text[start:end]``.

    Named tuples, not dataclasses: a long article has tens of thousands of words,
    and creating a tuple costs a fraction of a frozen dataclass.
    """

    start: int
    end: int
    text: str


class Line(NamedTuple):
    """One line without its terminator; ``number`` is 1-based."""

    number: int
    start: int
    end: int
    text: str

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    def content_span(self) -> tuple[int, int]:
        """(start, end) offsets of the line's text without surrounding white space."""
        text = self.text
        return (self.start + len(text) - len(text.lstrip()),
                self.start + len(text.rstrip()))


class Paragraph(NamedTuple):
    """A run of non-blank lines between blank lines."""

    start: int
    end: int
    text: str
    first_line: int
    last_line: int


class Document:
    """One article: its path (or ``path#record``), its text and metadata."""

    def __init__(
        self,
        path: str,
        text: str,
        meta: Mapping[str, Any] | None = None,
        *,
        record: str | None = None,
    ) -> None:
        self.had_bom = text.startswith(BOM)
        self.text: str = text[1:] if self.had_bom else text
        self.path = path
        self.record = record
        self.meta: Mapping[str, Any] = MappingProxyType(dict(meta or {}))
        #: Findings the reader made while decoding (NL902), reported with the rules'.
        self.notices: list[Finding] = []
        #: Analyses several rules of one family share (a line classifier, say), keyed
        #: by a name the family chooses; filled on first use, gone with the document.
        self.cache: dict[str, Any] = {}
        #: Per-document figures rules report for statistics (``--stats-file``), e.g.
        #: ``stats["readability"] = {"flesch_reading_ease": 61.2, ...}``.
        self.stats: dict[str, Any] = {}

    def __repr__(self) -> str:
        where = f"{self.path}#{self.record}" if self.record is not None else self.path
        return f"Document({where!r}, {len(self.text)} chars)"

    @property
    def display_path(self) -> str:
        return f"{self.path}#{self.record}" if self.record is not None else self.path

    # -- positions -------------------------------------------------------------------

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line (the first is 0)."""
        text = self.text
        if "\r" not in text:  # the usual case: lengths of the "\n" pieces, summed in C
            return list(accumulate(map((1).__add__, map(len, self._pieces)), initial=0))[:-1]
        return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    @cached_property
    def _pieces(self) -> list[str]:
        """``text.split("\n")``: the lines' texts when the text has no "\r"."""
        return self.text.split("\n")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_index(self, offset: int) -> int:
        """0-based index of the line that holds ``offset`` (for ``line_span``)."""
        return bisect_right(self.line_starts, offset) - 1

    def line_span(self, index: int) -> tuple[int, int]:
        """(start, end) of line ``index`` (0-based) as ``lines`` has it, without building
        every line: rules that look at a few lines of a long document use this."""
        text = self.text
        starts = self.line_starts
        start = starts[index]
        if index + 1 < len(starts):
            end = starts[index + 1] - 1
            if text[end] == "\n" and end > start and text[end - 1] == "\r":
                end -= 1
        else:
            end = len(text)
        return start, end

    def line_at(self, offset: int) -> Line:
        """The line that contains ``offset``."""
        return self.lines[self.position(offset)[0] - 1]

    # -- views -----------------------------------------------------------------------

    @cached_property
    def lines(self) -> list[Line]:
        text = self.text
        starts = self.line_starts
        if "\r" not in text:  # built in C: no Python call per line
            pieces = self._pieces
            ends = map(add, starts, map(len, pieces))
            return list(map(_tuple_new, repeat(Line), zip(count(1), starts, ends, pieces)))
        out: list[Line] = []
        for number, start in enumerate(starts, 1):
            if number < len(starts):
                end = starts[number] - 1
                if text[end] == "\n" and end > start and text[end - 1] == "\r":
                    end -= 1
            else:
                end = len(text)
            out.append(Line(number, start, end, text[start:end]))
        return out

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        run: list[Line] = []
        for line in [*self.lines, None]:
            if line is not None and not line.is_blank:
                run.append(line)
                continue
            if run:
                start, end = run[0].start, run[-1].end
                out.append(
                    Paragraph(start, end, self.text[start:end], run[0].number, run[-1].number)
                )
                run = []
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences, never crossing a line break (scraped text puts one paragraph a line).

        One pass over the whole text: Python runs once per boundary, not per character
        or per line.
        """
        text = self.text
        lines = self.lines
        # Every line is one sentence (or blank) unless a sentence ends inside it: those
        # are built in C, without a Python call per line; Python runs once per
        # sentence end (the pattern never crosses a line, so one pass finds them all).
        pieces = list(map(_TEXT, lines))
        strips = list(map(str.strip, pieces))
        firsts = list(map(add, map(_START, lines),
                          map(sub, map(len, pieces), map(len, map(str.lstrip, pieces)))))
        whole = list(map(_tuple_new, repeat(Span),
                         zip(firsts, map(add, firsts, map(len, strips)), strips, strict=True)))
        out: list[Span] = []
        extend, append, new = out.extend, out.append, _tuple_new
        starts = self.line_starts
        done = 0  # lines before this one are in ``out``
        current = -1  # the line being split
        start = line_end = 0
        for m in _SENTENCE_END.finditer(text):
            dot = m.start()
            if text[dot] == "." and _ends_with_abbreviation(text, dot, m.end()):
                continue
            index = bisect_right(starts, dot) - 1
            if index != current:
                if current >= 0:
                    _append_stripped(append, text, start, line_end)
                extend(filter(_TEXT, whole[done:index]))
                done = index + 1
                current = index
                start, line_end = lines[index].start, lines[index].end
            end = m.end(1)
            segment = text[start:end]
            stripped = segment.strip()
            if stripped:
                lead = start if segment[0] == stripped[0] else \
                    start + len(segment) - len(segment.lstrip())
                append(new(Span, (lead, lead + len(stripped), stripped)))
            start = m.end()
        if current >= 0:
            _append_stripped(append, text, start, line_end)
        extend(filter(_TEXT, whole[done:]))
        return out

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Spans of quoted speech (“…”, "…", ‘…’, «…»), within a line; sorted.

        Rules use it to leave quotations alone: repeating a word for effect, or an
        odd casing, inside someone's words is not scraping damage. An opening mark
        that is never closed quotes to the end of its line.
        """
        out: list[tuple[int, int]] = []
        for line in self.lines:
            if line.is_blank:
                continue
            out.extend((line.start + s, line.start + e) for s, e in quote_spans(line.text))
        return out

    def in_quote(self, offset: int) -> bool:
        """Whether ``offset`` falls inside quoted speech."""
        spans = self.quotes
        i = bisect_right(spans, (offset, len(self.text) + 1)) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    @cached_property
    def words(self) -> list[Span]:
        return [Span(*m.span(), m.group()) for m in _WORD.finditer(self.text)]

    @cached_property
    def word_count(self) -> int:
        """The number of ``words``, counted without building them (~5× cheaper)."""
        words = self.__dict__.get("words")
        return len(words) if words is not None else len(_WORD.findall(self.text))


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Split text into sentences at sentence ends and line breaks.

    Abbreviations ("Gen.", "U.S.", initials) do not end a sentence; spans are
    trimmed of surrounding white space and blank stretches are dropped.
    """
    if "\n" in text or "\r" in text:
        return _split(text, offset, _BOUNDARY)
    return _split(text, offset, _SENTENCE_END)  # one line: no line breaks to look for


def _split(text: str, offset: int, boundary: re.Pattern[str]) -> list[Span]:
    out: list[Span] = []
    append = out.append
    new = _tuple_new
    start = 0
    for m in boundary.finditer(text):
        end = m.end(1)
        if end < 0:  # a line break, not a sentence end
            end = m.start()
        elif text[m.start()] == "." and _ends_with_abbreviation(text, m.start(), m.end()):
            continue
        segment = text[start:end]
        stripped = segment.strip()
        if stripped:
            if segment[0] == stripped[0]:
                lead = offset + start
            else:
                lead = offset + start + len(segment) - len(segment.lstrip())
            append(new(Span, (lead, lead + len(stripped), stripped)))
        start = m.end()
    segment = text[start:]
    stripped = segment.strip()
    if stripped:
        lead = start + len(segment) - len(segment.lstrip())
        append(Span(offset + lead, offset + lead + len(stripped), stripped))
    return out


def _append_stripped(append: Any, text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` trimmed, as a Span, unless it is blank."""
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        lead = start + len(segment) - len(segment.lstrip())
        append(_tuple_new(Span, (lead, lead + len(stripped), stripped)))


_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“", "‘": "’"}
_QUOTE_OPEN = re.compile('["“«„‘]')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted stretches of one line, as (start, end) offsets including the marks."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        found = _QUOTE_OPEN.search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        closer = '"' if ch == '"' else _QUOTE_PAIRS[ch]
        if ch == "‘" and i > 0 and text[i - 1].isalnum():
            i += 1
            continue
        j = text.find(closer, i + 1)
        if closer == "’":  # skip apostrophes (don’t, Russia’s) when looking for the close
            while j != -1 and j + 1 < n and text[j + 1].isalpha() and text[j - 1].isalpha():
                j = text.find(closer, j + 1)
        end = n if j == -1 else j + 1
        spans.append((i, end))
        i = end
    return spans


def _ends_with_abbreviation(text: str, dot: int, after: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation; ``after`` is where the
    next sentence would start ("No. 5" is one, "said no. Then" is not)."""
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    raw = text[i:dot]
    if "." in raw and len(raw) <= 6:
        return True  # dotted initials: "U.S.", "U.N.", "J.K."
    token = raw.lower()
    if token in NUMBER_ABBREVIATIONS:
        return text[after:after + 1].isdigit()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


