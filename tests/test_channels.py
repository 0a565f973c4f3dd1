"""Channel limits: SMS encoding, length and segments, and the sms-segments and length kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonelint.channels import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    filled_text,
    is_gsm7,
    placeholder_name,
    sms_encoding,
    sms_length,
    sms_segments,
    ucs2_culprits,
)
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.models import Finding, SourceFile
from tonelint.readers.base import Extraction, make_message
from tonelint.settings import RunSettings
from tonelint.styleguide import load_styleguide

runner = CliRunner()


# ---------------------------------------------------------------- alphabet and counts


def test_gsm_alphabet_is_exactly_the_03_38_tables() -> None:
    assert len(GSM7_BASIC) == 127  # 128 positions, one of which is the escape
    assert frozenset("\f^{}\\[~]|€") == GSM7_EXTENSION
    assert not GSM7_BASIC & GSM7_EXTENSION
    for char in "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r":
        assert char in GSM7_BASIC
    for char in "ç`ÀáíóúâêîôûãõÈÊ\t’—…\u00a0":
        assert not is_gsm7(char), char


@pytest.mark.parametrize(
    ("length", "segments"),
    [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_segments(length: int, segments: int) -> None:
    text = ("Hello world. " * 40)[:length]
    assert sms_encoding(text) == "GSM-7" if text else True
    assert sms_length(text) == length
    assert sms_segments(text) == segments


@pytest.mark.parametrize(
    ("length", "segments"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_ucs2_segments(length: int, segments: int) -> None:
    text = "’" + "a" * (length - 1)
    assert sms_encoding(text) == "UCS-2"
    assert sms_length(text) == length
    assert sms_segments(text) == segments


@pytest.mark.parametrize("char", list("€[]{}~^\\|"))
def test_extension_characters_count_twice(char: str) -> None:
    assert sms_encoding(char * 80) == "GSM-7"
    assert sms_length(char * 80) == 160
    assert sms_segments(char * 80) == 1
    assert sms_segments(char * 81) == 2
    assert sms_length("a" * 159 + char) == 161
    assert sms_segments("a" * 159 + char) == 2


@pytest.mark.parametrize("char", ["🎉", "’", "“", "–", "—", "…", "\u00a0", "ç", "я"])
def test_one_character_switches_to_ucs2(char: str) -> None:
    text = "a" * 100
    assert sms_segments(text) == 1
    assert sms_encoding(text + char) == "UCS-2"
    assert sms_segments(text + char) == 2


def test_ucs2_counts_utf16_code_units() -> None:
    assert sms_length("🎉") == 2  # outside the BMP: a surrogate pair
    assert sms_length("’") == 1
    assert sms_segments("🎉" * 35) == 1
    assert sms_segments("🎉" * 36) == 2
    assert sms_length("€" + "’") == 2  # in UCS-2 an extension character is one unit


def test_culprits_and_their_replacements() -> None:
    culprits = ucs2_culprits("Hi ‘Sam’ — it’s here… 🎉👍🏽\u00a0ok, Zoë? привет")
    found = {c.text: c.replacement for c in culprits}
    assert found["‘"] == found["’"] == "'"
    assert found["—"] == "-"
    assert found["…"] == "..."
    assert found["\u00a0"] == " "
    assert found["🎉"] == "" and found["👍🏽"] == ""  # an emoji with its modifier is one
    assert found["ë"] is None and found["п"] is None  # spelling is never "fixed"
    assert [c.offsets for c in culprits if c.text == "’"] == [(7, 13)]
    assert ucs2_culprits("Plain GSM text with € and [brackets].") == ()


# ---------------------------------------------------------------- placeholders


@pytest.mark.parametrize(
    ("placeholder", "name"),
    [
        ("{{ first_name }}", "first_name"),
        ("{{first_name}}", "first_name"),
        ("%{name}", "name"),
        ("{name}", "name"),
        ("${x}", "x"),
        ("%(name)s", "name"),
        ("((name))", "name"),
        ("{ $count }", "count"),
        ("{{ .Name }}", "Name"),
        ("<%= user.name %>", "user.name"),
        ("{{ user.first_name | capitalize }}", "user.first_name"),
    ],
)
def test_placeholder_names(placeholder: str, name: str) -> None:
    assert placeholder_name(placeholder) == name


def _message(text: str, key: str | None = None) -> tuple[SourceFile, Extraction]:
    source = SourceFile.from_text(Path("copy.txt"), text, "copy.txt")
    return source, Extraction((make_message(source, 0, len(text), key=key),))


def test_filled_text_uses_configured_lengths() -> None:
    _, extraction = _message("Hi {{ first_name }}{% if vip %} VIP{% endif %}, code %{code}.")
    message = extraction.messages[0]
    filled = filled_text(message, {"first_name": 20}, 6)
    assert filled == "Hi " + "x" * 20 + " VIP, code " + "x" * 6 + "."
    assert is_gsm7(filled)
    assert filled_text(message, {"user.first_name": 3}, 1).startswith("Hi x ")


# ---------------------------------------------------------------- the rules


def lint(
    text: str,
    channel: str | None,
    guide_text: str | None = None,
    key: str | None = None,
    tmp_path: Path | None = None,
) -> tuple[Finding, ...]:
    if guide_text is None:
        guide = load_styleguide(name="default")
    else:
        assert tmp_path is not None
        (tmp_path / "guide.yaml").write_text(guide_text, encoding="utf-8")
        guide = load_styleguide(tmp_path / "guide.yaml")
    source, extraction = _message(text, key)
    findings = Linter(guide, RunSettings(channel=channel)).lint_source(source, extraction)
    return tuple(f for f in findings if f.rule_id.startswith("TL80"))


LONG_GSM = "Your order 48213 has shipped and is on its way. " * 4  # 192 characters


def test_sms_segments_rule() -> None:
    (finding,) = lint(LONG_GSM.strip(), "sms")
    assert finding.rule_name == "sms-segments"
    assert finding.message == "2 SMS segments (max 1): 191 characters in GSM-7."
    assert (finding.start, finding.end) == (0, 191)
    assert lint("Your order has shipped.", "sms") == ()


def test_sms_unicode_rule_names_the_characters_and_suggests() -> None:
    findings = lint("Your table’s ready 🎉 See you soon.", "sms")
    (finding,) = findings
    assert finding.rule_name == "sms-unicode"
    assert finding.message == (
        "’ and 🎉 force UCS-2 (70 characters per SMS segment instead of 160)."
    )
    assert finding.matched == "’"
    assert finding.suggestions == ("’ → '", "remove 🎉")
    assert "’" not in "".join(f.matched for f in lint("Your table's ready.", "sms"))


def test_ucs2_pushes_a_message_over_one_segment() -> None:
    text = "Your appointment is confirmed for Monday at 10:30 – see you then. Reply ‘C’ to cancel."
    names = {f.rule_name: f for f in lint(text, "sms")}
    assert names["sms-segments"].message == "2 SMS segments (max 1): 86 characters in UCS-2."
    assert "– → -" in names["sms-segments"].suggestions
    assert names["sms-unicode"].message.startswith("– and ‘’ force UCS-2")
    assert lint(text.replace("–", "-").replace("‘", "'").replace("’", "'"), "sms") == ()


def test_non_latin_script_is_not_flagged_as_avoidable_unicode() -> None:
    assert lint("Ваш заказ отправлен.", "sms") == ()


def test_placeholder_lengths_from_the_style_guide_change_the_count(tmp_path: Path) -> None:
    text = "Hello {{ first_name }}, " + "your order has shipped and is on its way. " * 3
    assert len(text) < 160
    assert lint(text, "sms") == ()  # first_name counts 10
    guide = (
        "extends: default\n"
        "rules:\n"
        "  sms-segments:\n"
        "    options: {placeholder-lengths: {first_name: 40}}\n"
    )
    (finding,) = lint(text, "sms", guide, tmp_path=tmp_path)
    assert finding.message.endswith("characters in GSM-7 after filling placeholders.")
    assert finding.message.startswith("2 SMS segments (max 1): 174 ")
    more = guide.replace("first_name: 40}", "first_name: 40}, max-segments: 2")
    assert lint(text, "sms", more, tmp_path=tmp_path) == ()


def test_no_channel_findings_on_other_channels() -> None:
    text = LONG_GSM + "Reply ‘STOP’ 🎉"
    assert {f.rule_name for f in lint(text, "sms")} == {"sms-segments", "sms-unicode"}
    for channel in (None, "email", "chat", "push"):
        assert [f.rule_name for f in lint(text, channel) if "sms" in f.rule_name] == []


TITLE = "Your order has shipped and is on its way to you right now"  # 57 characters
BODY = "It should arrive on Thursday between 9am and 1pm. " * 4  # 200 characters


def test_push_title_and_body_of_a_plain_text_message() -> None:
    findings = lint(f"{TITLE}\n{BODY.strip()}", "push")
    messages = {f.rule_name: f.message for f in findings}
    assert messages == {
        "push-title-length": "The push title is 57 characters (max 50); it will be cut off.",
        "push-body-length": (
            "The push body is 199 characters (max 150); the lock screen cuts it off."
        ),
    }
    title = next(f for f in findings if f.rule_name == "push-title-length")
    assert title.matched == TITLE
    assert lint("Your order has shipped\nTrack it in the app.", "push") == ()
    # a single line without a key is a body
    assert [f.rule_name for f in lint(TITLE, "push")] == []


def test_push_title_and_body_by_key() -> None:
    assert [f.rule_name for f in lint(TITLE, "push", key="orders.shipped.title")] == [
        "push-title-length"
    ]
    assert [f.rule_name for f in lint(BODY, "push", key="orders.shipped.body")] == [
        "push-body-length"
    ]
    assert lint(TITLE, "sms", key="orders.shipped.title") == ()
    assert lint(TITLE, "email", key="orders.shipped.title") == ()


def test_cli_channel_option(tmp_path: Path) -> None:
    path = tmp_path / "reminder.txt"
    path.write_text("Your appointment is on Monday – reply “C” to cancel.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--channel", "sms", "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    text = json.dumps(data, ensure_ascii=False)
    assert "TL802" in text and "force UCS-2" in text
    plain = runner.invoke(app, ["check", str(path), "--channel", "email", "--format", "json"])
    assert plain.exit_code == 0, plain.output
    assert "TL802" not in plain.output
