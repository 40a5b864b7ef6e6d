"""Bounding-box utilities (Keras's `keras.utils.bounding_boxes`), in JAX.

Boxes are arrays whose last axis holds 4 numbers, `(N, 4)` or
`(batch, N, 4)`, in one of `SUPPORTED_FORMATS` (names are
case-insensitive):

- `"xyxy"`: left, top, right, bottom (pixels);
- `"yxyx"`: top, left, bottom, right;
- `"xywh"`: left, top, width, height;
- `"center_xywh"`: centre x, centre y, width, height;
- `"center_yxhw"`: centre y, centre x, height, width;
- `"rel_xyxy"`, `"rel_yxyx"`, `"rel_xywh"`, `"rel_center_xywh"`: the same
  as fractions of the image width and height.

Where a function takes a dict, it is `{"boxes": ..., "labels": ...}`
(other keys are kept). Every function runs on NumPy or JAX arrays and
under `jax.jit`.

>>> import numpy as np
>>> convert_format(np.array([[10, 20, 30, 60]]), "xyxy", "xywh").tolist()
[[10.0, 20.0, 20.0, 40.0]]
"""

from __future__ import annotations

import math

import jax.numpy as jnp

from kerax import config

SUPPORTED_FORMATS = (
    "xyxy",
    "yxyx",
    "xywh",
    "center_xywh",
    "center_yxhw",
    "rel_xyxy",
    "rel_yxyx",
    "rel_xywh",
    "rel_center_xywh",
)


# ------------------------------------------------------------ formats
def _split(boxes):
    return [boxes[..., i:i + 1] for i in range(4)]


def _join(parts):
    return jnp.concatenate(parts, axis=-1)


def _to_xyxy(boxes, fmt):
    """Absolute-or-unit `xyxy` from one of the five base layouts."""
    a, b, c, d = _split(boxes)
    if fmt == "xyxy":
        return boxes
    if fmt == "yxyx":
        return _join([b, a, d, c])
    if fmt == "xywh":
        return _join([a, b, a + c, b + d])
    if fmt == "center_xywh":
        return _join([a - c / 2.0, b - d / 2.0, a + c / 2.0, b + d / 2.0])
    # center_yxhw: cy, cx, h, w
    return _join([b - d / 2.0, a - c / 2.0, b + d / 2.0, a + c / 2.0])


def _from_xyxy(boxes, fmt):
    x1, y1, x2, y2 = _split(boxes)
    w, h = x2 - x1, y2 - y1
    if fmt == "xyxy":
        return boxes
    if fmt == "yxyx":
        return _join([y1, x1, y2, x2])
    if fmt == "xywh":
        return _join([x1, y1, w, h])
    if fmt == "center_xywh":
        return _join([x1 + w / 2.0, y1 + h / 2.0, w, h])
    return _join([y1 + h / 2.0, x1 + w / 2.0, h, w])


def _scale_xyxy(boxes, sx, sy):
    x1, y1, x2, y2 = _split(boxes)
    return _join([x1 * sx, y1 * sy, x2 * sx, y2 * sy])


def _check_format(fmt, name):
    if not isinstance(fmt, str) or fmt.lower() not in SUPPORTED_FORMATS:
        raise ValueError(
            f"Invalid bounding box format for `{name}`: expected one of "
            f"{SUPPORTED_FORMATS}. Received: {name}={fmt!r}"
        )
    return fmt.lower()


def convert_format(boxes, source, target, height=None, width=None,
                   dtype="float32"):
    """Converts boxes from the `source` format to the `target` format.

    Args:
        boxes: array `(..., 4)`, or a dict whose `"boxes"` is converted.
        source, target: format names (see the module docstring).
        height, width: the image size, required when exactly one of the
            formats is relative (`rel_*`).
        dtype: the dtype of the result (default `"float32"`).

    Returns:
        The converted array (or a copy of the dict with converted boxes).

    >>> import numpy as np
    >>> convert_format(np.array([[10., 20., 30., 40.]]), "xyxy", "rel_xyxy",
    ...                height=80, width=40).tolist()
    [[0.25, 0.25, 0.75, 0.5]]
    """
    if isinstance(boxes, dict):
        result = dict(boxes)
        result["boxes"] = convert_format(boxes["boxes"], source, target,
                                         height, width, dtype)
        return result
    source = _check_format(source, "source")
    target = _check_format(target, "target")
    boxes = jnp.asarray(boxes)
    if boxes.ndim == 0 or boxes.shape[-1] != 4:
        raise ValueError(
            "convert_format() expects `boxes` with a last axis of size 4. "
            f"Received: boxes.shape={boxes.shape}"
        )
    src_rel, tgt_rel = source.startswith("rel_"), target.startswith("rel_")
    if (src_rel or tgt_rel) and (height is None or width is None):
        raise ValueError(
            "convert_format() needs `height` and `width` to convert "
            f"between relative and absolute formats. Received: "
            f"source={source!r}, target={target!r}, height={height}, "
            f"width={width}"
        )
    boxes = boxes.astype(dtype)
    if source == target:
        return boxes
    xyxy = _to_xyxy(boxes, source.removeprefix("rel_"))
    if src_rel != tgt_rel:
        h = jnp.asarray(height, dtype)
        w = jnp.asarray(width, dtype)
        xyxy = (_scale_xyxy(xyxy, w, h) if src_rel
                else _scale_xyxy(xyxy, 1.0 / w, 1.0 / h))
    return _from_xyxy(xyxy, target.removeprefix("rel_")).astype(dtype)


