"""Duplication rules (NL1xx): the same item, word, sentence or line twice.

Scrapers and careless merges duplicate text at every scale: one list item named
twice with different casing ("the US, NATO, and Nato"), a doubled word at an
edit seam ("in the in the"), a sentence or paragraph pasted twice. Repetition
for effect inside quoted speech is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import compress, islice, repeat
from operator import eq, itemgetter, le

from newslint import Document, Finding, Fix, Rule, hookimpl
from newslint.document import Span
from newslint.rules import data_lines, data_text

_TEXT = itemgetter(-1)  # Span.text / Line.text
_LIST_CONJUNCTION = re.compile(r",?\s+(?:and|or|and/or)\s+", re.IGNORECASE)
# The same on lower-cased text: twice as fast as IGNORECASE (no other character
# folds to "and" / "or", so the matches are the same where lowering keeps offsets)
_LIST_CONJUNCTION_LOWER = re.compile(r",?\s+(?:and|or|and/or)\s+")
_ITEM_WORD = re.compile(r"[\w'’.&-]+")
_LEADING_DETERMINERS = ("the", "a", "an")
_MAX_ITEM_WORDS = 5
_MAX_LIST_ITEMS = 200  # middle items walked back over (a real list has far fewer)
_PLAIN_WORD = re.compile(r"\w+")
# A word, then spaces, then the same word again (any case); and the same for a
# phrase of two or three words. Bounded: at each start a few group lengths are tried.
_DOUBLED_WORD = re.compile(r"\b(\w+)[ \t]+\1\b", re.IGNORECASE)
_DOUBLED_PHRASE = re.compile(r"\b(\w+(?:[ \t]+\w+){1,2})[ \t]+\1\b", re.IGNORECASE)


@cache
def _doubled_ok() -> frozenset[str]:
    """Words that are grammatical or idiomatic when doubled ("had had", "that that")."""
    return frozenset(w.lower() for w in data_lines(data_text("duplication_doubled_ok.txt")))


def _normalise(words: Sequence[str]) -> tuple[str, ...]:
    low = [w.lower().rstrip(".") for w in words]
    while low and low[0] in _LEADING_DETERMINERS:
        low = low[1:]
    return tuple(low)


class DuplicatedListItem(Rule):
    """One item named twice in a coordinated list ("the US, NATO, and Nato").

    ## What it does
    Finds lists of three or more items joined by commas and a final "and" / "or",
    and reports an item that repeats an earlier one, ignoring case and a leading
    "the". The finding points at the repeat and names the item it repeats.

    ## Why it matters
    A list that names one thing twice, cased two ways, is the mark of text merged
    from two sources or rewritten carelessly: "the US, NATO, and Nato" reads as
    three parties where there are two.

    Lists inside quoted speech, and lists whose items are all the same ("work,
    work and work", repetition for effect), are left alone.

    ## Example
    ```
    Beijing has charged that the US, NATO, and Nato have provoked Russia.
    ```
    is reported at "Nato". The fix (unsafe: it changes the sentence) drops the
    repeated item with the comma before it.
    """

    code = "NL101"
    name = "duplicated-list-item"

    def check(self, doc: Document) -> Iterator[Finding]:
        for sentence in doc.sentences:
            text = sentence.text
            if "," not in text:
                continue
            low = text.lower()
            matches = (_LIST_CONJUNCTION_LOWER.finditer(low) if len(low) == len(text)
                       else _LIST_CONJUNCTION.finditer(text))
            for m in matches:
                yield from self._check_list(doc, sentence, m)

    def _check_list(self, doc: Document, sentence: Span, conj: re.Match[str]) -> Iterator[Finding]:
        text = sentence.text
        last_comma = text.rfind(",", 0, conj.start())
        if last_comma < 0 or text.count(" ", last_comma, conj.start()) > _MAX_ITEM_WORDS + 1:
            return  # no short item between a comma and the conjunction: not a list
        items = _list_items(text, conj)
        if items is None:
            return
        norms = [words for _, _, words in items]
        if len(set(norms)) < 2:
            return  # "work, work and work": repetition for effect
        seen: dict[tuple[str, ...], int] = {}
        for index, (start, end, words) in enumerate(items):
            if words in seen and words:
                yield from self._report(
                    doc,
                    sentence,
                    start,
                    end,
                    words,
                    items[seen[words]],
                    is_last=index == len(items) - 1,
                )
            seen.setdefault(words, index)

    def _report(
        self,
        doc: Document,
        sentence: Span,
        start: int,
        end: int,
        words: tuple[str, ...],
        earlier: tuple[int, int, tuple[str, ...]],
        is_last: bool,
    ) -> Iterator[Finding]:
        abs_start, abs_end = sentence.start + start, sentence.start + end
        if doc.in_quote(abs_start):
            return
        shown = doc.text[abs_start:abs_end]
        first_shown = sentence.text[earlier[0] : earlier[1]]
        fix = None
        if not is_last:  # drop ", ITEM" of a middle item; unsafe: it rewrites the list
            comma = doc.text.rfind(",", sentence.start, abs_start)
            if comma != -1:
                fix = Fix.delete(
                    comma, abs_end, safe=False, description=f"remove the repeated item {shown!r}"
                )
        yield Finding(f"list item {shown!r} repeats {first_shown!r}", abs_start, abs_end, fix=fix)


Item = tuple[int, int, tuple[str, ...]]  # start, end (in the sentence), normalised words


def _list_items(text: str, conj: re.Match[str]) -> list[Item] | None:
    """The items of "A, B, and C" ending at the conjunction ``conj``, or None.

    Middle items are whole comma-separated segments; the first and last items
    have no marked edge ("charged that the US", "Nato have provoked"), so their
    length is chosen to match another item when one does.
    """
    # Walk back from the conjunction over short plain segments (the middle items);
    # the segment that stops the walk holds the first item at its end. Each step looks
    # back to the previous comma only, so a huge line costs time in proportion to it.
    middles: list[Item] = []
    end = conj.start()
    while True:
        comma = text.rfind(",", 0, end)
        seg_start = comma + 1  # 0 when no comma is left: the text's start
        seg = text[seg_start:end]
        if comma < 0 or len(middles) == _MAX_LIST_ITEMS:
            break
        words = _ITEM_WORD.findall(seg)
        if (
            not words
            or len(words) > _MAX_ITEM_WORDS
            or any(c in seg for c in ';:()"“”')
            or any(w.lower() in ("and", "or") for w in words)
        ):
            break
        lead = len(seg) - len(seg.lstrip())
        middles.append((seg_start + lead, seg_start + len(seg.rstrip()), _normalise(words)))
        end = comma
    if not middles:
        return None
    middles.reverse()
    first_words = _last_words(text, seg_start, end)
    last_words = list(islice(_ITEM_WORD.finditer(text, conj.end()), _MAX_ITEM_WORDS))
    if not first_words or not last_words:
        return None
    # A repeated item needs a repeated word: a cheap test before building the items.
    pool = [w for m in middles for w in m[2]]
    pool += [w.group().lower().rstrip(".") for w in (*first_words, *last_words)]
    pool = [w for w in pool if w not in _LEADING_DETERMINERS]
    if len(set(pool)) == len(pool):
        return None

    def tail(n: int) -> Item:
        ws = first_words[-n:]
        return (ws[0].start(), ws[-1].end(), _normalise([w.group() for w in ws]))

    def head(n: int) -> Item:
        ws = last_words[:n]
        return (ws[0].start(), ws[-1].end(), _normalise([w.group() for w in ws]))

    middle_norms = {m[2] for m in middles}
    firsts = [tail(n) for n in range(len(first_words), 0, -1)]
    lasts = [head(n) for n in range(len(last_words), 0, -1)]
    first = next((f for f in firsts if f[2] and f[2] in middle_norms), None)
    last = next(
        (
            h
            for h in lasts
            if h[2]
            and (
                h[2] in middle_norms
                or (first is not None and h[2] == first[2])
                or any(h[2] == f[2] for f in firsts)
            )
        ),
        None,
    )
    if first is None and last is not None:
        first = next((f for f in firsts if f[2] == last[2]), None)
    first = first or tail(1)
    last = last or head(1)
    if text[last[1] : last[1] + 1] == ",":
        return None  # "Paris, France, and Paris, Texas": the last item goes on

    return [first, *middles, last]


def _last_words(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The last ``_MAX_ITEM_WORDS`` words of ``text[start:end]``, reading at most its
    last 1,000 characters (a line without commas can be megabytes long)."""
    lo = max(start, end - 1000)
    found = list(_ITEM_WORD.finditer(text, lo, end))
    if lo > start and found and found[0].start() == lo and _ITEM_WORD.match(text, lo - 1):
        found = found[1:]  # the window cut that word: it is not a whole word
    return found[-_MAX_ITEM_WORDS:]


def _doubling_candidates(text: str) -> tuple[set[str], set[str]]:
    """Fast pre-check: the lower-cased words that may start a doubled word, and those
    that may start a doubled phrase of 2–3 words.

    Compares neighbouring words at C speed (``map(eq, …)``), ignoring punctuation,
    so it over-reports; the exact patterns confirm. Most articles fail it and never
    reach the per-position patterns.
    """
    toks = _PLAIN_WORD.findall(text.lower())
    single = set(compress(toks, map(eq, toks, toks[1:])))
    phrase: set[str] = set()
    for gap in (2, 3):
        for i in compress(range(len(toks) - gap), map(eq, toks, toks[gap:])):
            if toks[i:i + gap] == toks[i + gap:i + 2 * gap]:
                phrase.add(toks[i])
    return single, phrase


#: Characters whose lower case the pattern's IGNORECASE back-reference does not share
#: with ``str.lower`` ("İ" lowers to two characters, "Σ" by its context).
_CASE_ODD = ("\u0130", "\u03a3")


@lru_cache(maxsize=512)
def _starting_with(pattern: str, words: frozenset[str]) -> re.Pattern[str]:
    """``pattern`` (which starts with ``\\b``), tried only where one of ``words`` stands."""
    alternatives = "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))
    return re.compile(rf"\b(?=(?:{alternatives})\b){pattern[2:]}", re.IGNORECASE)


def _doubling_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``_DOUBLED_PHRASE`` and ``_DOUBLED_WORD`` (when the pre-check
    allows each). Every match starts with a word the pre-check found doubled, so
    (unless a character lowers oddly) the patterns are tried only before those words:
    the same matches, without the per-position back-reference work elsewhere."""
    single, phrase = _doubling_candidates(text)
    if not (single or phrase):
        return []
    odd = any(c in text for c in _CASE_ODD)
    patterns = []
    for pattern, words in ((_DOUBLED_PHRASE, phrase), (_DOUBLED_WORD, single)):
        if words:
            patterns.append(pattern if odd or len(words) > 40
                            else _starting_with(pattern.pattern, frozenset(words)))
    return [m for p in patterns for m in p.finditer(text)]


class DoubledWord(Rule):
    """A word or short phrase written twice in a row ("the the", "in the in the").

    ## What it does
    Reports a word, or a phrase of two or three words, immediately repeated on the
    same line, ignoring case. Doublings that are grammar or idiom ("had had",
    "that that", "bye bye"; the list is the data file
    ``duplication_doubled_ok.txt``), proper names ("Bora Bora", "Sirhan Sirhan"),
    numbers, and repetition inside quoted speech are left alone, as is a
    heading that ends with the word the next paragraph begins with.

    ## Why it matters
    Doubled words are the commonest seam left by copy-editing and by scrapers
    that join text nodes; a reader stumbles on every one.

    ## Example
    ```
    The talks will take place in the in the Kremlin on Monday.
    ```
    The fix (safe) deletes the second copy.
    """

    code = "NL102"
    name = "doubled-word"

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        matches = _doubling_matches(text)
        if not matches:
            return
        ok = _doubled_ok()
        taken_end = -1  # the end of the matches kept so far (they start no later)
        for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
            if m.start() < taken_end:
                continue  # "in the in the": the phrase, not also its words
            taken_end = max(taken_end, m.end())
            phrase = m.group(1)
            first = Span(m.start(1), m.end(1), phrase)
            second = Span(m.end() - len(phrase), m.end(), text[m.end() - len(phrase):m.end()])
            words = phrase.split()
            if len(words) == 1:
                if not self._single_word_doubling(doc, first, second, ok):
                    continue
            elif " ".join(words).lower() in ok or all(w.isdigit() for w in words):
                continue  # "on and on and on", table cells "0 0 0 0"
            elif all(w.lower() in ok for w in words):
                continue
            if doc.in_quote(first.start):
                continue
            yield Finding(f"{phrase!r} is written twice in a row", second.start, second.end,
                          fix=Fix.delete(first.end, second.end,
                                         description=f"delete the second {phrase!r}"))

    @staticmethod
    def _single_word_doubling(doc: Document, a: Span, b: Span, ok: frozenset[str]) -> bool:
        word = a.text.lower()
        if word in ok or a.text.isdigit() or (len(word) == 1 and word not in "ai"):
            return False
        if a.text[:1].isupper() and b.text[:1].isupper():
            # "Bora Bora", "Walla Walla": a name, unless the first opens a sentence
            # and the second is just the same word re-capitalised ("The The").
            line = doc.line_at(a.start)
            at_start = not doc.text[line.start : a.start].strip(" \t\"“‘'(")
            return at_start and a.text == b.text and a.text.istitle() and word in _COMMON
        return True


_COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "is",
        "was",
        "are",
        "were",
    ]
)


def _normalise_block(text: str) -> str:
    return " ".join(text.split()).lower()


def _may_repeat(texts: Iterable[str], min_words: int) -> bool:
    """Whether two of ``texts`` with ``min_words`` words or more have one
    ``_normalise_block`` key: every step in C, so most documents stop here."""
    splits = list(map(str.split, texts))
    long_enough = map(le, repeat(min_words), map(len, splits))
    keys = list(map(str.lower, map(" ".join, compress(splits, long_enough))))
    return len(set(keys)) < len(keys)


class RepeatedSentence(Rule):
    """A sentence that appears twice in one article.

    ## What it does
    Reports a sentence of six words or more whose text (ignoring case and
    spacing) already appeared earlier in the document, when the two copies are
    not whole repeated lines (that is NL104).

    ## Why it matters
    A sentence said twice is a paste error or a scraper that caught the same
    paragraph in two page regions (a summary box and the body).

    ## Example
    ```
    The visit will last three days. Talks start Monday.

    Officials confirmed the schedule. The visit will last three days.
    ```
    The second "The visit will last three days." is reported; the fix (unsafe)
    deletes it.
    """

    code = "NL103"
    name = "repeated-sentence"
    min_words = 6

    def check(self, doc: Document) -> Iterator[Finding]:
        if not _may_repeat(map(_TEXT, doc.sentences), self.min_words):
            return
        seen: dict[str, Span] = {}
        for sentence in doc.sentences:
            if len(sentence.text.split()) < self.min_words:
                continue
            key = _normalise_block(sentence.text)
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = sentence
                continue
            if _whole_line(doc, earlier) and _whole_line(doc, sentence):
                continue  # a repeated line: NL104's business
            if doc.in_quote(sentence.start):
                continue  # “3 anos, 3 anos…” repeated for effect inside a quotation
            line, _ = doc.position(earlier.start)
            end = sentence.end
            while end < len(doc.text) and doc.text[end] in " \t":
                end += 1
            yield Finding(
                f"sentence repeats line {line}: {_preview(sentence.text)}",
                sentence.start,
                sentence.end,
                fix=Fix.delete(
                    sentence.start, end, safe=False, description="delete the repeated sentence"
                ),
            )


_LIST_MARKERS = ("•", "-", "*", "–", "—", "·", "▪", "►", "›", "»")
_PROSE_ENDS = (".", "!", "?", "…", '"', "”", "’", "'", ")")


def _is_prose(text: str) -> bool:
    """A paragraph of prose: not a bullet item, and ends like a sentence (or is long)."""
    stripped = text.strip()
    if stripped.startswith(_LIST_MARKERS):
        return False
    return stripped.endswith(_PROSE_ENDS) or len(stripped.split()) >= 12


def _whole_line(doc: Document, span: Span) -> bool:
    line = doc.line_at(span.start)
    return line.text.strip() == span.text.strip()


def _preview(text: str, limit: int = 50) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class RepeatedParagraph(Rule):
    """A paragraph or line that appears twice in one article.

    ## What it does
    Reports a non-blank line of five words or more whose text (ignoring case and
    spacing) already appeared on an earlier line of the same document.

    ## Why it matters
    Extractors that merge several page regions often emit a paragraph twice
    (once from a teaser, once from the body); a corpus keeps the duplicate as
    noise and a reader sees it as an error.

    ## Example
    ```
    Officials said the talks would resume next week.

    Officials said the talks would resume next week.
    ```
    The second copy is reported; the fix (safe) deletes that line.
    """

    code = "NL104"
    name = "repeated-paragraph"
    min_words = 5

    def check(self, doc: Document) -> Iterator[Finding]:
        if not _may_repeat(map(_TEXT, doc.lines), self.min_words):
            return
        seen: dict[str, int] = {}
        for line in doc.lines:
            if line.is_blank or len(line.text.split()) < self.min_words:
                continue
            if not _is_prose(line.text):
                continue  # a list item or heading repeated (two products' feature lists)
            key = _normalise_block(line.text)
            first = seen.setdefault(key, line.number)
            if first == line.number:
                continue
            end = doc.line_starts[line.number] if line.number < len(doc.lines) else line.end
            start = line.start
            if end == line.end and line.number > 1:  # last line: take the break before it
                start = doc.lines[line.number - 2].end
            yield Finding(
                f"line repeats line {first}: {_preview(line.text.strip())}",
                line.start,
                line.end,
                fix=Fix.delete(start, end, description="delete the repeated line"),
            )


RULES: tuple[type[Rule], ...] = (
    DuplicatedListItem,
    DoubledWord,
    RepeatedSentence,
    RepeatedParagraph,
)


@hookimpl
def newslint_add_rules() -> Iterable[type[Rule]]:
    return RULES
