"""Strict validation of YAML data against the JSON Schemas that ship with tonelint.

The same schema files are offered to editors (completion and checking); this module
implements the subset of JSON Schema they use, with one-line messages.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

from tonelint.yamlsource import KeyPath, YamlDocument, excerpt

Schema = dict[str, Any]

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


@cache
def load_schema(name: str) -> Schema:
    """A schema file from the package (``styleguide`` or ``rulepack``)."""
    text = resources.files("tonelint.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: Schema = json.loads(text)
    return schema


def _is_type(value: Any, type_name: str) -> bool:
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name == "array":
        return isinstance(value, list)
    if type_name == "object":
        return isinstance(value, dict)
    return value is None


def _describe(value: Any) -> str:
    if isinstance(value, bool):  # shown as YAML writes it, since `off` or `no` may be meant
        return f"{str(value).lower()} (YAML reads on, off, yes and no as true or false)"
    for type_name in ("integer", "number", "string", "array", "object"):
        if _is_type(value, type_name):
            shown = f" {excerpt(value)}" if type_name == "string" else ""
            if type_name in ("integer", "number"):
                shown = f" {excerpt(value)[1:-1]}"
            return f"{_TYPE_NAMES[type_name]}{shown}"
    if isinstance(value, datetime.datetime):  # YAML reads 2001-12-14t21:59:43Z as one
        return f"a timestamp ({value.isoformat()}; quote it to mean text)"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()}; quote it to mean text)"
    if isinstance(value, (bytes, bytearray)):
        return f"binary data ({len(value)} bytes, from !!binary)"
    if value is None:
        return "null"
    return f"a YAML {type(value).__name__}"


class _InvalidError(Exception):
    def __init__(self, key_path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.key_path = key_path
        self.message = message


def _resolve(schema: Schema, root: Schema) -> Schema:
    while "$ref" in schema:
        reference = schema["$ref"]
        assert reference.startswith("#/$defs/"), reference
        schema = root["$defs"][reference.removeprefix("#/$defs/")]
    return schema


def _check(value: Any, schema: Schema, root: Schema, key_path: KeyPath) -> None:
    schema = _resolve(schema, root)
    if "oneOf" in schema:
        options = [_resolve(option, root) for option in schema["oneOf"]]
        matching = [o for o in options if _type_matches(value, o)]
        if not matching:
            expected = " or ".join(_expected(o) for o in options)
            raise _InvalidError(key_path, f"expected {expected}, got {_describe(value)}")
        _check(value, matching[0], root, key_path)
        return
    if not _type_matches(value, schema):
        raise _InvalidError(key_path, f"expected {_expected(schema)}, got {_describe(value)}")
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(str(choice) for choice in schema["enum"])
        raise _InvalidError(key_path, f"expected one of {choices}; got {excerpt(value)}")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        raise _InvalidError(key_path, "must not be empty")
    if isinstance(value, str) and "pattern" in schema and not _matches(schema["pattern"], value):
        wanted = schema.get("patternMessage", f"a match of {schema['pattern']}")
        raise _InvalidError(key_path, f"must be {wanted}; got {excerpt(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _InvalidError(key_path, f"must be a finite number, got {value}")
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            raise _InvalidError(key_path, f"must be at least {schema['minimum']}, got {value}")
        if "maximum" in schema and value > schema["maximum"]:
            raise _InvalidError(key_path, f"must be at most {schema['maximum']}, got {value}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            raise _InvalidError(key_path, f"needs at least {schema['minItems']} item(s)")
        if "items" in schema:
            for index, item in enumerate(value):
                _check(item, schema["items"], root, (*key_path, index))
    if isinstance(value, dict):
        _check_object(value, schema, root, key_path)


def _matches(pattern: str, value: str) -> bool:
    """JSON Schema's ``pattern``: its ``$`` (ECMA) does not match before a final newline,
    as Python's does, so it is read as ``\\Z``."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + "\\Z"
    return re.search(pattern, value) is not None


def _check_object(value: dict[Any, Any], schema: Schema, root: Schema, key_path: KeyPath) -> None:
    properties: dict[str, Schema] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        child = (*key_path, str(name))
        if not isinstance(name, str):
            raise _InvalidError(child, f"keys must be strings, got {_describe(name)}")
        if name in properties:
            _check(item, properties[name], root, child)
        elif extra is False:
            known = ", ".join(sorted(properties))
            raise _InvalidError(child, f"unknown key (expected one of: {known})")
        elif isinstance(extra, dict):
            _check(item, extra, root, child)
    for name in schema.get("required", []):
        if name not in value:
            raise _InvalidError(key_path, f"missing required key '{name}'")


def _type_matches(value: Any, schema: Schema) -> bool:
    declared = schema.get("type")
    if declared is None:
        return True
    names = declared if isinstance(declared, list) else [declared]
    return any(_is_type(value, name) for name in names)


def _expected(schema: Schema) -> str:
    declared = schema.get("type", "any value")
    names: list[str] = declared if isinstance(declared, list) else [declared]
    return " or ".join(_TYPE_NAMES.get(name, name) for name in names)


def validate(document: YamlDocument, schema: Schema, key_path: KeyPath = ()) -> None:
    """Raise a one-line ``TonelintError`` for the first place the data breaks the schema."""
    value: Any = document.data
    for part in key_path:
        value = value[part]
    try:
        _check(value, schema, schema, key_path)
    except _InvalidError as invalid:
        raise document.error(invalid.key_path, invalid.message) from None
