"""Files tonelint cannot or should not read: each is one line naming it, every other file is
still linted, and the run exits 2 at the end."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tonelint.cli import app
from tonelint.files import MAX_SIZE_LIMIT, parse_size, read_at_most

cli = CliRunner()
OVERFAMILIAR = "Hey bestie, we miss you!!!\n"


def _check(*args: str) -> tuple[int, dict[str, Any], list[str]]:
    result = cli.invoke(app, ["check", "--format", "json", *args])
    errors = [line for line in result.stderr.splitlines() if line]
    return result.exit_code, json.loads(result.stdout), errors


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One good file beside every kind of bad one."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "copy"
    root.mkdir()
    (root / "good.txt").write_text(OVERFAMILIAR, encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "latin1.txt").write_bytes("Merci, à bientôt\nCafé\n".encode("latin-1"))
    (root / "utf16.txt").write_bytes(OVERFAMILIAR.encode("utf-16"))  # with its BOM
    (root / "empty.txt").write_bytes(b"")
    (root / "big.txt").write_text("Your order has shipped.\n\n" * 50_000, encoding="utf-8")
    (root / "broken.txt").symlink_to(root / "gone.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "folder.txt").mkdir()  # a folder named like a file
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.txt")  # reading it would wait forever
    return root


def test_each_bad_file_is_one_line_and_the_rest_is_linted(tree: Path) -> None:
    code, report, errors = _check("copy", "--max-file-size", "512K")
    assert code == 2
    expected = {
        "copy/big.txt": "is over the size limit of 512.0 KiB; file skipped (--max-file-size)",
        "copy/binary.txt": "binary file skipped",
        "copy/broken.txt": "broken symbolic link",
        "copy/latin1.txt:1": "not valid UTF-8 (byte 0xe0); file skipped",
        "copy/loop.txt": "symbolic link loop",
    }
    if (tree / "pipe.txt").exists():
        expected["copy/pipe.txt"] = "not a regular file (a device, pipe or socket); skipped"
    assert len(errors) == len(expected)
    for error in errors:
        assert error.startswith("tonelint: error: copy/")
        location, _, message = error.removeprefix("tonelint: error: ").partition(": ")
        assert expected[location] in message, error
    linted = {finding["path"] for finding in report["findings"]}
    assert linted == {"copy/good.txt", "copy/utf16.txt"}  # UTF-16 with a BOM reads fine
    good = [f for f in report["findings"] if f["path"] == "copy/good.txt"]
    utf16 = [f for f in report["findings"] if f["path"] == "copy/utf16.txt"]
    assert [(f["rule_id"], f["column"]) for f in good] == [
        (f["rule_id"], f["column"]) for f in utf16
    ]


def test_the_size_limit_is_configurable(tree: Path) -> None:
    code, report, errors = _check("copy/big.txt", "--max-file-size", "2M")
    assert (code, errors) == (0, [])
    assert report["summary"]["messages"] == 50_000
    result = cli.invoke(app, ["check", "copy/big.txt", "--max-file-size", "12X"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "tonelint: error: --max-file-size: not a size: '12X' (use bytes, or K, M or G)"
    )


def test_an_empty_file_is_linted_and_has_nothing_to_say(tree: Path) -> None:
    code, report, errors = _check("copy/empty.txt")
    assert (code, errors) == (0, [])
    assert report["summary"]["files"] == 1 and report["findings"] == []


def test_files_named_on_the_command_line_fail_the_same_way(tree: Path) -> None:
    code, report, errors = _check(
        "copy/broken.txt", "copy/loop.txt", "copy/binary.txt", "copy/good.txt"
    )
    assert code == 2 and len(errors) == 3
    assert {f["path"] for f in report["findings"]} == {"copy/good.txt"}


def test_a_folder_where_a_file_is_expected_is_one_line(tree: Path) -> None:
    for option in ("--styleguide", "--baseline", "--output"):
        result = cli.invoke(app, ["check", "copy/good.txt", option, "copy/folder.txt"])
        assert result.exit_code == 2, (option, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "copy/folder.txt" in lines[0], (option, result.stderr)
        assert "Traceback" not in result.output


def test_unreadable_files_are_reported(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tree / "locked.txt"
    locked.write_text(OVERFAMILIAR, encoding="utf-8")
    if sys.platform != "win32" and os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads anything: make the read fail as a permission error would
        original = Path.open

        def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    code, report, errors = _check("copy/locked.txt", "copy/good.txt")
    assert code == 2
    assert errors == ["tonelint: error: copy/locked.txt: permission denied"]
    assert {f["path"] for f in report["findings"]} == {"copy/good.txt"}


def test_stdin_over_the_size_limit_is_one_line() -> None:
    result = cli.invoke(app, ["check", "-", "--max-file-size", "1K"], input="Hello there.\n" * 200)
    assert result.exit_code == 2
    assert result.stderr.strip() == "tonelint: error: -: over the size limit of 1.0 KiB"


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1000", 1000),
        ("16M", 16 * 1024**2),
        ("512k", 512 * 1024),
        ("1.5G", 3 * 1024**3 // 2),
        ("2 MiB", 2 * 1024**2),
    ],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    whole=st.integers(min_value=0, max_value=10**40),
    fraction=st.one_of(st.none(), st.text(alphabet="0123456789", min_size=1, max_size=30)),
    unit=st.sampled_from(["", "k", "M", "g", "KiB", "mb", "G"]),
)
def test_any_size_is_exact_or_a_clear_error(whole: int, fraction: str | None, unit: str) -> None:
    """Sizes are parsed in exact integers: never a float's overflow or rounding."""
    text = f"{whole}.{fraction}{unit}" if fraction else f"{whole}{unit}"
    factor = 1024 ** "kmg".index(unit[0].lower()) * 1024 if unit else 1
    exact = (whole * 10 ** len(fraction or "") + int(fraction or "0")) * factor
    exact //= 10 ** len(fraction or "")
    if len(str(whole)) > 30 or exact > MAX_SIZE_LIMIT:
        with pytest.raises(ValueError, match=r"not a size|over the largest limit, 1024G"):
            parse_size(text)
    else:
        assert parse_size(text) == exact


