"""Without a LanguageTool URL, tonelint sends nothing anywhere: its main paths run with every
network call failing loudly."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonelint.cli import app

ROOT = Path(__file__).resolve().parents[1]
cli = CliRunner()


class NetworkUsedError(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way to reach another host raises, and is recorded."""
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[1:2]}")
            raise NetworkUsedError(f"network call: {name}")

        return blocked

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    for name in ("getaddrinfo", "gethostbyname", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    monkeypatch.delenv("TONELINT_LANGUAGETOOL_URL", raising=False)
    return attempts


def _run(*args: str) -> int:
    result = cli.invoke(app, list(args))
    assert not isinstance(result.exception, NetworkUsedError), result.exception
    assert "Traceback" not in result.output
    return result.exit_code


def test_the_main_paths_never_touch_the_network(
    no_network: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(NetworkUsedError):  # the fixture does block
        socket.create_connection(("198.51.100.1", 80), timeout=1)
    no_network.clear()
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "examples" / "en.json").write_text(
        json.dumps({"promo": "Hey bestie!!! 🔥🔥🔥🔥 We miss you"}), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    for output_format in ("text", "json", "sarif", "github", "junit", "rdjson"):
        assert _run("check", "examples", "--format", output_format) == 1
    for guide in ("default", "strict", "friendly"):
        assert _run("check", "examples", "-s", guide, "--jobs", "2") == 1
    assert _run("check", "examples", "--cache") == 1
    assert _run("check", "examples", "--cache") == 1
    assert _run("check", "examples", "--write-baseline", "baseline.json") == 0
    assert _run("check", "examples", "--baseline", "baseline.json") == 0
    assert _run("check", "examples", "--diff", "--unsafe-fixes") == 1
    assert _run("check", "examples", "--fix") in (0, 1)
    assert _run("score", "examples", "--format", "json") == 0
    assert _run("rules", "--all") == 0
    assert _run("explain", "pet-name") == 0
    assert _run("--version") == 0
    assert no_network == []


def test_grammar_without_a_url_reaches_no_other_host(
    no_network: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no local LanguageTool to start
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "a.txt").write_text("Your order has shipped.\n", encoding="utf-8")
    result = cli.invoke(app, ["check", "a.txt", "--grammar"])
    assert result.exit_code == 0, result.output
    assert "grammar: skipped" in result.stderr
    assert no_network == []
