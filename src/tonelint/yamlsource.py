"""Safe YAML loading that remembers the line of every key, for one-line error messages."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import TonelintError

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """Plain Python data and the 1-based line where each key path was written."""

    path: str
    data: Any
    lines: dict[KeyPath, int]

    def line_of(self, key_path: KeyPath) -> int | None:
        """The line of ``key_path``, or of its nearest written parent."""
        for length in range(len(key_path), -1, -1):
            line = self.lines.get(key_path[:length])
            if line is not None:
                return line
        return None

    def error(self, key_path: KeyPath, message: str) -> TonelintError:
        return TonelintError(self.path, message, self.line_of(key_path), format_key(key_path))


def format_key(key_path: KeyPath) -> str | None:
    if not key_path:
        return None
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(text: str, path: str) -> YamlDocument:
    """Parse one YAML document safely (no object construction), rejecting duplicate keys."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise TonelintError(path, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise TonelintError(path, f"invalid YAML: {exc}") from None
    lines: dict[KeyPath, int] = {}
    if node is None:
        return YamlDocument(path, None, lines)
    constructor = yaml.SafeLoader("")
    lines[()] = node.start_mark.line + 1
    data = _build(node, (), lines, constructor, path)
    return YamlDocument(path, data, lines)


_SAFE_COLLECTION_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:seq",
}


def _build(
    node: yaml.Node,
    key_path: KeyPath,
    lines: dict[KeyPath, int],
    constructor: yaml.SafeLoader,
    path: str,
) -> Any:
    if isinstance(node, yaml.CollectionNode) and node.tag not in _SAFE_COLLECTION_TAGS:
        raise TonelintError(
            path, f"unsupported YAML tag {node.tag!r}", node.start_mark.line + 1, format_key(key_path)
        )
    if isinstance(node, yaml.MappingNode):
        constructor.flatten_mapping(node)  # resolves << merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, key_path, lines, constructor, path)
            if not isinstance(key, Hashable) or isinstance(key, (list, dict)):
                raise TonelintError(path, "a mapping key must be a scalar", key_node.start_mark.line + 1)
            child = (*key_path, str(key))
            if key in result:
                raise TonelintError(
                    path, "duplicate key", key_node.start_mark.line + 1, format_key(child)
                )
            lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, lines, constructor, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            child = (*key_path, index)
            lines[child] = item_node.start_mark.line + 1
            items.append(_build(item_node, child, lines, constructor, path))
        return items
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        problem = (exc.problem or "invalid value").replace("tag:yaml.org,2002:", "!!")
        raise TonelintError(
            path, f"invalid value: {problem}", node.start_mark.line + 1, format_key(key_path)
        ) from None
