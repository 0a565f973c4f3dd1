"""The fast paths change nothing: rules skipped by their triggers, phrases matched through
their candidates, files spread over processes, large files linted in parts, and reports
taken from the content cache all give exactly the findings of the plain path.

No timings here: speed is measured by ``python bench/speed.py``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tonelint import runner
from tonelint.cache import ContentCache, settings_key
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.kinds import KINDS
from tonelint.matching.phrases import PhraseIndex
from tonelint.models import Finding, Segment, SourceMap
from tonelint.settings import RunSettings
from tonelint.styleguide import builtin_guides, load_styleguide

ROOT = Path(__file__).resolve().parents[1]
STRINGS = ROOT.parent / "shared" / "eval" / "templates" / "strings.jsonl"

cli = CliRunner()


def _take_the_plain_path(patch: pytest.MonkeyPatch) -> None:
    """Every rule on every message, every phrase list as one pattern: the reference."""
    for name, kind in list(KINDS.items()):
        patch.setitem(KINDS, name, replace(kind, trigger=None))
    patch.setattr(PhraseIndex, "candidates", lambda self, text: self.phrases)


def _texts() -> list[str]:
    """Copy that trips many rules, copy that trips none, and near misses."""
    texts = []
    for guide_name in builtin_guides():
        for rule in load_styleguide(name=guide_name).available:
            for example in (*rule.fail_examples, *rule.pass_examples):
                texts.append(example.text)
    pieces = [
        *texts,
        "Hey",
        "bestie",
        "we",
        "miss",
        "you",
        "ACT NOW",
        "FREE",
        "!!!",
        "😂😂",
        "{{ name }}",
        "%{count}",
        "Kiſs",
        "K",
        "I’d rather pay",
        "sooo",
        "u",
        "r",
        "2",
        "Reply STOP",
        "only 3 left!",
        "win $100",
        "at 3am",
        "—",
        "\u00a0",
        ",",
        ".",
    ]
    generator = random.Random(7)
    for _ in range(400):
        words = generator.choices(pieces, k=generator.randint(1, 12))
        text = " ".join(words)
        texts.append(text.upper() if generator.random() < 0.1 else text)
    return texts


def _findings(guide_name: str, texts: list[str]) -> list[tuple[Any, ...]]:
    guide = load_styleguide(name=guide_name)
    found = []
    for context, channel in ((None, None), ("security", "push"), ("marketing", "sms")):
        linter = Linter(guide, RunSettings(context=context, channel=channel))
        for text in texts:
            for finding in linter.lint_text(text).findings:
                found.append((context, channel, text, *_comparable(finding)))
    return found


def _comparable(finding: Finding) -> tuple[Any, ...]:
    return (finding.rule_id, finding.start, finding.end, finding.message, finding.fix)


@pytest.mark.parametrize("guide_name", ["default", "strict", "friendly"])
def test_triggers_and_candidates_skip_only_what_could_not_be_found(
    guide_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _texts()
    fast = _findings(guide_name, texts)
    assert fast, "the texts trip rules, so the comparison means something"
    with monkeypatch.context() as patch:
        _take_the_plain_path(patch)
        plain = _findings(guide_name, texts)
    assert fast == plain


def test_real_copy_gives_the_same_findings_on_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not STRINGS.exists():
        pytest.skip(f"{STRINGS} is absent (the shared evaluation data)")
    lines = STRINGS.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in random.Random(3).sample(lines, 4000)]
    linter = Linter(load_styleguide(name="default"))
    fast = [_comparable(f) for text in texts for f in linter.lint_text(text).findings]
    with monkeypatch.context() as patch:
        _take_the_plain_path(patch)
        linter = Linter(load_styleguide(name="default"))
        plain = [_comparable(f) for text in texts for f in linter.lint_text(text).findings]
    assert fast == plain


# ---------------------------------------------------------------- processes and the cache


def _tree(root: Path) -> Path:
    """The bundled examples, a catalogue, a broken file and a text large enough to be
    linted in parts, with suppressions that only the whole file can apply."""
    tree = root / "tree"
    shutil.copytree(ROOT / "examples", tree)
    (tree / "locales").mkdir()
    (tree / "locales" / "en.json").write_text(
        json.dumps({"promo": {"title": "Hey bestie!!! 🔥🔥🔥🔥", "body": "We miss you, hun"}}),
        encoding="utf-8",
    )
    (tree / "broken.txt").write_bytes(b"caf\xe9 bad bytes\n")
    paragraphs = []
    for number in range(15000):
        if number == 10:
            paragraphs.append("<!-- tonelint: disable=pet-name -- the mascot's voice -->")
        if number == 14000:
            paragraphs.append("<!-- tonelint: enable=pet-name -->")
        paragraphs.append(
            f"Order {number} has shipped and will arrive on Tuesday between nine and five."
            if number % 50
            else f"Hey babe, order {number} is here!!! We miss you xoxo"
        )
    big = tree / "big.txt"
    big.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert big.stat().st_size >= runner.SPLIT_BYTES
    return tree


def _check(*args: str) -> tuple[int, dict[str, Any]]:
    result = cli.invoke(app, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1, 2), result.output
    return result.exit_code, json.loads(result.stdout)


def test_jobs_and_cache_give_the_findings_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    forked: list[int] = []
    in_workers = runner._lint_in_workers

    def spy(*args: Any) -> None:
        forked.append(args[4])  # workers
        in_workers(*args)

    monkeypatch.setattr(runner, "_lint_in_workers", spy)
    code, serial = _check("tree", "--jobs", "1")
    assert forked == []
    assert code == 2 and serial["errors"], "the broken file is an error; the rest is linted"
    assert len(serial["findings"]) > 150

    assert _check("tree", "--jobs", "2") == (code, serial)
    assert forked == [2]
    assert _check("tree") == (code, serial)  # auto: one per core, large enough to fork

    cache_dir = tmp_path / "cache"
    assert _check("tree", "--cache-dir", str(cache_dir), "--jobs", "2") == (code, serial)
    assert (cache_dir / ".gitignore").exists()
    assert _check("tree", "--cache-dir", str(cache_dir), "--jobs", "1") == (code, serial)


def test_a_warm_cache_skips_linting_until_a_file_or_the_guide_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "examples", tree)
    monkeypatch.chdir(tmp_path)
    _, cold = _check("tree", "--cache")
    assert list((tmp_path / ".tonelint_cache").glob("reports-*.json"))

    linted: list[Path] = []
    lint_file = Linter.lint_file

    def counting(self: Linter, source: Any, source_format: str) -> Any:
        linted.append(source.path)
        return lint_file(self, source, source_format)

    monkeypatch.setattr(Linter, "lint_file", counting)
    assert _check("tree", "--cache")[1] == cold
    assert linted == []

    edited = tree / "sms" / "appointment-reminder.txt"
    edited.write_text("Hey hun, your appointment is tomorrow!!!\n", encoding="utf-8")
    _, after_edit = _check("tree", "--cache")
    assert linted == [Path("tree/sms/appointment-reminder.txt")]
    assert after_edit == _check("tree", "--jobs", "1")[1]
    assert {f["path"] for f in after_edit["findings"]} >= {"tree/sms/appointment-reminder.txt"}

    linted.clear()
    _, strict = _check("tree", "--cache", "--styleguide", "strict")
    assert len(linted) == len(list(tree.rglob("*.*")))  # other settings, other entries
    assert strict != after_edit


def test_the_settings_key_follows_everything_that_changes_findings() -> None:
    guide = load_styleguide(name="default")
    key = settings_key(guide)
    assert settings_key(load_styleguide(name="default")) == key
    code = "from tonelint.cache import settings_key as k; from tonelint.styleguide import "
    code += "load_styleguide as g; print(k(g(name='default')))"
    for seed in ("1", "2"):  # the same in every process, whatever the hash seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert out.stdout.strip() == key, out.stderr
    assert settings_key(guide, ("json",)) != key
    assert settings_key(replace(guide, locale="de")) != key
    disabled = replace(guide, rules=guide.rules[1:])
    assert settings_key(disabled) != key
    reworded = replace(guide.available[0], message="Something else: {match}")
    assert settings_key(replace(guide, available=(reworded, *guide.available[1:]))) != key


def test_a_damaged_cache_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    guide = load_styleguide(name="default")
    cache = ContentCache(tmp_path, settings_key(guide))
    report = Linter(guide).lint_text("Hey bestie!!!", name="a.txt")
    cache.put("k", report)
    cache.save()
    assert ContentCache(tmp_path, settings_key(guide)).get("k") == report
    for damage in ("{not json", '{"k": {"path": 1}}', "[]"):
        next(tmp_path.glob("reports-*.json")).write_text(damage, encoding="utf-8")
        assert ContentCache(tmp_path, settings_key(guide)).get("k") is None


def test_small_inputs_stay_in_one_process() -> None:
    guide = load_styleguide(name="default")

    def workers(jobs: int | None, sizes: dict[int, int]) -> int:
        return runner._workers(Linter(guide, RunSettings(jobs=jobs)), sizes)

    assert workers(None, {0: 1000, 1: 2000}) == 1
    assert workers(2, {0: 1000, 1: 2000}) == 2
    assert workers(4, {0: 1000}) == 1  # one file, too small to split
    assert workers(4, {0: runner.SPLIT_BYTES}) == 4
    large = dict.fromkeys(range(3), runner.SMALL_INPUT_BYTES)
    assert workers(None, large) == min(3, runner.default_jobs())


def _slice_every_segment(source_map: SourceMap, start: int, end: int) -> SourceMap:
    """``SourceMap.slice`` reading every segment, as it did before it began at the one
    holding ``start``."""
    segments = []
    for segment in source_map.segments:
        seg_end = segment.text_start + segment.text_length
        low, high = max(start, segment.text_start), min(end, seg_end)
        if segment.text_length == 0:  # kept where it stands inside the slice
            if not start <= segment.text_start < end:
                continue
        elif high <= low:
            continue
        if segment.text_length == segment.source_length:
            offset = low - segment.text_start
            segments.append(
                Segment(low - start, high - low, segment.source_start + offset, high - low)
            )
        else:
            segments.append(
                Segment(low - start, high - low, segment.source_start, segment.source_length)
            )
    fallback = (Segment(0, 0, source_map.to_source(start, start)[0], 0),)
    return SourceMap(tuple(segments) or fallback)


def test_slicing_a_source_map_from_the_segment_at_its_start_changes_nothing() -> None:
    generator = random.Random(5)
    for _ in range(500):
        segments = []
        text_at = source_at = 0
        for _ in range(generator.randint(1, 12)):
            length = generator.choice([0, 1, 1, 2, 5])
            source_length = length if generator.random() < 0.6 else generator.randint(0, 6)
            segments.append(Segment(text_at, length, source_at, source_length))
            text_at += length
            source_at += source_length + generator.randint(0, 3)
        source_map = SourceMap(tuple(segments))
        for _ in range(20):
            start = generator.randint(0, text_at)
            end = generator.randint(start, text_at)
            assert source_map.slice(start, end) == _slice_every_segment(source_map, start, end)