def _as_xyxy(boxes, fmt, height, width):
    """`(xyxy boxes, back)`: boxes in absolute xyxy (unit image for
    relative formats given no size) and the function converting back."""
    fmt = _check_format(fmt, "bounding_box_format")
    boxes = jnp.asarray(boxes)
    dtype = boxes.dtype if jnp.issubdtype(boxes.dtype,
                                          jnp.floating) else "float32"
    base = fmt.removeprefix("rel_")
    xyxy = _to_xyxy(boxes.astype(dtype), base)

    def back(out):
        return _from_xyxy(out, base).astype(dtype)

    return xyxy, back


def clip_to_image_size(bounding_boxes, height=None, width=None,
                       bounding_box_format="xyxy"):
    """Clips boxes to the image; labels of boxes left empty become -1.

    Args:
        bounding_boxes: dict with `"boxes"` `(N, 4)` / `(batch, N, 4)` and
            optionally `"labels"` `(N,)` / `(batch, N)`.
        height, width: the image size (needed for absolute formats).
        bounding_box_format: the boxes' format (default `"xyxy"`).

    Returns:
        A copy of the dict with clipped boxes (and updated labels).

    >>> import numpy as np
    >>> out = clip_to_image_size({"boxes": np.array([[-5., 2., 50., 8.],
    ...                                              [30., 1., 40., 5.]]),
    ...                           "labels": np.array([1, 2])}, 10, 20)
    >>> out["boxes"].tolist(), out["labels"].tolist()
    ([[0.0, 2.0, 20.0, 8.0], [20.0, 1.0, 20.0, 5.0]], [1, -1])
    """
    if not isinstance(bounding_boxes, dict) or "boxes" not in bounding_boxes:
        raise ValueError(
            "clip_to_image_size() expects a dict with a 'boxes' key. "
            f"Received: {type(bounding_boxes).__name__}"
        )
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    relative = fmt.startswith("rel_")
    if not relative and (height is None or width is None):
        raise ValueError(
            "clip_to_image_size() needs `height` and `width` for the "
            f"absolute format {fmt!r}. Received: height={height}, "
            f"width={width}"
        )
    xyxy, back = _as_xyxy(bounding_boxes["boxes"], fmt, height, width)
    if relative:
        max_x = max_y = 1.0
    else:
        max_x = jnp.asarray(width, xyxy.dtype)
        max_y = jnp.asarray(height, xyxy.dtype)
    x1, y1, x2, y2 = _split(xyxy)
    clipped = _join([jnp.clip(x1, 0, max_x), jnp.clip(y1, 0, max_y),
                     jnp.clip(x2, 0, max_x), jnp.clip(y2, 0, max_y)])
    result = dict(bounding_boxes)
    result["boxes"] = back(clipped)
    labels = bounding_boxes.get("labels")
    if labels is not None:
        cx1, cy1, cx2, cy2 = _split(clipped)
        area = ((cx2 - cx1) * (cy2 - cy1))[..., 0]
        labels = jnp.asarray(labels)
        keep = area > 0
        keep = keep.reshape(keep.shape + (1,) * (labels.ndim - keep.ndim))
        result["labels"] = jnp.where(keep, labels, -1).astype(labels.dtype)
    return result


