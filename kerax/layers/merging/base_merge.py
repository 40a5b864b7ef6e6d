"""`Merge`: the base of the layers that combine a list of tensors.

>>> import numpy as np
>>> from kerax.layers.merging.add import Add
>>> Add()([np.ones((2, 3)), np.ones((2, 3))]).tolist()
[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
"""

from kerax import ops
from kerax.layers.layer import Layer


class Merge(Layer):
    """Combines a list of tensors element-wise (`_merge_function`).

    Shapes broadcast like NumPy on the non-batch axes; when the inputs have
    different ranks, the smaller ones get size-1 axes inserted after the
    batch axis first. Masks: the output mask is the logical OR of the input
    masks (None if any input has none).

    Subclasses implement `_merge_function(inputs, masks)`; `masks` is a
    list with one mask (or None) per input.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    # ---------------------------------------------------------- validation
    def _check_list(self, input_shape, what="input_shape"):
        if not isinstance(input_shape, (list, tuple)) or not input_shape or (
            not all(isinstance(s, (list, tuple)) for s in input_shape)
        ):
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should "
                f"be called on a list of at least 1 input. Received: "
                f"{what}={input_shape}"
            )

    def _elementwise_shape(self, shape1, shape2):
        """Broadcast of two shapes without the batch axis."""
        if len(shape1) < len(shape2):
            shape1, shape2 = shape2, shape1
        if not shape2:
            return tuple(shape1)
        output = list(shape1[: len(shape1) - len(shape2)])
        for i, j in zip(shape1[len(shape1) - len(shape2):], shape2):
            if i is None or j is None:
                output.append(None)
            elif i == 1 or j == 1 or i == j:
                output.append(j if i == 1 else i)
            else:
                raise ValueError(
                    f"Inputs of layer {type(self).__name__} '{self.name}' "
                    "have incompatible shapes. Received shapes "
                    f"{tuple(shape1)} and {tuple(shape2)}"
                )
        return tuple(output)

    def build(self, input_shape):
        self._check_list(input_shape)
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Layer {type(self).__name__} '{self.name}' cannot merge "
                "tensors with different batch sizes. Received tensors with "
                f"shapes {[tuple(s) for s in input_shape]}"
            )
        self.compute_output_shape(input_shape)
        self._reshape_required = len({len(s) for s in input_shape}) != 1
        self.built = True

    # ------------------------------------------------------------- compute
    def _merge_function(self, inputs, masks):
        raise NotImplementedError

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should "
                f"be called on a list of inputs. Received: inputs={inputs}"
            )
        inputs = list(inputs)
        masks = list(mask) if isinstance(mask, (list, tuple)) else (
            [None] * len(inputs)
        )
        ranks = [len(x.shape) for x in inputs]
        if len(set(ranks)) > 1:
            # Keras drops the masks of reshaped inputs.
            masks = [None] * len(inputs)
            inputs = [
                ops.reshape(x, (x.shape[0],) + (1,) * (max(ranks) - r)
                            + tuple(x.shape[1:]))
                for x, r in zip(inputs, ranks)
            ]
        return self._merge_function(inputs, masks)

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        output = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            output = self._elementwise_shape(output, tuple(shape[1:]))
        batch_sizes = {s[0] for s in input_shape} - {None}
        batch = batch_sizes.pop() if len(batch_sizes) == 1 else None
        return (batch,) + output

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)):
            raise ValueError(
                f"`mask` should be a list. Received: mask={mask}"
            )
        if not isinstance(inputs, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                "The lists `inputs` and `mask` should have the same length. "
                f"Received: {len(mask)} masks for inputs={inputs}"
            )
        if any(m is None for m in mask):
            return None
        output = mask[0]
        for m in mask[1:]:
            output = ops.logical_or(output, m)
        return output


def masked_merge(op, inputs, masks):
    """Keras's rule for `Maximum`/`Minimum` with masks: a masked entry
    takes the running result's value (or the running result takes the
    new input's value where it was masked), so masked steps do not win."""
    output, output_mask = None, None
    for x, mask in zip(inputs, masks):
        if mask is not None:
            mask = ops.broadcast_to(ops.expand_dims(mask, -1), x.shape)
        if output is None:
            output, output_mask = x, mask
            continue
        if mask is not None:
            x = ops.where(mask, x, output)
        if output_mask is not None:
            output = ops.where(output_mask, output, x)
        if mask is not None and output_mask is not None:
            output_mask = ops.logical_or(output_mask, mask)
        else:
            output_mask = None
        output = op(output, x)
    return output
