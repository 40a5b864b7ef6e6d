"""Perspective (homography) coefficients from four point pairs, shared by
`ops.image.perspective_transform` and the layers that move boxes with it.
"""

import jax.numpy as jnp


def homography_coefficients(start_points, end_points):
    """The 8 coefficients mapping each output (end) point to its input
    (start) point: `x_in = (a0 x + a1 y + a2) / (c0 x + c1 y + 1)` and
    `y_in = (b0 x + b1 y + b2) / (c0 x + c1 y + 1)`, from 4 point pairs.

    >>> import numpy as np
    >>> corners = np.array([[0., 0.], [1., 0.], [1., 1.], [0., 1.]])
    >>> np.round(homography_coefficients(corners, corners), 6).tolist()
    [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    """
    sx, sy = start_points[..., 0], start_points[..., 1]
    ex, ey = end_points[..., 0], end_points[..., 1]
    zero, one = jnp.zeros_like(ex), jnp.ones_like(ex)
    x_eqs = jnp.stack([ex, ey, one, zero, zero, zero, -sx * ex, -sx * ey],
                      axis=-1)
    y_eqs = jnp.stack([zero, zero, zero, ex, ey, one, -sy * ex, -sy * ey],
                      axis=-1)
    system = jnp.concatenate([x_eqs, y_eqs], axis=-2)
    targets = jnp.concatenate([sx, sy], axis=-1)
    return jnp.linalg.solve(system, targets[..., None])[..., 0]
