"""Argument checks shared by the convolution, pooling and reshaping layers.

Every error names the layer (class and name), the argument and the value
received, in Keras's words.

>>> standardize_tuple(3, 2, "kernel_size")
(3, 3)
>>> standardize_padding("SAME")
'same'
"""

from __future__ import annotations

import numpy as np


def _owner(layer):
    if layer is None:
        return ""
    return f" of layer {type(layer).__name__} '{layer.name}'"


def _is_int(value):
    try:
        return int(value) == value and not isinstance(value, (bool, str))
    except (TypeError, ValueError):
        return False


def standardize_tuple(value, n, name, allow_zero=False, layer=None):
    """An int or `n` ints -> a tuple of `n` non-negative (positive unless
    `allow_zero`) Python ints; ValueError otherwise."""
    kind = "non-negative" if allow_zero else "positive"
    message = (
        f"The `{name}` argument{_owner(layer)} must be an int or a tuple of "
        f"{n} {kind} integers. Received: {name}={value}"
    )
    if _is_int(value):
        values = (int(value),) * n
    elif isinstance(value, (list, tuple)):
        if len(value) != n or not all(_is_int(v) for v in value):
            raise ValueError(message)
        values = tuple(int(v) for v in value)
    else:
        raise ValueError(message)
    lowest = 0 if allow_zero else 1
    if any(v < lowest for v in values):
        raise ValueError(message)
    return values


def standardize_padding(value, allow_causal=False, layer=None):
    """`"valid"`/`"same"` (and `"causal"` when allowed), lower-cased."""
    allowed = ("valid", "same", "causal") if allow_causal else (
        "valid", "same"
    )
    padding = value.lower() if isinstance(value, str) else value
    if padding not in allowed:
        raise ValueError(
            f"Invalid value for argument `padding`{_owner(layer)}: expected "
            f"one of {allowed}. Received: padding={value}"
        )
    return padding


def standardize_pairs(value, n, name, layer=None):
    """Padding/cropping spec -> `n` `(before, after)` pairs of ints >= 0.

    Accepts an int (same amount everywhere), `n` ints (symmetric per
    axis) or `n` pairs.
    """
    message = (
        f"The `{name}` argument{_owner(layer)} must be an int, a tuple of "
        f"{n} ints or a tuple of {n} tuples of 2 ints, all non-negative. "
        f"Received: {name}={value}"
    )
    if _is_int(value):
        if value < 0:
            raise ValueError(message)
        return ((int(value),) * 2,) * n
    if not isinstance(value, (list, tuple)) or len(value) != n:
        raise ValueError(message)
    pairs = []
    for item in value:
        if _is_int(item):
            pair = (int(item), int(item))
        elif isinstance(item, (list, tuple)) and len(item) == 2 and all(
            _is_int(v) for v in item
        ):
            pair = (int(item[0]), int(item[1]))
        else:
            raise ValueError(message)
        if min(pair) < 0:
            raise ValueError(message)
        pairs.append(pair)
    return tuple(pairs)


def standardize_data_format(value, layer=None):
    """`None` -> the global default; else `"channels_last"` or
    `"channels_first"` (case-insensitive)."""
    from kerax import config

    if value is None:
        return config.image_data_format()
    data_format = str(value).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            f"Invalid value for argument `data_format`{_owner(layer)}: "
            "expected one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={value}"
        )
    return data_format


def positive_int(value, name, layer=None):
    """An int-like value > 0 (Python or NumPy integer) -> a Python int;
    ValueError naming the argument otherwise."""
    if not _is_int(value) or value <= 0:
        raise ValueError(
            f"Received an invalid value for `{name}`{_owner(layer)}, "
            f"expected a positive integer. Received: {name}={value}"
        )
    return int(value)


def plain_number(value):
    """A NumPy integer or float scalar -> the Python int or float (Keras 2
    took NumPy numbers wherever it took Python ones); tuples and lists are
    converted item by item; anything else is returned unchanged."""
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if type(value) in (tuple, list) and any(
            isinstance(v, (np.integer, np.floating)) for v in value):
        return type(value)(plain_number(v) for v in value)
    return value
