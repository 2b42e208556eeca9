"""Train the crisis model and measure the crisis detector: recall on crisis statements, false alarms on ordinary talk.

    .venv/bin/python scripts/train_crisis.py [--annomi FILE.csv]

Data (docs/text.md, docs/model-card.md):
- positives: tests/data/crisis_train.tsv and crisis_train_2.tsv (crisis rows) and the crisis rows of
  the older statements*.tsv sets, leaving out any sentence that is also in an untouched set;
- negatives: the hard negatives of the crisis_train sets (idioms, injuries, medication routines, other
  people's deaths, crises that are over, denials), tests/data/everyday.tsv, the other rows of the
  statements sets, and every sentence of every AnnoMI client utterance except the ones listed in
  tests/data/annomi_crisis.tsv (a client speaking of their own cutting and suicidal thoughts).

Every figure on training data is **cross-fitted**: each sentence is scored by a model that did not
see it (5 folds; AnnoMI by transcript_id, never by utterance). The two thresholds are chosen on those
figures: the highest recall of the training positives with at most MAX_FALSE_ALARMS of the ordinary
sentences (AnnoMI and the everyday set) firing. The untouched sets are then scored with the model
fitted on everything, which is written to src/midcourse/data/crisis.npz and crisis.json with every
figure: crisis_untouched.tsv and crisis_untouched_2.tsv (statements), and crisis_untouched_3.tsv with
ordinary_untouched.tsv (statements and hard ordinary sentences written blind, by someone who never
saw the detector). They are never used to choose anything.
"""

from __future__ import annotations

import argparse
import csv
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

from midcourse.text.crisis import NAME, CrisisDetector, CrisisModel, decide, has_context, rule_match
from midcourse.text.embeddings import MODEL_ID, CachedEmbedder, MiniLM
from midcourse.text.evaluate import annomi_sentences, normal, read_labelled
from midcourse.text.exemplars import Exemplars, top_mean
from midcourse.text.linear import LinearModel

DATA = ROOT / "tests" / "data"
SHARED = Path(os.environ.get("MIDCOURSE_SHARED_DATA") or ROOT.parent / "shared" / "data")
FOLDS = 5
C = 2.0
POSITIVE_WEIGHT = 4.0  # each positive counts this much against the (many more) negatives
MAX_FALSE_ALARMS = 0.0008  # the thresholds may let at most this share of ordinary sentences fire
# Nearest-exemplar features: per group (the crisis statements, the hard negatives), the mean cosine
# similarity to a sentence's TOP nearest exemplars of the training data, times SCALE.
TOP = 3
SCALE = 10.0
# Thresholds tried: evenly spaced in log-odds, from 0.05 to 0.9999.
GRID = [round(float(1 / (1 + np.exp(-z))), 5) for z in np.arange(-3.0, 9.25, 0.25)]


