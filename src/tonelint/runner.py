"""Lint many files: through the content cache, and spread over processes.

This module only calls the stages: it collects the files (``files.collect``), reads them
(``files``), and has the ``Linter`` extract, scope and judge their messages and apply the
suppressions. Each worker is a fork of this process, so it starts with the style guide
already compiled. A large file is linted in parts (runs of its messages) by several workers
and put together here, where its suppressions are applied; every other file is linted
whole by one worker. Small inputs stay in this process, where starting workers would cost
more than it saves.
"""

from __future__ import annotations

import hashlib
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tonelint.cache import ContentCache
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.files import collect, display_path, format_for, read_bytes, source_from_bytes
from tonelint.models import FileReport, Finding, InputError, RunReport

Outcome = FileReport | InputError

# Below this many bytes in all, one process: forking and collecting would dominate.
SMALL_INPUT_BYTES = 512 * 1024
# A file this large is linted in parts, one per worker.
SPLIT_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Whole:
    """A file linted whole: its outcome, and the cache key of the bytes it was made from
    (None when it could not be read)."""

    outcome: Outcome
    key: str | None


@dataclass(frozen=True)
class Part:
    """One part of a large file: its findings before suppressions, how many messages it
    held, and the cache key of the bytes it read."""

    findings: tuple[Finding, ...]
    messages: int
    key: str


PartResult = Part | InputError


@dataclass(frozen=True)
class Unit:
    """A worker's task: part ``part`` of ``parts`` of the file at ``index``."""

    index: int
    path: Path
    part: int
    parts: int


@dataclass(frozen=True)
class Done:
    """A worker's answer to a ``Unit``."""

    index: int
    result: Whole | PartResult


def files_to_lint(linter: Linter, paths: Sequence[Path], skip: Iterable[Path] = ()) -> list[Path]:
    """The files a run lints, with the guide's and the settings' exclude patterns; nothing
    in the ``skip`` folders (the cache's) and none of the ``skip`` files."""
    guide = linter.guide
    return collect(paths, guide.include, (*guide.exclude, *linter.settings.exclude), skip)


def run(
    linter: Linter,
    paths: Sequence[Path],
    cache: ContentCache | None = None,
    skip: Iterable[Path] = (),
) -> RunReport:
    """Lint files and folders; unreadable files become errors, the rest is still linted.

    ``cache`` skips files linted before with the same content and settings; ``skip``
    names files and folders never linted (the cache folder always is).
    """
    if cache is not None and cache.usable:
        skip = (*skip, cache.directory)
    outcomes = lint_files(linter, files_to_lint(linter, paths, skip), cache)
    reports = tuple(outcome for outcome in outcomes if isinstance(outcome, FileReport))
    errors = tuple(outcome for outcome in outcomes if isinstance(outcome, InputError))
    return RunReport(reports, errors, linter.guide.name)


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


def lint_files(linter: Linter, paths: Sequence[Path], cache: ContentCache | None) -> list[Outcome]:
    """One outcome per file, in order: its report, or why it could not be read."""
    outcomes: list[Outcome | None] = [None] * len(paths)
    pending: list[int] = []
    for index, path in enumerate(paths):
        if cache is not None:
            report = _cached(cache, linter, path)
            if report is not None:
                outcomes[index] = report
                continue
        pending.append(index)
    sizes = {index: _size(paths[index]) for index in pending}
    workers = _workers(linter, sizes)
    if workers <= 1:
        for index in pending:
            _record(outcomes, index, _lint_whole(linter, paths[index]), cache)
    else:
        _lint_in_workers(linter, paths, pending, sizes, workers, outcomes, cache)
    if cache is not None:
        cache.save()
    return [outcome for outcome in outcomes if outcome is not None]


def _record(
    outcomes: list[Outcome | None], index: int, whole: Whole, cache: ContentCache | None
) -> None:
    """Keep a file's outcome, and a report in the cache under the key of its bytes."""
    outcomes[index] = whole.outcome
    if cache is not None and whole.key is not None and isinstance(whole.outcome, FileReport):
        cache.put(whole.key, whole.outcome)


def _read(linter: Linter, path: Path) -> tuple[str, str, bytes, str]:
    """A file's shown path, format, bytes and cache key (``TonelintError`` if unreadable)."""
    settings = linter.settings
    shown = display_path(path)
    source_format = format_for(path, settings.input_format)
    data = read_bytes(path, shown, settings.max_file_size)
    return shown, source_format, data, content_key(data, shown, source_format)


