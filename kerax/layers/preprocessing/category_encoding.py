"""`CategoryEncoding`: integer categories to one-hot, multi-hot or counts.

>>> import numpy as np
>>> CategoryEncoding(num_tokens=4)(np.array([[0, 1], [3, 3]])).tolist()
[[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
"""

from kerax.layers.layer import Layer
from kerax.layers.preprocessing.preprocessing_utils import (
    categorical_output_shape,
    encode_categorical,
)

_MODES = ("one_hot", "multi_hot", "count")


class CategoryEncoding(Layer):
    """Encodes integer features in `[0, num_tokens)`.

    * `"one_hot"`: each value becomes a `num_tokens` vector (a trailing
      axis of size 1 is replaced by it);
    * `"multi_hot"`: each sample (axis 1 of a batch, or a whole rank-1
      input) becomes one vector with 1 at every value present;
    * `"count"`: like multi-hot, counting occurrences (weighted by
      `count_weights`, same shape as the inputs, when passed to `call`).

    Values outside `[0, num_tokens)` encode to zeros. Works under `jit`.

    Args:
        num_tokens: the number of categories (required, >= 1).
        output_mode: `"multi_hot"` (default), `"one_hot"` or `"count"`
            (`"binary"` is accepted as the old name of `"multi_hot"`).
        sparse: must be False (JAX has no sparse outputs here).

    Input shape: `(batch,)`, `(batch, n)` or higher. Output: float, shape
    `(..., num_tokens)` as described above.
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot",
                 sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in _MODES:
            raise ValueError(
                f"Unknown arg for output_mode: expected one of {_MODES}. "
                f"Received: output_mode={output_mode}"
            )
        if num_tokens is None:
            raise ValueError(
                "num_tokens must be set to use this layer. If the number of "
                "tokens is not known beforehand, use the IntegerLookup layer "
                "instead."
            )
        if num_tokens < 1:
            raise ValueError(
                f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}"
            )
        if sparse:
            raise ValueError(
                "kerax's CategoryEncoding has no sparse output. "
                f"Received: sparse={sparse}"
            )
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse

    def call(self, inputs, count_weights=None):
        if count_weights is not None and self.output_mode != "count":
            raise ValueError(
                "`count_weights` is not used when `output_mode` is not "
                f"`'count'`. Received `count_weights={count_weights}`."
            )
        return encode_categorical(
            inputs, self.output_mode, self.num_tokens,
            dtype=self.compute_dtype, count_weights=count_weights,
        )

    def compute_output_shape(self, input_shape):
        return categorical_output_shape(
            input_shape, self.output_mode, self.num_tokens
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {"num_tokens": self.num_tokens, "output_mode": self.output_mode}
        )
        return config
