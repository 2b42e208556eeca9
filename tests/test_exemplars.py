"""Nearest-exemplar features: the mean similarity to the nearest exemplars of each group, saved as float16."""

import numpy as np

from midcourse.text.exemplars import Exemplars, top_mean


def test_top_mean_takes_the_largest_values_of_each_row():
    s = np.array([[0.1, 0.9, 0.5, 0.7], [1.0, 0.0, 0.0, 0.0]], dtype=np.float32)
    assert np.allclose(top_mean(s, 2), [0.8, 0.5])
    assert np.allclose(top_mean(s, 10), [0.55, 0.25])  # more than there are: all of them
    assert top_mean(np.zeros((3, 0), dtype=np.float32), 3).tolist() == [0.0, 0.0, 0.0]


def test_features_and_logits_from_normalised_vectors(tmp_path):
    rng = np.random.default_rng(0)
    crisis = rng.normal(size=(5, 8)).astype(np.float32)
    hard = rng.normal(size=(4, 8)).astype(np.float32)
    crisis /= np.linalg.norm(crisis, axis=1, keepdims=True)
    hard /= np.linalg.norm(hard, axis=1, keepdims=True)
    e = Exemplars({"crisis": crisis, "hard_negative": hard}, {"crisis": 2.0, "hard_negative": -1.0}, 1, 10.0)
    queries = np.vstack([crisis[:1] * 3.0, np.zeros((1, 8), dtype=np.float32)])  # any length; a zero vector
    f = e.features(queries)
    assert f.shape == (2, 2)
    assert np.isclose(f[0, 0], 10.0)  # its own exemplar, whatever the query's length
    assert np.allclose(f[1], 0.0)
    assert np.allclose(e.logits(queries), f @ np.array([2.0, -1.0]))
    e.save("m", tmp_path)
    loaded = Exemplars.load("m", e.meta, tmp_path)
    assert loaded.meta == e.meta == {"weights": {"crisis": 2.0, "hard_negative": -1.0}, "top": 1, "scale": 10.0,
                                     "exemplars": {"crisis": 5, "hard_negative": 4}}
    assert np.allclose(loaded.features(queries), f, atol=1e-2)  # float16 on disk
