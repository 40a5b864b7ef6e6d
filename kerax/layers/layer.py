"""`Layer`: the base class of every kerax layer and model.

A layer owns Variables (created in `build` with `add_weight`), tracks the
sublayers assigned to its attributes, and computes `call(inputs)` with
`kerax.ops`. `stateless_call` runs the same code as a pure function of
explicit variable values: the hook every jitted step uses.

>>> import numpy as np
>>> class Scale(Layer):
...     def build(self, input_shape):
...         self.w = self.add_weight(shape=(input_shape[-1],),
...                                  initializer="ones", name="w")
...     def call(self, inputs):
...         return inputs * self.w
>>> layer = Scale()
>>> layer(np.ones((2, 3))).shape
(2, 3)
>>> [v.path for v in layer.weights]
['scale/w']
"""

from __future__ import annotations

import inspect

import jax
import jax.numpy as jnp
import numpy as np
from jax import tree_util

from kerax.core import dtype_policy as dtype_policies
from kerax.core import row_mask
from kerax.core.keras_tensor import KerasTensor, any_symbolic
from kerax.core.naming import to_snake_case, uniquify
from kerax.core.remat import get_current_remat_mode, rematerialized_call
from kerax.core.scope import StatelessScope, get_stateless_scope
from kerax.core.variable import AutocastScope, Variable
from kerax.layers import symbolic_build
from kerax.layers.call_context import (
    call_context,
    current_call_context,
    name_scope,
)
from kerax.layers.input_spec import (
    assert_input_compatibility,
    input_shapes,
)
from kerax.layers.keras2_members import Keras2LayerMembers
from kerax.layers.keras3_members import Keras3LayerMembers
from kerax.layers.output_layout import constrain_outputs
from kerax.layers.quantization.layer_members import QuantizationLayerMembers
from kerax.random.seed_generator import SeedGenerator

_BASE_KWARGS = ("input_dim", "input_shape", "batch_input_shape", "batch_size")


