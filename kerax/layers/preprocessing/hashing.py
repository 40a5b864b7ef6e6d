"""`Hashing`: hashes strings or integers into a fixed number of bins.

>>> import numpy as np
>>> Hashing(num_bins=3)(np.array([["A"], ["B"], ["C"]])).shape
(3, 1)
"""

import numpy as np

from kerax.layers.preprocessing.hash_functions import hash_to_bins
from kerax.layers.preprocessing.host_layer import HostInputLayer, host_map
from kerax.layers.preprocessing.preprocessing_utils import (
    CATEGORICAL_MODES,
    categorical_output_shape,
    encode_categorical,
    int_dtype,
    to_text_array,
    validate_mode,
)


class Hashing(HostInputLayer):
    """Maps each value to `hash(value) % num_bins`, Keras's bins exactly.

    Strings are hashed as UTF-8 bytes, integers as their decimal text
    (floats are first truncated to integers), with FarmHash
    `Fingerprint64` or, when `salt` is given, keyed SipHash-2-4: the same
    bins as Keras/TensorFlow's `to_hash_bucket_fast` / `_strong`. With
    `mask_value`, that value maps to 0 and the others to
    `1 + hash % (num_bins - 1)`.

    String inputs are hashed eagerly on the host (see `HostInputLayer`);
    integer inputs also work under `jit` (through `jax.pure_callback`).

    Args:
        num_bins: the number of bins (mask bin included), >= 1.
        mask_value: a value to map to bin 0, or None (default).
        salt: None (FarmHash), an int `k` (SipHash key `[k, k]`) or a pair
            of ints.
        output_mode: `"int"` (default), `"one_hot"`, `"multi_hot"` or
            `"count"` (see `CategoryEncoding`).
        sparse: must be False.

    Input shape: any. Output: int bins (int64 with JAX x64, else int32) of
    the input shape, or float encodings of shape `(..., num_bins)`.
    """

    def __init__(self, num_bins, mask_value=None, salt=None,
                 output_mode="int", sparse=False, **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else None
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "The `num_bins` for `Hashing` cannot be `None` or "
                f"non-positive values. Received: num_bins={num_bins}."
            )
        validate_mode(output_mode, CATEGORICAL_MODES, "output_mode",
                      "Hashing")
        if output_mode == "int" and self.dtype_policy.name not in (
            "int32", "int64"
        ):
            raise ValueError(
                'When `output_mode="int"`, `dtype` should be an integer '
                f"type, 'int32' or 'int64'. Received: dtype={kwargs['dtype']}"
            )
        if sparse:
            raise ValueError(
                "kerax's Hashing has no sparse output. "
                f"Received: sparse={sparse}"
            )
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(
                    "The `salt` argument for `Hashing` can only be a tuple "
                    f"of size 2 integers, or a single integer. Received: "
                    f"salt={salt}."
                )
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.salt = salt
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse

    def _output_dtype(self):
        dtype = self.compute_dtype
        if dtype == "int64":
            return int_dtype()
        return dtype

    def hash_values(self, values):
        """NumPy int64 bins of a NumPy array of values."""
        bins = self.num_bins
        mask = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = values == _mask_like(self.mask_value, values)
        hashed = hash_to_bins(values, bins, self.salt)
        if mask is not None:
            hashed = np.where(mask, 0, hashed + 1)
        return hashed

    def _encode(self, indices):
        if self.output_mode == "int":
            return indices.astype(self._output_dtype())
        if self.output_mode == "one_hot" and indices.ndim and (
            indices.shape[-1] == 1
        ):
            indices = indices[..., 0]
        return encode_categorical(indices, self.output_mode, self.num_bins,
                                  dtype=self._output_dtype())

    def host_call(self, inputs):
        values = to_text_array(inputs)
        return self._encode(host_map(self.hash_values, values, "int32"))

    def call(self, inputs):
        return self._encode(host_map(self.hash_values, inputs, "int32"))

    def compute_output_shape(self, input_shape):
        return categorical_output_shape(input_shape, self.output_mode,
                                        self.num_bins)

    def compute_output_spec(self, inputs):
        from kerax.core.keras_tensor import KerasTensor

        return KerasTensor(self.compute_output_shape(inputs.shape),
                           self._output_dtype())

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_bins": self.num_bins,
                "salt": self.salt,
                "mask_value": self.mask_value,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
            }
        )
        return config


def _mask_like(mask_value, values):
    if values.dtype == object:
        return str(mask_value) if not isinstance(mask_value, bytes) else (
            mask_value.decode("utf-8"))
    return mask_value

