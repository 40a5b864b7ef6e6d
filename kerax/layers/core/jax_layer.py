"""`JaxLayer`: a layer around a pure JAX model function (Keras 3's
`keras.layers.JaxLayer`).

The model is `call_fn`, whose parameters are recognised by name, in any
order: `params` (trainable pytree), `state` (non-trainable pytree; then
`call_fn` returns `(outputs, new_state)`), `rng` (a `uint32[2]` key while
training, `None` at inference), `inputs` (required) and `training`.
`init_fn(rng, inputs[, training])` creates `params` (or `(params, state)`
when `call_fn` takes `state`) at build time from placeholder inputs of the
input shape; alternatively pass `params=` / `state=` directly.

Every array leaf becomes a kerax Variable (floats in the layer's variable
dtype), so the model trains in `fit`'s jitted pure step, its state is
carried like a BatchNormalization's, its randomness comes from the layer's
`SeedGenerator`, and `.keras` files hold the leaves as Keras writes them
(`vars/0, 1, ...`: the params' leaves in JAX tree order, then the state's).

>>> import jax, jax.numpy as jnp, numpy as np
>>> def init_fn(rng, inputs):
...     return {"w": jax.random.normal(rng, (inputs.shape[-1], 2))}
>>> def call_fn(params, inputs):
...     return inputs @ params["w"]
>>> layer = JaxLayer(call_fn, init_fn)
>>> layer(np.ones((3, 4), "float32")).shape
(3, 2)
>>> [tuple(w.shape) for w in layer.trainable_weights]
[(4, 2)]
"""

from __future__ import annotations

import inspect

import jax
import numpy as np

from kerax.core.dtypes import is_float_dtype, standardize_dtype
from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.layers.layer import Layer
from kerax.random.seed_generator import SeedGenerator, draw_seed

_CALL_ARGUMENTS = ("params", "state", "rng", "inputs", "training")
_INIT_ARGUMENTS = ("rng", "inputs", "training")
# Python numbers as leaves: Keras's dtypes for them on JAX.
_PYTHON_DTYPES = {bool: "bool", int: "int32", float: "float32"}


def validate_signature(layer_name, fn, fn_name, allowed, required="inputs"):
    """The parameter names of `fn`, in order, checked against `allowed`
    (Keras recognises the arguments by name)."""
    if not callable(fn):
        raise TypeError(
            f"{layer_name}: `{fn_name}` must be a callable. Received: "
            f"{fn_name}={fn!r}")
    names = list(inspect.signature(fn).parameters)
    if required not in names:
        raise ValueError(
            f"{layer_name}: `{fn_name}` must take an argument named "
            f"`{required}`. Received a function with arguments {names}.")
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise ValueError(
            f"{layer_name}: `{fn_name}` takes unsupported argument(s) "
            f"{unknown}; the arguments it may take (by name) are "
            f"{list(allowed)}.")
    return names


def _placeholder(shape):
    """Ones of `shape` (unknown dimensions 1) for `init_fn`."""
    return jax.numpy.ones([1 if d is None else int(d) for d in shape])


def _placeholders(input_shape):
    """The input structure of `input_shape` (a shape, or lists / tuples /
    dicts of shapes) as placeholder arrays."""
    if isinstance(input_shape, dict):
        return {k: _placeholders(v) for k, v in input_shape.items()}
    if isinstance(input_shape, (list, tuple)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in input_shape
    ):
        return _placeholder(input_shape)
    if isinstance(input_shape, (list, tuple)):
        return type(input_shape)(_placeholders(s) for s in input_shape)
    raise ValueError(
        f"Cannot make inputs for `init_fn` from input shape {input_shape!r}")


def _is_array_leaf(value) -> bool:
    return isinstance(value, (jax.Array, np.ndarray, np.generic)) or (
        hasattr(value, "shape") and hasattr(value, "dtype"))


