"""Run the rules of a style guide over messages and map what they find back to the file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tonelint.baseline import message_digest
from tonelint.escaping import written_edits
from tonelint.kinds import KINDS, Checker
from tonelint.kinds.base import Searcher, Trigger
from tonelint.matching.phrases import PhraseIndex, fold
from tonelint.models import (
    MASK_CHAR,
    Edit,
    FileReport,
    Finding,
    Fix,
    Hit,
    Message,
    RuleSpec,
    SourceFile,
)
from tonelint.placeholders import keeps_placeholders
from tonelint.readers import FORMATS, Extraction
from tonelint.readers.base import language_of
from tonelint.scopes import Scoper
from tonelint.settings import RunSettings
from tonelint.styleguide import StyleGuide
from tonelint.suppress import suppress

if TYPE_CHECKING:
    from tonelint.grammar import GrammarService


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    check: Checker
    trigger: Trigger | None  # None: the rule runs on every message


_Patterns = tuple[Searcher, ...]


class RuleSet:
    """The compiled rules for one context, channel and language.

    A message is scanned once for the trigger words of all the rules; a rule with a
    trigger runs only on messages that hold it, which leaves most rules idle on most copy.
    """

    def __init__(self, rules: Sequence[CompiledRule], channel: str | None = None) -> None:
        sent_on = (channel or "").lower()
        active = [
            rule
            for rule in rules
            if rule.trigger is None
            or rule.trigger.channels is None
            or sent_on in rule.trigger.channels
        ]
        self._words = PhraseIndex(
            word for rule in active if rule.trigger for word in rule.trigger.words
        )
        # Rules that always run, that need one of their words, or a word or a pattern.
        self._always: list[CompiledRule] = []
        self._by_words: list[tuple[CompiledRule, frozenset[str]]] = []
        self._by_patterns: list[tuple[CompiledRule, frozenset[str], _Patterns]] = []
        for rule in active:
            trigger = rule.trigger
            if trigger is None or not trigger.reads_text:
                self._always.append(rule)
            elif trigger.patterns:
                self._by_patterns.append((rule, trigger.words, trigger.patterns))
            else:
                self._by_words.append((rule, trigger.words))

    def hits(self, message: Message) -> list[tuple[RuleSpec, Hit]]:
        """Every hit of every rule in the message, in message-text offsets (in no
        particular order: findings are sorted later)."""
        text = fold(message.masked)
        candidates = self._words.candidates(text)
        running = list(self._always)
        if candidates:
            running.extend(
                rule for rule, words in self._by_words if not words.isdisjoint(candidates)
            )
        for rule, words, patterns in self._by_patterns:
            if not words.isdisjoint(candidates) or any(p.search(text) for p in patterns):
                running.append(rule)
        return [(rule.spec, hit) for rule in running for hit in rule.check(message)]


# Messages whose hits are remembered, for the repeats of a large run.
_SEEN_MESSAGES = 50_000


class Linter:
    """The rules of one style guide, compiled once, ready to judge any number of files.

    ``settings`` are fixed at construction; its ``context`` and ``channel`` win over what
    front matter and the guide's scope rules would assign.
    """

    def __init__(self, guide: StyleGuide, settings: RunSettings | None = None) -> None:
        self.guide = guide
        self.settings = settings or RunSettings()
        self._grammar_service: GrammarService | None = None
        self._grammar_connected = False
        settings = self.settings
        self._scoper = Scoper(
            guide.contexts, guide.channels, guide.locale, settings.context, settings.channel
        )
        self._compiled: dict[str, CompiledRule] = {}
        self._rule_sets: dict[tuple[str | None, str | None, str | None], RuleSet] = {}
        self._seen: dict[tuple[object, ...], list[tuple[RuleSpec, Hit]]] = {}

    def rules_for(
        self, context: str | None, channel: str | None, language: str | None = None
    ) -> RuleSet:
        """The compiled rules for a context, channel and language (None: every rule);
        each distinct rule is built once."""
        scope = (context, channel, language)
        if scope not in self._rule_sets:
            compiled = []
            for rule in self.guide.rules_for(context, channel):
                if language is not None and not (
                    language in rule.languages or "*" in rule.languages
                ):
                    continue
                identity = repr(rule)
                if identity not in self._compiled:
                    self._compiled[identity] = self._compile(rule)
                compiled.append(self._compiled[identity])
            self._rule_sets[scope] = RuleSet(compiled, channel)
        return self._rule_sets[scope]

    def _compile(self, rule: RuleSpec) -> CompiledRule:
        kind = KINDS[rule.kind]
        checker = kind.checker(rule, self)
        return CompiledRule(rule, checker, kind.trigger(rule) if kind.trigger else None)

    def grammar_service(self) -> GrammarService | None:
        """The LanguageTool server of this run, found on first use (None, after one notice,
        when there is none; ``GrammarError`` when grammar is required)."""
        if not self._grammar_connected:
            from tonelint.grammar import GrammarSettings, connect

            self._grammar_connected = True
            self._grammar_service = connect(self.settings.grammar or GrammarSettings.from_env())
        return self._grammar_service

    def scope(self, message: Message, path: str, metadata: Mapping[str, str]) -> Message:
        """The message with its context, channel and locale decided (``scopes.Scoper``)."""
        return self._scoper.scope(message, path, metadata)

    def lint_message(self, message: Message) -> list[tuple[RuleSpec, Hit]]:
        """Every hit of every rule in one (scoped) message, in message-text offsets.

        Rules see a message's content, never where it lies in its file, so a message
        that repeats one seen before (catalogues repeat "Save", "Cancel", whole sentences)
        gets the hits found the first time.
        """
        content = (
            message.text,
            message.masked,
            message.placeholders,
            message.key,
            message.locale,
            message.channel,
            message.context,
            message.editable,
        )
        known = self._seen.get(content)
        if known is not None:
            return known
        visible = message.masked.replace(MASK_CHAR, "").strip()
        if len(visible) == 1 and visible.isalpha():
            hits = []  # a lone letter is an access key or a label, not copy
        else:
            language = language_of(message.locale) or language_of(self.guide.locale)
            hits = self.rules_for(message.context, message.channel, language).hits(message)
        if len(self._seen) >= _SEEN_MESSAGES:
            self._seen.clear()
        self._seen[content] = hits
        return hits

    def extract(self, source: SourceFile, source_format: str) -> Extraction:
        """The messages of a file, read with the format's options from the guide."""
        options = self.guide.format_options.get(source_format)
        return FORMATS[source_format].extract(source, options)

    def raw_findings(
        self, source: SourceFile, extraction: Extraction, messages: Sequence[Message]
    ) -> list[Finding]:
        """The findings in some of a file's messages, before suppressions."""
        findings: list[Finding] = []
        scope = self._scoper.scope
        for raw in messages:
            message = scope(raw, source.display_path, extraction.metadata)
            hits = self.lint_message(message)
            if hits:
                digest = message_digest(message.text)  # once: a message may hold many hits
                findings.extend(_finding(source, message, rule, hit, digest) for rule, hit in hits)
        return findings

    def finish(
        self, source: SourceFile, source_format: str, findings: Iterable[Finding]
    ) -> tuple[Finding, ...]:
        """A file's findings in order, without those its directives or the guide suppress,
        each fix written as the file needs it (``written_fixes``)."""
        kept = suppress(source, sorted(findings, key=Finding.sort_key), self.guide)
        return written_fixes(source, source_format, kept)

    def lint_source(
        self, source: SourceFile, extraction: Extraction, source_format: str = "text"
    ) -> tuple[Finding, ...]:
        """The findings in a file's messages, its fixes written for a file of this format."""
        found = self.raw_findings(source, extraction, extraction.messages)
        return self.finish(source, source_format, found)

    def lint_file(self, source: SourceFile, source_format: str) -> FileReport:
        extraction = self.extract(source, source_format)
        findings = self.lint_source(source, extraction, source_format)
        return FileReport(source.display_path, findings, len(extraction.messages))

    def lint_text(self, text: str, source_format: str = "text", name: str = "<text>") -> FileReport:
        """Lint a string as if it were a file of the given format."""
        return self.lint_file(SourceFile.from_text(Path(name), text, name), source_format)


