"""The command line: parses options, calls the library, maps errors to exit codes."""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tonelint import __version__
from tonelint.errors import TonelintError
from tonelint.models import ExitCode, InputError, RunReport, Severity
from tonelint.printable import visible

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from tonelint.baseline import EntryKey
    from tonelint.cache import ContentCache
    from tonelint.engine import Linter
    from tonelint.fixer import FileFix
    from tonelint.settings import RunSettings
    from tonelint.styleguide import StyleGuide

app = typer.Typer(
    name="tonelint",
    help="Lint the tone of brand messages: overfamiliar phrasing, with respectful rewrites.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    rdjson = "rdjson"

    def resolve(self) -> OutputFormat:
        """``auto``: GitHub annotations inside GitHub Actions, else text."""
        if self is not OutputFormat.auto:
            return self
        in_actions = os.environ.get("GITHUB_ACTIONS", "").lower() == "true"
        return OutputFormat.github if in_actions else OutputFormat.text


class FailOn(str, Enum):
    suggestion = "suggestion"
    warning = "warning"
    error = "error"


def _fail(message: str) -> NoReturn:
    typer.echo(f"tonelint: error: {visible(message)}", err=True)
    raise typer.Exit(ExitCode.ERROR)


def _use_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tonelint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """tonelint finds brands acting like the customer's friend, and suggests respectful rewrites."""


def _stdin_report(linter: Linter, stdin_filename: str | None) -> RunReport:
    from tonelint.files import decode, format_for, format_size, read_at_most
    from tonelint.models import SourceFile

    shown = stdin_filename or "-"
    limit = linter.settings.max_file_size
    try:
        data = read_at_most(sys.stdin.buffer, limit)
        if len(data) > limit:
            raise TonelintError(shown, f"over the size limit of {format_size(limit)}")
        text, encoding = decode(data, shown)
        source = SourceFile.from_text(Path(shown), text, shown, encoding)
        report = linter.lint_file(source, format_for(Path(shown), linter.settings.input_format))
    except TonelintError as exc:
        return RunReport((), (exc.error,), linter.guide.name)
    return RunReport((report,), (), linter.guide.name)


def _apply_fixes(
    linter: Linter, targets: Sequence[Path], unsafe: bool, diff: bool, skip: tuple[Path, ...]
) -> tuple[InputError, ...]:
    """Fix files in place, or with ``diff`` print the change and exit (1 if any). The
    files that were fixed but could not be written (the lint run reports the others)."""
    from tonelint.fixer import fix_and_write, fix_files, unified_diff
    from tonelint.models import Applicability
    from tonelint.runner import files_to_lint

    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    paths = files_to_lint(linter, targets, skip)
    if diff:
        fixes, errors = fix_files(linter, paths, allowed)
        _warn_refused(fix for fix in fixes if fix.refused)
        for error in errors:
            typer.echo(f"tonelint: error: {error}", err=True)
        changed = [fixed for fixed in fixes if fixed.changed and not fixed.refused]
        sys.stdout.write("".join(unified_diff(fixed) for fixed in changed))
        count = sum(fixed.applied for fixed in changed)
        typer.echo(f"{count} fix(es) would change {len(changed)} file(s).", err=True)
        raise typer.Exit(
            ExitCode.ERROR if errors else ExitCode.FINDINGS if changed else ExitCode.OK
        )
    run = fix_and_write(linter, paths, allowed)
    _warn_refused(run.refused)
    if run.written:
        count = sum(fixed.applied for fixed in run.written)
        typer.echo(f"Fixed {count} problem(s) in {len(run.written)} file(s).", err=True)
    return run.unwritten


def _warn_refused(fixes: Iterable[FileFix]) -> None:
    for fixed in fixes:
        typer.echo(
            visible(f"tonelint: warning: {fixed.display_path}: not fixed: {fixed.refused}"),
            err=True,
        )


def _refuse_overwriting_inputs(
    linter: Linter, targets: Sequence[Path], outputs: dict[str, Path | None]
) -> None:
    """Exit 2 when ``--output`` or ``--write-baseline`` names a file being linted (also
    through a link or a folder). A folder walk may find tonelint's own report or baseline
    of the last run: that one is overwritten, as a template is never (and not linted)."""
    existing = {option: path for option, path in outputs.items() if path and path.is_file()}
    if not existing:
        return
    from tonelint.runner import files_to_lint

    inputs = files_to_lint(linter, targets)
    for option, output in existing.items():
        found = next((path for path in inputs if _same_file(path, output)), None)
        if found is None:
            continue
        named = any(_same_file(target, output) for target in targets)
        if named or not _written_by_tonelint(output):
            _fail(
                f"{option} {output}: is one of the files being linted ({found}); "
                "refusing to overwrite it (write it elsewhere, or --exclude it)"
            )


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False


def _written_by_tonelint(path: Path) -> bool:
    """Whether a file looks like a tonelint report or baseline (any ``--format``)."""
    import json
    import re

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = json.loads(text)
    except ValueError:
        lines = text.strip().splitlines()  # a text or github report ends with its summary
        summary = r"(No problems|\d+ problems?) .*\bin \d+ files?\b.*\."
        return not lines or re.fullmatch(summary, lines[-1]) is not None
    if not isinstance(data, dict):
        return False
    if data.get("tool") == "tonelint":  # a baseline
        return True
    runs = data.get("runs")
    named = (
        data.get("tool"),  # json
        data.get("source"),  # rdjson
        runs[0].get("tool", {}).get("driver") if isinstance(runs, list) and runs else None,
    )
    return any(isinstance(part, dict) and part.get("name") == "tonelint" for part in named)


def _load_baseline(baseline: Path | None, write_baseline: Path | None) -> Counter[EntryKey] | None:
    """The entries of ``--baseline``, read before linting so that a bad file fails fast."""
    from tonelint.baseline import load

    if baseline is None:
        return None
    if write_baseline is not None:
        _fail("--baseline and --write-baseline cannot be combined (--write-baseline records all)")
    try:
        return load(baseline)
    except TonelintError as exc:
        _fail(str(exc))


def _write_baseline(path: Path, report: RunReport) -> NoReturn:
    """Record every finding of the run in a baseline file and exit (0, or 2 on input errors)."""
    from tonelint.baseline import write

    try:
        count = write(path, report.findings)
    except TonelintError as exc:
        _fail(str(exc))
    for error in report.errors:
        typer.echo(f"tonelint: error: {error}", err=True)
    typer.echo(f"Recorded {count} finding(s) in the baseline {path.as_posix()}.")
    raise typer.Exit(ExitCode.ERROR if report.errors else ExitCode.OK)


def _filter_baseline(
    report: RunReport, known: Counter[EntryKey], path: Path, quiet: bool
) -> RunReport:
    """The report without the findings recorded in the baseline."""
    from tonelint.baseline import apply

    filtered = apply(report, known)
    if not quiet and (filtered.suppressed or filtered.unmatched):
        note = f"tonelint: {filtered.suppressed} finding(s) in the baseline {path.as_posix()}"
        if filtered.unmatched:
            note += f"; {filtered.unmatched} baseline finding(s) gone (refresh: --write-baseline)"
        typer.echo(note, err=True)
    return filtered.report


def _write_report(path: Path, text: str) -> None:
    """Write a report file (UTF-8, line endings as written); a failure is a usage error."""
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        _fail(f"{path}: cannot write the report ({exc.strerror or exc})")


def _grammar_linter(guide: StyleGuide, grammar: bool, settings: RunSettings) -> Linter:
    """The linter, with grammar switched on and its server found first when it is on."""
    from tonelint.engine import Linter
    from tonelint.grammar import GrammarError
    from tonelint.styleguide import with_grammar

    if grammar:
        guide = with_grammar(guide)
        if not guide.grammar:
            _fail(f"--grammar: the style guide {guide.name} has no grammar rule (add the pack)")
    linter = Linter(guide, settings)
    if guide.grammar:
        try:
            linter.grammar_service()
        except GrammarError as exc:
            _fail(str(exc))
    return linter


def _content_cache(
    guide: StyleGuide, enabled: bool, directory: Path | None, options: tuple[object, ...]
) -> ContentCache | None:
    """The content cache of this run, when --cache (or --cache-dir) asks for one."""
    if not enabled and directory is None:
        return None
    if guide.grammar:
        return None  # LanguageTool's answers can change with the server: never cached
    from tonelint.cache import DEFAULT_DIR, ContentCache, settings_key

    folder = directory or Path(os.environ.get("TONELINT_CACHE_DIR") or DEFAULT_DIR)
    return ContentCache(folder, settings_key(guide, options))


def _warn_skipped(targets: Sequence[Path], skip: tuple[Path, ...]) -> None:
    """One line for each path named that is (in) the cache folder, which is never linted."""
    if not skip:
        return
    from tonelint.files import Skipped

    skipped = Skipped(skip)
    for target in targets:
        if skipped.holds(target):
            typer.echo(
                visible(f"tonelint: warning: {target}: in the cache folder; not linted"), err=True
            )


@app.command()
def check(  # long: typer reads the options from the signature; the body is short
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files and folders to lint (folders recursively); - reads stdin."),
    ] = None,
    styleguide: Annotated[
        str | None,
        typer.Option("--styleguide", "-s", help="A style guide file or a built-in guide name."),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="Report format; auto is github inside GitHub Actions (GITHUB_ACTIONS=true), "
            "else text.",
        ),
    ] = OutputFormat.auto,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE; the terminal gets only the summary line.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Lowest severity that makes the exit code 1 [default: warning]."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Glob of files or folders to skip (repeatable)."),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(help="Name to report for stdin; its extension picks the format."),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(help="Read every file in this format instead of guessing from its extension."),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="One line per finding; no context, no summary when clean."
        ),
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never colour the output.")] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply safe fixes in place, then report what is left.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix or --diff: also unsafe fixes.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
    ] = False,
    context: Annotated[
        str | None,
        typer.Option(help="Treat every message as this context (security, billing, marketing...)."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(help="Treat every message as sent on this channel (sms, push, email...)."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", metavar="FILE", help="Report only findings not recorded in this baseline."
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline", metavar="FILE", help="Record the current findings here and exit 0."
        ),
    ] = None,
    grammar: Annotated[
        bool,
        typer.Option(
            "--grammar", help="Check grammar with LanguageTool (needs tonelint[grammar])."
        ),
    ] = False,
    languagetool_url: Annotated[
        str | None,
        typer.Option(
            "--languagetool-url",
            metavar="URL",
            help="The LanguageTool server to use (also TONELINT_LANGUAGETOOL_URL); "
            "text goes to no other server.",
        ),
    ] = None,
    require_grammar: Annotated[
        bool,
        typer.Option(
            "--require-grammar",
            help="Implies --grammar; exit 2 when LanguageTool is unavailable or fails.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes to lint with [default: one per core; one for small inputs].",
        ),
    ] = None,
    cache: Annotated[
        bool,
        typer.Option(
            "--cache",
            help="Skip files linted before with the same content, tonelint and style guide.",
        ),
    ] = False,
    max_file_size: Annotated[
        str,
        typer.Option(
            "--max-file-size",
            metavar="SIZE",
            help="Skip (with an error) files larger than this: bytes, or K, M, G [default: 16M].",
        ),
    ] = "16M",
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="DIR",
            help="Where the cache lives; implies --cache "
            "[default: $TONELINT_CACHE_DIR, else .tonelint_cache].",
        ),
    ] = None,
) -> None:
    """Lint message templates and report findings."""
    from tonelint.files import parse_size
    from tonelint.grammar import GrammarSettings
    from tonelint.readers import FORMATS
    from tonelint.settings import RunSettings

    if input_format is not None and input_format not in FORMATS:
        _fail(f"--input-format must be one of: {', '.join(FORMATS)}")
    try:
        size_limit = parse_size(max_file_size)
    except ValueError as exc:
        _fail(f"--max-file-size: {exc}")
    settings = RunSettings(
        context=context,
        channel=channel,
        grammar=GrammarSettings.from_env(languagetool_url, require_grammar),
        max_file_size=size_limit,
        input_format=input_format,
        jobs=jobs,
        exclude=tuple(exclude or ()),
    )
    options = CheckOptions(
        targets=tuple(paths or [Path()]),
        styleguide=styleguide,
        settings=settings,
        grammar=grammar or require_grammar,
        output_format=output_format,
        output=output,
        fail_on=fail_on,
        quiet=quiet,
        no_color=no_color,
        stdin_filename=stdin_filename,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        baseline=baseline,
        write_baseline=write_baseline,
        cache=cache,
        cache_dir=cache_dir,
    )
    _run_check(options)


