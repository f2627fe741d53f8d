"""The engine's own codes (NL9xx): problems with the input or with a rule.

These are not checks a document runs; the engine and the readers emit them. They
are registered as rules so that ``newslint rule NL903`` explains them and
``--ignore`` can hide them like any other code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newslint.document import Document
from newslint.findings import Finding
from newslint.hookspecs import hookimpl
from newslint.rule import Rule


class EngineRule(Rule):
    """Base of the engine's codes: they never run as checks."""

    #: A finding of this code means the input was not (fully) linted: exit status 2.
    fatal: bool = False
    checks_documents = False

    def check(self, doc: Document) -> Iterable[Finding]:
        return ()


class UnreadableInput(EngineRule):
    """An input path could not be read (missing, a permission error, a broken shard).

    ## What it does
    Reports a path that does not exist or cannot be opened, once, at 1:1.

    ## Why it matters
    A CI step over a corpus must not pass because a shard silently went missing:
    the run goes on with the other inputs and exits with status 2.

    ## Example
    ```
    missing.txt:1:1: NL901 cannot read input: No such file or directory
    ```
    """

    code = "NL901"
    name = "unreadable-input"
    fatal = True


class UndecodableBytes(EngineRule):
    """The file is not valid UTF-8; it was decoded with replacement characters.

    ## What it does
    Reports the byte offset of the first invalid UTF-8 sequence and how many there
    are. The text is still linted, with U+FFFD in place of each bad sequence.

    ## Why it matters
    A scraper that guessed the wrong encoding damages every non-ASCII character;
    the file should be re-fetched or re-decoded.

    ## Example
    ```
    article.txt:3:14: NL902 invalid UTF-8 at byte 211 (2 bad sequences); decoded with U+FFFD
    ```
    """

    code = "NL902"
    name = "undecodable-bytes"


class BinaryInput(EngineRule):
    """The input looks binary (it contains NUL bytes) and was skipped.

    ## What it does
    Skips a file with NUL bytes in it, such as an image or a PDF saved under a
    ``.txt`` name, and reports it.

    ## Why it matters
    Linting binary data produces noise; a corpus that contains it needs cleaning.

    ## Example
    ```
    photo.txt:1:1: NL903 binary input skipped (NUL byte at offset 12)
    ```
    """

    code = "NL903"
    name = "binary-input"
    fatal = True


class RuleCrashed(EngineRule):
    """A rule raised an exception on this document; the other rules still ran.

    ## What it does
    Reports the rule's code and name and the exception, instead of a traceback.

    ## Why it matters
    One faulty (often third-party) rule must not stop the linting of a corpus, but
    it must not pass unnoticed either: the run exits with status 2.

    ## Example
    ```
    article.txt:1:1: NL904 rule XY101 (my-rule) from plugin 'my_plugin' crashed: KeyError: 'x'
    ```
    """

    code = "NL904"
    name = "rule-crashed"
    fatal = True


class MalformedRecord(EngineRule):
    """A record of a JSONL or Parquet shard could not be read as an article.

    ## What it does
    Reports a record that is not valid JSON, is not an object, or lacks a string
    text field, at its line in the shard. The other records are still linted.

    ## Why it matters
    A half-written shard or a schema change upstream should be visible, not
    silently shrink the corpus.

    ## Example
    ```
    shard-007.jsonl:1042:1: NL905 malformed record: missing text field 'text'
    ```
    """

    code = "NL905"
    name = "malformed-record"
    fatal = True


ENGINE_RULES: tuple[type[EngineRule], ...] = (
    UnreadableInput, UndecodableBytes, BinaryInput, RuleCrashed, MalformedRecord,
)
FATAL_CODES = frozenset(rule.code for rule in ENGINE_RULES if rule.fatal)


@hookimpl
def newslint_add_rules() -> Sequence[type[Rule]]:
    return ENGINE_RULES