def written_fixes(
    source: SourceFile, source_format: str, findings: tuple[Finding, ...]
) -> tuple[Finding, ...]:
    """The findings with each fix's edits escaped for the quoting where they land, so that
    a report's edit is the very text to write at its span; a fix with an edit that cannot
    be written there is left out (the finding stays, with its suggestions)."""
    edits = [edit for finding in findings if finding.fix for edit in finding.fix.edits]
    if not edits:
        return findings  # no quoting to look up
    written = iter(written_edits(source, source_format, edits))
    out = []
    for finding in findings:
        if finding.fix is not None:
            fixed = [next(written) for _ in finding.fix.edits]
            if all(fixed):
                fix = Fix(tuple(edit for edit in fixed if edit), finding.fix.applicability)
            else:
                fix = None
            if fix != finding.fix:
                finding = replace(finding, fix=fix)
        out.append(finding)
    return tuple(out)


def _fix_for(message: Message, rule: RuleSpec, hit: Hit) -> Fix | None:
    """The file edit for a hit's replacement, if the rule declares a fix and it is sound."""
    if rule.fix is None or hit.replacement is None or not message.editable:
        return None
    fix_start = hit.start if hit.fix_start is None else hit.fix_start
    fix_end = hit.end if hit.fix_end is None else hit.fix_end
    if MASK_CHAR in message.masked[fix_start:fix_end]:
        return None  # never edit inside a placeholder or markup
    start, end = message.source_map.to_source(fix_start, fix_end)
    if end - start != fix_end - fix_start:
        return None  # the span holds escapes; editing it needs the format's encoder
    if not keeps_placeholders(message.text[fix_start:fix_end], hit.replacement):
        return None
    return Fix((Edit(start, end, hit.replacement),), rule.fix)


def _finding(
    source: SourceFile, message: Message, rule: RuleSpec, hit: Hit, digest: str
) -> Finding:
    start, end = message.source_map.to_source(hit.start, hit.end)
    fix = _fix_for(message, rule, hit)
    edges = tuple(offset for edit in fix.edits for offset in (edit.start, edit.end)) if fix else ()
    return Finding.at(
        source,
        start,
        end,
        edges,
        rule_id=rule.id,
        rule_name=rule.name,
        severity=rule.severity,
        message=hit.message,
        matched=message.text[hit.start : hit.end],
        key=message.key,
        suggestions=hit.suggestions,
        fix=fix,
        category=rule.category,
        context=message.context,
        channel=message.channel,
        message_hash=digest,
    )
