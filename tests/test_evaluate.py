"""bench/evaluate.py: exact figures on a tiny synthetic dataset, and a run on the real data.

The synthetic tests use their own small rule pack, so that they do not change whenever the
built-in rules are tuned; the real-data test only checks that the script runs end to end.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tonelint.config import resolve_styleguide
from tonelint.engine import Linter

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "evaluate.py"
REAL_EVAL = ROOT.parent / "shared" / "eval"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tonelint_bench_evaluate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


evaluate = _load_script()

PACK = """\
pack: evalpack
rules:
  - id: EV101
    name: buddy-talk
    category: buddy
    kind: existence
    severity: warning
    message: "'{match}' is buddy talk."
    why: Test rule.
    phrases: [bestie, miss you]
    examples:
      fail: ["Hi bestie."]
      pass: ["Hello."]
  - id: EV201
    name: emoji-flood
    category: excess
    kind: density
    severity: warning
    message: "{count} emoji (at most {max})."
    why: Test rule.
    options: {measure: emoji, max: 1}
    examples:
      fail: ["Sale 🎉🔥"]
      pass: ["Sale 🎉"]
  - id: EV301
    name: hard-to-read
    category: readability
    kind: readability
    severity: suggestion
    message: "Grade {value} (at most {max})."
    why: Test rule.
    options: {metric: flesch-kincaid-grade, max: 12, min-words: 15}
    examples:
      fail:
        - >-
          Notwithstanding the aforementioned considerations, institutional subscribers'
          administrative responsibilities necessitate comprehensive documentation
          verification procedures before any reactivation of previously suspended
          organisational accounts.
      pass: ["Thanks for your order."]
