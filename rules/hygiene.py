"""Text hygiene (NL6xx): encoding damage, HTML residue, glued sentences, invisible junk.

These rules run on every article (they are on by default), so each starts with
one cheap look over the whole text (a ``str.find`` or one character-class
regex) and does real work only where that look finds a candidate. ftfy costs
about 50-75 ms to import, so it is imported only when a line looks like
mojibake; clean articles never load it. Every regex here is linear: character
classes and bounded repeats, no nested quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from newslint import Document, Finding, Fix, Rule, hookimpl
from newslint.document import ABBREVIATIONS, Line
from newslint.findings import Edit

# -- NL601 mojibake --------------------------------------------------------------------

# UTF-8 read as Latin-1 / Windows-1252 turns every non-ASCII character into a
# lead character (Â Ã â Ð Ñ ï ...: U+00C2-U+00F4) followed by one that stands for
# a continuation byte (U+0080-U+00BF, or a Windows-1252 punctuation character
# such as € ™ “ ” ‘ ’ • – —). Latin-1 reading also leaves bare C1 controls.
# Clean Portuguese, German or French text almost never has such a pair.
_CP1252_CONT = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
               "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_CONT}]|[\u0080-\u009f]")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_UNLIKELY_REPAIRS = frozenset("†‡ˆ‰‹›ŠšŽžŸƒ\u0080\u0081\u008d\u008f\u0090\u009d")


def _ftfy() -> Any:
    # 50-75 ms to import: only when a line looks like mojibake.
    import ftfy
    import ftfy.badness

    return ftfy


def _quote_word(text: str, start: int, end: int, limit: int = 40) -> str:
    """The whitespace-delimited stretch of ``text`` around [start, end), shortened."""
    a = text.rfind(" ", max(0, start - limit), start) + 1 or max(0, start - limit)
    b = text.find(" ", end, end + limit)
    b = b if b >= 0 else min(len(text), end + limit)
    return text[a:b]


class Mojibake(Rule):
    """Text decoded with the wrong encoding ("Chinaâ€™s" for "China’s", "Ã©" for "é").

    ## What it does
    Finds lines that look like UTF-8 text read as Latin-1 or Windows-1252
    (mojibake), using ftfy's badness measure (``ftfy.badness.is_bad``) on lines
    a cheap pre-check marks as candidates (a lead character such as Â, Ã, â, Ð,
    Ñ or ï followed by a continuation-byte character, or a bare C1 control
    character). The fix is ftfy's encoding repair (``ftfy.fix_encoding``, the
    mojibake part of ``ftfy.fix_text``) of that line; it is offered only when
    ftfy can undo the damage, and it changes nothing else (quotes, ligatures
    and widths stay as they are).

    ## Why it matters
    Mojibake makes names and quotes unreadable ("Chinaâ€™s", "SÃ£o Paulo"),
    breaks search and deduplication, and poisons a training corpus with
    character sequences no writer produced.

    ## Example
    ```
    Chinaâ€™s economy grew 5.2% last year.
    ```
    is reported, with the fix "China’s". "São Paulo", "naïve", "Straße" are not.
    """

    code = "NL601"
    name = "mojibake"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if _MOJIBAKE_HINT.search(text) is None:
            return
        ftfy = _ftfy()
        seen: set[int] = set()
        for m in _MOJIBAKE_HINT.finditer(text):
            line = doc.line_at(m.start())
            if line.number in seen:
                continue
            seen.add(line.number)
            finding = self._check_line(ftfy, line)
            if finding is not None:
                yield finding

    @staticmethod
    def _check_line(ftfy: Any, line: Line) -> Finding | None:
        src = line.text
        if not ftfy.badness.is_bad(src):
            return None
        fixed = ftfy.fix_encoding(src).replace("\ufeff", "")
        if fixed == src:
            bad = ftfy.badness.BADNESS_RE.search(src)
            a, b = (bad.start(), bad.end()) if bad else (0, len(src))
            return Finding(f'mojibake "{_quote_word(src, a, b)}" (text decoded with the wrong '
                           "encoding; ftfy cannot repair it)", line.start + a, line.start + b)
        # Narrow the edit to the part that changed.
        p = 0
        while p < min(len(src), len(fixed)) and src[p] == fixed[p]:
            p += 1
        s = 0
        while s < min(len(src), len(fixed)) - p and src[-1 - s] == fixed[-1 - s]:
            s += 1
        a, b_src, b_fix = p, len(src) - s, len(fixed) - s
        word = _quote_word(src, a, a + 1)
        repaired = ftfy.fix_encoding(word).replace("\ufeff", "")
        more = " (and more on this line)" if b_src > a + len(word) else ""
        # A byte the first decoder dropped (cp1252 has no character for 0x81, 0x8D,
        # 0x8F, 0x90, 0x9D) leaves ftfy a partial repair such as "†" for a closing
        # quote: offer that repair only as unsafe.
        changed = fixed[a:b_fix]
        safe = not any(ch in _UNLIKELY_REPAIRS and ch not in src for ch in changed)
        return Finding(
            f'mojibake "{word}" (text decoded with the wrong encoding; should read '
            f'"{repaired}"){more}',
            line.start + a, line.start + b_src,
            fix=Fix.replace(line.start + a, line.start + b_src, changed, safe=safe,
                            description="repair the encoding with ftfy"),
        )


# -- NL602 HTML left in the text -----------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{2,7};|#[xX][0-9A-Fa-f]{2,6};|[A-Za-z][A-Za-z0-9]{1,31};|nbsp\b)")
# "<" + a tag name + (attributes up to the next angle bracket) + ">". The name
# must be a real HTML element, so "a < b", "<3", "<name@example.com>" and
# "<아버지가 이상해>" (Korean title brackets) never match.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})(?:[\s/][^<>]{0,1000})?>")
_HTML_ELEMENTS = _wordset(
    """a abbr address area article aside audio b base bdi bdo big blockquote body br button
    canvas caption center cite code col colgroup data dd del details dfn div dl dt em embed
    fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe
    img input ins kbd label legend li link main map mark meta nav noscript object ol optgroup
    option p param picture pre q s samp script section select small source span strike strong
    style sub summary sup svg table tbody td template textarea tfoot th thead time title tr
    track tt u ul var video wbr"""
)
# Tags that only format text: deleting them loses nothing (the text between an
# opening and a closing tag stays). Break-like tags stand for white space.
_INLINE_TAGS = _wordset("a abbr b big cite em font i mark q s small span strike strong tt u")
_BREAK_TAGS = _wordset("br p div li ul ol hr h1 h2 h3 h4 h5 h6 blockquote section article "
                        "header footer tr td th table tbody thead figure figcaption wbr")


def _entity_replacement(entity: str) -> str | None:
    if entity.startswith("&nbsp"):
        return " "  # plain text: a visible space, not an invisible U+00A0
    import html  # only for the few documents with an entity-like sequence
    from html.entities import html5

    if not entity.startswith("&#") and entity[1:] not in html5:
        return None  # "&foo;" is not an entity
    value = html.unescape(entity)
    return value if value != entity else None


def _tag_fix(text: str, start: int, end: int, name: str) -> Fix | None:
    """Delete a formatting tag; a break-like tag between two words becomes one space."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if name in _BREAK_TAGS:
        if before.isspace() or after.isspace():
            return Fix.delete(start, end, description="drop the tag")
        return Fix.replace(start, end, " ", description="replace the tag with a space")
    if name in _INLINE_TAGS:
        if before == " " and after == " ":
            return Fix.delete(start, end + 1, description="drop the tag")
        return Fix.delete(start, end, description="drop the tag")
    return None  # <script>, <img>, <sup>...: removing the tag alone may change the text


