"""Hostile input within a budget: one-line files with thousands of findings (minified
catalogues and e-mails) and floods of suppression directives, in every output format.

Each run is a subprocess under CPU time, address space and output limits (``budget.py``):
it must finish, or refuse its input with one clear line, within them. A finding that copies
its whole line, or a step that compares every directive with every finding, runs out of
the budget here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from budget import Budget, assert_within_budget, run_tonelint
from tonelint.cli import OutputFormat

FINDINGS = 8_000  # in each one-line file

# Copy with a finding every few characters, with an emoji so that the text is stored with
# four bytes a character: a copy of the line per finding costs the most.
_COPY = "Hun, thanks 🙂 for it. "  # pet-name, and emoji-flood on each emoji after the first
_VALUE = "Hey hun, thanks 🙂"  # hey-greeting, casual-greeting, pet-name


def one_line_files() -> dict[str, str]:
    """Text, a minified JSON catalogue and a minified HTML e-mail, each one line (and a
    line break) of about ``FINDINGS`` findings."""
    values = {f"k{index}": _VALUE for index in range(FINDINGS // 3)}
    return {
        "line.txt": _COPY * (FINDINGS // 2) + "\n",
        "catalogue.json": json.dumps(values, ensure_ascii=False, separators=(",", ":")) + "\n",
        "mail.html": "<html><body>" + f"<p>{_VALUE}</p>" * (FINDINGS // 3) + "</body></html>\n",
    }


# Every comment form a directive can be written in; {} is the directive.
FORMS = {
    "html": "<!-- tonelint: {} -->",
    "jinja": "{# tonelint: {} #}",
    "liquid": "{% comment %}tonelint: {}{% endcomment %}",
    "liquid-inline": "{% # tonelint: {} %}",
    "mustache": "{{! tonelint: {} }}",
    "handlebars": "{{!-- tonelint: {} --}}",
    "erb": "<%# tonelint: {} %>",
    "go": "{{/* tonelint: {} */}}",
    "hash": "# tonelint: {}",
    "bang": "! tonelint: {}",
}
_LINE_COMMENTS = ("hash", "bang")  # they run to the end of the line
_FLAGGED = "Thanks, hun."  # pet-name


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit) + 1)


def _flood_kinds(form: str, size: int) -> dict[str, str]:
    def directive(body: str) -> str:
        return form.replace("{}", body)

    kinds = {
        "ranges": _repeat(
            f"{directive('disable=pet-name')}\n{_FLAGGED}\n{directive('enable=pet-name')}\n"
            f"{_FLAGGED}\n",
            size,
        ),
        "next-line": _repeat(directive("disable-next-line=pet-name") + "\n", size) + _FLAGGED,
        "next-line-copy": _repeat(f"{directive('disable-next-line=pet-name')}\n{_FLAGGED}\n", size),
        "file": _repeat(f"{directive('disable-file=pet-name')}\n{_FLAGGED}\n", size),
        "invalid": _repeat(
            f"{directive('disable=no-such-rule')}\n{directive('enabel')}\n{_FLAGGED}\n", size
        ),
    }
    if not form.startswith(("#", "!")):  # comments that close can share a line
        kinds["one-line"] = (
            _repeat(directive("disable-next-line=pet-name") + f"{_FLAGGED} ", size) + "\n"
        )
    return kinds


def floods(size: int = 16_000, large: int = 240_000) -> dict[str, str]:
    """Every kind of flood (disable and enable between lines of copy, disable-next-line on
    every line, or before every line of copy, disable-file, invalid directives, directives
    and copy along one line) in every comment form, of ``size`` characters; and in HTML
    comments, also of ``large`` characters."""
    files = {}
    for name, form in FORMS.items():
        for kind, text in _flood_kinds(form, size).items():
            files[f"{name}-{kind}.txt"] = text
    for kind, text in _flood_kinds(FORMS["html"], large).items():
        files[f"large-{kind}.html"] = text
    return files


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def long_lines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("long-lines"), one_line_files())


@pytest.fixture(scope="module")
def flooded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("floods"), floods())


OUTPUTS = [output.value for output in OutputFormat if output is not OutputFormat.auto]
# A copy of the line in each finding took gigabytes here, and applying each directive to
# each finding over a minute of CPU time for the floods.
LONG_LINE_BUDGET = Budget(cpu_seconds=60, address_space=1024**3)
FLOOD_BUDGET = Budget(cpu_seconds=15, address_space=1024**3)


def _counts(report: str) -> Counter[str]:
    return Counter(finding["path"] for finding in json.loads(report)["findings"])


@pytest.mark.parametrize("output", OUTPUTS)
def test_one_line_files_of_thousands_of_findings(long_lines: Path, output: str) -> None:
    run = run_tonelint(["check", ".", "--format", output, "-j", "1"], long_lines, LONG_LINE_BUDGET)
    assert_within_budget(run)
    assert run.returncode == 1, run.stderr
    if output == "json":  # the inputs do hold what makes them hostile
        counts = _counts(run.stdout)
        for name in one_line_files():
            assert counts[name] >= FINDINGS * 0.9, (name, counts[name])


@pytest.mark.parametrize("output", OUTPUTS)
def test_directive_floods(flooded: Path, output: str) -> None:
    run = run_tonelint(["check", ".", "--format", output, "-j", "1"], flooded, FLOOD_BUDGET)
    assert_within_budget(run)
    assert run.returncode == 1, run.stderr
    if output == "json":
        report = json.loads(run.stdout)
        rules = {finding["rule_id"] for finding in report["findings"]}
        assert {"TL001", "TL002", "TL104"} <= rules
        counts = _counts(run.stdout)
        assert counts["large-invalid.html"] >= 2 * 240_000 // 120, counts["large-invalid.html"]


def test_text_report_shows_a_window_of_a_long_line(long_lines: Path) -> None:
    run = run_tonelint(["check", "line.txt", "--format", "text"], long_lines, LONG_LINE_BUDGET)
    assert_within_budget(run)
    context = [line for line in run.stdout.splitlines() if line.startswith("    │ ")]
    assert len(context) >= 2 * FINDINGS * 0.9
    assert max(len(line) for line in context) < 200
    assert run.stdout_bytes < FINDINGS * 1_000
