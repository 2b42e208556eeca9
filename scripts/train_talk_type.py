"""Train the client talk-type models on AnnoMI (without and with the utterance before) and write them into the package.

    .venv/bin/python scripts/train_talk_type.py [--data ../shared/data/annomi/annomi_simple_train.csv]

Evaluates both by 5-fold cross-validation grouped by transcript (utterances of one transcript never
sit on both sides), prints the figures, then fits on all the data and writes
src/midcourse/data/talk_type.npz and talk_type.json (vocabularies, classes, provenance, figures,
and the trust table: the cross-validated precision of each label by confidence band). Needs
scikit-learn (the `train` extra); the shipped models run on numpy alone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn import __version__ as sklearn_version
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from midcourse.text.embeddings import MODEL_ID, CachedEmbedder, MiniLM
from midcourse.text.talk import ARTIFACT, META, TalkTypeModel

CLASSES = ["change", "neutral", "sustain"]
EMBEDDING_WEIGHT = 1.0
C = 0.5
FOLDS = 5
BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 1.01)]  # confidence bands of the trust table
SHARED = Path(os.environ.get("MIDCOURSE_SHARED_DATA") or ROOT.parent / "shared" / "data")


def read(path: Path) -> tuple[list[str], list[str], list[str], list[str]]:
    """Client utterances with a talk type: texts, the utterance before each, labels, transcripts."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda r: (int(r["transcript_id"]), int(r["utterance_id"])))
    texts, before, labels, groups = [], [], [], []
    for i, row in enumerate(rows):
        if row["interlocutor"] != "client" or not row["client_talk_type"]:
            continue
        same = i > 0 and rows[i - 1]["transcript_id"] == row["transcript_id"]
        texts.append(row["utterance_text"])
        before.append(rows[i - 1]["utterance_text"] if same else "")
        labels.append(row["client_talk_type"])
        groups.append(row["transcript_id"])
    return texts, before, labels, groups


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)


class Features:
    """Embedding and word 1-2-grams of the utterance, and of the utterance before when `context`."""

    def __init__(self, context: bool):
        self.context = context
        self.tf = vectorizer()
        self.ctx_tf = vectorizer() if context else None

    def fit(self, texts: np.ndarray, before: np.ndarray) -> Features:
        self.tf.fit(texts)
        if self.ctx_tf is not None:
            self.ctx_tf.fit(before)
        return self

    def __call__(self, texts: np.ndarray, dense: np.ndarray, before: np.ndarray, before_dense: np.ndarray):
        parts = [csr_matrix(dense * EMBEDDING_WEIGHT), self.tf.transform(texts)]
        if self.ctx_tf is not None:
            parts += [csr_matrix(before_dense * EMBEDDING_WEIGHT), self.ctx_tf.transform(before)]
        return hstack(parts).tocsr()


def cross_validate(t, y, g, dense, before, before_dense, context: bool) -> dict:
    """Grouped CV: macro-F1, per class, confusion and the trust table."""
    predictions = np.empty(len(y), dtype=object)
    confidence = np.zeros(len(y))
    fold_f1 = []
    for train, test in GroupKFold(FOLDS).split(t, y, g):
        assert not set(g[train]) & set(g[test])
        features = Features(context).fit(t[train], before[train])
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(
            features(t[train], dense[train], before[train], before_dense[train]), y[train])
        p = model.predict_proba(features(t[test], dense[test], before[test], before_dense[test]))
        predictions[test] = model.classes_[p.argmax(axis=1)]
        confidence[test] = p.max(axis=1)
        fold_f1.append(float(f1_score(y[test], predictions[test], average="macro")))
    pr, rc, f, support = precision_recall_fscore_support(y, predictions, labels=CLASSES)
    trust = []
    for label in CLASSES:
        for low, high in BANDS:
            chosen = (predictions == label) & (confidence >= low) & (confidence < high)
            if chosen.sum():
                trust.append({"label": label, "from": low, "to": high, "n": int(chosen.sum()),
                              "precision": round(float(np.mean(y[chosen] == label)), 3)})
    return {"method": f"GroupKFold({FOLDS}) by transcript_id",
            "macro_f1": round(float(f1_score(y, predictions, average="macro")), 4),
            "fold_macro_f1": [round(x, 4) for x in fold_f1],
            "per_class": {c: {"precision": round(float(pr[i]), 3), "recall": round(float(rc[i]), 3),
                              "f1": round(float(f[i]), 3), "support": int(support[i])} for i, c in enumerate(CLASSES)},
            "confusion": confusion_matrix(y, predictions, labels=CLASSES).tolist(), "trust": trust}


