"""Every pluggy hook newslint calls, and nothing else.

A plugin is a module (or object) with functions marked ``@newslint.hookimpl``
whose names match these specs; builtin rules in ``newslint.rules`` are plugins of
exactly this kind. Third-party plugins are found through the ``newslint``
entry-point group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from newslint.formatters import Formatter
    from newslint.readers import ReadResult, Source
    from newslint.rule import Rule

PROJECT = "newslint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def newslint_add_rules() -> Sequence[type[Rule]]:
    """Return the rule classes this plugin provides."""
    raise NotImplementedError


@hookspec
def newslint_add_formatters() -> Mapping[str, type[Formatter]]:
    """Return output formats this plugin provides, by the name ``--format`` takes."""
    raise NotImplementedError


@hookspec(firstresult=True)
def newslint_read_document(source: Source) -> Iterable[ReadResult] | None:
    """Turn one input (file, shard, stdin) into documents, or return None to pass.

    Return an iterable so a shard of a million records streams: the engine pulls
    one document at a time. A record that cannot be read is yielded as an
    ``Unreadable`` instead of raising, so the rest of the shard is still linted.
    """
    raise NotImplementedError
