"""A ``--fix`` killed at any moment leaves every file either untouched or completely fixed."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

FILES = 400


def _write_tree(folder: Path) -> dict[str, str]:
    folder.mkdir()
    originals = {}
    for number in range(FILES):
        text = f"Hey, order {number} has shipped!!!\n\nThanks, hun. Reference {number}.\n"
        (folder / f"m{number:03}.txt").write_text(text, encoding="utf-8")
        originals[f"m{number:03}.txt"] = text
    return originals


def _fix(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tonelint", "check", "--fix", "-q", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _contents(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in folder.glob("m*.txt")}


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT])
def test_a_fix_interrupted_anywhere_leaves_each_file_old_or_new(
    tmp_path: Path, kill: signal.Signals
) -> None:
    originals = _write_tree(tmp_path / "reference")
    started = time.monotonic()
    assert _fix(tmp_path / "reference").wait(timeout=120) in (0, 1)
    whole_run = time.monotonic() - started
    fixed = _contents(tmp_path / "reference")
    assert all(fixed[name] != originals[name] for name in originals), "every file has a fix"

    outcomes = set()
    for trial in range(8):
        folder = tmp_path / f"trial{trial}"
        _write_tree(folder)
        process = _fix(folder)
        time.sleep(whole_run * (0.35 + 0.09 * trial))  # from start-up into the writes
        process.send_signal(kill)
        process.wait(timeout=120)
        after = _contents(folder)
        assert set(after) == set(originals), "no file lost or renamed"
        for name, text in after.items():
            assert text in (originals[name], fixed[name]), f"{name} is half-written: {text!r}"
        outcomes.add(sum(after[name] == fixed[name] for name in after))
        leftovers = [p.name for p in folder.iterdir() if not p.name.startswith("m")]
        if kill is signal.SIGINT:  # an interrupt removes its temporary file
            assert leftovers == []
        else:  # a kill may leave one temporary file, never touching a template
            assert all(name.endswith(".tonelint") for name in leftovers)
        shutil.rmtree(folder)
    assert outcomes, "the trials ran"


@pytest.mark.parametrize("step", ["mkstemp", "fsync", "replace"])
@pytest.mark.parametrize("kill", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_one_write_arrives_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, kill: signal.Signals
) -> None:
    """Ctrl-C or SIGTERM at any step of a write is held until the file is whole and in place."""
    import os
    import tempfile

    from tonelint import files

    target = tmp_path / "m.txt"
    target.write_text("old\n", encoding="utf-8")
    where = {"mkstemp": (tempfile, "mkstemp"), "fsync": (os, "fsync"), "replace": (Path, "replace")}
    owner, name = where[step]
    real = getattr(owner, name)

    def signalled(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)
        signal.raise_signal(kill)
        return result

    monkeypatch.setattr(owner, name, signalled)
    terminated: list[int] = []
    previous_term = signal.signal(signal.SIGTERM, lambda number, _frame: terminated.append(number))
    # Python's own Ctrl-C handler, even where the runner was started with SIGINT ignored
    # (as a shell does for a command run in the background).
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if kill is signal.SIGINT:
            with pytest.raises(KeyboardInterrupt):
                files.write_atomic(target, "new\n", "utf-8")
        else:
            files.write_atomic(target, "new\n", "utf-8")
            assert terminated == [signal.SIGTERM], "the held signal is delivered afterwards"
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.txt"], "no temporary file is left"
