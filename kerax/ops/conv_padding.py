"""Keras's explicit padding of one spatial axis of a convolution, and
the spatial entries of a shape.

>>> axis_pads(length=5, size=3, stride=2, dilation=1, padding="same")
(1, 1)
>>> spatial_entries((8, 28, 28, 3), "channels_last")
(28, 28)
"""


def spatial_entries(shape, data_format):
    """The spatial entries of a batch-first `shape` (or window tuple):
    between batch and channels for "channels_last", after both else."""
    return tuple(shape[1:-1] if data_format == "channels_last"
                 else shape[2:])


def axis_pads(length, size, stride, dilation, padding):
    """`(before, after)` padding of an axis of `length` for a kernel of
    `size` taps: none for "valid", `extent - 1` before for "causal", and
    TensorFlow's "same" split (the odd element after)."""
    extent = (size - 1) * dilation + 1
    if padding == "valid":
        return (0, 0)
    if padding == "causal":
        return (extent - 1, 0)
    out = -(-length // stride)
    total = max((out - 1) * stride + extent - length, 0)
    return (total // 2, total - total // 2)