def report(name: str, ev: dict) -> None:
    print(f"{name}: grouped {FOLDS}-fold CV macro-F1 {ev['macro_f1']:.4f} "
          f"(folds {', '.join(f'{x:.3f}' for x in ev['fold_macro_f1'])})")
    for c, v in ev["per_class"].items():
        print(f"  {c:8} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} n {v['support']}")
    print("  trust (CV precision by label and confidence):",
          ", ".join(f"{r['label']} {r['from']:.1f}-{min(r['to'], 1):.1f}: {r['precision']:.2f} (n {r['n']})"
                    for r in ev["trust"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "annomi" / "annomi_simple_train.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "src/midcourse/data")
    args = parser.parse_args()

    texts, before, labels, groups = read(args.data)
    t, y, g = np.array(texts, dtype=object), np.array(labels), np.array(groups)
    b = np.array(before, dtype=object)
    print(f"{len(t)} client utterances in {len(set(groups))} transcripts")
    started = time.perf_counter()
    embedder = CachedEmbedder(MiniLM())
    dense, before_dense = embedder.embed(texts), embedder.embed(before)
    print(f"embedded in {time.perf_counter() - started:.1f} s")

    plain_ev = cross_validate(t, y, g, dense, b, before_dense, context=False)
    report("without context", plain_ev)
    context_ev = cross_validate(t, y, g, dense, b, before_dense, context=True)
    report("with the utterance before", context_ev)

    arrays, meta_models = {}, {}
    for name, context in (("plain", False), ("ctx", True)):
        features = Features(context).fit(t, b)
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(features(t, dense, b, before_dense), y)
        assert list(model.classes_) == CLASSES
        prefix = "" if name == "plain" else "ctx_"
        arrays[prefix + "idf"] = features.tf.idf_.astype(np.float32)
        arrays[prefix + "coef"] = model.coef_.astype(np.float32)
        arrays[prefix + "intercept"] = model.intercept_.astype(np.float32)
        vocabulary = [w for w, _ in sorted(features.tf.vocabulary_.items(), key=lambda kv: kv[1])]
        meta_models[name] = {"vocabulary": vocabulary, "model": model, "features": features}
        if context:
            assert features.ctx_tf is not None
            arrays["ctx_context_idf"] = features.ctx_tf.idf_.astype(np.float32)
            meta_models[name]["context_vocabulary"] = [
                w for w, _ in sorted(features.ctx_tf.vocabulary_.items(), key=lambda kv: kv[1])]
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / ARTIFACT, **arrays)
    classifier = f"logistic regression, C={C}, class_weight=balanced (scikit-learn {sklearn_version})"
    meta = {
        "classes": CLASSES, "vocabulary": meta_models["plain"]["vocabulary"], "embedding_weight": EMBEDDING_WEIGHT,
        "embedding_model": MODEL_ID,
        "features": "all-MiniLM-L6-v2 sentence embedding (384) + TF-IDF word 1-2-grams (min_df 2, sublinear tf)",
        "classifier": classifier,
        "data": {"file": args.data.name, "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
                 "utterances": len(t), "transcripts": len(set(groups)),
                 "class_share": {c: round(float(np.mean(y == c)), 3) for c in CLASSES}},
        "evaluation": plain_ev,
        "context": {"vocabulary": meta_models["ctx"]["vocabulary"],
                    "context_vocabulary": meta_models["ctx"]["context_vocabulary"],
                    "features": "as without context, plus the embedding and TF-IDF word 1-2-grams of the utterance "
                                "before (empty at the start of a transcript)",
                    "classifier": classifier, **context_ev},
    }
    (args.out / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    # The numpy inference must give the classifiers' own probabilities.
    shipped = TalkTypeModel.load(args.out, embedder=embedder)
    for name, contexts in (("plain", None), ("ctx", list(b[:300]))):
        m = meta_models[name]
        ours = shipped.probabilities(list(t[:300]), contexts)
        theirs = m["model"].predict_proba(m["features"](t[:300], dense[:300], b[:300], before_dense[:300]))
        gap = float(np.abs(ours - theirs).max())
        print(f"{name}: numpy vs scikit-learn max probability gap {gap:.2e}")
        assert gap < 1e-4
    print(f"wrote {args.out / ARTIFACT} ({(args.out / ARTIFACT).stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
