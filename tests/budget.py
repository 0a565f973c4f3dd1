"""Run tonelint in a subprocess under a budget of CPU time, memory and output.

The budget is enforced by the operating system (``resource`` limits set in the child
before it starts), not measured on a clock: a run that needs more CPU time is killed
(SIGXCPU), one that needs more address space gets a MemoryError, one that writes more
output is stopped (SIGXFSZ). Tests assert that a run finished, or refused its input with
one clear line, within the budget::

    run = run_tonelint(["check", "folder", "--format", "json"], cwd=tmp_path)
    assert_within_budget(run)

The limits apply per process: pass ``-j 1`` so that the work stays in the one process
the budget is set on.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Budget:
    """What one run may use: CPU seconds, bytes of address space, bytes of output."""

    cpu_seconds: int = 60
    address_space: int = 1024**3
    output: int = 256 * 1024**2


DEFAULT_BUDGET = Budget()


@dataclass(frozen=True)
class Run:
    """How a limited run ended: its exit status (negative: the signal that ended it), what
    it wrote to stderr, and stdout (whole if it is at most ``read_limit`` bytes)."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stdout_bytes: int
    stderr: str
    budget: Budget

    def over_budget(self) -> str | None:
        """What the run ran out of, or None."""
        if self.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            return f"CPU time (over {self.budget.cpu_seconds} s)"
        if self.returncode == -signal.SIGXFSZ:
            return f"output (over {self.budget.output} bytes)"
        if "MemoryError" in self.stderr:
            return f"memory (over {self.budget.address_space} bytes of address space)"
        return None


def _limits(budget: Budget) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (budget.cpu_seconds, budget.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_AS, (budget.address_space, budget.address_space))
        resource.setrlimit(resource.RLIMIT_FSIZE, (budget.output, budget.output))

    return apply


def run_tonelint(
    args: Sequence[str],
    cwd: Path,
    budget: Budget = DEFAULT_BUDGET,
    stdin: str | None = None,
    read_limit: int = 64 * 1024**2,
    hang_guard: float = 1200,
) -> Run:
    """``python -m tonelint ARGS`` in ``cwd`` under ``budget``.

    Output goes to files, not pipes, so that a run that writes gigabytes is stopped by
    its budget instead of filling this process. ``hang_guard`` (seconds) only ends a run
    that waits without using CPU time; it is not part of the budget.
    """
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    environment.pop("TONELINT_DEBUG", None)
    with tempfile.TemporaryDirectory() as folder:
        out_path, err_path = Path(folder) / "stdout", Path(folder) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            completed = subprocess.run(
                [sys.executable, "-m", "tonelint", *args],
                cwd=cwd,
                input=stdin.encode("utf-8") if stdin is not None else None,
                stdin=subprocess.DEVNULL if stdin is None else None,
                stdout=out,
                stderr=err,
                env=environment,
                preexec_fn=_limits(budget),
                timeout=hang_guard,
                check=False,
            )
        size = out_path.stat().st_size
        stdout = out_path.read_bytes()[:read_limit].decode("utf-8", "replace")
        stderr = err_path.read_bytes()[:read_limit].decode("utf-8", "replace")
    return Run(tuple(args), completed.returncode, stdout, size, stderr, budget)


def assert_within_budget(run: Run) -> None:
    """The run finished (exit 0 or 1), or refused with exit 2 and one line per problem,
    without running out of its budget, crashing or printing a traceback."""
    shown = " ".join(run.args)
    exhausted = run.over_budget()
    assert exhausted is None, f"tonelint {shown}: ran out of {exhausted}\n{run.stderr[-2000:]}"
    assert run.returncode in (0, 1, 2), f"tonelint {shown}: exit {run.returncode}\n{run.stderr}"
    assert "Traceback" not in run.stderr, f"tonelint {shown}:\n{run.stderr[-2000:]}"
    assert "internal error" not in run.stderr, f"tonelint {shown}:\n{run.stderr[-2000:]}"
    if run.returncode == 2:
        for line in run.stderr.splitlines():
            assert line.startswith(("tonelint: error: ", "tonelint: warning: ")), line
