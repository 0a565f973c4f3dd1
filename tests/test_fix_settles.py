"""--fix edits only what it reported and settles: indented Markdown block starts, overlapping
fixes, rewrites that hold their own phrase, and guides whose rewrites never settle.

The classes behind these examples are hypothesis properties in test_properties.py.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonelint import fixer
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.fixer import apply_edits, choose_edits, fix_source
from tonelint.models import Applicability, Edit, SourceFile
from tonelint.readers.base import make_message
from tonelint.styleguide import load_styleguide

runner = CliRunner()
SAFE = {Applicability.SAFE}
ALL = {Applicability.SAFE, Applicability.UNSAFE}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def guide(preferred: dict[str, str]) -> str:
    lines = ["packs: []", "preferred:"] + [f"  {k!r}: {v!r}" for k, v in preferred.items()]
    Path("guide.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "guide.yaml"


@pytest.mark.parametrize("start", ["   * ", "  - ", " + ", "   1. ", "   # ", "   > ", "  > - "])
def test_an_indented_block_start_fixes_its_own_copy_and_nothing_after_it(start: str) -> None:
    path = Path("r.md")
    path.write_text(f"{start}Reply pls\n\nThanks for shopping with us.\n", encoding="utf-8")
    code, stdout, _ = check("r.md", "--format", "json")
    assert code == 1
    assert f'"column": {len(start) + len("Reply ") + 1},' in stdout
    check("r.md", "--fix")
    assert path.read_text("utf-8") == f"{start}Reply please\n\nThanks for shopping with us.\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Hey bestie! Your order has shipped.", "Hello! Your order has shipped."),
        ("hey hey", "hello"),
        ("Hey there! Hey bestie!", "Hello! Hello!"),
        ("Hey bestie, thanks!", "Hello, thanks!"),
    ],
)
def test_of_overlapping_fixes_the_one_that_rewrites_more_wins(before: str, after: str) -> None:
    """'Hey bestie' is one greeting: its rewrite wins over the rewrite of its 'Hey'."""
    source = SourceFile.from_text(Path("a.txt"), before)
    fixed = fix_source(Linter(load_styleguide()), source, "text", SAFE)
    assert (fixed.after, fixed.refused) == (after, None)


def test_overlapping_edits_are_chosen_by_width_then_place_then_text() -> None:
    outer, inner, later = Edit(0, 10, "Hello"), Edit(0, 3, "Hello"), Edit(4, 12, "x")
    assert choose_edits([inner, later, outer]) == [outer]
    assert choose_edits([Edit(2, 4, "b"), Edit(0, 2, "a"), Edit(2, 4, "a")]) == [
        Edit(0, 2, "a"),
        Edit(2, 4, "a"),
    ]
    # two insertions at one place cannot both go first; an insertion beside an edit can
    assert choose_edits([Edit(3, 3, "y"), Edit(3, 3, "x"), Edit(3, 5, "z")]) == [
        Edit(3, 3, "x"),
        Edit(3, 5, "z"),
    ]
    assert apply_edits("hey hey", [Edit(0, 3, "hello"), Edit(0, 7, "hello")]) == ("hello", 1)


@pytest.mark.parametrize(
    ("preferred", "before", "after"),
    [
        ({"app": "mobile app"}, "Download our app today.", "Download our mobile app today."),
        # only the "app" that does not stand in its rewrite is rewritten
        (
            {"app": "app store"},
            "Open the app, or the app store.",
            "Open the app store, or the app store.",
        ),
        ({"ok": "ok ok ok ok"}, "ok. ok!", "ok ok ok ok. ok ok ok ok!"),
        ({"ok": "OK"}, "ok, OK.", "OK, OK."),
    ],
)
def test_a_rewrite_that_holds_its_phrase_is_put_in_once(
    preferred: dict[str, str], before: str, after: str
) -> None:
    path = Path("a.txt")
    path.write_text(before, encoding="utf-8")
    check("a.txt", "--fix", "--styleguide", guide(preferred))
    assert path.read_text("utf-8") == after
    _, stdout, stderr = check("a.txt", "--fix", "--styleguide", "guide.yaml")
    assert path.read_text("utf-8") == after
    assert "brand-preferred" not in stdout and "Fixed" not in stderr


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
    resource.setrlimit(resource.RLIMIT_CPU, (120, 120))


def test_a_rewrite_four_times_its_phrase_grows_a_file_once_not_exponentially() -> None:
    """It grew a 501-byte file to 4 GB before the run died (ten passes of x4)."""
    path = Path("ok.txt")
    path.write_text("ok. " * 125 + "\n", encoding="utf-8")  # 501 bytes
    guide({"ok": "ok ok ok ok"})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tonelint",
            "check",
            "ok.txt",
            "--fix",
            "--styleguide",
            "guide.yaml",
        ],
        capture_output=True,
        text=True,
        preexec_fn=_limits,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert path.read_text("utf-8") == "ok ok ok ok. " * 125 + "\n"


@pytest.mark.parametrize(
    ("preferred", "rewritten"),
    [
        ({"utilize": "use", "use": "employ"}, "use"),  # a chain
        ({"utilize": "use", "use": "utilize"}, "use"),  # a cycle
        ({"utilize": "make use of it", "use of": "usage of"}, "use of"),
    ],
)
def test_a_fix_that_would_rewrite_a_rewrite_is_refused(
    preferred: dict[str, str], rewritten: str
) -> None:
    """A second run would rewrite the rewrite again: the fix never settles, so the file
    stays as it was and one line says why."""
    path = Path("c.txt")
    path.write_text("Please utilize the app.\n", encoding="utf-8")
    code, _, stderr = check("c.txt", "--fix", "--styleguide", guide(preferred))
    assert path.read_text("utf-8") == "Please utilize the app.\n"
    assert code == 1
    assert stderr.splitlines() == [
        "tonelint: warning: c.txt: not fixed: the fixes do not settle: TL901 brand-preferred "
        f"would rewrite '{rewritten}', which a fix put in"
    ]


def test_a_fix_that_would_go_on_to_rewrite_text_no_rule_flagged_is_refused() -> None:
    """Found by the guide property: "miss you" put in for "FREE" makes "bestie" a form of
    address, which the report before the fix never showed."""
    Path("guide.yaml").write_text(
        "packs: [overfamiliar]\npreferred: {'=FREE': miss you}\n", encoding="utf-8"
    )
    linter = Linter(load_styleguide(Path("guide.yaml")))
    source = SourceFile.from_text(Path("f.md"), "FREE bestie\n", "f.md")
    fixed = fix_source(linter, source, "markdown", ALL)
    assert (fixed.after, fixed.changed) == (source.text, False)
    assert fixed.refused == (
        "the fixes do not settle: TL104 pet-name would rewrite 'bestie', "
        "which no rule flagged before the fix"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Babe, hun, your order shipped.", "Your order shipped."),
        ("Hun, babe, thanks for your order.", "Thanks for your order."),
    ],
)
def test_a_later_pass_may_edit_what_a_fix_kept_of_the_text(before: str, after: str) -> None:
    """Removing "Babe, " re-capitalises "hun" as "Hun": that letter is the copy's own, so
    the next pass may still remove "Hun, " and re-capitalise "your"."""
    source = SourceFile.from_text(Path("a.txt"), before)
    fixed = fix_source(Linter(load_styleguide()), source, "text", ALL)
    assert (fixed.after, fixed.refused) == (after, None)


def test_a_fix_not_done_within_the_pass_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting 'very' brings 'nice day' together: a second pass rewrites it."""
    linter = Linter(load_styleguide(Path(guide({"very": "", "nice day": "good day"}))))
    source = SourceFile.from_text(Path("v.txt"), "Have a nice very very day.", "v.txt")
    fixed = fix_source(linter, source, "text", SAFE)
    assert (fixed.after, fixed.refused) == ("Have a good day.", None)
    monkeypatch.setattr(fixer, "MAX_PASSES", 1)
    fixed = fix_source(linter, source, "text", SAFE)
    assert (fixed.after, fixed.changed) == (source.text, False)
    assert fixed.refused == "the fixes do not settle: more are left after pass 1"


def test_the_readme_names_the_pass_limit() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    assert f"is not done after {fixer.MAX_PASSES} passes." in " ".join(readme.split())


@pytest.mark.parametrize(
    ("start", "end", "skips"),
    [(0, 5, [(-3, 2)]), (0, 5, [(4, 2)]), (0, 5, [(3, 9)]), (-1, 5, []), (4, 2, [])],
)
def test_a_span_outside_its_text_is_refused_loudly(
    start: int, end: int, skips: list[tuple[int, int]]
) -> None:
    """A negative skip used to insert mask characters instead of replacing text, which
    moved every later offset of the message (the indented Markdown list item)."""
    source = SourceFile.from_text(Path("a.md"), "hello world")
    with pytest.raises(ValueError, match="does not lie in"):
        make_message(source, start, end, skips)
