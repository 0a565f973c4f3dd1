"""Grammar with LanguageTool: the real language-tool-python client against a server on
127.0.0.1 that answers with recorded LanguageTool responses (tests/data/languagetool)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from typer.testing import CliRunner

from languagetool_fake import FakeLanguageTool, fake_languagetool
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.grammar import (
    ENV_URL,
    GrammarError,
    GrammarSettings,
    LocalInstall,
    connect,
    find_local_install,
)
from tonelint.models import Finding
from tonelint.settings import RunSettings
from tonelint.styleguide import load_styleguide, with_grammar

pytest.importorskip("language_tool_python")

runner = CliRunner()
NO_SERVER = (
    "tonelint: grammar: skipped: no LanguageTool server (--languagetool-url or "
    "TONELINT_LANGUAGETOOL_URL) and no local install (java not found)"
)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every HTTP request the client makes, with a check that none leaves 127.0.0.1."""
    urls: list[str] = []
    original = requests.sessions.Session.request

    def request(self: requests.Session, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        urls.append(url)
        assert url.startswith("http://127.0.0.1:"), f"request to {url}"
        return original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.sessions.Session, "request", request)
    monkeypatch.delenv(ENV_URL, raising=False)
    yield urls
    assert all("languagetool.org" not in url for url in urls)


@pytest.fixture
def fake() -> Iterator[FakeLanguageTool]:
    with fake_languagetool(lifetime=60) as server:
        yield server


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def lint(
    url: str, text: str, source_format: str = "text", notices: list[str] | None = None
) -> tuple[Finding, ...]:
    linter = grammar_linter(url, notices)
    return linter.lint_text(text, source_format, "copy.txt").findings


def grammar_linter(url: str, notices: list[str] | None = None, timeout: float = 5) -> Linter:
    settings = RunSettings(grammar=GrammarSettings(url=url, timeout=timeout))
    linter = Linter(with_grammar(load_styleguide()), settings)
    if notices is not None:  # connect with a notice collector instead of stderr
        linter._grammar_connected = True
        linter._grammar_service = connect(settings.grammar or GrammarSettings(), notices.append)
    return linter


def grammar_findings(findings: tuple[Finding, ...]) -> list[Finding]:
    return [finding for finding in findings if finding.rule_id == "TL603"]


def test_grammar_is_off_by_default(fake: FakeLanguageTool) -> None:
    guide = load_styleguide()
    assert not guide.grammar
    assert "TL603" not in {rule.id for rule in guide.rules}
    Linter(guide, RunSettings(grammar=GrammarSettings(url=fake.url))).lint_text(
        "We have recieved it."
    )
    assert fake.paths == []


def test_matches_become_findings_at_their_place_in_the_file(fake: FakeLanguageTool) -> None:
    text = "# Receipt\n\nThank you.\n\nWe have recieved your payment.\n"
    findings = grammar_findings(lint(fake.url, text))
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.line, finding.column, finding.end_column) == (5, 9, 17)
    assert finding.matched == "recieved"
    assert text[finding.start : finding.end] == "recieved"
    assert finding.message == ("Possible spelling mistake found. (LT:MORFOLOGIK_RULE_EN_US, TYPOS)")
    assert finding.suggestions == ("received", "relieved", "perceived")  # the first three
    assert finding.category == "grammar"
    assert ("en-US", "We have recieved your payment.") in fake.checks


def test_each_message_goes_in_its_own_language(fake: FakeLanguageTool) -> None:
    guide = with_grammar(load_styleguide())
    linter = Linter(guide, RunSettings(grammar=GrammarSettings(url=fake.url)))
    report = linter.lint_text("Wir senden Ihre Bestellung morgen morgen ab.\n", name="de/mail.txt")
    (finding,) = grammar_findings(report.findings)
    assert finding.matched == "morgen morgen"
    assert "LT:GERMAN_WORD_REPEAT_RULE" in finding.message
    assert fake.checks == [("de-DE", "Wir senden Ihre Bestellung morgen morgen ab.")]


def test_matches_overlapping_placeholders_are_dropped(fake: FakeLanguageTool) -> None:
    text = "Hi {{ name }}! Your {{ item }} have shipped, and your recieved items are in the app."
    findings = grammar_findings(lint(fake.url, text, "template"))
    # The recording flags "it have" (IT_VBZ) over the masked {{ item }}: dropped.
    assert [finding.matched for finding in findings] == ["recieved"]
    sent = fake.checks[-1][1]
    assert sent == "Hi it! Your it have shipped, and your recieved items are in the app."
    assert "{{" not in sent


def test_results_are_cached_per_language_and_text(fake: FakeLanguageTool) -> None:
    text = "Thank you for for your order.\n\nThank you for for your order.\n"
    findings = grammar_findings(lint(fake.url, text))
    assert [finding.line for finding in findings] == [1, 3]
    assert len(fake.checks) == 1
    assert fake.paths.count("/v2/languages") == 1


def test_no_java_gives_one_notice() -> None:
    notices: list[str] = []
    service = connect(GrammarSettings(), notices.append, environ={}, which=lambda _: None)
    assert service is None
    assert notices == [NO_SERVER]


