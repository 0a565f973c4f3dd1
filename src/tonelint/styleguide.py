"""Load and strictly validate style guides and rule packs into rule specs.

A style guide ``extends`` another (a built-in name or a path), adds packs, turns rules,
categories or packs on and off, overrides severity, message and options per rule, and
adds the brand's own banned phrases and preferred terms.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tonelint.errors import TonelintError
from tonelint.kinds import KINDS
from tonelint.matching.linear_regex import MAX_PATTERNS, compile_linear
from tonelint.matching.regex_safety import backtracking_risk
from tonelint.models import Applicability, Example, RuleSpec, Severity
from tonelint.schema import load_schema, validate
from tonelint.scopes import Override, ScopeRule
from tonelint.yamlsource import KeyPath, YamlDocument, excerpt, load_yaml

BRAND_BANNED_ID = "TL900"
BRAND_PREFERRED_ID = "TL901"
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MAX_GUIDE_SIZE = 1024 * 1024  # bytes: the largest style guide or pack file read
MAX_EXTENDS_DEPTH = 32  # the longest chain of guides extending one another


@dataclass(frozen=True)
class IgnoreRule:
    """An ``ignore:`` entry: drop findings of some rules (every rule when ``rules`` is empty)
    in messages whose key matches a glob of ``keys`` and whose file matches one of ``paths``
    (each selector that is given must match)."""

    rules: frozenset[str] = frozenset()  # rule ids
    keys: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    source: str = field(default="", compare=False)  # file:line of the entry


@dataclass(frozen=True)
class StyleGuide:
    """A resolved style guide: the enabled rules with every override applied."""

    name: str
    source: str
    rules: tuple[RuleSpec, ...]
    available: tuple[RuleSpec, ...]
    fail_on: Severity | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()
    fingerprint: str = field(default="", compare=False)
    contexts: tuple[ScopeRule, ...] = ()
    channels: tuple[ScopeRule, ...] = ()
    overrides: tuple[Override, ...] = ()
    locale: str = "en"  # the locale of messages whose file does not say
    format_options: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    ignore: tuple[IgnoreRule, ...] = ()  # findings to drop, for files without comments
    grammar: bool = False  # LanguageTool checks on (`grammar: true` or --grammar)

    def rules_for(self, context: str | None, channel: str | None) -> tuple[RuleSpec, ...]:
        """The enabled rules, with the overrides for this context and channel applied."""
        matching = [o for o in self.overrides if o.applies(context, channel)]
        if not matching:
            return self.rules
        rules = list(self.available)
        enabled = {rule.id: rule in self.rules for rule in rules}
        for override in matching:
            _apply_settings(rules, enabled, override.settings, _unexpected)
        return tuple(rule for rule in rules if enabled[rule.id])

    def find(self, reference: str) -> RuleSpec | None:
        """A rule of this guide (enabled or not) by id or name, case-insensitively."""
        wanted = reference.strip().lower()
        for rule in self.available:
            if wanted in (rule.id.lower(), rule.name):
                return rule
        return None


def builtin_dir() -> Path:
    """Where the built-in guides live: package data when installed, else the checkout."""
    packaged = Path(str(resources.files("tonelint"))) / "styleguides"
    try:
        if packaged.is_dir():
            return packaged
    except OSError as exc:  # is_dir() raises for a folder that cannot be searched
        raise TonelintError(
            str(packaged), f"cannot read the built-in style guides ({exc.strerror or exc})"
        ) from None
    return Path(__file__).resolve().parents[2] / "styleguides"


def builtin_guides() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in builtin_dir().glob("*.yaml")))


# The pack of the rules about tonelint: directives (TL001, TL002): always on, in no guide,
# read by tonelint.directives; a guide cannot name it.
ALWAYS_ON_PACK = "tonelint"


def builtin_packs() -> tuple[str, ...]:
    """The names of the built-in packs a guide may list."""
    paths = (builtin_dir() / "packs").glob("*.yaml")
    return tuple(sorted(path.stem for path in paths if path.stem != ALWAYS_ON_PACK))


def read_guide_file(path: Path, shown: str) -> str:
    """A guide, pack or pyproject.toml: a regular file of at most ``MAX_GUIDE_SIZE`` bytes,
    read without blocking on a pipe and never past that size (``/dev/zero`` is refused)."""
    try:
        # Non-blocking, so opening a FIFO returns at once; it is then refused unread.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            mode = os.fstat(descriptor).st_mode
            if stat.S_ISDIR(mode):
                raise TonelintError(shown, "is a folder, not a file")
            if not stat.S_ISREG(mode):
                raise TonelintError(shown, "not a regular file (a device, pipe or socket)")
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_GUIDE_SIZE:
                chunk = os.read(descriptor, MAX_GUIDE_SIZE + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(descriptor)
        if size > MAX_GUIDE_SIZE:
            raise TonelintError(
                shown, f"larger than {MAX_GUIDE_SIZE // 1024} KiB, the limit for a style guide"
            )
        return b"".join(chunks).decode("utf-8-sig")
    except FileNotFoundError:
        raise TonelintError(shown, "file not found") from None
    except IsADirectoryError:
        raise TonelintError(shown, "is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise TonelintError(shown, f"not valid UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise TonelintError(shown, exc.strerror or "cannot be read") from None


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _is_path(reference: str) -> bool:
    return "/" in reference or "\\" in reference or reference.endswith((".yaml", ".yml"))


def _locate(reference: str, base: Path, builtin_folder: Path, root: Path | None) -> Path | None:
    """The file ``reference`` names: a path from ``base``, or a built-in by name (None when
    there is none). With a ``root`` (a discovered guide), a path must stay inside it."""
    if "\0" in reference:
        raise _ExtendsError(reference, f"{excerpt(reference)} holds a NUL character")
    if _is_path(reference):
        if root is not None:
            _check_inside(reference, base, root)
        path = (base / reference).resolve()
        try:
            path.exists()  # False when missing; an error for a name too long, say
        except OSError as exc:
            message = exc.strerror or "cannot be read"
            raise _ExtendsError(reference, f"{excerpt(reference)}: {message}") from None
        return path
    if not _NAME.match(reference):
        return None
    if builtin_folder.name == "packs" and reference == ALWAYS_ON_PACK:
        return None
    candidate = builtin_folder / f"{reference}.yaml"
    return candidate if candidate.is_file() else None


def _check_inside(reference: str, base: Path, root: Path) -> None:
    """Refuse a reference of a discovered (untrusted) guide that leaves its project."""
    rule = (
        f"a discovered style guide may only name built-in guides and packs or files inside "
        f"its project folder {root.as_posix()} (use --styleguide to allow it)"
    )
    if Path(reference).is_absolute() or reference.startswith(("~", "\\")):
        raise _ExtendsError(reference, f"{excerpt(reference)} is an absolute path; {rule}")
    if not (base / reference).resolve().is_relative_to(root.resolve()):
        raise _ExtendsError(reference, f"{excerpt(reference)} is outside the project; {rule}")


def _is_builtin(path: Path) -> bool:
    return path.resolve().parent == (builtin_dir() / "packs").resolve()


# ---------------------------------------------------------------- rule packs


def _example(item: str | dict[str, Any]) -> Example:
    if isinstance(item, str):
        return Example(item)
    flags = item.get("flags", ())
    return Example(
        item["text"],
        item.get("fixed"),
        item.get("locale"),
        item.get("channel"),
        flags=(flags,) if isinstance(flags, str) else tuple(flags),
        options=MappingProxyType(dict(item.get("options", {}))),
    )


def _examples(raw: list[Any]) -> tuple[Example, ...]:
    return tuple(_example(item) for item in raw)


def _with_defaults(options: Mapping[str, Any], kind: str) -> dict[str, Any]:
    return {**KINDS[kind].defaults(), **options}


class _PatternBudget:
    """How many more patterns of its own a guide may bring (``MAX_PATTERNS`` in all)."""

    def __init__(self) -> None:
        self.left = MAX_PATTERNS


def _check_rule(
    document: YamlDocument, key_path: KeyPath, rule: RuleSpec, budget: _PatternBudget
) -> None:
    """Checks the schema cannot express: kind-specific fields, options and regexes."""
    if not _NAME.match(rule.name):
        raise document.error((*key_path, "name"), "must be kebab-case, like pet-name")
    wanted = KINDS[rule.kind].missing(rule)
    if wanted is not None:
        article = "an" if rule.kind[0] in "aeiou" else "a"
        raise document.error(key_path, f"{article} {rule.kind} rule needs {wanted}")
    for index, pattern in enumerate(rule.patterns):
        if rule.linear:
            budget.left -= 1
            if budget.left < 0:
                raise document.error(
                    (*key_path, "patterns", index),
                    f"more than {MAX_PATTERNS} regular expressions in the style guide's "
                    "own packs; merge some with |",
                )
            try:
                compile_linear(pattern)
            except ValueError as exc:
                raise document.error(
                    (*key_path, "patterns", index),
                    f"invalid regular expression: {exc} (patterns are matched with RE2: "
                    "no lookaround, backreferences, or repeat counts over 1000)",
                ) from None
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            raise document.error(
                (*key_path, "patterns", index), f"invalid regular expression: {exc}"
            ) from None
        except (RecursionError, OverflowError, MemoryError) as exc:
            why = "nested too deeply" if isinstance(exc, RecursionError) else "too large"
            raise document.error(
                (*key_path, "patterns", index), f"invalid regular expression: {why}"
            ) from None
        risk = backtracking_risk(pattern)
        if risk is not None:
            raise document.error(
                (*key_path, "patterns", index),
                f"regular expression may take exponential time: {risk}; "
                "rewrite it without the nested or overlapping repeat",
            )
    _validate_options(document, (*key_path, "options"), rule.kind, rule.options)
    _check_example_options(document, key_path, rule)


def _check_example_options(document: YamlDocument, key_path: KeyPath, rule: RuleSpec) -> None:
    """An example's options are read merged over the rule's, as its test runs them."""
    for group, examples in (("fail", rule.fail_examples), ("pass", rule.pass_examples)):
        for index, example in enumerate(examples):
            if example.options:
                _validate_options(
                    document,
                    (*key_path, "examples", group, index, "options"),
                    rule.kind,
                    {**rule.options, **example.options},
                )


def _validate_options(
    document: YamlDocument, key_path: KeyPath, kind: str, options: Mapping[str, Any]
) -> None:
    KINDS[kind].read_options(document, key_path, options)


def load_pack(
    path: Path, budget: _PatternBudget | None = None
) -> tuple[str, tuple[RuleSpec, ...], YamlDocument]:
    """Read a rule pack file; returns its name, its rules and the parsed document. The
    patterns of a pack that is not built in are matched with RE2 (``RuleSpec.linear``)."""
    shown = _display(path)
    linear = not _is_builtin(path)
    budget = budget or _PatternBudget()
    document = load_yaml(read_guide_file(path, shown), shown)
    validate(document, load_schema("rulepack"))
    pack_name = str(document.data["pack"])
    languages = tuple(language.lower() for language in document.data.get("languages", ["en"]))
    rules = []
    for index, raw in enumerate(document.data["rules"]):
        key_path: KeyPath = ("rules", index)
        fix = raw.get("fix")
        rule = RuleSpec(
            id=raw["id"],
            name=raw["name"],
            kind=raw["kind"],
            severity=Severity.parse(raw["severity"]),
            message=raw["message"].strip(),
            why=" ".join(raw["why"].split()),
            pack=pack_name,
            category=raw.get("category", raw["name"]),
            instead=" ".join(raw.get("instead", "").split()),
            fix=Applicability(fix) if fix else None,
            phrases=tuple(raw.get("phrases", ())),
            patterns=tuple(raw.get("patterns", ())),
            swaps=tuple(raw.get("swaps", {}).items()),
            options=MappingProxyType(_with_defaults(raw.get("options", {}), raw["kind"])),
            fail_examples=_examples(raw["examples"]["fail"]),
            pass_examples=_examples(raw["examples"]["pass"]),
            source=f"{shown}:{document.line_of(key_path)}",
            languages=languages,
            linear=linear and bool(raw.get("patterns")),
        )
        _check_rule(document, key_path, rule, budget)
        rules.append(rule)
    return pack_name, tuple(rules), document


# ---------------------------------------------------------------- style guides


@dataclass
class _Layer:
    document: YamlDocument
    folder: Path


class _ExtendsError(TonelintError):
    """A problem with an ``extends`` value itself; the extending guide reports it at that key."""


def _locate_guide(reference: str, base: Path, root: Path | None, seen: list[Path]) -> Path:
    path = _locate(reference, base, builtin_dir(), root)
    if path is None:
        known = ", ".join(builtin_guides())
        raise _ExtendsError(
            reference,
            f"no built-in style guide by that name (built-in: {known})",
        )
    if path in seen:
        cycle = " → ".join(_display(p) for p in (*seen, path))
        raise _ExtendsError(reference, f"style guides extend each other in a cycle: {cycle}")
    if not path.exists():
        raise _ExtendsError(reference, f"style guide file not found: {excerpt(reference)}")
    return path


def _load_document(path: Path) -> YamlDocument:
    shown = _display(path)
    return load_yaml(read_guide_file(path, shown), shown)


def _layers_from(
    document: YamlDocument, folder: Path, root: Path | None, seen: list[Path]
) -> list[_Layer]:
    """The guide and the guides it extends, base first; ``seen``: the files read so far.
    A loop, not recursion, so the length of a chain is bounded only by the depth limit."""
    layers: list[_Layer] = []
    schema = load_schema("styleguide")
    while True:
        if document.data is None:
            document = YamlDocument(document.path, {}, document.lines)
        validate(document, schema)
        layers.append(_Layer(document, folder))
        parent = document.data.get("extends")
        if parent is None:
            break
        try:
            path = _locate_guide(parent, folder, root, seen)
            if len(layers) > MAX_EXTENDS_DEPTH:
                raise _ExtendsError(
                    parent, f"style guides extend each other more than {MAX_EXTENDS_DEPTH} deep"
                )
        except _ExtendsError as exc:
            raise document.error(("extends",), exc.error.message) from None
        seen.append(path)
        document = _load_document(path)
        folder = path.parent
    layers.reverse()
    return layers


def load_styleguide(
    path: Path | None = None, name: str | None = None, root: Path | None = None
) -> StyleGuide:
    """A style guide from a file, or a built-in one by name (``default`` when neither).

    ``root``: for a discovered guide (untrusted), the project folder that the files it
    extends and its packs must be in; None for a guide the user named, which may use any.
    """
    if path is not None:
        resolved = path.resolve()
        layers = _layers_from(_load_document(resolved), resolved.parent, root, [resolved])
        label = _display(path)
    else:
        reference = name or "default"
        found = _locate(reference, Path.cwd(), builtin_dir(), None)
        if found is None:
            known = ", ".join(builtin_guides())
            raise TonelintError(
                reference, f"no built-in style guide by that name (built-in: {known})"
            )
        layers = _layers_from(_load_document(found), found.parent, None, [found])
        label = reference
    return _resolve(layers, label, root)


def styleguide_from_data(
    data: Any, lines: dict[KeyPath, int], source: str, folder: Path, root: Path | None = None
) -> StyleGuide:
    """A style guide from data already parsed (``[tool.tonelint]`` in pyproject.toml);
    ``root`` as for ``load_styleguide``."""
    document = YamlDocument(source, data, lines)
    return _resolve(_layers_from(document, folder, root, []), source, root)


def _targets(rules: list[RuleSpec], reference: str) -> list[RuleSpec]:
    wanted = reference.strip().lower()
    return [
        rule
        for rule in rules
        if wanted in (rule.id.lower(), rule.name, rule.category.lower(), rule.pack.lower())
    ]


def _load_packs(layers: list[_Layer], root: Path | None) -> list[RuleSpec]:
    """Every rule of every pack the layers name, in order, each pack once."""
    rules: list[RuleSpec] = []
    loaded: set[Path] = set()
    budget = _PatternBudget()
    for layer in layers:
        document = layer.document
        for index, reference in enumerate(document.data.get("packs", [])):
            try:
                path = _locate(reference, layer.folder, builtin_dir() / "packs", root)
            except _ExtendsError as exc:
                raise document.error(("packs", index), exc.error.message) from None
            if path is None:
                known = ", ".join(builtin_packs())
                raise document.error(
                    ("packs", index), f"no built-in pack {excerpt(reference)} (built-in: {known})"
                )
            if path in loaded:
                continue
            loaded.add(path)
            try:
                _, pack_rules, _ = load_pack(path, budget)
            except TonelintError as exc:
                if exc.error.message == "file not found":
                    raise document.error(
                        ("packs", index), f"pack file not found: {excerpt(reference)}"
                    ) from None
                raise
            _add_rules(rules, pack_rules, document, ("packs", index))
    return rules


def _apply_address(rules: list[RuleSpec], enabled: dict[str, bool], address: str) -> None:
    """``address: formal|informal`` sets and enables every address-form rule."""
    for index, rule in enumerate(rules):
        if rule.kind == "address-form":
            options = MappingProxyType({**rule.options, "address": address})
            rules[index] = replace(rule, options=options)
            enabled[rule.id] = address != "any"


def _scope_rules(raw: list[dict[str, Any]], what: str) -> list[ScopeRule]:
    return [
        ScopeRule(
            entry[what],
            tuple(entry.get("keys", ())),
            tuple(entry.get("paths", ())),
            tuple(entry.get("phrases", ())),
        )
        for entry in raw
    ]


def _unknown_rule(rules: list[RuleSpec], what: str, reference: str) -> str:
    hint = "" if rules else " (no rules are loaded: add `extends: default` or `packs:`)"
    return f"unknown {what} {excerpt(reference)}{hint}"


Fail = Callable[[KeyPath, str], TonelintError]


def _unexpected(key_path: KeyPath, message: str) -> TonelintError:
    raise AssertionError(f"settings were validated when the guide was loaded: {message}")


def _apply_settings(
    rules: list[RuleSpec],
    enabled: dict[str, bool],
    data: Mapping[str, Any],
    fail: Fail,
    validate_options: Callable[[KeyPath, str, Mapping[str, Any]], None] | None = None,
    prefix: KeyPath = (),
) -> None:
    """Apply ``enable``, ``disable`` and per-rule ``rules`` settings, in that order."""
    for action in ("enable", "disable"):
        for index, reference in enumerate(data.get(action, [])):
            targets = _targets(rules, reference)
            if not targets:
                raise fail(
                    (*prefix, action, index),
                    _unknown_rule(rules, "rule, category or pack", reference),
                )
            enabled.update((rule.id, action == "enable") for rule in targets)
    for reference, settings in data.get("rules", {}).items():
        key_path: KeyPath = (*prefix, "rules", reference)
        matches = [r for r in rules if reference.lower() in (r.id.lower(), r.name)]
        if not matches:
            raise fail(key_path, _unknown_rule(rules, "rule", reference))
        rule = matches[0]
        if "options" in settings:
            options = {**rule.options, **settings["options"]}
            if validate_options is not None:
                validate_options((*key_path, "options"), rule.kind, options)
            rule = replace(rule, options=MappingProxyType(options))
        if "severity" in settings:
            rule = replace(rule, severity=Severity.parse(settings["severity"]))
        if "message" in settings:
            rule = replace(rule, message=settings["message"])
        rules[rules.index(matches[0])] = rule
        if "enabled" in settings:
            enabled[rule.id] = bool(settings["enabled"])


def _resolve(layers: list[_Layer], label: str, root: Path | None = None) -> StyleGuide:
    """Merge the layers (base first): packs and brand phrases from all of them, then each
    layer's switches and settings in order, so a child guide has the last word."""
    rules = _load_packs(layers, root)
    rules.extend(_layered_brand_rules(layers))
    enabled = dict.fromkeys((rule.id for rule in rules), True)
    contexts, channels = _layered_scope_rules(layers)
    locale, format_options = _locale_and_formats(layers)
    merged = _apply_layers(layers, rules, enabled)
    _check_overrides(merged.overrides, rules, enabled)
    ignore = _ignore_rules(layers, rules)
    active = tuple(rule for rule in rules if enabled[rule.id])
    chain = tuple(layer.document.path for layer in layers)
    overrides = [override for _, _, override in merged.overrides]
    return StyleGuide(
        name=label,
        source=chain[-1],
        rules=active,
        available=tuple(rules),
        fail_on=merged.fail_on,
        include=merged.include,
        exclude=tuple(merged.exclude),
        chain=chain,
        fingerprint=_fingerprint(active, merged.fail_on, contexts, channels, overrides, ignore),
        contexts=tuple(contexts),
        channels=tuple(channels),
        locale=locale,
        format_options=MappingProxyType(format_options),
        overrides=tuple(overrides),
        ignore=ignore,
        grammar=any(rule.kind == "grammar" for rule in active),
    )


