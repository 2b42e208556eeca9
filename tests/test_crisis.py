"""The crisis detector: rules, lexicon, model and guards, and its figures against the shipped artifacts."""

import csv
import hashlib
import json
from pathlib import Path

import pytest

from midcourse.text.crisis import CrisisDetector, CrisisModel, guarded, has_context, lexicon, rule_match
from midcourse.text.embeddings import available

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
needs_model = pytest.mark.skipif(not available(), reason="the ONNX model or onnxruntime is not installed")

# The sentences that raised a false crisis, and its idioms: none may fire.
MUST_NOT_FIRE = [
    "I took my pills this morning.", "I cut my hair short today.", "At the end of the day I want to feel better.",
    "I really want to cut down on drinking, for my kids.", "I cut my hand while cooking",
    "I'm killing it at work lately", "I could die laughing at that show",
    "I could murder a curry tonight.",  # the cohort simulation's false alarm (the model alone gave it 0.92)
]
OTHER_HARD_NEGATIVES = [
    "This workout is killing me.", "I'm dying to see it.", "We talked about my father's suicide.",
    "Years ago I was suicidal, but I'm safe now.", "My uncle killed himself when I was a child.",
    "I'm not suicidal, just really tired.", "I have no plans to harm myself.", "I crossed the bridge on my walk to work.",
    "I changed the blade on the lawnmower.", "I overdosed on chocolate at Christmas.",
    "I don't want to wake up early on my day off.", "I don't want to live in London anymore.",
    # crises placed far in the past or over, denials, and figures of speech (the kinds a blind set's false alarms
    # were of; these sentences are the project's own)
    "I used to cut, back in my teens.", "I tried to kill myself once, a long time ago.",
    "I used to wish I wouldn't wake up.", "I remember wanting to die at my lowest, which feels a world away now.",
    "Back then I wanted to die, now I want to live.", "Suicide has never crossed my mind.",
    "Ending my life isn't on the table for me.", "I have no intention of ending my life.",
    "This traffic will be the death of me.", "Honestly that presentation was career suicide.",
    "I shot myself in the foot by missing the deadline.", "My therapist helped me stop wanting to die.",
    "I made an attempt at baking bread.", "We picked the date for the wedding.", "I threw myself into work.",
    "I'm done with life admin for today.", "I want to be in the ground floor flat.", "I long for the weekend.",
    # ordinary sentences in the words of the rules written from the training statements (a review's list)
    "My attempt at making bread failed.", "My attempt to explain went badly.", "My attempt on the crossword took an hour.",
    "I've picked the date for my sister's wedding.", "I've chosen the day for the barbecue.",
    "I won't be here for the summer, I'm going to Spain.", "I won't be here by the end of the month, we're moving.",
    "I'm going to go through with it and quit my job.", "I threw myself off the diving board.",
    "I threw myself in front of the ball.", "I scalded myself with the kettle.", "I stuck pins in my map.",
    "I'd like to disappear forever from social media.", "I want to be dead honest with you.",
    "I long for death metal concerts.", "That meeting was a waste of space and time.",
    "I don't have any plans to hurt myself but maybe I am depressed.",
]
# A crisis in the past brought back into the present: the past guard stands aside.
BACK_AGAIN = [
    "I used to think about suicide and I still do most days.",
    "Years ago I overdosed, and lately I've been thinking about doing it again.",
    "I was doing better, but the thoughts of killing myself are back again.",
    "I haven't self-harmed in years, but last night I did.",
    "I'm not suicidal usually, but tonight I am.",
    "I don't know how to stop wanting to kill myself.",  # not over: the guard once read any "stop wanting" so
]
# Statements that words of time or denial near them do not take back (a review's list): each must fire by rule.
NOT_TAKEN_BACK = [
    "I no longer want to live.", "I no longer want to be alive.", "I want to die and I'm no longer able to cope.",
    "I feel like I'm at my worst and I want to end it all.", "I want to end my life, I'm not used to feeling this way.",
    "I want to kill myself, I never used to feel like this.", "I want to kill myself but I won't.",
    "I think about killing myself every day, but I won't.", "I wish I were dead, but I don't.",
]


