"""Find the files to lint and read them into ``SourceFile`` objects."""

from __future__ import annotations

import codecs
import errno
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from fnmatch import fnmatch, translate
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from tonelint.errors import TonelintError
from tonelint.models import SourceFile
from tonelint.readers import FORMATS, detect_format

# Folders that hold no copy, hidden folders and files (.git, .github, .tonelint.yaml), and
# well-known configuration files that share an extension with catalogues.
DEFAULT_EXCLUDE = (
    ".*",
    "venv",
    "env",
    "node_modules",
    "bower_components",
    "vendor",
    "__pycache__",
    "build",
    "dist",
    "site-packages",
    "package.json",
    "package-lock.json",
    "composer.json",
    "tsconfig*.json",
    "jsconfig*.json",
    "renovate.json",
    "*.schema.json",
    "pnpm-lock.yaml",
    "docker-compose*.yml",
    "docker-compose*.yaml",
    "mkdocs.yml",
    "pubspec.yaml",
    "environment.yml",
    "CMakeLists.txt",
    "requirements*.txt",
    "LICENSE*",
    "COPYING*",
    "CHANGELOG*",
    "robots.txt",
)
# Each byte-order mark, the name tonelint gives the encoding (``-sig``: written back with the
# mark, as Python's ``utf-8-sig``) and the codec of the bytes after it. UTF-32-LE's mark
# starts with UTF-16-LE's, so it is tried first.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le-sig", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be-sig", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le-sig", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be-sig", "utf-16-be"),
)
_MARKED = {name: (bom, codec) for bom, name, codec in _BOMS}
# Files without a mark but with zero bytes: UTF-32 before UTF-16 (see _unmarked).
_UNMARKED = ("utf-32-be", "utf-32-le", "utf-16-be", "utf-16-le")
_TEXT_CONTROLS = frozenset("\t\n\v\f\r\x1b")


def default_include() -> tuple[str, ...]:
    return tuple(f"*{extension}" for spec in FORMATS.values() for extension in spec.extensions)


def path_matches(relative: PurePosixPath, patterns: Iterable[str]) -> bool:
    """Whether a relative path matches any glob: a pattern without ``/`` matches any path
    component (``legacy``, ``*.bak``); one with ``/`` matches the path or a folder above
    it (``emails/legacy``, ``**/security/**`` — a leading ``**/`` also matches at the top).
    """
    component, whole = _compiled_globs(tuple(patterns))
    if whole is not None and whole.match(relative.as_posix()):
        return True
    return component is not None and any(component.match(part) for part in relative.parts)


