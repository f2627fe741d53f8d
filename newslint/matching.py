"""Fast many-phrase matching for rules: one Aho–Corasick automaton, then confirm.

Never match hundreds of phrases with one big ``re`` alternation (about 0.5 MB/s
here); an automaton built once per process scans at hundreds of MB/s. Matching
is case-insensitive by lower-casing the text without changing its length, so the
offsets found are offsets into the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import ahocorasick_rs

#: the last text lowered and its lower case: the matchers of every rule (and rules
#: themselves) lower one document's text, so it is lowered once
_last_lowered: tuple[str, str] = ("", "")


def lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer stay as they are."""
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    low = text.lower()
    if len(low) != len(text):  # lower() never shortens, so equal length means aligned
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    if len(text) > 64:
        _last_lowered = (text, low)
    return low


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class PhraseMatch:
    """One match: ``text[start:end]`` is the ``index``-th phrase given to the matcher.

    A plain slotted class: rules create one per match, and a frozen dataclass's
    ``__init__`` costs several times more.
    """

    __slots__ = ("end", "index", "start")

    def __init__(self, start: int, end: int, index: int) -> None:
        self.start = start
        self.end = end
        self.index = index

    def __repr__(self) -> str:
        return f"PhraseMatch(start={self.start}, end={self.end}, index={self.index})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhraseMatch) and \
            (self.start, self.end, self.index) == (other.start, other.end, other.index)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.index))


class PhraseMatcher:
    """Find whole-word occurrences of many phrases (case-insensitive by default)."""

    def __init__(self, phrases: Iterable[str], *, ignore_case: bool = True,
                 whole_words: bool = True, dfa_after: int | None = None,
                 _keys: list[str] | None = None) -> None:
        """``dfa_after``: once this many characters were scanned (a corpus run), rebuild
        the automaton as a DFA: faster scans for ~40 ms and ~18 MB more (for a large
        list), the same leftmost-longest matches. None keeps the compact automaton."""
        self.phrases = list(phrases)
        self.ignore_case = ignore_case
        self.whole_words = whole_words
        self.dfa_after = dfa_after
        self._scanned = 0
        if _keys is None:
            _keys = [lower_same_length(p) if ignore_case else p for p in self.phrases]
        self._keys = _keys
        self._automaton = ahocorasick_rs.AhoCorasick(
            _keys or ["\0never\0"], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )
        self._empty = not _keys

    def __getstate__(self) -> dict[str, object]:
        """Pickle the phrases and their lowered keys, not the automaton (rebuilt on load)."""
        return {"phrases": self.phrases, "ignore_case": self.ignore_case,
                "whole_words": self.whole_words, "keys": self._keys,
                "edges": self.__dict__.get("_edges"), "dfa_after": self.dfa_after}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["phrases"], ignore_case=bool(state["ignore_case"]),  # type: ignore[misc]
                      whole_words=bool(state["whole_words"]), _keys=state.get("keys"),
                      dfa_after=state.get("dfa_after"))
        if state.get("edges") is not None:
            self.__dict__["_edges"] = state["edges"]

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        if self._empty or not text:
            return
        if self.dfa_after is not None:
            self._scanned += len(text)
            if self._scanned >= self.dfa_after:
                self._automaton = ahocorasick_rs.AhoCorasick(
                    self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                    implementation=ahocorasick_rs.Implementation.DFA)
                self.dfa_after = None
        hay = lower_same_length(text) if self.ignore_case else text
        found = self._automaton.find_matches_as_indexes(hay)
        if not self.whole_words:
            for index, start, end in found:
                yield PhraseMatch(start, end, index)
            return
        # A character and its one-character lower case are both word characters or
        # neither, and hay[start:end] is the phrase: its own first and last
        # characters decide whether the neighbours outside it matter.
        word_start, word_end = self._word_edges
        n = len(hay)
        for index, start, end in found:
            if start > 0 and word_start[index]:
                ch = hay[start - 1]
                if ch.isalnum() or ch == "_":
                    continue
            if end < n and word_end[index]:
                ch = hay[end]
                if ch.isalnum() or ch == "_":
                    continue
            yield PhraseMatch(start, end, index)

    @property
    def _word_edges(self) -> tuple[list[bool], list[bool]]:
        """Per phrase: whether its first, and its last, character is a word character."""
        edges: tuple[list[bool], list[bool]] | None = self.__dict__.get("_edges")
        if edges is None:
            keys = self._keys
            edges = ([bool(k) and is_word_char(k[0]) for k in keys],
                     [bool(k) and is_word_char(k[-1]) for k in keys])
            self.__dict__["_edges"] = edges
        return edges
