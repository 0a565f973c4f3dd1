"""Formal and informal address in German, French, Spanish, Italian and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.models import Finding
from tonelint.styleguide import load_styleguide


def guide_file(tmp_path: Path, address: str) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text(f"extends: default\naddress: {address}\n", encoding="utf-8")
    return path


def lint(tmp_path: Path, address: str, text: str, locale: str) -> tuple[Finding, ...]:
    linter = Linter(load_styleguide(path=guide_file(tmp_path, address)))
    name = f"locales/{locale}/copy.txt"
    return linter.lint_text(text, "text", name).findings


FORMAL_BRAND_SLIPS = [
    ("de", "Vielen Dank für deine Bestellung! Du erhältst sie morgen.", ["deine", "Du"]),
    ("de", "Wir haben dir eine E-Mail geschickt.", ["dir"]),
    ("fr", "Tu peux suivre ta commande dans ton espace client.", ["Tu", "ta", "ton"]),
    ("fr", "Nous t'avons envoyé un code.", ["t'"]),
    ("es", "¿Tienes preguntas? Escríbenos y te ayudamos con tu pedido.", ["te", "tu"]),
    ("it", "Il tuo ordine è in viaggio: ti avviseremo alla consegna.", ["tuo", "ti"]),
    ("nl", "Je bestelling is onderweg. Wij sturen jou een bericht.", ["Je", "jou"]),
]

FORMAL_COPY = [
    ("de", "Vielen Dank für Ihre Bestellung. Sie erhalten sie morgen."),
    ("de", "Die Kunden sagen, sie seien zufrieden. Sie kommen gern wieder."),
    ("fr", "Vous pouvez suivre votre commande dans votre espace client."),
    ("fr", "Le témoin s'est tu. Il a tu la vérité pendant des années."),
    ("es", "¿Tiene preguntas? Escríbanos y le ayudamos con su pedido."),
    ("it", "Il Suo ordine è in viaggio: La avviseremo alla consegna."),
    ("nl", "Uw bestelling is onderweg. Wij sturen u een bericht."),
]


@pytest.mark.parametrize(("locale", "text", "flagged"), FORMAL_BRAND_SLIPS)
def test_formal_brand_flags_informal_words(
    tmp_path: Path, locale: str, text: str, flagged: list[str]
) -> None:
    findings = lint(tmp_path, "formal", text, locale)
    assert [f.matched for f in findings] == flagged
    assert all(f.rule_name == "address-form" for f in findings)
    assert "formal form of address" in findings[0].message


@pytest.mark.parametrize(("locale", "text"), FORMAL_COPY)
def test_formal_copy_passes_a_formal_brand(tmp_path: Path, locale: str, text: str) -> None:
    assert lint(tmp_path, "formal", text, locale) == ()


def test_informal_brand_flags_formal_words_but_not_ambiguous_ones(tmp_path: Path) -> None:
    text = "Danke! Haben Sie Ihre Bestellung? Die Kunden sagen, sie sind froh. Sie kommen."
    findings = lint(tmp_path, "informal", text, "de")
    # "Sie" mid-sentence and "Ihre" are formal; "sie" (they) and "Sie" opening a sentence
    # may mean "they"/"she" and are accepted (documented as approximate).
    assert [f.matched for f in findings] == ["Sie", "Ihre"]
    assert findings[0].suggestions == ()
    fr = lint(tmp_path, "informal", "Merci pour votre commande, vous la recevrez demain.", "fr")
    assert [f.matched for f in fr] == ["votre", "vous"]


def test_suggestions_name_the_other_form(tmp_path: Path) -> None:
    (finding,) = lint(tmp_path, "formal", "Wir danken dir.", "de")
    assert finding.suggestions == ("Ihnen",)


def test_english_and_unknown_languages_are_not_checked(tmp_path: Path) -> None:
    assert lint(tmp_path, "formal", "Thank you, du bist toll.", "en") == ()
    assert lint(tmp_path, "formal", "Tack, du är bäst.", "sv") == ()


def test_english_rules_do_not_run_on_other_languages(tmp_path: Path) -> None:
    # "hun" is a pet name in English; in a German catalogue the English rules stay quiet
    findings = lint(tmp_path, "formal", "Danke, hun! Yo, hast du Zeit? LAST CHANCE!!!", "de")
    assert [(f.rule_name, f.matched) for f in findings] == [("address-form", "du")]


def test_address_is_off_unless_the_guide_says(tmp_path: Path) -> None:
    linter = Linter(load_styleguide())
    assert linter.lint_text("Hast du Zeit?", "text", "locales/de/a.txt").findings == ()


def test_address_must_be_formal_informal_or_any(tmp_path: Path) -> None:
    with pytest.raises(TonelintError, match=r"g\.yaml:2: address: expected one of"):
        load_styleguide(path=guide_file(tmp_path, "polite"))