class HtmlInText(Rule):
    """HTML left in the text: entities (``&nbsp;``, ``&#8217;``), tags (``<br>``) or comments.

    ## What it does
    Finds HTML character references that were never decoded (named ones that
    HTML5 defines, numeric ones, and a bare ``&nbsp``), tags of real HTML
    elements (``<br>``, ``</p>``, ``<a href=...>``) and ``<!-- comments -->``.
    A literal "<" in prose ("a < b", "<3"), an e-mail in angle brackets and
    names such as "AT&T" or "Q&A" are not reported.

    Fixes: an entity is decoded (safe; ``&nbsp;`` becomes a plain space). A
    formatting tag is dropped (safe) when dropping it cannot change the words:
    inline tags (``<b>``, ``<i>``, ``<a ...>``, ``<span>``, ``<em>``, ``<strong>``...)
    are deleted, break-like tags (``<br>``, ``<p>``, ``</p>``, ``<div>``, ``<li>``...)
    become one space between two words or vanish next to white space. Other
    tags (``<script>``, ``<img>``, ``<sup>``, ``<iframe>``...) and comments are
    reported without a fix: the code, caption or exponent around them needs a
    human decision.

    ## Why it matters
    Markup residue shows readers "&amp;" and "<br>", splits words for search
    ("Putin&#8217;s"), and is a sure sign the extractor mishandled the page.

    ## Example
    ```
    Prices rose 5%&nbsp;in May, the bank&#8217;s report said.<br>
    ```
    """

    code = "NL602"
    name = "html-in-text"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if "&" in text:
            yield from self._entities(text)
        if "<" in text:
            yield from self._tags(text)
            yield from self._comments(text)

    @staticmethod
    def _entities(text: str) -> Iterator[Finding]:
        for m in _ENTITY.finditer(text):
            value = _entity_replacement(m.group())
            if value is None:
                continue
            shown = "a space" if value.isspace() else value
            safe = value.isprintable() or value == "\u00a0"
            yield Finding(f'HTML entity "{m.group()}" left in the text (stands for {shown})',
                          m.start(), m.end(),
                          fix=Fix.replace(m.start(), m.end(), value, safe=safe,
                                          description="decode the entity"))

    @staticmethod
    def _tags(text: str) -> Iterator[Finding]:
        for m in _TAG.finditer(text):
            name = m.group(2).lower()
            if name not in _HTML_ELEMENTS:
                continue
            if m.group(1) and m.end() - m.start() != len(m.group(2)) + 3:
                continue  # "</b foo>" is not a closing tag
            tag = m.group()
            shown = tag if len(tag) <= 60 else tag[:57] + "..."
            yield Finding(f'HTML tag "{shown}" left in the text', m.start(), m.end(),
                          fix=_tag_fix(text, m.start(), m.end(), name))

    @staticmethod
    def _comments(text: str) -> Iterator[Finding]:
        pos = text.find("<!--")
        while pos >= 0:
            end = text.find("-->", pos + 4)
            if end < 0:
                return
            end += 3
            yield Finding("HTML comment left in the text", pos, end)
            pos = text.find("<!--", end)


