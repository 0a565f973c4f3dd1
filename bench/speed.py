"""Speed and memory of tonelint, measured as a user meets them: fresh processes, real copy.

    python bench/speed.py [--runs 5] [--json bench/speed.json] [--eval ../shared/eval] [--check]

Measures, with the ``default`` style guide (grammar off) on this machine's cores:

* the whole ``templates`` tree of the evaluation data (every file a folder walk picks up):
  wall time, MB/s, messages/s and peak memory (the largest process, workers included);
  also in one process (``--jobs 1``) and with a warm ``--cache``;
* a one-message-per-paragraph text built from ``templates/strings.jsonl`` (about 1.8 MB),
  against proselint (``pip install 'tonelint[bench]'``, its default checks) in the same
  run, as a ratio;
* ``tonelint check`` on one small real template and ``tonelint --version``, each a fresh
  process (the pre-commit case);
* that text repeated 1, 2, 4 and 8 times (the cost must grow linearly).

Times are medians of ``--runs`` runs. It prints a table, writes JSON, and with ``--check``
exits 1 when a target is missed. Needs ``../shared/eval`` (or ``--eval``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL_TEMPLATE = "postmark-templates/templates/basic/welcome/content.html"
SCALES = (1, 2, 4, 8)

# target name → (measured key, limit, whether a larger value is better)
TARGETS = {
    "text vs proselint (times faster)": ("paragraphs.speedup_vs_proselint", 2.0, True),
    "whole tree, wall (s)": ("tree.wall_s", 2.0, False),
    "one small template, fresh process (s)": ("single_file.wall_s", 0.25, False),
    "tonelint --version (s)": ("version.wall_s", 0.15, False),
    "peak memory, whole tree (MiB)": ("tree.peak_rss_mib", 150.0, False),
    "8x the text costs (x the 1x time)": ("scaling.ratio_8x", 8.5, False),
}


@dataclass(frozen=True)
class Run:
    wall: float
    peak_rss_mib: float
    returncode: int


def command(name: str) -> list[str]:
    """The console script beside this interpreter, else ``python -m``: no shims, no PATH."""
    script = Path(sys.executable).with_name(name)
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", name]


def run(argv: Sequence[str], cwd: Path) -> Run:
    """One fresh process: wall time and the peak RSS of it and the children it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(argv), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {stderr.strip()}")
    return Run(wall, usage.ru_maxrss / 1024, process.returncode)


