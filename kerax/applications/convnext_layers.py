"""The two layers Keras's ConvNeXt defines for itself: `LayerScale` and
`StochasticDepth`, with Keras's class names, weights and configs.

Keras saves them under the module `keras.src.applications.convnext`;
kerax writes and reads them under that module too (`_keras_module`, see
`kerax.saving.serialization`), so a ConvNeXt saved by either library
loads in the other.

>>> import numpy as np
>>> LayerScale(0.5, 2)(np.ones((1, 2), "float32")).tolist()
[[0.5, 0.5]]
>>> StochasticDepth(0.2)(np.ones((1, 2), "float32")).tolist()
[[1.0, 1.0]]
"""

from kerax import initializers, ops, random
from kerax.layers.layer import Layer
from kerax.random.seed_generator import SeedGenerator

_KERAS_MODULE = "keras.src.applications.convnext"


class LayerScale(Layer):
    """Multiplies its input by a learned per-channel scale `gamma`
    (CaiT's layer scale, https://arxiv.org/abs/2103.17239).

    Args:
        init_values: float, the initial value of every entry of `gamma`
            (ConvNeXt uses 1e-6).
        projection_dim: int, the number of channels (the last axis).

    Weights: `gamma`, shape `(projection_dim,)`, left unnamed as in Keras
    (so auto-named `variable`, `variable_1`, ..., and its path matches
    Keras's). Input shape: `(..., projection_dim)`. Output: the same.
    """

    _keras_module = _KERAS_MODULE

    def __init__(self, init_values, projection_dim, **kwargs):
        super().__init__(**kwargs)
        if isinstance(projection_dim, bool) or not isinstance(
                projection_dim, int) or projection_dim <= 0:
            raise ValueError(
                "`projection_dim` must be a positive integer. Received: "
                f"projection_dim={projection_dim}")
        self.init_values = init_values
        self.projection_dim = projection_dim

    def build(self, input_shape):
        self.gamma = self.add_weight(
            shape=(self.projection_dim,),
            initializer=initializers.Constant(self.init_values),
            trainable=True,
        )
        self.built = True

    def call(self, x):
        return x * self.gamma

    def get_config(self):
        config = super().get_config()
        config.update({"init_values": self.init_values,
                       "projection_dim": self.projection_dim})
        return config


class StochasticDepth(Layer):
    """Drops its whole input, per sample, with probability
    `drop_path_rate` during training (timm's `DropPath`), scaling kept
    samples by `1 / (1 - drop_path_rate)`; outside training it returns its
    input unchanged. Used on a residual branch, it skips the branch.

    Randomness comes from a `SeedGenerator` created here (when the rate
    is positive), so it advances inside `jax.jit` as layer state.

    Args:
        drop_path_rate: float in `[0, 1)`, the probability of dropping.

    Input shape: any, batch first. Output: the same.
    """

    _keras_module = _KERAS_MODULE

    def __init__(self, drop_path_rate, **kwargs):
        super().__init__(**kwargs)
        if isinstance(drop_path_rate, bool) or not isinstance(
                drop_path_rate, (int, float)) or not (
                0 <= drop_path_rate < 1):
            raise ValueError(
                "`drop_path_rate` must be a float in [0, 1). Received: "
                f"drop_path_rate={drop_path_rate}")
        self.drop_path_rate = drop_path_rate
        if drop_path_rate > 0:
            self.seed_generator = SeedGenerator()
        self.built = True

    def call(self, x, training=None):
        if not training or self.drop_path_rate == 0:
            return x
        keep_prob = 1 - self.drop_path_rate
        shape = (ops.shape(x)[0],) + (1,) * (len(x.shape) - 1)
        keep = ops.floor(keep_prob + random.uniform(
            shape, 0, 1, dtype=x.dtype, seed=self.seed_generator))
        return (x / keep_prob) * keep

    def get_config(self):
        config = super().get_config()
        config.update({"drop_path_rate": self.drop_path_rate})
        return config
