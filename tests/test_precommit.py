"""The pre-commit hooks in ``.pre-commit-hooks.yaml``, checked as data and run for real.

The integration tests run the real ``pre-commit run --all-files`` in a temporary git
repository whose ``.pre-commit-config.yaml`` names a repository and a ``rev``, as users
write it. The repository is a snapshot of this checkout (its tracked and untracked,
not ignored, files, committed in a temporary repository) so that the hooks and the code
being tested are the working tree's, committed or not; pre-commit clones it at that
commit, builds its virtual environment with ``pip install .`` (from PyPI: hatchling and
tonelint's dependencies) and runs the hook's entry. One ``PRE_COMMIT_HOME`` is shared by
the module, so the environment is built once (about 30-60 s).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from tonelint.cli import app
from tonelint.files import DEFAULT_EXCLUDE, path_matches
from tonelint.readers import FORMATS

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed; pre-commit needs it")

# Folders a snapshot of the checkout never needs (when it is not a git repository).
SNAPSHOT_IGNORE = shutil.ignore_patterns(
    ".git", "__pycache__", "*.pyc", ".venv", "venv", "build", "dist", "*.egg-info",
    ".*_cache", ".hypothesis", ".benchmarks", ".tonelint_cache", "results",
)  # fmt: skip


def hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return {hook["id"]: hook for hook in data}


# ------------------------------------------------------------------ the manifest


def test_manifest_declares_both_hooks() -> None:
    declared = hooks()
    assert set(declared) == {"tonelint", "tonelint-fix"}
    assert declared["tonelint"]["entry"] == "tonelint check"
    assert declared["tonelint-fix"]["entry"] == "tonelint check --fix"
    for hook in declared.values():
        assert hook["language"] == "python"
        assert hook["name"] and hook["description"]
        assert hook.get("pass_filenames", True) is True  # pre-commit passes the files


def test_manifest_is_valid_for_pre_commit() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_type_tags_exist_in_identify() -> None:
    from identify.identify import ALL_TAGS

    for hook in hooks().values():
        for field in ("types", "types_or", "exclude_types"):
            for tag in hook.get(field, []):
                assert tag in ALL_TAGS, f"{hook['id']}: {field}: identify has no tag {tag!r}"


def test_files_are_exactly_the_extensions_tonelint_reads() -> None:
    extensions = {extension for spec in FORMATS.values() for extension in spec.extensions}
    for hook in hooks().values():
        files = re.compile(hook["files"])
        match = re.fullmatch(r"\\\.\((?P<alternatives>[\w|]+)\)\$", hook["files"])
        assert match, f"{hook['id']}: files should be one list of extensions"
        assert {f".{name}" for name in match["alternatives"].split("|")} == extensions
        for extension in extensions:
            assert files.search(f"emails/welcome{extension}")
        for other in ("app.py", "main.js", "pyproject.toml", "notes.txt.bak", "README"):
            assert not files.search(other)


def _sample_paths() -> Iterator[str]:
    """Paths that each default exclude pattern should skip, and paths it should not."""
    for pattern in DEFAULT_EXCLUDE:
        for name in {pattern.replace("*", ""), pattern.replace("*", "x-1"), pattern}:
            if not name or name == ".":
                continue
            yield from (name, f"a/{name}", f"{name}/b.md", f"a/{name}/b/c.json")
            yield from (f"x{name}", f"a/{name}x", f"{name}x/b.md")
    yield from ("emails/welcome.md", "locales/en.json", "sms/build.txt", "dist.md", "a.b/c.md")


def test_exclude_skips_what_a_folder_walk_skips() -> None:
    for hook in hooks().values():
        exclude = re.compile(hook["exclude"])
        for path in _sample_paths():
            walk_skips = path_matches(PurePosixPath(path), DEFAULT_EXCLUDE)
            assert bool(exclude.search(path)) == walk_skips, (hook["id"], path)


# ------------------------------------------------------------- running pre-commit


@dataclass(frozen=True)
class HookRepo:
    path: Path  # a git repository holding a snapshot of this checkout
    rev: str  # the commit that holds it
    home: Path  # PRE_COMMIT_HOME shared by the module's tests


def _env(home: Path | None = None) -> dict[str, str]:
    """The environment for git and pre-commit: no inherited GIT_* settings (as in a hook),
    no system git configuration, a fixed identity, and tonelint's colour settings unset."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT"))
        and key not in ("GITHUB_ACTIONS", "NO_COLOR")
        and key not in ("NO_COLOR", "FORCE_COLOR", "TONELINT_DEBUG")
    }
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="tonelint tests",
        GIT_AUTHOR_EMAIL="tests@tonelint.invalid",
        GIT_COMMITTER_NAME="tonelint tests",
        GIT_COMMITTER_EMAIL="tests@tonelint.invalid",
        PYTHONIOENCODING="utf-8",
    )
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)
    return env


