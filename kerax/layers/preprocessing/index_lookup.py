"""`IndexLookup`: the vocabulary logic behind `StringLookup` and
`IntegerLookup` (not exported; the two subclasses are).

Index layout, as in Keras: `[mask] + [OOV] * num_oov_indices + tokens`,
where the mask slot exists only when `mask_token` is set and
`output_mode == "int"`. Out-of-vocabulary inputs go to the single OOV
index, or, with several, to `oov_start + (token % num_oov_indices)` for
integers (`oov_method="floormod"`) or to a FarmHash/SipHash bucket
(strings, or `oov_method="farmhash"`).

The vocabulary lives in Python (a dict and a list) and, for the jittable
integer path, in constant NumPy arrays; the layer has no weights.
"""

from __future__ import annotations

import collections
import os

import numpy as np

from kerax import config
from kerax.layers.preprocessing.hash_functions import hash_to_bins
from kerax.layers.preprocessing.host_layer import HostInputLayer
from kerax.layers.preprocessing.preprocessing_utils import (
    categorical_output_shape,
    int_dtype,
    iterate_batches,
    validate_mode,
)

LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
VOCABULARY_FILE = "vocabulary.txt"


class IndexLookup(HostInputLayer):
    """Maps tokens to indices (or back, with `invert=True`)."""

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token,
                 vocabulary_dtype, vocabulary=None, idf_weights=None,
                 invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, oov_method="floormod", name=None,
                 salt=None, **kwargs):
        self._frozen_vocab_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, autocast=False, **kwargs)
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                "If set, `max_tokens` must be greater than 1. "
                f"Received: max_tokens={max_tokens}"
            )
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(
                "If pad_to_max_tokens is True, must set `max_tokens`. "
                f"Received: max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "`num_oov_indices` must be greater than or equal to 0. "
                f"Received: num_oov_indices={num_oov_indices}"
            )
        validate_mode(oov_method, ("floormod", "farmhash"), "oov_method",
                      type(self).__name__)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        validate_mode(output_mode, LOOKUP_MODES, "output_mode",
                      type(self).__name__)
        if invert and output_mode != "int":
            raise ValueError(
                "`output_mode` must be `'int'` when `invert` is true. "
                f"Received: output_mode={output_mode}"
            )
        if sparse:
            raise ValueError(
                f"kerax's {type(self).__name__} has no sparse output. "
                f"Received: sparse={sparse}"
            )
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(
                "`idf_weights` should only be set if `output_mode` is "
                f"`'tf_idf'`. Received: idf_weights={idf_weights} and "
                f"output_mode={output_mode}"
            )
        if salt is not None:
            if vocabulary_dtype != "string" and oov_method != "farmhash":
                raise ValueError(
                    "`salt` can only be used when `oov_method='farmhash'`. "
                    f"Received: oov_method={oov_method}"
                )
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(
                    "The `salt` argument can only be a tuple of 2 integers, "
                    f"or a single integer. Received: salt={salt}."
                )
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = salt
        self.input_vocabulary = (
            None if isinstance(vocabulary, str) else vocabulary
        )
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = (
            vocabulary is not None if has_input_vocabulary is None
            else bool(has_input_vocabulary)
        )
        if (output_mode == "tf_idf" and self._has_input_vocabulary
                and idf_weights is None and vocabulary is not None):
            raise ValueError(
                "When specifying the `vocabulary` argument, in TF-IDF "
                "output mode, the `idf_weights` argument must also be "
                "provided."
            )
        self._tokens = []
        self._index = {}
        self.idf_weights = None
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True  # no weights to create

    def get_build_config(self):
        """`{}`, as Keras writes for its lookup layers (nothing to build)."""
        return {}

    def build_from_config(self, config):
        self.built = True

    # ---------------------------------------------------------- indices
    def _oov_start_index(self):
        return int(self.mask_token is not None and self.output_mode == "int")

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def _normalize_token(self, token):
        """The Python form of one token (str or int)."""
        raise NotImplementedError

    def _parse_line(self, line):
        raise NotImplementedError

    def vocabulary_size(self):
        """Vocabulary size, mask and OOV indices included."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary; with special tokens, a term's index in the list
        is its index in the layer's output."""
        vocab = [self.oov_token] * self._token_start_index() + list(
            self._tokens
        )
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        if not include_special_tokens:
            vocab = vocab[self._token_start_index():]
        return vocab

    # ------------------------------------------------------- vocabulary
    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (list/array, or a text file path with one
        token per line) and, for `"tf_idf"`, the IDF weights."""
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(
                    "`idf_weights` must be set if output_mode is 'tf_idf'."
                )
        elif idf_weights is not None:
            raise ValueError(
                "`idf_weights` should only be set if output_mode is "
                f"`'tf_idf'`. Received: output_mode={self.output_mode} "
                f"and idf_weights={idf_weights}"
            )
        if isinstance(vocabulary, (str, os.PathLike)):
            vocabulary = self._read_vocabulary_file(os.fspath(vocabulary))
        if hasattr(vocabulary, "numpy") and not isinstance(
            vocabulary, np.ndarray
        ):
            vocabulary = vocabulary.numpy()
        tokens = [self._normalize_token(t) for t in np.asarray(
            vocabulary, dtype=object).reshape(-1)]
        if not tokens:
            raise ValueError(
                "Cannot set an empty vocabulary. "
                f"Received: vocabulary={vocabulary}"
            )
        token_start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + [
            self.oov_token] * self.num_oov_indices
        found_special = tokens[:token_start] == special
        if found_special:
            tokens = tokens[token_start:]
        repeated = [t for t, c in collections.Counter(tokens).items()
                    if c > 1]
        if repeated:
            raise ValueError(
                "The passed vocabulary has at least one repeated term. "
                "Please uniquify your dataset. The repeated terms are: "
                f"{repeated}"
            )
        if self.mask_token is not None and self.mask_token in tokens:
            raise ValueError(
                "Found reserved mask token at unexpected location in "
                "`vocabulary`. Either remove all mask and OOV tokens, or "
                "include them only at the start of the vocabulary in "
                f"precisely this order: {special}. Received: "
                f"mask_token={self.mask_token}"
            )
        if self.invert and self.oov_token is not None and (
            self.oov_token in tokens
        ):
            raise ValueError(
                "Found reserved OOV token at unexpected location in "
                "`vocabulary`. Either remove all mask and OOV tokens, or "
                "include them only at the start of the vocabulary in "
                f"precisely this order: {special}. Received: "
                f"oov_token={self.oov_token}"
            )
        size = token_start + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                "Attempted to set a vocabulary larger than the maximum vocab "
                f"size. Received vocabulary size is {size}; `max_tokens` is "
                f"{self.max_tokens}."
            )
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            weights = np.asarray(idf_weights, "float64")
            if weights.ndim == 1 and len(weights) != len(
                tokens) + token_start * found_special:
                raise ValueError(
                    "`idf_weights` must be the same length as vocabulary. "
                    f"len(idf_weights) is {len(weights)}; len(vocabulary) "
                    f"is {len(tokens) + token_start * found_special}"
                )
            self._set_given_idf(weights, found_special)

    def _set_given_idf(self, weights, found_special):
        if weights.ndim != 1:
            raise ValueError(
                "TF-IDF data must be a 1-index array. "
                f"Received: idf_weights with shape {weights.shape}"
            )
        front = 0 if found_special else self._token_start_index()
        front_value = 0.0 if found_special else float(np.average(weights))
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(weights)
        self.idf_weights = np.pad(
            weights, (front, max(back, 0)), constant_values=(front_value, 0)
        ).astype(config.floatx())

    def _set_tokens(self, tokens):
        start = self._token_start_index()
        self._tokens = list(tokens)
        self._index = {t: start + i for i, t in enumerate(self._tokens)}
        self._tables = None
        self._frozen_vocab_size = self.vocabulary_size()

    def _read_vocabulary_file(self, path):
        if not os.path.exists(path):
            raise ValueError(f"Vocabulary file {path} does not exist.")
        if self.output_mode == "tf_idf":
            raise ValueError(
                "output_mode `'tf_idf'` does not support loading a "
                "vocabulary from file."
            )
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        return [self._parse_line(line) for line in lines]

    # ------------------------------------------------------------ adapt
    def reset_state(self):
        self._token_counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    def adapt(self, data, batch_size=None, steps=None):
        """Builds the vocabulary from `data` (array, list or iterable of
        batches): tokens sorted by decreasing count, ties by decreasing
        token, truncated to `max_tokens`."""
        self.reset_state()
        single = not _is_iterable_of_batches(data)
        for batch in iterate_batches(data, batch_size, steps):
            if single and batch.ndim == 1:
                batch = batch[:, None]
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        if self._has_input_vocabulary:
            raise ValueError(
                f"Cannot adapt layer '{self.name}' after setting a static "
                "vocabulary via `vocabulary` argument or `set_vocabulary()` "
                "method."
            )
        rows = self._rows_of(data)
        for row in rows:
            self._token_counts.update(row)
        if self.output_mode == "tf_idf":
            for row in rows:
                self._document_counts.update(set(row))
            self._num_documents += len(rows)

    def _rows_of(self, data):
        """Token lists, one per document (ragged lists accepted)."""
        if isinstance(data, list) and data and isinstance(data[0], list):
            return [[self._normalize_token(t) for t in row] for row in data]
        array = np.asarray(data, dtype=object)
        if array.ndim == 0:
            array = array[None]
        if array.ndim == 1:
            array = array[None]
        array = array.reshape(array.shape[0], -1)
        return [[self._normalize_token(t) for t in row] for row in array]

    def finalize_state(self):
        if self._has_input_vocabulary or not self._token_counts:
            return
        counts = self._token_counts
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                counts.pop(special, None)
        ordered = sorted(counts, key=lambda t: (counts[t], t), reverse=True)
        if self.max_tokens:
            ordered = ordered[: self.max_tokens - self._token_start_index()]
        self._set_tokens(ordered)
        if self.output_mode == "tf_idf":
            docs = np.array([self._document_counts[t] for t in ordered],
                            "float64")
            idf = np.log(1 + self._num_documents / (1 + docs))
            idf = idf.astype(config.floatx())
            front = np.full(self._token_start_index(), idf.mean(),
                            dtype=idf.dtype)
            idf = np.concatenate([front, idf])
            if self.pad_to_max_tokens and self.max_tokens is not None:
                idf = np.pad(idf, (0, self.max_tokens - idf.size))
            self.idf_weights = idf
        self.reset_state()

    # ----------------------------------------------------------- lookup
    def _depth(self):
        if self.pad_to_max_tokens:
            return self.max_tokens
        if not self._tokens and self._frozen_vocab_size is None:
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and "
                "`pad_to_max_tokens=False`, you must set the layer's "
                "vocabulary before calling it. Either pass a `vocabulary` "
                "argument to the layer, or call `adapt` with some sample "
                "data."
            )
        return self.vocabulary_size()

    def _oov_indices(self, values):
        """OOV indices for an array of out-of-vocabulary `values`."""
        n = self.num_oov_indices
        if n == 1:
            return np.full(values.shape, self._oov_start_index(), "int64")
        if self.vocabulary_dtype != "string" and self.oov_method == (
            "floormod"
        ):
            buckets = np.mod(values.astype("int64"), n)
        else:
            buckets = hash_to_bins(values, n, self.salt)
        return buckets + self._oov_start_index()

    def lookup_numpy(self, values):
        """NumPy int64 indices of a NumPy array of tokens."""
        values = np.asarray(values, dtype=object)
        flat = [self._normalize_token(v) for v in values.reshape(-1)]
        out = np.array([self._index.get(v, -1) for v in flat], "int64")
        out = out.reshape(values.shape)
        missing = out < 0
        tokens = np.empty(len(flat), dtype=object)
        tokens[:] = flat
        tokens = tokens.reshape(values.shape)
        if self.mask_token is not None:
            is_mask = tokens == self.mask_token
            missing &= ~is_mask
        if missing.any():
            if self.num_oov_indices == 0:
                raise ValueError(
                    "When `num_oov_indices=0` all inputs should be in "
                    f"vocabulary, found OOV values {list(tokens[missing])}, "
                    "consider setting `num_oov_indices=1`."
                )
            oov_values = tokens[missing]
            if self.vocabulary_dtype != "string":
                oov_values = oov_values.astype("int64")
            out[missing] = self._oov_indices(oov_values)
        if self.mask_token is not None:
            out[is_mask] = 0 if self.output_mode == "int" else -1
        return out

    def invert_numpy(self, indices):
        """Tokens (object array) of a NumPy array of indices."""
        indices = np.asarray(indices).astype("int64")
        vocab = self.get_vocabulary()
        flat = [vocab[i] if 0 <= i < len(vocab) else self.oov_token
                for i in indices.reshape(-1).tolist()]
        out = np.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(indices.shape)

    def _encode(self, indices):
        """`output_mode` encoding of int indices (jnp, jittable)."""
        import jax.numpy as jnp

        from kerax.layers.preprocessing.preprocessing_utils import (
            encode_categorical,
        )

        if self.output_mode == "int":
            return jnp.asarray(indices).astype(int_dtype())
        depth = self._depth()
        if self.output_mode == "tf_idf":
            counts = encode_categorical(indices, "count", depth,
                                        dtype=config.floatx())
            return counts * jnp.asarray(self.idf_weights)
        return encode_categorical(indices, self.output_mode, depth,
                                  dtype=int_dtype())

    # ------------------------------------------------------------ shape
    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = (self.max_tokens if self.pad_to_max_tokens
                 else self._frozen_vocab_size)
        return categorical_output_shape(input_shape, self.output_mode, depth)

    def compute_output_spec(self, inputs):
        from kerax.core.keras_tensor import KerasTensor

        dtype = config.floatx() if self.output_mode == "tf_idf" else (
            int_dtype())
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype)

    # ------------------------------------------------- saving (Keras's)
    def save_own_variables(self, store):
        """`tf_idf` mode stores `idf_weights` in the weights file (the
        group's dataset `"idf_weights"`, as Keras does); other modes store
        nothing."""
        if self.output_mode == "tf_idf":
            weights = self.idf_weights
            if weights is None:
                weights = np.zeros(self._token_start_index())
            store["idf_weights"] = np.asarray(weights, config.floatx())

    def load_own_variables(self, store):
        if self.output_mode == "tf_idf":
            self.idf_weights = np.asarray(store["idf_weights"]).astype(
                config.floatx())

    def save_assets(self, dir_path):
        """Writes `vocabulary.txt` into `dir_path`: the full vocabulary
        (special tokens first), one token per line, no final newline --
        unless the vocabulary was given to the constructor (it is then in
        the config and no file is written)."""
        if self.input_vocabulary is not None:
            return
        path = os.path.join(dir_path, VOCABULARY_FILE)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(str(t) for t in self.get_vocabulary()))

    def load_assets(self, dir_path):
        """Restores the vocabulary written by `save_assets` (after
        `load_own_variables`, whose `idf_weights` it uses)."""
        if self.input_vocabulary is not None:
            return
        path = os.path.join(dir_path, VOCABULARY_FILE)
        if not os.path.isfile(path):
            import warnings

            warnings.warn(
                f"Layer '{self.name}' was saved without its vocabulary "
                f"file ({VOCABULARY_FILE} in the archive's assets); it is "
                "left without a vocabulary. Call `set_vocabulary()` or "
                "`adapt()` before using it.", stacklevel=2)
            return
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        values = [self._parse_line(line) for line in lines]
        was_static = self._has_input_vocabulary
        if self.output_mode == "tf_idf":
            weights = self.idf_weights
            if weights is not None and len(weights) > len(values):
                weights = weights[: len(values)]  # drop max_tokens padding
            self.set_vocabulary(values, idf_weights=weights)
        else:
            self.set_vocabulary(values)
        self._has_input_vocabulary = was_static

    # ----------------------------------------------------------- config
    def get_config(self):
        config_ = super().get_config()
        config_.update(
            {
                "invert": self.invert,
                "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices,
                "oov_token": self.oov_token,
                "mask_token": self.mask_token,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
                "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary_dtype": self.vocabulary_dtype,
                "idf_weights": _listify(self.input_idf_weights),
                "vocabulary": _listify(self.input_vocabulary),
                "vocabulary_size": self._frozen_vocab_size,
                "oov_method": self.oov_method,
                "salt": self.salt,
            }
        )
        return config_


def _listify(value):
    if value is None:
        return None
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return [v.decode("utf-8") if isinstance(v, bytes) else v
            for v in value]


def _is_iterable_of_batches(data):
    return not isinstance(data, (list, tuple, np.ndarray, str, bytes)) and (
        hasattr(data, "__iter__") and not hasattr(data, "shape")
    )