def _cached(cache: ContentCache, linter: Linter, path: Path) -> FileReport | None:
    try:
        key = _read(linter, path)[3]
    except TonelintError:
        return None  # linting it will say why
    return cache.get(key)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _workers(linter: Linter, sizes: dict[int, int]) -> int:
    """How many processes to use: ``jobs`` when given, else one per core for inputs large
    enough to pay for it; one where fork is missing or grammar checks share a server."""
    jobs = linter.settings.jobs
    if jobs is None:
        if sum(sizes.values()) < SMALL_INPUT_BYTES:
            return 1
        jobs = default_jobs()
    import multiprocessing  # only for runs that may use it

    if "fork" not in multiprocessing.get_all_start_methods() or linter.guide.grammar:
        return 1
    units = sum(jobs if size >= SPLIT_BYTES else 1 for size in sizes.values())
    return max(1, min(jobs, units))


def _lint_whole(linter: Linter, path: Path) -> Whole:
    """A file's report and the cache key of the bytes it was made from."""
    try:
        shown, source_format, data, key = _read(linter, path)
        report = linter.lint_file(source_from_bytes(path, data, shown), source_format)
    except TonelintError as exc:
        return Whole(exc.error, None)
    return Whole(report, key)


def _lint_part(linter: Linter, path: Path, part: int, parts: int) -> PartResult:
    try:
        shown, source_format, data, key = _read(linter, path)
        source = source_from_bytes(path, data, shown)
        extraction = linter.extract(source, source_format)
    except TonelintError as exc:
        return exc.error
    messages = extraction.messages
    share = messages[len(messages) * part // parts : len(messages) * (part + 1) // parts]
    return Part(tuple(linter.raw_findings(source, extraction, share)), len(share), key)


# The linter of a worker process, set by the pool's initializer in each forked worker
# (inherited through the fork, never pickled); never set in the parent.
_worker_linter: Linter | None = None


def _start_worker(linter: Linter) -> None:
    """In a worker: keep the run's linter, and leave Ctrl-C to the parent, which alone
    answers it (one line, exit 130), ending the workers."""
    global _worker_linter
    _worker_linter = linter
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _work(unit: Unit) -> Done:
    linter = _worker_linter
    assert linter is not None, "set by _start_worker in every worker"
    if unit.parts == 1:
        return Done(unit.index, _lint_whole(linter, unit.path))
    return Done(unit.index, _lint_part(linter, unit.path, unit.part, unit.parts))


def _lint_in_workers(
    linter: Linter,
    paths: Sequence[Path],
    pending: list[int],
    sizes: dict[int, int],
    workers: int,
    outcomes: list[Outcome | None],
    cache: ContentCache | None,
) -> None:
    units: list[Unit] = []
    for index in sorted(pending, key=lambda i: -sizes[i]):  # the largest first
        parts = workers if sizes[index] >= SPLIT_BYTES else 1
        units.extend(Unit(index, paths[index], part, parts) for part in range(parts))
    split: dict[int, list[PartResult]] = {}
    import multiprocessing

    with _pool(multiprocessing.get_context("fork"), workers, linter) as pool:
        chunk = max(1, len(units) // (workers * 16))
        for done in pool.imap_unordered(_work, units, chunksize=chunk):
            if isinstance(done.result, Whole):
                _record(outcomes, done.index, done.result, cache)
            else:
                split.setdefault(done.index, []).append(done.result)
    for index, results in split.items():
        outcomes[index] = _join_parts(linter, paths[index], results, cache)


@contextmanager
def _pool(context: Any, workers: int, linter: Linter) -> Iterator[Any]:
    """A pool of forked workers that hold ``linter`` and ignore Ctrl-C. It is held back
    while they are forked, so none can be hit before it ignores it; the parent gets it
    once they are running."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = context.Pool(workers, initializer=_start_worker, initargs=(linter,))
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    with pool:  # on leaving, even by Ctrl-C, the workers are ended
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        yield pool


def _join_parts(
    linter: Linter, path: Path, results: list[PartResult], cache: ContentCache | None
) -> Outcome:
    """One report from the parts of a file, with its suppressions applied."""
    parts = [result for result in results if isinstance(result, Part)]
    if len(parts) < len(results):
        return next(result for result in results if isinstance(result, InputError))
    try:
        shown, source_format, data, key = _read(linter, path)
        source = source_from_bytes(path, data, shown)
    except TonelintError as exc:
        return exc.error
    if any(part.key != key for part in parts):
        return _lint_whole(linter, path).outcome  # changed while being linted
    findings = [finding for part in parts for finding in part.findings]
    count = sum(part.messages for part in parts)
    report = FileReport(shown, linter.finish(source, source_format, findings), count)
    if cache is not None:
        cache.put(key, report)
    return report
