"""Keras 2 backend locally connected convolutions (unshared weights).

The kernel holds one `(patch_size, filters)` matrix per output position:
`(positions, kernel_size * channels, filters)`; a patch is flattened in
the input's own layout (channels last or first).

>>> local_conv1d(jnp.ones((2, 5, 3)), jnp.ones((2, 6, 4)), (2,), (2,)).shape
(2, 2, 4)
"""

import itertools

import jax.numpy as jnp

from kerax.backend.common import check_data_format, float_tensor, k_op


def _local_conv(inputs, kernel, kernel_size, strides, output_shape,
                data_format):
    inputs, kernel = float_tensor(inputs), float_tensor(kernel)
    data_format = check_data_format(data_format)
    rank = len(output_shape)
    positions = list(itertools.product(*[range(n) for n in output_shape]))
    if kernel.ndim != 3 or kernel.shape[0] != len(positions):
        raise ValueError(
            f"local_conv{rank}d: the kernel must be (positions, features, "
            f"filters) with {len(positions)} positions. Received: "
            f"kernel.shape={kernel.shape}"
        )
    patches = []
    for position in positions:
        index = [slice(None)]
        if data_format == "channels_first":
            index.append(slice(None))
        index += [
            slice(p * s, p * s + k)
            for p, s, k in zip(position, strides, kernel_size)
        ]
        patch = inputs[tuple(index)]
        patches.append(patch.reshape(patch.shape[0], -1))
    stacked = jnp.stack(patches, axis=0)  # (positions, batch, features)
    out = jnp.einsum("pbf,pfo->bpo", stacked, kernel)
    out = out.reshape((inputs.shape[0],) + tuple(output_shape) + (-1,))
    if data_format == "channels_first":
        out = jnp.moveaxis(out, -1, 1)
    return out


@k_op
def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """Locally connected 1D convolution; the kernel's first axis is the
    output length."""
    kernel_size = tuple(kernel_size) if not isinstance(
        kernel_size, int) else (kernel_size,)
    strides = tuple(strides) if not isinstance(strides, int) else (strides,)
    output_shape = (int(kernel.shape[0]),)
    return _local_conv(inputs, kernel, kernel_size, strides, output_shape,
                       data_format)


@k_op
def local_conv2d(inputs, kernel, kernel_size, strides, output_shape,
                 data_format=None):
    """Locally connected 2D convolution over `output_shape` positions
    `(rows, cols)`."""
    return _local_conv(inputs, kernel, tuple(kernel_size), tuple(strides),
                       tuple(output_shape), data_format)