def median(runs: Sequence[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def paragraphs_file(strings: Path, folder: Path, times: int = 1) -> Path:
    """One message per paragraph: each string on one line, blank lines between."""
    texts = [json.loads(line)["text"] for line in strings.read_text("utf-8").splitlines()]
    body = "\n\n".join(" ".join(text.split()) for text in texts if text.strip()) + "\n"
    path = folder / f"strings-{times}x.txt"
    path.write_text(body * times, encoding="utf-8")
    return path


def tree_size(tonelint: list[str], tree: Path, work: Path) -> tuple[int, int, int]:
    """Files, bytes and messages of the tree as tonelint walks it."""
    report = work / "tree.json"
    run([*tonelint, "check", str(tree), "--format", "json", "-o", str(report), "-q"], work)
    data = json.loads(report.read_text("utf-8"))
    files = [Path(f) for f in _walked(tree)]
    return len(files), sum(f.stat().st_size for f in files), int(data["summary"]["messages"])


def _walked(tree: Path) -> list[str]:
    code = (
        "import sys, pathlib; from tonelint.engine import Linter; "
        "from tonelint.styleguide import load_styleguide; "
        "print('\\n'.join(str(p) for p in "
        "Linter(load_styleguide(name='default')).files([pathlib.Path(sys.argv[1])])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tree)], capture_output=True, text=True, check=True
    )
    return [line for line in out.stdout.splitlines() if line]


def measure(eval_dir: Path, runs: int, work: Path) -> dict[str, object]:
    tonelint = command("tonelint")
    proselint = command("proselint")
    tree = eval_dir / "templates"
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "platform": platform.platform(),
        },
        "runs": runs,
    }
    check = [*tonelint, "check", "--styleguide", "default", "-q", "--format", "json"]

    files, size, messages = tree_size(tonelint, tree, work)
    out = ["-o", str(work / "out.json")]
    tree_runs = [run([*check, str(tree), *out], work) for _ in range(runs)]
    serial = [run([*check, str(tree), "--jobs", "1", *out], work) for _ in range(max(1, runs // 2))]
    cache = ["--cache-dir", str(work / "cache")]
    run([*check, str(tree), *cache, *out], work)  # fills the cache
    warm = [run([*check, str(tree), *cache, *out], work) for _ in range(runs)]
    wall = median(tree_runs)
    results["tree"] = {
        "files": files,
        "bytes": size,
        "messages": messages,
        "wall_s": wall,
        "mb_per_s": size / 1e6 / wall,
        "messages_per_s": messages / wall,
        "peak_rss_mib": max(r.peak_rss_mib for r in tree_runs),
        "one_process_wall_s": median(serial),
        "warm_cache_wall_s": median(warm),
    }

    text = paragraphs_file(tree / "strings.jsonl", work)
    ours: list[Run] = []
    theirs: list[Run] = []
    has_proselint = shutil.which(proselint[0]) is not None or proselint[0] == sys.executable
    for _ in range(runs):  # alternate, so both meet the same machine
        ours.append(run([*check, str(text), *out], work))
        if has_proselint:
            theirs.append(run([*proselint, "check", str(text)], work))
    text_messages = text.read_text("utf-8").count("\n\n") + 1
    results["paragraphs"] = {
        "bytes": text.stat().st_size,
        "messages": text_messages,
        "tonelint_wall_s": median(ours),
        "mb_per_s": text.stat().st_size / 1e6 / median(ours),
        "messages_per_s": text_messages / median(ours),
        "proselint_wall_s": median(theirs) if theirs else None,
        "speedup_vs_proselint": median(theirs) / median(ours) if theirs else None,
    }

    small = tree / SMALL_TEMPLATE
    if not small.exists():
        small = ROOT / "examples" / "email" / "welcome.md"
    single = [run([*tonelint, "check", str(small), "-q"], work) for _ in range(runs * 2)]
    results["single_file"] = {
        "file": small.name,
        "bytes": small.stat().st_size,
        "wall_s": median(single),
    }
    version = [run([*tonelint, "--version"], work) for _ in range(runs * 2)]
    results["version"] = {"wall_s": median(version)}

    scaling: dict[str, float] = {}
    for times in SCALES:
        repeated = paragraphs_file(tree / "strings.jsonl", work, times)
        scaling[f"{times}x_s"] = median(
            [run([*check, str(repeated), *out], work) for _ in range(max(3, runs // 2))]
        )
        repeated.unlink()
    scaling["ratio_8x"] = scaling["8x_s"] / scaling["1x_s"]
    results["scaling"] = scaling
    return results


def value(results: dict[str, object], dotted: str) -> float | None:
    node: object = results
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, (int, float)) else None


def table(results: dict[str, object]) -> str:
    tree = results["tree"]
    text = results["paragraphs"]
    scaling = results["scaling"]
    assert isinstance(tree, dict) and isinstance(text, dict) and isinstance(scaling, dict)
    rows = [
        (
            "whole tree",
            f"{tree['files']} files, {tree['bytes'] / 1e6:.1f} MB, {tree['messages']} messages",
        ),
        (
            "  wall",
            f"{tree['wall_s']:.2f} s ({tree['mb_per_s']:.2f} MB/s, "
            f"{tree['messages_per_s']:,.0f} messages/s)",
        ),
        ("  one process (--jobs 1)", f"{tree['one_process_wall_s']:.2f} s"),
        ("  warm --cache", f"{tree['warm_cache_wall_s']:.2f} s"),
        ("  peak memory", f"{tree['peak_rss_mib']:.0f} MiB"),
        (
            "text, a message a paragraph",
            f"{text['bytes'] / 1e6:.2f} MB, {text['messages']} messages",
        ),
        (
            "  tonelint",
            f"{text['tonelint_wall_s']:.2f} s ({text['mb_per_s']:.2f} MB/s, "
            f"{text['messages_per_s']:,.0f} messages/s)",
        ),
        (
            "  proselint",
            "not installed"
            if text["proselint_wall_s"] is None
            else f"{text['proselint_wall_s']:.2f} s",
        ),
        (
            "  tonelint is faster by",
            "-" if text["speedup_vs_proselint"] is None else f"{text['speedup_vs_proselint']:.2f}x",
        ),
        ("one small template", f"{value(results, 'single_file.wall_s'):.3f} s"),
        ("tonelint --version", f"{value(results, 'version.wall_s'):.3f} s"),
        (
            "text 1x / 2x / 4x / 8x",
            " / ".join(f"{scaling[f'{n}x_s']:.2f} s" for n in SCALES)
            + f" (8x = {scaling['ratio_8x']:.2f}x)",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {shown}" for name, shown in rows]
    lines.append("")
    for name, (key, limit, larger_better) in TARGETS.items():
        measured = value(results, key)
        met = measured is not None and (measured >= limit if larger_better else measured <= limit)
        shown = "-" if measured is None else f"{measured:.3g}"
        sign = ">=" if larger_better else "<="
        lines.append(f"{'met ' if met else 'MISS'}  {name}: {shown} (target {sign} {limit:g})")
    return "\n".join(lines)


def targets_met(results: dict[str, object]) -> bool:
    for key, limit, larger_better in TARGETS.values():
        measured = value(results, key)
        if measured is None or (measured < limit if larger_better else measured > limit):
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "speed.json")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args(argv)
    if not (options.eval / "templates" / "strings.jsonl").exists():
        print(f"speed: {options.eval} has no templates/strings.jsonl", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="tonelint-speed-") as folder:
        results = measure(options.eval.resolve(), options.runs, Path(folder))
    options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nJSON: {options.json}")
    return 0 if targets_met(results) or not options.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
