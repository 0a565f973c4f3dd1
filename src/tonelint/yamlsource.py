"""Safe YAML loading that remembers the line of every key, for one-line error messages."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml

from tonelint.errors import TonelintError

KeyPath = tuple[str | int, ...]
# A bound on values after alias expansion, so a "billion laughs" file cannot hang us.
MAX_NODES = 1_000_000
# libyaml composes about ten times faster; only line numbers are taken from its marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


EXCERPT_LENGTH = 60  # characters of a value an error message quotes at most


def excerpt(value: object) -> str:
    """``value`` quoted for an error message: at most ``EXCERPT_LENGTH`` characters, with
    line breaks and other control characters escaped, so the message stays one short line
    and does not echo a file that was never meant to be a guide."""
    text = value if isinstance(value, str) else str(value)
    shown = repr(text[:EXCERPT_LENGTH])
    if len(text) > EXCERPT_LENGTH:
        shown += f"… ({len(text):,} characters)"
    return shown


def format_key(key_path: KeyPath) -> str | None:
    if not key_path:
        return None
    text = ""
    for part in key_path:
        if isinstance(part, str) and not part.isprintable():
            part = repr(part)[1:-1]  # keep the message on one line
        if isinstance(part, str) and len(part) > EXCERPT_LENGTH:
            part = part[:EXCERPT_LENGTH] + "…"
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(text: str, path: str) -> YamlDocument:
    """Parse one YAML document safely (no object construction), rejecting duplicate keys."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise TonelintError(path, f"invalid YAML: {problem}", line) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = text.count("\n", 0, exc.position) + 1
        message = f"invalid YAML: unacceptable character #x{code:04x}: {exc.reason}"
        raise TonelintError(path, message, line) from None
    except yaml.YAMLError as exc:
        raise TonelintError(path, f"invalid YAML: {' '.join(str(exc).split())}") from None
    lines: dict[KeyPath, int] = {}
    if node is None:
        return YamlDocument(path, None, lines)
    constructor = yaml.SafeLoader("")
    lines[()] = node.start_mark.line + 1
    try:
        data = _build(node, (), lines, constructor, path, _written_keys(node), [MAX_NODES])
    except RecursionError:
        raise TonelintError(
            path, "invalid YAML: nested too deeply, or an alias refers to a node containing it"
        ) from None
    return YamlDocument(path, data, lines)


def _written_keys(root: yaml.Node) -> dict[int, frozenset[int]]:
    """For each mapping node, the key nodes written in it (not those pulled in by ``<<``)."""
    written: dict[int, frozenset[int]] = {}
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            written[id(node)] = frozenset(id(key) for key, _ in node.value if key.tag != _MERGE_TAG)
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return written


_MERGE_TAG = "tag:yaml.org,2002:merge"
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
    written_keys: dict[int, frozenset[int]],
    budget: list[int],
) -> Any:
    _admit(node, key_path, path, budget)
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, key_path, lines, constructor, path, written_keys, budget)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            child = (*key_path, index)
            lines[child] = item_node.start_mark.line + 1
            items.append(_build(item_node, child, lines, constructor, path, written_keys, budget))
        return items
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        problem = (exc.problem or "invalid value").replace("tag:yaml.org,2002:", "!!")
        raise TonelintError(
            path, f"invalid value: {problem}", node.start_mark.line + 1, format_key(key_path)
        ) from None


def _admit(node: yaml.Node, key_path: KeyPath, path: str, budget: list[int]) -> None:
    """Count the node against the budget and refuse collections with unsafe tags."""
    budget[0] -= 1
    if budget[0] < 0:
        raise TonelintError(
            path,
            f"more than {MAX_NODES} values once aliases are expanded; refusing to load it",
            node.start_mark.line + 1,
        )
    if isinstance(node, yaml.CollectionNode) and node.tag not in _SAFE_COLLECTION_TAGS:
        raise TonelintError(
            path,
            f"unsupported YAML tag {node.tag!r}",
            node.start_mark.line + 1,
            format_key(key_path),
        )


def _build_mapping(
    node: yaml.MappingNode,
    key_path: KeyPath,
    lines: dict[KeyPath, int],
    constructor: yaml.SafeLoader,
    path: str,
    written_keys: dict[int, frozenset[int]],
    budget: list[int],
) -> dict[Any, Any]:
    # Keys written in this mapping must be unique; keys pulled in by << may be overridden.
    own = written_keys.get(id(node), frozenset())
    constructor.flatten_mapping(node)  # resolves << merge keys (merged pairs come first)
    result: dict[Any, Any] = {}
    written: set[Any] = set()
    for key_node, value_node in node.value:
        key = _build(key_node, key_path, lines, constructor, path, written_keys, budget)
        if isinstance(key, (list, dict)) or not isinstance(key, Hashable):
            raise TonelintError(
                path, "a mapping key must be a scalar", key_node.start_mark.line + 1
            )
        child = (*key_path, str(key))
        if id(key_node) in own:
            if key in written:
                raise TonelintError(
                    path, "duplicate key", key_node.start_mark.line + 1, format_key(child)
                )
            written.add(key)
        lines[child] = key_node.start_mark.line + 1
        result[key] = _build(value_node, child, lines, constructor, path, written_keys, budget)
    return result
