"""IMDB movie reviews, labelled by sentiment (0 negative, 1 positive).

25,000 training and 25,000 test reviews, each a list of word indices
(words ranked by overall frequency; see `get_word_index`).

>>> from kerax.datasets import imdb
>>> (x_train, y_train), _ = imdb.load_data(num_words=20000)  # doctest: +SKIP
>>> x_train[0][:4]  # doctest: +SKIP
[1, 14, 22, 16]
"""

import warnings

import numpy as np

from kerax.datasets import dataset_files, word_sequences

FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"
_SUBDIRS = ("imdb",)


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """Loads the IMDB dataset, shuffled and encoded as Keras does.

    Args:
        path: File name in the cache, or a path to a local `imdb.npz`.
        num_words: Keep the `num_words` most frequent words (indices below
            `num_words` after shifting); others become `oov_char`.
            `None` keeps all words.
        skip_top: Indices below `skip_top` also become `oov_char`.
        maxlen: Drop sequences of `maxlen` words or more. `None`: keep all.
        seed: Seed of the `np.random.RandomState` shuffling each split.
        start_char: Index put at the start of each sequence (None: none).
        oov_char: Index replacing removed words (None: drop them).
        index_from: Shift added to every word rank.
        **kwargs: Keras 2's `nb_words` (old name of `num_words`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `x_*` are 1-D object
        arrays of lists of ints, `y_*` int64 arrays of 0/1 labels.
    """
    if "nb_words" in kwargs:
        warnings.warn(
            "The `nb_words` argument of `load_data` is now `num_words`.",
            DeprecationWarning,
            stacklevel=2,
        )
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
    word_sequences.check_args(num_words, skip_top, maxlen)
    path = dataset_files.fetch(path, "imdb.npz", FILE_HASH, _SUBDIRS)
    data = dataset_files.load_npz(path)
    rng = np.random.RandomState(seed)
    x_train, y_train = word_sequences.shuffle_pair(
        data["x_train"], data["y_train"], rng
    )
    x_test, y_test = word_sequences.shuffle_pair(
        data["x_test"], data["y_test"], rng
    )
    x_train, y_train = word_sequences.prepare(
        x_train, y_train, start_char, index_from, maxlen
    )
    x_test, y_test = word_sequences.prepare(
        x_test, y_test, start_char, index_from, maxlen
    )
    if maxlen and (not len(x_train) or not len(x_test)):
        raise ValueError(
            f"After filtering for sequences shorter than maxlen={maxlen}, "
            "no sequence was kept. Increase `maxlen`."
        )
    labels = np.concatenate([y_train, y_test])
    xs = word_sequences.Sequences.concatenate(x_train, x_test)
    xs = xs.restrict(num_words, skip_top, oov_char)
    cut = len(x_train)
    x_train, x_test = xs.split(cut)
    return (x_train.to_object_array(), labels[:cut]), (
        x_test.to_object_array(),
        labels[cut:],
    )


def get_word_index(path="imdb_word_index.json"):
    """Returns the dict mapping each word to its rank (1 = most frequent).

    The indices in `load_data`'s sequences are these ranks plus
    `index_from` (3 by default).

    >>> index = get_word_index()  # doctest: +SKIP
    >>> index["the"]  # doctest: +SKIP
    1
    """
    path = dataset_files.fetch(
        path, "imdb_word_index.json", WORD_INDEX_HASH, _SUBDIRS
    )
    return word_sequences.load_word_index(path)
