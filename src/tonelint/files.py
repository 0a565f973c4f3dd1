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
from tonelint.formats import FORMATS, detect_format
from tonelint.models import SourceFile

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
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
    paths: Iterable[Path], include: Iterable[str] | None = None, exclude: Iterable[str] = ()
) -> list[Path]:
    """The files to lint, each once, in a stable order: given files as they are (even when
    an exclude pattern matches), folders walked with the include and exclude patterns.

    Exclude patterns match paths relative to the folder given and to the current folder.
    """
    include = tuple(include) if include is not None else default_include()
    exclude = (*DEFAULT_EXCLUDE, *exclude)
    cwd = Path.cwd()

    def excluded(path: Path, relative: PurePosixPath) -> bool:
        if path_matches(relative, exclude):
            return True
        try:
            absolute = Path(os.path.normpath(path.absolute()))
            from_cwd = PurePosixPath(absolute.relative_to(cwd).as_posix())
        except ValueError:
            return False
        return from_cwd != relative and path_matches(from_cwd, exclude)

    found: dict[Path, None] = {}
    for path in paths:
        if not path.is_dir():
            found[path] = None
            continue
        for folder, folders, names in os.walk(path):
            relative_folder = PurePosixPath(Path(folder).relative_to(path).as_posix())
            folders[:] = sorted(
                name
                for name in folders
                if not excluded(Path(folder) / name, relative_folder / name)
            )
            for name in sorted(names):
                if any(fnmatch(name, pattern) for pattern in include) and not excluded(
                    Path(folder) / name, relative_folder / name
                ):
                    found.setdefault(Path(folder) / name, None)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(Path(os.path.normpath(path.absolute())), path)
    return list(unique.values())


def decode(data: bytes, shown: str) -> tuple[str, str]:
    """Text and encoding of file content: a BOM decides, else UTF-8. Binary is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise TonelintError(shown, f"cannot decode as {encoding}: {exc.reason}") from None
    if b"\x00" in data[:8192]:
        raise TonelintError(shown, "binary file skipped")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TonelintError(
            shown, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); file skipped", line
        ) from None


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
    data = text.encode(encoding)
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
