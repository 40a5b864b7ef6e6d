"""kerax's own ONNX lowerings (max pooling, 3-D convolution), registered
with jax2onnx.

kerax's `MaxPooling1D/2D/3D` run `lax.reduce_window_max` over the whole
tensor with a window of 1 on the batch and channel axes. jax2onnx 0.17
lowers that to an ONNX `MaxPool` whose every axis is "spatial" (a 6-D
MaxPool for an NHWC image), which onnxruntime rejects ("Unsupported
pooling size"). This lowering moves the two untouched axes first
(`Transpose`), pools the others as ONNX's spatial axes and transposes
back, so the file runs everywhere. Windows it does not handle (not
exactly two untouched axes, base dilation, integer dtypes) go to
jax2onnx's own lowering.

jax2onnx's convolution lowering knows 1-D and 2-D layouts only; kerax's
lowering takes any layout (`Conv3D`, channels-last or first): transpose
the input to N, C, spatial and the kernel to O, I, spatial (the orders
`dimension_numbers` give), an ONNX `Conv`, and transpose the result to
the output layout.

`register()` installs it through jax2onnx's plugin registry; ONNX export
calls it before converting.

>>> register()
>>> from jax2onnx.plugins.plugin_system import PLUGIN_REGISTRY
>>> type(PLUGIN_REGISTRY["reduce_window_max"]).__name__
'KeraxMaxPoolLowering'
>>> type(PLUGIN_REGISTRY["conv_general_dilated"]).__name__
'KeraxConvLowering'
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np

_REGISTERED = False


def pool_layout(params: dict) -> tuple[list[int], list[int]] | None:
    """`(kept_axes, pooled_axes)` when a window pools 1 to 3 axes and
    leaves exactly two untouched (batch and channels), else None.

    >>> pool_layout({"window_dimensions": (1, 2, 2, 1),
    ...              "window_strides": (1, 2, 2, 1),
    ...              "padding": ((0, 0),) * 4})
    ([0, 3], [1, 2])
    """
    window = tuple(int(d) for d in params["window_dimensions"])
    rank = len(window)
    strides = tuple(params.get("window_strides") or (1,) * rank)
    padding = tuple(tuple(p) for p in params.get("padding") or
                    ((0, 0),) * rank)
    dilation = tuple(params.get("window_dilation") or (1,) * rank)
    if any(d != 1 for d in params.get("base_dilation") or ()):
        return None
    pooled = [a for a in range(rank)
              if window[a] != 1 or strides[a] != 1 or dilation[a] != 1
              or padding[a] != (0, 0)]
    kept = [a for a in range(rank) if a not in pooled]
    if len(kept) != 2 or not 1 <= len(pooled) <= 3:
        return None
    return kept, pooled


def _stamper(ctx: Any, dtype: np.dtype) -> Any:
    """`stamp(value, shape)`: sets an IR value's dtype and shape."""
    import onnx_ir as ir
    from jax2onnx.converter.ir_builder import _dtype_to_ir
    from jax2onnx.plugins._ir_shapes import (
        _ensure_value_metadata,
        _stamp_type_and_shape,
    )

    ir_dtype = _dtype_to_ir(dtype, ctx.builder.enable_double_precision)

    def stamp(value: Any, shape: tuple) -> Any:
        value.type = ir.TensorType(ir_dtype)
        _stamp_type_and_shape(value, shape)
        _ensure_value_metadata(ctx, value)
        return value

    return stamp


def conv_layout(params: dict, ndim: int) -> tuple | None:
    """`(lhs_perm, rhs_perm, out_perm)` moving each operand to ONNX's
    order when kerax's lowering applies (no input dilation, no batch
    groups, explicit padding), else None.

    >>> conv_layout({"dimension_numbers": ((0, 4, 1, 2, 3), (4, 3, 0, 1, 2),
    ...              (0, 4, 1, 2, 3)), "lhs_dilation": (1, 1, 1),
    ...              "batch_group_count": 1, "padding": ((0, 0),) * 3}, 5)
    ([0, 4, 1, 2, 3], [4, 3, 0, 1, 2], [0, 4, 1, 2, 3])
    """
    numbers = params.get("dimension_numbers")
    padding = params.get("padding")
    if numbers is None or isinstance(padding, str) or ndim < 3:
        return None
    if any(int(d) != 1 for d in params.get("lhs_dilation") or ()):
        return None
    if int(params.get("batch_group_count", 1)) != 1:
        return None
    perms = tuple([int(a) for a in spec] for spec in numbers)
    if any(len(p) != ndim for p in perms):
        return None
    return perms


