"""Keras 2's word2vec helpers: `skipgrams` (word pairs with 1/0 labels)
and `make_sampling_table` (keep probabilities by word rank).

>>> pairs, labels = skipgrams([1, 2, 3], vocabulary_size=4, window_size=1,
...                           negative_samples=0, shuffle=False)
>>> pairs, labels
([[1, 2], [2, 1], [2, 3], [3, 2]], [1, 1, 1, 1])
"""

import random

import numpy as np

_EULER_GAMMA = 0.577


def make_sampling_table(size, sampling_factor=1e-5):
    """Probability of keeping the word of each rank `i < size` (rank 0 is
    treated as rank 1), for a Zipf-distributed vocabulary: with
    `f = sampling_factor * i * (ln i + gamma) + ...` (the approximate
    inverse frequency), `min(1, f / sqrt(f))`."""
    rank = np.arange(size, dtype="float64")
    rank[0] = 1
    inverse_frequency = (rank * (np.log(rank) + _EULER_GAMMA) + 0.5
                         - 1.0 / (12.0 * rank))
    f = sampling_factor * inverse_frequency
    return np.minimum(1.0, f / np.sqrt(f))


def skipgrams(sequence, vocabulary_size, window_size=4, negative_samples=1.0,
              shuffle=True, categorical=False, sampling_table=None,
              seed=None):
    """Skip-gram pairs of a sequence of word indices (0 is skipped).

    Each word `w` (kept with probability `sampling_table[w]` when given)
    is paired with the non-zero words at most `window_size` away (label
    1); then `negative_samples` times as many pairs of a shuffled context
    word with a random index in `[1, vocabulary_size)` (label 0).
    `categorical` labels are `[0, 1]` / `[1, 0]`. With `shuffle`, pairs
    and labels are shuffled together (reproducibly with `seed`).

    Returns `(pairs, labels)`, two lists.
    """
    pairs, labels = [], []
    positive = [0, 1] if categorical else 1
    negative = [1, 0] if categorical else 0
    for i, word in enumerate(sequence):
        if not word:
            continue
        if sampling_table is not None and sampling_table[word] < (
                random.random()):
            continue
        for j in range(max(0, i - window_size),
                       min(len(sequence), i + window_size + 1)):
            if j != i and sequence[j]:
                pairs.append([word, sequence[j]])
                labels.append(positive)
    if negative_samples > 0 and pairs:
        count = int(len(labels) * negative_samples)
        words = [pair[0] for pair in pairs]
        random.shuffle(words)
        pairs += [[words[i % len(words)],
                   random.randint(1, vocabulary_size - 1)]
                  for i in range(count)]
        labels += [negative] * count
    if shuffle:
        if seed is None:
            seed = random.randint(0, 10_000_000)
        order = list(range(len(pairs)))
        random.Random(seed).shuffle(order)
        pairs = [pairs[i] for i in order]
        labels = [labels[i] for i in order]
    return pairs, labels
