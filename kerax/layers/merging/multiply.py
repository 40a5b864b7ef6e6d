"""`Multiply` and its functional form `multiply`.

>>> import numpy as np
>>> Multiply()([np.full((1, 2), 3.0), np.full((1, 2), 2.0)]).tolist()
[[6.0, 6.0]]
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge


class Multiply(Merge):
    """Multiplies the inputs element-wise.

    With masks (Keras's rule): a masked entry counts as 1; if every input
    has a mask, entries masked in all of them are 0 in the output.
    """

    def _merge_function(self, inputs, masks):
        all_masked = all(m is not None for m in masks)
        output, output_mask = None, None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = ops.broadcast_to(ops.expand_dims(mask, -1), x.shape)
                x = ops.where(mask, x, ops.cast(1, x.dtype))
                if all_masked:
                    output_mask = mask if output_mask is None else (
                        ops.logical_or(output_mask, mask)
                    )
            output = x if output is None else ops.multiply(output, x)
        if all_masked:
            output = ops.where(output_mask, output,
                               ops.cast(0, output.dtype))
        return output


def multiply(inputs, **kwargs):
    """Functional form of `Multiply`: `Multiply(**kwargs)(inputs)`.

    >>> import numpy as np
    >>> multiply([np.full((1, 2), 3.0), np.full((1, 2), 2.0)]).tolist()
    [[6.0, 6.0]]
    """
    return Multiply(**kwargs)(inputs)
