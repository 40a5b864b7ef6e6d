"""`Model`: a Layer with training (`compile`/`fit`/...) and saving.

`Model(inputs, outputs)` builds a functional model; subclassing `Model`
and writing `call` gives a subclassed model.

>>> import kerax
>>> inputs = kerax.Input(shape=(3,))
>>> outputs = kerax.layers.Dense(2)(inputs)
>>> model = Model(inputs, outputs)
>>> type(model).__name__
'Functional'
"""

from __future__ import annotations

from kerax.layers.layer import Layer
from kerax.models.keras2_members import Keras2ModelMembers
from kerax.models.provided import ProvidedMethod
from kerax.trainers.trainer import Trainer

_FUNCTIONAL_SUBCLASSES = {}
# The functional model class, a subclass of Model: kerax.models.functional
# registers it when imported (kerax.models imports it).
_FUNCTIONAL: list[type] = []


def register_functional_class(cls: type) -> None:
    """Makes `Model(inputs, outputs)` build instances of `cls`."""
    _FUNCTIONAL[:] = [cls]


def _functional_class() -> type:
    if not _FUNCTIONAL:
        raise RuntimeError(
            "Model(inputs, outputs) needs kerax.models.functional, which "
            "registers the functional model class: import kerax.models.")
    return _FUNCTIONAL[0]


def _functional_subclass(cls):
    """`cls` with `Functional` mixed in after it (one class per `cls`)."""
    Functional = _functional_class()
    mixed = _FUNCTIONAL_SUBCLASSES.get(cls)
    if mixed is None:
        mixed = type(cls.__name__, (cls, Functional), {
            "__module__": cls.__module__, "__qualname__": cls.__qualname__})
        _FUNCTIONAL_SUBCLASSES[cls] = mixed
    return mixed


class Model(Trainer, Layer, Keras2ModelMembers):
    """A trainable stack of layers (functional, sequential or subclassed)."""

    def __new__(cls, *args, **kwargs):
        functional_args = (
            len(args) >= 2 or ("inputs" in kwargs and "outputs" in kwargs)
            or (len(args) == 1 and "outputs" in kwargs)
        )
        if functional_args:
            Functional = _functional_class()
            if cls is Model:
                return Functional.__new__(Functional)
            if not issubclass(cls, Functional):
                # `class Custom(Model)` built as `Custom(inputs, outputs)`:
                # a functional model that keeps the subclass's methods
                # (e.g. its own `train_step`), as in Keras.
                return super().__new__(_functional_subclass(cls))
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if args:
            raise TypeError(
                "Model() takes no positional arguments unless building a "
                "functional model as `Model(inputs, outputs)`. "
                f"Received: args={args}"
            )
        Trainer.__init__(self)
        Layer.__init__(self, **kwargs)

    # Implemented by the packages above models, which register them when
    # imported (kerax.models.provided).
    save = ProvidedMethod("kerax.saving")
    save_weights = ProvidedMethod("kerax.saving")
    load_weights = ProvidedMethod("kerax.saving")
    export = ProvidedMethod("kerax.export")

    # ------------------------------------------------------- input checks
    @property
    def input_spec(self):
        """The checks of the model's inputs: those assigned to
        `input_spec`, else `_default_input_spec()` (functional and
        Sequential models derive them from their Inputs, as Keras does)."""
        manual = self.__dict__.get("_manual_input_spec")
        if manual is not None:
            return manual
        return self._default_input_spec()

    @input_spec.setter
    def input_spec(self, value):
        self.__dict__["_manual_input_spec"] = value

    def _default_input_spec(self):
        return None

    # ------------------------------------------------------------- layers
    @property
    def layers(self):
        """The model's direct sublayers, in order."""
        return self._direct_layers()

    def get_layer(self, name=None, index=None):
        """Returns a layer by `name` or by `index` (not both)."""
        if index is not None and name is not None:
            raise ValueError(
                "Provide only a layer name or a layer index. Received: "
                f"index={index}, name={name}."
            )
        if index is not None:
            layers = self.layers
            if len(layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model "
                    f"only has {len(layers)} layers."
                )
            return layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: "
                f"{[layer.name for layer in self.layers]}."
            )
        raise ValueError(
            "Provide either a layer name or layer index at `get_layer`."
        )

    def build(self, input_shape=None):
        """Builds the model for inputs of `input_shape`.

        A subclassed model without its own `build` is built as Keras 2
        does: its `call` is traced on inputs of that shape, which builds
        every sublayer (Keras 3 only marks it built, and warns)."""
        self.built = True
        if input_shape is None or self.__dict__.get("_building_from_call"):
            return
        from kerax.layers import symbolic_build

        if symbolic_build.has_unbuilt_sublayers(self):
            try:
                symbolic_build.build_by_run(self, input_shape)
            except Exception as error:  # noqa: BLE001 - reported below
                import warnings

                warnings.warn(
                    f"Model '{self.name}' could not be built by calling it "
                    f"on inputs of shape {input_shape} ({error}); its "
                    "sublayers will build on the first call. Implement "
                    "`build(self, input_shape)` to build them explicitly.",
                    stacklevel=2,
                )
                return
        self._build_shapes_dict = {"input_shape": input_shape}

    # Not wrapped by `Layer`: the trace opens the model's name scope itself.
    build._kerax_build = True

    def build_from_config(self, config):
        """Builds from a saved build config (see `build`)."""
        if self.built or not config or "input_shape" not in config:
            return super().build_from_config(config)
        self.build(config["input_shape"])

    def quantize(self, mode=None, config=None, filters=None, **kwargs):
        """Quantizes the Dense and Embedding layers ("int8", "int4"; Dense
        also "float8"); `filters` picks layers by name regex or callable.
        See `kerax.layers.quantization.model_quantize`."""
        from kerax.layers.quantization.model_quantize import quantize_model

        quantize_model(self, mode, config, filters, **kwargs)

    def get_quantization_layer_structure(self, mode=None):
        """The block structure GPTQ/AWQ calibration walks, a dict with
        "pre_block_layers" and "sequential_blocks" (Keras's hook for
        subclasses; None here: pass it in the config instead)."""
        del mode
        return None

    def reset_states(self):
        """Keras 2: sets the states of every stateful layer (at any depth)
        back to zeros."""
        self.sync_state()  # a no-op unless a fit is in flight
        for layer in self._flatten_layers(include_self=False):
            if getattr(layer, "stateful", False) and hasattr(
                layer, "reset_states"
            ):
                layer.reset_states()

    def summary(
        self,
        line_length=None,
        positions=None,
        print_fn=None,
        expand_nested=False,
        show_trainable=False,
        layer_range=None,
    ):
        """Prints Keras's summary table of the model."""
        from kerax.models.summary import print_summary

        print_summary(
            self,
            line_length=line_length,
            positions=positions,
            print_fn=print_fn,
            expand_nested=expand_nested,
            show_trainable=show_trainable,
            layer_range=layer_range,
        )

    # -------------------------------------------------------------- config
    def get_config(self):
        return Layer.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a model; functional configs give a functional model."""
        from kerax.graph.config import functional_from_config

        if "layers" in config and "input_layers" in config:
            target = _functional_class() if cls is Model else cls
            return functional_from_config(target, config, custom_objects)
        return Layer.from_config.__func__(cls, config)

    to_json = ProvidedMethod("kerax.saving")