# ------------------------------------------------------------ geometry
def _inverse_affine(angle, translate_x, translate_y, scale, shear_x,
                    shear_y, height, width, center_x, center_y):
    """`(batch, 2, 3)` matrices taking input points to output points for
    the image transform that samples the input through the forward affine
    of these parameters (rotation about the centre, then shear, scale and
    translation as fractions of the image size)."""
    rad = math.pi / 180.0
    theta = -angle * rad
    phi_x = -shear_x * rad
    phi_y = -shear_y * rad
    cx = center_x * (width - 1)
    cy = center_y * (height - 1)
    tx = -translate_x * (width - 1)
    ty = -translate_y * (height - 1)
    tan_x = jnp.tan(phi_x)
    cos_y = jnp.cos(phi_y)
    # The rotation-shear block [[p, q], [r, s]] (determinant 1).
    p = jnp.cos(theta - phi_y) / cos_y
    r = -jnp.sin(theta - phi_y) / cos_y
    q = p * tan_x + jnp.sin(theta)
    s = jnp.cos(theta) - r * tan_x
    m00, m01 = s * scale, -q * scale
    m10, m11 = -r * scale, p * scale
    ox, oy = cx + tx, cy + ty
    row0 = jnp.stack([m00, m01, cx - m00 * ox - m01 * oy], axis=-1)
    row1 = jnp.stack([m10, m11, cy - m10 * ox - m11 * oy], axis=-1)
    return jnp.stack([row0, row1], axis=-2)


def _corners(boxes):
    """`(..., 4, 2)` corner points of xyxy boxes."""
    x1, y1, x2, y2 = (boxes[..., i] for i in range(4))
    xs = jnp.stack([x1, x2, x2, x1], axis=-1)
    ys = jnp.stack([y1, y1, y2, y2], axis=-1)
    return jnp.stack([xs, ys], axis=-1)


def _envelope(points):
    """xyxy boxes enclosing `(..., 4, 2)` points."""
    low = jnp.min(points, axis=-2)
    high = jnp.max(points, axis=-2)
    return jnp.concatenate([low, high], axis=-1)


def affine_transform(boxes, angle, translate_x, translate_y, scale, shear_x,
                     shear_y, height, width, center_x=None, center_y=None,
                     bounding_box_format="xyxy"):
    """Moves boxes as the corresponding affine image transform moves
    pixels; each result encloses the transformed corners.

    Args:
        boxes: `(batch, N, 4)` (or `(N, 4)` with batch-1 parameters).
        angle: `(batch,)` rotation in degrees.
        translate_x, translate_y: `(batch,)` shifts, fractions of the size.
        scale: `(batch,)` scale factors.
        shear_x, shear_y: `(batch,)` shear angles in degrees.
        height, width: the image size.
        center_x, center_y: the centre as fractions (default 0.5).
        bounding_box_format: the boxes' format (default `"xyxy"`).

    >>> import numpy as np
    >>> z = np.zeros(1, "float32")
    >>> affine_transform(np.array([[[0., 0., 2., 2.]]]), z, z + 0.5, z,
    ...                  z + 1, z, z, 5, 5).tolist()
    [[[2.0, 0.0, 4.0, 2.0]]]
    """
    xyxy, back = _as_xyxy(boxes, bounding_box_format, height, width)
    if bounding_box_format.lower().startswith("rel_"):
        xyxy = _scale_xyxy(xyxy, float(width), float(height))
    unbatched = xyxy.ndim == 2
    if unbatched:
        xyxy = xyxy[None]
    params = [jnp.reshape(jnp.asarray(v, xyxy.dtype), (-1,))
              for v in (angle, translate_x, translate_y, scale, shear_x,
                        shear_y)]
    center_x = 0.5 if center_x is None else center_x
    center_y = 0.5 if center_y is None else center_y
    matrix = _inverse_affine(*params, height, width, center_x, center_y)
    points = _corners(xyxy)
    moved = (jnp.einsum("bnkj,bij->bnki", points, matrix[..., :2])
             + matrix[:, None, None, :, 2])
    out = _envelope(moved)
    if unbatched:
        out = out[0]
    if bounding_box_format.lower().startswith("rel_"):
        out = _scale_xyxy(out, 1.0 / width, 1.0 / height)
    return back(out)


def crop(boxes, top, left, height, width, bounding_box_format="xyxy"):
    """Boxes in the frame of the `height x width` window at `(top, left)`,
    clipped to it.

    >>> import numpy as np
    >>> crop(np.array([[10., 20., 50., 60.]]), top=10, left=20, height=40,
    ...      width=30).tolist()
    [[0.0, 10.0, 30.0, 40.0]]
    """
    xyxy, back = _as_xyxy(boxes, bounding_box_format, height, width)
    x1, y1, x2, y2 = _split(xyxy)
    out = _join([jnp.clip(x1 - left, 0, width), jnp.clip(y1 - top, 0, height),
                 jnp.clip(x2 - left, 0, width), jnp.clip(y2 - top, 0, height)])
    return back(out)


