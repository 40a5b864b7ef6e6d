"""Reuters newswires: 11,228 articles labelled over 46 topics.

Each newswire is a list of word indices (words ranked by frequency; see
`get_word_index`), and `get_label_names()` names the 46 topics.

>>> from kerax.datasets import reuters
>>> len(reuters.get_label_names())
46
"""

import numpy as np

from kerax.datasets import dataset_files, word_sequences

FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"
_SUBDIRS = ("reuters",)
_LABEL_NAMES = ["cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead"]


def load_data(
    path="reuters.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    test_split=0.2,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
):
    """Loads the Reuters newswire topic dataset, split as Keras does.

    Args:
        path: File name in the cache, or a path to a local `reuters.npz`.
        num_words: Keep the `num_words` most frequent words; others become
            `oov_char`. `None` keeps all words.
        skip_top: Indices below `skip_top` also become `oov_char`.
        maxlen: Drop sequences of `maxlen` words or more. `None`: keep all.
        test_split: Fraction of the (shuffled) data used as test set.
        seed: Seed of the `np.random.RandomState` shuffle.
        start_char: Index put at the start of each sequence (None: none).
        oov_char: Index replacing removed words (None: drop them).
        index_from: Shift added to every word rank.

    Returns:
        `(x_train, y_train), (x_test, y_test)`; with the defaults 8,982
        training and 2,246 test newswires, `y_*` int64 topics in 0..45.
    """
    dataset_files.check_test_split(test_split)
    word_sequences.check_args(num_words, skip_top, maxlen)
    path = dataset_files.fetch(path, "reuters.npz", FILE_HASH, _SUBDIRS)
    data = dataset_files.load_npz(path)
    rng = np.random.RandomState(seed)
    xs, labels = word_sequences.shuffle_pair(data["x"], data["y"], rng)
    xs, labels = word_sequences.prepare(
        xs, labels, start_char, index_from, maxlen
    )
    xs = xs.restrict(num_words, skip_top, oov_char)
    cut = int(len(xs) * (1 - test_split))
    x_train, x_test = xs.split(cut)
    return (x_train.to_object_array(), np.array(labels[:cut])), (
        x_test.to_object_array(),
        np.array(labels[cut:]),
    )


def get_word_index(path="reuters_word_index.json"):
    """Returns the dict mapping each word to its rank (1 = most frequent).

    >>> index = get_word_index()  # doctest: +SKIP
    >>> index["the"]  # doctest: +SKIP
    1
    """
    path = dataset_files.fetch(
        path, "reuters_word_index.json", WORD_INDEX_HASH, _SUBDIRS
    )
    return word_sequences.load_word_index(path)


def get_label_names():
    """Returns the 46 topic names, indexed by label.

    >>> get_label_names()[:3]
    ('cocoa', 'grain', 'veg-oil')
    """
    return tuple(_LABEL_NAMES)
