"""`IntegerLookup`: maps integers to contiguous indices (or back).

>>> import numpy as np
>>> layer = IntegerLookup(vocabulary=[12, 36, 1138])
>>> layer(np.array([[12, 1138], [42, 36]])).tolist()
[[1, 3], [0, 2]]
"""

import jax.numpy as jnp
import numpy as np

from kerax.layers.preprocessing.host_layer import host_map, is_concrete
from kerax.layers.preprocessing.index_lookup import IndexLookup
from kerax.layers.preprocessing.preprocessing_utils import int_dtype


class IntegerLookup(IndexLookup):
    """Maps integer tokens to indices of a vocabulary, with OOV buckets.

    Index layout: `[mask_token]` (only if set and `output_mode="int"`),
    then `num_oov_indices` OOV indices, then the vocabulary. With several
    OOV indices a token goes to `token % num_oov_indices`
    (`oov_method="floormod"`, default) or to its FarmHash bucket
    (`"farmhash"`, SipHash with `salt`). With `invert=True` the layer maps
    indices back to tokens (`oov_token` for unknown indices).

    The vocabulary is given (a list/array or a text file path) or learned
    by `adapt(data)` (most frequent first, ties by decreasing value).
    Works under `jit` (a sorted-table lookup in `jax.numpy`; `"farmhash"`
    goes through `jax.pure_callback`). Under `jit`, with
    `num_oov_indices=0`, unknown tokens give -1 instead of an error.

    Args:
        max_tokens, num_oov_indices, vocabulary, idf_weights, invert,
        output_mode, pad_to_max_tokens, sparse: as in `StringLookup`.
        mask_token: an int mapped to 0, or None (default).
        oov_token: the int returned for OOV indices by `invert=True`
            (default -1).
        vocabulary_dtype: only `"int64"`.
        oov_method: `"floormod"` (default) or `"farmhash"`.
        salt: SipHash key (int or pair), only with `"farmhash"`.

    Output: int indices (int64 with JAX x64, else int32) or encodings.
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None,
                 oov_token=-1, vocabulary=None, vocabulary_dtype="int64",
                 idf_weights=None, invert=False, output_mode="int",
                 sparse=False, pad_to_max_tokens=False,
                 oov_method="floormod", salt=None, name=None, **kwargs):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                "If `max_tokens` is set for `IntegerLookup`, it must be "
                f"greater than 1. Received: max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "The value of `num_oov_indices` argument for `IntegerLookup` "
                f"must >= 0. Received: num_oov_indices={num_oov_indices}"
            )
        if vocabulary_dtype != "int64":
            raise ValueError(
                "Only `vocabulary_dtype='int64'` is supported at this time. "
                f"Received: vocabulary_dtype={vocabulary_dtype}"
            )
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices,
            mask_token=mask_token, oov_token=oov_token,
            vocabulary_dtype=vocabulary_dtype, vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode,
            sparse=sparse, pad_to_max_tokens=pad_to_max_tokens,
            oov_method=oov_method, salt=salt, name=name, **kwargs,
        )

    def _normalize_token(self, token):
        return int(token)

    def _parse_line(self, line):
        return int(line)

    def host_call(self, inputs):
        return self(np.asarray(inputs).astype("int64"))

    # --------------------------------------------------------- jittable
    def _lookup_jnp(self, x):
        x = x.astype(int_dtype())
        n = self.num_oov_indices
        if self._tokens:
            order = np.argsort(self._tokens)
            keys = jnp.asarray(np.asarray(self._tokens)[order], x.dtype)
            values = jnp.asarray(
                order + self._token_start_index(), x.dtype
            )
            pos = jnp.clip(jnp.searchsorted(keys, x), 0, keys.shape[0] - 1)
            found = keys[pos] == x
            indices = jnp.where(found, values[pos], -1)
        else:
            found = jnp.zeros(x.shape, bool)
            indices = jnp.full(x.shape, -1, x.dtype)
        if n == 1:
            indices = jnp.where(found, indices, self._oov_start_index())
        elif n > 1:
            buckets = jnp.mod(x, n) + self._oov_start_index()
            indices = jnp.where(found, indices, buckets)
        if self.mask_token is not None:
            mask_index = 0 if self.output_mode == "int" else -1
            indices = jnp.where(x == self.mask_token, mask_index, indices)
        return indices

    def _invert_jnp(self, x):
        x = x.astype(int_dtype())
        table = jnp.asarray(np.asarray(self.get_vocabulary(), "int64"),
                            int_dtype())
        inside = (x >= 0) & (x < table.shape[0])
        return jnp.where(inside, table[jnp.clip(x, 0, table.shape[0] - 1)],
                         self.oov_token)

    def call(self, inputs):
        x = jnp.asarray(inputs)
        if self.invert:
            return self._invert_jnp(x)
        if is_concrete(x) or (self.num_oov_indices > 1
                              and self.oov_method == "farmhash"):
            indices = host_map(self.lookup_numpy, x, int_dtype())
        else:
            indices = self._lookup_jnp(x)
        return self._encode(indices)

    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary from integer data (see class doc)."""
        super().adapt(data, batch_size=batch_size, steps=steps)

    def get_config(self):
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config


