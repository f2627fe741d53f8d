"""The plugin manager: builtin plugins and entry points, loaded the same way.

Builtin rules, readers and formatters are plain modules listed in
``BUILTIN_PLUGINS`` and registered with ``pm.register()`` exactly as a
third-party plugin found through the ``newslint`` entry-point group is (pytest's
way). Everything a plugin returns is validated here, once, so a broken plugin is
a clear startup error that names it rather than a traceback later.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

import pluggy

from newslint import hookspecs
from newslint.rule import Rule, validate_rule_class

if TYPE_CHECKING:
    from newslint.formatters import Formatter
    from newslint.readers import ReadResult, Source

ENTRY_POINT_GROUP = "newslint"
BUILTIN_PREFIX = "NL"
#: Set to any value to skip third-party plugins (tests, or to rule one out).
DISABLE_AUTOLOAD_ENV = "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "newslint.readers",
    "newslint.formatters",
    "newslint.engine_rules",
    "newslint.rules.duplication",
    "newslint.rules.chrome",
    "newslint.rules.boilerplate",
    "newslint.rules.citations",
    "newslint.rules.names",
    "newslint.rules.readability",
    "newslint.rules.hygiene",
    "newslint.rules.grammar",
)


class PluginError(Exception):
    """A plugin could not be loaded or gave something invalid; the message names it."""


class PluginInfo(NamedTuple):
    """What ``newslint plugins`` and ``--version`` show about one plugin."""

    name: str
    module: str
    distribution: str | None = None
    version: str | None = None
    builtin: bool = False


class Registry:
    """Everything the plugins provide, validated: rules by code, formatters by name."""

    def __init__(self, pm: pluggy.PluginManager, plugins: list[PluginInfo]) -> None:
        self.pm = pm
        self.plugins = plugins
        self.rules: dict[str, type[Rule]] = {}
        self.rule_plugin: dict[str, str] = {}
        self.formatters: dict[str, type[Formatter]] = {}

    def read(self, source: Source) -> Iterable[ReadResult]:
        """Documents from one input, through the first reader that accepts it."""
        result = self.pm.hook.newslint_read_document(source=source)
        if result is None:  # pragma: no cover - the builtin text reader accepts anything
            raise PluginError(f"no reader accepted {source.name}")
        return result  # type: ignore[no-any-return]

    def rules_by_name(self) -> dict[str, type[Rule]]:
        return {rule.name: rule for rule in self.rules.values()}


def _hook_functions(module: ModuleType) -> SimpleNamespace:
    """A module's hook implementations alone, for ``pm.register``.

    pluggy inspects every attribute of a plugin to find hook implementations;
    for a large rule module that is several ms of a pre-commit run. Handing it
    only the ``newslint_*`` functions registers exactly the same hooks.
    """
    return SimpleNamespace(**{name: getattr(module, name) for name in vars(module)
                              if name.startswith("newslint_")})


def _hook_results(pm: pluggy.PluginManager, hook_name: str) -> Iterator[tuple[str, Any]]:
    """Call one collecting hook plugin by plugin, so a failure names its plugin."""
    caller = getattr(pm.hook, hook_name)
    for impl in reversed(caller.get_hookimpls()):
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(
                f"plugin {impl.plugin_name!r} failed in {hook_name}(): "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if result is not None:
            yield impl.plugin_name, result


def _may_have_entry_points() -> bool:
    """Cheap pre-check: does any installed distribution declare a ``[newslint]`` group?

    ``importlib.metadata`` costs about 20 ms to import and scan, a quarter of a
    pre-commit run's budget; a directory listing of ``sys.path`` costs well under
    one. Only when some entry_points.txt names the group is the real scan done.
    """
    marker = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                names = [e.name for e in it if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        for name in names:
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"),
                          encoding="utf-8") as fh:
                    if marker in fh.read():
                        return True
            except OSError:
                continue
    return False


def _load_entry_points(pm: pluggy.PluginManager) -> list[PluginInfo]:
    if not _may_have_entry_points():
        return []
    import importlib.metadata

    infos: list[PluginInfo] = []
    for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP),
                     key=lambda ep: ep.name):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        dist = getattr(ep, "dist", None)
        where = f"{dist.name} {dist.version}" if dist is not None else ep.value
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except Exception as exc:
            raise PluginError(
                f"plugin {ep.name!r} ({ep.value}, from {where}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        infos.append(PluginInfo(ep.name, ep.value, dist.name if dist else None,
                                dist.version if dist else None))
    return infos


def build_registry(
    extra_plugins: Sequence[object] = (), *, load_entry_points: bool | None = None
) -> Registry:
    """Register builtin plugins, entry-point plugins and ``extra_plugins``; validate all."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    from newslint import __version__

    plugins: list[PluginInfo] = []
    for module_name in BUILTIN_PLUGINS:
        module = importlib.import_module(module_name)
        pm.register(_hook_functions(module), name=module_name)
        plugins.append(PluginInfo(module_name, module_name, "newslint", __version__, True))
    if load_entry_points is None:
        load_entry_points = not os.environ.get(DISABLE_AUTOLOAD_ENV)
    if load_entry_points:
        plugins.extend(_load_entry_points(pm))
    for plugin in extra_plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        pm.register(plugin, name=name)
        plugins.append(PluginInfo(name, name))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r}: {exc}") from exc

    registry = Registry(pm=pm, plugins=plugins)
    builtin_names = set(BUILTIN_PLUGINS)
    names: dict[str, str] = {}
    for plugin_name, rule_classes in _hook_results(pm, "newslint_add_rules"):
        for rule in rule_classes:
            problems = validate_rule_class(rule)
            if problems:
                raise PluginError(f"plugin {plugin_name!r} gave an invalid rule: "
                                  + "; ".join(problems))
            if rule.code.startswith(BUILTIN_PREFIX) and plugin_name not in builtin_names:
                raise PluginError(f"plugin {plugin_name!r}: rule {rule.code} uses the "
                                  f"prefix {BUILTIN_PREFIX!r}, which is reserved for newslint")
            if rule.code in registry.rules:
                raise PluginError(f"plugin {plugin_name!r}: code {rule.code} is already "
                                  f"used by {registry.rule_plugin[rule.code]!r}")
            if rule.name in names:
                raise PluginError(f"plugin {plugin_name!r}: rule name {rule.name!r} is "
                                  f"already used by {names[rule.name]!r}")
            registry.rules[rule.code] = rule
            registry.rule_plugin[rule.code] = plugin_name
            names[rule.name] = plugin_name
    for plugin_name, formatters in _hook_results(pm, "newslint_add_formatters"):
        for fmt_name, formatter in dict(formatters).items():
            if fmt_name in registry.formatters:
                raise PluginError(f"plugin {plugin_name!r}: output format {fmt_name!r} "
                                  "is already defined")
            registry.formatters[fmt_name] = formatter
    return registry


@cache
def default_registry() -> Registry:
    """The process-wide registry (builtin + entry points), built on first use."""
    return build_registry()


def rule_options(registry: Registry) -> Mapping[str, dict[str, Any]]:
    """Every config section the rules declare, with its options by name."""
    sections: dict[str, dict[str, Any]] = {}
    for rule in registry.rules.values():
        if rule.options_section:
            section = sections.setdefault(rule.options_section, {})
            for option in rule.options:
                section.setdefault(option.name, option)
    return sections
