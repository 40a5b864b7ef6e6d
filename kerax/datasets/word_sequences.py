"""The word-index sequence recipe shared by IMDB and Reuters (Keras's).

Each sequence holds word ranks (1 = most frequent). Loading shifts every
rank by `index_from`, prepends `start_char`, optionally drops sequences of
`maxlen` words or more, then maps ranks outside `[skip_top, num_words)` to
`oov_char` (or drops them when `oov_char` is None). The work is done on one
flat NumPy array (fast); results are lists of Python ints, like Keras's.

>>> seqs = Sequences.from_lists([[1, 5], [7]])
>>> seqs.encode(start_char=1, index_from=3).to_lists()
[[1, 4, 8], [1, 10]]
>>> seqs.encode(1, 3).restrict(num_words=5, skip_top=0, oov_char=2).to_lists()
[[1, 4, 2], [1, 2]]
"""

import itertools
import json
import numbers

import numpy as np


class Sequences:
    """Ragged integer sequences stored as `(flat values, lengths)`."""

    def __init__(self, flat, lengths):
        self.flat = flat
        self.lengths = lengths

    @classmethod
    def from_lists(cls, sequences):
        lengths = np.fromiter(
            (len(s) for s in sequences), dtype=np.int64, count=len(sequences)
        )
        flat = np.fromiter(
            itertools.chain.from_iterable(sequences),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        return cls(flat, lengths)

    def __len__(self):
        return len(self.lengths)

    def to_lists(self):
        values = self.flat.tolist()
        ends = np.cumsum(self.lengths).tolist()
        starts = [0] + ends[:-1]
        return [values[a:b] for a, b in zip(starts, ends)]

    def to_object_array(self):
        """A 1-D object array of lists (never 2-D, even if lengths match)."""
        out = np.empty(len(self), dtype=object)
        for i, seq in enumerate(self.to_lists()):
            out[i] = seq
        return out

    def encode(self, start_char=1, index_from=3):
        """Shifts ranks by `index_from`, prepends `start_char` (if any)."""
        flat = self.flat + (index_from or 0)
        if start_char is None:
            return Sequences(flat, self.lengths)
        starts = np.concatenate([[0], np.cumsum(self.lengths)[:-1]])
        flat = np.insert(flat, starts.astype(np.int64), start_char)
        return Sequences(flat, self.lengths + 1)

    def select(self, keep):
        """The sequences where the boolean array `keep` is True."""
        return Sequences(self.flat[np.repeat(keep, self.lengths)],
                         self.lengths[keep])

    def restrict(self, num_words=None, skip_top=0, oov_char=2):
        """Maps ranks outside `[skip_top, num_words)` to `oov_char` (drops
        them when None). `num_words=None` means the largest rank present
        (which, as in Keras, itself falls outside the range)."""
        if not num_words:
            num_words = int(self.flat.max()) if self.flat.size else 0
        inside = (self.flat >= skip_top) & (self.flat < num_words)
        if oov_char is not None:
            return Sequences(np.where(inside, self.flat, oov_char),
                             self.lengths)
        owner = np.repeat(np.arange(len(self)), self.lengths)
        lengths = np.bincount(owner[inside], minlength=len(self))
        return Sequences(self.flat[inside], lengths.astype(np.int64))

    @staticmethod
    def concatenate(a, b):
        return Sequences(np.concatenate([a.flat, b.flat]),
                         np.concatenate([a.lengths, b.lengths]))

    def split(self, cut):
        offset = int(self.lengths[:cut].sum())
        return (Sequences(self.flat[:offset], self.lengths[:cut]),
                Sequences(self.flat[offset:], self.lengths[cut:]))


def prepare(sequences, labels, start_char, index_from, maxlen):
    """Encodes and (with `maxlen`) filters one split; returns both."""
    seqs = Sequences.from_lists(sequences).encode(start_char, index_from)
    labels = np.asarray(labels)
    if maxlen:
        keep = seqs.lengths < maxlen
        seqs, labels = seqs.select(keep), labels[keep]
    return seqs, labels


def shuffle_pair(x, y, rng):
    indices = np.arange(len(x))
    rng.shuffle(indices)
    return x[indices], y[indices]


def load_word_index(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_args(num_words, skip_top, maxlen):
    for name, value in (("num_words", num_words), ("maxlen", maxlen)):
        if value is not None and (
            not isinstance(value, numbers.Integral) or value < 0
        ):
            raise ValueError(
                f"`{name}` must be None or a non-negative integer. "
                f"Received: {name}={value}"
            )
    if not isinstance(skip_top, numbers.Integral) or skip_top < 0:
        raise ValueError(
            "`skip_top` must be a non-negative integer. "
            f"Received: skip_top={skip_top}"
        )
