"""The content cache: a file linted before with the same bytes, name and settings is not
linted again (``--cache``).

Entries are keyed on the file's bytes and displayed path, the tonelint version and code,
and everything in the resolved style guide that can change a finding. They are stored as
JSON (never pickle, so a planted cache file cannot run code), one file per set of
settings, written at the end of a run to a new temporary file in the folder and renamed
into place. Nothing is written through a symbolic link: a cache folder that is a link, or
that belongs to another user, is not used (one notice; the run goes on without it).

The cache limits itself: at most ``MAX_ENTRIES`` reports per settings file (those used
longest ago go first), ``MAX_FILES`` settings files per folder and ``MAX_BYTES`` of them
in all (the files written longest ago go first).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tonelint import __version__
from tonelint.files import _interrupts_deferred
from tonelint.models import Applicability, Edit, FileReport, Finding, Fix, Severity
from tonelint.styleguide import StyleGuide

DEFAULT_DIR = ".tonelint_cache"
MAX_ENTRIES = 50_000  # reports in one settings file; those used longest ago are dropped
MAX_FILES = 8  # settings files in one folder; those written longest ago are removed
MAX_BYTES = 64 * 1024 * 1024  # settings files in one folder, in all
_REPORTS = "reports-"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_IGNORE_TEXT = "# Created by tonelint --cache\n*\n"
_FORMAT = 2  # 2: an edit holds its intended text too


def _code_stamp() -> str:
    """Size and modification time of tonelint's own files, so that a changed install (an
    editable checkout, say) does not reuse findings of other code under the same version."""
    package = Path(__file__).parent
    stamp = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".yaml") and "__pycache__" not in path.parts:
            status = path.stat()
            stamp.update(
                f"{path.relative_to(package)}:{status.st_size}:{status.st_mtime_ns}".encode()
            )
    return stamp.hexdigest()


def settings_key(guide: StyleGuide, extra: tuple[object, ...] = ()) -> str:
    """What, besides a file, decides its findings: code, guide (every rule, enabled or
    not, with scopes, overrides, locale, format options, ignores) and run options."""
    settings = (
        _FORMAT,
        _code_stamp(),
        guide.available,
        tuple(rule.id for rule in guide.rules),
        guide.contexts,
        guide.channels,
        guide.overrides,
        guide.locale,
        {name: dict(options) for name, options in guide.format_options.items()},
        guide.ignore,
        extra,
    )
    return hashlib.sha256(repr(_canonical(settings)).encode()).hexdigest()[:24]


def _canonical(value: object) -> object:
    """A form of ``value`` whose repr does not depend on hash order (sets, mappings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *(_canonical(getattr(value, f.name)) for f in fields))
    if isinstance(value, Mapping):
        return sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canonical(item)) for item in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    return value


class CacheRefusedError(OSError):
    """The cache folder is not safe to write to (a link, someone else's, not a folder)."""


def folder_problem(directory: Path) -> str | None:
    """Why ``directory`` may not hold the cache, or None (also when it does not exist yet)."""
    try:
        status = directory.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return _status_problem(status)


def _status_problem(status: os.stat_result) -> str | None:
    if stat.S_ISLNK(status.st_mode):
        return "is a symbolic link"
    if not stat.S_ISDIR(status.st_mode):
        return "is not a folder"
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return "belongs to another user"
    return None


