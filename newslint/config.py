"""Configuration: ``[tool.newslint]`` in pyproject.toml, or a newslint.toml, validated.

The file is found by walking up from the working directory (``newslint.toml``
wins over ``pyproject.toml`` in the same folder, as ruff's own file does), or
named with ``--config``; ``--isolated`` ignores every file. Config is data:
nothing in it is ever imported or executed. An unknown key or a value of the
wrong type is a ``ConfigError`` naming the file and the key (exit status 2).

Rule options live in sub-tables named by the rules' ``options_section``
(``[tool.newslint.chrome]``, ``[tool.newslint.grammar]`` …), validated against the
options the installed rules declare.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from newslint.rule import Option

DEFAULT_INCLUDE = ("*.txt", "*.jsonl", "*.jsonl.gz", "*.ndjson", "*.ndjson.gz")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules",
                   "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist")
CONFIG_FILES = ("newslint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration problem: the message names the file and the key."""


class Config:
    """Settings from the config file, before command-line options are applied."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path  # the file they came from, if any
        self.select: list[str] | None = None
        self.ignore: list[str] = []
        self.extend_select: list[str] = []
        self.extend_ignore: list[str] = []
        self.per_file_ignores: dict[str, list[str]] = {}
        self.include: list[str] = list(DEFAULT_INCLUDE)
        self.exclude: list[str] = list(DEFAULT_EXCLUDE)
        self.extend_exclude: list[str] = []
        self.format: str | None = None
        self.show_source = False
        self.text_field = "text"
        self.id_field: str | None = None
        self.jobs: int | None = None
        #: rule option sections: ``{"chrome": {"extend-phrases": [...]}, ...}``
        self.sections: dict[str, dict[str, Any]] = {}

    @property
    def root(self) -> str:
        """Folder that relative paths in the config are resolved against."""
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()


_LIST_KEYS = {"select", "ignore", "extend-select", "extend-ignore", "include", "exclude",
              "extend-exclude"}
_STR_KEYS = {"format", "text-field", "id-field"}
_BOOL_KEYS = {"show-source"}
_INT_KEYS = {"jobs"}
TOP_LEVEL_KEYS = _LIST_KEYS | _STR_KEYS | _BOOL_KEYS | _INT_KEYS | {"per-file-ignores"}


def find_config_file(start: str | None = None) -> str | None:
    """The nearest newslint.toml, or pyproject.toml with a [tool.newslint] table.

    Plain ``os.path``: pathlib costs ~5 ms to import, and a pre-commit run waits
    for every one.
    """
    folder = os.path.realpath(start or os.getcwd())
    while True:
        candidate = os.path.join(folder, "newslint.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _has_newslint_table(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _tomllib() -> Any:
    """tomllib costs ~5 ms to import: a pre-commit run without a config never pays it."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _has_newslint_table(pyproject: str) -> bool:
    try:
        text = _read_text(pyproject)
    except (OSError, UnicodeDecodeError):
        return False
    if "tool.newslint" not in text:  # skip the TOML parse for most pyprojects
        return False
    tomllib = _tomllib()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False  # an unrelated broken pyproject is not our business
    return isinstance(data.get("tool"), dict) and "newslint" in data["tool"]


def load_config(path: str | None, sections: Mapping[str, Mapping[str, Option]]) -> Config:
    """Read and validate ``path`` (None: defaults). ``sections`` are the rules' options."""
    if path is None:
        return Config()
    tomllib = _tomllib()
    try:
        data = tomllib.loads(_read_text(path))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    prefix = ""
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("newslint", {})
        prefix = "tool.newslint."
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.')}] must be a table")
    return parse_config(data, path, sections, prefix)


def parse_config(data: Mapping[str, Any], path: str,
                 sections: Mapping[str, Mapping[str, Option]], prefix: str = "") -> Config:
    config = Config(path=path)

    def fail(key: str, why: str) -> ConfigError:
        return ConfigError(f"{path}: {prefix}{key}: {why}")

    for key, value in data.items():
        attr = key.replace("-", "_")
        if key in sections:
            config.sections[key] = _parse_section(key, value, sections[key], fail)
            for name, option in sections[key].items():
                item = config.sections[key].get(name)
                if option.kind == "path" and isinstance(item, str) and item:
                    # relative paths in a config file mean: relative to that file
                    config.sections[key][name] = os.path.join(
                        os.path.dirname(os.path.abspath(path)), os.path.expanduser(item))
        elif key not in TOP_LEVEL_KEYS:
            known = sorted(TOP_LEVEL_KEYS | set(sections))
            raise fail(key, f"unknown key (known keys: {', '.join(known)})")
        elif key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, f"expected a list of strings, got {value!r}")
            setattr(config, attr, list(value))
        elif key in _STR_KEYS:
            if not isinstance(value, str):
                raise fail(key, f"expected a string, got {value!r}")
            setattr(config, attr, value)
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise fail(key, f"expected true or false, got {value!r}")
            setattr(config, attr, value)
        elif key in _INT_KEYS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise fail(key, f"expected a positive integer, got {value!r}")
            setattr(config, attr, value)
        else:  # per-file-ignores
            if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(c, str) for c in v)
                for v in value.values()
            ):
                raise fail(key, 'expected a table like {"drafts/*.txt" = ["NL5"]}')
            config.per_file_ignores = {str(k): list(v) for k, v in value.items()}
    return config


def _parse_section(name: str, value: Any, options: Mapping[str, Option], fail: Any
                   ) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(name, "expected a table")
    out: dict[str, Any] = {}
    for key, item in value.items():
        option = options.get(key)
        if option is None:
            known = ", ".join(sorted(options)) or "none"
            raise fail(f"{name}.{key}", f"unknown option (known: {known})")
        try:
            out[key] = option.validate(item)
        except ValueError as exc:
            raise fail(f"{name}.{key}", str(exc)) from exc
    return out


def parse_per_file_ignores(specs: list[str]) -> dict[str, list[str]]:
    """``--per-file-ignores "a/*.txt:NL2,NL5 b.txt:NL101"`` as flake8 writes it."""
    out: dict[str, list[str]] = {}
    for spec in " ".join(specs).replace("\n", " ").split():
        glob, sep, codes = spec.rpartition(":")
        if not sep or not glob:
            raise ConfigError(f"--per-file-ignores: expected GLOB:CODES, got {spec!r}")
        out.setdefault(glob, []).extend(c for c in codes.split(",") if c)
    return out
