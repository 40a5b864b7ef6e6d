"""`Concatenate` and its functional form `concatenate`.

>>> import numpy as np
>>> Concatenate()([np.ones((2, 3)), np.zeros((2, 1))]).shape
(2, 4)
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge


class Concatenate(Merge):
    """Concatenates a list of tensors along `axis`; all other axes must
    match.

    Masks: missing masks count as all-True; the masks are concatenated
    along `axis` and reduced with `any` over the last axis.

    Args:
        axis: int (default -1), the concatenation axis.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        self._check_list(input_shape)
        self._check_shapes(input_shape)
        self.built = True

    def _check_shapes(self, input_shape):
        ranks = {len(s) for s in input_shape}
        message = (
            f"A `Concatenate` layer ('{self.name}') requires inputs with "
            "matching shapes except for the concatenation axis "
            f"(axis={self.axis}). Received: input_shape="
            f"{[tuple(s) for s in input_shape]}"
        )
        if len(ranks) != 1:
            raise ValueError(message)
        rank = ranks.pop()
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Invalid `axis` of layer Concatenate '{self.name}' for "
                f"inputs of rank {rank}. Received: axis={self.axis}"
            )
        concat_axis = self.axis % rank
        for axis in range(rank):
            if axis == concat_axis:
                continue
            sizes = {s[axis] for s in input_shape} - {None}
            if len(sizes) > 1:
                raise ValueError(message)

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A `Concatenate` layer ('{self.name}') should be called on "
                f"a list of inputs. Received: inputs={inputs}"
            )
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        output = list(input_shape[0])
        for shape in input_shape[1:]:
            if output[self.axis] is None or shape[self.axis] is None:
                output[self.axis] = None
                break
            output[self.axis] += shape[self.axis]
        return tuple(output)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                "`mask` should be a list with one entry per input. "
                f"Received: mask={mask}"
            )
        if all(m is None for m in mask):
            return None
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                masks.append(ops.ones_like(x, dtype="bool"))
            elif ops.ndim(m) < ops.ndim(x):
                masks.append(ops.broadcast_to(ops.expand_dims(m, -1),
                                              x.shape))
            else:
                masks.append(ops.cast(m, "bool"))
        return ops.any(ops.concatenate(masks, axis=self.axis), axis=-1)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of `Concatenate`:
    `Concatenate(axis=axis, **kwargs)(inputs)`.

    >>> import numpy as np
    >>> concatenate([np.ones((2, 3)), np.zeros((2, 1))]).shape
    (2, 4)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
