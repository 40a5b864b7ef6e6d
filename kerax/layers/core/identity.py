"""`Identity`: returns its input unchanged.

>>> import numpy as np
>>> Identity()(np.array([1.0, 2.0])).tolist()
[1.0, 2.0]
"""

from kerax.layers.layer import Layer


class Identity(Layer):
    """A placeholder layer: `call(inputs)` returns `inputs` (any
    structure); masks pass through.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs
