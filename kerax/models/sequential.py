"""`Sequential`: a plain stack of layers, one input and one output.

>>> import kerax
>>> from kerax.layers import Dense
>>> model = Sequential()
>>> model.add(Dense(units=128, activation="relu", input_dim=784))
>>> model.add(Dense(10, activation="softmax"))
>>> model.count_params()
101770
"""

from __future__ import annotations

from kerax.core.keras_tensor import KerasTensor
from kerax.graph.config import sequential_from_config, sequential_get_config
from kerax.graph.run import adjust_input_rank, input_rank_change
from kerax.layers.core.input_layer import InputLayer
from kerax.layers.input_spec import model_input_spec
from kerax.layers.keras2_members import keras2_property
from kerax.layers.layer import Layer
from kerax.models.model import Model


class Sequential(Model):
    """A linear stack of layers.

    Args:
        layers: optional list of layers (an `Input`/`InputLayer` first fixes
            the input shape; so does `input_shape=`/`input_dim=` on the
            first layer, as in Keras 2).
        trainable: whether the model's weights are trainable.
        name: model name.
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack = []
        self._input_layer = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def get_config(self):
        """Keras 3's Sequential config (see `kerax.graph.config`)."""
        return sequential_get_config(self)

    from_config = classmethod(sequential_from_config)

    @keras2_property
    def model(self):
        """Keras 2's `Sequential.model`: the model itself."""
        return self

    def add(self, layer, rebuild=True):
        """Appends a layer (or an `Input` tensor) to the stack."""
        if isinstance(layer, KerasTensor):
            history = layer._keras_history
            if history is not None and isinstance(history[0], InputLayer):
                layer = history[0]
        if not isinstance(layer, Layer):
            raise ValueError(
                "Only instances of `kerax.Layer` can be added to a "
                f"Sequential model. Received: {layer} (of type "
                f"{type(layer)})"
            )
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._stack:
                raise ValueError(
                    f"Sequential model '{self.name}' has already been "
                    "configured to use an input shape. You cannot add a "
                    "different Input layer to it."
                )
            self._input_layer = layer
            return
        names = {other.name for other in self._stack}
        if layer.name in names:
            raise ValueError(
                "All layers added to a Sequential model should have unique "
                f"names. Name '{layer.name}' is already the name of a layer "
                "in this model. Update the `name` argument to pass a unique "
                "name."
            )
        if (
            not self._stack
            and self._input_layer is None
            and layer._input_shape_arg is not None
        ):
            self._input_layer = InputLayer(
                batch_shape=layer._input_shape_arg,
                dtype=layer.dtype_policy.variable_dtype,
            )
        self._stack.append(layer)
        self.built = False
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        self.built = False
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        if self._input_layer is not None and self._stack:
            self.build(self._input_layer.batch_shape)

    @property
    def layers(self):
        return list(self._stack)

    def _direct_layers(self):
        return list(self.__dict__.get("_stack", []))

    def build(self, input_shape=None):
        """Runs the stack symbolically on `input_shape` to build it."""
        if not self._stack:
            raise ValueError(
                f"Sequential model {self.name} cannot be built because it "
                "has no layers. Call `model.add(layer)`."
            )
        if input_shape is None:
            if self._input_layer is None:
                raise ValueError(
                    "You must provide an `input_shape` argument."
                )
            input_shape = self._input_layer.batch_shape
        input_shape = tuple(input_shape)
        if self._input_layer is None or tuple(
            self._input_layer.batch_shape
        ) != input_shape:
            dtype = (
                self._input_layer.dtype if self._input_layer is not None
                else None
            )
            self._input_layer = InputLayer(batch_shape=input_shape,
                                           dtype=dtype)
        x = self._input_layer.output_tensor
        self._layer_outputs = []
        # `build` runs in the model's name scope (`Layer` wraps it).
        for layer in self._stack:
            x = layer(x)
            self._layer_outputs.append(x)
        self._output_tensor = x
        self.built = True
        self._build_shapes_dict = {"input_shape": input_shape}

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        shape = tuple(args[0].shape)
        self.build((None,) + shape[1:])

    def _default_input_spec(self):
        """Once the input shape is known, the check of its one input
        (Keras checks a Sequential model as its functional graph)."""
        input_layer = self.__dict__.get("_input_layer")
        if not self.built or input_layer is None:
            return None
        return [model_input_spec(input_layer.batch_shape, input_layer.name)]

    def call(self, inputs, training=None, mask=None):
        x = inputs
        if self.built and self._input_layer is not None and hasattr(
            x, "shape"
        ):
            x = adjust_input_rank(x, self._input_layer.batch_shape,
                                  self._input_layer.name, self.name)
        for layer in self._stack:
            kwargs = {}
            if mask is not None and layer._call_has_mask_arg:
                kwargs["mask"] = mask
            outputs = layer(x, **kwargs)
            if mask is not None or (
                type(layer).compute_mask is not Layer.compute_mask
            ):
                mask = layer.compute_mask(x, mask)
            x = outputs
        return x

    def compute_output_spec(self, inputs, training=None, mask=None):
        x = inputs
        if self.built and self._input_layer is not None and isinstance(
            x, KerasTensor
        ):
            change = input_rank_change(x.shape, self._input_layer.batch_shape)
            if change == -1:
                x = KerasTensor(x.shape[:-1], x.dtype)
            elif change == 1:
                x = KerasTensor(tuple(x.shape) + (1,), x.dtype)
        for layer in self._stack:
            x = layer.compute_output_spec(x)
        return x

    def predict_classes(self, x, batch_size=32, verbose=0):
        """Keras 2: class indices (argmax, or a 0.5 threshold for a single
        sigmoid output)."""
        probs = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probs.shape[-1] > 1:
            return probs.argmax(axis=-1)
        return (probs > 0.5).astype("int32")

    def predict_proba(self, x, batch_size=32, verbose=0):
        """Keras 2: the model's (probability) outputs."""
        return self.predict(x, batch_size=batch_size, verbose=verbose)

    @property
    def inputs(self):
        if self._input_layer is None:
            raise AttributeError(
                f"Sequential model '{self.name}' has no defined inputs yet."
            )
        return [self._input_layer.output_tensor]

    @property
    def outputs(self):
        if not self.built:
            raise AttributeError(
                f"Sequential model '{self.name}' has no defined outputs yet."
            )
        return [self._output_tensor]

    @property
    def input_shape(self):
        return self._input_layer.batch_shape

    @property
    def output_shape(self):
        return self._output_tensor.shape

    @property
    def input(self):
        return self.inputs[0]

    @property
    def output(self):
        return self.outputs[0]
