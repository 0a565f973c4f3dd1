"""Lint many files: through the content cache, and spread over processes.

Each worker is a fork of this process, so it starts with the style guide already
compiled. A large file is linted in parts (runs of its messages) by several workers and
put together here, where its suppressions are applied; every other file is linted whole
by one worker. Small inputs stay in this process, where starting workers would cost more
than it saves.
"""

from __future__ import annotations

import hashlib
import os
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tonelint.cache import ContentCache
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.files import display_path, format_for, read_bytes, source_from_bytes
from tonelint.models import FileReport, Finding, InputError

Outcome = FileReport | InputError

# Below this many bytes in all, one process: forking and collecting would dominate.
SMALL_INPUT_BYTES = 512 * 1024
# A file this large is linted in parts, one per worker.
SPLIT_BYTES = 1024 * 1024

_linter: Linter | None = None  # the linter the forked workers inherit


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def content_key(data: bytes, shown: str, source_format: str) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0{shown}\0{source_format}".encode())
    return digest.hexdigest()


def lint_files(
    linter: Linter,
    paths: Sequence[Path],
    format_override: str | None,
    jobs: int | None,
    cache: ContentCache | None,
) -> list[Outcome]:
    """One outcome per file, in order: its report, or why it could not be read."""
    outcomes: list[Outcome | None] = [None] * len(paths)
    pending: list[int] = []
    for index, path in enumerate(paths):
        if cache is not None:
            report = _cached(cache, path, format_override, linter.max_file_size)
            if report is not None:
                outcomes[index] = report
                continue
        pending.append(index)
    sizes = {index: _size(paths[index]) for index in pending}
    workers = _workers(linter, jobs, sizes)
    if workers <= 1:
        for index in pending:
            outcome, key = _lint_whole(linter, paths[index], format_override)
            _record(outcomes, index, outcome, key, cache)
    else:
        _lint_in_workers(linter, paths, pending, sizes, format_override, workers, outcomes, cache)
    if cache is not None:
        cache.save()
    return [outcome for outcome in outcomes if outcome is not None]


def _record(
    outcomes: list[Outcome | None],
    index: int,
    outcome: Outcome,
    key: str | None,
    cache: ContentCache | None,
) -> None:
    """Keep a file's outcome, and a report in the cache under the key of its bytes."""
    outcomes[index] = outcome
    if cache is not None and key is not None and isinstance(outcome, FileReport):
        cache.put(key, outcome)


def _read(path: Path, format_override: str | None, max_bytes: int) -> tuple[str, str, bytes, str]:
    """A file's shown path, format, bytes and cache key (``TonelintError`` if unreadable)."""
    shown = display_path(path)
    source_format = format_for(path, format_override)
    data = read_bytes(path, shown, max_bytes)
    return shown, source_format, data, content_key(data, shown, source_format)


def _cached(
    cache: ContentCache, path: Path, format_override: str | None, max_bytes: int
) -> FileReport | None:
    try:
        key = _read(path, format_override, max_bytes)[3]
    except TonelintError:
        return None  # linting it will say why
    return cache.get(key)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _workers(linter: Linter, jobs: int | None, sizes: dict[int, int]) -> int:
    """How many processes to use: ``jobs`` when given, else one per core for inputs large
    enough to pay for it; one where fork is missing or grammar checks share a server."""
    if jobs is None:
        if sum(sizes.values()) < SMALL_INPUT_BYTES:
            return 1
        jobs = default_jobs()
    import multiprocessing  # only for runs that may use it

    if "fork" not in multiprocessing.get_all_start_methods() or linter.guide.grammar:
        return 1
    units = sum(jobs if size >= SPLIT_BYTES else 1 for size in sizes.values())
    return max(1, min(jobs, units))


