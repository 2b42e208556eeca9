"""The readers behind the TextReader protocol: novelty never contradicts staleness."""

import inspect

import pytest

from midcourse.text import TextReader
from midcourse.text.embeddings import available
from midcourse.text.reader import EmbeddingReader, LexicalReader

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
        "signals", "repeats", "novelty"}


@pytest.mark.parametrize("reader", readers(), ids=lambda r: type(r).__name__)
def test_every_reader_implements_the_protocol(reader):
    for name in ("signals", "repeats", "novelty"):
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