@lru_cache(maxsize=256)
def _compiled_globs(
    patterns: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One regex for the component patterns and one for the path patterns."""
    component: list[str] = []
    whole: list[str] = []
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if "/" not in pattern:
            component.append(translate(pattern))
            continue
        candidates = [pattern, pattern[3:]] if pattern.startswith("**/") else [pattern]
        whole.extend(
            translate(glob) for candidate in candidates for glob in (candidate, candidate + "/*")
        )
    return (
        re.compile("|".join(component)) if component else None,
        re.compile("|".join(whole)) if whole else None,
    )


def display_path(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def collect(
    paths: Iterable[Path],
    include: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    skip: Iterable[Path] = (),
) -> list[Path]:
    """The files to lint, each once, in a stable order: given files as they are (even when
    an exclude pattern matches), folders walked with the include and exclude patterns.

    Exclude patterns match paths relative to the folder given and to the current folder.
    Nothing in a ``skip`` folder (tonelint's cache), and no ``skip`` file, is linted,
    whatever its name or the way it is reached: a link, a path through a link, or named.
    """
    include = tuple(include) if include is not None else default_include()
    excluded = _Excluded((*DEFAULT_EXCLUDE, *exclude), Path.cwd())
    skipped = Skipped(skip)
    found: dict[Path, None] = {}
    for path in paths:
        if skipped.holds(path):
            continue
        if not path.is_dir():
            found[path] = None
            continue
        for file in _walk(path, include, excluded, skipped):
            found.setdefault(file, None)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(Path(os.path.normpath(path.absolute())), path)
    return list(unique.values())


class _Excluded:
    """Whether a path matches an exclude pattern, relative to the folder given or to the
    current folder."""

    def __init__(self, patterns: tuple[str, ...], cwd: Path) -> None:
        self._patterns = patterns
        self._cwd = cwd

    def __call__(self, path: Path, relative: PurePosixPath) -> bool:
        if path_matches(relative, self._patterns):
            return True
        try:
            absolute = Path(os.path.normpath(path.absolute()))
            from_cwd = PurePosixPath(absolute.relative_to(self._cwd).as_posix())
        except ValueError:
            return False
        return from_cwd != relative and path_matches(from_cwd, self._patterns)


def _walk(
    path: Path, include: tuple[str, ...], excluded: _Excluded, skipped: Skipped
) -> Iterator[Path]:
    """The files of a folder that the include patterns name and no exclude pattern or
    ``skipped`` holds, in a stable order."""
    for folder, folders, names in os.walk(path):
        relative_folder = PurePosixPath(Path(folder).relative_to(path).as_posix())
        folders[:] = sorted(
            name
            for name in folders
            if not excluded(Path(folder) / name, relative_folder / name)
            and not skipped.is_folder(Path(folder) / name)
        )
        for name in sorted(names):
            if (
                any(fnmatch(name, pattern) for pattern in include)
                and not excluded(Path(folder) / name, relative_folder / name)
                and not skipped.is_file(Path(folder) / name)
            ):
                yield Path(folder) / name


class Skipped:
    """Folders whose files are never linted (tonelint's cache) and single files (its own
    last report), known by device and inode, so a link or another spelling of the path is
    no way in, and folders also by resolved path."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.folders: set[tuple[int, int]] = set()
        self.files: set[tuple[int, int]] = set()
        self.resolved: list[Path] = []
        for path in paths:
            try:
                status = path.stat()
                if stat.S_ISREG(status.st_mode):
                    self.files.add((status.st_dev, status.st_ino))
                if not stat.S_ISDIR(status.st_mode):
                    continue
                self.folders.add((status.st_dev, status.st_ino))
                self.resolved.append(path.resolve())
                with os.scandir(path) as entries:
                    for entry in entries:
                        inside = entry.stat(follow_symlinks=False)
                        self.files.add((inside.st_dev, inside.st_ino))
            except OSError:
                continue  # a folder that cannot be read holds nothing to skip

    @staticmethod
    def _identity(path: Path) -> tuple[int, int] | None:
        try:
            status = path.stat()
        except OSError:
            return None
        return status.st_dev, status.st_ino

    def is_folder(self, path: Path) -> bool:
        return bool(self.folders) and self._identity(path) in self.folders

    def is_file(self, path: Path) -> bool:
        return bool(self.files) and self._identity(path) in self.files

    def holds(self, path: Path) -> bool:
        """Whether a named path is skipped: a skipped file or folder, or inside one."""
        if not self.folders and not self.files:
            return False
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return False
        return (
            any(resolved == folder or folder in resolved.parents for folder in self.resolved)
            or self.is_folder(path)
            or self.is_file(path)
        )


def decode(data: bytes, shown: str) -> tuple[str, str]:
    """Text and encoding of file content: a BOM decides; else UTF-16 or UTF-32 when the
    zero bytes say so, else UTF-8. Binary is refused. ``encode`` gives the bytes back."""
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), encoding
            except UnicodeDecodeError as exc:
                raise TonelintError(shown, f"cannot decode as {codec}: {exc.reason}") from None
    if b"\x00" in data[:8192]:
        unmarked = _unmarked(data)
        if unmarked is None:
            raise TonelintError(shown, "binary file skipped")
        return unmarked
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TonelintError(
            shown, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); file skipped", line
        ) from None


