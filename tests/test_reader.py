"""The readers behind the TextReader protocol: novelty never contradicts staleness."""

import inspect

import pytest

from midcourse.text import TextReader, crisis, signals, tfidf
from midcourse.text.cache import VectorCache
from midcourse.text.embeddings import CachedEmbedder, available
from midcourse.text.reader import EmbeddingReader, LexicalReader
from tests.test_embeddings import CountingEmbedder

EARLIER = ["We talked about my mother's constant criticism of my choices.", "The garden is doing well this year."]
RECENT = ["We went round in circles again, the same old stuff as every week.",
          "I told my sister I am moving to Lisbon next spring."]


def readers():
    """The word-overlap reader always; the embedding reader where its model is installed."""
    out = [LexicalReader()]
    if available():
        out.append(EmbeddingReader())
    return out


def test_the_protocol_names_every_method_the_engine_calls():
    assert {name for name, _ in inspect.getmembers(TextReader, inspect.isfunction) if not name.startswith("_")} == {
        "signals", "repeats", "novelty", "forget"}


@pytest.mark.parametrize("reader", readers(), ids=lambda r: type(r).__name__)
def test_every_reader_implements_the_protocol(reader):
    for name in ("signals", "repeats", "novelty", "forget"):
        assert callable(getattr(reader, name))


@pytest.mark.parametrize("reader", readers(), ids=lambda r: type(r).__name__)
def test_a_sentence_about_going_in_circles_is_not_new(reader):
    scored = reader.novelty(RECENT, EARLIER, 0.75)
    sentences = [s for _, s, _ in scored]
    assert sentences == ["I told my sister I am moving to Lisbon next spring."]
    assert scored[0][0] == 1 and scored[0][2] < 0.5


def test_lexical_novelty_scores_a_restated_sentence_as_old():
    scored = LexicalReader().novelty(["My mother's constant criticism of my choices came up."], EARLIER, 0.75)
    assert len(scored) == 1 and scored[0][2] > 0.6


def test_novelty_without_earlier_text_calls_everything_new():
    assert [sim for _, _, sim in LexicalReader().novelty(RECENT[1:], [], 0.75)] == [0.0]


def _memos():
    return [signals._find_signals, tfidf._ngrams, crisis.guarded, crisis.rule_match]


def test_forget_drops_every_result_worked_out_from_a_text():
    reader = LexicalReader()
    reader.signals(["I keep thinking about quitting therapy.", "I want to die."])
    tfidf.ngrams("I keep thinking about quitting therapy.")
    assert all(m.cache_info().currsize > 0 for m in _memos())
    reader.forget()
    assert [m.cache_info().currsize for m in _memos()] == [0, 0, 0, 0]


def test_the_embedding_reader_forgets_its_vectors_too(tmp_path):
    embedder = CachedEmbedder(CountingEmbedder(), VectorCache(tmp_path / "c.sqlite"))
    reader = EmbeddingReader(embedder)
    reader.repeats(["We went round in circles again today."], ["We went round in circles last week too."], 0.9)
    assert embedder.memory
    reader.forget()
    assert embedder.memory == {} and signals._find_signals.cache_info().currsize == 0