@dataclass(frozen=True)
class CheckOptions:
    """The options of ``tonelint check``, parsed and checked; ``settings`` are the run's."""

    targets: tuple[Path, ...]
    styleguide: str | None
    settings: RunSettings
    grammar: bool
    output_format: OutputFormat
    output: Path | None
    fail_on: FailOn | None
    quiet: bool
    no_color: bool
    stdin_filename: str | None
    fix: bool
    unsafe_fixes: bool
    diff: bool
    baseline: Path | None
    write_baseline: Path | None
    cache: bool
    cache_dir: Path | None


def _run_check(options: CheckOptions) -> NoReturn:
    """Resolve the guide, lint (or fix) the files, apply the baseline, report, exit."""
    from tonelint.config import resolve_styleguide

    try:
        guide = resolve_styleguide(options.styleguide)
        linter = _grammar_linter(guide, options.grammar, options.settings)
    except TonelintError as exc:
        _fail(str(exc))
    known = _load_baseline(options.baseline, options.write_baseline)
    if any(str(path) == "-" for path in options.targets):
        report = _lint_stdin(linter, options)
    else:
        report = _lint_paths(linter, options)
    if options.write_baseline is not None:
        _write_baseline(options.write_baseline, report)
    if options.baseline is not None and known is not None:
        report = _filter_baseline(report, known, options.baseline, options.quiet)
    _report(guide, report, options)


