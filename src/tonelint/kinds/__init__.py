"""Rule kinds: each turns a rule's data into a checker over messages.

A kind is one module here that defines ``KIND`` (see ``tonelint.kinds.base.Kind``);
``KINDS`` holds every such module's kind, found at import. Private modules (``_name``)
hold what kinds share. The pack schema's kinds and options are generated from ``KINDS``
(``python -m tonelint.kinds`` rewrites ``schemas/rulepack.schema.json``; a test fails
when the committed file differs).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from tonelint.kinds.base import Checker, Kind

__all__ = ["KINDS", "Checker", "Kind", "kind_modules", "rulepack_schema"]


def kind_modules() -> tuple[str, ...]:
    """The names of the modules that define a kind: every public module but ``base``."""
    return tuple(
        sorted(
            info.name
            for info in pkgutil.iter_modules(__path__)
            if not info.name.startswith("_") and info.name != "base"
        )
    )


def _discover() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for name in kind_modules():
        kind = importlib.import_module(f"{__name__}.{name}").KIND
        if not isinstance(kind, Kind) or kind.name in kinds:
            raise ImportError(f"tonelint.kinds.{name}: KIND is not a Kind of its own")
        kinds[kind.name] = kind
    return kinds


KINDS: dict[str, Kind] = _discover()


def rulepack_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The rule pack schema ``schema`` with its kinds and each kind's options from
    ``KINDS``: the enum of ``kind``, and per kind a JSON Schema ``if``/``then`` that
    editors use to complete and check ``options`` (tonelint checks them with the kind)."""
    rule = dict(schema["$defs"]["rule"])
    properties = dict(rule["properties"])
    properties["kind"] = {**properties["kind"], "enum": sorted(KINDS)}
    rule["properties"] = properties
    rule["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": name}}},
            "then": {"properties": {"options": dict(KINDS[name].options)}},
        }
        for name in sorted(KINDS)
    ]
    return {**schema, "$defs": {**schema["$defs"], "rule": rule}}
