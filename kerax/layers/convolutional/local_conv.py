"""Unshared ("locally connected") convolution in Keras 2's weight layouts.

Every implementation computes the same thing: the input windows are cut
out with one strided slice per kernel tap, giving patches of shape
`(batch, positions, taps * channels)` (channels fastest), and contracted
in one einsum with a per-position kernel `(positions, taps * channels,
filters)`. Positions and taps are in row-major order. Keras 2 stored that
kernel in three layouts, selected by `implementation`:

1. `(positions, taps * channels, filters)`: each patch flattened as
   `(taps, channels)` (channels last) or `(channels, taps)` (channels
   first);
2. a dense kernel from every input element to every output element,
   `(*in_spatial, channels, *out_spatial, filters)` (channels last) or
   `(channels, *in_spatial, filters, *out_spatial)` (channels first), of
   which only the connected entries are used;
3. a vector of the connected entries, ordered by (output index, input
   index) of the flattened output and input.

Layouts 2 and 3 are gathered into the per-position kernel with indices
computed once in NumPy, so all three cost one einsum.

With `padding="same"` (implementations 2 and 3 only), output `o` of an
axis sees inputs `o * stride - kernel // 2` onwards, as in Keras 2.

>>> pos, valid = tap_positions((4,), (2,), (2,), "valid")
>>> pos[..., 0].tolist(), bool(valid.all())
([[0, 1], [2, 3]], True)
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from kerax.layers.convolutional.conv_utils import window_output_length


def output_spatial(spatial, kernel_size, strides, padding):
    """The output's spatial shape."""
    return tuple(
        window_output_length(n, k, s, padding)
        for n, k, s in zip(spatial, kernel_size, strides)
    )


def _left_pads(kernel_size, padding):
    return np.array(
        [k // 2 if padding == "same" else 0 for k in kernel_size]
    )


def tap_positions(spatial, kernel_size, strides, padding):
    """Input positions that each (output position, tap) reads.

    Returns an int array `(positions, taps, rank)` and a boolean array
    `(positions, taps)`, False where the tap falls in the padding.
    """
    rank = len(spatial)
    out = output_spatial(spatial, kernel_size, strides, padding)
    outputs = np.indices(out).reshape(rank, -1).T
    taps = np.indices(kernel_size).reshape(rank, -1).T
    pos = (
        outputs[:, None, :] * np.array(strides)
        + taps[None, :, :]
        - _left_pads(kernel_size, padding)
    )
    valid = np.all((pos >= 0) & (pos < np.array(spatial)), axis=-1)
    return pos, valid


def patches(x, kernel_size, strides, padding, out):
    """`x` channels last `(batch, *spatial, channels)` -> patches
    `(batch, positions, taps * channels)`."""
    if padding == "same":
        pads = [
            (k // 2, max((o - 1) * s - k // 2 + k - n, 0))
            for n, k, s, o in zip(x.shape[1:-1], kernel_size, strides, out)
        ]
        x = jnp.pad(x, [(0, 0)] + pads + [(0, 0)])
    taps = []
    for offset in np.ndindex(*kernel_size):
        window = tuple(
            slice(t, t + s * (o - 1) + 1, s)
            for t, s, o in zip(offset, strides, out)
        )
        taps.append(x[(slice(None),) + window])
    stacked = jnp.stack(taps, axis=-2)
    return jnp.reshape(
        stacked, (-1, int(np.prod(out)), len(taps) * x.shape[-1])
    )


def gather_indices(implementation, spatial, channels, filters, kernel_size,
                   strides, padding, data_format):
    """For layouts 2 and 3: the flat kernel index of every `(position, tap,
    channel, filter)` (0 where the tap is in the padding) and the mask of
    taps inside the input; `None` for layout 1. Also returns the length of
    the layout-3 vector."""
    if implementation == 1:
        return None, 0
    pos, valid = tap_positions(spatial, kernel_size, strides, padding)
    n_pos, n_taps = valid.shape
    n_in = int(np.prod(spatial))
    flat = np.ravel_multi_index(
        tuple(np.moveaxis(pos, -1, 0)), spatial, mode="clip"
    ).astype("int64")[:, :, None, None]
    p = np.arange(n_pos)[:, None, None, None]
    c = np.arange(channels)[None, None, :, None]
    f = np.arange(filters)[None, None, None, :]
    shape = (n_pos, n_taps, channels, filters)
    if implementation == 2:
        if data_format == "channels_last":
            index = ((flat * channels + c) * n_pos + p) * filters + f
        else:
            index = ((c * n_in + flat) * filters + f) * n_pos + p
        return (np.broadcast_to(index, shape).astype("int32"), valid), 0
    # Layout 3: rank of (output index, input index) among connected pairs.
    if data_format == "channels_last":
        out_idx, in_idx = p * filters + f, flat * channels + c
    else:
        out_idx, in_idx = f * n_pos + p, c * n_in + flat
    keys = np.broadcast_to(out_idx * (n_in * channels) + in_idx, shape)
    mask = np.broadcast_to(valid[:, :, None, None], shape)
    connected = np.sort(keys[mask])
    index = np.where(mask, np.searchsorted(connected, keys), 0)
    return (index.astype("int32"), valid), connected.size


def local_kernel(kernel, implementation, indices, n_pos, kernel_size,
                 channels, filters, data_format):
    """The kernel variable (any layout) -> `(positions, taps * channels,
    filters)`."""
    n_taps = int(np.prod(kernel_size))
    if implementation == 1:
        if data_format == "channels_last":
            return kernel
        kernel = jnp.reshape(kernel, (n_pos, channels, n_taps, filters))
        kernel = jnp.transpose(kernel, (0, 2, 1, 3))
    else:
        index, valid = indices
        mask = jnp.asarray(valid[:, :, None, None], kernel.dtype)
        kernel = jnp.reshape(kernel, (-1,))[index] * mask
    return jnp.reshape(kernel, (n_pos, n_taps * channels, filters))