def git(*args: str, cwd: Path) -> str:
    assert GIT is not None
    result = subprocess.run(
        [GIT, "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def _checkout_files() -> list[str] | None:
    """The files of this checkout that git does not ignore, or None outside a git work tree."""
    if not (ROOT / ".git").exists():
        return None
    assert GIT is not None
    result = subprocess.run(
        [GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        return None
    return [name for name in result.stdout.decode("utf-8").split("\0") if name]


def _snapshot(target: Path) -> None:
    names = _checkout_files()
    if names is None:  # an unpacked sdist: copy the tree without caches
        shutil.copytree(ROOT, target, ignore=SNAPSHOT_IGNORE)
        return
    target.mkdir()
    for name in names:
        source = ROOT / name
        if source.is_file():  # a tracked file may have been deleted in the working tree
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    base = tmp_path_factory.mktemp("pre-commit")
    snapshot = base / "tonelint"
    _snapshot(snapshot)
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "--no-verify", "-m", "snapshot of the checkout under test", cwd=snapshot)
    rev = git("rev-parse", "HEAD", cwd=snapshot).strip()
    return HookRepo(snapshot, rev, base / "home")


def make_project(path: Path, repo: HookRepo, hook_id: str, files: Mapping[str, str]) -> None:
    """A git repository with some files and a pre-commit configuration using one hook."""
    path.mkdir()
    git("init", "-q", cwd=path)
    config = {"repos": [{"repo": str(repo.path), "rev": repo.rev, "hooks": [{"id": hook_id}]}]}
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for name, text in files.items():
        write(path / name, text)
    git("add", "-A", cwd=path)
    git("commit", "-q", "--no-verify", "-m", "copy", cwd=path)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def pre_commit(project: Path, repo: HookRepo) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=project,
        env=_env(repo.home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )


@needs_git
def test_tonelint_hook_fails_on_overfamiliar_copy_then_passes(
    tmp_path: Path, hook_repo: HookRepo
) -> None:
    project = tmp_path / "copy"
    make_project(
        project,
        hook_repo,
        "tonelint",
        {
            "emails/welcome.md": "# Welcome\n\nHey bestie! Your order has shipped.\n",
            # No identify tag knows .ftl: the hook's `files` must still select it.
            "locales/en.ftl": "farewell = Thanks, hun! We miss you.\n",
            "emails/receipt.txt": "Your receipt is attached.\n",
            # Configuration files a folder walk skips are skipped by the hook too.
            "package.json": '{"description": "Hey bestie! We miss you."}\n',
            ".github/messages.yml": "greeting: Hey bestie!\n",
            "app.py": 'GREETING = "Hey bestie!"\n',
        },
    )
    failed = pre_commit(project, hook_repo)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert re.search(r"^tonelint\.+Failed$", output, re.MULTILINE), output
    assert "emails/welcome.md" in output
    assert "3:1" in output and "casual-greeting" in output  # line 3 of welcome.md
    assert "locales/en.ftl" in output and "pet-name" in output
    for skipped in ("package.json", ".github/messages.yml", "app.py", "receipt.txt"):
        assert skipped not in output

    write(project / "emails/welcome.md", "# Welcome\n\nHello! Your order has shipped.\n")
    write(project / "locales/en.ftl", "farewell = Thank you. We hope to see you again.\n")
    passed = pre_commit(project, hook_repo)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert re.search(r"^tonelint\.+Passed$", output, re.MULTILINE), output


def _fix_available() -> bool:
    result = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"})
    return "--fix" in result.output


@needs_git
def test_tonelint_fix_hook_rewrites_then_passes(tmp_path: Path, hook_repo: HookRepo) -> None:
    if not _fix_available():
        pytest.skip("--fix not available")
    project = tmp_path / "copy"
    make_project(
        project, hook_repo, "tonelint-fix", {"sms/shipped.txt": "Heyyy! Your order has shipped.\n"}
    )
    fixed = pre_commit(project, hook_repo)
    output = fixed.stdout + fixed.stderr
    assert fixed.returncode == 1, output  # pre-commit fails a hook that changes files
    assert re.search(r"^tonelint \(fix\)\.+Failed$", output, re.MULTILINE), output
    assert "files were modified by this hook" in output
    text = (project / "sms/shipped.txt").read_text(encoding="utf-8")
    assert text == "Hello! Your order has shipped.\n"

    passed = pre_commit(project, hook_repo)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert re.search(r"^tonelint \(fix\)\.+Passed$", output, re.MULTILINE), output
