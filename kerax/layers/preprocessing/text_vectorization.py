"""`TextVectorization`: raw strings to token indices or encodings.

>>> import numpy as np
>>> layer = TextVectorization()
>>> layer.adapt(["The cat sat.", "the dog"])
>>> layer.get_vocabulary()
['', '[UNK]', 'the', 'sat', 'dog', 'cat']
>>> layer(np.array(["the cat", "a dog sat"])).tolist()
[[2, 5, 0], [1, 4, 3]]
"""

import os

import numpy as np

from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.layers.preprocessing.host_layer import (
    HostInputLayer,
    check_string_symbolic,
)
from kerax.layers.preprocessing.preprocessing_utils import (
    encode_categorical,
    int_dtype,
    iterate_batches,
    to_text_array,
    validate_mode,
)
from kerax.layers.preprocessing.string_lookup import StringLookup
from kerax.layers.preprocessing.text_processing import (
    ngram_rows,
    split_rows,
    standardize,
)

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


class TextVectorization(HostInputLayer):
    """Turns strings into sequences of token indices or token encodings.

    Each string is standardized, split into tokens, optionally expanded to
    n-grams, then looked up in a vocabulary (index 0 is padding `""`, 1
    the OOV token `"[UNK]"`). The vocabulary is given or learned by
    `adapt(data)` (most frequent first, truncated to `max_tokens`).

    Processing is eager NumPy on the host (JAX has no strings): vectorize
    the raw text before `fit`, or call a model that starts with this layer
    eagerly; it cannot run inside a jitted step or on symbolic inputs.

    Args:
        max_tokens: maximum vocabulary size (padding and OOV included).
        standardize: `"lower_and_strip_punctuation"` (default), `"lower"`
            (ASCII letters), `"strip_punctuation"` (ASCII punctuation),
            None, or a callable taking and returning a NumPy `str` array.
        split: `"whitespace"` (default), `"character"`, None (inputs are
            already tokens), or a callable mapping a rank-1 NumPy `str`
            array to a list of token lists.
        ngrams: None, an int `n` (all 1..n-grams) or a tuple of widths.
        output_mode: `"int"` (default), `"multi_hot"`, `"count"`,
            `"tf_idf"` (or `"one_hot"` with `split=None`).
        output_sequence_length: with `"int"`, pad/truncate every sequence
            to this length (default: the longest in the batch).
        pad_to_max_tokens: encode to `max_tokens` wide outputs.
        vocabulary: a list of tokens or a text file path.
        idf_weights: IDF weights for `"tf_idf"` with a given vocabulary.
        sparse, ragged: must be False.
        encoding: text encoding of byte inputs (default `"utf-8"`).

    Input: strings of shape `(batch,)` or `(batch, 1)`. Output: int
    indices `(batch, sequence_length)` or encodings `(batch, depth)`.
    `get_vocabulary()`, `vocabulary_size()`, `set_vocabulary()`,
    `save_assets(dir)` / `load_assets(dir)` (a `vocabulary.txt` file).
    """

    def __init__(self, max_tokens=None,
                 standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int",
                 output_sequence_length=None, pad_to_max_tokens=False,
                 vocabulary=None, idf_weights=None, sparse=False,
                 ragged=False, encoding="utf-8", name=None, **kwargs):
        has_input_vocabulary = kwargs.pop("has_input_vocabulary",
                                          vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, autocast=False, **kwargs)
        if not (standardize is None or callable(standardize)):
            validate_mode(standardize, _STANDARDIZE, "standardize",
                          "TextVectorization")
        if not (split is None or callable(split)):
            validate_mode(split, _SPLIT, "split", "TextVectorization")
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        validate_mode(output_mode, _MODES, "output_mode",
                      "TextVectorization")
        if not (ngrams is None or isinstance(ngrams, int) or (
            isinstance(ngrams, tuple)
            and all(isinstance(n, int) for n in ngrams)
        )):
            raise ValueError(
                "`ngrams` must be None, an integer, or a tuple of "
                f"integers. Received: ngrams={ngrams}"
            )
        if output_mode == "int" and not (
            output_sequence_length is None
            or isinstance(output_sequence_length, int)
        ):
            raise ValueError(
                "`output_sequence_length` must be either None or an "
                "integer when `output_mode` is 'int'. Received: "
                f"output_sequence_length={output_sequence_length}"
            )
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(
                "`output_sequence_length` must not be set if `output_mode` "
                "is not 'int'. Received output_sequence_length="
                f"{output_sequence_length}."
            )
        if sparse or ragged:
            raise ValueError(
                "kerax's TextVectorization has no sparse or ragged output. "
                f"Received: sparse={sparse}, ragged={ragged}"
            )
        self._max_tokens = max_tokens
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = (tuple(range(1, ngrams + 1))
                        if isinstance(ngrams, int) else ngrams)
        self._ragged = ragged
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._has_input_vocabulary = has_input_vocabulary
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary,
            idf_weights=idf_weights, pad_to_max_tokens=pad_to_max_tokens,
            mask_token="", output_mode=output_mode, sparse=sparse,
            has_input_vocabulary=has_input_vocabulary, encoding=encoding,
            vocabulary_size=vocabulary_size,
        )

    # ------------------------------------------------------ vocabulary
    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary (index order), padding and OOV included."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (list or file path) and IDF weights."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    def save_own_variables(self, store):
        """`tf_idf` mode: the lookup's `idf_weights` (Keras's layout)."""
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store):
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path):
        """Writes the vocabulary to `dir_path/vocabulary.txt`."""
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        """Reads the vocabulary written by `save_assets`."""
        self._lookup_layer.load_assets(dir_path)

    # ----------------------------------------------------------- adapt
    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary from strings (array, list, or iterable of
        batches)."""
        self.reset_state()
        single = isinstance(data, (list, tuple, np.ndarray, str)) or (
            hasattr(data, "shape")
        )
        for batch in iterate_batches(data, batch_size, steps):
            if single and batch.ndim == 1:
                batch = batch[:, None]
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        self._lookup_layer.update_state(self._preprocess(data)[0])

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    def reset_state(self):
        self._lookup_layer.reset_state()

    # ------------------------------------------------------------ call
    def _preprocess(self, inputs):
        """`(rows, dense)`: token lists per string, or (split=None) the
        standardized dense token array (rows over its last axis)."""
        array = to_text_array(inputs, self._encoding)
        array = standardize(array, self._standardize)
        if self._split is None:
            dense = array if array.ndim else array[None]
            rows = [list(r) for r in dense.reshape(-1, dense.shape[-1])]
            if self._ngrams is not None:
                rows = ngram_rows(rows, self._ngrams)
                return rows, None
            return rows, dense
        if array.ndim > 1:
            if array.shape[-1] != 1:
                raise ValueError(
                    "When using `TextVectorization` to tokenize strings, the "
                    "input rank must be 1 or the last shape dimension must "
                    f"be 1. Received: inputs.shape={array.shape} with "
                    f"rank={array.ndim}"
                )
            array = array[..., 0]
        flat = array.reshape(-1)
        rows = split_rows(flat, self._split)
        if self._ngrams is not None:
            rows = ngram_rows(rows, self._ngrams)
        return rows, None

    def host_call(self, inputs):
        lookup = self._lookup_layer
        rows, dense = self._preprocess(inputs)
        scalar = np.ndim(to_text_array(inputs)) == 0
        if dense is not None:
            indices = lookup.lookup_numpy(dense)
            if self._output_mode == "int":
                indices = self._fit_length(indices)
            return lookup._encode(indices)
        width = max([len(r) for r in rows] + [0])
        if self._output_mode == "int" and (
            self._output_sequence_length is not None
        ):
            width = self._output_sequence_length
        fill = 0 if self._output_mode == "int" else -1
        padded = np.full((len(rows), width), fill, dtype="int64")
        rows = [row[:width] for row in rows]
        tokens = np.empty(sum(len(r) for r in rows), dtype=object)
        tokens[:] = [t for row in rows for t in row]
        if tokens.size:
            indices = lookup.lookup_numpy(tokens)
            row_ids = np.repeat(np.arange(len(rows)),
                                [len(r) for r in rows])
            positions = np.concatenate(
                [np.arange(len(r)) for r in rows if r])
            padded[row_ids, positions] = indices
        if self._output_mode == "int":
            out = _jnp(padded.astype(int_dtype()))
            return out[0] if scalar else out
        if self._output_mode == "one_hot":
            raise ValueError(
                "`output_mode='one_hot'` needs one token per sample: use "
                "`split=None`."
            )
        encoded = lookup._encode(padded) if self._output_mode != (
            "tf_idf") else None
        if encoded is None:
            counts = encode_categorical(padded, "count", lookup._depth())
            encoded = counts * _jnp(lookup.idf_weights)
        return encoded[0] if scalar else encoded

    def _fit_length(self, indices):
        length = self._output_sequence_length
        if length is None:
            return indices
        indices = indices[..., :length]
        pad = length - indices.shape[-1]
        if pad > 0:
            widths = [(0, 0)] * (indices.ndim - 1) + [(0, pad)]
            indices = np.pad(indices, widths)
        return indices

    def __call__(self, *args, **kwargs):
        from kerax.core.keras_tensor import any_symbolic

        if any_symbolic(args, kwargs):
            # An `Input(dtype="string")`: a graph node, run on the host.
            check_string_symbolic(self, args, kwargs)
            return super().__call__(*args, **kwargs)
        return self.host_call(*args)

    def call(self, inputs):
        return self.host_call(inputs)

    def compute_output_spec(self, inputs):
        from kerax.core.keras_tensor import KerasTensor

        dtype = self._lookup_layer.compute_output_spec(inputs).dtype
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype)

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        depth = (self._max_tokens if self._lookup_layer.pad_to_max_tokens
                 else self._lookup_layer._frozen_vocab_size)
        return (input_shape[0], depth)

    # ---------------------------------------------------------- config
    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "max_tokens": self._lookup_layer.max_tokens,
                "standardize": _serialize_fn(self._standardize),
                "split": _serialize_fn(self._split),
                "ngrams": self._ngrams_arg,
                "output_mode": self._output_mode,
                "output_sequence_length": self._output_sequence_length,
                "pad_to_max_tokens": self._lookup_layer.pad_to_max_tokens,
                "sparse": self._lookup_layer.sparse,
                "ragged": self._ragged,
                "vocabulary": _plain(self._lookup_layer.input_vocabulary),
                "idf_weights": _plain(self._lookup_layer.input_idf_weights),
                "encoding": self._encoding,
                "vocabulary_size": self.vocabulary_size(),
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("standardize", "split"):
            if isinstance(config.get(key), dict):
                config[key] = deserialize_keras_object(config[key])
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return super().from_config(config)


def _serialize_fn(value):
    if value is None or isinstance(value, str):
        return value
    return serialize_keras_object(value)


def _plain(value):
    if value is None or isinstance(value, (str, os.PathLike)):
        return None
    return [v.decode("utf-8") if isinstance(v, bytes) else
            (v.item() if hasattr(v, "item") else v)
            for v in np.asarray(value, dtype=object).tolist()]


def _jnp(x):
    import jax.numpy as jnp

    return jnp.asarray(x)