def _lint_stdin(linter: Linter, options: CheckOptions) -> RunReport:
    """The report of stdin (``-``), which is never combined with paths or fixes."""
    if len(options.targets) > 1:
        _fail("- (stdin) cannot be combined with other paths")
    if options.fix or options.diff:
        _fail("--fix and --diff work on files, not on stdin")
    return _stdin_report(linter, options.stdin_filename)


def _lint_paths(linter: Linter, options: CheckOptions) -> RunReport:
    """Fix (with --fix or --diff), then lint the files and folders named."""
    from tonelint.runner import run

    targets = options.targets
    missing = [path for path in targets if not path.exists() and not path.is_symlink()]
    if missing:
        _fail(f"{missing[0]}: no such file or folder")
    if options.stdin_filename is not None:
        _fail("--stdin-filename only applies when reading stdin (-)")
    outputs = {"--output": options.output, "--write-baseline": options.write_baseline}
    _refuse_overwriting_inputs(linter, targets, outputs)
    settings = options.settings
    scope = (settings.input_format, settings.context, settings.channel)
    content_cache = _content_cache(linter.guide, options.cache, options.cache_dir, scope)
    in_use = content_cache is not None and content_cache.usable
    cache_folder = (content_cache.directory,) if content_cache and in_use else ()
    _warn_skipped(targets, cache_folder)
    own_files = (options.output, options.write_baseline, options.baseline)
    # Never linted: tonelint's cache, reports and baselines.
    skip = (*cache_folder, *(path for path in own_files if path is not None))
    unwritten: tuple[InputError, ...] = ()
    if options.fix or options.diff:
        unwritten = _apply_fixes(linter, targets, options.unsafe_fixes, options.diff, skip)
    report = run(linter, targets, content_cache, skip)
    if unwritten:
        report = replace(report, errors=(*unwritten, *report.errors))
    if content_cache is not None and content_cache.notice is not None:
        typer.echo(visible(content_cache.notice), err=True)
    if not report.files and not report.errors:
        shown = visible(" ".join(str(path) for path in targets))
        typer.echo(
            f"tonelint: warning: no files to lint in {shown} "
            "(check the paths, --exclude and the style guide's include/exclude)",
            err=True,
        )
    return report