def _unmarked(data: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 text without a byte-order mark, or None for binary. Of the codecs
    the bytes are valid in, the one that reads the most ASCII wins (in the other byte order
    an ASCII character is a CJK one); text with control characters is binary."""
    best: tuple[int, str, str] | None = None
    for codec in _UNMARKED:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[:4096]
        if any(
            ((char < " " or "\x7f" <= char <= "\x9f") and char not in _TEXT_CONTROLS)
            or "\U00040000" <= char < "\U000e0000"  # planes 4 to 13: no character at all
            for char in head
        ):
            continue
        ascii_count = sum(char < "\x80" for char in head)
        if ascii_count and (best is None or ascii_count > best[0]):
            best = (ascii_count, text, codec)
    return None if best is None else (best[1], best[2])


def encode(text: str, encoding: str) -> bytes:
    """The bytes of text in an encoding ``decode`` named, with its byte-order mark if it
    had one: what was read comes back byte for byte."""
    if encoding in _MARKED:
        bom, codec = _MARKED[encoding]
        return bom + text.encode(codec)
    return text.encode(encoding)


DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024  # bytes (--max-file-size)


def read_bytes(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """A regular file's bytes, at most ``max_bytes``; a file that cannot or should not be
    read (missing, a folder, a device or pipe, a link loop, too large) is a
    ``TonelintError`` naming it."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise TonelintError(shown, "is a folder") from None
        if not stat.S_ISREG(status.st_mode):
            raise TonelintError(shown, "not a regular file (a device, pipe or socket); skipped")
        if status.st_size > max_bytes:
            raise TonelintError(shown, _too_large(status.st_size, max_bytes))
        with path.open("rb") as handle:
            # As much as the file holds, and one byte more to notice that it grew.
            data = handle.read(status.st_size + 1)
            if len(data) > status.st_size:
                data += read_at_most(handle, max_bytes - len(data))
    except FileNotFoundError:
        message = "broken symbolic link" if path.is_symlink() else "no such file"
        raise TonelintError(shown, message) from None
    except PermissionError:
        raise TonelintError(shown, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise TonelintError(shown, "symbolic link loop") from None
        raise TonelintError(shown, exc.strerror or "cannot be read") from None
    if len(data) > max_bytes:  # it grew while being read
        raise TonelintError(shown, _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"{format_size(size)} is over the size limit of {format_size(limit)}; file skipped "
        "(--max-file-size)"
    )


def format_size(size: int) -> str:
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


MAX_SIZE_LIMIT = 1024**4  # bytes: the largest --max-file-size (1024G)


def parse_size(text: str) -> int:
    """Bytes from ``16M``, ``512K``, ``1G`` (powers of 1,024) or a plain number of bytes,
    at most ``MAX_SIZE_LIMIT``."""
    match = re.fullmatch(
        r"\s*(\d{1,30})(?:\.(\d{1,30}))?\s*([kmg]?)(?:i?b)?\s*", text, re.IGNORECASE
    )
    if match is None:
        raise ValueError(f"not a size: {text[:60]!r} (use bytes, or K, M or G)")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(3).lower()]
    fraction = match.group(2) or ""
    # Exact integer arithmetic: a float would overflow or round a long number.
    scale: int = 10 ** len(fraction)
    size = int(match.group(1) + fraction) * factor // scale
    if size > MAX_SIZE_LIMIT:
        raise ValueError(f"{text.strip()} is over the largest limit, 1024G")
    return size


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``stream``, read in pieces, so that a large limit does
    not reserve memory up front and one byte past it shows the stream is over it."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


_READ_CHUNK = 1024 * 1024


def source_from_bytes(path: Path, data: bytes, shown: str) -> SourceFile:
    """Decode file content, keeping its line endings exactly."""
    text, encoding = decode(data, shown)
    return SourceFile.from_text(path, text, shown, encoding)


def read_source(
    path: Path, shown: str | None = None, max_bytes: int = DEFAULT_MAX_FILE_SIZE
) -> SourceFile:
    """Read and decode a file, keeping its line endings exactly."""
    shown = shown if shown is not None else display_path(path)
    return source_from_bytes(path, read_bytes(path, shown, max_bytes), shown)


def format_for(path: Path, override: str | None = None) -> str:
    """The format to read a file with: the override, the extension, else plain text."""
    if override is not None:
        return override
    return detect_format(path) or "text"


def write_atomic(path: Path, text: str, encoding: str) -> None:
    """Replace a file's content all at once: a kill leaves it old or new, never half."""
    data = encode(text, encoding)
    folder = path.parent
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    with _interrupts_deferred():
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tonelint", dir=folder
        )
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if mode is not None:
                Path(temporary).chmod(mode)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


