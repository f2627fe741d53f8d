"""The Rule base class every check derives from, builtin or third-party.

A rule is a class with a ``code`` ("NL101"; plugins use their own letters), a
kebab-case ``name`` that says what it flags, and a docstring with the sections
``## What it does``, ``## Why it matters`` and ``## Example``; ``newslint rule
CODE`` prints that docstring. The engine creates each selected rule once per
process with its settings and calls ``check()`` once per document.

Rules that need settings declare them as ``Option``s under a config section
(``[tool.newslint.<section>]``); several rules may share one section.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple

from newslint.document import Document
from newslint.findings import Finding

if TYPE_CHECKING:
    from newslint.corpus import CorpusPass

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}[0-9]{3,4}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
REQUIRED_DOC_SECTIONS = ("## What it does", "## Why it matters", "## Example")

OptionKind = Literal["int", "float", "str", "bool", "str-list", "path"]


class Option(NamedTuple):
    """One setting a rule reads from ``[tool.newslint.<section>]``."""

    name: str
    kind: OptionKind
    default: Any
    help: str

    def validate(self, value: Any) -> Any:
        """Return ``value`` if it has this option's type, else raise ValueError."""
        ok = {
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "str": lambda v: isinstance(v, str),
            "path": lambda v: isinstance(v, str),
            "bool": lambda v: isinstance(v, bool),
            "str-list": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        }[self.kind](value)
        if not ok:
            raise ValueError(f"expected {self.kind}, got {type(value).__name__} {value!r}")
        return float(value) if self.kind == "float" else value


class RuleUnavailable(Exception):
    """Raised by a rule (in ``__init__`` or ``check``) that cannot work in this run.

    For example a grammar rule whose LanguageTool server does not answer. The
    engine reports the message once, turns the rule off for the rest of the run,
    lets every other rule go on, and the run exits with status 2.
    """


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    #: Rules that are off unless selected by family or code (``--extend-select NL5``),
    #: because they are slow, need a server, or are opinions rather than damage.
    default_enabled: ClassVar[bool] = True
    #: Config section the rule's options live in, and the options themselves.
    options_section: ClassVar[str | None] = None
    options: ClassVar[Sequence[Option]] = ()
    #: False for codes that are reported by the engine or the readers, never by a
    #: check of the document (NL9xx): the engine does not call their ``check``.
    checks_documents: ClassVar[bool] = True

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        values = {opt.name: opt.default for opt in self.options}
        values.update(settings or {})
        self.settings: Mapping[str, Any] = values

    def check(self, doc: Document) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        """Release resources (connections, pools) at the end of a run."""

    def corpus_pass(self) -> CorpusPass | None:
        """A pass over every document of the run, made before linting, for rules that
        judge a document by the others (see ``newslint.corpus``); None for most rules."""
        return None

    def use_corpus(self, result: Any) -> None:
        """Receive the result of this rule's corpus pass (in every process that lints)."""

    @classmethod
    def enabled_by_config(cls, settings: Mapping[str, Any]) -> bool:
        """Whether this off-by-default rule's settings switch it on (a server URL, say)."""
        return False

    # -- metadata --------------------------------------------------------------------

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring: one sentence saying what is flagged."""
        return (inspect.getdoc(cls) or "").strip().splitlines()[0] if cls.__doc__ else ""

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""


def validate_rule_class(rule: type[Rule]) -> list[str]:
    """Problems with a rule class's metadata, as messages naming the rule."""
    problems: list[str] = []
    label = f"{rule.__module__}.{rule.__qualname__}"
    code = getattr(rule, "code", None)
    name = getattr(rule, "name", None)
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        problems.append(f"{label}: code {code!r} is not like 'NL101' (letters then digits)")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        problems.append(f"{label}: name {name!r} is not kebab-case")
    doc = rule.documentation()
    for section in REQUIRED_DOC_SECTIONS:
        if section not in doc:
            problems.append(f"{label}: docstring lacks a '{section}' section")
    if not callable(getattr(rule, "check", None)) or rule.check is Rule.check:
        problems.append(f"{label}: does not implement check()")
    return problems
