"""`FeatureSpace`: preprocessing and encoding of structured (tabular) data.

>>> import numpy as np
>>> data = {"price": np.array([1.0, 2.0, 3.0]),
...         "color": np.array(["red", "blue", "red"])}
>>> space = FeatureSpace({"price": "float_normalized",
...                       "color": "string_categorical"})
>>> space.adapt(data)
>>> space(data).shape  # color: 3 one-hot columns (OOV, red, blue) + price
(3, 4)
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from kerax.core.keras_tensor import any_symbolic
from kerax.core.naming import uniquify
from kerax.layers.layer import Layer
from kerax.utils.feature_space_specs import (
    Cross,
    Feature,
    TFDIdentity,
    _deserialize,
)

_BATCH = 32  # Keras's adapt batches unbatched rows by 32.
_FEATURE_TYPES = (
    "float", "float_normalized", "float_rescaled", "float_discretized",
    "integer_categorical", "string_categorical", "integer_hashed",
    "string_hashed",
)


def _layers():
    from kerax import layers

    return layers


def _column(value):
    """A NumPy array of one input column."""
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()
    return np.asarray(value)


def _as_rows(x):
    """Rank 0 -> `(1, 1)`, rank 1 -> `(n, 1)`, else unchanged."""
    if x.ndim == 0:
        return x.reshape(1, 1)
    if x.ndim == 1:
        return x[:, None]
    return x


def _adapt_batches(dataset, name):
    """The batches Keras's `FeatureSpace.adapt` feeds to the `name`
    preprocessor: a dict of columns is sliced into rows which, when they
    are scalars, are regrouped by 32; rank <= 1 batches get a trailing
    axis."""
    if isinstance(dataset, dict):
        column = _column(dataset[name])
        if column.ndim == 1:
            for start in range(0, len(column), _BATCH):
                yield column[start:start + _BATCH][:, None]
        else:
            for row in column:
                yield row[..., None] if row.ndim <= 1 else row
        return
    pending = []
    for batch in dataset:
        if isinstance(batch, tuple) and batch and isinstance(batch[0], dict):
            batch = batch[0]
        if not isinstance(batch, dict) or name not in batch:
            raise ValueError(
                "FeatureSpace.adapt: each batch of the dataset must be a "
                f"dict holding feature '{name}'. Received a batch of type "
                f"{type(batch).__name__}"
            )
        x = _column(batch[name])
        if x.ndim == 0:
            pending.append(x)
            if len(pending) == _BATCH:
                yield np.stack(pending)[:, None]
                pending = []
            continue
        yield x[..., None] if x.ndim == 1 else x
    if pending:
        yield np.stack(pending)[:, None]


class FeatureSpace(Layer):
    """Preprocesses and encodes a dict of feature columns into one vector
    (`output_mode="concat"`) or a dict of encoded features (`"dict"`).

    Feature types (by name, or the class methods of the same name for
    non-default arguments): `"float"`, `"float_rescaled"`,
    `"float_normalized"` (a `Normalization` layer), `"float_discretized"`
    (`Discretization`, `num_discretization_bins` bins),
    `"integer_categorical"` (`IntegerLookup`), `"string_categorical"`
    (`StringLookup`), `"integer_hashed"` and `"string_hashed"` (`Hashing`,
    `hashing_dim` bins). Categorical features are one-hot encoded unless
    their `output_mode` is `"int"`. `crosses` hash pairs (or more) of
    preprocessed features together with `HashedCrossing`. Features are
    concatenated in sorted name order, then the crosses in sorted order.

    Call `adapt()` on the training data (a dict of columns, or a kerax
    dataset / iterable of dict batches) before calling the space on a
    dict of columns. Call the space in the data pipeline
    (`dataset.map(lambda x, y: (space(x), y))`) and build the training
    model on `get_encoded_features()` (`Input` tensors: a kerax model
    starts at its `Input`s). Strings are processed on the host, in NumPy.
    The space can also be called on `get_inputs()`, which gives the graph
    of an end-to-end inference model (called eagerly when it has string
    features).

    Args:
        features: Dict of feature name -> type name or `Feature`.
        output_mode: `"concat"` (default) or `"dict"`.
        crosses: List of tuples of feature names (or `Cross` objects).
        crossing_dim: Hash bins of the crosses (default 32).
        hashing_dim: Bins of hashed features (default 32).
        num_discretization_bins: Bins of `"float_discretized"` (default
            32).
        name: Layer name.
    """

    # ---------------------------------------------------- feature types
    @classmethod
    def cross(cls, feature_names, crossing_dim, output_mode="one_hot"):
        return Cross(feature_names, crossing_dim, output_mode=output_mode)

    @classmethod
    def feature(cls, dtype, preprocessor, output_mode):
        return Feature(dtype, preprocessor, output_mode)

    @classmethod
    def float(cls, name=None):
        name = name or uniquify("float")
        return Feature("float32", TFDIdentity(
            dtype="float32", name=f"{name}_preprocessor"), "float")

    @classmethod
    def float_rescaled(cls, scale=1.0, offset=0.0, name=None):
        name = name or uniquify("float_rescaled")
        return Feature("float32", _layers().Rescaling(
            scale=scale, offset=offset, name=f"{name}_preprocessor"),
            "float")

    @classmethod
    def float_normalized(cls, name=None):
        name = name or uniquify("float_normalized")
        return Feature("float32", _layers().Normalization(
            axis=-1, name=f"{name}_preprocessor"), "float")

    @classmethod
    def float_discretized(cls, num_bins, bin_boundaries=None,
                          output_mode="one_hot", name=None):
        name = name or uniquify("float_discretized")
        # Discretization takes either the bin count or the boundaries.
        preprocessor = _layers().Discretization(
            num_bins=None if bin_boundaries is not None else num_bins,
            bin_boundaries=bin_boundaries, name=f"{name}_preprocessor")
        return Feature("float32", preprocessor, output_mode)

    @classmethod
    def integer_categorical(cls, max_tokens=None, num_oov_indices=1,
                            output_mode="one_hot", name=None):
        name = name or uniquify("integer_categorical")
        return Feature("int32", _layers().IntegerLookup(
            name=f"{name}_preprocessor", max_tokens=max_tokens,
            num_oov_indices=num_oov_indices), output_mode)

    @classmethod
    def string_categorical(cls, max_tokens=None, num_oov_indices=1,
                           output_mode="one_hot", name=None):
        name = name or uniquify("string_categorical")
        return Feature("string", _layers().StringLookup(
            name=f"{name}_preprocessor", max_tokens=max_tokens,
            num_oov_indices=num_oov_indices), output_mode)

    @classmethod
    def string_hashed(cls, num_bins, output_mode="one_hot", name=None):
        name = name or uniquify("string_hashed")
        return Feature("string", _layers().Hashing(
            name=f"{name}_preprocessor", num_bins=num_bins), output_mode)

    @classmethod
    def integer_hashed(cls, num_bins, output_mode="one_hot", name=None):
        name = name or uniquify("integer_hashed")
        return Feature("int32", _layers().Hashing(
            name=f"{name}_preprocessor", num_bins=num_bins), output_mode)

    # ------------------------------------------------------------ set-up
    def __init__(self, features, output_mode="concat", crosses=None,
                 crossing_dim=32, hashing_dim=32, num_discretization_bins=32,
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if not features:
            raise ValueError(
                "FeatureSpace: `features` must be a non-empty dict. "
                f"Received: features={features!r}"
            )
        if output_mode not in ("dict", "concat"):
            raise ValueError(
                "FeatureSpace: `output_mode` must be 'dict' or 'concat'. "
                f"Received: output_mode={output_mode!r}"
            )
        self.crossing_dim = crossing_dim
        self.hashing_dim = hashing_dim
        self.num_discretization_bins = num_discretization_bins
        self.output_mode = output_mode
        self.features = {key: self._standardize_feature(key, value)
                         for key, value in features.items()}
        self.crosses = [self._standardize_cross(c, features)
                        for c in crosses or ()]
        self.crosses_by_name = {c.name: c for c in self.crosses}
        self.preprocessors = {key: f.preprocessor
                              for key, f in self.features.items()}
        hashed_crossing = _layers().HashedCrossing
        self.crossers = {c.name: hashed_crossing(c.crossing_dim, name=c.name)
                         for c in self.crosses}
        self.one_hot_encoders = {}
        self.encoded_features = None
        self._inputs = None
        self._is_adapted = False
        self._sublayers_built = False

    def _standardize_feature(self, key, feature):
        if isinstance(feature, Feature):
            return feature
        if isinstance(feature, dict):
            return _deserialize(feature)
        if feature not in _FEATURE_TYPES:
            raise ValueError(
                f"FeatureSpace: invalid type for feature '{key}'. Expected "
                f"a Feature or one of {_FEATURE_TYPES}. Received: {feature!r}"
            )
        if feature == "float_discretized":
            return self.float_discretized(self.num_discretization_bins,
                                          name=key)
        if feature in ("integer_hashed", "string_hashed"):
            return getattr(self, feature)(self.hashing_dim, name=key)
        return getattr(self, feature)(name=key)

    def _standardize_cross(self, cross, features):
        if isinstance(cross, dict):
            cross = _deserialize(cross)
        if isinstance(cross, Cross):
            return cross
        if not self.crossing_dim:
            raise ValueError(
                "FeatureSpace: `crosses` need a `crossing_dim` (the size of "
                f"the crossing space). Received: crossing_dim="
                f"{self.crossing_dim!r}"
            )
        unknown = [key for key in cross if key not in features]
        if unknown:
            raise ValueError(
                "FeatureSpace: every feature named in `crosses` must be in "
                f"`features`. Unknown: {unknown} in cross {tuple(cross)}"
            )
        return Cross(cross, crossing_dim=self.crossing_dim)

    def _adaptable(self):
        layers = _layers()
        names = []
        for key, layer in self.preprocessors.items():
            if isinstance(layer, layers.Normalization) and (
                layer.input_mean is not None
            ):
                continue
            if getattr(layer, "_has_input_vocabulary", False):
                continue  # a lookup or TextVectorization given its vocab
            if isinstance(layer, layers.Discretization) and (
                layer.num_bins is None
            ):
                continue  # given its bin boundaries
            if hasattr(layer, "adapt"):
                names.append(key)
        return names

    def adapt(self, dataset):
        """Adapts every preprocessor that learns from data (lookups,
        normalization, discretization) on `dataset`: a dict of columns
        (arrays or lists), or a kerax dataset / iterable of dict batches
        (`(dict, labels)` pairs are accepted)."""
        if not isinstance(dataset, dict) and not hasattr(dataset,
                                                         "__iter__"):
            raise ValueError(
                "FeatureSpace.adapt: expected a dict of arrays/lists or a "
                "dataset of dict batches. Received: "
                f"{type(dataset).__name__}"
            )
        if isinstance(dataset, dict):
            missing = [k for k in self._adaptable() if k not in dataset]
            if missing:
                raise ValueError(
                    f"FeatureSpace.adapt: the data lacks features {missing}")
        for key in self._adaptable():
            self.preprocessors[key].adapt(_adapt_batches(dataset, key))
        self._is_adapted = True
        self._build_encoders()

    # -------------------------------------------------------- encoding
    def _check_if_adapted(self):
        if not self._is_adapted:
            if self._adaptable():
                raise ValueError(
                    "FeatureSpace: call `.adapt(dataset)` before using it "
                    f"(features to adapt: {self._adaptable()})."
                )
            self._is_adapted = True

    def _cardinality(self, key, layer):
        layers = _layers()
        if isinstance(layer, (layers.IntegerLookup, layers.StringLookup)):
            return layer.vocabulary_size()
        if isinstance(layer, layers.CategoryEncoding):
            return layer.num_tokens
        if isinstance(layer, layers.Discretization):
            if layer.bin_boundaries is not None:
                return len(layer.bin_boundaries) + 1
            return layer.num_bins
        if isinstance(layer, (layers.Hashing, layers.HashedCrossing)):
            return layer.num_bins
        raise ValueError(
            f"FeatureSpace: feature '{key}' has output_mode='one_hot' but "
            f"its preprocessor ({type(layer).__name__}) has no known "
            "number of categories; use output_mode='int'."
        )

    def _specs(self):
        """`[(name, spec, layer)]`: the features then the crosses, each
        in sorted name order (the output order)."""
        out = [(k, self.features[k], self.preprocessors[k])
               for k in sorted(self.features)]
        out += [(k, self.crosses_by_name[k], self.crossers[k])
                for k in sorted(self.crossers)]
        return out

    def _build_encoders(self):
        category_encoding = _layers().CategoryEncoding
        for key, spec, layer in self._specs():
            if self.output_mode == "concat" and spec.output_mode == "int":
                raise ValueError(
                    f"FeatureSpace: feature '{key}' is not encoded "
                    "(output_mode='int') and cannot be concatenated; use "
                    "output_mode='dict'."
                )
            if spec.output_mode == "one_hot" and key not in (
                self.one_hot_encoders
            ):
                self.one_hot_encoders[key] = category_encoding(
                    num_tokens=self._cardinality(key, layer),
                    output_mode="multi_hot")
        self._sublayers_built = True
        self.built = True

    def _check_if_built(self):
        if not self._sublayers_built:
            self._check_if_adapted()
            self._build_encoders()

    def _encode(self, data):
        """Preprocesses, crosses and encodes `(n, 1)` columns."""
        out = {}
        for key in sorted(self.features):
            value = data[key]
            if self.features[key].dtype != "string" and isinstance(
                value, np.ndarray
            ) and value.dtype.kind in ("U", "S", "O"):
                raise ValueError(
                    f"FeatureSpace: feature '{key}' expects numbers "
                    f"({self.features[key].dtype}). Received strings."
                )
            out[key] = self.preprocessors[key](value)
        for key in sorted(self.crossers):
            cross = self.crosses_by_name[key]
            out[key] = self.crossers[key]([out[n]
                                           for n in cross.feature_names])
        for key, encoder in self.one_hot_encoders.items():
            out[key] = encoder(out[key])
        return out

    def __call__(self, data):
        self._check_if_built()
        if not isinstance(data, dict):
            raise ValueError(
                "FeatureSpace can only be called on a dict of feature "
                f"columns. Received: {type(data).__name__}"
            )
        missing = [k for k in self.features if k not in data]
        unknown = [k for k in data if k not in self.features]
        if missing or unknown:
            raise ValueError(
                "FeatureSpace: the data's keys do not match the features. "
                f"Missing: {missing}; unknown: {unknown}"
            )
        if any_symbolic(data):
            return self._symbolic_call(data)
        columns = {k: _column(v) for k, v in data.items()}
        rebatched = any(x.ndim == 0 for x in columns.values())
        encoded = self._encode({k: _as_rows(x) for k, x in columns.items()})
        names = [key for key, _, _ in self._specs()]
        if self.output_mode == "concat":
            merged = jnp.concatenate(
                [jnp.asarray(encoded[k]).astype("float32") for k in names],
                axis=-1)
            return merged[0] if rebatched else merged
        out = {k: jnp.asarray(encoded[k]) for k in names}
        if rebatched:
            out = {k: v[0] if v.ndim == 2 and v.shape[0] == 1 else v
                   for k, v in out.items()}
        return out

    # ------------------------------------------------- symbolic tensors
    def _symbolic_call(self, data):
        """The space on `kerax.Input`s of its features (e.g.
        `get_inputs()`): a graph for an end-to-end inference model."""
        from kerax import ops

        data = {k: ops.expand_dims(v, -1) if len(v.shape) == 1 else v
                for k, v in data.items()}
        encoded = self._encode(data)
        names = [key for key, _, _ in self._specs()]
        if self.output_mode == "concat":
            return ops.concatenate([ops.cast(encoded[k], "float32")
                                    for k in names], axis=-1)
        return {k: encoded[k] for k in names}

    def _encoded_width(self, key, spec):
        if spec.output_mode == "one_hot":
            return self.one_hot_encoders[key].num_tokens
        return 1

    def get_inputs(self):
        """A dict of `Input(shape=(1,))` tensors, one per feature, of the
        feature's dtype (`"string"` for string features, as Keras).

        Calling the space on them gives the graph of an end-to-end
        inference model; with string features its string lookups and
        hashing run on the host, so call that model eagerly
        (`model(data)`; jitted `predict`/`fit` take numeric inputs: map
        the space over the data and train on `get_encoded_features()`).
        """
        self._check_if_built()
        if self._inputs is None:
            from kerax.layers.core.input_layer import Input

            # Sorted by name: the order in which kerax flattens a dict.
            self._inputs = {k: Input(shape=(1,), dtype=self.features[k].dtype,
                                     name=k) for k in sorted(self.features)}
        return self._inputs

    def get_encoded_features(self):
        """Symbolic inputs for the model that consumes the encoded
        features: one `(batch, width)` float32 `Input` (concat mode), or a
        dict of one `Input` per encoded feature (dict mode)."""
        self._check_if_built()
        if self.encoded_features is None:
            from kerax.layers.core.input_layer import Input

            specs = self._specs()
            if self.output_mode == "concat":
                width = sum(self._encoded_width(k, s) for k, s, _ in specs)
                self.encoded_features = Input(shape=(width,),
                                              dtype="float32")
            else:
                self.encoded_features = {
                    k: Input(shape=(self._encoded_width(k, s),),
                             dtype=self._encoded_dtype(s), name=k)
                    for k, s, _ in sorted(specs, key=lambda item: item[0])
                }
        return self.encoded_features

    def _encoded_dtype(self, spec):
        if spec.output_mode == "int":
            from kerax.layers.preprocessing.preprocessing_utils import (
                int_dtype,
            )

            return int_dtype()
        return "float32"

    # ------------------------------------------------------------ saving
    def get_config(self):
        from kerax.saving.serialization import serialize_keras_object

        return {
            "features": serialize_keras_object(self.features),
            "output_mode": self.output_mode,
            "crosses": serialize_keras_object(self.crosses),
            "crossing_dim": self.crossing_dim,
            "hashing_dim": self.hashing_dim,
            "num_discretization_bins": self.num_discretization_bins,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_build_config(self):
        return {key: f.preprocessor.get_build_config()
                for key, f in self.features.items()}

    def build_from_config(self, config):
        for key, build_config in (config or {}).items():
            layer = self.features[key].preprocessor
            if build_config and not layer.built:
                layer.build_from_config(build_config)
        self._is_adapted = True
        self.built = True

    def save(self, filepath):
        """Saves the space (configuration and adapted state) to a `.keras`
        file; reload it with `kerax.saving.load_model`."""
        from kerax.saving.api import save_model

        save_model(self, filepath)