def pad(boxes, top, left, height=None, width=None, bounding_box_format="xyxy"):
    """Boxes of an image padded by `top` rows and `left` columns.

    >>> import numpy as np
    >>> pad(np.array([[1., 2., 3., 4.]]), top=10, left=5).tolist()
    [[6.0, 12.0, 8.0, 14.0]]
    """
    xyxy, back = _as_xyxy(boxes, bounding_box_format, height, width)
    x1, y1, x2, y2 = _split(xyxy)
    return back(_join([x1 + left, y1 + top, x2 + left, y2 + top]))


# ------------------------------------------------------------ anchors
def _variance(variance):
    if variance is None:
        return None
    variance = jnp.asarray(variance, "float32")
    if variance.shape[-1:] != (4,):
        raise ValueError(
            f"`variance` must have 4 values. Received: variance={variance}"
        )
    return variance


def _check_encoding(fmt, name):
    if fmt not in ("center_xywh", "center_yxhw"):
        raise ValueError(
            f"`{name}` must be 'center_xywh' or 'center_yxhw'. "
            f"Received: {name}={fmt!r}"
        )


def _image_hw(image_shape):
    if image_shape is None:
        return None, None
    return image_shape[0], image_shape[1]


def encode_box_to_deltas(anchors, boxes, anchor_format, box_format,
                         encoding_format="center_yxhw", variance=None,
                         image_shape=None):
    """Deltas of `boxes` relative to `anchors` in a centre format: centre
    offsets divided by the anchor size, then log size ratios (divided by
    `variance` when given).

    >>> import numpy as np
    >>> a = np.array([[0., 0., 10., 10.]])
    >>> d = encode_box_to_deltas(a, np.array([[0., 0., 20., 10.]]), "xyxy",
    ...                          "xyxy")
    >>> np.asarray(d, "float64").round(4).tolist()
    [[0.0, 0.5, 0.0, 0.6931]]
    """
    variance = _variance(variance)
    _check_encoding(encoding_format, "encoding_format")
    height, width = _image_hw(image_shape)
    anchors = convert_format(anchors, anchor_format, encoding_format,
                             height, width)
    boxes = convert_format(boxes, box_format, encoding_format, height, width)
    eps = config.epsilon()
    anchor_size = jnp.maximum(anchors[..., 2:], eps)
    box_size = jnp.maximum(boxes[..., 2:], eps)
    deltas = jnp.concatenate(
        [(boxes[..., :2] - anchors[..., :2]) / anchor_size,
         jnp.log(box_size / anchor_size)], axis=-1,
    )
    if variance is not None:
        deltas = deltas / variance
    return deltas


def decode_deltas_to_boxes(anchors, boxes_delta, anchor_format, box_format,
                           encoded_format="center_yxhw", variance=None,
                           image_shape=None):
    """Inverse of `encode_box_to_deltas`: boxes in `box_format` from
    anchors and deltas (both may be dicts keyed by level).

    >>> import numpy as np
    >>> a = np.array([[0., 0., 10., 10.]])
    >>> b = decode_deltas_to_boxes(a, np.array([[0., 0.5, 0., np.log(2.)]]),
    ...                            "xyxy", "xyxy")
    >>> np.asarray(b, "float64").round(4).tolist()
    [[0.0, 0.0, 20.0, 10.0]]
    """
    variance = _variance(variance)
    _check_encoding(encoded_format, "encoded_format")
    height, width = _image_hw(image_shape)

    def level(anchor, delta):
        anchor = convert_format(anchor, anchor_format, encoded_format,
                                height, width)
        delta = jnp.asarray(delta)
        if variance is not None:
            delta = delta * variance
        size = anchor[..., 2:]
        box = jnp.concatenate(
            [delta[..., :2] * size + anchor[..., :2],
             jnp.exp(delta[..., 2:]) * size], axis=-1,
        )
        return convert_format(box, encoded_format, box_format, height, width)

    if isinstance(anchors, dict) and isinstance(boxes_delta, dict):
        return {key: level(anchors[key], boxes_delta[key]) for key in anchors}
    return level(anchors, boxes_delta)


# ------------------------------------------------------------ overlap
def _pairwise_prepare(boxes1, boxes2, fmt, image_shape, name):
    b1, b2 = jnp.asarray(boxes1), jnp.asarray(boxes2)
    for label, b in (("boxes1", b1), ("boxes2", b2)):
        if b.ndim not in (2, 3):
            raise ValueError(
                f"{name}() expects {label} of rank 2 `(N, 4)` or 3 "
                f"`(batch, N, 4)`. Received: {label}.shape={b.shape}"
            )
    fmt = _check_format(fmt, "bounding_box_format")
    if fmt.startswith("rel_") and image_shape is None:
        raise ValueError(
            f"{name}() needs `image_shape` for the relative format "
            f"{fmt!r}. Received: image_shape=None"
        )
    height, width = _image_hw(image_shape)
    return (convert_format(b1, fmt, "xyxy", height, width),
            convert_format(b2, fmt, "xyxy", height, width))


