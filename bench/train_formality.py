"""Fit tonelint's formality model on human formality ratings and write its weights.

    pip install -e '.[bench]'
    python bench/train_formality.py [--data ../shared/eval/formality/pavlick-formality-dev.tsv]
                                    [--output src/tonelint/data/formality.json]

Data: Pavlick & Tetreault (2016) formality ratings (columns genre, mean, ratings, id,
sentence). A fixed 20 % of the rows (those whose md5(id) is 0 mod 5) is held out; the model
is fitted on the rest: ridge regression on the standardised hand-written features of
``tonelint.formality`` plus presence of frequent words and word pairs (a stronger penalty),
the penalties chosen by 5-fold cross-validation on the training part (fixed folds). The
script prints the Spearman correlation with the human mean ratings on the held-out part,
pooled and per genre, next to a readability-only baseline (the Flesch–Kincaid grade: a
higher grade reads more formal, so its sign is kept) computed in the same run.
Deterministic: no random state (fixed hash split and folds).

The corpus is tokenised (``do n't``, ``! ! !``, `` `` ``); it is detokenised first so that
features see text as a message would be written.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from tonelint.formality import FEATURES, analyse, lexical_terms

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "formality" / "pavlick-formality-dev.tsv"
DEFAULT_OUTPUT = ROOT / "src" / "tonelint" / "data" / "formality.json"
# Features centred on their training mean (contributions relative to a typical text);
# the others are counts or flags, centred on zero (contributions relative to absence).
CENTRED = ("log_words", "word_length", "long_words", "grade", "proper_nouns")
MIN_TERM_COUNT = 8
SCALE = 50.0 / 3.0  # a rating of -3..3 onto 0..100


def detokenise(sentence: str) -> str:
    """Undo PTB-style tokenisation: ``do n't`` → ``don't``, ``hi !`` → ``hi!``."""
    text = sentence.replace("``", '"').replace("''", '"')
    text = text.replace("-LRB-", "(").replace("-RRB-", ")")
    text = text.replace("-LCB-", "{").replace("-RCB-", "}")
    text = re.sub(r"\s+(n't)\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*'\s*(ll|re|m|ve|d|s|t)\b", r"'\1", text, flags=re.IGNORECASE)
    text = re.sub(r"([!?.])\s+(?=[!?.])", r"\1", text)
    text = re.sub(r"([:;=])\s+([()DPp])(?!\w)", r"\1\2", text)
    text = re.sub(r"\s+([.,!?;:%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$])\s+", r"\1", text)
    text = re.sub(r'"\s+(.*?)\s+"', r'"\1"', text)
    return text.strip()


def held_out(row_id: str) -> bool:
    return int(hashlib.md5(row_id.encode()).hexdigest(), 16) % 5 == 0


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def ridge(x: np.ndarray, y: np.ndarray, penalty: np.ndarray) -> tuple[np.ndarray, float]:
    """Ridge regression with a per-column penalty; returns (weights, intercept)."""
    mean_x = x.mean(axis=0)
    mean_y = float(y.mean())
    centred = x - mean_x
    gram = centred.T @ centred + np.diag(penalty)
    weights = np.linalg.solve(gram, centred.T @ (y - mean_y))
    return weights, mean_y - float(mean_x @ weights)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    rows = load(args.data)
    texts = [detokenise(row["sentence"]) for row in rows]
    ratings = np.array([float(row["mean"]) for row in rows])
    genres = [row["genre"] for row in rows]
    test = np.array([held_out(row["id"]) for row in rows])
    train = ~test
    analyses = [analyse(text) for text in texts]
    dense = np.array([[a.values[name] for name in FEATURES] for a in analyses])
    term_sets = [lexical_terms(a.words) for a in analyses]
    counts: Counter[str] = Counter()
    for terms, is_train in zip(term_sets, train, strict=True):
        if is_train:
            counts.update(terms)
    vocabulary = sorted(term for term, n in counts.items() if n >= MIN_TERM_COUNT)
    index = {term: i for i, term in enumerate(vocabulary)}
    lexical = np.zeros((len(rows), len(vocabulary)))
    for row, terms in enumerate(term_sets):
        for term in terms:
            if term in index:
                lexical[row, index[term]] = 1.0

    mean = dense[train].mean(axis=0)
    std = dense[train].std(axis=0)
    std[std == 0] = 1.0
    standard = (dense - mean) / std
    x_all = np.hstack([standard, lexical])
    n_dense = dense.shape[1]

    def penalties(dense_penalty: float, lexical_penalty: float) -> np.ndarray:
        return np.concatenate(
            [np.full(n_dense, dense_penalty), np.full(len(vocabulary), lexical_penalty)]
        )

    train_rows = np.flatnonzero(train)
    folds = train_rows % 5
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for dense_penalty in (10.0, 100.0, 1000.0):
        for lexical_penalty in (30.0, 100.0, 300.0):
            predictions = np.zeros(len(train_rows))
            for fold in range(5):
                fit, check = train_rows[folds != fold], folds == fold
                weights, intercept = ridge(
                    x_all[fit], ratings[fit], penalties(dense_penalty, lexical_penalty)
                )
                predictions[check] = x_all[train_rows[check]] @ weights + intercept
            rho = float(spearmanr(predictions, ratings[train_rows])[0])
            if rho > best[0]:
                best = (rho, dense_penalty, lexical_penalty)
    _, dense_penalty, lexical_penalty = best
    weights, intercept = ridge(
        x_all[train], ratings[train], penalties(dense_penalty, lexical_penalty)
    )

    # Back to raw feature units, centred as the runtime model expects.
    raw = weights[:n_dense] / std
    centres = np.array([mean[i] if name in CENTRED else 0.0 for i, name in enumerate(FEATURES)])
    raw_intercept = intercept - float((mean / std) @ weights[:n_dense]) + float(raw @ centres)
    predicted = x_all @ weights + intercept

    baseline = np.array([a.grade for a in analyses])  # higher grade reads more formal
    report: dict[str, dict[str, float]] = {}
    print(f"held out: {int(test.sum())} of {len(rows)} sentences (md5(id) % 5 == 0)")
    print(
        f"penalties: features {dense_penalty:g}, words {lexical_penalty:g} "
        f"(5-fold CV Spearman {best[0]:.3f}); {len(vocabulary)} terms"
    )
    print(f"{'part':<8} {'n':>5} {'model':>7} {'FK-only':>8}")
    for genre in ("pooled", "answers", "blog", "email", "news"):
        mask = test if genre == "pooled" else test & (np.array(genres) == genre)
        ours = float(spearmanr(predicted[mask], ratings[mask])[0])
        base = float(spearmanr(baseline[mask], ratings[mask])[0])
        report[genre] = {
            "n": int(mask.sum()),
            "spearman": round(ours, 3),
            "baseline": round(base, 3),
        }
        print(f"{genre:<8} {int(mask.sum()):>5} {ours:>7.3f} {base:>8.3f}")

    lexicon = {
        term: round(float(weight), 4)
        for term, weight in zip(vocabulary, weights[n_dense:], strict=True)
        if abs(weight) >= 0.005
    }
    data = {
        "version": 1,
        "description": "tonelint formality model; written by bench/train_formality.py",
        "scale": SCALE,
        "intercept": round(raw_intercept, 5),
        "features": {
            name: {"weight": round(float(raw[i]), 5), "center": round(float(centres[i]), 5)}
            for i, name in enumerate(FEATURES)
        },
        "lexicon": dict(sorted(lexicon.items())),
        "held_out": report,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {args.output} ({len(lexicon)} lexical weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
