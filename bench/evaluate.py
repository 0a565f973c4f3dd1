"""Measure tonelint's overfamiliarity rules against real, externally written text.

Usage (from the repository root)::

    python bench/evaluate.py [--styleguide NAME_OR_PATH] [--eval-dir PATH]
                             [--json OUT] [--samples N] [--check]

The evaluation data is optional and never part of the repository: it is read from
``../shared/eval`` next to the repository root unless ``--eval-dir`` names another folder
(see its README.md). When the folder is missing the script says so in one line and exits 0.

Every string of the data is linted as ONE message, even when it holds blank lines, with the
library API (``Linter.lint_source`` on a single message built by ``make_message``), so the
per-message limits (emoji, exclamation marks, capitals) see the whole string. A string is
"flagged" when it has at least one overfamiliarity finding: a finding of any rule whose
category is not in ``EXCLUDED_CATEGORIES`` (readability is a measurement, not a tone fault).

It reports three parts, each with its wall time:

1. ``templates/strings.jsonl`` -- professional product copy that should be left alone:
   findings per 1,000 strings overall and per product, strings flagged, the top rules and
   sample findings spread evenly over all findings. Target: at most 5 findings per 1,000.
2. ``casual/sms-spam-collection-dev.tsv`` -- share of ``spam`` and of ``ham`` texts
   flagged, the top rules on spam and some missed spam. Target: at least 70 % of spam.
3. ``casual/dark-patterns-dev.tsv`` -- share flagged per dark-pattern type and some missed
   Confirmshaming strings. Target: at least 80 % of Confirmshaming.

``--json OUT`` also writes every figure and sample as JSON. The exit code is 0, also when a
target fails; with ``--check`` it is 1 when any target fails. A style guide that cannot be
loaded, or a data file without the expected layout, is reported in one line with exit code 2.
Without ``--styleguide`` the guide is found as tonelint finds it, starting at the repository
root (its ``.tonelint.yaml`` or ``pyproject.toml``, else the built-in ``default``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from tonelint.config import resolve_styleguide
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.files import collect, format_for, read_source
from tonelint.models import Finding, SourceFile
from tonelint.readers import Extraction
from tonelint.readers.base import make_message

# Categories whose findings are not overfamiliarity (readability is a measurement).
EXCLUDED_CATEGORIES: frozenset[str] = frozenset({"readability"})

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPOSITORY.parent / "shared" / "eval"
TEMPLATES_TREE = "templates"
TEMPLATES_FILE = "templates/strings.jsonl"
SPAM_FILE = "casual/sms-spam-collection-dev.tsv"
DARK_PATTERNS_FILE = "casual/dark-patterns-dev.tsv"

MAX_FINDINGS_PER_1000 = 5.0
MIN_SPAM_FLAGGED = 0.70
MIN_CONFIRMSHAMING_FLAGGED = 0.80
CONFIRMSHAMING = "Confirmshaming"

DEFAULT_SAMPLES = 10
MISSED_SAMPLES = 5  # at most this many missed texts per casual part
TOP_RULES = 10
SAMPLE_WIDTH = 160

T = TypeVar("T")

# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class TemplateString:
    """One string of ``templates/strings.jsonl``."""

    source: str
    file: str
    format: str
    key: str
    text: str


@dataclass(frozen=True)
class LabelledText:
    """One row of a casual TSV file: a label (spam/ham, pattern type) and the text."""

    label: str
    text: str


class DataError(ValueError):
    """An evaluation file that does not have the expected layout."""


def load_strings(path: Path) -> list[TemplateString]:
    """The strings of a JSON-lines file with fields source, file, format, key and text."""
    strings = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                fields = [str(row[name]) for name in ("source", "file", "format", "key", "text")]
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(f"{path}:{number}: not a string record ({exc})") from None
            strings.append(TemplateString(*fields))
    return strings


def load_tsv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header row; the last column may hold anything.

    Quotes are data (an SMS may start with an unbalanced quote), so lines are split on tabs
    rather than parsed as CSV.
    """
    with path.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if not lines or lines[0].split("\t") != list(columns):
        raise DataError(f"{path}: expected the header row {' / '.join(columns)}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t", len(columns) - 1)
        if len(cells) != len(columns):
            raise DataError(f"{path}:{number}: expected {len(columns)} tab-separated columns")
        rows.append(dict(zip(columns, cells, strict=True)))
    return rows


def load_spam(path: Path) -> list[LabelledText]:
    """SMS Spam Collection rows (``label`` is ``spam`` or ``ham``)."""
    return [LabelledText(row["label"], row["text"]) for row in load_tsv(path, ("label", "text"))]


