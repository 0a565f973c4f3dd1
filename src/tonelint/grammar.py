"""Grammar checks with LanguageTool, through language-tool-python (``tonelint[grammar]``).

Where the server comes from, in order:

1. ``--languagetool-url URL`` or ``TONELINT_LANGUAGETOOL_URL``: a server the team runs,
   used through the client's ``remote_server`` mode;
2. a local LanguageTool that language-tool-python has already installed (``java`` on
   ``PATH`` and ``LanguageTool-*/languagetool-server.jar`` in its download folder,
   ``LTP_PATH`` (an empty one counts as unset) or ``~/.cache/language_tool_python``):
   tonelint starts its jar itself (``java -cp JAR org.languagetool.server.HTTPServer``)
   on a free loopback port, once, and talks to it like to a named server. The client's
   own installer is never called, so nothing is ever downloaded; a server that exits or
   does not answer within ``START_TIMEOUT`` seconds gives one notice;
3. neither: one notice on stderr that grammar checks were skipped, and why.

Templates are confidential, so text goes to the public LanguageTool API only when the user
names its URL. A failing server (dead URL, timeout, HTTP error) gives one notice and
switches grammar off for the rest of the run; with ``require`` it is an error instead.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the modules to start a server are imported only to start one
    import subprocess

from tonelint.errors import TonelintError
from tonelint.models import MASK_CHAR, Message, PlaceholderRole

ENV_URL = "TONELINT_LANGUAGETOOL_URL"
NEUTRAL_WORD = "it"  # what a value placeholder reads as
DEFAULT_TIMEOUT = 15.0
START_TIMEOUT = 60.0  # seconds a local LanguageTool may take to answer its first request
LOOPBACK = "127.0.0.1"
SERVER_CLASS = "org.languagetool.server.HTTPServer"
JAR_NAMES = ("languagetool-server.jar", "languagetool.jar")
# The variant to ask for when a message's locale names only the language.
DEFAULT_VARIANTS: Mapping[str, str] = {"en": "en-US", "de": "de-DE", "pt": "pt-PT"}
_RELEASE_DIR = re.compile(r"^LanguageTool-(\d+\.\d+|\d{8})$")
_MASKED_RUN = re.compile(f"{MASK_CHAR}+")

Notify = Callable[[str], None]


class GrammarError(TonelintError):
    """Grammar checks were required (``--require-grammar``) but cannot run; exit 2.

    A ``TonelintError``, so a server failing in the middle of a run is reported like an
    unreadable file: one line, the other files still linted, exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__("grammar", message)


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)


@dataclass(frozen=True)
class GrammarSettings:
    """How to reach LanguageTool; ``url`` wins over a local install."""

    url: str | None = None
    require: bool = False
    timeout: float = DEFAULT_TIMEOUT
    start_timeout: float = START_TIMEOUT

    @classmethod
    def from_env(
        cls,
        url: str | None = None,
        require: bool = False,
        environ: Mapping[str, str] | None = None,
    ) -> GrammarSettings:
        env = os.environ if environ is None else environ
        return cls(url=url or env.get(ENV_URL) or None, require=require)


@dataclass(frozen=True)
class GrammarMatch:
    """A LanguageTool match in message-text offsets."""

    start: int
    end: int
    rule_id: str  # LT:RULE_ID
    category: str
    message: str
    replacements: tuple[str, ...]


@dataclass(frozen=True)
class LocalInstall:
    java: str
    folder: Path
    version: str

    @property
    def jar(self) -> Path:
        return next(
            (self.folder / name for name in JAR_NAMES if (self.folder / name).is_file()),
            self.folder / JAR_NAMES[0],
        )


