"""Technical strings and professional copy must not trip the overfamiliarity rules."""

from __future__ import annotations

import pytest

from tonelint.engine import Linter
from tonelint.styleguide import builtin_guides, load_styleguide

TECHNICAL = [
    "%u items were deleted.",
    "Your profile is at /u/%{user}.",
    "Free shipping for U.S. customers.",
    "Ticket UR-123 was closed.",
    "The Yo-yo Club meets on Fridays.",
    "Heyday Coffee opens at 8; they close at 6.",
    "Use %1$S or %2$S to open the inspector.",
    "Error opening file for writing: \\r\\n\\r\\n$0\\r\\nClick Retry.",
    "U&se $BrandShortName as my default web browser",
    "App %(app_label)r not found",
    "{ $count -> [one] One tab *[other] { $count } tabs } will close",
    '{ DATETIME($date, month: "long") } · { NUMBER($n) } results',
    "Set up SPF, DKIM and PTR records for MIME messages.",
    "Date format: YYYY-MM-DD",
    "Reply STOP to opt out, HELP for help.",
    "Enter the PIN sent by SMS, or read the FAQ.",
    "TOTAL ITEMS",
    "U",
    "Syncing is off.",
]

MARKDOWN_CODE = "Type `:smile:` or `:tada:` to add an emoji, or see `yo --help`.\n"

PROFESSIONAL = [
    "Hello {{ first_name }}, your order {{ order.number }} has shipped.",
    "Your payment did not go through. Please update your card to keep your subscription.",
    "We noticed a sign-in from a new device. If this was not you, reset your password.",
    "Thanks for your order! You can track it from your account at any time.",
    "Your appointment is on %{date} at %{time}. Reply C to cancel.",
    "The sale ends on Sunday at midnight. Prices are shown in USD.",
    "Are you sure you want to unsubscribe? You can rejoin at any time.",
    "No thanks",
    "Refer a friend and you both get 10% off your next order.",
    "Kind regards, the Northwind team",
]


@pytest.mark.parametrize("guide", builtin_guides())
@pytest.mark.parametrize("text", TECHNICAL)
def test_technical_strings_are_not_flagged(guide: str, text: str) -> None:
    report = Linter(load_styleguide(name=guide)).lint_text(text)
    assert report.findings == (), [(f.rule_name, f.matched) for f in report.findings]


def test_emoji_shortcodes_and_commands_in_code_are_not_flagged() -> None:
    report = Linter(load_styleguide(name="strict")).lint_text(MARKDOWN_CODE, "markdown", "a.md")
    assert report.findings == ()


@pytest.mark.parametrize("text", PROFESSIONAL)
def test_professional_copy_passes_the_default_guide(text: str) -> None:
    report = Linter(load_styleguide()).lint_text(text)
    assert report.findings == (), [(f.rule_name, f.matched) for f in report.findings]