def compute_iou(boxes1, boxes2, bounding_box_format, use_masking=False,
                mask_val=-1, image_shape=None):
    """Pairwise intersection over union: `(M, N)`, or `(batch, M, N)` when
    either input is batched.

    With `use_masking`, pairs where either box has all coordinates below
    0 (padding) get `mask_val`.

    >>> import numpy as np
    >>> iou = compute_iou(np.array([[0., 0., 2., 2.]]),
    ...                   np.array([[1., 0., 3., 2.], [5., 5., 6., 6.]]),
    ...                   "xyxy")
    >>> np.asarray(iou, "float64").round(4).tolist()
    [[0.3333, 0.0]]
    """
    b1, b2 = _pairwise_prepare(boxes1, boxes2, bounding_box_format,
                               image_shape, "compute_iou")
    first = b1[..., :, None, :]
    second = b2[..., None, :, :]
    inter_w = jnp.maximum(
        jnp.minimum(first[..., 2], second[..., 2])
        - jnp.maximum(first[..., 0], second[..., 0]), 0.0)
    inter_h = jnp.maximum(
        jnp.minimum(first[..., 3], second[..., 3])
        - jnp.maximum(first[..., 1], second[..., 1]), 0.0)
    inter = inter_w * inter_h

    def area(b):
        return (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])

    union = area(first) + area(second) - inter
    iou = inter / (union + config.epsilon())
    if not use_masking:
        return iou
    pad1 = (jnp.max(b1, axis=-1) < 0)[..., :, None]
    pad2 = (jnp.max(b2, axis=-1) < 0)[..., None, :]
    return jnp.where(pad1 | pad2, jnp.asarray(mask_val, iou.dtype), iou)


def compute_ciou(boxes1, boxes2, bounding_box_format, image_shape=None):
    """Complete IoU of matching boxes (elementwise over `(..., 4)`): IoU
    minus the normalised centre distance and an aspect-ratio term.

    >>> import numpy as np
    >>> float(compute_ciou(np.array([0., 0., 2., 2.]),
    ...                    np.array([0., 0., 2., 2.]), "xyxy"))
    1.0
    """
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    if fmt.startswith("rel_") and image_shape is None:
        raise ValueError(
            "compute_ciou() needs `image_shape` for the relative format "
            f"{fmt!r}. Received: image_shape=None"
        )
    height, width = _image_hw(image_shape)
    b1 = convert_format(boxes1, fmt, "xyxy", height, width)
    b2 = convert_format(boxes2, fmt, "xyxy", height, width)
    eps = config.epsilon()
    w1, h1 = b1[..., 2] - b1[..., 0], b1[..., 3] - b1[..., 1] + eps
    w2, h2 = b2[..., 2] - b2[..., 0], b2[..., 3] - b2[..., 1] + eps
    inter = (
        jnp.maximum(jnp.minimum(b1[..., 2], b2[..., 2])
                    - jnp.maximum(b1[..., 0], b2[..., 0]), 0)
        * jnp.maximum(jnp.minimum(b1[..., 3], b2[..., 3])
                      - jnp.maximum(b1[..., 1], b2[..., 1]), 0)
    )
    union = w1 * h1 + w2 * h2 - inter + eps
    iou = inter / (union + eps)
    hull_w = jnp.maximum(b1[..., 2], b2[..., 2]) - jnp.minimum(b1[..., 0],
                                                               b2[..., 0])
    hull_h = jnp.maximum(b1[..., 3], b2[..., 3]) - jnp.minimum(b1[..., 1],
                                                               b2[..., 1])
    diagonal = hull_w ** 2 + hull_h ** 2 + eps
    centre = (((b1[..., 0] + b1[..., 2]) - (b2[..., 0] + b2[..., 2])) / 2) ** 2
    centre = centre + (
        ((b1[..., 1] + b1[..., 3]) - (b2[..., 1] + b2[..., 3])) / 2) ** 2
    v = (4 / math.pi ** 2) * (jnp.arctan(w2 / h2) - jnp.arctan(w1 / h1)) ** 2
    alpha = v / (v - iou + (1 + eps))
    return iou - (centre / diagonal + v * alpha)
