"""`StringLookup`: maps strings to integer indices (or back).

>>> import numpy as np
>>> layer = StringLookup(vocabulary=["a", "b", "c"])
>>> layer(np.array([["a", "c"], ["d", "b"]])).tolist()
[[1, 3], [0, 2]]
"""

import numpy as np

from kerax.layers.preprocessing.host_layer import check_string_symbolic
from kerax.layers.preprocessing.index_lookup import IndexLookup
from kerax.layers.preprocessing.preprocessing_utils import to_text_array


class StringLookup(IndexLookup):
    """Maps string tokens to indices of a vocabulary, with OOV buckets.

    Index layout: `[mask_token]` (only if set and `output_mode="int"`),
    then `num_oov_indices` OOV indices, then the vocabulary. Several OOV
    indices hash tokens with FarmHash (SipHash with `salt`), as Keras
    does. With `invert=True` the layer maps indices back to strings.

    The vocabulary is given (a list/array, or the path of a text file with
    one token per line) or learned by `adapt(data)` (most frequent first,
    ties by decreasing token, truncated to `max_tokens`).

    String processing is eager NumPy on the host (JAX has no strings):
    use the layer on raw data, not inside a jitted step.

    Args:
        max_tokens: maximum vocabulary size (special indices included).
        num_oov_indices: number of OOV indices (default 1).
        mask_token: token mapped to 0 (and dropped by the encodings), or
            None (default).
        oov_token: the token returned for OOV indices by `invert=True`
            (default `"[UNK]"`).
        vocabulary: list, array or file path, optional.
        idf_weights: IDF weights for `"tf_idf"` with a given vocabulary.
        invert: map indices to tokens (default False).
        output_mode: `"int"` (default), `"one_hot"`, `"multi_hot"`,
            `"count"` or `"tf_idf"`.
        pad_to_max_tokens: encode to `max_tokens` wide outputs.
        sparse: must be False.
        encoding: text encoding of byte inputs (default `"utf-8"`).
        salt: int or pair of ints: SipHash key for OOV hashing.

    Output: int indices (int64 with JAX x64, else int32), int or float
    (tf_idf) encodings, or a NumPy `str` array when inverted.
    `get_vocabulary()`, `vocabulary_size()`, `set_vocabulary()`,
    `save_assets(dir)` / `load_assets(dir)` (a `vocabulary.txt` file).
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None,
                 oov_token="[UNK]", vocabulary=None, idf_weights=None,
                 invert=False, output_mode="int", pad_to_max_tokens=False,
                 sparse=False, encoding="utf-8", name=None, salt=None,
                 **kwargs):
        self.encoding = encoding
        kwargs.pop("vocabulary_dtype", None)
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices,
            mask_token=mask_token, oov_token=oov_token,
            vocabulary_dtype="string", vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode,
            sparse=sparse, pad_to_max_tokens=pad_to_max_tokens, name=name,
            salt=salt, **kwargs,
        )

    def _normalize_token(self, token):
        if isinstance(token, bytes):
            return token.decode(self.encoding)
        return str(token)

    def _parse_line(self, line):
        return line

    def __call__(self, *args, **kwargs):
        from kerax.core.keras_tensor import any_symbolic

        if any_symbolic(args, kwargs):
            # An `Input(dtype="string")`: a graph node, run on the host.
            check_string_symbolic(self, args, kwargs)
            return super().__call__(*args, **kwargs)
        return self.host_call(*args)

    def host_call(self, inputs):
        if self.invert:
            indices = np.asarray(inputs)
            return self.invert_numpy(indices).astype(str)
        return self._encode(self.lookup_numpy(to_text_array(inputs,
                                                            self.encoding)))

    def call(self, inputs):
        return self.host_call(inputs)

    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary from string data (see class doc)."""
        super().adapt(data, batch_size=batch_size, steps=steps)

    def get_config(self):
        config = super().get_config()
        del config["vocabulary_dtype"]
        config["encoding"] = self.encoding
        return config