@pytest.mark.parametrize("size", ["99999999999999999999G", "9" * 5000, "1025G", "1.5e9"])
def test_sizes_too_large_or_malformed_are_one_line(size: str) -> None:
    result = cli.invoke(app, ["check", "-", "--max-file-size", size], input="Hello.\n")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("tonelint: error: --max-file-size: ") and len(line) < 200


def _limited(cpu_seconds: int, memory: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return limit


@pytest.mark.parametrize("size", ["64G", "1024G"])
def test_stdin_under_a_huge_limit_is_read_as_it_comes(size: str) -> None:
    """Standard input is read in pieces up to the limit, so a limit far above the memory a
    run may use (here 1 GiB of address space) reserves nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "tonelint", "check", "--max-file-size", size, "-"],
        input=OVERFAMILIAR * 500,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=_limited(120, 1024**3),
    )
    assert result.returncode == 1, result.stderr
    assert "bestie" in result.stdout


def test_stdin_is_cut_at_the_limit_however_it_arrives() -> None:
    data = b"x" * 3_000_001
    assert read_at_most(io.BytesIO(data), 2_500_000) == data[:2_500_001]
    assert read_at_most(io.BytesIO(data), 3_000_001) == data
    assert read_at_most(io.BytesIO(b""), 0) == b""


PATHOLOGICAL = {
    "one long word": "a" * 60_000 + "!",
    "shouting": "ABC " * 15_000,
    "open braces": "{" * 30_000,
    "open tags": "{{" * 15_000 + "}}",
    "angle brackets": "<" * 30_000,
    "percent signs": "%" * 30_000,
    "emoji": "🔥" * 15_000,
    "exclamation marks": "!" * 30_000,
    "a greeting a thousand times": "hey " * 15_000,
    "pet names": "hey bestie, " * 6_000,
    "a stretched word with many runs": "aaab" * 15_000,
    "unclosed ICU": "{a, plural, one {" * 1_000,
    "nested braces": "{" * 3_000 + "}" * 3_000,
    "directives": "# tonelint: disable=all\n" * 6_000,
    "unclosed comments": "<!--" * 8_000,
    "unclosed scripts": "<script>" * 4_000,
    "unclosed template comments": "{#{{!{{!--" * 3_000,
    "unclosed raw blocks": "{% raw %}{% comment %}" * 2_000,
    "unclosed directives": "<!-- tonelint:{# tonelint:{{! tonelint:<%# tonelint:" * 1_500,
    "control tags": "{% if a %}x" * 4_000,
    "tagged paragraphs": "<b>x\n\n" * 8_000,
    "nested plurals": "{a, plural, one {" * 2_000 + "x" + "}}" * 2_000,
    "nested calls": "{F(" * 20_000 + "x}" * 20_000,
    "quotes in a brace": "{" + '"' * 60_000,
    "braces in a string": '{"' + "{" * 30_000 + '"',
    "many variants": "{ $n ->\n" + "  [one] x\n" * 20_000 + " *[other] y\n}",
}


def test_pathological_copy_finishes(tmp_path: Path) -> None:
    """Inputs built to make a linter backtrack or compare every hit with every other: each
    is linted in every plain and template format. A quadratic step makes this take minutes
    (the subprocess timeout is a guard against a hang, not a speed target)."""
    folder = tmp_path / "patho"
    folder.mkdir()
    for index, text in enumerate(PATHOLOGICAL.values()):
        for extension in (".txt", ".md", ".html", ".hbs", ".j2"):
            (folder / f"case{index}{extension}").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tonelint", "check", str(folder), "--format", "json", "-j", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    linted = report["summary"]["files"] + report["summary"]["errors"]
    assert linted == len(PATHOLOGICAL) * 5