def _make_plugin_class() -> type:
    from jax2onnx.plugins.jax.lax.reduce_window_max import (
        ReduceWindowMaxPrimitivePlugin,
    )

    class KeraxMaxPoolLowering(ReduceWindowMaxPrimitivePlugin):
        """`reduce_window_max` as Transpose -> MaxPool -> Transpose."""

        def lower(self, ctx: Any, eqn: Any) -> None:
            params = dict(getattr(eqn, "params", {}))
            layout = pool_layout(params)
            in_var, out_var = eqn.invars[0], eqn.outvars[0]
            dtype = np.dtype(in_var.aval.dtype)
            if layout is None or dtype not in self._MAXPOOL_DTYPES:
                return super().lower(ctx, eqn)
            kept, pooled = layout
            perm = kept + pooled
            inverse = [perm.index(a) for a in range(len(perm))]
            in_shape = tuple(in_var.aval.shape)
            out_shape = tuple(out_var.aval.shape)
            stamp = _stamper(ctx, dtype)

            x = ctx.get_value_for_var(in_var, name_hint=ctx.fresh_name(
                "kerax_pool_in"))
            out_spec = ctx.get_value_for_var(out_var, name_hint=ctx.fresh_name(
                "kerax_pool_out"))
            x = stamp(ctx.builder.Transpose(
                x, perm=perm, _outputs=[ctx.fresh_name("kerax_pool_nc")]),
                tuple(in_shape[a] for a in perm))
            pads = [int(params["padding"][a][0]) for a in pooled] + [
                int(params["padding"][a][1]) for a in pooled]
            options: dict[str, Any] = {
                "kernel_shape": [int(params["window_dimensions"][a])
                                 for a in pooled],
                "strides": [int(params["window_strides"][a]) for a in pooled],
            }
            if any(pads):
                options["pads"] = pads
            dilation = params.get("window_dilation")
            if dilation and any(int(dilation[a]) != 1 for a in pooled):
                options["dilations"] = [int(dilation[a]) for a in pooled]
            y = stamp(ctx.builder.MaxPool(
                x, _outputs=[ctx.fresh_name("kerax_pool")], **options),
                tuple(out_shape[a] for a in perm))
            name = getattr(out_spec, "name", None) or ctx.fresh_name(
                "kerax_pool_out")
            result = stamp(ctx.builder.Transpose(
                y, perm=inverse, _outputs=[name]), out_shape)
            ctx.bind_value_for_var(out_var, result)
            return None

    return KeraxMaxPoolLowering


def _make_conv_class() -> type:
    from jax2onnx.plugins.jax.lax.conv import ConvGeneralDilatedPlugin

    class KeraxConvLowering(ConvGeneralDilatedPlugin):
        """Convolutions of any layout (3-D ones included) as
        Transpose -> Conv -> Transpose; 1-D and 2-D convolutions and input
        dilation (transposed convolutions) keep jax2onnx's lowering."""

        def lower(self, ctx: Any, eqn: Any) -> None:
            params = dict(getattr(eqn, "params", {}))
            lhs_var, rhs_var = eqn.invars[:2]
            out_var = eqn.outvars[0]
            ndim = len(lhs_var.aval.shape)
            layout = conv_layout(params, ndim)
            if layout is None or ndim < 5:
                return super().lower(ctx, eqn)
            lhs_perm, rhs_perm, out_perm = layout
            stamp = _stamper(ctx, np.dtype(out_var.aval.dtype))
            lhs_shape = tuple(lhs_var.aval.shape)
            rhs_shape = tuple(rhs_var.aval.shape)
            out_shape = tuple(out_var.aval.shape)
            lhs = ctx.get_value_for_var(lhs_var, name_hint=ctx.fresh_name(
                "kerax_conv_lhs"))
            rhs = ctx.get_value_for_var(rhs_var, name_hint=ctx.fresh_name(
                "kerax_conv_rhs"))
            out_spec = ctx.get_value_for_var(out_var, name_hint=ctx.fresh_name(
                "kerax_conv_out"))
            lhs = stamp(ctx.builder.Transpose(
                lhs, perm=lhs_perm, _outputs=[ctx.fresh_name("kerax_conv_x")]),
                tuple(lhs_shape[a] for a in lhs_perm))
            rhs = stamp(ctx.builder.Transpose(
                rhs, perm=rhs_perm, _outputs=[ctx.fresh_name("kerax_conv_w")]),
                tuple(rhs_shape[a] for a in rhs_perm))
            pads = [int(p[0]) for p in params["padding"]] + [
                int(p[1]) for p in params["padding"]]
            options: dict[str, Any] = {
                "strides": [int(v) for v in params["window_strides"]],
                "pads": pads,
            }
            if params.get("rhs_dilation"):
                options["dilations"] = [int(v) for v in params["rhs_dilation"]]
            groups = int(params.get("feature_group_count", 1))
            if groups != 1:
                options["group"] = groups
            y = stamp(ctx.builder.Conv(
                lhs, rhs, _outputs=[ctx.fresh_name("kerax_conv")], **options),
                tuple(out_shape[a] for a in out_perm))
            inverse = [out_perm.index(a) for a in range(ndim)]
            name = getattr(out_spec, "name", None) or ctx.fresh_name(
                "kerax_conv_out")
            ctx.bind_value_for_var(out_var, stamp(ctx.builder.Transpose(
                y, perm=inverse, _outputs=[name]), out_shape))
            return None

    return KeraxConvLowering


def _import_jax_plugins() -> None:
    """Imports jax2onnx's lowerings of JAX primitives and functions (not
    its Flax/Equinox ones: importing Equinox alone takes ~20 s)."""
    import importlib
    from pathlib import Path

    from jax2onnx.plugins import plugin_system

    root = Path(plugin_system.__file__).parent
    importer = getattr(plugin_system, "_import_tree", None)
    if importer is None:
        plugin_system.import_all_plugins()
        return
    for path in sorted(root.glob("*.py")):
        if path.stem not in ("__init__", "plugin_system"):
            importlib.import_module(f"jax2onnx.plugins.{path.stem}")
    importer(root / "jax", "jax2onnx.plugins.jax")


@contextlib.contextmanager
def jax_plugins_only() -> Iterator[None]:
    """While open, jax2onnx's conversion skips importing its remaining
    (Flax, Equinox, example) plugins, which kerax models never use."""
    from jax2onnx.plugins import plugin_system

    saved = getattr(plugin_system, "_already_imported_plugins", True)
    plugin_system._already_imported_plugins = True
    try:
        yield
    finally:
        plugin_system._already_imported_plugins = saved


def register() -> None:
    """Installs kerax's lowerings in jax2onnx's registry (once)."""
    global _REGISTERED
    if _REGISTERED:
        return
    import jax
    from jax2onnx.plugins.plugin_system import register_primitive

    # jax2onnx imports its plugins on first conversion; import them now so
    # that kerax's registrations are the ones that stay.
    _import_jax_plugins()
    register_primitive(
        jaxpr_primitive=jax.lax.reduce_window_max_p.name,
        jax_doc="https://docs.jax.dev/en/latest/_autosummary/"
                "jax.lax.reduce_window.html",
        onnx=[{"component": "MaxPool",
               "doc": "https://onnx.ai/onnx/operators/onnx__MaxPool.html"}],
        since="kerax",
        context="primitives.lax",
        component="reduce_window_max",
        testcases=[],
    )(_make_plugin_class())
    register_primitive(
        jaxpr_primitive=jax.lax.conv_general_dilated_p.name,
        jax_doc="https://docs.jax.dev/en/latest/_autosummary/"
                "jax.lax.conv_general_dilated.html",
        onnx=[{"component": "Conv",
               "doc": "https://onnx.ai/onnx/operators/onnx__Conv.html"}],
        since="kerax",
        context="primitives.lax",
        component="conv_general_dilated",
        testcases=[],
    )(_make_conv_class())
    _REGISTERED = True
