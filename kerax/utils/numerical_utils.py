"""`to_categorical` and `normalize` (Keras's `keras.utils` versions).

>>> to_categorical([0, 2], num_classes=3)
array([[1., 0., 0.],
       [0., 0., 1.]])
>>> normalize(np.array([[3.0, 4.0]]))
array([[0.6, 0.8]])
"""

import functools

import numpy as np


def _is_jax_array(x):
    return type(x).__module__.split(".")[0] in ("jax", "jaxlib")


def _keras2_label_keyword(fn):
    """Lets `fn(x, ...)` also take Keras 2's keyword `y=` for `x`, while
    `inspect.signature` shows Keras 3's signature."""

    @functools.wraps(fn)
    def call(*args, y=None, **kwargs):
        if y is not None:
            if args or "x" in kwargs:
                raise TypeError(
                    f"{fn.__name__}() got the labels twice: pass them as "
                    "`x` (Keras 3) or as `y` (Keras 2), not both.")
            args = (y,)
        return fn(*args, **kwargs)

    return call


@_keras2_label_keyword
def to_categorical(x, num_classes=None, dtype=None):
    """Converts a class vector (integers) to a one-hot class matrix.

    A trailing axis of size 1 (labels of shape `(n, 1)`) is dropped first;
    the class axis is appended last.

    Args:
        x: Array-like of class indices in `[0, num_classes)` (Keras 2's
            keyword for it, `y=`, is accepted too).
        num_classes: Number of classes; `None` means `max(x) + 1`.
        dtype: Keras 2 argument: output dtype. By default NumPy input gives
            float64 (as Keras 3 does) and a JAX array gives a float32 JAX
            array.

    Returns:
        The one-hot array.

    >>> to_categorical([[1], [0]], dtype="float32")
    array([[0., 1.],
           [1., 0.]], dtype=float32)
    """
    if _is_jax_array(x):
        import jax

        shape = tuple(x.shape)
        if len(shape) > 1 and shape[-1] == 1:
            x = x.reshape(shape[:-1])
        if num_classes is None:
            num_classes = int(x.max()) + 1
        return jax.nn.one_hot(x, num_classes, dtype=dtype or "float32")
    x = np.array(x, dtype="int64")
    shape = x.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if not num_classes:
        num_classes = int(np.max(x)) + 1 if x.size else 0
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise ValueError(
            f"`x` must hold class indices in [0, {num_classes}). Found "
            f"values from {x.min()} to {x.max()}. "
            f"Received: num_classes={num_classes}"
        )
    categorical = np.zeros((x.shape[0], num_classes), dtype=dtype or "float64")
    categorical[np.arange(x.shape[0]), x] = 1
    return categorical.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Scales `x` to unit `order`-norm along `axis` (zero vectors stay zero).

    Args:
        x: NumPy array (or JAX array, normalized with `jax.numpy`).
        axis: Axis along which to normalize.
        order: Norm order (2 = Euclidean, 1 = sum of absolute values).

    >>> normalize(np.array([[1.0, 1.0], [0.0, 0.0]]), order=1)
    array([[0.5, 0.5],
           [0. , 0. ]])
    """
    if _is_jax_array(x):
        import jax.numpy as jnp

        norm = jnp.linalg.norm(x, ord=order, axis=axis, keepdims=True)
        return x / jnp.where(norm == 0, 1, norm)
    x = np.asarray(x)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis if axis is not None else -1)
