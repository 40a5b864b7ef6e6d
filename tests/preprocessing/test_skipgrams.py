import numpy as np

from kerax.preprocessing.sequence import make_sampling_table, skipgrams


def test_make_sampling_table_formula():
    table = make_sampling_table(6, sampling_factor=1e-3)
    rank = np.array([1, 1, 2, 3, 4, 5], "float64")
    f = 1e-3 * (rank * (np.log(rank) + 0.577) + 0.5 - 1 / (12 * rank))
    np.testing.assert_allclose(table, np.minimum(1.0, f / np.sqrt(f)))
    assert (np.diff(table[1:]) >= 0).all() and table.max() <= 1.0


def test_positive_pairs_within_the_window():
    pairs, labels = skipgrams([1, 0, 2, 3], vocabulary_size=4,
                              window_size=2, negative_samples=0,
                              shuffle=False)
    assert pairs == [[1, 2], [2, 1], [2, 3], [3, 2]]
    assert labels == [1, 1, 1, 1]


def test_negative_samples_categorical_and_seeded_shuffle():
    sequence = [1, 2, 3, 4, 5]
    pairs, labels = skipgrams(sequence, vocabulary_size=6, window_size=1,
                              negative_samples=2.0, categorical=True,
                              seed=7)
    positives = [p for p, lab in zip(pairs, labels) if lab == [0, 1]]
    negatives = [p for p, lab in zip(pairs, labels) if lab == [1, 0]]
    assert len(positives) == 8 and len(negatives) == 16
    assert all(1 <= p[1] < 6 for p in negatives)
    again = skipgrams(sequence, 6, window_size=1, negative_samples=0,
                      seed=3)
    assert again == skipgrams(sequence, 6, window_size=1,
                              negative_samples=0, seed=3)


def test_sampling_table_drops_words():
    table = np.zeros(5)
    assert skipgrams([1, 2, 3], 5, sampling_table=table) == ([], [])