def _report(guide: StyleGuide, report: RunReport, options: CheckOptions) -> NoReturn:
    """Print the errors and the report (or write it to --output), and exit by the
    severity threshold."""
    from tonelint.reporters import FORMATTERS, ReportContext
    from tonelint.reporters.text import summary_line

    for error in report.errors:
        typer.echo(f"tonelint: error: {error}", err=True)
    fail_on = options.fail_on
    threshold = Severity.parse(fail_on.value) if fail_on else (guide.fail_on or Severity.WARNING)
    chosen = options.output_format.resolve()
    report_context = ReportContext.from_guide(guide, str(Path.cwd()), threshold)
    formatter = FORMATTERS[chosen.value]
    if options.output is not None:
        _write_report(options.output, formatter(report, False, options.quiet, report_context))
        if not options.quiet or report.findings or report.errors:
            typer.echo(summary_line(report))
    else:
        color = _use_color(options.no_color) and chosen is OutputFormat.text
        sys.stdout.write(formatter(report, color, options.quiet, report_context))
    raise typer.Exit(report.exit_code(threshold))


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule id (TL104) or name (pet-name).")],
    styleguide: Annotated[
        str | None,
        typer.Option("--styleguide", "-s", help="A style guide file or a built-in guide name."),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never colour the output.")] = False,
) -> None:
    """Explain a rule: what it does, why, an example with its rewrite, fix safety, options."""
    from tonelint.config import resolve_styleguide
    from tonelint.explain import rule_markdown

    try:
        guide = resolve_styleguide(styleguide)
    except TonelintError as exc:
        _fail(str(exc))
    found = guide.find(rule)
    if found is None:
        from tonelint.directives import find_suppression_rule

        built_in = find_suppression_rule(rule)  # TL001, TL002: in no guide
        if built_in is None:
            known = ", ".join(f"{r.id} {r.name}" for r in guide.available[:6])
            _fail(f"unknown rule {rule!r} in {guide.name} (e.g. {known}; see tonelint rules --all)")
        text = rule_markdown(built_in, heading="#")
    else:
        enabled = any(r.id == found.id for r in guide.rules)
        text = rule_markdown(found, heading="#")
        text += f"\nIn {guide.name}: {'enabled, ' + found.severity.label if enabled else 'off'}.\n"
    if _use_color(no_color):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)


