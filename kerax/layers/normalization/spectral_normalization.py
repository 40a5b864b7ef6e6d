"""`SpectralNormalization`: divides a wrapped layer's kernel by its
spectral norm (largest singular value), estimated by power iteration.

>>> import numpy as np
>>> from kerax.layers.core.dense import Dense
>>> layer = SpectralNormalization(Dense(3))
>>> layer(np.ones((2, 4))).shape
(2, 3)
>>> [w.name for w in layer.weights]
['kernel', 'vector_u', 'bias']
"""

from kerax import initializers, ops
from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class SpectralNormalization(Layer):
    """Spectral normalization wrapper (Miyato et al., 2018).

    In training (`training=True`) each call runs `power_iterations` steps
    of power iteration on the kernel reshaped to `(-1, kernel.shape[-1])`,
    starting from the non-trainable vector `vector_u` (shape
    `(1, kernel.shape[-1])`, initialized from a truncated normal with
    stddev 0.02), stores the new `vector_u`, and assigns
    `kernel / sigma` to the wrapped layer's kernel, `sigma` being the
    estimated largest singular value (an all-zero kernel is left as it
    is). Then it calls the wrapped layer. At inference it calls the
    wrapped layer unchanged.

    Args:
        layer: a layer with a `kernel` (Dense, Conv2D, ...) or an
            `embeddings` (Embedding) weight.
        power_iterations: positive int, the iterations per call
            (default 1).

    Input and output shapes: those of the wrapped layer.
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Layer {layer} supplied to wrapper isn't a supported layer "
                "type. Please ensure wrapped layer is a valid Keras layer. "
                f"Received: layer={layer}"
            )
        super().__init__(**kwargs)
        if (
            isinstance(power_iterations, bool)
            or not isinstance(power_iterations, int)
            or power_iterations <= 0
        ):
            raise ValueError(
                "`power_iterations` should be greater than zero. "
                f"Received: power_iterations={power_iterations}"
            )
        self.layer = layer
        self.power_iterations = power_iterations

    def build(self, input_shape):
        if not self.layer.built:
            _build_wrapped(self.layer, input_shape)
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        if hasattr(self.layer, "kernel"):
            self.kernel = self.layer.kernel
        elif hasattr(self.layer, "embeddings"):
            self.kernel = self.layer.embeddings
        else:
            raise ValueError(
                f"{type(self.layer).__name__} object has no attribute "
                "'kernel' nor 'embeddings'"
            )
        self.kernel_shape = tuple(self.kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False,
            name="vector_u",
            dtype=self.kernel.dtype,
        )
        self.built = True

    @property
    def variables(self):
        # Keras's order: the kernel, `vector_u`, then the wrapped layer's
        # other variables (e.g. `[kernel, vector_u, bias]` for Dense).
        inner = self.layer.variables
        if not self.built:
            return inner
        own = [self.kernel, self.vector_u]
        seen = {id(v) for v in own}
        return own + [v for v in inner if id(v) not in seen]

    def call(self, inputs, training=False):
        if training:
            kernel = self.kernel.value
            new_u, new_kernel = ops.cond(
                ops.all(ops.equal(kernel, 0)),
                lambda: (self.vector_u.value, kernel),
                self.normalized_weights,
            )
            self.vector_u.assign(new_u)
            self.kernel.assign(new_kernel)
        outputs = self.layer(inputs)
        return ops.cast(outputs, inputs.dtype)

    def normalized_weights(self):
        """`(new_vector_u, kernel / sigma)` after the power iterations."""
        kernel = self.kernel.value
        weights = ops.reshape(kernel, (-1, self.kernel_shape[-1]))
        vector_u = self.vector_u.value
        vector_v = None
        for _ in range(self.power_iterations):
            vector_v = _l2_normalize(
                ops.matmul(vector_u, ops.transpose(weights))
            )
            vector_u = _l2_normalize(ops.matmul(vector_v, weights))
        vector_u = ops.stop_gradient(vector_u)
        vector_v = ops.stop_gradient(vector_v)
        sigma = ops.matmul(
            ops.matmul(vector_v, weights), ops.transpose(vector_u)
        )
        new_kernel = ops.reshape(ops.divide(kernel, sigma), self.kernel_shape)
        return (
            ops.cast(vector_u, self.vector_u.dtype),
            ops.cast(new_kernel, self.kernel.dtype),
        )

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config["layer"] = serialize_keras_object(self.layer)
        config["power_iterations"] = self.power_iterations
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = deserialize_keras_object(
            config.pop("layer"), custom_objects=custom_objects
        )
        return super().from_config({"layer": layer, **config})


def _l2_normalize(x):
    return ops.normalize(x, axis=None, order=2)


def _build_wrapped(layer, input_shape):
    from kerax.layers.call_context import name_scope, name_scope_path

    layer._path = name_scope_path(layer.name)
    with name_scope(layer.name):
        layer.build(input_shape)
    layer.built = True
    layer._build_shapes_dict = {"input_shape": input_shape}