# -- NL603 glued sentences ---------------------------------------------------------------

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f"
# A word character, a sentence end, maybe a closing quote, maybe an opening
# curly quote, then a capital: the candidate seam "Ukraine.The" / "said.”The".
# the stop first, the letter before it checked behind: a pattern that opens with a
# character set lets the regex engine skip to candidate stops (5x faster than opening
# with the look-behind)
_SEAM = re.compile(f"[.!?](?<=[^\\W_][.!?])[”’\"]?“?(?=[{_UPPER}])")
_MORE_ABBREVIATIONS = _wordset(
    "ph phd cf ca op govt univ assn bros messrs mme mlle sr sra dra ing jr esq nr"
)
# Right-hand words that make "Name.Com" a domain rather than two sentences.
_TLDS = _wordset(
    """com net org gov edu mil int info biz io ai co uk us ca au de fr ru cn in jp tv fm me
    ly news online tech app dev site blog ng za ke"""
)
_SINGLE_LETTER_STARTS = _wordset("A I O E É À")


def _token_bounds(text: str, pos: int, limit: int = 80) -> tuple[int, int]:
    """The run of non-space characters around ``pos`` (at most ``limit`` each way)."""
    a = pos
    lo = max(0, pos - limit)
    while a > lo and not text[a - 1].isspace():
        a -= 1
    b = pos
    hi = min(len(text), pos + limit)
    while b < hi and not text[b].isspace():
        b += 1
    return a, b