def _lint_whole(
    linter: Linter, path: Path, format_override: str | None
) -> tuple[Outcome, str | None]:
    """A file's report and the cache key of the bytes it was made from."""
    try:
        shown, source_format, data, key = _read(path, format_override, linter.max_file_size)
        report = linter.lint_file(source_from_bytes(path, data, shown), source_format)
    except TonelintError as exc:
        return exc.error, None
    return report, key


# A worker's answer for a part: unsuppressed findings, the part's message count and the
# cache key of the bytes it read; or why the file could not be read.
_PartResult = tuple[list[Finding], int, str] | InputError


def _lint_part(
    linter: Linter, path: Path, format_override: str | None, part: int, parts: int
) -> _PartResult:
    try:
        shown, source_format, data, key = _read(path, format_override, linter.max_file_size)
        source = source_from_bytes(path, data, shown)
        extraction = linter.extract(source, source_format)
    except TonelintError as exc:
        return exc.error
    messages = extraction.messages
    share = messages[len(messages) * part // parts : len(messages) * (part + 1) // parts]
    return linter.raw_findings(source, extraction, share), len(share), key


def _work(
    unit: tuple[int, Path, str | None, int, int],
) -> tuple[int, int, tuple[Outcome, str | None] | _PartResult]:
    index, path, format_override, part, parts = unit
    assert _linter is not None, "workers are forked after the linter is set"
    if parts == 1:
        return index, part, _lint_whole(_linter, path, format_override)
    return index, part, _lint_part(_linter, path, format_override, part, parts)


def _lint_in_workers(
    linter: Linter,
    paths: Sequence[Path],
    pending: list[int],
    sizes: dict[int, int],
    format_override: str | None,
    workers: int,
    outcomes: list[Outcome | None],
    cache: ContentCache | None,
) -> None:
    global _linter
    units: list[tuple[int, Path, str | None, int, int]] = []
    for index in sorted(pending, key=lambda i: -sizes[i]):  # the largest first
        parts = workers if sizes[index] >= SPLIT_BYTES else 1
        units.extend((index, paths[index], format_override, part, parts) for part in range(parts))
    split: dict[int, list[_PartResult]] = {}
    _linter = linter
    import multiprocessing

    try:
        with _pool(multiprocessing.get_context("fork"), workers) as pool:
            chunk = max(1, len(units) // (workers * 16))
            for index, _, result in pool.imap_unordered(_work, units, chunksize=chunk):
                if isinstance(result, tuple) and len(result) == 2:
                    _record(outcomes, index, *result, cache)
                else:
                    split.setdefault(index, []).append(result)
    finally:
        _linter = None
    for index, results in split.items():
        outcomes[index] = _join_parts(linter, paths[index], format_override, results, cache)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group, and the parent alone answers
    it (one line, exit 130), ending the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _pool(context: Any, workers: int) -> Iterator[Any]:
    """A pool of workers that ignore Ctrl-C. It is held back while they are forked, so
    none can be hit before it ignores it; the parent gets it once they are running."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = context.Pool(workers, initializer=_ignore_interrupts)
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    with pool:  # on leaving, even by Ctrl-C, the workers are ended
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        yield pool


def _join_parts(
    linter: Linter,
    path: Path,
    format_override: str | None,
    results: list[_PartResult],
    cache: ContentCache | None,
) -> Outcome:
    """One report from the parts of a file, with its suppressions applied."""
    parts = [result for result in results if not isinstance(result, InputError)]
    if len(parts) < len(results):
        return next(result for result in results if isinstance(result, InputError))
    try:
        shown, source_format, data, key = _read(path, format_override, linter.max_file_size)
        source = source_from_bytes(path, data, shown)
    except TonelintError as exc:
        return exc.error
    if any(part_key != key for _, _, part_key in parts):
        return _lint_whole(linter, path, format_override)[0]  # changed while being linted
    findings = [finding for part_findings, _, _ in parts for finding in part_findings]
    report = FileReport(
        shown, linter.finish(source, source_format, findings), sum(n for _, n, _ in parts)
    )
    if cache is not None:
        cache.put(key, report)
    return report