class Layer(Keras3LayerMembers, Keras2LayerMembers, QuantizationLayerMembers):
    """Base layer.

    Args:
        activity_regularizer: optional regularizer applied to the outputs.
        trainable: whether the layer's weights are updated by training.
        dtype: a dtype name or policy (`"mixed_float16"`, ...); default is
            the global policy (float32).
        autocast: cast float inputs to the compute dtype.
        name: the layer's name; unique snake_case of the class by default.
        input_shape / input_dim / batch_input_shape / batch_size: Keras 2
            style input declaration on a Sequential model's first layer.
    """

    # True for layers whose `call` takes arbitrary kwargs verbatim (OpLayer).
    _passthrough_kwargs = False

    def __init__(
        self,
        *,
        activity_regularizer=None,
        trainable=True,
        dtype=None,
        autocast=True,
        name=None,
        **kwargs,
    ):
        self._init_tracking()
        legacy_weights = kwargs.pop("weights", None)
        unknown = set(kwargs) - set(_BASE_KWARGS)
        if unknown:
            raise ValueError(
                "Unrecognized keyword arguments passed to "
                f"{self.__class__.__name__}: { {k: kwargs[k] for k in sorted(unknown)} }"
            )
        self._input_shape_arg = _input_shape_from_kwargs(kwargs)
        if name is None:
            name = uniquify(to_snake_case(self.__class__.__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain "
                f"character `/`. Received: name={name} "
                f"(of type {type(name)})"
            )
        self.name = name
        self._trainable = bool(trainable)
        self.dtype_policy = dtype_policies.get(dtype)
        self.autocast = autocast
        self.built = False
        self.supports_masking = getattr(self, "supports_masking", False)
        self.input_spec = None
        self._activity_regularizer = None
        if activity_regularizer is not None:
            from kerax import regularizers

            self._activity_regularizer = regularizers.get(
                activity_regularizer
            )
        self._initial_weights = legacy_weights
        self._path = name
        call_params = inspect.signature(self.call).parameters
        self._call_has_training_arg = "training" in call_params
        self._call_has_mask_arg = "mask" in call_params

    def _init_tracking(self):
        if "_trainable_variables" in self.__dict__:
            return
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_losses", [])
        object.__setattr__(self, "_inbound_nodes", [])

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        instance._init_tracking()
        object.__setattr__(instance, "_remat_mode", get_current_remat_mode())
        return instance

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = symbolic_build.wrap_build(cls.__dict__["build"])

    # ------------------------------------------------------------- tracking
    def _direct_layers(self):
        """Sublayers assigned to attributes (or in lists/dicts), in order."""
        found, seen = [], set()

        def visit(value, depth):
            if isinstance(value, Layer):
                if id(value) not in seen and value is not self:
                    seen.add(id(value))
                    found.append(value)
            elif depth < 3 and isinstance(value, (list, tuple)):
                for item in value:
                    visit(item, depth + 1)
            elif depth < 3 and isinstance(value, dict):
                for item in value.values():
                    visit(item, depth + 1)

        for key, value in self.__dict__.items():
            if key in _UNTRACKED:
                continue
            visit(value, 0)
        return found

    @property
    def _layers(self):
        return self._direct_layers()

    def _flatten_layers(self, include_self=True, recursive=True):
        layers = [self] if include_self else []
        for layer in self._direct_layers():
            layers.append(layer)
            if recursive:
                layers.extend(layer._flatten_layers(False, True))
        seen, unique = set(), []
        for layer in layers:
            if id(layer) not in seen:
                seen.add(id(layer))
                unique.append(layer)
        return unique

    def _seed_generators(self):
        return [
            v for k, v in self.__dict__.items()
            if isinstance(v, SeedGenerator) and k not in _UNTRACKED
        ]

    def _own_variables(self):
        return self._trainable_variables + self._non_trainable_variables

    # ------------------------------------------------------------ variables
    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        for variable in self._trainable_variables:
            variable.trainable = value
        for layer in self._direct_layers():
            layer.trainable = value

    @property
    def variables(self):
        """All state: weights, then seed states, then sublayers' state."""
        result, seen = [], set()

        def add(variable):
            if id(variable) not in seen:
                seen.add(id(variable))
                result.append(variable)

        for variable in self._own_variables():
            add(variable)
        for generator in self._seed_generators():
            add(generator.state)
        for layer in self._direct_layers():
            for variable in layer.variables:
                add(variable)
        return result

    @property
    def trainable_variables(self):
        if not self.trainable:
            return []
        return [v for v in self.variables if v.trainable]

    @property
    def non_trainable_variables(self):
        if not self.trainable:
            return self.variables
        return [v for v in self.variables if not v.trainable]

    @property
    def weights(self):
        """Weights only (no random seed state), sublayers included."""
        seeds = {id(v) for v in self._all_seed_states()}
        return [v for v in self.variables if id(v) not in seeds]

    def _all_seed_states(self):
        return [
            g.state for layer in self._flatten_layers()
            for g in layer._seed_generators()
        ]

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [v for v in self.weights if v.trainable]

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [v for v in self.weights if not v.trainable]

    def add_weight(
        self,
        shape=None,
        initializer=None,
        dtype=None,
        trainable=True,
        autocast=True,
        regularizer=None,
        constraint=None,
        aggregation="none",
        name=None,
        overwrite_with_gradient=False,
    ):
        """Creates a weight Variable tracked by this layer.

        `initializer` is a name, an Initializer or a callable; the default
        is `"glorot_uniform"` for floats and `"zeros"` otherwise.
        """
        from kerax import constraints, initializers, regularizers
        from kerax.core.dtypes import standardize_dtype

        shape = () if shape is None else tuple(shape)
        dtype = standardize_dtype(dtype or self.dtype_policy.variable_dtype)
        if initializer is None:
            is_float = dtype.startswith(("float", "bfloat"))
            initializer = "glorot_uniform" if is_float else "zeros"
        initializer = initializers.get(initializer)
        for dim in shape:
            if dim is None or int(dim) < 0:
                raise ValueError(
                    f"Invalid shape for weight '{name}' of layer "
                    f"'{self.name}': {shape}. All dimensions must be known "
                    "non-negative integers."
                )
        variable = Variable(
            initializer,
            shape=shape,
            dtype=dtype,
            trainable=trainable,
            autocast=autocast,
            aggregation=aggregation,
            name=name,
        )
        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        variable.overwrite_with_gradient = overwrite_with_gradient
        variable._set_path(self._path)
        if trainable:
            self._trainable_variables.append(variable)
        else:
            self._non_trainable_variables.append(variable)
        return variable

    def add_variable(self, shape, initializer, dtype=None, trainable=True,
                     name=None, **kwargs):
        """Keras 3 alias of `add_weight`."""
        return self.add_weight(shape=shape, initializer=initializer,
                               dtype=dtype, trainable=trainable, name=name,
                               **kwargs)

    def get_weights(self):
        """Returns the weights as a list of NumPy arrays."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        """Sets the weights from a list of arrays (order of `weights`)."""
        layer_weights = self.weights
        if len(weights) != len(layer_weights):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' "
                f"with a weight list of length {len(weights)}, but the layer "
                f"was expecting {len(layer_weights)} weights."
            )
        for variable, value in zip(layer_weights, weights):
            value = np.asarray(value)
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    f"Layer {self.name} weight shape {variable.shape} is not "
                    "compatible with provided weight shape "
                    f"{tuple(value.shape)}."
                )
            variable.assign(value)

    def count_params(self):
        """Number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                "You tried to call `count_params` on layer "
                f"'{self.name}', but the layer isn't built. You can build it "
                "manually via: `layer.build(input_shape)`."
            )
        return int(sum(np.prod(v.shape) for v in self.weights))

    # --------------------------------------------------------------- losses
    def add_loss(self, loss):
        """Adds a scalar loss (e.g. an activity penalty) to this call.

        A functional model also takes a loss written on its symbolic
        tensors (Keras 2's `vae.add_loss(vae_loss)`): it is computed from
        the inputs on every call and added to the training loss."""
        if any_symbolic((loss,), {}):
            self._add_symbolic_loss(loss)
            return
        scope = get_stateless_scope()
        if scope is not None:
            if scope.collect_losses:
                scope.add_loss(loss)
            return
        self._losses.append(loss)

    def _add_symbolic_loss(self, loss):
        raise ValueError(
            f"Layer '{self.name}' received a symbolic loss ({loss}). Only a "
            "functional model (`Model(inputs, outputs)`) takes a loss "
            "written on its symbolic tensors; in a layer's `call`, add the "
            "computed value: `self.add_loss(value)`."
        )

    @property
    def losses(self):
        """Losses added in the last eager call, plus weight penalties."""
        losses = []
        for layer in self._flatten_layers():
            losses.extend(layer._losses)
        losses.extend(self._weight_regularization_losses())
        return losses

    def _weight_regularization_losses(self):
        return [
            v.regularizer(v.value) for v in self.trainable_weights
            if v.regularizer is not None
        ]

    def _clear_losses(self):
        for layer in self._flatten_layers():
            layer._losses.clear()

    # ------------------------------------------------------------- building
    def build(self, input_shape=None):
        """Creates the weights; called once with the input shape(s)."""
        self.built = True

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        shapes = symbolic_build.build_shapes(self, args, kwargs)
        # `build` is wrapped (`symbolic_build.wrap_build`): like Keras, a
        # variable's path is the name scope it was built in; weights are
        # created eagerly and stored in the Variables, even when the first
        # call is traced or stateless.
        self.__dict__["_building_from_call"] = True
        try:
            self.build(**shapes)
        finally:
            del self.__dict__["_building_from_call"]
        self._build_shapes_dict = shapes

    def _apply_initial_weights(self):
        if self._initial_weights is not None:
            weights, self._initial_weights = self._initial_weights, None
            self.set_weights(weights)

    def build_from_config(self, config):
        if config and "input_shape" in config:
            self.build(config["input_shape"])
            self.built = True

    def get_build_config(self):
        shape = getattr(self, "_build_shapes_dict", None)
        if shape is None:
            return None
        if len(shape) == 1:
            return {"input_shape": next(iter(shape.values()))}
        return {"shapes_dict": shape}

    # ------------------------------------------------------------- calling
    def call(self, inputs, *args, **kwargs):
        return inputs

    def rematerialized_call(self, layer_call, *args, **kwargs):
        """`layer_call` wrapped as the `RematScope` this layer was created
        in says (unchanged outside any scope); `__call__` uses it."""
        return rematerialized_call(self, layer_call, *args, **kwargs)

    def __call__(self, *args, **kwargs):
        if any_symbolic(args, kwargs):
            return symbolic_build.symbolic_call(self, args, kwargs)
        args = tree_util.tree_map(_to_array, args)
        kwargs, previous_mask = symbolic_build.input_masks(self, args, kwargs)
        if not self._passthrough_kwargs:
            kwargs = _resolve_training(self, kwargs)
            if not self._call_has_mask_arg:
                kwargs.pop("mask", None)
        self._maybe_build(args, kwargs)
        if self.input_spec is not None and args:
            assert_input_compatibility(
                self.input_spec, input_shapes(self.input_spec, args[0]),
                self.name,
            )
        compute_dtype = self.dtype_policy.compute_dtype
        mixed = compute_dtype != self.dtype_policy.variable_dtype
        if self.autocast:
            args = _cast_floats(args, compute_dtype)
        top_level = current_call_context() is None
        if top_level and get_stateless_scope() is None:
            self._clear_losses()
        call = self.call
        if self._remat_mode is not None:
            call = self.rematerialized_call(call, *args, **kwargs)
        with call_context(
            kwargs.get("training", _training_of_context())
        ), name_scope(self.name):
            if mixed and self.autocast:
                with AutocastScope(compute_dtype):
                    outputs = call(*args, **kwargs)
            else:
                outputs = call(*args, **kwargs)
            outputs = constrain_outputs(outputs)  # the layout map's
        if self._activity_regularizer is not None:
            for output in tree_util.tree_leaves(outputs):
                penalty = self._activity_regularizer(output)
                if getattr(output, "ndim", 0) >= 1 and output.shape[0]:
                    # Keras averages the activity penalty over the batch.
                    penalty = penalty / output.shape[0]
                self.add_loss(penalty)
        symbolic_build.attach_output_masks(
            self, args, previous_mask, outputs, symbolic=False
        )
        return outputs

    def stateless_call(
        self,
        trainable_variables,
        non_trainable_variables,
        *args,
        return_losses=False,
        **kwargs,
    ):
        """Pure call: `(outputs, new_non_trainable_values[, losses])`.

        Variables are read from the given values (orders of
        `trainable_variables` and `non_trainable_variables`); no Variable
        is mutated.
        """
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        if len(trainable_variables) != len(trainable):
            raise ValueError(
                f"Layer '{self.name}' has {len(trainable)} trainable "
                "variables, but received trainable_variables of length "
                f"{len(trainable_variables)}."
            )
        if len(non_trainable_variables) != len(non_trainable):
            raise ValueError(
                f"Layer '{self.name}' has {len(non_trainable)} non-trainable "
                "variables, but received non_trainable_variables of length "
                f"{len(non_trainable_variables)}."
            )
        mapping = list(zip(trainable, trainable_variables)) + list(
            zip(non_trainable, non_trainable_variables)
        )
        with StatelessScope(mapping, collect_losses=return_losses) as scope:
            outputs = self(*args, **kwargs)
            losses = None
            if return_losses:
                # Activity and `add_loss` losses see padded rows.
                row_mask.require(not scope.losses,
                                 "layers add losses computed from the batch")
                losses = list(scope.losses)
                losses.extend(self._weight_regularization_losses())
        new_non_trainable = [
            scope.get_current_value(v) for v in non_trainable
        ]
        if return_losses:
            return outputs, new_non_trainable, losses
        return outputs, new_non_trainable

    # ------------------------------------------------------------- masking
    def compute_mask(self, inputs, mask=None):
        """Output mask: passes `mask` through when supported."""
        if not self.supports_masking:
            return None
        return mask

    # -------------------------------------------------------------- shapes
    def compute_output_shape(self, *args, **kwargs):
        spec = self.compute_output_spec(
            *tree_util.tree_map(
                lambda s: KerasTensor(s, self.compute_dtype),
                args, is_leaf=_is_shape,
            ),
            **kwargs,
        )
        return tree_util.tree_map(lambda t: t.shape, spec)

    def compute_output_spec(self, *args, **kwargs):
        """Output KerasTensor(s) for symbolic inputs, via `jax.eval_shape`."""
        return symbolic_build.eval_output_spec(self, args, kwargs)

    @property
    def compute_dtype(self):
        return self.dtype_policy.compute_dtype

    @property
    def variable_dtype(self):
        return self.dtype_policy.variable_dtype

    @property
    def dtype(self):
        return self.dtype_policy.variable_dtype

    @property
    def path(self):
        return self._path

    @property
    def input(self):
        return self._node_attr("input_tensors", "input")

    @property
    def output(self):
        return self._node_attr("output_tensors", "output")

    def _node_attr(self, attr, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer {self.name} has never been called and thus has no "
                f"defined {what}."
            )
        tensors = getattr(self._inbound_nodes[0], attr)
        return tensors[0] if len(tensors) == 1 else tensors

    # -------------------------------------------------------------- config
    def get_config(self):
        """Constructor arguments (subclasses extend this)."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policies.serialize(self.dtype_policy),
        }
        if self._activity_regularizer is not None:
            from kerax import regularizers

            config["activity_regularizer"] = regularizers.serialize(
                self._activity_regularizer
            )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "dtype" in config and isinstance(config["dtype"], dict):
            config["dtype"] = dtype_policies.get(config["dtype"])
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}, built={self.built}>"


Layer.build = symbolic_build.wrap_build(Layer.build)
symbolic_build.register_layer_base(Layer)

_UNTRACKED = frozenset(
    {"_inbound_nodes", "_outbound_nodes", "_parent", "_history",
     "_initial_weights", "_functional_nodes", "_graph_inputs",
     "_graph_outputs", "compiled_loss", "compiled_metrics"}
)


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in value
    )


def _to_array(x):
    if isinstance(x, np.ndarray):
        # Strings stay NumPy (host layers, `Input(dtype="string")`).
        return x if x.dtype.kind in "USO" else jnp.asarray(x)
    if isinstance(x, Variable):
        return x.value
    return x


def _cast_floats(args, dtype):
    def cast(x):
        if isinstance(x, (jax.Array, np.ndarray)) and jnp.issubdtype(
            x.dtype, jnp.floating
        ) and x.dtype != dtype:
            return x.astype(dtype)
        return x

    return tree_util.tree_map(cast, args)


def _training_of_context():
    context = current_call_context()
    return None if context is None else context.training


def _resolve_training(layer, kwargs):
    if not layer._call_has_training_arg:
        kwargs.pop("training", None)
        return kwargs
    if kwargs.get("training") is None:
        inherited = _training_of_context()
        if inherited is not None:
            kwargs["training"] = inherited
        else:
            kwargs.pop("training", None)
    return kwargs


def _input_shape_from_kwargs(kwargs):
    """Keras 2 input declarations -> a full batch shape tuple (or None)."""
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])
    if kwargs.get("input_shape") is not None:
        shape = kwargs["input_shape"]
        if isinstance(shape, int):
            shape = (shape,)
        return (kwargs.get("batch_size"),) + tuple(shape)
    if kwargs.get("input_dim") is not None:
        return (kwargs.get("batch_size"), int(kwargs["input_dim"]))
    return None