def _layered_brand_rules(layers: list[_Layer]) -> list[RuleSpec]:
    """The rules made from every layer's ``banned`` and ``preferred`` phrases."""
    banned = [
        (layer.document, index, entry)
        for layer in layers
        for index, entry in enumerate(layer.document.data.get("banned", []))
    ]
    preferred: dict[str, str] = {}
    for layer in layers:
        preferred.update(layer.document.data.get("preferred", {}))
    return _brand_rules(banned, preferred)


def _layered_scope_rules(layers: list[_Layer]) -> tuple[list[ScopeRule], list[ScopeRule]]:
    """The context and channel rules, a child's before its parent's (tried in that order)."""
    contexts: list[ScopeRule] = []
    channels: list[ScopeRule] = []
    for layer in reversed(layers):
        contexts.extend(_scope_rules(layer.document.data.get("contexts", []), "context"))
        channels.extend(_scope_rules(layer.document.data.get("channels", []), "channel"))
    return contexts, channels


def _locale_and_formats(layers: list[_Layer]) -> tuple[str, dict[str, Mapping[str, Any]]]:
    """The last layer's locale and each format's options merged over the layers."""
    locale = "en"
    format_options: dict[str, Mapping[str, Any]] = {}
    for layer in layers:
        data = layer.document.data
        locale = data.get("locale", locale)
        for name, options in data.get("formats", {}).items():
            format_options[name] = MappingProxyType({**format_options.get(name, {}), **options})
    return locale, format_options


