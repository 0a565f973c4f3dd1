"""Expected rule sets for tests, read from the built-in YAML files independently of tonelint,
so tests need no editing whenever the built-in packs gain or renumber a rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

STYLEGUIDES = Path(__file__).resolve().parents[1] / "styleguides"

_DEFAULT = yaml.safe_load((STYLEGUIDES / "default.yaml").read_text("utf-8"))
_PACKS: list[dict[str, Any]] = [
    yaml.safe_load((STYLEGUIDES / "packs" / f"{name}.yaml").read_text("utf-8"))
    for name in _DEFAULT["packs"]
]
_RULES = [(pack["pack"], rule) for pack in _PACKS for rule in pack["rules"]]
_OVERFAMILIAR = yaml.safe_load((STYLEGUIDES / "packs" / "overfamiliar.yaml").read_text("utf-8"))

OVERFAMILIAR_IDS = {rule["id"] for rule in _OVERFAMILIAR["rules"]}
ALL_IDS = {rule["id"] for _, rule in _RULES}
EXCESS_IDS = {rule["id"] for _, rule in _RULES if rule.get("category") == "excess"}
CHANNEL_IDS = {rule["id"] for pack, rule in _RULES if pack == "channels"}  # sms and push only
RULE_ID = {rule["name"]: rule["id"] for _, rule in _RULES}


def _named(reference: str) -> set[str]:
    """The built-in rules that a reference names: an id, a name, a category or a pack."""
    wanted = reference.strip().lower()
    return {
        rule["id"]
        for pack, rule in _RULES
        if wanted in (rule["id"].lower(), rule["name"], rule.get("category", rule["name"]), pack)
    }


def _default_ids() -> set[str]:
    """The rules the built-in default guide switches on: enable, then disable, then rules."""
    assert "extends" not in _DEFAULT
    enabled = set(ALL_IDS)
    for reference in _DEFAULT.get("enable", []):
        enabled |= _named(reference)
    for reference in _DEFAULT.get("disable", []):
        enabled -= _named(reference)
    for reference, rule_settings in (_DEFAULT.get("rules") or {}).items():
        rule_id = RULE_ID.get(reference, reference.upper())
        if rule_settings.get("enabled") is True:
            enabled.add(rule_id)
        elif rule_settings.get("enabled") is False:
            enabled.discard(rule_id)
    return enabled


DEFAULT_IDS = _default_ids()
