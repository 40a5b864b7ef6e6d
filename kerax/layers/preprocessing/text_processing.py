"""Host-side text helpers for `TextVectorization` (TensorFlow's string
op semantics, in Python).

* `standardize(array, mode)`: `"lower"` lowers ASCII letters only (as
  `tf.strings.lower` does by default), `"strip_punctuation"` removes the
  ASCII punctuation characters, a callable gets the NumPy `str` array.
* `split_rows(array, mode)`: token lists per string, on runs of ASCII
  whitespace (`"whitespace"`) or per Unicode code point (`"character"`).
* `ngram_rows(rows, widths)`: every n-gram of each width, joined by " ",
  widths in order (like `tf.strings.ngrams`).

>>> split_rows(standardize(np.array(["Hi, THERE  you"]),
...                        "lower_and_strip_punctuation"), "whitespace")
[['hi', 'there', 'you']]
>>> ngram_rows([["a", "b", "c"]], (1, 2))
[['a', 'b', 'c', 'a b', 'b c']]
"""

from __future__ import annotations

import re
import string

import numpy as np

_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")
_WHITESPACE = re.compile("[ \t\n\v\f\r]+")


def _map(array, fn):
    flat = [fn(s) for s in array.reshape(-1)]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(array.shape)


def standardize(array, mode):
    """Standardized copy of an object array of `str`."""
    if mode is None:
        return array
    if callable(mode):
        result = mode(np.asarray(array, dtype=str))
        if hasattr(result, "numpy") and not isinstance(result, np.ndarray):
            result = result.numpy()
        result = np.asarray(result)
        return _map(result, lambda s: s.decode("utf-8")
                    if isinstance(s, bytes) else str(s))
    if mode in ("lower", "lower_and_strip_punctuation"):
        array = _map(array, lambda s: s.translate(_LOWER))
    if mode in ("strip_punctuation", "lower_and_strip_punctuation"):
        array = _map(array, lambda s: _PUNCTUATION.sub("", s))
    return array


def split_rows(array, mode):
    """Token lists, one per string of a rank-1 object array."""
    if callable(mode):
        result = mode(np.asarray(array, dtype=str))
        return [[t.decode("utf-8") if isinstance(t, bytes) else str(t)
                 for t in row] for row in result]
    if mode == "whitespace":
        return [[t for t in _WHITESPACE.split(s) if t] for s in array]
    if mode == "character":
        return [list(s) for s in array]
    raise ValueError(f"Unknown split mode: {mode}")


def ngram_rows(rows, widths):
    """All n-grams of each row for each width in `widths`."""
    out = []
    for row in rows:
        grams = []
        for n in widths:
            grams.extend(" ".join(row[i:i + n])
                         for i in range(len(row) - n + 1))
        out.append(grams)
    return out
