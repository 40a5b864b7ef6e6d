"""`Normalization`: `(inputs - mean) / sqrt(variance)` per feature.

>>> import numpy as np
>>> layer = Normalization()
>>> layer.adapt(np.array([[0.0], [2.0]]))
>>> layer(np.array([[1.0], [3.0]])).tolist()
[[0.0], [2.0]]
"""

import math

import numpy as np

from kerax import config, ops
from kerax.layers.layer import Layer
from kerax.layers.preprocessing.preprocessing_utils import iterate_batches


class Normalization(Layer):
    """Standardizes features with a mean and variance set or adapted.

    Each position along `axis` has its own mean and variance; the other
    axes are reduced by `adapt(data)`. The output is
    `(inputs - mean) / max(sqrt(variance), epsilon)`, or, with
    `invert=True`, `mean + inputs * max(sqrt(variance), epsilon)`.

    Args:
        axis: int, tuple of ints or None (default -1): the axes that keep
            separate statistics; None means one scalar mean and variance.
        mean, variance: optional statistics (scalars or arrays broadcast
            against the kept axes, right-aligned); set both or neither.
            When set, the layer has no weights and `adapt` is not needed.
        invert: apply the inverse transformation (default False).

    `adapt(data, batch_size=None, steps=None)` accepts a NumPy array, a
    list/iterable of batches, a `tf.data.Dataset` or a `PyDataset` (the `x`
    of `(x, y)` batches) and stores the statistics in the non-trainable
    weights `mean` and `variance` (plus Keras's legacy `count`).

    Input shape: any with the kept axes known. Output: same shape.
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False,
                 **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        if (mean is None) != (variance is None):
            raise ValueError(
                "When setting values directly, both `mean` and `variance` "
                f"must be set. Received: mean={mean} and variance={variance}"
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    "`mean` and `variance` must have the same shape. "
                    f"Received: mean shape {np.shape(mean)} and variance "
                    f"shape {np.shape(variance)}"
                )
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    "The rank of `mean` must be at most the number of axes "
                    f"({len(self.axis)}). Received: mean shape "
                    f"{np.shape(mean)} for axis={self.axis}"
                )
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None

    def build(self, input_shape):
        if input_shape is None:
            return
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        self._build_input_shape = input_shape
        self._build_shapes_dict = {"input_shape": input_shape}
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                "All `axis` values must be in the range [-ndim, ndim). "
                f"Received inputs with ndim={ndim}, while axis={self.axis}"
            )
        keep = tuple(sorted(a % ndim for a in self.axis))
        for d in keep:
            if input_shape[d] is None:
                raise ValueError(
                    "All `axis` values to be kept must have a known shape. "
                    f"Received axis={self.axis}, inputs.shape={input_shape}, "
                    f"with unknown axis at index {d}"
                )
        self._keep_axis = keep
        self._reduce_axis = tuple(d for d in range(ndim) if d not in keep)
        self._broadcast_shape = tuple(
            input_shape[d] if d in keep else 1 for d in range(ndim)
        )
        self._stats_shape = tuple(input_shape[d] for d in keep)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=self._stats_shape, initializer="zeros",
                trainable=False,
            )
            self.adapt_variance = self.add_weight(
                name="variance", shape=self._stats_shape,
                initializer="ones", trainable=False,
            )
            self.count = self.add_weight(
                name="count", shape=(), dtype="int32", initializer="zeros",
                trainable=False,
            )
        else:
            self._fixed_mean = self._broadcast_given(self.input_mean, ndim)
            self._fixed_variance = self._broadcast_given(
                self.input_variance, ndim
            )
        self.built = True

    def _broadcast_given(self, value, ndim):
        value = np.asarray(value, dtype="float64")
        if value.ndim > 0:
            shape = [1] * ndim
            for i in range(1, value.ndim + 1):
                shape[self._keep_axis[-i]] = value.shape[-i]
            value = value.reshape(shape)
        return np.broadcast_to(value, self._broadcast_shape).astype(
            self.compute_dtype
        )

    def adapt(self, data, batch_size=None, steps=None):
        """Computes the mean and variance of `data` (see class doc)."""
        if self.input_mean is not None:
            raise ValueError(
                "Cannot adapt a Normalization layer created with `mean` and "
                "`variance`."
            )
        batches = iterate_batches(data, batch_size=batch_size, steps=steps,
                                  lists_are_batches=True)
        first = next(batches, None)
        if first is None:
            raise ValueError(
                "adapt() received no data: pass a non-empty array or an "
                "iterable of batches."
            )
        if not self.built:
            self.build(first.shape)
        total_mean = total_var = None
        total_count = 0
        for batch in _chain(first, batches):
            batch = np.asarray(batch, dtype="float64")
            self._check_batch(batch.shape)
            batch_mean = np.mean(batch, axis=self._reduce_axis)
            batch_var = np.var(batch, axis=self._reduce_axis)
            count = math.prod(batch.shape[d] for d in self._reduce_axis)
            if total_mean is None:
                total_mean, total_var, total_count = (
                    batch_mean, batch_var, count)
                continue
            # Pooled statistics of the data seen so far and this batch.
            total_count += count
            weight = count / total_count
            new_mean = total_mean * (1 - weight) + batch_mean * weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * (
                1 - weight
            ) + (batch_var + (batch_mean - new_mean) ** 2) * weight
            total_mean = new_mean
        self.adapt_mean.assign(np.asarray(total_mean, "float32"))
        self.adapt_variance.assign(np.asarray(total_var, "float32"))

    def _check_batch(self, shape):
        for d in self._keep_axis:
            if len(shape) != len(self._build_input_shape) or (
                shape[d] != self._build_input_shape[d]
            ):
                raise ValueError(
                    "The layer was built with input_shape="
                    f"{self._build_input_shape}, but adapt() received data "
                    f"with an incompatible shape {tuple(shape)}."
                )

    def finalize_state(self):
        """Kept for Keras compatibility: statistics are read at call."""

    def _stats(self):
        if self.input_mean is not None:
            return self._fixed_mean, self._fixed_variance
        dtype = self.compute_dtype
        mean = ops.reshape(ops.cast(self.adapt_mean, dtype),
                           self._broadcast_shape)
        variance = ops.reshape(ops.cast(self.adapt_variance, dtype),
                               self._broadcast_shape)
        return mean, variance

    def call(self, inputs):
        inputs = ops.cast(inputs, self.compute_dtype)
        mean, variance = self._stats()
        std = ops.maximum(ops.sqrt(variance), config.epsilon())
        if self.invert:
            return ops.add(mean, ops.multiply(inputs, std))
        return ops.divide(ops.subtract(inputs, mean), std)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_build_config(self):
        if self._build_input_shape:
            return {"input_shape": self._build_input_shape}
        return None

    def get_config(self):
        config_ = super().get_config()
        config_.update(
            {
                "axis": self.axis,
                "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(),
                "variance": np.array(self.input_variance).tolist(),
            }
        )
        return config_


def _chain(first, rest):
    yield first
    yield from rest
