"""The ``newslint`` command: ``check`` (the default), ``rule``, ``rules``, ``plugins``.

Exit status: 0 no findings, 1 findings, 2 a usage or configuration error, a
broken plugin, or an input that could not be linted (the others are still
linted and reported).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from typing import Any, TextIO

from newslint import __version__
from newslint.config import (
    Config,
    ConfigError,
    find_config_file,
    load_config,
    parse_per_file_ignores,
)
from newslint.document import Document
from newslint.engine import DocumentResult, Linter, LinterSpec, PerFileIgnores, Selection
from newslint.engine_rules import FATAL_CODES
from newslint.formatters import RunSummary
from newslint.plugins import PluginError, Registry, default_registry, rule_options
from newslint.progress import Progress
from newslint.readers import SHARD_SUFFIXES, Source, Unreadable
from newslint.runner import (
    Discovery,
    default_jobs,
    discover_sources,
    fix_source,
    iter_items,
    tune_gc,
    unified_diff,
    write_atomically,
)
from newslint.stats import RunStatistics

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Below this many plain files a run stays in one process: starting workers
#: costs more than it saves (a pre-commit run lints a handful of files).
PARALLEL_MIN_INPUTS = 64
SUBCOMMANDS = ("check", "rule", "rules", "plugins")


class UsageError(Exception):
    """Bad command-line usage discovered after parsing (exit status 2)."""


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _version_line(registry: Registry | None = None) -> str:
    import platform

    extra = ""
    if registry is not None:
        third = [f"{p.name}: {p.version or '?'}" for p in registry.plugins if not p.builtin]
        extra = f" ({', '.join(third)})" if third else ""
    return (f"newslint {__version__}{extra} {platform.python_implementation()} "
            f"{platform.python_version()} on {platform.system()}")


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, without asking the terminal its width at every start.

    argparse builds a formatter while parsing, and the stock one imports shutil
    (3 ms) for the terminal size; ``$COLUMNS`` or 100 columns does for help text.
    """

    def __init__(self, prog: str) -> None:
        columns = os.environ.get("COLUMNS", "")
        super().__init__(prog, width=(int(columns) if columns.isdigit() else 100) - 2)


