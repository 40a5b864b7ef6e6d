"""`Softmax`: softmax along one or several axes, with an optional mask.

>>> import numpy as np
>>> layer = Softmax()
>>> [round(float(v), 4) for v in layer(np.array([1.0, 2.0, 1.0]))]
[0.2119, 0.5761, 0.2119]
"""

from kerax import ops
from kerax.layers.layer import Layer


class Softmax(Layer):
    """Softmax activation layer: `exp(x) / sum(exp(x))` along `axis`.

    With a `mask` (1/True = keep), masked positions are excluded from the
    normalization and their outputs are 0 (a fully masked slice gives
    all zeros). Non-boolean masks keep the positions where
    `mask > 0.5`.

    Args:
        axis: int or list of ints, the axis (axes) normalized over
            (default -1).

    Call arguments:
        inputs: the logits.
        mask: optional mask broadcastable to `inputs` (each mask dimension
            is 1 or the input's size; no more dimensions than `inputs`).

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if not _is_axis(axis):
            raise ValueError(
                "Argument `axis` of a Softmax layer must be an int or a list "
                f"of ints. Received: axis={axis}"
            )
        self.axis = list(axis) if isinstance(axis, tuple) else axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        inputs = ops.convert_to_tensor(inputs)
        if mask is not None:
            mask = ops.convert_to_tensor(mask)
            _check_mask(inputs.shape, mask.shape)
            if mask.dtype != "bool":
                mask = ops.greater(mask, ops.cast(0.5, mask.dtype))
            floor = -3e4 if inputs.dtype == "float16" else -1e9
            inputs = ops.where(mask, inputs, ops.cast(floor, inputs.dtype))
        axis = self.axis
        if isinstance(axis, list) and len(axis) == 1:
            axis = axis[0]
        if isinstance(axis, list):
            axis = tuple(axis)
            outputs = ops.exp(
                inputs - ops.logsumexp(inputs, axis=axis, keepdims=True)
            )
        else:
            outputs = ops.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = ops.where(mask, outputs, ops.zeros_like(outputs))
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def _is_axis(axis):
    def is_int(value):
        return isinstance(value, int) and not isinstance(value, bool)

    if is_int(axis):
        return True
    return (
        isinstance(axis, (list, tuple))
        and len(axis) > 0
        and all(is_int(a) for a in axis)
    )


def _check_mask(input_shape, mask_shape):
    message = (
        "The `mask` must be broadcastable to `inputs`: each mask dimension "
        "must be 1 or match the corresponding input dimension, and the mask "
        f"must not have more dimensions. Received: inputs.shape={input_shape}"
        f", mask.shape={mask_shape}"
    )
    if len(mask_shape) > len(input_shape):
        raise ValueError(message)
    for m_dim, i_dim in zip(reversed(mask_shape), reversed(input_shape)):
        if m_dim is None or i_dim is None:
            continue
        if m_dim != 1 and m_dim != i_dim:
            raise ValueError(message)
