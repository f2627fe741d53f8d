"""newslint's builtin rules (installed as ``newslint.rules``).

One module per rule family; the phrase lists and registries they read are data
files in ``data/`` beside them, which users extend from config, never code.
Each module is a pluggy plugin registered by the engine exactly like a
third-party one (see ``newslint.plugins.BUILTIN_PLUGINS``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from functools import cache
from types import ModuleType
from typing import Any

#: The data files ship inside the package (setuptools package-data), next to this file.
_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _tomllib() -> ModuleType:
    """tomllib costs ~5 ms to import: only when a TOML data file is actually read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def data_path(name: str) -> str:
    """Where a shipped data file is (for cache keys; read it with ``data_text``)."""
    return os.path.join(_DATA, name)


def data_text(name: str) -> str:
    """The text of a data file shipped in ``newslint/rules/data/``."""
    with open(os.path.join(_DATA, name), encoding="utf-8") as fh:
        return fh.read()


@cache
def data_toml(name: str) -> dict[str, Any]:
    """A TOML data file shipped with the rules, parsed once per process."""
    return _tomllib().loads(data_text(name))  # type: ignore[no-any-return]


def user_toml(path: str) -> dict[str, Any]:
    """A TOML file a user names in config (extra outlets, variants, phrases)."""
    with open(os.path.expanduser(path), "rb") as fh:
        return _tomllib().load(fh)  # type: ignore[no-any-return]


def data_lines(text: str) -> Iterator[str]:
    """Non-blank lines of a phrase list, with ``#`` comments removed."""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            yield line