class ContentCache:
    """File reports by content, for one set of settings, in ``directory``.

    A cache that cannot be used or written costs time, never findings: ``notice`` then says
    why (one line), and the run goes on without it.
    """

    def __init__(self, directory: Path, settings: str) -> None:
        self.directory = directory
        self._name = f"{_REPORTS}{settings}.json"
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self.hits = 0
        self.notice: str | None = None
        problem = folder_problem(directory)
        if problem is not None:
            self._refuse(problem)
            return
        try:
            loaded = json.loads(_read_nofollow(directory / self._name))
            if isinstance(loaded, dict):
                self._entries = loaded
        except (OSError, ValueError, RecursionError):
            pass  # no cache yet, or one we cannot read: start empty

    @property
    def usable(self) -> bool:
        return self.notice is None

    def _refuse(self, problem: str) -> None:
        self.notice = (
            f"tonelint: warning: the cache folder {self.directory} {problem}; "
            "running without the cache"
        )
        self._entries = {}
        self._used = {}

    def get(self, key: str) -> FileReport | None:
        entry = self._entries.get(key) if self.usable else None
        if entry is None:
            return None
        try:
            report = _report_from_json(entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        self._used[key] = entry
        self.hits += 1
        return report

    def put(self, key: str, report: FileReport) -> None:
        if self.usable:
            self._used[key] = _report_to_json(report)

    def save(self) -> None:
        """Write the entries, then trim the folder to its limits; a cache that cannot be
        written is left as it was."""
        if not self.usable or not (self._used or self._entries):
            return
        kept = {key: value for key, value in self._entries.items() if key not in self._used}
        merged = {**kept, **self._used}  # the ones used in this run last: they go last
        if len(merged) > MAX_ENTRIES:
            merged = dict(list(merged.items())[-MAX_ENTRIES:])
        data = _dumps(merged)
        while len(data) > MAX_BYTES // 2 and merged:
            merged = dict(list(merged.items())[(len(merged) + 1) // 2 :])
            data = _dumps(merged)
        changed = merged != self._entries
        try:
            folder = _open_folder(self.directory)
        except CacheRefusedError as exc:
            self._refuse(str(exc))
            return
        except OSError:
            return  # a cache that cannot be written only costs time
        try:
            with _interrupts_deferred():
                _create(folder, ".gitignore", _IGNORE_TEXT.encode(), replace=False)
                if changed:
                    _create(folder, self._name, data, replace=True)
                else:  # used but unchanged: keep it from being evicted first
                    os.utime(self._name, dir_fd=folder, follow_symlinks=False)
                _evict(folder, self._name)
        except OSError:
            pass
        finally:
            os.close(folder)


def _dumps(entries: Mapping[str, Any]) -> bytes:
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _read_nofollow(path: Path) -> bytes:
    """A cache file's bytes, refusing a link or a file larger than the cache may be."""
    descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
            raise OSError(errno.EFBIG, "not a cache file")
        return handle.read(MAX_BYTES + 1)


def _open_folder(directory: Path) -> int:
    """A descriptor of the cache folder (created, private, when missing), opened without
    following a link; ``CacheRefusedError`` if it is a link or not the user's."""
    with contextlib.suppress(FileExistsError):
        directory.mkdir(mode=0o700, parents=True)
    try:
        folder = os.open(directory, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise CacheRefusedError(folder_problem(directory) or "is not a folder") from None
        raise
    problem = _status_problem(os.fstat(folder))
    if problem is not None:
        os.close(folder)
        raise CacheRefusedError(problem)
    return folder


def _create(folder: int, name: str, data: bytes, replace: bool) -> None:
    """Write a new file in the folder, never through a link: ``name`` itself when it does
    not exist yet (``replace=False``), else a new temporary file renamed over ``name``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    target = f".{name}.{os.urandom(8).hex()}.tmp" if replace else name
    try:
        descriptor = os.open(target, flags, 0o600, dir_fd=folder)
    except FileExistsError:
        if replace:
            raise
        return  # already there (a file, or a link we leave alone)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        if replace:
            os.replace(target, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        os.unlink(target, dir_fd=folder)
        raise


def _evict(folder: int, current: str) -> None:
    """Remove the settings files written longest ago past ``MAX_FILES`` or ``MAX_BYTES``."""
    files: list[tuple[bool, float, int, str]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(_REPORTS) and entry.name.endswith(".json"):
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(status.st_mode):
                    files.append(
                        (entry.name == current, status.st_mtime, status.st_size, entry.name)
                    )
    total = 0
    for count, (_, _, size, name) in enumerate(sorted(files, reverse=True)):
        total += size
        if count >= MAX_FILES or (total > MAX_BYTES and name != current):
            os.unlink(name, dir_fd=folder)


def _report_to_json(report: FileReport) -> dict[str, Any]:
    return {
        "path": report.path,
        "messages": report.message_count,
        "findings": [_finding_to_json(finding) for finding in report.findings],
    }


def _finding_to_json(finding: Finding) -> dict[str, Any]:
    data = {name: getattr(finding, name) for name in Finding.__dataclass_fields__}
    data["severity"] = finding.severity.value
    data["suggestions"] = list(finding.suggestions)
    if finding.fix is not None:
        data["fix"] = {
            "applicability": finding.fix.applicability.value,
            "edits": [
                [edit.start, edit.end, edit.replacement, edit.intended]
                for edit in finding.fix.edits
            ],
        }
    return data


def _report_from_json(entry: Mapping[str, Any]) -> FileReport:
    findings = tuple(_finding_from_json(item) for item in entry["findings"])
    return FileReport(str(entry["path"]), findings, int(entry["messages"]))


_FIELD_CHECKS: dict[str, Any] = {
    "int": lambda value: type(value) is int,
    "bool": lambda value: type(value) is bool,
    "str": lambda value: isinstance(value, str),
    "str | None": lambda value: value is None or isinstance(value, str),
}


def _finding_from_json(item: Mapping[str, Any]) -> Finding:
    """A finding from a cache entry; ``ValueError`` for one whose fields have the wrong
    types (a damaged cache must not reach a reporter)."""
    data = dict(item)
    for spec in dataclasses.fields(Finding):
        check = _FIELD_CHECKS.get(str(spec.type))
        if check is not None and spec.name in data and not check(data[spec.name]):
            raise ValueError(f"{spec.name}: {data[spec.name]!r}")
    data["severity"] = Severity(data["severity"])
    data["suggestions"] = tuple(str(text) for text in data["suggestions"])
    fix = data.get("fix")
    if fix is not None:
        data["fix"] = Fix(
            tuple(_edit_from_json(edit) for edit in fix["edits"]),
            Applicability(fix["applicability"]),
        )
    return Finding(**data)


def _edit_from_json(item: Any) -> Edit:
    """An edit from a cache entry (start, end, written text, intended text or null)."""
    start, end, text, intended = item
    if intended is not None and not isinstance(intended, str):
        raise ValueError(f"edit: {item!r}")
    return Edit(int(start), int(end), str(text), intended)
