"""A local LanguageTool: tonelint starts its jar itself, once, on a loopback port, and never
lets language-tool-python download one. A stand-in ``java`` (tests/languagetool_fake.py)
runs as a real process: it serves recorded answers, fails on an empty jar as Java does,
or never answers. Every name lookup and every connection off this machine is refused."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from languagetool_fake import fake_install, fake_java
from tonelint.grammar import ENV_URL, GrammarError, GrammarSettings, connect

pytest.importorskip("language_tool_python")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in java is sh")

LOOPBACK = ("127.0.0.1", "localhost")


class OffMachineError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Name lookups other than a loopback address, and connections off this machine,
    raise and are recorded (the test then fails)."""
    attempts: list[str] = []
    getaddrinfo = socket.getaddrinfo
    connect_to = socket.socket.connect

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "127.0.0.1":
            attempts.append(f"getaddrinfo {host}")
            raise OffMachineError(f"name lookup: {host}")
        return getaddrinfo(host, *args, **kwargs)

    def refuse(name: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> None:
            attempts.append(f"{name} {args}")
            raise OffMachineError(name)

        return blocked

    def connect(self: socket.socket, address: Any) -> Any:
        if not (isinstance(address, tuple) and address[0] == "127.0.0.1"):
            attempts.append(f"connect {address}")
            raise OffMachineError(f"connect {address}")
        return connect_to(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.delenv(ENV_URL, raising=False)
    yield attempts
    assert attempts == []


def _setup(tmp_path: Path, jar: bytes) -> tuple[dict[str, str], Path]:
    """HOME holding an installed LanguageTool with ``jar``, an empty LTP_PATH, and a current
    folder that holds another (working) one, which an empty LTP_PATH must not reach."""
    home = tmp_path / "home"
    fake_install(home / ".cache" / "language_tool_python", jar)
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake_java(bin_folder)
    here = tmp_path / "here"
    fake_install(here, b"a working jar", version="9.9")
    return {"LTP_PATH": "", "HOME": str(home)}, bin_folder


def _starts(bin_folder: Path) -> list[list[str]]:
    log = bin_folder / "starts"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [line.split() for line in lines]


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def _connect(environ: dict[str, str], bin_folder: Path, notices: list[str], **settings: Any) -> Any:
    return connect(
        GrammarSettings(**settings), notices.append, environ, lambda _: str(bin_folder / "java")
    )


def test_a_local_languagetool_is_started_once_on_loopback_and_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ, bin_folder = _setup(tmp_path, b"a working jar")
    monkeypatch.chdir(tmp_path / "here")
    monkeypatch.setenv("HTTP_PROXY", "http://198.51.100.1:3128")  # never used for loopback
    notices: list[str] = []
    service = _connect(environ, bin_folder, notices)
    assert service is not None and notices == [], notices
    try:
        assert service.url.startswith("http://127.0.0.1:")
        matches = service.check("We have recieved your payment.", "en")
        assert any(match.rule_id == "LT:MORFOLOGIK_RULE_EN_US" for match in matches)
    finally:
        service.close()
    ((pid, *command),) = _starts(bin_folder)
    jar = tmp_path / "home" / ".cache" / "language_tool_python" / "LanguageTool-6.4"
    assert command[:3] == ["-cp", str(jar / "languagetool-server.jar"), SERVER]
    assert command[3] == "--port" and service.url.endswith(f":{command[4]}/")
    assert not _running(int(pid))


SERVER = "org.languagetool.server.HTTPServer"


@pytest.mark.parametrize(
    ("jar", "reason"),
    [(b"", "java exited with code 1: Error: Invalid or corrupt jarfile"), (b"hang", "no answer")],
)
def test_a_broken_local_languagetool_gives_one_notice_after_one_start(
    jar: bytes, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ, bin_folder = _setup(tmp_path, jar)
    monkeypatch.chdir(tmp_path / "here")
    before = _files(tmp_path)
    notices: list[str] = []
    assert _connect(environ, bin_folder, notices, start_timeout=1.0) is None
    folder = tmp_path / "home" / ".cache" / "language_tool_python" / "LanguageTool-6.4"
    assert len(notices) == 1
    assert notices[0].startswith(
        f"tonelint: grammar: skipped: the local LanguageTool in {folder} did not start ({reason}"
    )
    ((pid, *_),) = _starts(bin_folder)  # one start, no other port tried
    assert not _running(int(pid))
    assert [path for path in _files(tmp_path) if path.name != "starts"] == before  # no download

    with pytest.raises(GrammarError, match="required but unavailable: the local LanguageTool"):
        _connect(environ, bin_folder, [], require=True, start_timeout=1.0)
    assert len(_starts(bin_folder)) == 2


def test_the_command_line_with_a_broken_local_languagetool(tmp_path: Path) -> None:
    environ, bin_folder = _setup(tmp_path, b"")
    copy = tmp_path / "here" / "a.txt"
    copy.write_text("Thank you for your order.\n", encoding="utf-8")
    env = {**os.environ, **environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    env.pop(ENV_URL, None)
    for option, code in (("--grammar", 0), ("--require-grammar", 2)):
        result = subprocess.run(
            [sys.executable, "-m", "tonelint", "check", "a.txt", option],
            cwd=tmp_path / "here",
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == code, result.stderr
        (line,) = result.stderr.splitlines()
        assert "the local LanguageTool in " in line and "Invalid or corrupt jarfile" in line
    assert len(_starts(bin_folder)) == 2  # once per run


@pytest.mark.skipif(shutil.which("java") is None, reason="no java on PATH")
def test_real_java_with_an_empty_jar_gives_one_notice(tmp_path: Path) -> None:
    folder = fake_install(tmp_path / "lt", b"")
    notices: list[str] = []
    environ = {"LTP_PATH": str(folder)}
    assert connect(GrammarSettings(start_timeout=120), notices.append, environ) is None
    assert len(notices) == 1 and "did not start (java exited with code " in notices[0]
