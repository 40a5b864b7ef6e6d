"""`AdditiveAttention`: Bahdanau-style attention.

>>> import numpy as np
>>> layer = AdditiveAttention()
>>> layer([np.ones((2, 3, 4)), np.ones((2, 5, 4))]).shape
(2, 3, 4)
>>> [(w.name, w.shape) for w in layer.weights]
[('scale', (4,))]
"""

from kerax import ops
from kerax.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention.

    Like `Attention`, with scores
    `sum(scale * tanh(query[:, :, None] + key[:, None]), axis=-1)`,
    `scale` being a learned vector of size `dim` (or 1 when
    `use_scale=False`).

    Args:
        use_scale: learn the `scale` vector (default True).
        dropout: float in `[0, 1)`, the dropout rate of the attention
            distribution (default 0.0).
        seed: optional int seed of the dropout.

    Call arguments and shapes: as for `Attention`.
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        kwargs.pop("score_mode", None)
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale",
                shape=(input_shape[0][-1],),
                initializer="glorot_uniform",
                trainable=True,
            )
        self.built = True

    def _calculate_scores(self, query, key):
        pairs = ops.tanh(ops.expand_dims(query, -2) + ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = self.scale.value * pairs
        return ops.sum(pairs, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
