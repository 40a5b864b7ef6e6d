"""`InputSpec`: what a layer accepts (rank, last-axis size, dtype).

>>> spec = InputSpec(min_ndim=2, axes={-1: 4})
>>> assert_input_compatibility([spec], [(None, 4)], "dense")
"""

from jax import tree_util


class InputSpec:
    """Constraints on a layer input: `dtype`, `shape`, `ndim`, `max_ndim`,
    `min_ndim`, `axes` (axis -> size), `allow_last_axis_squeeze`, `name`."""

    def __init__(
        self,
        dtype=None,
        shape=None,
        ndim=None,
        max_ndim=None,
        min_ndim=None,
        axes=None,
        allow_last_axis_squeeze=False,
        name=None,
        optional=False,
    ):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def get_config(self):
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    def __repr__(self):
        parts = [f"{k}={v}" for k, v in self.get_config().items() if v]
        return f"InputSpec({', '.join(parts)})"


def model_input_spec(shape, name):
    """Keras's check of one model input of `shape`: any batch size, a
    trailing axis of size 1 allowed to be missing or extra."""
    shape = tuple(shape)
    return InputSpec(
        shape=(None,) + shape[1:] if shape else shape,
        allow_last_axis_squeeze=True, name=name,
    )


def input_shapes(input_spec, inputs):
    """The shapes of a layer's first call argument, in `input_spec`'s order.

    A dict is read by the specs' names when every spec is named and one
    name is a key (Keras's rule): a missing name gets shape None (not
    checked here; the layer's call reports it, a model naming the key).
    Otherwise its leaves are taken in key order. Leaves without a shape
    are skipped.
    """
    specs = input_spec if isinstance(input_spec, (list, tuple)) else [
        input_spec
    ]
    if isinstance(inputs, dict):
        names = [getattr(spec, "name", None) for spec in specs]
        if names and all(names) and any(name in inputs for name in names):
            return [
                tuple(inputs[name].shape)
                if hasattr(inputs.get(name), "shape") else None
                for name in names
            ]
    return [
        tuple(x.shape) for x in tree_util.tree_leaves(inputs)
        if hasattr(x, "shape")
    ]


def assert_input_compatibility(input_spec, shapes, layer_name):
    """Raises a Keras-style ValueError when `shapes` break `input_spec`."""
    if not input_spec:
        return
    specs = input_spec if isinstance(input_spec, (list, tuple)) else [
        input_spec
    ]
    if len(shapes) != len(specs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it '
            f"received {len(shapes)} input tensors."
        )
    for index, (spec, shape) in enumerate(zip(specs, shapes)):
        if spec is None or shape is None:
            continue
        shape = tuple(shape)
        ndim = len(shape)
        named = f' (input "{spec.name}")' if spec.name else ""
        where = (
            f'Input {index}{named} of layer "{layer_name}" is incompatible '
            "with "
        )
        if (spec.ndim is not None and not spec.allow_last_axis_squeeze
                and ndim != spec.ndim):
            raise ValueError(
                f"{where}the layer: expected ndim={spec.ndim}, found "
                f"ndim={ndim}. Full shape received: {shape}"
            )
        if spec.max_ndim is not None and ndim > spec.max_ndim:
            raise ValueError(
                f"{where}the layer: expected max_ndim={spec.max_ndim}, found "
                f"ndim={ndim}. Full shape received: {shape}"
            )
        if spec.min_ndim is not None and ndim < spec.min_ndim:
            raise ValueError(
                f"{where}the layer: expected min_ndim={spec.min_ndim}, found "
                f"ndim={ndim}. Full shape received: {shape}"
            )
        for axis, value in spec.axes.items():
            if value is None:
                continue
            if axis >= ndim or axis < -ndim:
                continue
            if shape[axis] not in (value, None):
                raise ValueError(
                    f"{where}the layer: expected axis {axis} of input shape "
                    f"to have value {value}, but received input with "
                    f"shape {shape}"
                )
        if spec.shape is not None:
            expected_shape, got_shape = spec.shape, shape
            if spec.allow_last_axis_squeeze:
                # A trailing axis of size 1 may be missing or extra (the
                # model squeezes or adds it).
                if got_shape and got_shape[-1] == 1:
                    got_shape = got_shape[:-1]
                if expected_shape and expected_shape[-1] == 1:
                    expected_shape = expected_shape[:-1]
            for expected, got in zip(expected_shape, got_shape):
                if expected is not None and got is not None and (
                    expected != got
                ):
                    raise ValueError(
                        f"{where}the layer: expected shape={spec.shape}, "
                        f"found shape={shape}"
                    )
