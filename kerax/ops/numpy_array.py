"""NumPy-style array manipulation: reshape, join, split, index, reorder.

>>> reshape(jnp.arange(6), (2, -1)).shape
(2, 3)
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from kerax.ops.core import _convert, unwrap
from kerax.ops.symbolic import symbolic_op


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _arrays(xs):
    return [_convert(x) for x in xs]


@symbolic_op
def reshape(x, newshape):
    """Gives `x` a new shape (one dimension may be -1 or None).

    >>> reshape([1, 2, 3, 4], (2, 2)).tolist()
    [[1, 2], [3, 4]]
    """
    if isinstance(newshape, int):
        newshape = (newshape,)
    newshape = tuple(-1 if d is None else d for d in newshape)
    return jnp.reshape(_convert(x), newshape)


@symbolic_op
def transpose(x, axes=None):
    """Permutes the axes of `x` (reverses them when `axes` is None).

    >>> transpose(jnp.zeros((2, 3))).shape
    (3, 2)
    """
    return jnp.transpose(_convert(x), None if axes is None else tuple(axes))


@symbolic_op
def concatenate(xs, axis=0):
    """Joins tensors along an existing axis.

    >>> concatenate([[1], [2, 3]]).tolist()
    [1, 2, 3]
    """
    return jnp.concatenate(_arrays(xs), axis=axis)


@symbolic_op
def stack(x, axis=0):
    """Joins tensors along a new axis.

    >>> stack([[1, 2], [3, 4]], axis=1).tolist()
    [[1, 3], [2, 4]]
    """
    return jnp.stack(_arrays(x), axis=axis)


@symbolic_op
def hstack(xs):
    """Stacks horizontally (`concatenate` on axis 1, 0 for 1D).

    >>> hstack([[1], [2]]).tolist()
    [1, 2]
    """
    return jnp.hstack(_arrays(xs))


@symbolic_op
def vstack(xs):
    """Stacks vertically (row-wise).

    >>> vstack([[1], [2]]).tolist()
    [[1], [2]]
    """
    return jnp.vstack(_arrays(xs))


@symbolic_op
def dstack(xs):
    """Stacks along the third axis.

    >>> dstack([[1], [2]]).shape
    (1, 1, 2)
    """
    return jnp.dstack(_arrays(xs))


@symbolic_op
def append(x1, x2, axis=None):
    """Appends `x2` to `x1` (flattened when `axis` is None).

    >>> append([1, 2], [3]).tolist()
    [1, 2, 3]
    """
    return jnp.append(_convert(x1), _convert(x2), axis=axis)


@symbolic_op
def expand_dims(x, axis):
    """Inserts axes of size 1 at `axis` (an int or a tuple).

    >>> expand_dims(jnp.zeros(3), 0).shape
    (1, 3)
    """
    return jnp.expand_dims(_convert(x), _axis(axis))


@symbolic_op
def squeeze(x, axis=None):
    """Removes axes of size 1.

    >>> squeeze(jnp.zeros((1, 3, 1))).shape
    (3,)
    """
    return jnp.squeeze(_convert(x), axis=_axis(axis))


@symbolic_op
def broadcast_to(x, shape):
    """Broadcasts `x` to `shape`.

    >>> broadcast_to([1, 2], (2, 2)).tolist()
    [[1, 2], [1, 2]]
    """
    return jnp.broadcast_to(_convert(x), tuple(shape))


@symbolic_op
def tile(x, repeats):
    """Repeats `x` `repeats` times along each axis.

    >>> tile([1, 2], 2).tolist()
    [1, 2, 1, 2]
    """
    return jnp.tile(_convert(x), repeats)


@symbolic_op
def repeat(x, repeats, axis=None):
    """Repeats each element `repeats` times.

    >>> repeat([1, 2], 2).tolist()
    [1, 1, 2, 2]
    """
    return jnp.repeat(_convert(x), unwrap(repeats), axis=axis)


@symbolic_op
def pad(x, pad_width, mode="constant", constant_values=None):
    """Pads `x`; `pad_width` is NumPy's `((before, after), ...)`.

    >>> pad([1, 2], ((1, 1),)).tolist()
    [0, 1, 2, 0]
    """
    kwargs = {}
    if constant_values is not None:
        if mode != "constant":
            raise ValueError(
                "Argument `constant_values` can only be provided when "
                f"`mode == 'constant'`. Received: mode={mode}"
            )
        kwargs["constant_values"] = constant_values
    pad_width = np.asarray(pad_width, dtype="int64").tolist()
    return jnp.pad(_convert(x), pad_width, mode=mode, **kwargs)


@symbolic_op
def take(x, indices, axis=None):
    """Gathers elements of `x` at `indices` along `axis` (flattened when
    None); negative indices count from the end.

    >>> take([10, 20, 30], [2, 0]).tolist()
    [30, 10]
    """
    x = _convert(x)
    indices = _convert(indices)
    if not jnp.issubdtype(indices.dtype, jnp.integer):
        indices = indices.astype("int32")
    return jnp.take(x, indices, axis=axis)


@symbolic_op
def take_along_axis(x, indices, axis=None):
    """Gathers along `axis` with an index tensor of matching rank.

    >>> take_along_axis([[3, 1, 2]], [[1, 2]], axis=1).tolist()
    [[1, 2]]
    """
    x = _convert(x)
    indices = _convert(indices)
    if not jnp.issubdtype(indices.dtype, jnp.integer):
        indices = indices.astype("int32")
    return jnp.take_along_axis(x, indices, axis=axis)


@symbolic_op
def where(condition, x1=None, x2=None):
    """`x1` where `condition` else `x2`; with one argument, the indices
    of the true elements.

    >>> where([True, False], 1, 0).tolist()
    [1, 0]
    """
    condition = _convert(condition)
    if x1 is None and x2 is None:
        return jnp.nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError(
            "`x1` and `x2` must both be provided, or both be None. "
            f"Received: x1={x1}, x2={x2}"
        )
    return jnp.where(condition, unwrap(x1), unwrap(x2))


@symbolic_op
def select(condlist, choicelist, default=0):
    """Picks from `choicelist` the first entry whose condition holds.

    >>> select([jnp.array([True, False])], [jnp.array([1, 2])], 9).tolist()
    [1, 9]
    """
    return jnp.select(_arrays(condlist), _arrays(choicelist), default)


@symbolic_op
def flip(x, axis=None):
    """Reverses `x` along `axis` (all axes when None).

    >>> flip([1, 2, 3]).tolist()
    [3, 2, 1]
    """
    return jnp.flip(_convert(x), axis=_axis(axis))


@symbolic_op
def fliplr(x):
    """Reverses axis 1.

    >>> fliplr([[1, 2]]).tolist()
    [[2, 1]]
    """
    return jnp.fliplr(_convert(x))


@symbolic_op
def flipud(x):
    """Reverses axis 0.

    >>> flipud([[1], [2]]).tolist()
    [[2], [1]]
    """
    return jnp.flipud(_convert(x))


@symbolic_op
def roll(x, shift, axis=None):
    """Rolls elements along `axis` by `shift`.

    >>> roll([1, 2, 3], 1).tolist()
    [3, 1, 2]
    """
    return jnp.roll(_convert(x), shift, axis=_axis(axis))


@symbolic_op
def rot90(array, k=1, axes=(0, 1)):
    """Rotates by 90 degrees `k` times in the plane of `axes`.

    >>> rot90([[1, 2], [3, 4]]).tolist()
    [[2, 4], [1, 3]]
    """
    return jnp.rot90(_convert(array), k=k, axes=tuple(axes))


@symbolic_op
def moveaxis(x, source, destination):
    """Moves axes `source` to positions `destination`.

    >>> moveaxis(jnp.zeros((1, 2, 3)), 0, -1).shape
    (2, 3, 1)
    """
    return jnp.moveaxis(_convert(x), _axis(source), _axis(destination))


@symbolic_op
def swapaxes(x, axis1, axis2):
    """Swaps two axes.

    >>> swapaxes(jnp.zeros((1, 2)), 0, 1).shape
    (2, 1)
    """
    return jnp.swapaxes(_convert(x), axis1, axis2)


@symbolic_op
def ravel(x):
    """Flattens `x` to 1D.

    >>> ravel([[1], [2]]).tolist()
    [1, 2]
    """
    return jnp.ravel(_convert(x))


@symbolic_op
def split(x, indices_or_sections, axis=0):
    """Splits `x` into equal sections or at the given indices.

    >>> [p.tolist() for p in split([1, 2, 3, 4], 2)]
    [[1, 2], [3, 4]]
    """
    return jnp.split(_convert(x), indices_or_sections, axis=axis)


@symbolic_op
def array_split(x, indices_or_sections, axis=0):
    """Like `split`, but sections may be unequal.

    >>> [p.tolist() for p in array_split([1, 2, 3], 2)]
    [[1, 2], [3]]
    """
    return jnp.array_split(_convert(x), indices_or_sections, axis=axis)


@symbolic_op
def hsplit(x, indices_or_sections):
    """Splits along axis 1 (axis 0 for 1D).

    >>> len(hsplit(jnp.zeros((2, 4)), 2))
    2
    """
    return jnp.hsplit(_convert(x), indices_or_sections)


@symbolic_op
def vsplit(x, indices_or_sections):
    """Splits along axis 0.

    >>> len(vsplit(jnp.zeros((4, 2)), 2))
    2
    """
    return jnp.vsplit(_convert(x), indices_or_sections)


@symbolic_op
def dsplit(x, indices_or_sections):
    """Splits along axis 2.

    >>> len(dsplit(jnp.zeros((1, 1, 4)), 2))
    2
    """
    return jnp.dsplit(_convert(x), indices_or_sections)


@symbolic_op
def diagonal(x, offset=0, axis1=0, axis2=1):
    """Returns the diagonal of the `(axis1, axis2)` planes.

    >>> diagonal([[1, 2], [3, 4]]).tolist()
    [1, 4]
    """
    return jnp.diagonal(_convert(x), offset=offset, axis1=axis1, axis2=axis2)


@symbolic_op
def diag(x, k=0):
    """Extracts a diagonal (2D input) or builds a diagonal matrix (1D).

    >>> diag([1, 2]).tolist()
    [[1, 0], [0, 2]]
    """
    return jnp.diag(_convert(x), k=k)


@symbolic_op
def diagflat(x, k=0):
    """Builds a 2D matrix with the flattened `x` on diagonal `k`.

    >>> diagflat([[1, 2]]).tolist()
    [[1, 0], [0, 2]]
    """
    return jnp.diagflat(_convert(x), k=k)


@symbolic_op
def tril(x, k=0):
    """Zeroes the elements above diagonal `k`.

    >>> tril([[1, 2], [3, 4]]).tolist()
    [[1, 0], [3, 4]]
    """
    return jnp.tril(_convert(x), k=k)


@symbolic_op
def triu(x, k=0):
    """Zeroes the elements below diagonal `k`.

    >>> triu([[1, 2], [3, 4]]).tolist()
    [[1, 2], [0, 4]]
    """
    return jnp.triu(_convert(x), k=k)


@symbolic_op
def get_item(x, key):
    """`x[key]`.

    >>> get_item([1, 2, 3], 1).tolist()
    2
    """
    if isinstance(key, list):
        key = tuple(key)
    return _convert(x)[key]
