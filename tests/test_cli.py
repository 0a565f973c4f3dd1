"""The command line, driven in-process through typer's CliRunner and as a real subprocess
(``python -m tonelint`` and the ``tonelint`` console script)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import tonelint
from builtin_rules import RULE_ID
from tonelint import cli
from tonelint.cli import app
from tonelint.styleguide import load_styleguide

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
ERROR_LINE = re.compile(r"^tonelint: error: .+$")

BAD = "Hey bestie! Your order has shipped!!!\n\nThanks, hun! We miss you.\n"
CLEAN = "Hello, your order has shipped.\n"
GREETING = "Hey bestie! Your order has shipped.\n"
FENCED = "Your order:\n\n```\nHey bestie!\n```\n"

# A guide with only casual-greeting (TL101) switched on, for tests of input handling, exit
# codes and output that should not change whenever the built-in pack gains a rule.
GREETING_ONLY = (
    "extends: default\ndisable: [overfamiliar]\nrules:\n  casual-greeting: {enabled: true}\n"
)


# Every extension the README promises to search folders for.
DEFAULT_EXTENSIONS = (
    *(".txt", ".text", ".md", ".markdown", ".mdown", ".mkd"),
    *(".j2", ".jinja", ".jinja2", ".liquid", ".hbs", ".handlebars", ".mustache", ".erb"),
    *(".tmpl", ".gotmpl", ".html", ".htm", ".xhtml", ".mjml"),
)
# The same greeting written as a valid file of each catalogue format.
CATALOGUES = {
    "en.json": '{"greeting": "Hey bestie! Your order has shipped."}\n',
    "en.yml": "en:\n  greeting: Hey bestie! Your order has shipped.\n",
    "en.po": 'msgid "Hey bestie! Your order has shipped."\nmsgstr ""\n',
    "en.pot": 'msgid "Hey bestie! Your order has shipped."\nmsgstr ""\n',
    "en.yaml": "greeting: Hey bestie! Your order has shipped.\n",
    "en.ftl": "greeting = Hey bestie! Your order has shipped.\n",
    "en.properties": "greeting = Hey bestie! Your order has shipped.\n",
    "deck.csv": "id,text\ngreeting,Hey bestie! Your order has shipped.\n",
}

runner = CliRunner()


# ---------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own empty folder with no colour settings in the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "TONELINT_DEBUG", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


def invoke(
    *args: str, input: str | bytes | None = None, env: Mapping[str, str] | None = None
) -> Result:
    return runner.invoke(app, list(args), input=input, env=env)


def _console_script() -> list[str]:
    found = shutil.which("tonelint")
    return [found] if found else [sys.executable, "-m", "tonelint"]


COMMANDS = {
    "module": lambda: [sys.executable, "-m", "tonelint"],
    "script": _console_script,
}


@pytest.fixture(params=sorted(COMMANDS))
def command(request: pytest.FixtureRequest) -> list[str]:
    """How to start tonelint as a real process: ``python -m tonelint`` or the console script."""
    return list(COMMANDS[request.param]())


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "FORCE_COLOR", "TONELINT_DEBUG", "GITHUB_ACTIONS")
    }
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


def run(
    command: list[str],
    *args: str,
    cwd: Path,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    process = subprocess.run(
        [*command, *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=_env(env),
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(
        process.args,
        process.returncode,
        process.stdout.decode("utf-8"),
        process.stderr.decode("utf-8"),
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def error_lines(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert all(ERROR_LINE.match(line) for line in lines), stderr
    return lines


def json_paths(stdout: str) -> set[str]:
    return {finding["path"] for finding in json.loads(stdout)["findings"]}


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, computed independently of tonelint."""
    line, line_start = 1, 0
    for match in re.finditer(r"\r\n|\r|\n", text[:offset]):
        line, line_start = line + 1, match.end()
    return line, offset - line_start + 1


# ---------------------------------------------------------------- --version


def test_version_in_process() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"tonelint {tonelint.__version__}\n"
    assert result.stderr == ""