@dataclass
class _Merged:
    """What the layers' settings add up to, besides the rules and their switches."""

    fail_on: Severity | None = None
    include: tuple[str, ...] | None = None
    exclude: list[str] = field(default_factory=list)
    overrides: list[tuple[YamlDocument, int, Override]] = field(default_factory=list)


def _apply_layers(layers: list[_Layer], rules: list[RuleSpec], enabled: dict[str, bool]) -> _Merged:
    """Apply each layer's switches and settings in order (base first)."""
    merged = _Merged()
    for layer in layers:
        data, document = layer.document.data, layer.document
        _apply_settings(rules, enabled, data, document.error, _options_validator(document))
        if "address" in data:
            _apply_address(rules, enabled, data["address"])
        if "grammar" in data:
            grammar = bool(data["grammar"])
            enabled.update((rule.id, grammar) for rule in rules if rule.kind == "grammar")
        for index, raw in enumerate(data.get("overrides", [])):
            merged.overrides.append((document, index, _override(document, index, raw)))
        if "fail-on" in data:
            merged.fail_on = Severity.parse(data["fail-on"])
        if "include" in data:
            merged.include = tuple(data["include"])
        merged.exclude.extend(data.get("exclude", []))
    return merged


def _options_validator(
    document: YamlDocument,
) -> Callable[[KeyPath, str, Mapping[str, Any]], None]:
    """A check of a rule kind's options that reports errors against ``document``."""

    def check_options(key_path: KeyPath, kind: str, options: Mapping[str, Any]) -> None:
        _validate_options(document, key_path, kind, options)

    return check_options


