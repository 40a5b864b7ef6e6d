"""`Dot` and its functional form `dot`: per-sample dot products.

>>> import numpy as np
>>> Dot(axes=1)([np.ones((2, 3)), np.ones((2, 3))]).tolist()
[[3.0], [3.0]]
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge


class Dot(Merge):
    """Dot product of two tensors, per sample, along `axes`.

    For inputs `x` of shape `(batch, *a)` and `y` of shape `(batch, *b)`,
    contracts `x`'s axis `axes[0]` with `y`'s axis `axes[1]` (the sizes
    must match); the output shape is `(batch, *a_rest, *b_rest)`, or
    `(batch, 1)` when nothing is left.

    Args:
        axes: int (same axis on both inputs) or a pair of ints; axis 0
            (the batch) cannot be contracted; negative values count from
            the end.
        normalize: L2-normalize both inputs along `axes` first, so the
            result is the cosine similarity (default False).
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    f"Invalid type for argument `axes` of layer Dot "
                    f"'{self.name}': it should be a list or an int. "
                    f"Received: axes={axes}"
                )
            if len(axes) != 2 or not all(isinstance(a, int) for a in axes):
                raise ValueError(
                    f"Invalid format for argument `axes` of layer Dot "
                    f"'{self.name}': it should contain two integers. "
                    f"Received: axes={axes}"
                )
            axes = list(axes)
        self.axes = axes
        self.normalize = normalize

    def _resolve_axes(self, shape1, shape2):
        if isinstance(self.axes, int):
            pair = [self.axes, self.axes]
        else:
            pair = list(self.axes)
        axes = [
            a % len(shape) if a < 0 else a
            for a, shape in zip(pair, (shape1, shape2))
        ]
        if 0 in axes or any(
            a >= len(s) for a, s in zip(axes, (shape1, shape2))
        ):
            raise ValueError(
                f"Invalid `axes` of layer Dot '{self.name}' for inputs of "
                f"shapes {tuple(shape1)} and {tuple(shape2)}: axes must be "
                f"non-batch axes of the inputs. Received: axes={self.axes}"
            )
        return axes

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(
            input_shape
        ) != 2 or not all(isinstance(s, (list, tuple)) for s in input_shape):
            raise ValueError(
                f"A `Dot` layer ('{self.name}') should be called on a list "
                f"of 2 inputs. Received: input_shape={input_shape}"
            )
        shape1, shape2 = input_shape
        a1, a2 = self._resolve_axes(shape1, shape2)
        if None not in (shape1[a1], shape2[a2]) and shape1[a1] != shape2[a2]:
            raise ValueError(
                f"Incompatible input shapes for layer Dot '{self.name}': "
                f"axis values {shape1[a1]} (at axis {a1}) != {shape2[a2]} "
                f"(at axis {a2}). Full input shapes: {tuple(shape1)}, "
                f"{tuple(shape2)}"
            )
        self.built = True

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError(
                f"A `Dot` layer ('{self.name}') should be called on exactly "
                "2 inputs."
            )
        x, y = inputs
        a1, a2 = self._resolve_axes(x.shape, y.shape)
        if self.normalize:
            x = ops.normalize(x, axis=a1)
            y = ops.normalize(y, axis=a2)
        x = ops.moveaxis(x, a1, -1)
        y = ops.moveaxis(y, a2, 1)
        x_rest, y_rest = tuple(x.shape[1:-1]), tuple(y.shape[2:])
        batch, depth = x.shape[0], x.shape[-1]
        out = ops.matmul(
            ops.reshape(x, (batch, -1, depth)),
            ops.reshape(y, (batch, depth, -1)),
        )
        return ops.reshape(out, (batch,) + (x_rest + y_rest or (1,)))

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(
            input_shape
        ) != 2:
            raise ValueError(
                f"A `Dot` layer ('{self.name}') should be called on a list "
                f"of 2 inputs. Received: input_shape={input_shape}"
            )
        shape1, shape2 = (list(s) for s in input_shape)
        a1, a2 = self._resolve_axes(shape1, shape2)
        shape1.pop(a1)
        shape2.pop(a2)
        output = shape1 + shape2[1:]
        if len(output) == 1:
            output.append(1)
        return tuple(output)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def dot(inputs, axes=-1, **kwargs):
    """Functional form of `Dot`: `Dot(axes=axes, **kwargs)(inputs)`.

    >>> import numpy as np
    >>> dot([np.ones((2, 3)), np.ones((2, 3))]).tolist()
    [[3.0], [3.0]]
    """
    return Dot(axes=axes, **kwargs)(inputs)
