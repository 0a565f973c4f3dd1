"""docs/ci.md: every snippet is copy-paste ready. YAML parses and has the keys the setup
needs, the pre-commit hook ids exist, every ``tonelint`` command is accepted by the CLI, and
the shell script runs and exits with the codes it documents."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import tonelint
from tonelint.baseline import dumps
from tonelint.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ci.md"
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BASELINE = ".tonelint-baseline.json"

runner = CliRunner()


@dataclass(frozen=True)
class Snippet:
    language: str
    text: str
    line: int  # of the opening fence, for messages

    @property
    def name(self) -> str:
        """The file a snippet is for, from its first comment line (after a shebang)."""
        for line in self.text.splitlines():
            if line.startswith("#!"):
                continue
            if line.startswith("# "):
                return line[2:].split()[0].rstrip(":")
            break
        return ""


def snippets() -> list[Snippet]:
    found: list[Snippet] = []
    lines = DOC.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = re.match(r"^```(.*)$", lines[index])
        if opening is None:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        body = "\n".join(lines[index + 1 : end]) + "\n"
        found.append(Snippet(opening[1].strip(), body, index + 1))
        index = end + 1
    return found


def snippet(name: str) -> Snippet:
    matches = [s for s in snippets() if s.name == name]
    assert len(matches) == 1, f"docs/ci.md should have one snippet for {name}"
    return matches[0]


def load_yaml(name: str) -> dict[Any, Any]:
    found = snippet(name)
    assert found.language == "yaml"
    data = yaml.safe_load(found.text)
    assert isinstance(data, dict)
    return data


def manifest_hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def command_args(line: str) -> list[str] | None:
    """The arguments of a ``tonelint`` command at the start of a shell line or YAML ``run``/
    script item, up to a comment or shell operator; shell variables are left out."""
    match = re.match(r"^\s*(?:-\s+)?(?:run:\s+)?tonelint\s+(.*)$", line)
    if match is None:
        return None
    lexer = shlex.shlex(match[1], posix=True, punctuation_chars=";&|<>()")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    args = []
    for token in lexer:
        if token and set(token) <= set(";&|<>()"):
            break
        if "$" not in token:
            args.append(token)
    return args


def doc_commands() -> list[list[str]]:
    """Every tonelint command in docs/ci.md: in code blocks and in inline code."""
    commands = []
    for found in snippets():
        for line in found.text.splitlines():
            args = command_args(line)
            if args is not None:
                commands.append(args)
    prose = DOC.read_text(encoding="utf-8")
    for inline in re.findall(r"(?<!`)`(tonelint [^`]+)`(?!`)", prose):
        args = command_args(inline)
        assert args is not None
        commands.append(args)
    return commands


# ------------------------------------------------------------------------ the snippets


def test_every_fenced_block_has_a_language_tag() -> None:
    for found in snippets():
        assert re.fullmatch(r"[a-z]+", found.language), f"docs/ci.md:{found.line}: no language"


def test_the_documented_setups_are_all_there() -> None:
    names = {found.name for found in snippets() if found.language == "yaml"}
    assert names == {
        ".pre-commit-config.yaml",
        ".github/workflows/tonelint-sarif.yml",
        ".github/workflows/tonelint.yml",
        ".gitlab-ci.yml",
    }
    assert snippet("lint-tone.sh").language == "bash"


def test_pre_commit_snippet_uses_hooks_that_exist() -> None:
    config = load_yaml(".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/tonelint/tonelint"
    assert repo["rev"] == f"v{tonelint.__version__}"
    declared = manifest_hooks()
    assert repo["hooks"]
    for hook in repo["hooks"]:
        assert hook["id"] in declared, f"no hook {hook['id']!r} in .pre-commit-hooks.yaml"
        assert set(hook) <= {"id", "args", "files", "exclude", "types", "types_or"}
    assert repo["hooks"][0]["args"] == ["--baseline", BASELINE]


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers is not None
    assert set(triggers) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    steps = job["steps"]
    assert isinstance(steps, list)
    assert steps[0]["uses"].startswith("actions/checkout@")
    return steps


def _tonelint_step(steps: list[dict[str, Any]]) -> dict[str, Any]:
    (step,) = [step for step in steps if step.get("run", "").startswith("tonelint ")]
    install = [step for step in steps if "pip install" in step.get("run", "")]
    assert install and steps.index(install[0]) < steps.index(step)
    return step


def test_github_sarif_workflow() -> None:
    workflow = load_yaml(".github/workflows/tonelint-sarif.yml")
    assert workflow["permissions"]["security-events"] == "write"
    steps = _steps(workflow)
    run = _tonelint_step(steps)["run"]
    args = command_args(run)
    assert args is not None
    assert args[args.index("--format") + 1] == "sarif"
    assert args[args.index("--baseline") + 1] == BASELINE
    output = args[args.index("--output") + 1]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-")]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@v")
    assert upload["with"]["sarif_file"] == output
    assert steps.index(upload) > steps.index(_tonelint_step(steps))
    assert "!cancelled()" in upload["if"] and output in upload["if"]  # runs when findings fail


def test_github_annotations_workflow() -> None:
    workflow = load_yaml(".github/workflows/tonelint.yml")
    assert workflow["permissions"] == {"contents": "read"}
    args = command_args(_tonelint_step(_steps(workflow))["run"])
    assert args is not None
    assert args[args.index("--format") + 1] == "github"
    assert args[args.index("--baseline") + 1] == BASELINE


def test_gitlab_junit_job() -> None:
    config = load_yaml(".gitlab-ci.yml")
    job = config["tonelint"]
    assert job["image"].startswith("python:")
    script = job["script"]
    assert script[0].startswith("pip install")
    args = command_args(script[-1])
    assert args is not None
    assert args[args.index("--format") + 1] == "junit"
    assert args[args.index("--baseline") + 1] == BASELINE
    output = args[args.index("--output") + 1]
    assert output == "tonelint-junit.xml"
    assert job["artifacts"]["reports"]["junit"] == output
    assert job["artifacts"]["when"] == "always"


def test_installs_pin_the_current_version() -> None:
    pins = re.findall(r'pip install (?:--quiet )?"tonelint==([^"]+)"', DOC.read_text("utf-8"))
    assert len(pins) == 4
    assert set(pins) == {tonelint.__version__}


# --------------------------------------------------------------- the commands it shows


def test_every_tonelint_command_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = doc_commands()
    assert len(commands) >= 8
    formats = {args[args.index("--format") + 1] for args in commands if "--format" in args}
    assert formats == {"sarif", "github", "junit"}
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TONELINT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for number, args in enumerate(commands):
        folder = tmp_path / str(number)
        (folder / "emails").mkdir(parents=True)
        (folder / "emails" / "welcome.md").write_text("Your order has shipped.\n", "utf-8")
        if "--baseline" in args:
            (folder / args[args.index("--baseline") + 1]).write_text(dumps([]), "utf-8")
        monkeypatch.chdir(folder)
        result = runner.invoke(app, args)
        shown = "tonelint " + shlex.join(args)
        assert result.exit_code == 0, f"{shown}: exit {result.exit_code}\n{result.output}"
        if "--output" in args:
            assert (folder / args[args.index("--output") + 1]).stat().st_size > 0, shown


def test_pre_commit_hook_commands_are_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What pre-commit runs for the snippet's hooks: the entry, the args, then the files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "welcome.md").write_text("Your order has shipped.\n", "utf-8")
    (tmp_path / BASELINE).write_text(dumps([]), "utf-8")
    declared = manifest_hooks()
    for hook in load_yaml(".pre-commit-config.yaml")["repos"][0]["hooks"]:
        entry = shlex.split(declared[hook["id"]]["entry"])
        assert entry[0] == "tonelint"
        result = runner.invoke(app, [*entry[1:], *hook.get("args", []), "welcome.md"])
        assert result.exit_code == 0, result.output


# ----------------------------------------------------------------- the shell script


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_shell_script_runs_and_exits_with_the_documented_codes(tmp_path: Path) -> None:
    text = snippet("lint-tone.sh").text
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "exit 0 no new findings, 1 new findings, 2 tonelint could not lint" in text
    # No installing here: tonelint is this checkout, run by this interpreter.
    installs = re.compile(r"^\s*pip install .*$", re.MULTILINE)
    assert installs.search(text)
    script = tmp_path / "lint-tone.sh"
    script.write_text(installs.sub(":", text), encoding="utf-8")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    shim = bin_folder / "tonelint"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m tonelint "$@"\n', "utf-8")
    shim.chmod(0o755)
    project = tmp_path / "project"
    (project / "emails").mkdir(parents=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TONELINT_DEBUG")
    }
    env["PATH"] = f"{bin_folder}{os.pathsep}{env.get('PATH', '')}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(script), *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    welcome = project / "emails" / "welcome.md"
    welcome.write_text("Your order has shipped.\n", encoding="utf-8")
    clean = run()
    assert clean.returncode == 0, clean.stderr
    assert "lint-tone: no new findings" in clean.stdout

    welcome.write_text("Hey bestie! Your order has shipped.\n", encoding="utf-8")
    found = run()
    assert found.returncode == 1, found.stderr
    assert "emails/welcome.md" in found.stdout and "casual-greeting" in found.stdout
    assert "lint-tone: new findings" in found.stderr

    # The documented way out: record the findings in the baseline the script picks up.
    record = subprocess.run(
        [str(shim), "check", "--write-baseline", BASELINE],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert record.returncode == 0, record.stderr
    assert run().returncode == 0

    (project / "sms").mkdir()
    (project / "sms" / "promo.txt").write_text("Thanks, hun! We miss you.\n", encoding="utf-8")
    new = run()
    assert new.returncode == 1
    assert "sms/promo.txt" in new.stdout and "emails/welcome.md" not in new.stdout
    only_emails = run("emails")
    assert only_emails.returncode == 0, only_emails.stdout + only_emails.stderr

    (project / BASELINE).write_text("{not json", encoding="utf-8")
    broken = run()
    assert broken.returncode == 2
    assert f"{BASELINE}:" in broken.stderr
    assert "lint-tone: tonelint could not lint (exit 2)" in broken.stderr

    missing = run("no-such-folder")
    assert missing.returncode == 2