def download_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where language-tool-python keeps (and looks for) LanguageTool; never created here.
    An empty ``LTP_PATH`` is unset (not the current folder)."""
    env = os.environ if environ is None else environ
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    return Path(env.get("LTP_PATH") or home / ".cache" / "language_tool_python")


def find_local_install(
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> LocalInstall | str:
    """The newest installed LanguageTool and Java, or why there is none."""
    java = which("java")
    if java is None:
        return "java not found"
    folder = download_folder(environ)
    found: list[tuple[tuple[int, ...], LocalInstall]] = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _RELEASE_DIR.match(path.name)
            if match and any((path / jar).is_file() for jar in JAR_NAMES):
                version = match.group(1)
                order = tuple(int(part) for part in version.split("."))
                found.append((order, LocalInstall(java, path, version)))
    if not found:
        return f"no LanguageTool jar in {folder} (set LTP_PATH)"
    return max(found, key=lambda item: item[0])[1]


class LocalServerError(Exception):
    """A local LanguageTool did not start; the message says how it failed."""


class LocalServer:
    """A LanguageTool server tonelint started from a local install, listening on the
    loopback interface only; stopped when the run ends."""

    def __init__(self, install: LocalInstall, start_timeout: float = START_TIMEOUT) -> None:
        import subprocess
        import tempfile

        self.install = install
        self.port = _free_port()
        self.url = f"http://{LOOPBACK}:{self.port}/"
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
        command = [install.java, "-cp", str(install.jar), SERVER_CLASS, "--port", str(self.port)]
        try:
            self.process: subprocess.Popen[bytes] = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log
            )
        except OSError as exc:
            self._log.close()
            raise LocalServerError(f"cannot run {install.java}: {exc.strerror or exc}") from None
        atexit.register(self.stop)
        try:
            self._wait(start_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait(self, start_timeout: float) -> None:
        """Until the server answers; ``LocalServerError`` if it exits or takes too long."""
        import http.client
        import time
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy
        deadline = time.monotonic() + start_timeout
        while True:
            code = self.process.poll()
            if code is not None:
                raise LocalServerError(f"java exited with code {code}{self._last_words()}")
            try:
                with opener.open(f"{self.url}v2/languages", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (OSError, http.client.HTTPException):
                pass  # not listening (or not answering HTTP) yet
            if time.monotonic() >= deadline:
                raise LocalServerError(f"no answer within {start_timeout:g} s")
            time.sleep(0.1)

    def _last_words(self) -> str:
        self._log.seek(0)
        lines = self._log.read()[-4096:].decode("utf-8", "replace").strip().splitlines()
        return f": {lines[-1].strip()}" if lines else ""

    def stop(self) -> None:
        import subprocess

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        atexit.unregister(self.stop)


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def _client_class(timeout: float) -> Any:
    """language-tool-python's client with a short request timeout (imported lazily)."""
    module = importlib.import_module("language_tool_python")
    return type("TonelintLanguageTool", (module.LanguageTool,), {"_TIMEOUT": timeout})


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


class GrammarService:
    """One LanguageTool server for a run: a client per language, results cached."""

    def __init__(
        self,
        url: str,
        settings: GrammarSettings,
        notify: Notify = _stderr,
        first_client: tuple[str, Any] | None = None,
        server: LocalServer | None = None,
    ) -> None:
        self.url = url
        self.settings = settings
        self.notify = notify
        self.server = server  # the local server this service started, if any
        self.enabled = True
        self.requests = 0  # /v2/check requests sent
        self._clients: dict[str, Any] = {}
        self._unsupported: set[str] = set()
        self._cache: dict[tuple[str, str], tuple[GrammarMatch, ...]] = {}
        if first_client is not None:
            self._clients[first_client[0]] = first_client[1]

    def fail(self, reason: str) -> None:
        """Switch grammar off for the rest of the run, with one notice (or raise)."""
        if not self.enabled:
            return
        self.enabled = False
        message = f"grammar: skipped: LanguageTool at {self.url} failed ({reason})"
        if self.settings.require:
            raise GrammarError(message.replace("grammar: skipped: ", "", 1))
        self.notify(f"tonelint: {message}; grammar checks are off for the rest of this run")

    def _client(self, tag: str) -> Any:
        if tag not in self._clients:
            client_class = _client_class(self.settings.timeout)
            options: dict[str, Any] = {"language": tag, "remote_server": self.url}
            if self.server is not None:  # on this machine: no name lookup, no proxy
                import inspect

                accepted = inspect.signature(client_class.__init__).parameters
                if "host" in accepted:
                    options["host"] = LOOPBACK
                if "proxies" in accepted:
                    options["proxies"] = {"no_proxy": LOOPBACK}
            self._clients[tag] = client_class(**options)
        return self._clients[tag]

    def _tags(self, locale: str) -> Iterator[str]:
        language = locale.replace("_", "-").split("-")[0].lower()
        if "-" in locale.replace("_", "-"):
            yield locale.replace("_", "-")
        yield DEFAULT_VARIANTS.get(language, language)
        yield language

    def check(self, text: str, locale: str) -> tuple[GrammarMatch, ...]:
        """LanguageTool's matches for a text; () when grammar is off or the language unknown."""
        if not self.enabled or not text.strip():
            return ()
        key = (locale.lower(), hashlib.sha256(text.encode("utf-8")).hexdigest())
        if key in self._cache:
            return self._cache[key]
        matches: tuple[GrammarMatch, ...] = ()
        for tag in dict.fromkeys(self._tags(locale)):
            if tag in self._unsupported:
                continue
            try:
                client = self._client(tag)
            except ValueError:  # the server does not know this language
                self._unsupported.add(tag)
                continue
            except Exception as exc:  # a third-party client: any failure switches it off
                self.fail(_describe(exc))
                return ()
            try:
                self.requests += 1
                raw = client.check(text)
                matches = tuple(_convert(item) for item in raw)
            except Exception as exc:
                self.fail(_describe(exc))
                return ()
            break
        self._cache[key] = matches
        return matches

    def close(self) -> None:
        for client in self._clients.values():
            close = getattr(client, "close", None)
            if callable(close):
                with contextlib.suppress(Exception):  # closing is best effort
                    close()
        self._clients.clear()
        if self.server is not None:
            self.server.stop()


