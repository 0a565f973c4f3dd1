"""Malformed catalogues and templates: one clear line each, the rest still linted, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BROKEN = {
    "bad.json": ('{"a": "Hey bestie!",\n "b": oops}\n', "bad.json:2: invalid JSON"),
    "bad.yml": ('en:\n  a: "Hello\n  b: [1\n', "bad.yml:4: invalid YAML"),
    "bad.po": ('msgid "Hello\nmsgstr ""\n', "bad.po:1: invalid .po: unterminated string"),
    "bad.html": ("<p>Hello {{ name</p>\n", "bad.html:1: unclosed template tag '{{'"),
    "bad.ftl": ("hello = Hi\n!!! what\n", "bad.ftl:2: invalid Fluent"),
}


def test_each_broken_file_is_one_line_and_the_others_are_linted(tmp_path: Path) -> None:
    for name, (text, _) in BROKEN.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Hey bestie!\n", encoding="utf-8")
    (tmp_path / "en.json").write_text('{"greeting": "We miss you \\u2764"}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tonelint", "check", ".", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == len(BROKEN)
    for name, (_, expected) in BROKEN.items():
        assert any(expected in line for line in errors), (name, errors)
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    linted = {f["path"] for f in report["findings"]}
    assert linted == {"good.txt", "en.json"}
    intimacy = next(f for f in report["findings"] if f["rule_name"] == "false-intimacy")
    assert (intimacy["key"], intimacy["line"], intimacy["column"]) == ("greeting", 1, 15)
    assert len(report["errors"]) == len(BROKEN)