def _is_seam(text: str, dot: int, after: int) -> bool:
    """Whether ``text[dot:after]`` (".", ".”", ".“"...) glues two sentences."""
    a, b = _token_bounds(text, dot)
    token = text[a:b]
    if "://" in token or "www." in token.lower() or "@" in token or "/" in token:
        return False
    # The word before the stop: letters and digits back to a non-word character.
    w = dot
    while w > a and (text[w - 1].isalnum()):
        w -= 1
    left = text[w:dot]
    if len(left) < 2 or (w > 0 and text[w - 1] in ".'’-_"):
        return False  # initials "J.K.", "U.S.", decimals "3.5", "e.g.", "o'clock."
    if left.lower() in ABBREVIATIONS or left.lower() in _MORE_ABBREVIATIONS:
        return False  # "Mr.Smith", "St.Louis"
    if left.isdigit() and text[dot] != ".":
        return False
    # The word after: a capital then lower-case letters, ending the token or
    # followed by punctuation (not by another ".x" or "(": code, domains).
    r = after
    while r < b and text[r].isalpha():
        r += 1
    right = text[after:r]
    rest = text[r:b]
    if not right or right.lower() in _TLDS:
        return False  # "Yahoo.Com", "Amazon.Co.Uk"
    if len(right) == 1:
        follow = text[r] if r < len(text) else " "
        if right not in _SINGLE_LETTER_STARTS or not (
            follow.isspace() or (right == "I" and follow in "’'")
        ):
            return False  # "plan.B", but "said.I’m" is a seam
        if not left.islower() or len(left) < 3:
            return False  # "Plan.B", "Vitamin.A"
    elif not right[1:].islower():
        return False  # "ASP.NET", "Console.WriteLine", "EE.UU."
    # "Math.Random()", "Foo.Bar.Baz": code and dotted names, not sentences.
    return not (rest[:1] in ("(", "_") or re.match(r"[.][^\W_]", rest))


class GluedSentences(Rule):
    """Two sentences glued at the full stop ("Ukraine.The", "said.He").

    ## What it does
    Finds a sentence end (".", "!" or "?", maybe with a closing curly quote)
    followed directly by the capital of the next sentence, with no space. Not
    reported: initials and abbreviations ("J.K. Rowling", "U.S.", "e.g.",
    "Mr.Smith", "St.Louis"), decimals ("3.5"), domains, URLs and e-mail
    addresses ("example.com", "Yahoo.Com", "www.BBC.co.uk"), code and product
    names ("Node.js", "ASP.NET", "Console.WriteLine", "Math.Random()").
    Fix: insert a space after the stop (and after the closing quote) — safe.

    ## Why it matters
    Extractors that drop paragraph or line breaks glue the last sentence of one
    paragraph to the first of the next. The result reads badly, defeats
    sentence splitters (one "sentence" of 150 words) and tokenizers
    ("Ukraine.The" is one token).

    ## Example
    ```
    Russia has denied it plans to invade Ukraine.The talks resume on Monday.
    ```
    """

    code = "NL603"
    name = "glued-sentences"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        for dot, end, cut, safe in _find_seams(text):
            a = dot
            while a > 0 and text[a - 1].isalnum() and dot - a < 40:
                a -= 1
            b = end
            while b < len(text) and text[b].isalpha() and b - end < 40:
                b += 1
            yield Finding(f'sentences glued without a space: "{text[a:b]}"', a, b,
                          fix=Fix.replace(cut, cut, " ", safe=safe,
                                          description="insert a space"))


def _find_seams(text: str) -> Iterator[tuple[int, int, int, bool]]:
    """(stop, end of the glue, where the space goes, whether that place is certain).

    A straight double quote after the stop closes a quotation when the line
    holds an odd number of them before it (the space goes after it), else it
    opens one (the space goes before it); that guess makes the fix unsafe.
    Quote parity is counted incrementally, so the scan stays linear.
    """
    counted = 0  # text[line_start:counted] has `parity` straight quotes
    parity = 0
    for m in _SEAM.finditer(text):
        dot, end = m.start(), m.end()
        if not _is_seam(text, dot, end):
            continue
        glue = m.group()
        if '"' not in glue:
            yield dot, end, dot + len(glue.rstrip("“")), True
            continue
        quote = dot + glue.index('"')
        newline = text.rfind("\n", counted, quote)
        if newline >= 0:
            counted, parity = newline + 1, 0
        parity = (parity + text.count('"', counted, quote)) % 2
        counted = quote
        yield dot, end, quote + 1 if parity else quote, False


def glued_seams(text: str) -> Iterator[int]:
    """Offsets in ``text`` where NL603 would insert a space (used by NL501)."""
    for _, _, cut, _ in _find_seams(text):
        yield cut


# -- NL604 control and invisible characters ---------------------------------------------

_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff\ufffd]")
_CONTEXT_SENSITIVE = frozenset("\u200b\u200c\u200d\u2060")
_NAMES = {
    "\u00ad": "soft hyphen (U+00AD)",
    "\u200b": "zero-width space (U+200B)",
    "\u200c": "zero-width non-joiner (U+200C)",
    "\u200d": "zero-width joiner (U+200D)",
    "\u2060": "word joiner (U+2060)",
    "\ufeff": "byte-order mark (U+FEFF) inside the text",
    "\ufffd": "replacement character (U+FFFD: the original character was lost in decoding)",
}