def build_check_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newslint",
        formatter_class=_HelpFormatter,
        description="Lint scraped news articles: site chrome, broken citations, garbled "
                    "outlet names, duplicated list items, mojibake.",
        epilog="Other commands: 'newslint rule CODE' explains a rule, 'newslint rules' "
               "lists them, 'newslint plugins' lists plugins. Exit status: 0 clean, "
               "1 findings, 2 usage, config or input error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, directories (searched recursively) or '-' for stdin; "
                        "default: the current directory")
    p.add_argument("--version", action="store_true", help="print the version and plugins")
    out = p.add_argument_group("output")
    out.add_argument("--format", help="output format: default, json, jsonl, github, gitlab, "
                                      "sarif, junit, or one a plugin adds (default: default)")
    out.add_argument("--output-file", metavar="FILE", help="write the report to FILE")
    out.add_argument("--show-source", action="store_true", default=None,
                     help="show the offending line and a caret under the column")
    out.add_argument("--statistics", action="store_true", help="count findings per code")
    out.add_argument("--count", action="store_true", help="print the total number of findings")
    out.add_argument("--exit-zero", action="store_true",
                     help="exit 0 even when there are findings")
    out.add_argument("-q", "--quiet", action="store_true",
                     help="no progress or summary lines on stderr")
    out.add_argument("--no-progress", action="store_true",
                     help="no progress display (it shows only on a terminal, after 1 s)")
    out.add_argument("--stats-file", metavar="FILE",
                     help="write run statistics and per-document figures as JSON")
    run = p.add_argument_group("corpus runs")
    run.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                     help="worker processes (default: all cores; 1 lints in-process). "
                          f"Runs of fewer than {PARALLEL_MIN_INPUTS} plain files stay "
                          "in-process")
    run.add_argument("--dask-scheduler", metavar="ADDRESS",
                     help="lint on a Dask cluster (tcp://host:8786), or 'local' for a "
                          "LocalCluster of --jobs workers (needs the 'dask' extra)")
    run.add_argument("--baseline", metavar="FILE",
                     help="report only findings not recorded in this baseline")
    run.add_argument("--write-baseline", metavar="FILE",
                     help="record the current findings as a baseline; report nothing")
    sel = p.add_argument_group("rule selection (comma-separated code prefixes)")
    sel.add_argument("--select", type=_codes, metavar="CODES",
                     help="codes to report (replaces the default)")
    sel.add_argument("--ignore", type=_codes, metavar="CODES", help="codes not to report")
    sel.add_argument("--extend-select", type=_codes, action="extend", default=[],
                     metavar="CODES",
                     help="add codes to the selection (e.g. NL5 for readability)")
    sel.add_argument("--extend-ignore", type=_codes, action="extend", default=[],
                     metavar="CODES",
                     help="add codes to the ignore list")
    sel.add_argument("--per-file-ignores", action="append", metavar="GLOB:CODES",
                     help="e.g. 'drafts/*.txt:NL5,NL7'")
    files = p.add_argument_group("files")
    files.add_argument("--exclude", type=_codes, metavar="GLOBS",
                       help="globs of paths to skip (replaces the default)")
    files.add_argument("--extend-exclude", type=_codes, action="extend", default=[],
                       metavar="GLOBS",
                       help="more globs of paths to skip")
    files.add_argument("--include", type=_codes, metavar="GLOBS",
                       help="file-name globs picked up in directories (default: *.txt and "
                            "JSONL shards)")
    files.add_argument("--stdin-filename", default="stdin", metavar="NAME",
                       help="the name to report for '-' (standard input)")
    files.add_argument("--text-field", metavar="FIELD",
                       help="JSONL field holding the article (default: text)")
    files.add_argument("--id-field", metavar="FIELD",
                       help="JSONL field naming the record (default: id, url)")
    cfg = p.add_argument_group("configuration")
    cfg.add_argument("--config", metavar="FILE",
                     help="read this config file instead of searching for one")
    cfg.add_argument("--isolated", action="store_true", help="ignore every config file")
    grammar = p.add_argument_group("grammar (NL7xx, LanguageTool; text is sent only to this "
                                   "server)")
    grammar.add_argument("--grammar-server", metavar="URL",
                         help="LanguageTool server URL; turns the NL7 rules on")
    grammar.add_argument("--grammar-language", metavar="CODE",
                         help="LanguageTool language code (default: en-US)")
    grammar.add_argument("--grammar-local-path", metavar="DIR",
                         help="an unzipped LanguageTool release to start locally")
    fix = p.add_argument_group("fixing")
    fix.add_argument("--fix", action="store_true",
                     help="apply safe fixes to files in place (atomically)")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="with --fix or --diff, also apply fixes that may change meaning")
    fix.add_argument("--diff", action="store_true",
                     help="print the fixes as a unified diff; change no file")
    return p


def _load_config(args: argparse.Namespace, registry: Registry) -> Config:
    sections = rule_options(registry)
    path = None if args.isolated else (
        args.config if args.config is not None else find_config_file())
    config = load_config(path, sections)
    overrides = {"server": args.grammar_server, "language": args.grammar_language,
                 "local-path": args.grammar_local_path}
    if any(v is not None for v in overrides.values()):
        grammar = config.sections.setdefault("grammar", {})
        grammar.update({k: v for k, v in overrides.items() if v is not None})
    return config


def _selection(args: argparse.Namespace, config: Config) -> Selection:
    """Command-line selection over the config file's (``--extend-*`` add to both)."""
    select = args.select if args.select is not None else (config.select or ["NL"])
    return Selection(
        select=tuple(select),
        ignore=tuple(args.ignore if args.ignore is not None else config.ignore),
        extend_select=tuple(config.extend_select + args.extend_select),
        extend_ignore=tuple(config.extend_ignore + args.extend_ignore),
    )


