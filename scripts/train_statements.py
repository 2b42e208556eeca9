"""Train the embedding model for statements on the project's labelled sentences.

    .venv/bin/python scripts/train_statements.py

Trains one logistic regression per kind (all-MiniLM-L6-v2 sentence embeddings; class weights
balanced) on tests/data/statements.tsv and statements_holdout.tsv, reports 5-fold cross-validation
on them, then scores the rules, the model and both together on tests/data/statements_untouched.tsv,
which is never used for training or tuning. Writes src/midcourse/data/statements.npz and .json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from midcourse.text.embeddings import MODEL_ID, CachedEmbedder, MiniLM
from midcourse.text.evaluate import read_labelled
from midcourse.text.semantic import ARTIFACT, META, HybridSignals, StatementModel
from midcourse.text.signals import KINDS, kinds

C = 4.0
THRESHOLDS = {k: 0.5 for k in KINDS} | {"crisis": 0.3}  # crisis: recall first
DATA = ROOT / "tests" / "data"


def scores(expected: list[set[str]], found: list[set[str]]) -> dict[str, dict[str, float]]:
    out = {}
    for k in KINDS:
        tp = sum(k in e and k in f for e, f in zip(expected, found, strict=True))
        fp = sum(k not in e and k in f for e, f in zip(expected, found, strict=True))
        fn = sum(k in e and k not in f for e, f in zip(expected, found, strict=True))
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[k] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0, 3)}
    return out


def main() -> None:
    train = read_labelled(DATA / "statements.tsv") + read_labelled(DATA / "statements_holdout.tsv")
    untouched = read_labelled(DATA / "statements_untouched.tsv")
    embedder = CachedEmbedder(MiniLM())
    x = embedder.embed([t for _, t in train])

    # 5-fold CV of the model alone on the training sentences.
    cv_found: list[set[str]] = [set() for _ in train]
    for k in KINDS:
        y = np.array([k in e for e, _ in train])
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
            m = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x[tr], y[tr])
            for i, p in zip(te, m.predict_proba(x[te])[:, 1], strict=True):
                if p >= THRESHOLDS[k]:
                    cv_found[i].add(k)
    cv = scores([e for e, _ in train], cv_found)

    coef, intercept = [], []
    for k in KINDS:
        y = np.array([k in e for e, _ in train])
        m = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, y)
        coef.append(m.coef_[0])
        intercept.append(m.intercept_[0])
    out = ROOT / "src" / "midcourse" / "data"
    np.savez_compressed(out / ARTIFACT, coef=np.array(coef, dtype=np.float32),
                        intercept=np.array(intercept, dtype=np.float32))
    meta = {"kinds": list(KINDS), "thresholds": THRESHOLDS, "embedding_model": MODEL_ID,
            "classifier": f"logistic regression per kind, C={C}, class_weight=balanced (scikit-learn {sklearn_version})",
            "data": {"train": ["tests/data/statements.tsv", "tests/data/statements_holdout.tsv"],
                     "sentences": len(train), "test": "tests/data/statements_untouched.tsv",
                     "test_sentences": len(untouched)},
            "evaluation": {"cv_model_only": cv}}
    (out / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    texts = [t for _, t in untouched]
    expected = [e for e, _ in untouched]
    rules = [set(kinds(t)) for t in texts]
    shipped = StatementModel.load(out)
    every_kind = [{s.kind for s in sig} for sig in HybridSignals(embedder, shipped, KINDS).signals(texts)]
    hybrid = [{s.kind for s in sig} for sig in HybridSignals(embedder, shipped).signals(texts)]
    meta["evaluation"]["untouched_rules"] = scores(expected, rules)
    meta["evaluation"]["untouched_rules_and_model_every_kind"] = scores(expected, every_kind)
    meta["evaluation"]["untouched_rules_and_model"] = scores(expected, hybrid)
    (out / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print("kind          CV model F1 | untouched: rules F1 (R) | + model, every kind | + model, as shipped")
    ev = meta["evaluation"]
    for k in KINDS:
        r, a, h = ev["untouched_rules"][k], ev["untouched_rules_and_model_every_kind"][k], ev["untouched_rules_and_model"][k]
        print(f"{k:12}  {cv[k]['f1']:.2f}        | {r['f1']:.2f} ({r['recall']:.2f})             | "
              f"{a['f1']:.2f} ({a['recall']:.2f})         | {h['f1']:.2f} ({h['recall']:.2f})")


if __name__ == "__main__":
    main()