def _override(document: YamlDocument, index: int, raw: Mapping[str, Any]) -> Override:
    """One entry of a layer's ``overrides`` list."""
    if "contexts" not in raw and "channels" not in raw:
        raise document.error(("overrides", index), "needs contexts or channels")
    return Override(
        frozenset(raw.get("contexts", ())),
        frozenset(raw.get("channels", ())),
        MappingProxyType({k: v for k, v in raw.items() if k not in ("contexts", "channels")}),
    )


def _check_overrides(
    overrides: list[tuple[YamlDocument, int, Override]],
    rules: list[RuleSpec],
    enabled: dict[str, bool],
) -> None:
    """Check each override against the rules as they finally stand (on copies)."""
    for document, index, override in overrides:
        _apply_settings(
            list(rules),
            dict(enabled),
            override.settings,
            document.error,
            _options_validator(document),
            ("overrides", index),
        )


def _fingerprint(
    active: tuple[RuleSpec, ...],
    fail_on: Severity | None,
    contexts: list[ScopeRule],
    channels: list[ScopeRule],
    overrides: list[Override],
    ignore: tuple[IgnoreRule, ...],
) -> str:
    """What the rules do, wherever the guide was loaded from."""
    portable = tuple(replace(rule, source="") for rule in active)
    settings: tuple[Any, ...] = (portable, fail_on, contexts, channels, overrides)
    if ignore:
        settings += (ignore,)
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def with_grammar(guide: StyleGuide) -> StyleGuide:
    """The guide with its grammar rules switched on (``--grammar``)."""
    extra = tuple(r for r in guide.available if r.kind == "grammar" and r not in guide.rules)
    if not extra:
        return replace(guide, grammar=any(r.kind == "grammar" for r in guide.rules))
    return replace(guide, rules=guide.rules + extra, grammar=True)


