"""Keras 2's `keras.losses.is_categorical_crossentropy`.

>>> is_categorical_crossentropy("categorical_crossentropy")
True
"""


def is_categorical_crossentropy(loss):
    """Whether `loss` is categorical crossentropy: its name, its function,
    a `CategoricalCrossentropy` or a wrapper of the function."""
    from kerax.losses.crossentropy import (
        CategoricalCrossentropy,
        categorical_crossentropy,
    )

    if loss == "categorical_crossentropy" or loss is categorical_crossentropy:
        return True
    if isinstance(loss, CategoricalCrossentropy):
        return True
    return getattr(loss, "fn", None) is categorical_crossentropy