class JaxLayer(Layer):
    """Wraps a pure JAX model `call_fn` (and its `init_fn`) as a layer.

    Args:
        call_fn: the model function; its arguments, by name: `params`,
            `state`, `rng`, `inputs` (required), `training`. With `state`
            it returns `(outputs, new_state)`, else the outputs.
        init_fn: `init_fn(rng, inputs[, training])` returning `params`
            (or `(params, state)` when `call_fn` takes `state`); called at
            build time with ones of the input shape and `training=True`.
        params: initial trainable pytree (instead of `init_fn`).
        state: initial non-trainable pytree (instead of `init_fn`).
        seed: seed of the layer's `SeedGenerator` (when `call_fn` takes
            `rng`).
        native_serialization_platforms: used by Keras's TensorFlow backend
            to convert the function with `jax2tf`; kept in the config for
            Keras compatibility, JAX runs the function natively.
        **kwargs: base layer arguments (`name`, `dtype`, `trainable`).

    Leaves of `params` / `state` that are not arrays or Python numbers
    are kept as they are (configuration the model reads).
    """

    def __init__(
        self,
        call_fn,
        init_fn=None,
        params=None,
        state=None,
        seed=None,
        native_serialization_platforms=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.call_fn = call_fn
        self.init_fn = init_fn
        self.jax2tf_native_serialization_platforms = (
            native_serialization_platforms)
        self.call_fn_arguments = validate_signature(
            name, call_fn, "call_fn", _CALL_ARGUMENTS)
        self.call_fn_has_params = "params" in self.call_fn_arguments
        self.call_fn_has_state = "state" in self.call_fn_arguments
        self.init_fn_arguments = None
        if init_fn is not None:
            self.init_fn_arguments = validate_signature(
                name, init_fn, "init_fn", _INIT_ARGUMENTS)
        if "rng" in self.call_fn_arguments:
            self.seed_generator = SeedGenerator(seed)
        else:
            self.seed_generator = None
        if init_fn is None and params is None and state is None and (
            self.call_fn_has_params or self.call_fn_has_state
        ):
            raise ValueError(
                f"{name}: `call_fn` takes `params` or `state`, so at least "
                "one of `init_fn`, `params` and `state` must be given. "
                "Received: init_fn=None, params=None, state=None.")
        self.params = None
        self.state = None
        self.tracked_params = self._create_variables(params, trainable=True)
        self.tracked_state = self._create_variables(state, trainable=False)
        if self.params is not None or self.state is not None:
            self.built = True

    # ------------------------------------------------------------ weights
    def _create_variables(self, values, trainable):
        """Turns the array leaves of `values` into Variables; stores the
        pytree as `self.params` / `self.state` and returns the flat list of
        the new Variables."""
        created = []

        def to_variable(value):
            if isinstance(value, (bool, int, float)):
                value = np.asarray(value, dtype=_PYTHON_DTYPES[type(value)])
            if not _is_array_leaf(value):
                return value
            dtype = standardize_dtype(value.dtype)
            array = value

            def initializer(shape, dtype=None):
                # A copy: the caller keeps its arrays if a step donates ours.
                return jax.numpy.array(array, dtype=dtype, copy=True)

            variable = self.add_weight(
                shape=tuple(value.shape),
                initializer=initializer,
                dtype=None if is_float_dtype(dtype) else dtype,
                trainable=trainable,
            )
            created.append(variable)
            return variable

        tree = jax.tree_util.tree_map(to_variable, values)
        if trainable:
            self.params = tree
        else:
            self.state = tree
        return created

    def _get_init_seed(self):
        """A fresh key from the global seed stream (Keras draws the init
        key from its global generator too)."""
        return draw_seed(None)

    def _get_init_rng(self):
        """The `rng` argument of `init_fn` (override for several keys)."""
        return self._get_init_seed()

    def _get_call_seed(self):
        """The next key of the layer's `SeedGenerator`."""
        return self.seed_generator.next()

    def _get_call_rng(self, training):
        """The `rng` argument of `call_fn`: a key while training, else
        None (override for several keys or keys at inference)."""
        return self._get_call_seed() if training else None

    def _initialize_weights(self, input_shape):
        if self.init_fn is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': no `init_fn` to "
                "create `params`/`state` from, and none were given.")
        inputs = _placeholders(input_shape)
        args = []
        for argument in self.init_fn_arguments:
            if argument == "rng":
                args.append(self._get_init_rng())
            elif argument == "inputs":
                args.append(inputs)
            else:  # training
                args.append(True)
        result = self.init_fn(*args)
        if self.call_fn_has_state:
            if not (isinstance(result, (tuple, list)) and len(result) == 2):
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': `call_fn` takes "
                    "`state`, so `init_fn` must return `(params, state)`. "
                    f"Received: {type(result).__name__}")
            params, state = result
        else:
            params, state = result, None
        self.tracked_params = self._create_variables(params, trainable=True)
        self.tracked_state = self._create_variables(state, trainable=False)

    def build(self, input_shape):
        if self.params is None and self.state is None and (
            self.call_fn_has_params or self.call_fn_has_state
        ):
            self._initialize_weights(input_shape)

    # ------------------------------------------------------------ calling
    def call(self, inputs, training=False):
        def read(value):
            return value.value if hasattr(value, "assign") else value

        args = []
        for argument in self.call_fn_arguments:
            if argument == "params":
                args.append(jax.tree_util.tree_map(read, self.params))
            elif argument == "state":
                args.append(jax.tree_util.tree_map(read, self.state))
            elif argument == "rng":
                args.append(self._get_call_rng(bool(training)))
            elif argument == "inputs":
                args.append(inputs)
            else:
                args.append(bool(training))
        if not self.call_fn_has_state:
            return self.call_fn(*args)
        outputs, new_state = self.call_fn(*args)
        self._assign_state(new_state)
        return outputs

    def _assign_state(self, new_state):
        def assign(value, variable):
            if not hasattr(variable, "assign"):
                return
            if tuple(np.shape(value)) != tuple(variable.shape):
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': `call_fn` "
                    f"returned a state leaf of shape {np.shape(value)} for "
                    f"the state variable of shape {variable.shape}.")
            variable.assign(value)

        try:
            jax.tree_util.tree_map(assign, new_state, self.state)
        except ValueError as error:
            if "returned a state leaf" in str(error):
                raise
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the state returned by "
                "`call_fn` does not have the structure of the initial state "
                f"({error}).") from None

    # ------------------------------------------------------------- config
    def get_config(self):
        config = super().get_config()
        config.update({
            "call_fn": serialize_keras_object(self.call_fn),
            "init_fn": serialize_keras_object(self.init_fn),
            "native_serialization_platforms": (
                self.jax2tf_native_serialization_platforms),
        })
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("call_fn", "init_fn"):
            if isinstance(config.get(key), dict):
                config[key] = deserialize_keras_object(config[key])
        return super().from_config(config)
