"""The fast paths of the engine and the NL1 rules give what the plain algorithms give."""

from __future__ import annotations

import random
import re

from newslint import Document
from newslint.document import _BOUNDARY, Line, Span, _split, split_sentences
from newslint.matching import PhraseMatcher, is_word_char, lower_same_length
from newslint.rules.duplication import _DOUBLED_PHRASE, _DOUBLED_WORD, _doubling_matches

PIECES = ["a", "A", "Mr", "the", "The", " ", "  ", "\t", ".", "..", "!", "?", "…", "”", '"',
          "'", "(", "\n", "\r", "\r\n", "U.S.", "No.", "5", "\xa0", "\x0c", "É", "Σ", "ſ", "s",
          "K", "\u212a", "İ", "i", "in the", "_", "Nato", "NATO", ","]


def _texts(seed: int, n: int = 3000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def _plain_lines(text: str) -> list[Line]:
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    out = []
    for number, start in enumerate(starts, 1):
        end = starts[number] - 1 if number < len(starts) else len(text)
        if number < len(starts) and text[end] == "\n" and end > start and text[end - 1] == "\r":
            end -= 1
        out.append(Line(number, start, end, text[start:end]))
    return out


def test_lines_and_sentences_match_the_plain_algorithms() -> None:
    for text in _texts(1):
        doc = Document("t.txt", text)
        assert doc.lines == _plain_lines(text)
        assert all(type(line) is Line for line in doc.lines)
        whole = _split(text, 0, _BOUNDARY)  # one pass with the line-break pattern
        assert doc.sentences == whole
        assert all(type(s) is Span for s in doc.sentences)
        assert split_sentences(text, 3) == _split(text, 3, _BOUNDARY)


def test_doubling_matches_equal_the_full_patterns() -> None:
    for text in _texts(2):
        expected = sorted(m.span() for p in (_DOUBLED_PHRASE, _DOUBLED_WORD)
                          for m in p.finditer(text))
        got = sorted(m.span() for m in _doubling_matches(text))
        assert set(got) <= set(expected)
        if "İ" not in text and "Σ" not in text and "ſ" not in text and "\u212a" not in text:
            assert got == expected, text


def test_phrase_matcher_whole_words_and_shared_lower_case() -> None:
    matcher = PhraseMatcher(["cnn", "the times", "ap", "a.p.", "_x"])
    for text in [*_texts(3, 1000), "CNN's AP, the Times. a.p.! apCNN _x x_x"]:
        low = lower_same_length(text)
        assert lower_same_length(text) is low or len(text) <= 64
        for m in matcher.finditer(text):
            assert low[m.start:m.end] == matcher.phrases[m.index]
            assert not (m.start > 0 and is_word_char(text[m.start - 1])
                        and is_word_char(text[m.start]))
            assert not (m.end < len(text) and is_word_char(text[m.end])
                        and is_word_char(text[m.end - 1]))