def read(name):
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def detector():
    """The shipped detector: rules, lexicon and model (the model loaded once for the module)."""
    from midcourse.text.embeddings import CachedEmbedder, MiniLM

    return CrisisDetector(CachedEmbedder(MiniLM()))


@pytest.mark.parametrize("text", MUST_NOT_FIRE + OTHER_HARD_NEGATIVES)
def test_rules_keep_to_the_hard_negatives(text):
    assert rule_match(text) is None


@needs_model
@pytest.mark.parametrize("text", MUST_NOT_FIRE + OTHER_HARD_NEGATIVES)
def test_the_detector_keeps_to_the_hard_negatives(detector, text):
    assert detector.signals([text]) == [[]]


@pytest.mark.parametrize("text", [
    "I made an attempt on my life at the weekend.", "I've lost the will to live.", "I tied a noose.",
    "I carved his name into my leg.", "I wish I had died in the accident.", "I'm ready to leave this world.",
    "I'm not planning on being here for the summer.", "I'm done fighting, I want to go now.",
    "I want to kill myself.", "I've been cutting again.", "Some nights I hope I don't wake up.",
    "I've been stockpiling my pills.", "Everyone would be better off without me.", "suicidal af tonight",
    "She asked if I had thoughts of suicide and I lied and said no, but I do.",
])
def test_rules_catch_explicit_statements_with_their_words(text):
    span = rule_match(text)
    assert span is not None and span[1] > span[0]


@pytest.mark.parametrize("text", NOT_TAKEN_BACK)
def test_a_statement_is_not_taken_back_by_words_of_time_or_intent_near_it(text):
    assert not guarded(text) and rule_match(text) is not None


@pytest.mark.parametrize("text", BACK_AGAIN)
def test_a_past_crisis_that_is_back_is_not_guarded(text):
    assert not guarded(text)


def test_a_lone_means_word_never_fires_by_rule_but_counts_as_context():
    for text in ("I stood on the bridge.", "I bought a new blade.", "I have my pills."):
        assert rule_match(text) is None
        assert has_context(text)


def test_the_lexicon_ships_with_its_licence_and_attribution():
    phrases = {p.phrase: p for p in lexicon()}
    assert len(phrases) > 300
    assert phrases["bridge"].use == "context" and phrases["blade"].use == "context"
    assert phrases["kill myself"].use == "alone"
    assert {p.construct for p in phrases.values()} >= {"Passive suicidal ideation", "Lethal means for suicide",
                                                       "Direct self-injury"}
    folder = ROOT / "src" / "midcourse" / "data" / "lexicon"
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert "Low, D. M." in (folder / "README.md").read_text()


@needs_model
@pytest.mark.parametrize(("name", "key"), [("crisis_untouched.tsv", "untouched"), ("crisis_untouched_2.tsv", "untouched_2")])
def test_untouched_recall_is_what_the_artifact_records(detector, name, key):
    """Recomputed from the shipped model: the untouched statements' recall (docs/text.md)."""
    rows = read(name)
    assert len(rows) >= 150
    caught = [bool(s) for s in detector.signals([r["text"] for r in rows])]
    recorded = CrisisModel.load().meta["evaluation"][key]
    assert sum(caught) == recorded["caught"]
    assert [r["text"] for r, c in zip(rows, caught, strict=True) if not c] == recorded["missed"]
    # Every explicit statement is caught ("I don't know how to stop wanting to kill myself." once was not: the past
    # guard read any "stop wanting" as over; docs/text.md).
    assert not [r["text"] for r, c in zip(rows, caught, strict=True) if not c and r["form"] == "explicit"]
    assert sum(caught) / len(rows) >= 0.85  # short of the 100% aimed for; the figures are in docs/text.md