def _ignore_rules(layers: list[_Layer], rules: list[RuleSpec]) -> tuple[IgnoreRule, ...]:
    """The ``ignore:`` entries of every layer (base first), with rule references resolved."""
    ignore: list[IgnoreRule] = []
    for layer in layers:
        document = layer.document
        for index, raw in enumerate(document.data.get("ignore", [])):
            key_path: KeyPath = ("ignore", index)
            if "keys" not in raw and "paths" not in raw:
                raise document.error(key_path, "needs keys or paths")
            ids: set[str] = set()
            for number, reference in enumerate(raw.get("rules", [])):
                targets = _targets(rules, reference)
                if not targets:
                    raise document.error(
                        (*key_path, "rules", number),
                        _unknown_rule(rules, "rule, category or pack", reference),
                    )
                ids.update(rule.id for rule in targets)
            ignore.append(
                IgnoreRule(
                    frozenset(ids),
                    tuple(raw.get("keys", ())),
                    tuple(raw.get("paths", ())),
                    f"{document.path}:{document.line_of(key_path)}",
                )
            )
    return tuple(ignore)


def _add_rules(
    rules: list[RuleSpec], new: tuple[RuleSpec, ...], document: YamlDocument, key_path: KeyPath
) -> None:
    ids = {rule.id.lower(): rule for rule in rules}
    names = {rule.name: rule for rule in rules}
    for rule in new:
        clash = ids.get(rule.id.lower()) or names.get(rule.name)
        if clash is not None:
            raise document.error(
                key_path,
                f"rule {rule.id} ({rule.name}) from {rule.source} clashes with "
                f"{clash.id} ({clash.name}) from {clash.source}",
            )
        ids[rule.id.lower()] = rule
        names[rule.name] = rule
        rules.append(rule)


