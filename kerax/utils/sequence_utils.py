"""`pad_sequences`: ragged sequences to one rectangular NumPy array.

>>> pad_sequences([[1, 2, 3], [4]], maxlen=2)
array([[2, 3],
       [0, 4]], dtype=int32)
"""

import numbers

import numpy as np


def _is_str_dtype(dtype):
    return np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)


def pad_sequences(
    sequences,
    maxlen=None,
    dtype="int32",
    padding="pre",
    truncating="pre",
    value=0.0,
):
    """Pads (or truncates) sequences to a common length.

    Sequences longer than `maxlen` lose values at the start (`truncating=
    "pre"`) or the end (`"post"`); shorter ones get `value` at the start
    (`padding="pre"`) or the end (`"post"`).

    Args:
        sequences: List of sequences (lists or arrays; elements may be
            scalars or same-shaped arrays).
        maxlen: Output length; default: the longest sequence.
        dtype: Output dtype (`"int32"`; use `object` or a string dtype for
            strings).
        padding: `"pre"` or `"post"`.
        truncating: `"pre"` or `"post"`.
        value: Padding value.

    Returns:
        NumPy array of shape `(len(sequences), maxlen) + element_shape`.

    >>> pad_sequences([[1], [2, 3]], padding="post", value=-1)
    array([[ 1, -1],
           [ 2,  3]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            "`sequences` must be iterable (a list of sequences). "
            f"Received: sequences={sequences!r}"
        )
    if padding not in ("pre", "post"):
        raise ValueError(
            f'`padding` must be "pre" or "post". Received: padding={padding}'
        )
    if truncating not in ("pre", "post"):
        raise ValueError(
            '`truncating` must be "pre" or "post". '
            f"Received: truncating={truncating}"
        )
    if maxlen is not None and (
        not isinstance(maxlen, numbers.Integral) or maxlen < 0
    ):
        raise ValueError(
            "`maxlen` must be None or a non-negative integer. "
            f"Received: maxlen={maxlen}"
        )
    lengths, sample_shape = [], ()
    for seq in sequences:
        if not hasattr(seq, "__len__"):
            raise ValueError(
                "`sequences` must be a list of sequences. Found non-iterable "
                f"element: {seq!r}"
            )
        lengths.append(len(seq))
        if not sample_shape and len(seq):
            sample_shape = np.asarray(seq).shape[1:]
    if maxlen is None:
        maxlen = max(lengths, default=0)
    dtype = np.dtype(dtype)
    if _is_str_dtype(dtype) and not isinstance(value, str):
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type "
            f"{type(value)}. Use `dtype=object` for variable-length "
            f"strings. Received: value={value!r}"
        )
    out = np.full((len(lengths), maxlen) + tuple(sample_shape), value, dtype)
    for i, seq in enumerate(sequences):
        if not len(seq) or not maxlen:
            continue
        kept = seq[-maxlen:] if truncating == "pre" else seq[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != tuple(sample_shape):
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position "
                f"{i} is different from expected shape {tuple(sample_shape)}."
            )
        if padding == "post":
            out[i, : len(kept)] = kept
        else:
            out[i, -len(kept) :] = kept
    return out
