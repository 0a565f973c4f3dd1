"""Ctrl-C during a run spread over processes: one line, exit 130, no traceback from any
worker. The terminal sends SIGINT to the whole process group, workers included, so the
test does the same to a real run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="needs POSIX signals and Linux /proc"
)

COPY = (
    "Hey hun, your order {n} has shipped!!! We miss you, bestie.\n\n"
    "Dear customer, your invoice {n} is ready. Thank you for your order.\n\n"
)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue  # the thread ended
    return found


def _tree(folder: Path, files: int) -> None:
    folder.mkdir()
    for number in range(files):
        text = "".join(COPY.format(n=number * 100 + part) for part in range(40))
        (folder / f"m{number:04}.txt").write_text(text, encoding="utf-8")


def test_ctrl_c_during_a_run_with_workers_prints_one_line_and_exits_130(tmp_path: Path) -> None:
    _tree(tmp_path / "tree", 600)
    process = subprocess.Popen(
        [sys.executable, "-m", "tonelint", "check", "--jobs", "2", "-q", str(tmp_path / "tree")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        while len(_children(process.pid)) < 2 and process.poll() is None:
            time.sleep(0.01)  # until both workers are forked
        assert process.poll() is None, "the run ended before the workers started"
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert stderr.decode().splitlines() == ["tonelint: interrupted"]
    assert process.returncode == 130


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_anywhere_in_a_run_prints_one_line_and_exits_130(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tonelint import cli, runner

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_lint_whole", interrupted)
    monkeypatch.setattr(runner, "_lint_in_workers", interrupted)
    (tmp_path / "a.txt").write_text("Hey hun!\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["tonelint", "check", "--jobs", jobs, str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 130
    assert capsys.readouterr().err.splitlines() == ["tonelint: interrupted"]
