"""`InputLayer` and `Input`: the entry points of a functional model.

>>> x = Input(shape=(784,))
>>> x.shape
(None, 784)
"""

from kerax.graph.keras_tensor import KerasTensor
from kerax.graph.node import Node
from kerax.layers.layer import Layer


class InputLayer(Layer):
    """Holds a model input's batch shape and dtype.

    Args:
        shape: shape without the batch dimension, e.g. `(784,)`.
        batch_size: optional fixed batch size.
        dtype: input dtype (default `floatx()`).
        sparse: accepted for Keras compatibility (dense arrays only).
        ragged: must be False (JAX has no ragged tensors, as in Keras's JAX
            backend).
        batch_shape: full shape including the batch dimension.
        input_tensor: an existing KerasTensor to wrap.
        optional: whether the input may be None.
        name: layer name.
        input_shape / batch_input_shape: Keras 2 spellings.
    """

    def __init__(
        self,
        shape=None,
        batch_size=None,
        dtype=None,
        sparse=None,
        ragged=None,
        batch_shape=None,
        input_tensor=None,
        optional=False,
        name=None,
        **kwargs,
    ):
        legacy_batch_shape = kwargs.pop("batch_input_shape", None)
        legacy_shape = kwargs.pop("input_shape", None)
        if ragged:
            raise ValueError(
                "`ragged=True` is not supported: kerax runs on JAX, which "
                "has no ragged tensors. Pad the sequences instead (e.g. "
                "`kerax.utils.pad_sequences`)."
            )
        if kwargs:
            raise ValueError(
                "Unrecognized keyword arguments passed to InputLayer: "
                f"{kwargs}"
            )
        super().__init__(name=name)
        if batch_shape is None and legacy_batch_shape is not None:
            batch_shape = legacy_batch_shape
        if shape is None and legacy_shape is not None:
            shape = legacy_shape
        if shape is not None and batch_shape is not None:
            raise ValueError(
                "You cannot pass both `shape` and `batch_shape` at the same "
                "time."
            )
        if batch_size is not None and batch_shape is not None:
            raise ValueError(
                "You cannot pass both `batch_size` and `batch_shape` at the "
                "same time."
            )
        if input_tensor is not None:
            batch_shape = input_tensor.shape
            dtype = dtype or input_tensor.dtype
        if shape is None and batch_shape is None:
            raise ValueError("You must pass a `shape` argument.")
        if shape is not None:
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self._batch_shape = standardize_shape(batch_shape)
        from kerax.core.dtypes import standardize_dtype

        self._dtype = standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.ragged = False
        self.optional = optional
        self.built = True
        tensor = KerasTensor(
            self._batch_shape, self._dtype, sparse=self.sparse, name=self.name
        )
        Node(self, (), {}, tensor)
        self.output_tensor = tensor

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def dtype(self):
        return self._dtype

    def call(self, inputs):
        return inputs

    def get_config(self):
        return {
            "batch_shape": list(self._batch_shape),
            "dtype": self._dtype,
            "sparse": self.sparse,
            "ragged": self.ragged,
            "optional": self.optional,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def standardize_shape(shape):
    """`shape` as a tuple of non-negative ints and Nones, or a ValueError
    (Keras's wording).

    >>> standardize_shape([None, 3])
    (None, 3)
    """
    if isinstance(shape, int) or not hasattr(shape, "__iter__"):
        raise ValueError(f"Cannot convert '{shape}' to a shape.")
    shape = tuple(shape)
    dims = []
    for d in shape:
        if d is None:
            dims.append(None)
            continue
        if isinstance(d, (str, float, bool)):
            raise ValueError(
                f"Cannot convert '{shape}' to a shape. Found invalid "
                f"dimension '{d}' of type '{type(d)}'."
            )
        try:
            d = int(d)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"Cannot convert '{shape}' to a shape. Found invalid "
                f"dimension '{d}' of type '{type(d)}'."
            ) from error
        if d < 0:
            raise ValueError(
                f"Cannot convert '{shape}' to a shape. Negative dimensions "
                "are not allowed."
            )
        dims.append(d)
    return tuple(dims)


def Input(
    shape=None,
    batch_size=None,
    dtype=None,
    sparse=None,
    ragged=None,
    batch_shape=None,
    name=None,
    tensor=None,
    optional=False,
    **kwargs,
):
    """Returns a symbolic input KerasTensor for a functional model."""
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        ragged=ragged,
        batch_shape=batch_shape,
        name=name,
        input_tensor=tensor,
        optional=optional,
        **kwargs,
    )
    return layer.output_tensor