def test_no_jar_gives_one_notice(tmp_path: Path) -> None:
    notices: list[str] = []
    environ = {"LTP_PATH": str(tmp_path)}
    service = connect(GrammarSettings(), notices.append, environ, lambda _: "/usr/bin/java")
    assert service is None
    assert notices == [
        "tonelint: grammar: skipped: no LanguageTool server (--languagetool-url or "
        f"TONELINT_LANGUAGETOOL_URL) and no local install (no LanguageTool jar in {tmp_path} "
        "(set LTP_PATH))"
    ]
    assert list(tmp_path.iterdir()) == []  # nothing was downloaded


def test_an_installed_jar_is_found_without_downloading(tmp_path: Path) -> None:
    for version in ("6.3", "6.4"):
        folder = tmp_path / f"LanguageTool-{version}"
        folder.mkdir()
        (folder / "languagetool-server.jar").write_bytes(b"")
    (tmp_path / "LanguageTool-7.0").mkdir()  # no jar: an interrupted download
    found = find_local_install({"LTP_PATH": str(tmp_path)}, lambda _: "/opt/java/bin/java")
    assert found == LocalInstall("/opt/java/bin/java", tmp_path / "LanguageTool-6.4", "6.4")


def test_no_server_at_all_is_an_error_when_required() -> None:
    with pytest.raises(GrammarError, match="required but unavailable: no LanguageTool server"):
        connect(GrammarSettings(require=True), environ={}, which=lambda _: None)


def test_dead_url_gives_one_notice(loopback_only: list[str]) -> None:
    notices: list[str] = []
    url = closed_port_url()
    text = "We have recieved your payment.\n\nThank you for for your order."
    findings = lint(url, text, notices=notices)
    assert grammar_findings(findings) == []
    assert len(notices) == 1
    assert notices[0].startswith(f"tonelint: grammar: skipped: LanguageTool at {url} failed (")
    assert loopback_only and all(u.startswith(url) for u in loopback_only)


def test_server_error_mid_run_switches_grammar_off() -> None:
    notices: list[str] = []
    with fake_languagetool(status=500) as failing:
        text = "We have recieved your payment.\n\nThank you for for your order."
        findings = lint(failing.url, text, notices=notices)
        assert grammar_findings(findings) == []
        assert len(failing.checks) == 1  # the second message is not sent
    assert len(notices) == 1
    assert "grammar checks are off for the rest of this run" in notices[0]


def test_timeout_gives_one_notice() -> None:
    notices: list[str] = []
    with fake_languagetool(delay=3) as slow:
        linter = grammar_linter(slow.url, notices, timeout=0.3)
        started = time.monotonic()
        findings = linter.lint_text("We have recieved your payment.\n\nThanks for for it.").findings
        elapsed = time.monotonic() - started
    assert grammar_findings(findings) == []
    assert len(notices) == 1
    assert "failed (" in notices[0] and "off for the rest of this run" in notices[0]
    assert elapsed < 2.5  # the client gave up (at most two tries of 0.3 s)


def test_cli_grammar_option(fake: FakeLanguageTool, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text("We have recieved your payment.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["check", str(copy), "--grammar", "--languagetool-url", fake.url, "-q"]
    )
    assert result.exit_code == 1, result.output
    assert "TL603" in result.stdout and "LT:MORFOLOGIK_RULE_EN_US" in result.stdout
    assert result.stderr == ""


def test_cli_grammar_from_the_environment_and_the_guide(
    fake: FakeLanguageTool, tmp_path: Path
) -> None:
    (tmp_path / "guide.yaml").write_text("extends: default\ngrammar: true\n", encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text("Your parcel will arrive in a hour.\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["check", str(copy), "-s", str(tmp_path / "guide.yaml"), "-q"],
        env={ENV_URL: fake.url},
    )
    assert result.exit_code == 1, result.output
    assert "LT:EN_A_VS_AN" in result.stdout


def test_cli_without_a_server_skips_with_one_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no java
    copy = tmp_path / "copy.txt"
    copy.write_text("Thank you for your order.\n\nWe have recieved it.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(copy), "--grammar"])
    assert result.exit_code == 0, result.output
    assert result.stderr == NO_SERVER + "\n"


def test_cli_require_grammar_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    copy = tmp_path / "copy.txt"
    copy.write_text("Thank you for your order.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(copy), "--require-grammar"])
    assert result.exit_code == 2
    assert result.stderr.startswith("tonelint: error: grammar: required but unavailable: ")
    dead = runner.invoke(
        app, ["check", str(copy), "--require-grammar", "--languagetool-url", closed_port_url()]
    )
    assert dead.exit_code == 2
    assert "Traceback" not in dead.output


def test_cli_require_grammar_fails_mid_run_with_exit_2(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text("Thank you for your order.\n", encoding="utf-8")
    with fake_languagetool(status=500) as failing:
        result = runner.invoke(
            app, ["check", str(copy), "--require-grammar", "--languagetool-url", failing.url]
        )
    assert result.exit_code == 2
    assert result.stderr.startswith("tonelint: error: grammar: LanguageTool at ")


@pytest.mark.skipif(
    not os.environ.get(ENV_URL),
    reason=f"no real LanguageTool server: set {ENV_URL} to run this test against one",
)
def test_against_a_real_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # a real server may live on another host
    url = os.environ[ENV_URL]
    guide = with_grammar(load_styleguide())
    linter = Linter(guide, RunSettings(grammar=GrammarSettings(url=url, require=True, timeout=30)))
    findings = grammar_findings(linter.lint_text("We have recieved your payment.").findings)
    assert any(finding.matched == "recieved" for finding in findings)
    assert any("received" in finding.suggestions for finding in findings)