def fingerprint(texts: list[str]) -> str:
    """The SHA-256 of sentences, one per line, in file order (tests/test_crisis.py computes the same)."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


def read_column(path: Path, column: str = "text") -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [r[column] for r in csv.DictReader(handle, delimiter="\t")]


def fit(x, y: np.ndarray) -> LogisticRegression:
    weights = np.where(y, POSITIVE_WEIGHT, 1.0)
    return LogisticRegression(C=C, max_iter=5000).fit(x, y, sample_weight=weights)


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)


def features(dense: np.ndarray, words, near: np.ndarray) -> csr_matrix:
    """The sentence vector, the word 1-2-grams and the nearest-exemplar features side by side."""
    return hstack([csr_matrix(dense), words, csr_matrix(near)]).tocsr()


def exemplar_features(x: np.ndarray, rows: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """(rows x groups) as Exemplars.features computes them, except that a sentence is never its own
    exemplar (x holds the vectors as the exemplar file stores them: float16, L2-normalised)."""
    cols = []
    for group in groups:
        similarities = x[rows] @ x[group].T
        similarities[rows[:, None] == group[None, :]] = -1.0
        cols.append(top_mean(similarities, TOP))
    return np.column_stack(cols) * SCALE


class Parts:
    """What decide() needs besides the probability, worked out once per sentence."""

    def __init__(self, texts: list[str]):
        self.rule = np.array([rule_match(t) is not None for t in texts])
        # Whether the model could fire at all (not guarded), and with a context word.
        self.open = np.array([decide(t, 1.0, 0.0, 0.0) is not None for t in texts]) & ~self.rule
        self.context = np.array([has_context(t) for t in texts])

    def fires(self, p: np.ndarray, alone: float, context: float) -> np.ndarray:
        return self.rule | (self.open & ((p >= alone) | ((p >= context) & self.context)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annomi", type=Path, default=SHARED / "annomi" / "annomi_simple_train.csv")
    parser.add_argument("--develop", action="store_true",
                        help="cross-fitted figures only: neither the untouched statements nor the artifact")
    args = parser.parse_args()

    untouched = read_column(DATA / "crisis_untouched.tsv")
    untouched_2 = read_column(DATA / "crisis_untouched_2.tsv")
    # Written blind, by someone who never saw the detector, its rules or its data; measured, never tuned on.
    blind = read_column(DATA / "crisis_untouched_3.tsv") + read_column(DATA / "ordinary_untouched.tsv")
    held = {normal(t) for t in untouched + untouched_2 + blind}
    own = read_labelled(DATA / "crisis_train.tsv") + read_labelled(DATA / "crisis_train_2.tsv")
    # The second set names each sentence's form (explicit, implicit, plan, means, passive, self_harm; for the
    # negatives past, denial, idiom, others, medical, ordinary): its cross-fitted figures are reported by form.
    form_of = {normal(t): f for t, f in zip(read_column(DATA / "crisis_train_2.tsv"),
                                            read_column(DATA / "crisis_train_2.tsv", "form"), strict=True)}
    older = [row for name in ("statements.tsv", "statements_holdout.tsv", "statements_untouched.tsv")
             for row in read_labelled(DATA / name)]
    left_out = [t for e, t in own + older if normal(t) in held]
    labelled = [(("crisis" in e), t) for e, t in own + older if normal(t) not in held]
    everyday = read_column(DATA / "everyday.tsv")
    genuine = {normal(t) for t in read_column(DATA / "annomi_crisis.tsv")}
    annomi, transcripts, utterance_of = annomi_sentences(args.annomi)
    kept = [i for i, t in enumerate(annomi) if normal(t) not in genuine]
    genuine_found = [t for t in annomi if normal(t) in genuine]
    print(f"{sum(y for y, _ in labelled)} positives, {sum(not y for y, _ in labelled)} labelled negatives, "
          f"{len(everyday)} everyday, {len(kept)} AnnoMI client sentences ({len(set(transcripts))} transcripts); "
          f"{len(left_out)} training sentences left out as duplicates of untouched ones")

    texts = [t for _, t in labelled] + everyday + [annomi[i] for i in kept]
    y = np.array([y for y, _ in labelled] + [False] * (len(everyday) + len(kept)))
    source = np.array(["labelled"] * len(labelled) + ["everyday"] * len(everyday) + ["annomi"] * len(kept))
    rng = np.random.default_rng(0)
    fold = np.concatenate([rng.integers(0, FOLDS, len(labelled) + len(everyday)),
                           np.array([transcripts[i] % FOLDS for i in kept])])  # AnnoMI: by transcript
    embedder = CachedEmbedder(MiniLM())
    x = embedder.embed(texts)
    # The exemplars as shipped: float16, then L2-normalised as Exemplars.features normalises the query.
    xe = x.astype(np.float16).astype(np.float32)
    xe /= np.linalg.norm(xe, axis=1, keepdims=True)

    crossfit = np.zeros(len(y))
    t = np.array(texts, dtype=object)
    ordinary = source != "labelled"
    positives = y
    hard = (source == "labelled") & ~y
    for k in range(FOLDS):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        groups = [train[positives[train]], train[hard[train]]]
        words = vectorizer().fit(t[train])
        model = fit(features(x[train], words.transform(t[train]), exemplar_features(xe, train, groups)), y[train])
        crossfit[test] = model.predict_proba(features(x[test], words.transform(t[test]),
                                                      exemplar_features(xe, test, groups)))[:, 1]

    # Thresholds: the best cross-fitted recall within the false-alarm budget; ties go to fewer alarms.
    parts = Parts(texts)

    def best_within(budget: float) -> tuple[tuple[float, float, float], float, float]:
        best = None
        for alone in GRID:
            for context in [c for c in GRID if c <= alone]:
                f = parts.fires(crossfit, alone, context)
                alarms = float(f[ordinary].mean())
                if alarms > budget:
                    continue
                key = (float(f[positives].mean()), -alarms, -float(f[hard].mean()))
                if best is None or key > best[0]:
                    best = (key, alone, context)
        assert best is not None, "no thresholds meet the false-alarm budget"
        return best

    _, alone, context = best_within(MAX_FALSE_ALARMS)
    # What other budgets would buy (not shipped): the trade-off for docs/text.md.
    tradeoff = [{"false_alarm_budget": b, "training_recall": round(k[0], 3), "false_alarms": round(-k[1], 5)}
                for b in (0.0008, 0.002, 0.005, 0.01) for k, _, _ in [best_within(b)]]
    f = parts.fires(crossfit, alone, context)
    rules_only = parts.rule
    annomi_fired = [texts[i] for i in np.flatnonzero(f & (source == "annomi"))]
    everyday_fired = [texts[i] for i in np.flatnonzero(f & (source == "everyday"))]
    utterances_fired = {utterance_of[kept[i - len(labelled) - len(everyday)]]
                        for i in np.flatnonzero(f & (source == "annomi"))}
    crossfitted = {
        "thresholds": {"alone": alone, "context": context},
        "training_recall": round(float(f[positives].mean()), 4), "training_positives": int(positives.sum()),
        "training_recall_rules_only": round(float(rules_only[positives].mean()), 4),
        "hard_negatives_fired": int(f[hard].sum()), "hard_negatives": int(hard.sum()),
        "ordinary_fired": int(f[ordinary].sum()), "ordinary_sentences": int(ordinary.sum()),
        "annomi_fired": len(annomi_fired), "annomi_sentences": len(kept),
        "annomi_utterances_fired": len(utterances_fired), "annomi_utterances": len(set(utterance_of)),
        "everyday_fired": len(everyday_fired), "everyday_sentences": len(everyday),
        "annomi_fired_sentences": annomi_fired, "everyday_fired_sentences": everyday_fired,
        "hard_negatives_fired_sentences": [texts[i] for i in np.flatnonzero(f & hard)],
        "training_missed": [texts[i] for i in np.flatnonzero(~f & positives)],
        "second_set_by_form": by_form(texts, y, f, form_of),
        "tradeoff": tradeoff,
    }

    if args.develop:
        print_crossfitted(crossfitted)
        return
    words = vectorizer().fit(t)
    everything = np.arange(len(t))
    groups = [np.flatnonzero(positives), np.flatnonzero(hard)]
    final = fit(features(x, words.transform(t), exemplar_features(xe, everything, groups)), y)
    out = ROOT / "src" / "midcourse" / "data"
    dim, vocabulary = x.shape[1], len(words.vocabulary_)
    linear = LinearModel([NAME], final.coef_[:, :dim].astype(np.float32),
                         final.coef_[:, dim:dim + vocabulary].astype(np.float32), final.intercept_.astype(np.float32),
                         dict(words.vocabulary_), words.idf_.astype(np.float32), {})
    near = final.coef_[0, dim + vocabulary:]
    exemplars = Exemplars({"crisis": x[groups[0]], "hard_negative": x[groups[1]]},
                          {"crisis": float(near[0]), "hard_negative": float(near[1])}, TOP, SCALE)
    exemplars.save(NAME, out)
    exemplars = Exemplars.load(NAME, exemplars.meta, out)  # as shipped: float16
    detector = CrisisDetector(embedder, CrisisModel(linear, alone, context, exemplars))

    def detect(batch: list[str]) -> list[bool]:
        return [bool(s) for s in detector.signals(batch)]

    def untouched_figures(name: str, blind: bool = False) -> dict:
        texts_ = read_column(DATA / name)
        caught = detect(texts_)
        forms = read_column(DATA / name, "form")
        missed = [t for t, c in zip(texts_, caught, strict=True) if not c]
        return {"file": f"tests/data/{name}", "statements": len(texts_), "caught": int(sum(caught)),
                "recall": round(sum(caught) / len(texts_), 4),
                "by_form": {form: f"{sum(c for c, g in zip(caught, forms, strict=True) if g == form)}/"
                                  f"{forms.count(form)}" for form in dict.fromkeys(forms)},
                # A blind set's misses are kept as a fingerprint only, so that nobody tunes on them by reading them.
                **({"missed_sha256": fingerprint(missed)} if blind else {"missed": missed})}

    def ordinary_figures(name: str) -> dict:
        texts_ = read_column(DATA / name)
        fired = detect(texts_)
        kinds = read_column(DATA / name, "kind")
        return {"file": f"tests/data/{name}", "sentences": len(texts_), "fired": int(sum(fired)),
                "by_kind": {kind: f"{sum(f for f, k in zip(fired, kinds, strict=True) if k == kind)}/"
                                  f"{kinds.count(kind)}" for kind in dict.fromkeys(kinds)},
                "fired_sha256": fingerprint([t for t, f in zip(texts_, fired, strict=True) if f])}

    genuine_caught = detect(genuine_found)
    shipped_ordinary = detect(everyday + [annomi[i] for i in kept])
    meta = {
        "thresholds": {"alone": alone, "context": context}, "embedding_model": MODEL_ID,
        "features": "all-MiniLM-L6-v2 sentence vector (384), TF-IDF of word 1-2-grams (min_df 2, sublinear tf) "
                    f"and 2 nearest-exemplar features (mean cosine similarity to the {TOP} nearest crisis "
                    f"statements and hard negatives of the training data, times {SCALE:g}; a training sentence is "
                    "never its own exemplar)",
        "exemplars": exemplars.meta,
        "classifier": f"logistic regression, C={C}, positives weighted {POSITIVE_WEIGHT} "
                      f"(scikit-learn {sklearn_version})",
        "threshold_rule": f"highest cross-fitted training recall with at most {MAX_FALSE_ALARMS:.2%} of ordinary "
                          "sentences firing",
        "data": {"positives": int(y.sum()), "labelled_negatives": int(hard.sum()), "everyday": len(everyday),
                 "annomi_file": args.annomi.name,
                 "annomi_sha256": hashlib.sha256(args.annomi.read_bytes()).hexdigest(),
                 "annomi_sentences": len(kept), "annomi_transcripts": len(set(transcripts)),
                 "left_out_as_duplicates_of_untouched": len(left_out)},
        "evaluation": {
            "crossfitted": crossfitted,
            "untouched": untouched_figures("crisis_untouched.tsv"),
            "untouched_2": untouched_figures("crisis_untouched_2.tsv"),
            "untouched_3": untouched_figures("crisis_untouched_3.tsv", blind=True),
            "ordinary_untouched": ordinary_figures("ordinary_untouched.tsv"),
            "annomi_genuine": {"sentences": len(genuine_found), "caught": int(sum(genuine_caught)),
                               "missed": [t for t, c in zip(genuine_found, genuine_caught, strict=True) if not c]},
            "shipped_model_on_its_own_training_sentences": {"ordinary_fired": int(sum(shipped_ordinary)),
                                                            "ordinary_sentences": len(shipped_ordinary)},
        },
    }
    linear.meta = meta
    linear.save(NAME, out)

    print_crossfitted(crossfitted)
    for key in ("untouched", "untouched_2", "untouched_3"):
        u = meta["evaluation"][key]
        print(f"{u['file']}: caught {u['caught']} of {u['statements']} (recall {u['recall']:.3f}) {u['by_form']}")
    o = meta["evaluation"]["ordinary_untouched"]
    print(f"{o['file']}: fired on {o['fired']} of {o['sentences']} {o['by_kind']}")
    g = meta["evaluation"]["annomi_genuine"]
    print(f"AnnoMI sentences of the client's own crisis: caught {g['caught']} of {g['sentences']}")


def by_form(texts: list[str], y: np.ndarray, fired: np.ndarray, form_of: dict[str, str]) -> dict[str, str]:
    """Cross-fitted figures of crisis_train_2.tsv by form: crisis statements caught, negatives fired."""
    counts: dict[str, list[int]] = {}
    for text, positive, f in zip(texts, y, fired, strict=True):
        form = form_of.get(normal(text))
        if form is not None:
            c = counts.setdefault(f"{form} ({'caught' if positive else 'fired'})", [0, 0])
            c[0] += int(f)
            c[1] += 1
    return {k: f"{a}/{b}" for k, (a, b) in counts.items()}


def print_crossfitted(c: dict) -> None:
    print(f"thresholds: alone {c['thresholds']['alone']}, with a context word {c['thresholds']['context']}")
    print("trade-off (cross-fitted):", ", ".join(f"false alarms <= {t['false_alarm_budget']:.2%}: recall "
                                                  f"{t['training_recall']:.3f}" for t in c["tradeoff"]))
    print(f"cross-fitted: training recall {c['training_recall']:.3f} of {c['training_positives']} "
          f"(rules alone {c['training_recall_rules_only']:.3f}); ordinary sentences fired {c['ordinary_fired']} of "
          f"{c['ordinary_sentences']} (AnnoMI {c['annomi_fired']} of {c['annomi_sentences']}, utterances "
          f"{c['annomi_utterances_fired']} of {c['annomi_utterances']}; everyday {c['everyday_fired']} of "
          f"{c['everyday_sentences']}); hard negatives fired {c['hard_negatives_fired']} of {c['hard_negatives']}")
    print("crisis_train_2.tsv by form (cross-fitted):", c["second_set_by_form"])
    for name in ("annomi_fired_sentences", "everyday_fired_sentences", "hard_negatives_fired_sentences",
                 "training_missed"):
        for t in c[name]:
            print(f"  {name}: {t}")


if __name__ == "__main__":
    main()
