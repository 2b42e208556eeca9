"""Statements: the rules and their guards, and rules + models against sentences never used to tune them."""

import json
from pathlib import Path

import pytest

from midcourse.text.embeddings import available
from midcourse.text.evaluate import evaluate, read_labelled, score
from midcourse.text.signals import find_signals, kinds

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
SETS = ["statements.tsv", "statements_holdout.tsv"]
RULE_KINDS = ("quitting", "surface", "stale", "irritation", "fit_conduct", "insight")
needs_model = pytest.mark.skipif(not available(), reason="the ONNX model or onnxruntime is not installed")

# The issue's new phrasings, one per kind, and its hard negatives.
ISSUE_EXAMPLES = [
    ("I keep finding reasons to move my Thursday slot", "quitting"),
    ("every time we got near my mum I made a joke", "surface"),
    ("it felt like the same session as last week", "stale"),
    ("I was short with him and regretted it", "irritation"),
    ("he read his emails while I talked", "fit_conduct"),
    ("I finally get why I always apologise first", "insight"),
]
HARD_NEGATIVES = [
    "I don't see why I should stop, drinking helps me relax.",
    "She asked me whether I was thinking about quitting therapy.",
    "He asked if I wanted to take a break from the sessions.",
    "My sister keeps changing the subject.", "My dad repeats the same stories over and over.",
    "I realised I had left the oven on.", "I quit smoking last month.", "I want to quit my job.",
    "My friend stopped therapy.", "I'm not thinking about quitting.", "Stuck in traffic, I was late.",
    "I felt judged by my in-laws.", "She asked about my father again.", "Talked about my sister.",
    "My friend was on her phone all through dinner.", "This workout is killing me.",
    # The demo's breakthrough notes: exploring a pattern in session, naming it as it happens.
    "Talked about what I never said to him.", "We looked at how I go quiet when something matters.",
    "Caught myself changing the subject and said so.",
]


@needs_model
@pytest.mark.parametrize(("text", "kind"), [
    ("I know I'm allowed to be annoyed, and I'm annoyed with her for being late again.", "irritation"),
    ("It's normal to feel frustrated, but I'm really irritated with my therapist.", "irritation"),
    ("I caught myself changing the subject and told him about my weekend instead.", "surface"),
    ("I thought about it for the whole hour but didn't bring it up.", "surface"),
])
def test_the_guards_rule_out_only_their_own_clause(hybrid, text, kind):
    """Permission to feel, naming a pattern, and exploring it in session leave a second clause's sign standing."""
    [found] = hybrid.signals([text])
    assert kind in [s.kind for s in found]


@needs_model
def test_permission_to_be_angry_is_insight_not_irritation(hybrid):
    [found] = hybrid.signals(["I realized today that I'm allowed to be angry at him."])
    assert [s.kind for s in found] == ["insight"]


@pytest.mark.parametrize("name", SETS)
def test_the_rules_keep_their_f1_on_the_sets_they_were_written_for(name):
    scores, _ = evaluate(read_labelled(DATA / name))
    low = {s.kind: round(s.f1, 3) for s in scores if s.kind in RULE_KINDS and s.f1 < 0.85}
    assert low == {}


def test_the_sets_are_large_and_cover_every_kind():
    rows = [row for name in SETS + ["signals_train.tsv"] for row in read_labelled(DATA / name)]
    for kind in RULE_KINDS:
        assert sum(kind in expected for expected, _ in rows) >= 150, kind
    assert sum(not expected for expected, _ in rows) >= 300


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_rules_keep_to_the_hard_negatives(text):
    assert kinds(text) == []


def test_evidence_is_the_sentence_and_the_span_points_at_the_words():
    text = "Good week overall. I keep thinking about quitting therapy. Anyway."
    [signal] = find_signals(text)
    assert signal.kind == "quitting"
    assert signal.evidence == "I keep thinking about quitting therapy."
    assert text[signal.start:signal.end] in ("thinking about quitting therapy", "quitting therapy",
                                             "thinking about quitting")


def test_one_text_can_hold_several_kinds_in_order():
    text = "I felt judged and I changed the subject. I realized I was scared."
    assert kinds(text) == ["surface", "irritation", "insight"]


@pytest.fixture(scope="module")
def hybrid():
    """Rules, the crisis detector and the statement model (loaded once for the module)."""
    from midcourse.text.embeddings import CachedEmbedder, MiniLM
    from midcourse.text.semantic import HybridSignals

    return HybridSignals(CachedEmbedder(MiniLM()))


@needs_model
@pytest.mark.parametrize(("text", "kind"), ISSUE_EXAMPLES)
def test_the_issues_new_phrasings_are_caught(hybrid, text, kind):
    [found] = hybrid.signals([text])
    assert [s.kind for s in found] == [kind]
    assert found[0].evidence == text


@needs_model
@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_rules_and_models_keep_to_the_hard_negatives(hybrid, text):
    assert hybrid.signals([text]) == [[]]


@needs_model
def test_untouched_figures_are_what_the_artifact_records(hybrid):
    """signals_untouched.tsv, written last and never used to tune: F1 >= 0.85 per kind (docs/text.md)."""
    from midcourse.text.semantic import load_model

    rows = read_labelled(DATA / "signals_untouched.tsv")
    for kind in RULE_KINDS:
        assert sum(kind in e for e, _ in rows) >= 60, kind
    found = [{s.kind for s in sig} - {"crisis"} for sig in hybrid.signals([t for _, t in rows])]
    measured = {s.kind: round(s.f1, 3) for s in score([e for e, _ in rows], found) if s.kind in RULE_KINDS}
    recorded = load_model().meta["evaluation"]["untouched"]["per_kind"]
    assert measured == {k: v["f1"] for k, v in recorded.items()}
    assert min(measured.values()) >= 0.85


@needs_model
def test_false_signals_on_annomi_are_what_the_artifact_records(hybrid, shared_data):
    from midcourse.text.evaluate import annomi_sentences
    from midcourse.text.semantic import MODEL_KINDS, load_model

    texts, _, utterance_of = annomi_sentences(shared_data / "annomi" / "annomi_simple_train.csv")
    fired = {u for u, sig in zip(utterance_of, hybrid.signals(texts), strict=True)
             if {s.kind for s in sig} & set(MODEL_KINDS)}
    meta = load_model().meta["evaluation"]
    assert len(fired) == meta["shipped_on_annomi"]["utterances_fired_any_kind"]
    crossfitted = meta["crossfitted"]
    assert crossfitted["annomi_utterances_fired_any_kind"] / crossfitted["annomi_utterances"] <= 0.01


def test_the_docs_carry_the_artifacts_figures():
    meta = json.loads((ROOT / "src" / "midcourse" / "data" / "statements.json").read_text())
    text = (ROOT / "docs" / "text.md").read_text()
    card = (ROOT / "docs" / "model-card.md").read_text()
    for kind, figures in meta["evaluation"]["untouched"]["per_kind"].items():
        row = f"| {kind} | {figures['f1']:.2f} |"
        assert row in text and row in card, row
