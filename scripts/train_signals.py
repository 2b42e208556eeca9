"""Train the statement model (quitting, surface, stale, irritation, fit_conduct, insight) and measure it.

    .venv/bin/python scripts/train_signals.py [--annomi FILE.csv] [--develop]

Data (docs/text.md, docs/model-card.md):
- labelled sentences: tests/data/signals_train.tsv and the older statements*.tsv sets (each row's
  kinds; '-' for none), the crisis training sentences (crisis only: negatives for every kind here);
- ordinary sentences, negatives for every kind: tests/data/everyday.tsv and every sentence of every
  AnnoMI client utterance.

Every figure on training data is **cross-fitted** (5 folds; AnnoMI by transcript_id). Each kind's
threshold is the one with the best cross-fitted F1 on the labelled sentences (rules and model
together, as shipped) among those that fire the kind on at most MAX_ORDINARY of the AnnoMI client
utterances. The sentences of tests/data/signals_untouched.tsv, written after all of this and never
used to choose anything, are then scored once by the shipped rules and model; every figure goes
into src/midcourse/data/statements.json beside the weights (statements.npz).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn import __version__ as sklearn_version
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from train_crisis import DATA, SHARED, read_column

from midcourse.text.embeddings import MODEL_ID, CachedEmbedder, MiniLM
from midcourse.text.evaluate import annomi_sentences, normal, read_labelled, score
from midcourse.text.linear import LinearModel
from midcourse.text.semantic import MODEL_KINDS, NAME, HybridSignals
from midcourse.text.signals import find_signals, semantic_guard

FOLDS = 5
C = 16.0
POSITIVE_SHARE = 0.5  # the positives of a kind weigh this share of all training weight
MAX_ADDED = 0.001  # the model may add at most this share of AnnoMI client utterances to what a kind's rules fire on
GRID = [round(float(1 / (1 + np.exp(-z))), 5) for z in np.arange(-2.0, 8.25, 0.25)]
LABELLED = ["signals_train.tsv", "statements.tsv", "statements_holdout.tsv", "statements_untouched.tsv"]
UNTOUCHED = "signals_untouched.tsv"


def fit(x, y: np.ndarray) -> LogisticRegression:
    positive = POSITIVE_SHARE / max(y.mean(), 1e-9)
    negative = (1 - POSITIVE_SHARE) / max(1 - y.mean(), 1e-9)
    return LogisticRegression(C=C, max_iter=5000).fit(x, y, sample_weight=np.where(y, positive, negative))


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)


def features(dense: np.ndarray, words) -> csr_matrix:
    """The sentence vector and the word 1-2-grams side by side."""
    return hstack([csr_matrix(dense), words]).tocsr()


def rule_kinds(texts: list[str]) -> list[set[str]]:
    return [{s.kind for s in find_signals(t)} - {"crisis"} for t in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annomi", type=Path, default=SHARED / "annomi" / "annomi_simple_train.csv")
    parser.add_argument("--develop", action="store_true",
                        help="cross-fitted figures only: neither the untouched sentences nor the artifact")
    args = parser.parse_args()

    untouched_path = DATA / UNTOUCHED
    held = {normal(t) for _, t in read_labelled(untouched_path)} if untouched_path.exists() else set()
    held |= {normal(t) for t in read_column(DATA / "crisis_untouched.tsv")}
    labelled = [(e - {"crisis"}, t) for name in LABELLED + ["crisis_train.tsv"]
                for e, t in read_labelled(DATA / name) if normal(t) not in held]
    everyday = read_column(DATA / "everyday.tsv")
    genuine = {normal(t) for t in read_column(DATA / "annomi_crisis.tsv")}
    annomi, transcripts, utterance_of = annomi_sentences(args.annomi)
    texts = [t for _, t in labelled] + everyday + annomi
    n_lab, n_every = len(labelled), len(everyday)
    source = np.array(["labelled"] * n_lab + ["everyday"] * n_every + ["annomi"] * len(annomi))
    rng = np.random.default_rng(0)
    fold = np.concatenate([rng.integers(0, FOLDS, n_lab + n_every), np.array(transcripts) % FOLDS])
    counts = {k: sum(k in e for e, _ in labelled) for k in MODEL_KINDS}
    print(f"{n_lab} labelled sentences ({counts}), {n_every} everyday, {len(annomi)} AnnoMI client sentences")

    embedder = CachedEmbedder(MiniLM())
    x = embedder.embed(texts)
    rules = rule_kinds(texts)
    guarded = {k: np.array([semantic_guard(k, t) for t in texts]) for k in MODEL_KINDS}
    # A sentence genuinely about the client's own crisis in AnnoMI is no ordinary sentence for crisis,
    # but it is one for these kinds: kept.
    del genuine

    crossfit = np.zeros((len(texts), len(MODEL_KINDS)))
    t = np.array(texts, dtype=object)
    for k in range(FOLDS):
        words = vectorizer().fit(t[fold != k])
        train_x = features(x[fold != k], words.transform(t[fold != k]))
        test_x = features(x[fold == k], words.transform(t[fold == k]))
        for j, kind in enumerate(MODEL_KINDS):
            y = np.array([kind in e for e, _ in labelled] + [False] * (n_every + len(annomi)))
            crossfit[fold == k, j] = fit(train_x, y[fold != k]).predict_proba(test_x)[:, 1]

    utterances = np.array([""] * (n_lab + n_every) + utterance_of)
    annomi_rows = source == "annomi"
    n_utterances = len(set(utterance_of))
    expected = [e for e, _ in labelled]

    def fired(j: int, kind: str, threshold: float) -> np.ndarray:
        rule = np.array([kind in r for r in rules])
        return rule | ((crossfit[:, j] >= threshold) & ~guarded[kind])

    thresholds, chosen = {}, {}
    for j, kind in enumerate(MODEL_KINDS):
        best = None
        by_rules = len(set(utterances[np.array([kind in r for r in rules]) & annomi_rows])) / n_utterances
        for threshold in GRID:
            f = fired(j, kind, threshold)
            ordinary = len(set(utterances[f & annomi_rows])) / n_utterances
            if ordinary > by_rules + MAX_ADDED:
                continue
            s = score([{kind} & e for e in expected], [{kind} if v else set() for v in f[:n_lab]])
            f1 = next(x for x in s if x.kind == kind).f1
            if best is None or f1 > best[0]:
                best = (f1, threshold)
        assert best is not None, kind
        thresholds[kind] = best[1]
        chosen[kind] = fired(j, kind, best[1])

    found = [{k for k in MODEL_KINDS if chosen[k][i]} for i in range(len(texts))]
    crossfitted_scores = {s.kind: {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
                                   "f1": round(s.f1, 3)}
                          for s in score(expected, found[:n_lab]) if s.kind in MODEL_KINDS}
    rules_scores = {s.kind: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}
                    for s in score(expected, rules[:n_lab]) if s.kind in MODEL_KINDS}
    any_kind = np.array([bool(f) for f in found])
    annomi_fired = {k: len(set(utterances[chosen[k] & annomi_rows])) for k in MODEL_KINDS}
    crossfitted = {
        "thresholds": thresholds, "labelled": crossfitted_scores, "labelled_rules_only": rules_scores,
        "annomi_utterances": n_utterances,
        "annomi_utterances_fired_any_kind": len(set(utterances[any_kind & annomi_rows])),
        "annomi_utterances_fired": annomi_fired,
        "everyday_fired_any_kind": int(any_kind[source == "everyday"].sum()), "everyday_sentences": n_every,
        "annomi_fired_examples": {k: [texts[i] for i in np.flatnonzero(chosen[k] & annomi_rows)][:15]
                                  for k in MODEL_KINDS},
        "everyday_fired": [f"{sorted(found[i])}: {texts[i]}" for i in np.flatnonzero(any_kind & (source == "everyday"))],
    }
    print_crossfitted(crossfitted)
    if args.develop:
        if os.environ.get("SHOW_ERRORS"):
            for i, (e, t) in enumerate(labelled):
                if e != found[i]:
                    print(f"  error: expected {sorted(e)} found {sorted(found[i])}: {t}")
        return

    t = np.array(texts, dtype=object)
    words = vectorizer().fit(t)
    all_x = features(x, words.transform(t))
    dim = x.shape[1]
    coef, intercept = [], []
    for kind in MODEL_KINDS:
        y = np.array([kind in e for e, _ in labelled] + [False] * (n_every + len(annomi)))
        m = fit(all_x, y)
        coef.append(m.coef_[0])
        intercept.append(m.intercept_[0])
    out = ROOT / "src" / "midcourse" / "data"
    coefficients = np.array(coef, dtype=np.float32)
    meta: dict = {
        "kinds": list(MODEL_KINDS), "thresholds": thresholds, "embedding_model": MODEL_ID,
        "features": "all-MiniLM-L6-v2 sentence vector (384) and TF-IDF of word 1-2-grams (min_df 2, sublinear tf)",
        "classifier": f"logistic regression per kind, C={C}, positives weighted to {POSITIVE_SHARE:.0%} of the "
                      f"training weight (scikit-learn {sklearn_version})",
        "threshold_rule": f"best cross-fitted F1 on the labelled sentences with the model adding at most {MAX_ADDED:.2%} "
                          "of AnnoMI client utterances to those the kind's rules fire on",
        "data": {"labelled": LABELLED + ["crisis_train.tsv"], "labelled_sentences": n_lab, "positives": counts,
                 "everyday": n_every, "annomi_file": args.annomi.name,
                 "annomi_sha256": hashlib.sha256(args.annomi.read_bytes()).hexdigest(),
                 "annomi_sentences": len(annomi), "annomi_utterances": n_utterances},
        "evaluation": {"crossfitted": crossfitted},
    }
    shipped = LinearModel(list(MODEL_KINDS), coefficients[:, :dim], coefficients[:, dim:],
                          np.array(intercept, dtype=np.float32), dict(words.vocabulary_),
                          words.idf_.astype(np.float32), meta)
    hybrid = HybridSignals(embedder, shipped)
    if untouched_path.exists():
        rows = read_labelled(untouched_path)
        got = [{s.kind for s in sig} - {"crisis"} for sig in hybrid.signals([t for _, t in rows])]
        want = [e - {"crisis"} for e, _ in rows]
        meta["evaluation"]["untouched"] = {
            "file": f"tests/data/{UNTOUCHED}", "sentences": len(rows),
            "per_kind": {s.kind: {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
                                  "f1": round(s.f1, 3), "positives": s.tp + s.fn}
                         for s in score(want, got) if s.kind in MODEL_KINDS},
            "rules_only": {s.kind: round(s.f1, 3) for s in score(want, rule_kinds([t for _, t in rows]))
                           if s.kind in MODEL_KINDS},
            "errors": [f"{t} | expected {sorted(w)} | found {sorted(g)}"
                       for (_, t), w, g in zip(rows, want, got, strict=True) if w != g]}
    shipped_ordinary = hybrid.signals(annomi)
    fired_utterances = {u for u, sig in zip(utterance_of, shipped_ordinary, strict=True)
                        if {s.kind for s in sig} & set(MODEL_KINDS)}
    meta["evaluation"]["shipped_on_annomi"] = {"utterances_fired_any_kind": len(fired_utterances),
                                               "utterances": n_utterances}
    shipped.save(NAME, out)
    if "untouched" in meta["evaluation"]:
        u = meta["evaluation"]["untouched"]
        print(f"untouched ({u['sentences']} sentences): " + ", ".join(
            f"{k} F1 {v['f1']:.2f} (P {v['precision']:.2f} R {v['recall']:.2f}, rules only {u['rules_only'][k]:.2f})"
            for k, v in u["per_kind"].items()))
    print(f"shipped model on AnnoMI: {len(fired_utterances)} of {n_utterances} client utterances fire a kind")


def print_crossfitted(c: dict) -> None:
    print("thresholds:", c["thresholds"])
    for kind, s in c["labelled"].items():
        r = c["labelled_rules_only"][kind]
        print(f"  {kind:12} cross-fitted F1 {s['f1']:.3f} (P {s['precision']:.3f} R {s['recall']:.3f}); rules only "
              f"{r['f1']:.3f}; AnnoMI utterances fired {c['annomi_utterances_fired'][kind]}")
    print(f"AnnoMI utterances firing any kind: {c['annomi_utterances_fired_any_kind']} of {c['annomi_utterances']}; "
          f"everyday sentences: {c['everyday_fired_any_kind']} of {c['everyday_sentences']}")
    for kind, examples in c["annomi_fired_examples"].items():
        for t in examples:
            print(f"  AnnoMI {kind}: {t}")
    for t in c["everyday_fired"]:
        print(f"  everyday {t}")


if __name__ == "__main__":
    main()