"""

# Only the readability rule fires on this one, and readability is not overfamiliarity.
HARD = (
    "Notwithstanding the aforementioned considerations, institutional subscribers' "
    "administrative responsibilities necessitate comprehensive documentation verification "
    "procedures before any reactivation of previously suspended organisational accounts."
)
# Two emoji in one message, one per paragraph: flagged only when linted as ONE message.
TWO_PARAGRAPHS = "Thanks 🎉\n\nSee you soon 🎉"

STRINGS = [
    {"source": "shop", "file": "en.yml", "format": "yaml", "key": "en.hi", "text": "Hi bestie!"},
    {"source": "shop", "file": "en.yml", "format": "yaml", "key": "en.terms", "text": HARD},
    {"source": "bank", "file": "en.json", "format": "json", "key": "bye", "text": TWO_PARAGRAPHS},
]
SPAM = (
    "label\ttext\n"
    "spam\tWe miss you, bestie\n"  # two findings
    "spam\tCall 0906 now 🎉🎉\n"
    "spam\tCall 0906 to claim your prize\n"
    "ham\tOk see you at 5\n"
    'ham\t"Miss you loads\n'  # an unbalanced quote is data, not CSV quoting
)
DARK_PATTERNS = (
    "pattern_type\tdeceptive\ttext\n"
    "Confirmshaming\tNo\tNo thanks, I prefer to pay full price\n"
    "Confirmshaming\tNo\tNo thanks, we miss you already\n"
    "Confirmshaming\tNo\tNo, bestie\n"
    "Low-stock Message\tNo\tOnly 2 left in stock\n"
    "Low-stock Message\tYes\tOnly 1 left 🔥🔥\n"
    "Low-stock Message\tNo\tAlmost gone\n"
    "Countdown Timer\tYes\tOffer ends in 10:00\n"
)


@pytest.fixture
def eval_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "eval"
    (folder / "templates").mkdir(parents=True)
    (folder / "casual").mkdir()
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in STRINGS)
    (folder / "templates" / "strings.jsonl").write_text(lines, "utf-8")
    (folder / "casual" / "sms-spam-collection-dev.tsv").write_text(SPAM, "utf-8")
    (folder / "casual" / "dark-patterns-dev.tsv").write_text(DARK_PATTERNS, "utf-8")
    return folder


@pytest.fixture
def guide_path(tmp_path: Path) -> Path:
    (tmp_path / "evalpack.yaml").write_text(PACK, "utf-8")
    guide = tmp_path / "guide.yaml"
    guide.write_text("packs: [./evalpack.yaml]\n", "utf-8")
    return guide


@pytest.fixture
def linter(guide_path: Path) -> Linter:
    return Linter(resolve_styleguide(str(guide_path)))


def test_excluded_categories_is_readability() -> None:
    assert frozenset({"readability"}) == evaluate.EXCLUDED_CATEGORIES


def test_a_string_with_blank_lines_is_one_message(linter: Linter) -> None:
    assert [f.rule_name for f in evaluate.lint_string(linter, TWO_PARAGRAPHS)] == ["emoji-flood"]
    assert linter.lint_text(TWO_PARAGRAPHS, "text").findings == ()  # two messages


def test_readability_findings_are_not_overfamiliarity(linter: Linter) -> None:
    assert [f.category for f in linter.lint_text(HARD, "text").findings] == ["readability"]
    assert evaluate.lint_string(linter, HARD) == ()


def test_templates(linter: Linter, eval_dir: Path) -> None:
    path = eval_dir / "templates" / "strings.jsonl"
    result = evaluate.evaluate_templates(linter, path, samples=10)
    overall = result.overall
    assert (overall.texts, overall.findings, overall.flagged) == (3, 2, 2)
    assert overall.per_1000 == pytest.approx(2000 / 3)
    assert [(g.name, g.texts, g.findings, g.flagged) for g in result.by_source] == [
        ("bank", 1, 1, 1),
        ("shop", 2, 1, 1),
    ]
    assert [(r.rule, r.count) for r in result.top_rules] == [
        ("buddy-talk [EV101]", 1),
        ("emoji-flood [EV201]", 1),
    ]
    assert [(s.rule, s.matched, s.source, s.key) for s in result.samples] == [
        ("emoji-flood [EV201]", "🎉", "bank", "bye"),
        ("buddy-talk [EV101]", "bestie", "shop", "en.hi"),
    ]
    assert result.samples[0].text == "Thanks 🎉 See you soon 🎉"
    assert not result.target.passed
    assert result.seconds >= 0


def test_spam(linter: Linter, eval_dir: Path) -> None:
    path = eval_dir / "casual" / "sms-spam-collection-dev.tsv"
    result = evaluate.evaluate_spam(linter, path)
    assert (result.spam.texts, result.spam.flagged, result.spam.findings) == (3, 2, 3)
    assert result.spam.share_flagged == pytest.approx(2 / 3)
    assert (result.ham.texts, result.ham.flagged, result.ham.findings) == (2, 1, 1)
    assert [(r.rule, r.count) for r in result.top_spam_rules] == [
        ("buddy-talk [EV101]", 2),
        ("emoji-flood [EV201]", 1),
    ]
    assert result.missed_spam == ["Call 0906 to claim your prize"]
    assert result.target.description == "at least 70 % of spam flagged"
    assert not result.target.passed


def test_dark_patterns(linter: Linter, eval_dir: Path) -> None:
    path = eval_dir / "casual" / "dark-patterns-dev.tsv"
    result = evaluate.evaluate_dark_patterns(linter, path)
    assert [(g.name, g.texts, g.flagged) for g in result.by_pattern] == [
        ("Confirmshaming", 3, 2),
        ("Low-stock Message", 3, 1),
        ("Countdown Timer", 1, 0),
    ]
    assert result.missed_confirmshaming == ["No thanks, I prefer to pay full price"]
    assert result.target.value == pytest.approx(2 / 3)
    assert not result.target.passed


def test_spread_is_even_and_deterministic() -> None:
    assert evaluate.spread(list(range(100)), 4) == [0, 25, 50, 75]
    assert evaluate.spread([1, 2], 10) == [1, 2]
    assert evaluate.spread([1, 2], 0) == []


def test_main_prints_three_parts_and_writes_json(
    eval_dir: Path, guide_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    arguments = ["--eval-dir", str(eval_dir), "--styleguide", str(guide_path), "--json", str(out)]
    assert evaluate.main(arguments) == 0
    printed = capsys.readouterr().out
    assert "target: at most 5 findings per 1,000 strings — FAIL" in printed
    assert "target: at least 70 % of spam flagged — FAIL" in printed
    assert "target: at least 80 % of Confirmshaming flagged — FAIL" in printed
    figures = json.loads(out.read_text("utf-8"))
    assert figures["templates"]["overall"]["findings"] == 2
    assert figures["spam"]["spam"]["flagged"] == 2
    assert figures["dark_patterns"]["by_pattern"][0]["name"] == "Confirmshaming"
    assert figures["excluded_categories"] == ["readability"]
    assert evaluate.main([*arguments, "--check"]) == 1


def test_missing_eval_dir_is_one_line_and_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert evaluate.main(["--eval-dir", str(tmp_path / "absent"), "--check"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1
    assert "not found" in printed


def test_a_malformed_file_is_one_error_line(
    eval_dir: Path, guide_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (eval_dir / "casual" / "sms-spam-collection-dev.tsv").write_text("text\tlabel\n", "utf-8")
    arguments = ["--eval-dir", str(eval_dir), "--styleguide", str(guide_path)]
    assert evaluate.main(arguments) == 2
    assert "expected the header row label / text" in capsys.readouterr().err


def test_real_data(tmp_path: Path) -> None:
    if not REAL_EVAL.is_dir():
        pytest.skip("../shared/eval is not present: the real evaluation data is optional")
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--samples", "3", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("target: ") == 3
    for part in ("strings.jsonl", "sms-spam-collection-dev.tsv", "dark-patterns-dev.tsv"):
        assert part in result.stdout
    figures = json.loads(out.read_text("utf-8"))
    assert figures["templates"]["overall"]["texts"] > 40_000
    assert figures["spam"]["spam"]["texts"] > 0
    assert figures["dark_patterns"]["by_pattern"]