def _brand_rules(
    banned: list[tuple[YamlDocument, int, Any]], preferred: dict[str, str]
) -> list[RuleSpec]:
    """Rules made from ``banned`` and ``preferred``: plain phrases share one rule, and each
    entry with its own message or severity is a rule of its own."""
    plain = [entry for _, _, entry in banned if isinstance(entry, str)]
    entries: list[tuple[str, dict[str, Any]]] = []
    if plain:
        first = next(document for document, _, entry in banned if isinstance(entry, str))
        entries.append((first.path, {"phrases": plain}))
    entries.extend(
        (document.path, entry) for document, _, entry in banned if isinstance(entry, dict)
    )
    brand: list[RuleSpec] = []
    for number, (source, entry) in enumerate(entries, start=1):
        suffix = "" if number == 1 else f"-{number}"
        brand.append(
            RuleSpec(
                id=BRAND_BANNED_ID + suffix,
                name="brand-banned" + suffix,
                kind="existence",
                severity=Severity.parse(entry.get("severity", "warning")),
                message=entry.get("message", "'{match}' is on the brand's banned list."),
                why="Your style guide bans this phrase.",
                pack="brand",
                category="brand",
                instead=entry.get("suggest", ""),
                phrases=tuple(entry["phrases"]),
                options=MappingProxyType(_with_defaults({}, "existence")),
                source=source,
            )
        )
    if preferred:
        brand.append(
            RuleSpec(
                id=BRAND_PREFERRED_ID,
                name="brand-preferred",
                kind="substitution",
                severity=Severity.WARNING,
                message="Use '{replacement}' instead of '{match}'.",
                why="Your style guide prefers another term.",
                pack="brand",
                category="brand",
                fix=Applicability.SAFE,
                swaps=tuple(preferred.items()),
                options=MappingProxyType(_with_defaults({}, "substitution")),
            )
        )
    return brand
