"""Style guides built to hang or exhaust a linter: each is loaded and used on a few
thousand characters by a tonelint process held to a fixed budget of CPU time and memory
(``resource`` limits). The run finishes, or refuses the guide with one clear line and exit
2: it is never killed by the limits, and never fails with an internal error."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tonelint.matching.linear_regex import MAX_PATTERNS, compile_linear

CPU_SECONDS = 30  # what any of these may take; re needs minutes to hours on most of them
MEMORY = 768 * 1024**2  # bytes of address space (a run of the default guide needs ~200 MiB)

# A text that drives each class of pattern into its worst case on a backtracking engine.
TEXT = "a" * 2500 + "!\n\n" + "x" * 2500 + "\n\n" + "ab" * 1200 + "\n\n" + "a " * 1200 + "\n"


def _generated() -> dict[str, list[str]]:
    """Pathological patterns by class, several sizes of each."""
    classes: dict[str, list[str]] = {
        "repeat in a repeat": ["(a+)+$", "((a+)+)+$", "(\\w+\\s?)*$", "(a*)*b", "(.*a){12}$"],
        "bounded repeat in a bounded repeat": [
            f"(?:a{{1,{n}}}){{1,{n}}}$" for n in (10, 25, 31, 40)
        ],
        "alternatives that start alike": ["(a|aa)+$", "(a|a?)+$", "(ab|a)*c", "(?:a|a)*$"],
        "optional in a counted repeat": [f"(?:a?){{{n}}}a{{{n}}}" for n in (20, 28, 40)],
        "optional items written out": ["a?" * n + "a" * n for n in (20, 28, 40)],
        "adjacent overlapping repeats": [".*" * n + "=$" for n in (2, 4, 8)]
        + ["\\w*" * 6 + "!", "(?:a|b)*(?:a|b)*(?:a|b)*c"],
        "deep nesting": ["(" * n + "a" + ")" * n for n in (100, 1200, 5000)]
        + ["(?:" * 1200 + "a" + ")*" * 1200],
        "huge counts": ["a{4294967296}", "a{1,99999}", "(?:ab){0,1000}" * 20],
        "huge programs": ["\\pL{1000}" * 10, "[\\p{Greek}\\p{Han}a-z]{1000}" * 50],
        "lookaround": ["(?<!x)a+$", "(?=(a+))+b"],
    }
    return classes


CASES = [
    (f"{name} {index}", pattern)
    for name, patterns in _generated().items()
    for index, pattern in enumerate(patterns)
]


def _pack(patterns: list[str]) -> str:
    quoted = "".join("      - '" + pattern.replace("'", "''") + "'\n" for pattern in patterns)
    return (
        "pack: hostile\nrules:\n  - id: HX001\n    name: hostile\n    kind: existence\n"
        "    severity: warning\n    message: m\n    why: w\n    patterns:\n"
        f"{quoted}    examples: {{fail: [a], pass: [b]}}\n"
    )


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tonelint", "check", "--format", "json", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang of the test run, not a speed target
        check=False,
        preexec_fn=_limits,
    )


def _assert_finished_or_refused(result: subprocess.CompletedProcess[str]) -> None:
    killed = -result.returncode if result.returncode < 0 else None
    assert killed is None, f"killed by {signal.Signals(killed).name}: over the budget"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.returncode == 2:
        [line] = result.stderr.splitlines()
        assert line.startswith("tonelint: error: hostile.yaml:"), line
        assert len(line) < 400
    else:
        assert result.returncode in (0, 1), result.stderr


@pytest.mark.parametrize(("case", "pattern"), CASES, ids=[case for case, _ in CASES])
def test_hostile_pattern_finishes_or_is_refused_within_budget(
    tmp_path: Path, case: str, pattern: str
) -> None:
    (tmp_path / "hostile.yaml").write_text(_pack([pattern]), encoding="utf-8")
    (tmp_path / "g.yaml").write_text("extends: default\npacks: [./hostile.yaml]\n", "utf-8")
    (tmp_path / "copy.txt").write_text(TEXT, encoding="utf-8")
    result = _run(tmp_path, "-s", "g.yaml", "copy.txt")
    _assert_finished_or_refused(result)


def test_every_accepted_hostile_pattern_at_once_within_budget(tmp_path: Path) -> None:
    """All the patterns that the guide accepts, in one pack, over the same text: the
    budget is the same as for one pattern."""
    accepted = []
    for _, pattern in CASES:
        try:
            compile_linear(pattern)
        except ValueError:
            continue
        accepted.append(pattern)
    assert len(accepted) >= 15  # most of them are fine on RE2
    (tmp_path / "hostile.yaml").write_text(_pack(accepted), encoding="utf-8")
    (tmp_path / "g.yaml").write_text("extends: strict\npacks: [./hostile.yaml]\n", "utf-8")
    (tmp_path / "copy.txt").write_text(TEXT * 3, encoding="utf-8")
    result = _run(tmp_path, "-s", "g.yaml", "copy.txt")
    _assert_finished_or_refused(result)
    assert result.returncode == 1  # they match the text, and are reported


def test_too_many_patterns_are_refused_within_budget(tmp_path: Path) -> None:
    patterns = [f"(?:x{index}a?){{20}}a{{20}}" for index in range(MAX_PATTERNS + 1)]
    (tmp_path / "hostile.yaml").write_text(_pack(patterns), encoding="utf-8")
    (tmp_path / "g.yaml").write_text("packs: [./hostile.yaml]\n", "utf-8")
    (tmp_path / "copy.txt").write_text(TEXT, encoding="utf-8")
    result = _run(tmp_path, "-s", "g.yaml", "copy.txt")
    _assert_finished_or_refused(result)
    assert result.returncode == 2 and f"more than {MAX_PATTERNS}" in result.stderr
