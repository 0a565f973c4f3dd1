"""Baselines: ``--write-baseline FILE`` records today's findings, ``--baseline FILE`` reports
only new ones. Entries are keyed without line numbers, so edits elsewhere do not bring old
findings back, while changing the flagged message does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tonelint.baseline import entry_key
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.styleguide import load_styleguide

runner = CliRunner()

GREETING = "Hey bestie! Your order has shipped."
MISS_YOU = "Thanks for shopping with us. We miss you."
CLEAN = "Your invoice is ready."
# Only casual-greeting (TL101) and false-intimacy (TL301): findings that stay put when the
# built-in packs gain rules.
GUIDE = (
    "extends: default\ndisable: [overfamiliar]\n"
    "rules:\n  casual-greeting: {enabled: true}\n  false-intimacy: {enabled: true}\n"
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "TONELINT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".tonelint.yaml").write_text(GUIDE, encoding="utf-8")


def invoke(*args: str) -> Result:
    return runner.invoke(app, ["check", *args])


def write(path: Path, *paragraphs: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def reported(*args: str) -> tuple[int, list[dict[str, Any]]]:
    """Exit code and findings of ``check --format json --baseline baseline.json``."""
    result = invoke("--format", "json", "--baseline", "baseline.json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def record(*args: str) -> Result:
    result = invoke("--write-baseline", "baseline.json", *args)
    assert result.exit_code == 0, result.output
    return result


# ------------------------------------------------------------- writing and reading


def test_write_then_check_reports_nothing(tmp_path: Path) -> None:
    write(tmp_path / "emails" / "welcome.md", GREETING, MISS_YOU)
    write(tmp_path / "sms" / "ship.txt", GREETING)
    before = invoke()
    assert before.exit_code == 1

    result = record()
    assert "Recorded 3 finding(s) in the baseline baseline.json." in result.stdout
    assert "bestie" not in result.stdout  # writing a baseline prints no report

    code, findings = reported()
    assert (code, findings) == (0, [])
    text = invoke("--baseline", "baseline.json")
    assert text.exit_code == 0
    assert "3 finding(s) in the baseline baseline.json" in text.stderr


def test_baseline_file_is_stable_sorted_and_diff_friendly(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", MISS_YOU, GREETING)
    write(tmp_path / "a.md", GREETING)
    record()
    first = (tmp_path / "baseline.json").read_bytes()
    text = first.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "\r" not in text
    data = json.loads(text)
    assert data["version"] == 1 and data["tool"] == "tonelint"
    assert list(data) == ["version", "tool", "entries"]
    entries = data["entries"]
    assert len(entries) == 3
    for entry in entries:
        assert set(entry) == {"path", "key", "message_hash", "rule", "fingerprint", "count"}
        assert "line" not in entry and "column" not in entry
        assert entry["key"] is None and entry["message_hash"]
    keys = [(e["path"], e["message_hash"], e["rule"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys)
    assert [e["path"] for e in entries] == ["a.md", "b.txt", "b.txt"]
    # One entry per line: a new finding is a one-line diff.
    entry_lines = [line for line in text.splitlines() if line.strip().startswith('{"path"')]
    assert len(entry_lines) == 3

    # Writing again (the baseline now lies in the linted folder) gives the same bytes.
    record()
    assert (tmp_path / "baseline.json").read_bytes() == first


def test_an_empty_baseline(tmp_path: Path) -> None:
    write(tmp_path / "ok.txt", CLEAN)
    result = record()
    assert "Recorded 0 finding(s)" in result.stdout
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert data == {"version": 1, "tool": "tonelint", "entries": []}
    write(tmp_path / "new.txt", GREETING)
    code, findings = reported()
    assert code == 1
    assert [(f["path"], f["rule_id"]) for f in findings] == [("new.txt", "TL101")]


# ------------------------------------------------------------------- what is new


def test_only_a_new_finding_is_reported(tmp_path: Path) -> None:
    page = write(tmp_path / "welcome.md", GREETING, CLEAN)
    record()
    write(page, GREETING, CLEAN, MISS_YOU)
    write(tmp_path / "other.txt", GREETING)
    code, findings = reported()
    assert code == 1
    assert sorted((f["path"], f["rule_id"], f["matched"]) for f in findings) == [
        ("other.txt", "TL101", "Hey bestie"),
        ("welcome.md", "TL301", "We miss you"),
    ]


def test_lines_inserted_above_old_findings_do_not_bring_them_back(tmp_path: Path) -> None:
    page = write(tmp_path / "welcome.md", "# Welcome", GREETING, MISS_YOU)
    record()
    write(page, "# Welcome", "A new first paragraph.", "And a second.", GREETING, "", MISS_YOU)
    assert reported() == (0, [])
    # Reflowing a message (whitespace only) does not change it either.
    write(page, "# Welcome", GREETING.replace(" Your", "\nYour"), MISS_YOU.replace(". ", ".\n"))
    assert reported() == (0, [])


def test_changing_the_text_of_an_old_message_reports_it_again(tmp_path: Path) -> None:
    page = write(tmp_path / "welcome.md", GREETING, MISS_YOU)
    record()
    write(page, GREETING.replace("has shipped", "is on its way"), MISS_YOU)
    code, findings = reported()
    assert code == 1
    assert [(f["rule_id"], f["matched"], f["line"]) for f in findings] == [
        ("TL101", "Hey bestie", 1)
    ]


def test_keyed_messages_are_named_by_their_key(tmp_path: Path) -> None:
    catalogue = tmp_path / "en.json"
    catalogue.write_text(
        json.dumps({"greeting": GREETING, "outro": MISS_YOU}, indent=2), encoding="utf-8"
    )
    record()
    entries = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert sorted((e["key"], e["message_hash"]) for e in entries) == [
        ("greeting", None),
        ("outro", None),
    ]
    # Reordering keys and rewording around the finding keeps it suppressed ...
    catalogue.write_text(
        json.dumps({"new": CLEAN, "outro": MISS_YOU, "greeting": "Hey bestie! It shipped."}),
        encoding="utf-8",
    )
    assert reported() == (0, [])
    # ... changing the flagged text, or moving it to another key, does not.
    catalogue.write_text(
        json.dumps({"greeting": "Yo! It shipped.", "closing": MISS_YOU}), encoding="utf-8"
    )
    code, findings = reported()
    assert code == 1
    assert sorted((f["key"], f["rule_id"]) for f in findings) == [
        ("closing", "TL301"),
        ("greeting", "TL101"),
    ]


def test_identical_findings_are_counted(tmp_path: Path) -> None:
    page = write(tmp_path / "sms.txt", GREETING, CLEAN, GREETING)
    record()
    entries = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["rule"], e["count"]) for e in entries] == [("TL101", 2)]

    # A third copy of the same message: the entry absorbs two, the third is new.
    write(page, GREETING, CLEAN, GREETING, GREETING)
    code, findings = reported()
    assert code == 1
    assert len(findings) == 1 and findings[0]["rule_id"] == "TL101"

    # One copy left: nothing is reported, and the note says a baseline finding is gone.
    write(page, GREETING, CLEAN)
    assert reported() == (0, [])
    result = invoke("--baseline", "baseline.json")
    assert result.exit_code == 0
    assert "1 finding(s) in the baseline" in result.stderr
    assert "1 baseline finding(s) gone" in result.stderr


def test_entries_do_not_depend_on_positions() -> None:
    linter = Linter(load_styleguide())
    first = linter.lint_text(f"{GREETING}\n", "text", "a.txt").findings
    moved = linter.lint_text(f"Intro.\n\n\n{GREETING}\n", "text", "a.txt").findings
    assert [f.line for f in first] != [f.line for f in moved]
    assert [entry_key(f) for f in first] == [entry_key(f) for f in moved]
    renamed = linter.lint_text(f"{GREETING}\n", "text", "b.txt").findings
    assert {entry_key(f) for f in renamed}.isdisjoint({entry_key(f) for f in first})


def test_baseline_applies_to_stdin(tmp_path: Path) -> None:
    write(tmp_path / "welcome.md", GREETING)
    record("welcome.md")
    result = runner.invoke(
        app,
        ["check", "-", "--stdin-filename", "welcome.md", "--baseline", "baseline.json"],
        input=f"Intro.\n\n{GREETING}\n\n{MISS_YOU}\n",
    )
    assert result.exit_code == 1
    assert "TL301" in result.stdout and "TL101" not in result.stdout


# ------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{", "malformed baseline"),
        ("", "malformed baseline"),
        ("[]", "not a JSON object"),
        ('{"version": 1, "entries": []}', "'tool' must be 'tonelint'"),
        ('{"version": 2, "tool": "tonelint", "entries": []}', "unsupported baseline version"),
        ('{"version": 1, "tool": "tonelint"}', "'entries' must be a list"),
        ('{"version": 1, "tool": "tonelint", "entries": [3]}', "entries[0]: not an object"),
        (
            '{"version": 1, "tool": "tonelint", "entries": [{"path": "a.txt", "rule": "TL101",'
            ' "fingerprint": "x", "key": null, "message_hash": "y", "count": 0}]}',
            "'count' must be a whole number",
        ),
        (
            '{"version": 1, "tool": "tonelint", "entries": [{"path": "a.txt", "rule": "TL101",'
            ' "fingerprint": "x", "key": null, "message_hash": null}]}',
            "exactly one of 'key' and 'message_hash'",
        ),
        (
            '{"version": 1, "tool": "tonelint", "entries": [{"path": "a.txt", "rule": "TL101",'
            ' "fingerprint": "x", "key": "k", "line": 3}]}',
            "unknown field 'line'",
        ),
        (
            '{"version": 1, "tool": "tonelint", "entries": [{"path": 1, "rule": "TL101",'
            ' "fingerprint": "x", "key": "k"}]}',
            "'path' must be a non-empty string",
        ),
    ],
)
def test_a_malformed_baseline_is_one_line_naming_the_file(
    tmp_path: Path, content: str, problem: str
) -> None:
    write(tmp_path / "welcome.md", GREETING)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "tonelint-baseline.json").write_text(content, encoding="utf-8")
    result = invoke("welcome.md", "--baseline", "ci/tonelint-baseline.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tonelint: error: ci/tonelint-baseline.json")
    assert problem in lines[0]
    assert "Traceback" not in result.output


def test_a_missing_baseline_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "welcome.md", GREETING)
    result = invoke("--baseline", "nowhere.json")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "tonelint: error: nowhere.json: baseline not found (create it with --write-baseline)"
    ]


def test_baseline_and_write_baseline_cannot_be_combined(tmp_path: Path) -> None:
    write(tmp_path / "welcome.md", GREETING)
    record()
    result = invoke("--baseline", "baseline.json", "--write-baseline", "baseline.json")
    assert result.exit_code == 2
    assert "cannot be combined" in result.stderr


def test_an_unwritable_baseline_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "welcome.md", GREETING)
    result = invoke("--write-baseline", "no/such/folder/baseline.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("tonelint: error: no/such/folder/baseline.json: ")
    assert len(result.stderr.splitlines()) == 1


def test_write_baseline_with_unreadable_files_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "welcome.md", GREETING)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    result = invoke("--write-baseline", "baseline.json")
    assert result.exit_code == 2
    assert "broken.json" in result.stderr
    assert "Recorded 1 finding(s)" in result.stdout


def test_linting_some_files_does_not_call_the_others_gone(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", GREETING)
    write(tmp_path / "b.txt", MISS_YOU)
    record()
    result = invoke("a.txt", "--baseline", "baseline.json")  # as pre-commit passes files
    assert result.exit_code == 0
    assert "1 finding(s) in the baseline" in result.stderr
    assert "gone" not in result.stderr
