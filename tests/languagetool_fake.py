"""A LanguageTool server on 127.0.0.1 that answers with recorded response bodies.

It answers ``GET /v2/languages`` and ``POST /v2/check`` (``language`` and ``text`` form
fields) from ``tests/data/languagetool``; text without a recording gets LanguageTool's
answer for clean text (no matches). It counts requests, can be told to sleep before
answering (timeouts) and stops itself after ``lifetime`` seconds at the latest.

Run as a program it stands in for ``java -cp JAR org.languagetool.server.HTTPServer
--port PORT`` (see ``fake_java``): an empty jar fails as Java does, a jar holding
``hang`` never answers, any other serves the recordings on the port until stopped.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "languagetool"


def recordings() -> dict[tuple[str, str], dict[str, Any]]:
    """(language, text) → the recorded /v2/check response body."""
    recorded = {}
    for path in sorted(DATA.glob("check-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "request" in data:
            request = data["request"]
            recorded[(request["language"], request["text"])] = data["response"]
    return recorded


@dataclass
class FakeLanguageTool:
    url: str = ""
    delay: float = 0.0  # seconds to sleep before answering /v2/check
    status: int = 200  # HTTP status of /v2/check answers
    checks: list[tuple[str, str]] = field(default_factory=list)  # (language, text) received
    paths: list[str] = field(default_factory=list)  # every request path

    def answer(self, path: str, form: dict[str, str]) -> tuple[int, bytes]:
        self.paths.append(path)
        if path.startswith("/v2/languages"):
            return 200, (DATA / "languages.json").read_bytes()
        if path.startswith("/v2/check"):
            language, text = form.get("language", ""), form.get("text", "")
            self.checks.append((language, text))
            if self.status != 200:
                return self.status, b"Error: Internal Server Error"
            body = recordings().get((language, text))
            if body is None:
                body = json.loads((DATA / "check-empty.json").read_text(encoding="utf-8"))
            return 200, json.dumps(body, ensure_ascii=False).encode("utf-8")
        return 404, b"Error: unknown path"


@contextmanager
def fake_languagetool(
    delay: float = 0.0, status: int = 200, lifetime: float = 60.0, port: int = 0
) -> Iterator[FakeLanguageTool]:
    fake = FakeLanguageTool(delay=delay, status=status)
    stopping = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, form: dict[str, str]) -> None:
            if self.path.startswith("/v2/check") and fake.delay:
                stopping.wait(fake.delay)
            status, body = fake.answer(self.path, form)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeout)

        def do_GET(self) -> None:
            query = urllib.parse.urlsplit(self.path).query
            self._reply(dict(urllib.parse.parse_qsl(query)))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            self._reply(dict(urllib.parse.parse_qsl(raw, keep_blank_values=True)))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.timeout = 0.2
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    timer = threading.Timer(lifetime, stopping.set)
    timer.daemon = True
    timer.start()

    def serve() -> None:
        while not stopping.is_set():
            server.handle_request()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        stopping.set()
        timer.cancel()
        thread.join(timeout=5)
        server.server_close()


def fake_java(folder: Path) -> Path:
    """A ``java`` in ``folder`` that runs this file instead of LanguageTool, and notes
    each start (process id and arguments) in ``folder/starts``."""
    java = folder / "java"
    log = folder / "starts"
    java.write_text(
        f'#!/bin/sh\necho "$$ $*" >> "{log}"\nexec "{sys.executable}" "{__file__}" "$@"\n',
        encoding="utf-8",
    )
    java.chmod(0o755)
    return java


def fake_install(folder: Path, jar: bytes, version: str = "6.4") -> Path:
    """A language-tool-python download folder holding one LanguageTool with this jar."""
    release = folder / f"LanguageTool-{version}"
    release.mkdir(parents=True)
    (release / "languagetool-server.jar").write_bytes(jar)
    return folder


def _main(arguments: list[str]) -> int:
    jar = Path(arguments[arguments.index("-cp") + 1])
    port = int(arguments[arguments.index("--port") + 1])
    content = jar.read_bytes()
    if not content:
        print(f"Error: Invalid or corrupt jarfile {jar}", file=sys.stderr)
        return 1
    if content == b"hang":
        time.sleep(600)
        return 0
    with fake_languagetool(lifetime=120, port=port):
        time.sleep(120)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
