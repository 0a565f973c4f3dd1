"""Rule kinds: each turns a rule's data into a checker over messages.

Adding a kind is adding a module with a ``KIND`` and listing it here.
"""

from __future__ import annotations

from tonelint.kinds import (
    address,
    address_form,
    channel_limits,
    density,
    existence,
    formality,
    grammar,
    readability,
    substitution,
    suppression,
)
from tonelint.kinds.base import Checker, Kind

__all__ = ["KINDS", "Checker", "Kind"]

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (
        existence,
        substitution,
        address,
        address_form,
        density,
        readability,
        grammar,
        formality,
        suppression,
    )
}
KINDS.update((kind.name, kind) for kind in (channel_limits.SMS_KIND, channel_limits.LENGTH_KIND))