def load_dark_patterns(path: Path) -> list[LabelledText]:
    """Dark-pattern strings labelled with their ``pattern_type``."""
    rows = load_tsv(path, ("pattern_type", "deceptive", "text"))
    return [LabelledText(row["pattern_type"], row["text"]) for row in rows]


# ---------------------------------------------------------------- linting


def is_overfamiliar(finding: Finding) -> bool:
    return finding.category not in EXCLUDED_CATEGORIES


def lint_string(
    linter: Linter, text: str, path: str = "<string>", key: str | None = None
) -> tuple[Finding, ...]:
    """The overfamiliarity findings of one string, linted as a single message.

    ``Linter.lint_text`` would read the string as a text file and split it at blank lines;
    here the whole string is one message, scoped and mapped exactly as the CLI does it.
    """
    source = SourceFile.from_text(Path(path), text, path)
    message = make_message(source, 0, len(text), key=key)
    findings = linter.lint_source(source, Extraction((message,)))
    return tuple(finding for finding in findings if is_overfamiliar(finding))


def lint_labelled(linter: Linter, rows: Sequence[LabelledText]) -> list[tuple[Finding, ...]]:
    return [lint_string(linter, row.text) for row in rows]


def lint_strings(linter: Linter, strings: Sequence[TemplateString]) -> list[tuple[Finding, ...]]:
    return [
        lint_string(linter, item.text, f"{item.source}/{item.file}", item.key) for item in strings
    ]


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Target:
    description: str
    value: float
    passed: bool


@dataclass(frozen=True)
class GroupFigures:
    """How many texts of a group there are, how many are flagged, and how many findings."""

    name: str
    texts: int
    flagged: int
    findings: int
    share_flagged: float
    per_1000: float


@dataclass(frozen=True)
class RuleCount:
    rule: str
    count: int


@dataclass(frozen=True)
class Sample:
    rule: str
    matched: str
    text: str
    source: str
    key: str


@dataclass(frozen=True)
class TemplatesResult:
    overall: GroupFigures
    by_source: list[GroupFigures]
    top_rules: list[RuleCount]
    samples: list[Sample]
    target: Target
    seconds: float


@dataclass(frozen=True)
class SpamResult:
    spam: GroupFigures
    ham: GroupFigures
    top_spam_rules: list[RuleCount]
    missed_spam: list[str]
    target: Target
    seconds: float


@dataclass(frozen=True)
class DarkPatternsResult:
    by_pattern: list[GroupFigures]
    missed_confirmshaming: list[str]
    target: Target
    seconds: float


@dataclass(frozen=True)
class FormatFigures:
    """Files of one input format in the raw template tree, and what linting them found."""

    format: str
    files: int
    messages: int
    findings: int
    errors: int


@dataclass(frozen=True)
class TreeResult:
    by_format: list[FormatFigures]
    errors: list[str]
    seconds: float


@dataclass(frozen=True)
class Evaluation:
    styleguide: str
    eval_dir: str
    excluded_categories: list[str]
    tree: TreeResult | None
    templates: TemplatesResult | None
    spam: SpamResult | None
    dark_patterns: DarkPatternsResult | None

    def targets(self) -> list[Target]:
        parts = (self.templates, self.spam, self.dark_patterns)
        return [part.target for part in parts if part is not None]


def rule_label(finding: Finding) -> str:
    return f"{finding.rule_name} [{finding.rule_id}]"


def group_figures(name: str, results: Sequence[Sequence[Finding]]) -> GroupFigures:
    texts = len(results)
    flagged = sum(1 for findings in results if findings)
    total = sum(len(findings) for findings in results)
    return GroupFigures(
        name=name,
        texts=texts,
        flagged=flagged,
        findings=total,
        share_flagged=flagged / texts if texts else 0.0,
        per_1000=1000 * total / texts if texts else 0.0,
    )


def grouped(
    labels: Sequence[str], results: Sequence[Sequence[Finding]]
) -> dict[str, list[Sequence[Finding]]]:
    """The lint results of each label, in order of first appearance."""
    groups: dict[str, list[Sequence[Finding]]] = {}
    for label, findings in zip(labels, results, strict=True):
        groups.setdefault(label, []).append(findings)
    return groups


def top_rules(results: Iterable[Sequence[Finding]], limit: int = TOP_RULES) -> list[RuleCount]:
    """The rules with the most findings, most first (ties by rule label)."""
    counts = Counter(rule_label(finding) for findings in results for finding in findings)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [RuleCount(rule, count) for rule, count in ranked[:limit]]