def _attr(match: Any, *names: str, default: Any = None) -> Any:
    """A match field under its language-tool-python 3.x or 2.x name."""
    for name in names:
        if hasattr(match, name):
            return getattr(match, name)
    return default


def _convert(match: Any) -> GrammarMatch:
    offset = int(_attr(match, "offset", default=0))
    length = int(_attr(match, "error_length", "errorLength", default=0))
    category = _attr(match, "category", default="")
    if isinstance(category, Mapping):
        category = category.get("id", "")
    replacements = tuple(str(value) for value in _attr(match, "replacements", default=[]))
    return GrammarMatch(
        start=offset,
        end=offset + length,
        rule_id=f"LT:{_attr(match, 'rule_id', 'ruleId', default='UNKNOWN')}",
        category=str(category),
        message=" ".join(str(_attr(match, "message", default="")).split()),
        replacements=replacements[:3],
    )


def connect(
    settings: GrammarSettings,
    notify: Notify = _stderr,
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> GrammarService | None:
    """Find a LanguageTool server; ``None`` (after one notice) when there is none.

    With ``settings.require`` a missing or failing server raises ``GrammarError``.
    """

    def skipped(reason: str) -> None:
        if settings.require:
            raise GrammarError(f"required but unavailable: {reason}")
        notify(f"tonelint: grammar: skipped: {reason}")

    try:
        importlib.import_module("language_tool_python")
    except ImportError:
        skipped("language-tool-python is not installed (pip install 'tonelint[grammar]')")
        return None
    if settings.url:
        service = GrammarService(settings.url, settings, notify)
        try:
            service._client(DEFAULT_VARIANTS["en"])
        except Exception as exc:
            skipped(f"LanguageTool at {settings.url} failed ({_describe(exc)})")
            return None
        return service
    install = find_local_install(environ, which)
    if isinstance(install, str):
        skipped(
            "no LanguageTool server (--languagetool-url or "
            f"{ENV_URL}) and no local install ({install})"
        )
        return None
    try:
        server = LocalServer(install, settings.start_timeout)
    except LocalServerError as exc:
        skipped(f"the local LanguageTool in {install.folder} did not start ({_describe(exc)})")
        return None
    service = GrammarService(server.url, settings, notify, server=server)
    try:
        service._client(DEFAULT_VARIANTS["en"])
    except Exception as exc:
        server.stop()
        skipped(f"the local LanguageTool in {install.folder} failed ({_describe(exc)})")
        return None
    return service


# ---------------------------------------------------------------- message text


@dataclass(frozen=True)
class PlainText:
    """A message as prose for LanguageTool, with a map back to message offsets."""

    text: str
    # (plain start, plain end, message start, message end, masked) per piece
    pieces: tuple[tuple[int, int, int, int, bool], ...]

    def to_message(self, start: int, end: int) -> tuple[int, int] | None:
        """Message offsets of plain ``[start, end)``; None when it touches masked text."""
        result_start: int | None = None
        result_end: int | None = None
        for p_start, p_end, m_start, _m_end, masked in self.pieces:
            if masked:
                inside = p_start < end and start < p_end if p_end > p_start else None
                if inside or (inside is None and start < p_start < end):
                    return None
                continue
            if p_start <= start < p_end:
                result_start = m_start + (start - p_start)
            if p_start < end <= p_end:
                result_end = m_start + (end - p_start)
        if result_start is None or result_end is None or result_end <= result_start:
            return None
        return result_start, result_end


def plain_text(message: Message) -> PlainText:
    """Placeholders standing for a value become a neutral word; control tags and markup
    disappear; the pieces map every plain character back to the message."""
    values = [(p.start, p.end) for p in message.placeholders if p.role is PlaceholderRole.VALUE]
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    plain = 0
    cursor = 0
    for run in _MASKED_RUN.finditer(message.masked):
        if run.start() > cursor:
            chunk = message.masked[cursor : run.start()]
            parts.append(chunk)
            pieces.append((plain, plain + len(chunk), cursor, run.start(), False))
            plain += len(chunk)
        is_value = any(start < run.end() and run.start() < end for start, end in values)
        word = NEUTRAL_WORD if is_value else ""
        parts.append(word)
        pieces.append((plain, plain + len(word), run.start(), run.end(), True))
        plain += len(word)
        cursor = run.end()
    if cursor < len(message.masked):
        chunk = message.masked[cursor:]
        parts.append(chunk)
        pieces.append((plain, plain + len(chunk), cursor, len(message.masked), False))
    return PlainText("".join(parts), tuple(pieces))
