"""Train the client talk-type model on AnnoMI and write it into the package.

    .venv/bin/python scripts/train_talk_type.py [--data ../shared/data/annomi/annomi_simple_train.csv]

Evaluates by 5-fold cross-validation grouped by transcript (utterances of one transcript never
sit on both sides), prints the figures, then fits on all the data and writes
src/midcourse/data/talk_type.npz and talk_type.json (vocabulary, classes, provenance, figures).
Needs scikit-learn (a development dependency); the shipped model runs on numpy alone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
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


def fit(texts: np.ndarray, labels: np.ndarray, dense: np.ndarray) -> tuple[TfidfVectorizer, LogisticRegression]:
    tf = vectorizer()
    x = hstack([csr_matrix(dense * EMBEDDING_WEIGHT), tf.fit_transform(texts)]).tocsr()
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, labels)
    return tf, model


def predict(tf: TfidfVectorizer, model: LogisticRegression, texts: np.ndarray, dense: np.ndarray) -> np.ndarray:
    return model.predict(hstack([csr_matrix(dense * EMBEDDING_WEIGHT), tf.transform(texts)]).tocsr())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/annomi/annomi_simple_train.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "src/midcourse/data")
    args = parser.parse_args()

    texts, _, labels, groups = read(args.data)
    t, y, g = np.array(texts, dtype=object), np.array(labels), np.array(groups)
    print(f"{len(t)} client utterances in {len(set(groups))} transcripts")
    started = time.perf_counter()
    dense = CachedEmbedder(MiniLM()).embed(texts)
    print(f"embedded in {time.perf_counter() - started:.1f} s")

    predictions = np.empty(len(y), dtype=object)
    fold_f1 = []
    for train, test in GroupKFold(FOLDS).split(t, y, g):
        assert not set(g[train]) & set(g[test])
        tf, model = fit(t[train], y[train], dense[train])
        predictions[test] = predict(tf, model, t[test], dense[test])
        fold_f1.append(float(f1_score(y[test], predictions[test], average="macro")))
    macro = float(f1_score(y, predictions, average="macro"))
    p, r, f, support = precision_recall_fscore_support(y, predictions, labels=CLASSES)
    per_class = {c: {"precision": round(float(p[i]), 3), "recall": round(float(r[i]), 3),
                     "f1": round(float(f[i]), 3), "support": int(support[i])} for i, c in enumerate(CLASSES)}
    confusion = confusion_matrix(y, predictions, labels=CLASSES).tolist()
    print(f"grouped {FOLDS}-fold CV macro-F1 {macro:.4f} (folds {', '.join(f'{x:.3f}' for x in fold_f1)})")
    for c, v in per_class.items():
        print(f"  {c:8} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} n {v['support']}")
    print("  confusion (rows true, columns predicted; change, neutral, sustain):", confusion)

    tf, model = fit(t, y, dense)
    assert list(model.classes_) == CLASSES
    vocabulary = [w for w, _ in sorted(tf.vocabulary_.items(), key=lambda kv: kv[1])]
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / ARTIFACT, idf=tf.idf_.astype(np.float32),
                        coef=model.coef_.astype(np.float32), intercept=model.intercept_.astype(np.float32))
    meta = {
        "classes": CLASSES, "vocabulary": vocabulary, "embedding_weight": EMBEDDING_WEIGHT,
        "embedding_model": MODEL_ID,
        "features": "all-MiniLM-L6-v2 sentence embedding (384) + TF-IDF word 1-2-grams (min_df 2, sublinear tf)",
        "classifier": f"logistic regression, C={C}, class_weight=balanced (scikit-learn {sklearn_version})",
        "data": {"file": args.data.name, "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
                 "utterances": len(t), "transcripts": len(set(groups)),
                 "class_share": {c: round(float(np.mean(y == c)), 3) for c in CLASSES}},
        "evaluation": {"method": f"GroupKFold({FOLDS}) by transcript_id", "macro_f1": round(macro, 4),
                       "fold_macro_f1": [round(x, 4) for x in fold_f1], "per_class": per_class,
                       "confusion": confusion},
    }
    (args.out / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    # The numpy inference must give the classifier's own probabilities.
    shipped = TalkTypeModel.load(args.out, embedder=CachedEmbedder(MiniLM()))
    sample = t[:300]
    ours = shipped.probabilities(list(sample))
    theirs = model.predict_proba(hstack([csr_matrix(dense[:300] * EMBEDDING_WEIGHT), tf.transform(sample)]).tocsr())
    gap = float(np.abs(ours - theirs).max())
    print(f"wrote {args.out / ARTIFACT} ({(args.out / ARTIFACT).stat().st_size // 1024} KiB); "
          f"numpy vs scikit-learn max probability gap {gap:.2e}")
    assert gap < 1e-4


if __name__ == "__main__":
    main()
