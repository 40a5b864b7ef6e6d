"""`Discretization`: buckets continuous values by bin boundaries.

>>> import numpy as np
>>> layer = Discretization(bin_boundaries=[0.0, 1.0])
>>> layer(np.array([-0.5, 0.5, 1.5])).tolist()
[0, 1, 2]
"""

import jax.numpy as jnp
import numpy as np

from kerax.layers.layer import Layer
from kerax.layers.preprocessing.preprocessing_utils import (
    CATEGORICAL_MODES,
    categorical_output_shape,
    encode_categorical,
    iterate_batches,
    validate_mode,
)


class Discretization(Layer):
    """Maps each value to the index of its bin.

    With boundaries `[b0, b1, ..., bn-1]` the bins are `(-inf, b0)`,
    `[b0, b1)`, ..., `[bn-1, inf)`, so indices run from 0 to n. The
    boundaries are given, or learned by `adapt(data)` as approximate
    quantiles (Keras's streaming summary with tolerance `epsilon`).

    Args:
        bin_boundaries: sorted list of floats, or None with `num_bins`.
        num_bins: the number of bins `adapt` computes (excludes
            `bin_boundaries`).
        epsilon: quantile error tolerance used by `adapt` (default 0.01).
        output_mode: `"int"` (default, int32 bin indices), `"one_hot"`,
            `"multi_hot"` or `"count"` (float encodings of the indices).
        sparse: must be False.

    Input shape: any. Output: same shape for `"int"`, else the encoded
    shape (see `CategoryEncoding`). Works under `jit`.
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01,
                 output_mode="int", sparse=False, dtype=None, name=None):
        super().__init__(name=name, dtype=dtype)
        validate_mode(output_mode, CATEGORICAL_MODES, "output_mode",
                      "Discretization")
        if sparse:
            raise ValueError(
                "kerax's Discretization has no sparse output. "
                f"Received: sparse={sparse}"
            )
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                "`num_bins` must be greater than or equal to 0. "
                f"Received: `num_bins={num_bins}`"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Both `num_bins` and `bin_boundaries` should not be set. "
                f"Received: `num_bins={num_bins}` and "
                f"`bin_boundaries={bin_boundaries}`"
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError(
                "You need to set either `num_bins` or `bin_boundaries`."
            )
        self.bin_boundaries = (
            None if bin_boundaries is None else list(bin_boundaries)
        )
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.summary = np.zeros((2, 0), dtype="float32")

    @property
    def output_dtype(self):
        return "int32" if self.output_mode == "int" else self.compute_dtype

    def adapt(self, data, batch_size=None, steps=None):
        """Learns `num_bins` quantile boundaries from `data`."""
        if self.num_bins is None:
            raise ValueError(
                "Cannot adapt a Discretization layer that has been "
                "initialized with `bin_boundaries`, use `num_bins` instead."
            )
        self.reset_state()
        for batch in iterate_batches(data, batch_size, steps,
                                     lists_are_batches=True):
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        values = np.asarray(data).astype("float32")
        self.summary = _merge(self.summary, _summarize(values, self.epsilon),
                              self.epsilon)

    def finalize_state(self):
        if self.num_bins is None:
            return
        boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1]
        self.bin_boundaries = boundaries.tolist()

    def reset_state(self):
        if self.num_bins is not None:
            self.summary = np.zeros((2, 0), dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                "You need to either pass the `bin_boundaries` argument at "
                "construction time or call `adapt(dataset)` before you can "
                "start using the `Discretization` layer."
            )
        bins = jnp.asarray(self.bin_boundaries, dtype=self.compute_dtype)
        indices = jnp.digitize(jnp.asarray(inputs), bins)
        return encode_categorical(
            indices, self.output_mode, len(self.bin_boundaries) + 1,
            dtype=self.output_dtype,
        )

    def compute_output_shape(self, input_shape):
        depth = (
            len(self.bin_boundaries) + 1 if self.bin_boundaries is not None
            else self.num_bins
        )
        return categorical_output_shape(input_shape, self.output_mode, depth)

    def compute_output_spec(self, inputs):
        from kerax.core.keras_tensor import KerasTensor

        return KerasTensor(self.compute_output_shape(inputs.shape),
                           self.output_dtype)

    def get_config(self):
        config = super().get_config()
        config.pop("trainable", None)
        config.update(
            {
                "bin_boundaries": self.bin_boundaries,
                "num_bins": self.num_bins,
                "epsilon": self.epsilon,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        boundaries = config.pop("bin_boundaries", None)
        if config.get("num_bins") is None:
            config["bin_boundaries"] = boundaries
            return super().from_config(config)
        # An adapted layer has both: rebuild from `num_bins`, then restore.
        layer = super().from_config(config)
        layer.bin_boundaries = boundaries
        return layer


def _summarize(values, epsilon):
    """Sorted values sampled every `len / (1 / epsilon)` items, as a
    `(2, k)` array of (values, weights)."""
    values = np.sort(values.reshape(-1))
    step = max(values.size / (1.0 / epsilon), 1)
    picked = values[int(step - 1)::int(step)]
    return np.stack([picked, np.full_like(picked, step)])


def _merge(previous, summary, epsilon):
    # Newest summary first: ties then order as in Keras.
    merged = np.concatenate([summary, previous], axis=1)
    merged = merged[:, np.argsort(merged[0])]
    return _compress(merged, epsilon)


def _compress(summary, epsilon):
    """Re-buckets a summary at cumulative-weight steps of `epsilon`."""
    if summary.shape[1] * epsilon < 1:
        return summary
    targets = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    fractions = cumulative / cumulative[-1]
    values = np.interp(targets, fractions, summary[0])
    new_cumulative = np.interp(targets, fractions, cumulative)
    weights = np.diff(new_cumulative, prepend=0.0)
    return np.stack([values, weights]).astype("float32")