def spread(items: Sequence[T], count: int) -> list[T]:
    """``count`` items evenly spread over the sequence (all of them when it is short)."""
    if count <= 0 or not items:
        return []
    if len(items) <= count:
        return list(items)
    return [items[index * len(items) // count] for index in range(count)]


def shorten(text: str, width: int = SAMPLE_WIDTH) -> str:
    """The text on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def summarise_templates(
    strings: Sequence[TemplateString],
    results: Sequence[Sequence[Finding]],
    samples: int = DEFAULT_SAMPLES,
    seconds: float = 0.0,
) -> TemplatesResult:
    overall = group_figures("all", results)
    groups = grouped([item.source for item in strings], results)
    by_source = [group_figures(name, groups[name]) for name in sorted(groups)]
    pairs = sorted(
        (
            (item, finding)
            for item, findings in zip(strings, results, strict=True)
            for finding in findings
        ),
        key=lambda pair: (
            pair[0].source,
            pair[0].file,
            pair[0].key,
            pair[1].start,
            pair[1].rule_id,
        ),
    )
    chosen = [
        Sample(rule_label(finding), finding.matched, shorten(item.text), item.source, item.key)
        for item, finding in spread(pairs, samples)
    ]
    target = Target(
        f"at most {MAX_FINDINGS_PER_1000:g} findings per 1,000 strings",
        overall.per_1000,
        overall.per_1000 <= MAX_FINDINGS_PER_1000,
    )
    return TemplatesResult(overall, by_source, top_rules(results), chosen, target, seconds)


def missed(
    rows: Sequence[LabelledText], results: Sequence[Sequence[Finding]], label: str, count: int
) -> list[str]:
    """Up to ``count`` texts with the label and no finding, spread over the file."""
    texts = [
        row.text
        for row, findings in zip(rows, results, strict=True)
        if row.label == label and not findings
    ]
    return [shorten(text) for text in spread(texts, count)]


def summarise_spam(
    rows: Sequence[LabelledText],
    results: Sequence[Sequence[Finding]],
    samples: int = MISSED_SAMPLES,
    seconds: float = 0.0,
) -> SpamResult:
    groups = grouped([row.label for row in rows], results)
    spam = group_figures("spam", groups.get("spam", []))
    ham = group_figures("ham", groups.get("ham", []))
    target = Target(
        f"at least {100 * MIN_SPAM_FLAGGED:g} % of spam flagged",
        spam.share_flagged,
        spam.share_flagged >= MIN_SPAM_FLAGGED,
    )
    return SpamResult(
        spam,
        ham,
        top_rules(groups.get("spam", [])),
        missed(rows, results, "spam", samples),
        target,
        seconds,
    )


def summarise_dark_patterns(
    rows: Sequence[LabelledText],
    results: Sequence[Sequence[Finding]],
    samples: int = MISSED_SAMPLES,
    seconds: float = 0.0,
) -> DarkPatternsResult:
    groups = grouped([row.label for row in rows], results)
    figures = [group_figures(name, found) for name, found in groups.items()]
    figures.sort(key=lambda group: (-group.texts, group.name))
    shaming = group_figures(CONFIRMSHAMING, groups.get(CONFIRMSHAMING, []))
    target = Target(
        f"at least {100 * MIN_CONFIRMSHAMING_FLAGGED:g} % of {CONFIRMSHAMING} flagged",
        shaming.share_flagged,
        shaming.share_flagged >= MIN_CONFIRMSHAMING_FLAGGED,
    )
    return DarkPatternsResult(
        figures, missed(rows, results, CONFIRMSHAMING, samples), target, seconds
    )


# ---------------------------------------------------------------- the three parts


def evaluate_templates(
    linter: Linter, path: Path, samples: int = DEFAULT_SAMPLES
) -> TemplatesResult:
    started = time.perf_counter()
    strings = load_strings(path)
    results = lint_strings(linter, strings)
    return summarise_templates(strings, results, samples, time.perf_counter() - started)


def evaluate_spam(linter: Linter, path: Path, samples: int = MISSED_SAMPLES) -> SpamResult:
    started = time.perf_counter()
    rows = load_spam(path)
    results = lint_labelled(linter, rows)
    return summarise_spam(rows, results, samples, time.perf_counter() - started)


def evaluate_dark_patterns(
    linter: Linter, path: Path, samples: int = MISSED_SAMPLES
) -> DarkPatternsResult:
    started = time.perf_counter()
    rows = load_dark_patterns(path)
    results = lint_labelled(linter, rows)
    return summarise_dark_patterns(rows, results, samples, time.perf_counter() - started)


def evaluate_tree(linter: Linter, root: Path) -> TreeResult:
    """Lint every file of the raw template folders as a user would, counting per format."""
    started = time.perf_counter()
    counts: dict[str, list[int]] = {}
    errors: list[str] = []
    for path in collect([root]):
        source_format = format_for(path)
        figures = counts.setdefault(source_format, [0, 0, 0, 0])
        figures[0] += 1
        try:
            report = linter.lint_file(read_source(path), source_format)
        except TonelintError as exc:
            figures[3] += 1
            errors.append(str(exc.error))
            continue
        figures[1] += report.message_count
        figures[2] += sum(1 for finding in report.findings if is_overfamiliar(finding))
    by_format = [FormatFigures(name, *figures) for name, figures in sorted(counts.items())]
    return TreeResult(by_format, errors, time.perf_counter() - started)


def evaluate(
    linter: Linter,
    eval_dir: Path,
    samples: int = DEFAULT_SAMPLES,
    out: Callable[[str], None] = print,
) -> Evaluation:
    """Run each part whose file exists, printing each as soon as it is done."""
    missed_samples = min(samples, MISSED_SAMPLES)

    def part(
        name: str, run: Callable[[Path], T], show: Callable[[T, Callable[[str], None]], None]
    ) -> T | None:
        path = eval_dir / name
        if not path.is_file():
            out(f"\n{name}: not found in {eval_dir}; part skipped")
            return None
        result = run(path)
        show(result, out)
        return result

    tree_root = eval_dir / TEMPLATES_TREE
    tree = None
    if tree_root.is_dir():
        tree = evaluate_tree(linter, tree_root)
        print_tree(tree, out)
    else:
        out(f"\n{TEMPLATES_TREE}: not found in {eval_dir}; part skipped")
    templates = part(
        TEMPLATES_FILE, lambda path: evaluate_templates(linter, path, samples), print_templates
    )
    spam = part(SPAM_FILE, lambda path: evaluate_spam(linter, path, missed_samples), print_spam)
    dark = part(
        DARK_PATTERNS_FILE,
        lambda path: evaluate_dark_patterns(linter, path, missed_samples),
        print_dark_patterns,
    )
    return Evaluation(
        styleguide=linter.guide.name,
        eval_dir=str(eval_dir),
        excluded_categories=sorted(EXCLUDED_CATEGORIES),
        tree=tree,
        templates=templates,
        spam=spam,
        dark_patterns=dark,
    )


# ---------------------------------------------------------------- printing


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str) -> list[str]:
    """Plain-text table lines; ``align`` has an ``l`` or ``r`` per column."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [
            cell.ljust(width) if side == "l" else cell.rjust(width)
            for cell, width, side in zip(row, widths, align, strict=True)
        ]
        return "  " + "  ".join(parts).rstrip()

    rule = "  " + "  ".join("-" * width for width in widths)
    return [line(cells[0]), rule, *(line(row) for row in cells[1:])]


def percent(share: float) -> str:
    return f"{100 * share:.1f} %"


def verdict(target: Target, value: str) -> str:
    return f"target: {target.description} — {'PASS' if target.passed else 'FAIL'} ({value})"


def heading(title: str) -> str:
    return f"\n== {title} " + "=" * max(3, 78 - len(title))


def rule_table(counts: Sequence[RuleCount], total: int) -> list[str]:
    rows = [(item.rule, item.count, percent(item.count / total)) for item in counts]
    return table(("rule", "findings", "share"), rows, "lrr")


def group_table(label: str, groups: Sequence[GroupFigures]) -> list[str]:
    rows = [
        (group.name, group.texts, group.flagged, percent(group.share_flagged), group.findings)
        for group in groups
    ]
    return table((label, "texts", "flagged", "share", "findings"), rows, "lrrrr")


def print_tree(result: TreeResult, out: Callable[[str], None] = print) -> None:
    out(heading(f"0. the raw template folders ({TEMPLATES_TREE}/), linted as a user would"))
    rows = [(f.format, f.files, f"{f.messages:,}", f.findings, f.errors) for f in result.by_format]
    total = FormatFigures(
        "all",
        *(
            sum(getattr(f, name) for f in result.by_format)
            for name in ("files", "messages", "findings", "errors")
        ),
    )
    rows.append((total.format, total.files, f"{total.messages:,}", total.findings, total.errors))
    for line in table(("format", "files", "messages", "findings", "errors"), rows, "lrrrr"):
        out(line)
    for error in result.errors:
        out(f"  error: {error}")
    per_1000 = total.findings * 1000 / total.messages if total.messages else 0.0
    out(f"\n{per_1000:.2f} overfamiliarity findings per 1,000 messages")
    out(f"time: {result.seconds:.2f} s")


def print_templates(result: TemplatesResult, out: Callable[[str], None] = print) -> None:
    overall = result.overall
    out(heading(f"1. professional templates ({TEMPLATES_FILE})"))
    out(
        f"{overall.texts:,} strings, {overall.findings:,} findings = "
        f"{overall.per_1000:.2f} per 1,000 strings; {overall.flagged:,} strings flagged "
        f"({percent(overall.share_flagged)})"
    )
    out("")
    rows = [
        (g.name, f"{g.texts:,}", g.findings, f"{g.per_1000:.2f}", g.flagged)
        for g in result.by_source
    ]
    for line in table(("source", "strings", "findings", "per 1,000", "flagged"), rows, "lrrrr"):
        out(line)
    if result.top_rules:
        out("\ntop rules:")
        for line in rule_table(result.top_rules, overall.findings):
            out(line)
    if result.samples:
        out(f"\nsample findings ({len(result.samples)} of {overall.findings}, spread evenly):")
        for sample in result.samples:
            out(f"  {sample.rule}  {sample.matched!r}  — {sample.source}: {sample.key}")
            out(f"      {sample.text}")
    out("")
    out(verdict(result.target, f"{overall.per_1000:.2f}"))
    out(f"time: {result.seconds:.2f} s")


def print_spam(result: SpamResult, out: Callable[[str], None] = print) -> None:
    out(heading(f"2. SMS spam and ham ({SPAM_FILE})"))
    for line in group_table("label", (result.spam, result.ham)):
        out(line)
    if result.top_spam_rules:
        out("\ntop rules on spam:")
        for line in rule_table(result.top_spam_rules, result.spam.findings):
            out(line)
    if result.missed_spam:
        unflagged = result.spam.texts - result.spam.flagged
        out(f"\nmissed spam ({len(result.missed_spam)} of {unflagged}):")
        for text in result.missed_spam:
            out(f"  - {text}")
    out("")
    out(verdict(result.target, percent(result.target.value)))
    out(f"time: {result.seconds:.2f} s")


def print_dark_patterns(result: DarkPatternsResult, out: Callable[[str], None] = print) -> None:
    out(heading(f"3. dark patterns ({DARK_PATTERNS_FILE})"))
    for line in group_table("pattern type", result.by_pattern):
        out(line)
    if result.missed_confirmshaming:
        out(f"\nmissed {CONFIRMSHAMING}:")
        for text in result.missed_confirmshaming:
            out(f"  - {text}")
    out("")
    out(verdict(result.target, percent(result.target.value)))
    out(f"time: {result.seconds:.2f} s")


def write_json(evaluation: Evaluation, path: Path) -> None:
    path.write_text(json.dumps(asdict(evaluation), indent=2, ensure_ascii=False) + "\n", "utf-8")


# ---------------------------------------------------------------- command line


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Measure tonelint's overfamiliarity rules on the shared evaluation data."
    )
    parser.add_argument(
        "--styleguide",
        "-s",
        metavar="NAME_OR_PATH",
        help="a built-in style guide or a guide file (default: the repository's own "
        "configuration, else the built-in default guide)",
    )
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=DEFAULT_EVAL_DIR,
        metavar="PATH",
        help="the evaluation data folder (default: ../shared/eval next to the repository)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=f"sample findings to show (default {DEFAULT_SAMPLES}; "
        f"missed texts: at most {MISSED_SAMPLES})",
    )
    parser.add_argument("--check", action="store_true", help="exit with 1 when a target fails")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    eval_dir: Path = args.eval_dir
    if not eval_dir.is_dir():
        print(f"evaluation data not found at {eval_dir}; nothing to evaluate (it is optional)")
        return 0
    try:
        guide = resolve_styleguide(args.styleguide, REPOSITORY)
    except TonelintError as exc:
        print(f"evaluate: error: {exc.error}", file=sys.stderr)
        return 2
    print(f"tonelint evaluation — style guide {guide.name!r}, data {eval_dir}")
    excluded = ", ".join(sorted(EXCLUDED_CATEGORIES))
    print(f"overfamiliarity: findings of every rule category except {excluded}")
    try:
        evaluation = evaluate(Linter(guide), eval_dir, max(args.samples, 0))
    except (DataError, OSError, UnicodeDecodeError) as exc:
        print(f"evaluate: error: {exc}", file=sys.stderr)
        return 2
    if args.json is not None:
        write_json(evaluation, args.json)
        print(f"\nfigures written to {args.json}")
    failed = [target for target in evaluation.targets() if not target.passed]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