def _discovery(args: argparse.Namespace, config: Config) -> Discovery:
    return Discovery(
        include=tuple(args.include or config.include),
        exclude=tuple((args.exclude if args.exclude is not None else config.exclude)
                      + config.extend_exclude + args.extend_exclude),
        source_options={"text-field": args.text_field or config.text_field,
                        "id-field": args.id_field or config.id_field},
    )


def _lint_results(args: argparse.Namespace, config: Config, registry: Registry,
                  linter: Linter, spec: LinterSpec, items: Iterator[Document | Unreadable],
                  sources: Sequence[Source]) -> Iterator[DocumentResult]:
    """Results in input order: in this process, in worker processes, or on Dask."""
    jobs = args.jobs or config.jobs or default_jobs()
    if args.dask_scheduler:
        from newslint.parallel import lint_dask

        return lint_dask(items, spec, args.dask_scheduler, jobs, linter.unavailable)
    if jobs > 1 and (len(sources) > PARALLEL_MIN_INPUTS or any(
            s.path.lower().endswith(SHARD_SUFFIXES) for s in sources)):
        from newslint.parallel import lint_parallel  # multiprocessing: ~20 ms to import

        return lint_parallel(items, spec, jobs, linter.unavailable)
    return (linter.lint_item(item) for item in items)


def _corpus_results(registry: Registry, linter: Linter, sources: Sequence[Source],
                    stderr: TextIO, *, quiet: bool) -> dict[str, Any]:
    """Run the corpus passes of the selected rules (NL210), saying so on a terminal."""
    passes = linter.corpus_passes()
    if not passes:
        return {}
    from newslint.corpus import corpus_results

    if not quiet and stderr.isatty():
        stderr.write("newslint: reading the inputs once for corpus-wide rules...\n")
    return corpus_results(registry, linter, sources, passes)