@needs_model
def test_the_blind_sets_figures_are_what_the_artifact_records(detector):
    """Statements and hard ordinary sentences written by someone who never saw the detector: measured, never
    tuned on (docs/text.md). The figures are far from the targets; this test keeps them honest."""
    statements, ordinary = read("crisis_untouched_3.tsv"), read("ordinary_untouched.tsv")
    assert len(statements) >= 300 and len(ordinary) >= 1200
    evaluation = CrisisModel.load().meta["evaluation"]
    caught = [bool(s) for s in detector.signals([r["text"] for r in statements])]
    assert sum(caught) == evaluation["untouched_3"]["caught"]
    assert fingerprint([r["text"] for r, c in zip(statements, caught, strict=True) if not c]) == \
        evaluation["untouched_3"]["missed_sha256"]
    fired = [bool(s) for s in detector.signals([r["text"] for r in ordinary])]
    assert sum(fired) == evaluation["ordinary_untouched"]["fired"]
    assert fingerprint([r["text"] for r, f in zip(ordinary, fired, strict=True) if f]) == \
        evaluation["ordinary_untouched"]["fired_sha256"]


def fingerprint(texts):
    """As scripts/train_crisis.py keeps a blind set's misses: a SHA-256, not the sentences."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


@needs_model
def test_false_alarms_on_the_everyday_sentences(detector):
    everyday = [r["text"] for r in read("everyday.tsv")]
    fired = [t for t, s in zip(everyday, detector.signals(everyday), strict=True) if s]
    assert fired == []


@needs_model
def test_false_alarms_on_annomi_are_what_the_artifact_records(detector, shared_data):
    """Every AnnoMI client sentence (the shipped model saw them in training: the honest, cross-fitted
    figure is recorded beside it and must stay within 1 in 1,000)."""
    from midcourse.text.evaluate import annomi_sentences, normal

    meta = CrisisModel.load().meta
    texts, _, _ = annomi_sentences(shared_data / "annomi" / "annomi_simple_train.csv")
    genuine = {normal(r["text"]) for r in read("annomi_crisis.tsv")}
    assert genuine <= {normal(t) for t in texts}
    ordinary = [t for t in texts if normal(t) not in genuine]
    fired = sum(bool(s) for s in detector.signals(ordinary))
    shipped = meta["evaluation"]["shipped_model_on_its_own_training_sentences"]
    assert fired <= shipped["ordinary_fired"]
    crossfitted = meta["evaluation"]["crossfitted"]
    assert crossfitted["ordinary_fired"] / crossfitted["ordinary_sentences"] <= 0.001


@needs_model
def test_the_shipped_model_reads_its_exemplars(detector):
    """The nearest-exemplar features are part of the shipped model and move its probabilities."""
    from dataclasses import replace

    model = detector.model
    assert model.exemplars is not None and model.meta["exemplars"]["top"] == model.exemplars.top
    assert set(model.exemplars.groups) == {"crisis", "hard_negative"}
    text = ["I keep the rope in the shed where I can see it."]
    vectors = detector.embedder.embed(text)
    assert model.probabilities(vectors, text)[0] != replace(model, exemplars=None).probabilities(vectors, text)[0]


def test_the_docs_carry_the_artifacts_figures():
    meta = json.loads((ROOT / "src" / "midcourse" / "data" / "crisis.json").read_text())
    text = (ROOT / "docs" / "text.md").read_text()
    c = meta["evaluation"]["crossfitted"]
    for key in ("untouched", "untouched_2"):
        u = meta["evaluation"][key]
        assert f"{u['caught']} of {u['statements']}" in text
    assert f"{c['ordinary_fired']} of {c['ordinary_sentences']}" in text
    assert f"{c['training_recall']:.3f}" in text
