"""Contexts and channels: how messages get them, and how overrides change the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.models import Finding, SourceFile
from tonelint.readers.base import Extraction, make_message
from tonelint.settings import RunSettings
from tonelint.styleguide import load_styleguide

runner = CliRunner()


def lint(
    text: str,
    guide: str = "default",
    path: str = "copy.txt",
    key: str | None = None,
    **scope: str,
) -> tuple[Finding, ...]:
    linter = Linter(load_styleguide(name=guide), RunSettings(**scope))
    source = SourceFile.from_text(Path(path), text, path)
    return linter.lint_source(source, Extraction((make_message(source, 0, len(text), key=key),)))


def names(findings: tuple[Finding, ...]) -> list[str]:
    return [finding.rule_name for finding in findings]


def test_serious_subjects_are_detected_from_the_text() -> None:
    findings = lint("Oops! Your payment failed 😅 Please update your card.")
    assert {f.context for f in findings} == {"billing"}
    assert "casual-in-serious-context" in names(findings)
    assert "emoji-flood" in names(findings)  # none allowed in billing
    assert "exclamation-count" in names(findings)  # none allowed in billing


def test_the_same_copy_outside_a_serious_context_is_tolerated() -> None:
    findings = lint("Oops! We forgot the playlist 😅 Here it is.")
    assert all(f.context is None for f in findings)
    assert names(findings) == []


@pytest.mark.parametrize(
    ("key", "path", "context"),
    [
        ("en.mailer.payment_failed.subject", "copy.txt", "billing"),
        ("en.devise.passwords.reset", "copy.txt", "security"),
        (None, "emails/security/alert.txt", "security"),
        (None, "campaigns/summer.txt", "marketing"),
        ("en.marketing.summer", "copy.txt", "marketing"),
    ],
)
def test_keys_and_paths_map_to_contexts(key: str | None, path: str, context: str) -> None:
    findings = lint("Great news 🎉🎉🎉🎉", path=path, key=key)
    assert findings, "four emoji are flagged in every context of the default guide"
    assert {f.context for f in findings} == {context}


def test_marketing_allows_more_colour_but_never_guilt_or_surveillance() -> None:
    colourful = "Our summer sale is here! Sun hats and sandals! 🌞🎉🏖"
    assert names(lint(colourful, context="marketing")) == []
    assert "emoji-flood" in names(lint(colourful))
    guilt = "No thanks, I don't like saving money."
    assert names(lint(guilt, context="marketing")) == ["guilt-trip"]
    creepy = "We saw you looking at the red dress."
    assert names(lint(creepy, context="marketing")) == ["creepy-personalisation"]


def test_front_matter_sets_context_and_channel() -> None:
    text = "---\ncontext: security\nchannel: sms\n---\nWhoops, a new sign-in!\n"
    linter = Linter(load_styleguide())
    report = linter.lint_text(text, "markdown", "alert.md")
    assert {(f.context, f.channel) for f in report.findings} == {("security", "sms")}
    assert "casual-in-serious-context" in names(report.findings)


def test_command_line_context_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Yikes, that didn't work.\n", encoding="utf-8")
    plain = runner.invoke(app, ["check", "a.txt", "-f", "json"])
    assert plain.exit_code == 0
    assert json.loads(plain.stdout)["findings"] == []
    serious = runner.invoke(app, ["check", "a.txt", "-f", "json", "--context", "incident"])
    assert serious.exit_code == 1
    (finding,) = json.loads(serious.stdout)["findings"]
    assert finding["rule_name"] == "casual-in-serious-context"
    assert finding["context"] == "incident"
    assert finding["severity"] == "error"


def test_channel_overrides_apply(tmp_path: Path) -> None:
    guide = tmp_path / "g.yaml"
    guide.write_text(
        "extends: default\n"
        "channels:\n  - {channel: sms, paths: ['**/sms/**']}\n"
        "overrides:\n  - channels: [sms]\n    rules:\n      emoji-flood: {options: {max: 0}}\n",
        encoding="utf-8",
    )
    linter = Linter(load_styleguide(path=guide))
    sms = SourceFile.from_text(Path("sms/a.txt"), "Thanks 🙂", "sms/a.txt")
    email = SourceFile.from_text(Path("email/a.txt"), "Thanks 🙂", "email/a.txt")
    found = linter.lint_file(sms, "text").findings
    assert [f.channel for f in found if f.rule_name == "emoji-flood"] == ["sms"]
    assert linter.lint_file(email, "text").findings == ()


def test_child_contexts_are_tried_before_the_parents(tmp_path: Path) -> None:
    guide = tmp_path / "g.yaml"
    guide.write_text(
        "extends: default\ncontexts:\n  - {context: support, phrases: [refund]}\n",
        encoding="utf-8",
    )
    findings = lint_with(guide, "Your refund is on its way 🎉🎉")
    assert {f.context for f in findings} == {"support"}


def lint_with(guide: Path, text: str) -> tuple[Finding, ...]:
    return Linter(load_styleguide(path=guide)).lint_text(text).findings


@pytest.mark.parametrize(
    ("body", "line", "key", "fragment"),
    [
        (
            "overrides:\n  - rules: {TL101: {severity: error}}\n",
            3,
            "overrides[0]",
            "needs contexts or channels",
        ),
        (
            "overrides:\n  - contexts: [x]\n    disable: [nope]\n",
            4,
            "overrides[0].disable[0]",
            "unknown rule, category or pack 'nope'",
        ),
        (
            "overrides:\n  - contexts: [x]\n    rules:\n      TL403: {options: {max: -2}}\n",
            5,
            "overrides[0].rules.TL403.options.max",
            "must be at least 0",
        ),
        ("contexts:\n  - {keys: ['*a*']}\n", 3, "contexts[0]", "missing required key 'context'"),
    ],
)
def test_scope_errors_name_file_line_and_key(
    tmp_path: Path, body: str, line: int, key: str, fragment: str
) -> None:
    guide = tmp_path / "g.yaml"
    guide.write_text("extends: default\n" + body, encoding="utf-8")
    with pytest.raises(TonelintError) as info:
        load_styleguide(path=guide)
    error = info.value.error
    assert (error.line, error.key) == (line, key)
    assert fragment in error.message
    assert "\n" not in str(info.value)


def test_strict_treats_every_message_as_serious_and_friendly_allows_hey() -> None:
    assert "casual-in-serious-context" in names(lint("Oops, wrong link.", guide="strict"))
    assert names(lint("Hey Sam, your order shipped 🙂", guide="friendly")) == []
    assert names(lint("Hey Sam, your order shipped 🙂", guide="default")) == ["hey-greeting"]
    assert "pet-name" in names(lint("Thanks, hun!", guide="friendly"))