def _plain(ch: str) -> bool:
    """A character of a script written with spaces and without joiners (Latin, Greek, Cyrillic)."""
    if not ch:
        return True
    o = ord(ch)
    return o < 0x0250 or 0x0370 <= o < 0x0530 or 0x2000 <= o < 0x2070


def _inside_plain_word(text: str, i: int) -> bool:
    """Whether the zero-width character at ``i`` sits inside a word of a plain script.

    Neighbours are looked up past other zero-width characters ("a\u200b\u200bb");
    white space or a line edge on either side means it is not inside a word.
    """
    a = i
    while a > 0 and text[a - 1] in _CONTEXT_SENSITIVE and i - a < 8:
        a -= 1
    b = i + 1
    while b < len(text) and text[b] in _CONTEXT_SENSITIVE and b - i < 8:
        b += 1
    left = text[a - 1] if a > 0 else " "
    right = text[b] if b < len(text) else " "
    if left.isspace() or right.isspace():
        return False
    return _plain(left) and _plain(right)


def _describe(ch: str) -> str:
    return _NAMES.get(ch, f"control character U+{ord(ch):04X}")


class InvisibleCharacters(Rule):
    """Control characters, U+FFFD replacement characters, or zero-width junk inside the text.

    ## What it does
    Reports, one finding per line and kind:
    - C0 control characters other than tab and line breaks (U+0000-U+001F,
      U+007F); C1 controls (U+0080-U+009F) are mojibake and belong to NL601;
    - U+FFFD, the replacement character a decoder leaves for bytes it could not
      read (no fix: the original character is lost);
    - soft hyphens (U+00AD) and byte-order marks (U+FEFF) inside the text;
    - zero-width space, non-joiner, joiner and word joiner (U+200B, U+200C,
      U+200D, U+2060) between Latin, Greek or Cyrillic characters. The joiners
      are legitimate, and not reported, inside emoji sequences (👨‍👩‍👧) and in
      scripts that use them (Persian, Arabic, Devanagari, Thai...).
    Fix (safe): delete the invisible characters; a control character between
    two words becomes a space.

    ## Why it matters
    Invisible characters split words for search ("Ukrai\\u00adne" does not
    match "Ukraine"), break tokenizers and deduplication, and U+FFFD marks text
    that lost characters.

    ## Example
    ```
    The Kre\\u200bmlin said on Tues\\u00adday that talks would resume.
    ```
    """

    code = "NL604"
    name = "invisible-characters"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if _JUNK.search(text) is None:
            return
        groups: dict[tuple[int, str], list[int]] = {}
        for m in _JUNK.finditer(text):
            i = m.start()
            ch = text[i]
            if ch in _CONTEXT_SENSITIVE and not _inside_plain_word(text, i):
                continue
            kind = ch if ch in _NAMES else "control"
            groups.setdefault((doc.position(i)[0], kind), []).append(i)
        for (_, kind), where in sorted(groups.items()):
            yield self._finding(text, kind, where)

    @staticmethod
    def _finding(text: str, kind: str, where: Sequence[int]) -> Finding:
        first = text[where[0]]
        what = _describe(first) if kind != "control" else "control character"
        if kind == "control":
            codes = sorted({f"U+{ord(text[i]):04X}" for i in where})
            what = f"control character {', '.join(codes)}"
        count = f"{len(where)} × " if len(where) > 1 else ""
        start, end = where[0], where[-1] + 1
        if kind == "\ufffd":
            return Finding(f"{count}{what}", start, end)
        edits: list[Edit] = []
        for i in where:
            if kind == "control":
                before = text[i - 1] if i else " "
                after = text[i + 1] if i + 1 < len(text) else " "
                if not before.isspace() and not after.isspace():
                    edits.append(Edit(i, i + 1, " "))
                    continue
            edits.append(Edit(i, i + 1, ""))
        return Finding(f"{count}{what}", start, end,
                       fix=Fix(tuple(edits), safe=True, description="delete invisible characters"))


@cache
def _rules() -> tuple[type[Rule], ...]:
    return (Mojibake, HtmlInText, GluedSentences, InvisibleCharacters)


@hookimpl
def newslint_add_rules() -> Sequence[type[Rule]]:
    return _rules()
