"""The formality model, the formality rule kind and the ``tonelint score`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.formality import FEATURES, FormalityScore, model, score
from tonelint.models import RuleSpec, Severity
from tonelint.settings import RunSettings
from tonelint.styleguide import StyleGuide

INFORMAL = [
    "hey u gonna love this lol!!!",
    "omg ur order is on its way 😍😍",
    "yo we got ur payment, thx a lot!!",
    "dont forget, it's gonna be awesome...",
]
FORMAL = [
    "Your order has been dispatched and should arrive on Tuesday.",
    "We have updated our privacy policy. The changes take effect on 1 May.",
    "Thank you for your payment. A receipt has been sent to your email address.",
    "Please contact our support team if you require further assistance.",
]


def test_weights_load_with_expected_keys() -> None:
    weights = model()
    assert {"version", "scale", "intercept", "features", "lexicon", "held_out"} <= set(weights)
    assert set(weights["features"]) == set(FEATURES)
    for spec in weights["features"].values():
        assert {"weight", "center"} <= set(spec)
    assert weights["lexicon"]
    assert {"pooled", "answers", "email"} <= set(weights["held_out"])


def test_score_api() -> None:
    result = score("Thank you for your order.")
    assert isinstance(result, FormalityScore)
    assert 0.0 <= result.value <= 100.0
    amounts = [amount for _, amount in result.contributions]
    assert amounts == sorted(amounts)
    assert score("").value >= 0.0


@pytest.mark.parametrize("informal", INFORMAL)
@pytest.mark.parametrize("formal", FORMAL)
def test_informal_scores_below_formal(informal: str, formal: str) -> None:
    assert score(informal).value < score(formal).value


def test_contributions_name_features() -> None:
    result = score("it's gonna be great!!! can't wait 😍")
    labels = result.informal_features(6)
    assert "contractions" in labels
    assert any("'gonna'" in label for label in labels)
    assert "3 exclamation marks" in labels or "repeated punctuation" in labels


def _rule(**options: object) -> RuleSpec:
    return RuleSpec(
        id="TL602",
        name="informal-tone",
        kind="formality",
        severity=Severity.SUGGESTION,
        message="Reads as informal (formality {value} < {min}): {features}.",
        why="test",
        pack="test",
        category="formality",
        options={"min": 40, "min-words": 3, "features": 3, **options},
    )


def _lint(text: str, rule: RuleSpec) -> list[str]:
    guide = StyleGuide(name="t", source="t", rules=(rule,), available=(rule,), locale="en")
    return [finding.message for finding in Linter(guide).lint_text(text).findings]


def test_kind_finding_names_features() -> None:
    messages = _lint("Hey {{ name }}, it's gonna be great!!! Don't miss it 😍", _rule())
    assert len(messages) == 1
    assert messages[0].startswith("Reads as informal (formality ")
    assert "< 40): " in messages[0]
    assert "contractions" in messages[0] or "'gonna'" in messages[0]


def test_kind_passes_formal_text_and_respects_options() -> None:
    assert _lint(FORMAL[0], _rule()) == []
    assert _lint(INFORMAL[0], _rule(min=0)) == []
    assert _lint("lol ok", _rule()) == []  # fewer than min-words


def test_default_guide_keeps_informal_tone_off() -> None:
    from tonelint.config import resolve_styleguide

    guide = resolve_styleguide("default")
    assert guide.find("informal-tone") is not None
    assert all(rule.name != "informal-tone" for rule in guide.rules)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "copy.txt"
    path.write_text(f"{INFORMAL[0]}\n\n{FORMAL[0]}\n", encoding="utf-8")
    return path


def test_score_command_text(copy: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(copy)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["file", "key/line", "formality", "grade", "sms"]
    assert len(lines) == 3
    assert lines[1].split()[1] == "1" and lines[2].split()[1] == "3"


def test_score_command_json(copy: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(copy), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["line"] for row in rows] == [1, 3]
    assert rows[0]["formality"] < rows[1]["formality"]
    for row in rows:
        assert {"path", "key", "formality", "readability_grade", "sms_segments"} <= set(row)
        assert row["sms_segments"] is None or row["sms_segments"] >= 1


def test_score_command_missing_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


def test_style_guide_override_turns_informal_tone_on(tmp_path: Path) -> None:
    (tmp_path / "guide.yaml").write_text(
        "extends: default\noverrides:\n  - channels: [sms]\n    rules:\n"
        "      informal-tone: {enabled: true, options: {min: 40}}\n",
        encoding="utf-8",
    )
    from tonelint.config import resolve_styleguide

    guide = resolve_styleguide(str(tmp_path / "guide.yaml"))
    text = "hey it's gonna be great!!! dont miss it"
    sms = Linter(guide, RunSettings(channel="sms")).lint_text(text).findings
    assert [f.rule_name for f in sms if f.category == "formality"] == ["informal-tone"]
    plain = Linter(guide).lint_text(text).findings
    assert all(f.rule_name != "informal-tone" for f in plain)
