"""A LanguageTool server on 127.0.0.1 that answers with recorded response bodies.

It answers ``GET /v2/languages`` and ``POST /v2/check`` (``language`` and ``text`` form
fields) from ``tests/data/languagetool``; text without a recording gets LanguageTool's
answer for clean text (no matches). It counts requests, can be told to sleep before
answering (timeouts) and stops itself after ``lifetime`` seconds at the latest.
"""

from __future__ import annotations

import json
import threading
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
    delay: float = 0.0, status: int = 200, lifetime: float = 60.0
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

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