# Why a fixed file is left as it is: the end of its one error line (SECURITY.md quotes each).
CHANGED = "changed while being fixed; not written (run --fix again)"
REMOVED = "removed while being fixed; not written"
READ_ONLY = "read-only (no write permission for its owner); not fixed"
NOT_WRITABLE = "permission denied (you cannot write this file); not fixed"
NO_TEMPORARY = "cannot create a file in its folder ({reason}); not fixed"


def write_fixed(path: Path, shown: str, data: bytes, expected: bytes) -> None:
    """Write a fixed file's bytes, only while it still holds ``expected`` (the bytes the fix
    was made from) and only when the user may write the file itself; else a
    ``TonelintError`` naming it, and the file is left as it is.

    A link is written through: its target is fixed and the link stays. A file with more
    than one hard link, or one whose owner a new file could not keep, is overwritten in
    place, with a copy of the old bytes beside it until the new ones are on disk. Any other
    file is replaced by an atomic rename, keeping its owner, group and permission bits.
    """
    target = Path(os.path.realpath(path))
    try:
        status = target.stat()
        if not status.st_mode & stat.S_IWUSR:
            raise TonelintError(shown, READ_ONLY)
        if not os.access(target, os.W_OK):
            raise TonelintError(shown, NOT_WRITABLE)
        if status.st_nlink > 1 or not _owner_kept(status):
            _overwrite(target, shown, data, expected)
        else:
            _replace(target, status, shown, data, expected)
    except FileNotFoundError:
        raise TonelintError(shown, REMOVED) from None
    except PermissionError:
        raise TonelintError(shown, NOT_WRITABLE) from None
    except OSError as exc:
        raise TonelintError(shown, f"cannot write: {exc.strerror or exc}; not fixed") from None


def _owner_kept(status: os.stat_result) -> bool:
    """Whether a new file can be given the owner and group of this one."""
    if not hasattr(os, "geteuid"):
        return True
    user = os.geteuid()
    if user == 0:
        return True
    return status.st_uid == user and status.st_gid in {os.getegid(), *os.getgroups()}


def _temporary(target: Path, shown: str, suffix: str) -> tuple[int, str]:
    """A new file beside the target (the same file system, so a rename is atomic)."""
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
        raise TonelintError(shown, NO_TEMPORARY.format(reason=reason)) from None


def _unchanged_since_read(target: Path, shown: str, expected: bytes) -> None:
    with target.open("rb") as handle:
        if handle.read(len(expected) + 1) != expected:
            raise TonelintError(shown, CHANGED)


def _replace(
    target: Path, status: os.stat_result, shown: str, data: bytes, expected: bytes
) -> None:
    """Write a temporary file, then rename it over the target if the target is unchanged."""
    with _interrupts_deferred():
        descriptor, temporary = _temporary(target, shown, ".tonelint")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                made = os.fstat(handle.fileno())
                if (made.st_uid, made.st_gid) != (status.st_uid, status.st_gid):
                    os.fchown(handle.fileno(), status.st_uid, status.st_gid)
                os.fsync(handle.fileno())
            Path(temporary).chmod(stat.S_IMODE(status.st_mode))
            _unchanged_since_read(target, shown, expected)  # as late as possible
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _overwrite(target: Path, shown: str, data: bytes, expected: bytes) -> None:
    """Write over the target's own bytes (its inode, links and owner stay), with a backup
    of the old bytes beside it until the new ones are on disk."""
    with _interrupts_deferred(), target.open("r+b") as handle:
        if handle.read(len(expected) + 1) != expected:
            raise TonelintError(shown, CHANGED)
        descriptor, backup = _temporary(target, shown, ".tonelint-backup")
        with os.fdopen(descriptor, "wb") as copy:
            copy.write(expected)
            copy.flush()
            os.fsync(copy.fileno())
        try:
            _write_over(handle, data)
        except OSError:
            _write_over(handle, expected)  # if this fails too, the backup is the whole copy
            Path(backup).unlink()
            raise
        Path(backup).unlink()


def _write_over(handle: BinaryIO, data: bytes) -> None:
    handle.seek(0)
    handle.write(data)
    handle.truncate()
    handle.flush()
    os.fsync(handle.fileno())


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done, then deliver them as they came.

    Without this, an interrupt landing between creating the temporary file and the ``try``
    that removes it would leave the file behind.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {
        number: signal.signal(number, lambda caught, _frame: received.append(caught))
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        for caught in received:
            signal.raise_signal(caught)