def test_version_as_a_process(command: list[str], tmp_path: Path) -> None:
    result = run(command, "--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"tonelint {tonelint.__version__}\n"


# ---------------------------------------------------------------- exit codes


def test_clean_file_exits_0(tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    result = invoke("check", "clean.txt")
    assert result.exit_code == 0
    assert result.stdout == "No problems in 1 file.\n"
    assert result.stderr == ""


def test_overfamiliar_file_exits_1(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    result = invoke("check", "bad.txt")
    assert result.exit_code == 1
    for rule in ("casual-greeting [TL101]", "pet-name [TL104]", "false-intimacy [TL301]"):
        assert rule in result.stdout
    assert result.stderr == ""


def test_exit_codes_as_a_process(command: list[str], tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    write(tmp_path / "bad.txt", BAD)
    clean = run(command, "check", "clean.txt", cwd=tmp_path)
    bad = run(command, "check", "bad.txt", cwd=tmp_path)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "No problems in 1 file.\n", "")
    assert bad.returncode == 1
    assert "'Hey bestie' is a greeting between friends" in bad.stdout
    assert bad.stderr == ""


def test_no_paths_lints_the_current_folder(tmp_path: Path) -> None:
    write(tmp_path / "emails" / "welcome.md", GREETING)
    result = invoke("check")
    assert result.exit_code == 1
    assert result.stdout.startswith("emails/welcome.md\n")


def test_fail_on_error_turns_warnings_into_exit_0(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    result = invoke("check", "--fail-on", "error", "bad.txt")
    assert result.exit_code == 0
    assert "warning  casual-greeting [TL101]" in result.stdout  # still reported


def test_fail_on_error_with_an_error_finding_exits_1(tmp_path: Path) -> None:
    write(tmp_path / "guide.yaml", "extends: default\nrules:\n  TL101: {severity: error}\n")
    write(tmp_path / "bad.txt", GREETING)
    result = invoke("check", "-s", "guide.yaml", "--fail-on", "error", "bad.txt")
    assert result.exit_code == 1
    assert "error  casual-greeting [TL101]" in result.stdout


def test_fail_on_suggestion(tmp_path: Path) -> None:
    write(
        tmp_path / "guide.yaml",
        "extends: default\ndisable: [overfamiliar]\n"
        "rules:\n  TL101: {enabled: true, severity: suggestion}\n",
    )
    write(tmp_path / "hello.txt", GREETING)
    default = invoke("check", "-s", "guide.yaml", "hello.txt")
    strict = invoke("check", "-s", "guide.yaml", "--fail-on", "suggestion", "hello.txt")
    assert default.exit_code == 0  # a suggestion is below the default level (warning)
    assert strict.exit_code == 1
    assert "suggestion  casual-greeting [TL101]" in strict.stdout
    assert default.stdout == strict.stdout


def test_unknown_fail_on_value_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    result = invoke("check", "--fail-on", "loud", "bad.txt")
    assert result.exit_code == 2
    assert "--fail-on" in result.stderr
    assert result.stdout == ""


def test_guide_fail_on_is_used_without_the_option(tmp_path: Path) -> None:
    write(tmp_path / "guide.yaml", "extends: default\nfail-on: error\n")
    write(tmp_path / "bad.txt", BAD)
    assert invoke("check", "bad.txt").exit_code == 1  # the built-in default fails on warnings
    assert invoke("check", "-s", "guide.yaml", "bad.txt").exit_code == 0
    # the option wins over the guide
    assert invoke("check", "-s", "guide.yaml", "--fail-on", "warning", "bad.txt").exit_code == 1


def test_guide_fail_on_suggestion_from_a_discovered_config(
    command: list[str], tmp_path: Path
) -> None:
    write(
        tmp_path / ".tonelint.yaml",
        "extends: default\ndisable: [overfamiliar]\nfail-on: suggestion\n"
        "rules:\n  TL101: {enabled: true, severity: suggestion}\n",
    )
    write(tmp_path / "hello.txt", GREETING)
    discovered = run(command, "check", "hello.txt", cwd=tmp_path)
    overridden = run(command, "check", "--fail-on", "warning", "hello.txt", cwd=tmp_path)
    assert discovered.returncode == 1
    assert "suggestion  casual-greeting [TL101]" in discovered.stdout
    assert overridden.returncode == 0


# ---------------------------------------------------------------- exit 2: usage and config


def test_missing_path_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    result = invoke("check", "bad.txt", "nope.txt")
    assert result.exit_code == 2
    assert result.stderr == "tonelint: error: nope.txt: no such file or folder\n"
    assert result.stdout == ""


def test_missing_path_as_a_process(command: list[str], tmp_path: Path) -> None:
    result = run(command, "check", "nope.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "tonelint: error: nope.txt: no such file or folder\n"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("guide", "line", "fragment"),
    [
        ("extends: default\nfail-on: loud\n", 2, "fail-on"),
        ("extends: default\n\ncolour: blue\n", 3, "colour: unknown key"),
        ("extends: default\npacks: [overfamiliar\n", 3, "invalid YAML"),
        ("extends: default\nfail-on: error\nfail-on: warning\n", 3, "duplicate key"),
        ("extends: default\nrules:\n  TL999: {severity: error}\n", 3, "unknown rule 'TL999'"),
        ("extends: nope\n", 1, "no built-in style guide"),
    ],
)
def test_invalid_style_guide_is_one_line_naming_file_and_line(
    command: list[str], tmp_path: Path, guide: str, line: int, fragment: str
) -> None:
    write(tmp_path / "guide.yaml", guide)
    write(tmp_path / "clean.txt", CLEAN)
    result = run(command, "check", "-s", "guide.yaml", "clean.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stdout + result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1
    assert lines[0].startswith(f"tonelint: error: guide.yaml:{line}: ")
    assert fragment in lines[0]


def test_invalid_rule_pack_names_the_pack_file(tmp_path: Path) -> None:
    write(tmp_path / "guide.yaml", "extends: default\npacks: [./pack.yaml]\n")
    write(
        tmp_path / "pack.yaml",
        "pack: ours\nrules:\n  - id: X1\n    name: ours\n    kind: existence\n"
        "    severity: warning\n    message: m\n    why: w\n    patterns: ['((']\n"
        "    examples: {fail: [a], pass: [b]}\n",
    )
    write(tmp_path / "clean.txt", CLEAN)
    result = invoke("check", "-s", "guide.yaml", "clean.txt")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    [line] = error_lines(result.stderr)
    assert line.startswith("tonelint: error: pack.yaml:9: rules[0].patterns[0]: invalid regular")


def test_rules_with_an_invalid_style_guide_exits_2(command: list[str], tmp_path: Path) -> None:
    write(tmp_path / "guide.yaml", "extends: default\nfail-on: loud\n")
    result = run(command, "rules", "-s", "guide.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    [line] = error_lines(result.stderr)
    assert line.startswith("tonelint: error: guide.yaml:2: ")


def test_missing_style_guide_file_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    result = invoke("check", "-s", "missing.yaml", "clean.txt")
    assert result.exit_code == 2
    assert result.stderr == "tonelint: error: missing.yaml: style guide file not found\n"


def test_unknown_format_is_a_click_usage_error(command: list[str], tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    in_process = invoke("check", "--format", "xml", "clean.txt")
    process = run(command, "check", "--format", "xml", "clean.txt", cwd=tmp_path)
    for exit_code, stdout, stderr in (
        (in_process.exit_code, in_process.stdout, in_process.stderr),
        (process.returncode, process.stdout, process.stderr),
    ):
        assert exit_code == 2
        assert stdout == ""
        assert "Usage:" in stderr
        assert "Invalid value for '--format'" in stderr
        assert "'xml'" in stderr
        assert "Traceback" not in stderr


def test_unknown_input_format_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    result = invoke("check", "--input-format", "xml", "clean.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "tonelint: error: --input-format must be one of: text, markdown, template, html, json, "
        "yaml, po, fluent, properties, csv\n"
    )


def test_input_format_overrides_the_extension(tmp_path: Path) -> None:
    write(tmp_path / "message.txt", FENCED)
    assert invoke("check", "message.txt").exit_code == 1  # plain text: the fence is copy
    as_markdown = invoke("check", "--input-format", "markdown", "message.txt")
    assert as_markdown.exit_code == 0  # markdown: code blocks are skipped
    assert as_markdown.stdout == "No problems in 1 file.\n"


# ---------------------------------------------------------------- unreadable files


def _unreadable_files(folder: Path) -> None:
    write(folder / "bad.txt", GREETING)
    write(folder / "clean.txt", CLEAN)
    (folder / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "latin1.txt").write_bytes("Hello.\nCafé for you!\n".encode("latin-1"))


EXPECTED_FILE_ERRORS = [
    "tonelint: error: latin1.txt:2: not valid UTF-8 (byte 0xe9); file skipped",
    "tonelint: error: logo.txt: binary file skipped",
]


def test_unreadable_files_are_errors_and_good_files_are_still_reported(tmp_path: Path) -> None:
    _unreadable_files(tmp_path)
    write(tmp_path / "greeting.yaml", GREETING_ONLY)
    result = invoke(
        "check", "-s", "greeting.yaml", "latin1.txt", "bad.txt", "logo.txt", "clean.txt"
    )
    assert result.exit_code == 2
    assert error_lines(result.stderr) == EXPECTED_FILE_ERRORS
    assert result.stdout.startswith("bad.txt\n  1:1  warning  casual-greeting [TL101]")
    assert result.stdout.endswith(
        "1 problem (1 warning) in 1 file of 2 checked; 1 with a safe fix; 2 file errors.\n"
    )


def test_unreadable_files_in_a_folder_as_a_process(command: list[str], tmp_path: Path) -> None:
    _unreadable_files(tmp_path / "copy")
    result = run(command, "check", "copy", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [
        "tonelint: error: copy/latin1.txt:2: not valid UTF-8 (byte 0xe9); file skipped",
        "tonelint: error: copy/logo.txt: binary file skipped",
    ]
    report = json.loads(result.stdout)
    assert json_paths(result.stdout) == {"copy/bad.txt"}
    assert report["summary"]["files"] == 2
    assert report["summary"]["errors"] == 2
    assert report["errors"] == [
        {
            "path": "copy/latin1.txt",
            "line": 2,
            "key": None,
            "message": "not valid UTF-8 (byte 0xe9); file skipped",
        },
        {"path": "copy/logo.txt", "line": None, "key": None, "message": "binary file skipped"},
    ]


# ---------------------------------------------------------------- folders


def test_folders_are_searched_recursively_with_the_default_patterns(tmp_path: Path) -> None:
    expected = set()
    for depth, extension in enumerate(DEFAULT_EXTENSIONS):
        folder = Path("copy", *(["deeper"] * (depth % 3)))
        write(tmp_path / folder / f"message{extension}", GREETING)
        expected.add((folder / f"message{extension}").as_posix())
    for name, text in CATALOGUES.items():
        write(tmp_path / "copy" / "catalogues" / name, text)
        expected.add(f"copy/catalogues/{name}")
    for ignored in ("script.py", "style.css", "notes.rst", "README", "package.json", ".hidden.txt"):
        write(tmp_path / "copy" / "deeper" / ignored, GREETING)
    result = invoke("check", "copy", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert json_paths(result.stdout) == expected
    summary = json.loads(result.stdout)["summary"]
    assert summary["files"] == len(DEFAULT_EXTENSIONS) + len(CATALOGUES)


def test_exclude_skips_files_and_folders(tmp_path: Path) -> None:
    for name in ("a/one.txt", "a/b/two.md", "a/b/three.j2", "a/four.hbs", "legacy/old.txt"):
        write(tmp_path / "copy" / name, GREETING)
    everything = invoke("check", "copy", "-f", "json")
    assert len(json_paths(everything.stdout)) == 5
    by_name = invoke("check", "copy", "-f", "json", "--exclude", "legacy", "--exclude", "*.hbs")
    assert json_paths(by_name.stdout) == {"copy/a/one.txt", "copy/a/b/two.md", "copy/a/b/three.j2"}
    by_path = invoke("check", "copy", "-f", "json", "--exclude", "a/b/*")
    assert json_paths(by_path.stdout) == {
        "copy/a/one.txt",
        "copy/a/four.hbs",
        "copy/legacy/old.txt",
    }


def test_exclude_can_leave_nothing_to_lint(tmp_path: Path) -> None:
    write(tmp_path / "copy" / "one.txt", GREETING)
    result = invoke("check", "copy", "--exclude", "*.txt")
    assert result.exit_code == 0
    assert result.stdout == "No problems in 0 files.\n"


def test_git_node_modules_and_tool_folders_are_skipped(command: list[str], tmp_path: Path) -> None:
    write(tmp_path / "copy" / "welcome.txt", GREETING)
    for skipped in (
        ".git/COMMIT_EDITMSG.txt",
        ".git/hooks/message.md",
        "node_modules/pkg/README.md",
        "site/node_modules/lib/notes.txt",
        ".venv/lib/license.txt",
        "build/welcome.txt",
    ):
        write(tmp_path / "copy" / skipped, GREETING)
    result = run(command, "check", "copy", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert json_paths(result.stdout) == {"copy/welcome.txt"}
    assert json.loads(result.stdout)["summary"]["files"] == 1


# ---------------------------------------------------------------- stdin


def test_dash_reads_stdin(tmp_path: Path) -> None:
    write(tmp_path / "greeting.yaml", GREETING_ONLY)
    result = invoke("check", "-s", "greeting.yaml", "-", input=GREETING)
    assert result.exit_code == 1
    assert result.stdout.startswith("-\n  1:1  warning  casual-greeting [TL101]")


def test_stdin_filename_picks_the_format(tmp_path: Path) -> None:
    write(tmp_path / "greeting.yaml", GREETING_ONLY)
    as_text = invoke(
        "check", "-s", "greeting.yaml", "-", "--stdin-filename", "welcome.txt", input=FENCED
    )
    as_markdown = invoke(
        "check", "-s", "greeting.yaml", "-", "--stdin-filename", "welcome.md", input=FENCED
    )
    assert as_text.exit_code == 1
    assert as_text.stdout.startswith("welcome.txt\n  4:1  warning  casual-greeting")
    assert as_markdown.exit_code == 0  # the fenced code block is not copy in Markdown
    assert as_markdown.stdout == "No problems in 1 file.\n"


def test_stdin_as_a_process_with_json(command: list[str], tmp_path: Path) -> None:
    write(tmp_path / "greeting.yaml", GREETING_ONLY)
    result = run(
        command,
        "check",
        "-s",
        "greeting.yaml",
        "-",
        "--stdin-filename",
        "x.md",
        "-f",
        "json",
        cwd=tmp_path,
        input="# Welcome\n\nHey bestie! 🎉\n".encode(),
    )
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == ("x.md", 3, 1)
    assert (finding["offset"], finding["end_offset"]) == (11, 21)


def test_invalid_utf8_on_stdin_exits_2(command: list[str], tmp_path: Path) -> None:
    result = run(command, "check", "-", cwd=tmp_path, input=b"Hello\n\xff\n")
    assert result.returncode == 2
    assert result.stderr == "tonelint: error: -:2: not valid UTF-8 (byte 0xff); file skipped\n"


def test_stdin_cannot_be_combined_with_paths(tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    result = invoke("check", "-", "clean.txt", input=GREETING)
    assert result.exit_code == 2
    assert result.stderr == "tonelint: error: - (stdin) cannot be combined with other paths\n"


# ---------------------------------------------------------------- JSON output

FINDING_FIELDS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "offset",
    "end_offset",
    "rule_id",
    "rule_name",
    "category",
    "severity",
    "message",
    "matched",
    "key",
    "context",
    "channel",
    "suggestions",
    "fix",
}


def test_json_output_has_the_documented_fields(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    result = invoke("check", "bad.txt", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"version", "tool", "styleguide", "summary", "findings", "errors"}
    assert report["version"] == 1
    assert report["tool"] == {"name": "tonelint", "version": tonelint.__version__}
    assert report["styleguide"] == "default"
    summary = report["summary"]
    assert set(summary) == {"files", "messages", "findings", "by_severity", "fixable", "errors"}
    assert summary["files"] == 1
    assert summary["messages"] == 2  # two paragraphs
    assert summary["findings"] == len(report["findings"]) >= 4
    assert sum(summary["by_severity"].values()) == summary["findings"]
    assert summary["fixable"] == sum(1 for f in report["findings"] if f["fix"] is not None)
    assert report["errors"] == [] and summary["errors"] == 0
    severities = {"suggestion", "warning", "error"}
    assert set(summary["by_severity"]) == severities
    for finding in report["findings"]:
        assert set(finding) == FINDING_FIELDS
        assert finding["path"] == "bad.txt"
        assert finding["key"] is None  # plain text has no message keys
        assert finding["severity"] in severities
        assert isinstance(finding["suggestions"], list)
        assert re.fullmatch(r"TL\d{3}", finding["rule_id"])
        if finding["fix"] is not None:
            assert set(finding["fix"]) == {"applicability", "edits"}
            assert finding["fix"]["applicability"] in {"safe", "unsafe", "display-only"}
            for edit in finding["fix"]["edits"]:
                assert set(edit) == {"offset", "end_offset", "replacement"}
    by_rule = {finding["rule_id"]: finding for finding in report["findings"]}
    assert by_rule["TL101"]["fix"] == {
        "applicability": "safe",
        "edits": [{"offset": 0, "end_offset": 10, "replacement": "Hello"}],
    }
    assert by_rule["TL104"]["fix"]["applicability"] == "unsafe"  # pet-name
    assert by_rule["TL301"]["fix"] is None  # false-intimacy


def test_json_positions_match_the_file(command: list[str], tmp_path: Path) -> None:
    # A byte-order mark, CRLF line endings, accents, emoji and a tab before the findings.
    text = (
        "Café 😍 news: HUGE SALE!!\r\n\r\n"
        "été 🎉🔥💸 hey bestie\r\n\r\n"
        "\tThanks, hun! We miss you.\r\n"
    )
    (tmp_path / "promo.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run(command, "check", "promo.txt", "-f", "json", cwd=tmp_path)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    # casual-greeting, pet-name, false-intimacy, exclamation-run, caps-hype
    assert {f["rule_id"] for f in findings} >= {"TL101", "TL104", "TL301", "TL401", "TL404"}
    lines = re.split(r"\r\n|\r|\n", text)
    for finding in findings:
        start, end = finding["offset"], finding["end_offset"]
        assert text[start:end] == finding["matched"]
        assert (finding["line"], finding["column"]) == _position(text, start)
        assert (finding["end_line"], finding["end_column"]) == _position(text, end)
        if finding["line"] == finding["end_line"]:
            line = lines[finding["line"] - 1]
            assert line[finding["column"] - 1 : finding["end_column"] - 1] == finding["matched"]
            assert finding["end_column"] - finding["column"] == len(finding["matched"])
    greeting = next(f for f in findings if f["rule_id"] == "TL101")
    assert (greeting["line"], greeting["column"], greeting["end_column"]) == (3, 9, 19)


def test_json_is_never_coloured(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    result = invoke("check", "bad.txt", "-f", "json", env={"FORCE_COLOR": "1"})
    assert "\x1b" not in result.stdout
    assert json.loads(result.stdout)["summary"]["findings"] >= 4


# ---------------------------------------------------------------- text output


def test_text_output_groups_by_file_with_context_marker_and_rewrite(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Hey bestie! Your order has shipped.\n")
    write(tmp_path / "b.txt", "Thanks, hun! Your order has shipped.\n")
    write(tmp_path / "c.txt", CLEAN)
    result = invoke("check", "a.txt", "b.txt", "c.txt")
    assert result.exit_code == 1
    assert result.stdout == (
        "a.txt\n"
        "  1:1  suggestion  hey-greeting [TL102]  "
        "'Hey' is casual for a brand; 'Hello' works for every reader.\n"
        "    │ Hey bestie! Your order has shipped.\n"
        "    │ ^^^\n"
        "    ╰ rewrite (safe fix): Hello\n"
        "  1:1  warning  casual-greeting [TL101]  "
        "'Hey bestie' is a greeting between friends; use 'Hello'.\n"
        "    │ Hey bestie! Your order has shipped.\n"
        "    │ ^^^^^^^^^^\n"
        "    ╰ rewrite (safe fix): Hello\n"
        "  1:5  warning  pet-name [TL104]  "
        "'bestie' addresses the customer with a pet name or buddy term.\n"
        "    │ Hey bestie! Your order has shipped.\n"
        "    │     ^^^^^^\n"  # the name only; its fix also removes the space before it
        "    ╰ rewrite (unsafe fix): (remove it)\n"
        "\n"
        "b.txt\n"
        "  1:9  warning  pet-name [TL104]  "
        "'hun' addresses the customer with a pet name or buddy term.\n"
        "    │ Thanks, hun! Your order has shipped.\n"
        "    │         ^^^\n"  # and the comma
        "    ╰ rewrite (unsafe fix): (remove it)\n"
        "\n"
        "4 problems (3 warnings, 1 suggestion) in 2 files of 3 checked; 2 with a safe fix.\n"
    )


def test_text_output_lists_each_file_once_in_order(tmp_path: Path) -> None:
    write(tmp_path / "copy" / "b.txt", BAD)
    write(tmp_path / "copy" / "a.txt", BAD)
    result = invoke("check", "copy")
    headers = [line for line in result.stdout.splitlines() if line and not line[0].isspace()]
    assert headers[:2] == ["copy/a.txt", "copy/b.txt"]
    assert re.fullmatch(
        r"\d+ problems \(\d+ warnings(, \d+ suggestions?)?\) in 2 files of 2 checked; .*\.",
        headers[2],
    )
    assert len(headers) == 3
    block = result.stdout.split("copy/b.txt\n")[0]
    assert re.search(r"^  1:1  warning  casual-greeting \[TL101\]", block, re.M)
    assert re.search(r"^  3:14  warning  false-intimacy \[TL301\]", block, re.M)
    assert "    ╰ suggestion: Say what the customer gains" in block


def test_caret_marker_lines_up_under_wide_characters(tmp_path: Path) -> None:
    write(tmp_path / "promo.txt", "Café 😍 hey bestie\n")
    result = invoke("check", "promo.txt")
    lines = result.stdout.splitlines()
    assert lines[0] == "promo.txt"
    [at] = [i for i, line in enumerate(lines) if "casual-greeting [TL101]" in line]
    assert lines[at].startswith("  1:8  warning  casual-greeting [TL101]")
    assert lines[at + 1] == "    │ Café 😍 hey bestie"
    assert lines[at + 2] == "    │ " + " " * 8 + "^" * 10  # the emoji takes two cells


def test_quiet_prints_one_line_per_finding(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    write(tmp_path / "clean.txt", CLEAN)
    full = invoke("check", "bad.txt")
    quiet = invoke("check", "--quiet", "bad.txt")
    assert quiet.exit_code == 1
    assert "│" not in quiet.stdout and "rewrite" not in quiet.stdout
    finding_lines = [line for line in quiet.stdout.splitlines() if line.startswith("  ")]
    assert (
        len(finding_lines)
        == json.loads(invoke("check", "bad.txt", "-f", "json").stdout)["summary"]["findings"]
    )
    assert all(line in full.stdout.splitlines() for line in finding_lines)
    assert quiet.stdout.splitlines()[-1] == full.stdout.splitlines()[-1]  # the summary
    clean = invoke("check", "-q", "clean.txt")
    assert clean.exit_code == 0
    assert clean.stdout == ""


# ---------------------------------------------------------------- colour


def test_no_colour_when_not_a_terminal(command: list[str], tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    in_process = invoke("check", "bad.txt")
    process = run(command, "check", "bad.txt", cwd=tmp_path)
    assert "\x1b" not in in_process.stdout
    assert "\x1b" not in process.stdout
    assert process.stdout == in_process.stdout


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-color"], {"FORCE_COLOR": "1"}),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}),
        ([], {"NO_COLOR": "1"}),
    ],
)
def test_no_colour_with_no_color_option_or_variable(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    write(tmp_path / "bad.txt", BAD)
    result = invoke("check", *args, "bad.txt", env={"TERM": "xterm-256color", **env})
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "casual-greeting [TL101]" in result.stdout


def test_force_color_adds_ansi_codes(command: list[str], tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    plain = invoke("check", "bad.txt")
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    coloured = invoke("check", "bad.txt", env=env)
    process = run(command, "check", "bad.txt", cwd=tmp_path, env=env)
    for output in (coloured.stdout, process.stdout):
        assert "\x1b[" in output
        assert ANSI.sub("", output) == plain.stdout  # only styling was added


class _Stdout(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_use_color_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _Stdout(tty=True))
    assert cli._use_color(no_color=False) is True
    assert cli._use_color(no_color=True) is False
    monkeypatch.setenv("NO_COLOR", "")  # an empty NO_COLOR does not count (no-color.org)
    assert cli._use_color(no_color=False) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._use_color(no_color=False) is False
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert cli._use_color(no_color=False) is False  # NO_COLOR wins over FORCE_COLOR
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys, "stdout", _Stdout(tty=False))
    assert cli._use_color(no_color=False) is True  # forced even when not a terminal
    assert cli._use_color(no_color=True) is False
    monkeypatch.delenv("FORCE_COLOR")
    assert cli._use_color(no_color=False) is False


# ---------------------------------------------------------------- rules


def _rows(stdout: str) -> dict[str, list[str]]:
    table = stdout.split("\n\n")[0].splitlines()
    assert table[0].split() == ["id", "name", "category", "kind", "severity", "fix", "enabled"]
    return {row.split()[0]: row.split() for row in table[1:]}


def test_rules_lists_ids_names_categories_severities_and_fix() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    rows = _rows(result.stdout)
    guide = load_styleguide()
    assert set(rows) == {rule.id for rule in guide.rules}
    for rule in guide.rules:
        fix = rule.fix.value if rule.fix else "-"
        assert rows[rule.id] == [
            rule.id,
            rule.name,
            rule.category,
            rule.kind,
            rule.severity.label,
            fix,
            "yes",
        ]
    assert rows["TL101"] == [
        "TL101",
        "casual-greeting",
        "casual-greeting",
        "substitution",
        "warning",
        "safe",
        "yes",
    ]
    assert rows["TL104"][1:3] == ["pet-name", "pet-name"]
    assert rows["TL104"][5] == "unsafe"
    assert rows["TL301"][1] == "false-intimacy"
    assert rows["TL301"][5] == "-"
    # the default guide switches casual-in-serious-context on only for serious messages
    assert "TL501" not in rows
    assert "TL501" in {rule.id for rule in guide.available}
    enabled, total = len(guide.rules), len(guide.available)
    assert result.stdout.endswith(f"\n{enabled} of {total} rules enabled by default.\n")


def test_rules_all_also_lists_disabled_rules(command: list[str], tmp_path: Path) -> None:
    emoji, caps = RULE_ID["emoji-flood"], RULE_ID["caps-hype"]
    # every rule of the pack on (enable runs before disable), then two off: by id and by name
    write(
        tmp_path / "guide.yaml",
        f"extends: default\nenable: [overfamiliar, address, grammar]\n"
        f"disable: [{emoji}, caps-hype]\n",
    )
    enabled = run(command, "rules", "-s", "guide.yaml", cwd=tmp_path)
    everything = run(command, "rules", "-s", "guide.yaml", "--all", cwd=tmp_path)
    assert enabled.returncode == everything.returncode == 0
    enabled_rows, all_rows = _rows(enabled.stdout), _rows(everything.stdout)
    assert emoji not in enabled_rows and caps not in enabled_rows
    assert all_rows[emoji][-1] == all_rows[caps][-1] == "no"
    assert all_rows["TL101"][-1] == "yes"
    assert set(all_rows) == set(enabled_rows) | {emoji, caps}
    assert set(all_rows) == set(RULE_ID.values())
    total = len(all_rows)
    summary = f"{total - 2} of {total} rules enabled by guide.yaml."
    assert enabled.stdout.splitlines()[-1] == everything.stdout.splitlines()[-1] == summary


# ---------------------------------------------------------------- robustness


def test_console_entry_point_turns_crashes_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*args: object, **kwargs: object) -> Iterator[Path]:
        raise RuntimeError("boom")

    monkeypatch.setattr("tonelint.runner.collect", explode)
    monkeypatch.setattr(sys, "argv", ["tonelint", "check", "."])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.startswith("tonelint: internal error: RuntimeError: boom")
    assert len(captured.err.splitlines()) == 1


# ---------------------------------------------------------------- paths, excludes, stdin


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_exclude_matches_paths_relative_to_the_current_folder_too(tmp_path: Path) -> None:
    _write(tmp_path / "copy" / "legacy" / "old.txt", "Hey bestie!")
    _write(tmp_path / "copy" / "new.txt", "Hello.")
    for pattern in ("copy/legacy", "legacy", "copy/legacy/*.txt"):
        result = invoke("check", "copy", "--exclude", pattern, "--format", "json")
        assert result.exit_code == 0, (pattern, result.output)
        assert json.loads(result.stdout)["summary"]["files"] == 1


def test_a_file_named_twice_is_linted_once(tmp_path: Path) -> None:
    _write(tmp_path / "proj" / "a" / "one.txt", "Hey bestie!")
    result = invoke("check", "proj", "proj/a/one.txt", "./proj/a/../a/one.txt", "-f", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 1
    assert len({(f["line"], f["column"], f["rule_id"]) for f in data["findings"]}) == len(
        data["findings"]
    )


def test_no_files_to_lint_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("check", "empty")
    assert result.exit_code == 0
    assert "warning: no files to lint in empty" in result.stderr


def test_stdin_filename_without_stdin_is_a_usage_error(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "Hello.")
    result = invoke("check", "a.txt", "--stdin-filename", "x.md")
    assert result.exit_code == 2
    assert "--stdin-filename only applies when reading stdin" in result.stderr
