"""`OpLayer`: an op applied to KerasTensors, recorded as a graph layer.

`kerax.ops` functions called on KerasTensors (and KerasTensor operators
such as `x + y`) become OpLayers in a functional model.
"""

from kerax.layers.layer import Layer


class OpLayer(Layer):
    """Wraps `fn(*args, **kwargs)`; tensors in the args are graph inputs."""

    _passthrough_kwargs = True

    def __init__(self, fn, args, kwargs, name=None, **base_kwargs):
        super().__init__(name=name, **base_kwargs)
        self.fn = fn
        self._call_args = args
        self._call_kwargs = kwargs
        self.built = True

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def _call_symbolic_op(self):
        return self(*self._call_args, **self._call_kwargs)

    def get_config(self):
        config = super().get_config()
        config["function"] = getattr(self.fn, "__name__", "op")
        return config