def run_check(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    args = build_check_parser().parse_args(argv)
    registry = default_registry()
    if args.version:
        stdout.write(_version_line(registry) + "\n")
        return EXIT_CLEAN
    config = _load_config(args, registry)
    per_file = dict(config.per_file_ignores)
    if args.per_file_ignores:
        per_file.update(parse_per_file_ignores(args.per_file_ignores))
    fmt_name = args.format or config.format or "default"
    formatter_cls = registry.formatters.get(fmt_name)
    if formatter_cls is None:
        raise UsageError(f"unknown --format {fmt_name!r} (choose from: "
                         f"{', '.join(sorted(registry.formatters))})")
    sources, missing = discover_sources(args.paths or ["."], _discovery(args, config),
                                        args.stdin_filename)
    spec = LinterSpec(_selection(args, config), config.sections,
                      PerFileIgnores.from_mapping(per_file),
                      count_words=bool(args.statistics or args.stats_file))
    linter = spec.build(registry)
    tune_gc()
    corpus = _corpus_results(registry, linter, sources, stderr, quiet=bool(args.quiet))
    if corpus:
        linter.use_corpus(corpus)
        spec = spec._replace(corpus=corpus)
    if args.fix or args.diff:
        try:
            return _run_fix(args, registry, linter, sources, stdout, stderr)
        finally:
            linter.close()
    if args.baseline or args.write_baseline:
        from newslint.baseline import Baseline, BaselineWriter
    baseline = Baseline.load(args.baseline) if args.baseline else None
    writer = BaselineWriter() if args.write_baseline else None

    with ExitStack() as stack:
        stack.callback(linter.close)
        out = stdout
        if args.output_file:
            out = stack.enter_context(open(args.output_file, "w", encoding="utf-8"))
        formatter = formatter_cls(out, show_source=bool(args.show_source or config.show_source))
        stats = RunStatistics(keep_documents=args.stats_file is not None)
        progress = Progress(stderr, enabled=not (args.quiet or args.no_progress))
        stack.callback(progress.close)
        fatal = False
        results = _lint_results(args, config, registry, linter, spec,
                                iter_items(registry, sources, missing), sources)
        formatter.start()
        try:
            for result in results:
                if baseline is not None:
                    result.diagnostics = [d for d in result.diagnostics
                                          if not baseline.suppress(d)]
                stats.add(result)
                progress.update(len(result.diagnostics))
                for diag in result.diagnostics:
                    fatal = fatal or diag.code in FATAL_CODES
                    if writer is not None:
                        writer.add(diag)
                    else:
                        formatter.handle(diag)
                formatter.document_done(result.path, result.record, len(result.diagnostics))
        except KeyboardInterrupt:
            close = getattr(results, "close", None)
            if close is not None:
                close()  # stops worker processes or the Dask client now, not at exit
            progress.close()
            stderr.write(f"newslint: interrupted after {stats.documents:,} documents, "
                         f"{sum(stats.codes.values()):,} findings\n")
            return EXIT_INTERRUPTED
        progress.close()
        if writer is not None:
            n = writer.write(args.write_baseline)
            if not args.quiet:
                stderr.write(f"newslint: wrote {n} finding(s) to baseline "
                             f"{args.write_baseline}\n")
            return EXIT_ERROR if fatal else EXIT_CLEAN
        formatter.finish(RunSummary(
            documents=stats.documents, tool_version=__version__,
            rules={code: (rule.name, rule.summary()) for code, rule in registry.rules.items()
                   if code in stats.codes}))
        report = stdout if fmt_name == "default" and not args.output_file else stderr
        if args.statistics:
            stats.write_table(report, {c: r.name for c, r in registry.rules.items()})
        if args.count:
            report.write(f"{sum(stats.codes.values())}\n")
        if args.stats_file:
            stats.write_json(args.stats_file)
        fatal = _report_unavailable(registry, linter.unavailable, stderr) or fatal
    if fatal:
        return EXIT_ERROR
    if stats.codes and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _report_unavailable(registry: Registry, unavailable: dict[str, str],
                        stderr: TextIO) -> bool:
    """One line per reason a rule switched itself off (the grammar family shares one)."""
    by_reason: dict[str, list[str]] = {}
    for code, why in sorted(unavailable.items()):
        by_reason.setdefault(why, []).append(code)
    for why, codes in by_reason.items():
        names = ", ".join(f"{c} ({registry.rules[c].name})" for c in codes)
        plural = len(codes) > 1
        stderr.write(f"newslint: error: rule{'s' if plural else ''} {names} "
                     f"{'were' if plural else 'was'} switched off: {why}\n")
    return bool(unavailable)


def _run_fix(args: argparse.Namespace, registry: Registry, linter: Linter,
             sources: list[Source], stdout: TextIO, stderr: TextIO) -> int:
    changed = skipped = applied = 0
    for source in sources:
        if source.path.lower().endswith(SHARD_SUFFIXES):
            stderr.write(f"newslint: {source.display}: --fix does not rewrite shards; skipped\n")
            skipped += 1
            continue
        result = fix_source(registry, linter, source, unsafe=args.unsafe_fixes)
        if result is None:
            stderr.write(f"newslint: {source.display}: cannot be fixed safely (unreadable or "
                         "not valid UTF-8); left as it is\n")
            skipped += 1
            continue
        if result.fixed == result.original:
            continue
        changed += 1
        applied += result.applied
        if args.diff:
            stdout.write(unified_diff(result))
        elif source.is_stdin:
            stdout.write(result.fixed)
        else:
            write_atomically(source.path, result.fixed)
    if not args.quiet:
        verb = "Would fix" if args.diff else "Fixed"
        stderr.write(f"{verb} {applied} finding(s) in {changed} file(s).\n")
    if _report_unavailable(registry, linter.unavailable, stderr) or skipped:
        return EXIT_ERROR
    return EXIT_FINDINGS if (args.diff and changed) else EXIT_CLEAN


# -- rule / rules / plugins ---------------------------------------------------------------

def run_rule(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = argparse.ArgumentParser(prog="newslint rule", description="Explain one rule.",
                                formatter_class=_HelpFormatter)
    p.add_argument("code", help="a rule code (NL101) or name (duplicated-list-item)")
    args = p.parse_args(argv)
    registry = default_registry()
    rule = registry.rules.get(args.code.upper()) or registry.rules_by_name().get(args.code)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r}; 'newslint rules' lists them")
    state = ("on by default" if rule.default_enabled
             else f"off by default (--extend-select {rule.code})")
    stdout.write(f"# {rule.name} ({rule.code})\n\nFrom plugin "
                 f"{registry.rule_plugin[rule.code]!r}; {state}.\n\n{rule.documentation()}\n")
    if rule.options:
        stdout.write(f"\n## Options ([tool.newslint.{rule.options_section}])\n")
        for opt in rule.options:
            stdout.write(f"- `{opt.name}` ({opt.kind}, default {opt.default!r}): {opt.help}\n")
    return EXIT_CLEAN


def rules_markdown(registry: Registry) -> str:
    lines = ["# newslint rules", "",
             "Generated by `newslint rules --format markdown`; a test keeps it current.", "",
             "| code | name | default | what it flags |", "|---|---|---|---|"]
    for code, rule in sorted(registry.rules.items()):
        default = "on" if rule.default_enabled else "off"
        lines.append(f"| {code} | {rule.name} | {default} | {rule.summary()} |")
    return "\n".join(lines) + "\n"


def run_rules(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    p = argparse.ArgumentParser(prog="newslint rules", description="List every rule.",
                                formatter_class=_HelpFormatter)
    p.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    args = p.parse_args(argv)
    registry = default_registry()
    if args.format == "markdown":
        stdout.write(rules_markdown(registry))
    elif args.format == "json":
        import json

        json.dump([{"code": c, "name": r.name, "summary": r.summary(),
                    "default": r.default_enabled, "plugin": registry.rule_plugin[c]}
                   for c, r in sorted(registry.rules.items())], stdout, indent=2)
        stdout.write("\n")
    else:
        width = max((len(r.name) for r in registry.rules.values()), default=4)
        for code, rule in sorted(registry.rules.items()):
            flag = " " if rule.default_enabled else "*"
            stdout.write(f"{code:<7}{flag} {rule.name:<{width}}  {rule.summary()}\n")
        stdout.write("\n* off by default: select by family or code, e.g. --extend-select NL5\n")
    return EXIT_CLEAN


def run_plugins(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    argparse.ArgumentParser(prog="newslint plugins", description="List loaded plugins.",
                            formatter_class=_HelpFormatter).parse_args(argv)
    registry = default_registry()
    for info in registry.plugins:
        codes = sorted(c for c, p in registry.rule_plugin.items() if p == info.name)
        span = f"{codes[0]}..{codes[-1]}" if len(codes) > 1 else (codes[0] if codes else "-")
        origin = "builtin" if info.builtin else f"{info.distribution or '?'} {info.version or ''}"
        stdout.write(f"{info.name:<30} {origin.strip():<22} rules: {span}\n")
    return EXIT_CLEAN


COMMANDS: dict[str, Callable[[Sequence[str], TextIO, TextIO], int]] = {
    "check": run_check, "rule": run_rule, "rules": run_rules, "plugins": run_plugins,
}


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    command = "check"
    if argv and argv[0] in SUBCOMMANDS:
        command = argv.pop(0)
    try:
        return COMMANDS[command](argv, stdout, stderr)
    except (ConfigError, PluginError, UsageError) as exc:
        stderr.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR
    except SystemExit as exc:  # argparse: --help is 0, bad usage is 2
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    except KeyboardInterrupt:
        stderr.write("newslint: interrupted\n")
        return 130
    except BrokenPipeError:  # `newslint ... | head`
        return EXIT_FINDINGS


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