@app.command("rules")
def list_rules(
    styleguide: Annotated[
        str | None,
        typer.Option("--styleguide", "-s", help="A style guide file or a built-in guide name."),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list rules the guide turns off.")
    ] = False,
) -> None:
    """List the rules of the active style guide."""
    from tonelint.config import resolve_styleguide

    try:
        guide = resolve_styleguide(styleguide)
    except TonelintError as exc:
        _fail(str(exc))
    enabled = {rule.id for rule in guide.rules}
    rows = [rule for rule in guide.available if show_all or rule.id in enabled]
    header = ("id", "name", "category", "kind", "severity", "fix", "enabled")
    table = [header] + [
        (
            rule.id,
            rule.name,
            rule.category,
            rule.kind,
            rule.severity.label,
            rule.fix.value if rule.fix else "-",
            "yes" if rule.id in enabled else "no",
        )
        for rule in rows
    ]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    for row in table:
        typer.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    if show_all:
        from tonelint.directives import suppression_rules

        shown = ", ".join(f"{r.id} {r.name}" for r in suppression_rules())
        typer.echo(f"\nAlways on, for tonelint: comments: {shown}.")
    typer.echo(f"\n{len(enabled)} of {len(guide.available)} rules enabled by {guide.name}.")


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("score")
def score_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to measure.")],
    styleguide: Annotated[
        str | None,
        typer.Option("--styleguide", "-s", help="A style guide file or a built-in guide name."),
    ] = None,
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="text (a table) or json (a list).")
    ] = ScoreFormat.text,
    input_format: Annotated[
        str | None,
        typer.Option(help="Read every file in this format instead of guessing from its extension."),
    ] = None,
) -> None:
    """Measure every message: formality (0-100), reading grade, SMS segments."""
    import json

    from tonelint.config import resolve_styleguide
    from tonelint.readers import FORMATS
    from tonelint.scoring import score_paths, text_table

    if input_format is not None and input_format not in FORMATS:
        _fail(f"--input-format must be one of: {', '.join(FORMATS)}")
    missing = [path for path in paths if not path.exists()]
    if missing:
        _fail(f"{missing[0]}: no such file or folder")
    try:
        guide = resolve_styleguide(styleguide)
    except TonelintError as exc:
        _fail(str(exc))
    scores, errors = score_paths(guide, paths, input_format)
    for error in errors:
        typer.echo(f"tonelint: error: {error}", err=True)
    if output_format is ScoreFormat.json:
        sys.stdout.write(json.dumps([s.as_json() for s in scores], indent=2, ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text_table(scores))
    raise typer.Exit(ExitCode.ERROR if errors else ExitCode.OK)


def _interrupted() -> NoReturn:
    typer.echo("tonelint: interrupted", err=True)
    sys.exit(130)


def _caused_by_interrupt(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(8):  # a short chain: typer's Exit, raised from the interrupt
        if seen is None or isinstance(seen, KeyboardInterrupt):
            break
        seen = seen.__cause__ or seen.__context__
    return isinstance(seen, KeyboardInterrupt)


def main() -> None:
    """Console entry point: one line for any error, never a traceback."""
    try:
        app(prog_name="tonelint")
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit as exc:
        if _caused_by_interrupt(exc):  # typer ends Ctrl-C with a silent exit 130
            _interrupted()
        raise
    except Exception as exc:
        if os.environ.get("TONELINT_DEBUG"):
            raise
        typer.echo(
            f"tonelint: internal error: {type(exc).__name__}: {exc} "
            "(set TONELINT_DEBUG=1 for a traceback, and please report it)",
            err=True,
        )
        sys.exit(ExitCode.ERROR)
