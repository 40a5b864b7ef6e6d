"""`jax.image.resize`'s computation for images with a symbolic dimension.

Exporting with a dynamic batch traces the batch as a symbol. jax2onnx
replaces `jax.image.resize` with a lowering that needs every dimension
static, so `kerax.ops.image.resize` calls this instead when a dimension
is symbolic: the same interpolation, written with
`jax.image.scale_and_translate` (linear, cubic, Lanczos; scale = output /
input size, no translation, as `jax.image.resize` does) or static index
takes (nearest, with `jax.image.resize`'s float32 pixel-centre rounding).

>>> import jax, jax.numpy as jnp, numpy as np
>>> x = jnp.arange(2 * 4 * 6 * 1.0).reshape(2, 4, 6, 1)
>>> for method in ("bilinear", "nearest", "bicubic"):
...     want = jax.image.resize(x, (2, 3, 8, 1), method, antialias=True)
...     got = resize_any_shape(x, (2, 3, 8, 1), method, antialias=True)
...     print(method, bool(np.allclose(got, want, atol=1e-5)))
bilinear True
nearest True
bicubic True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np


def _resized_axes(images: Any, shape: Sequence[Any]) -> list[int]:
    return [axis for axis, (old, new) in enumerate(zip(images.shape, shape))
            if not (isinstance(old, int) and isinstance(new, int)
                    and old == new) and old is not new]


def resize_any_shape(images: Any, shape: Sequence[Any], method: str,
                     antialias: bool) -> Any:
    """`jax.image.resize(images, shape, method, antialias)` without
    `jax.image.resize`; the resized axes must have static sizes."""
    axes = _resized_axes(images, shape)
    if method == "nearest":
        for axis in axes:
            old, new = images.shape[axis], shape[axis]
            offsets = (np.arange(new, dtype=np.float32) + np.float32(0.5)) \
                * np.float32(old) / np.float32(new)
            images = jnp.take(images, np.floor(offsets).astype(np.int32),
                              axis=axis)
        return images
    if not jnp.issubdtype(images.dtype, jnp.inexact):
        images = images.astype(jnp.result_type(images.dtype, jnp.float32))
    scale = jnp.asarray([shape[a] / images.shape[a] for a in axes],
                        jnp.float32)
    return jax.image.scale_and_translate(
        images, tuple(shape), axes, scale, jnp.zeros(len(axes), jnp.float32),
        method=method, antialias=antialias,
        precision=jax.lax.Precision.HIGHEST)
