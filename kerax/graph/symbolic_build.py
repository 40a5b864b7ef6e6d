"""Shape plumbing for layers: builds, symbolic calls, output specs, masks.

Layers tier of `kerax.graph`: every Layer class's `build` and symbolic
call run through it, so it imports nothing above `kerax.layers` (and not
`kerax.layers.layer`: the Layer base class registers itself with
`register_layer_base`).

- `wrap_build`: every layer class's `build` runs through it (name scope,
  concrete weights outside any StatelessScope, build config, `built`).
- Output specs come from `jax.eval_shape` over the layer's call inside a
  `StatelessScope` (state writes stay in the trace), with unknown
  dimensions as JAX symbolic dimensions (one trace); layers whose code
  needs concrete sizes fall back to two concrete traces, and dimensions
  that differ between them are unknown (None). Sublayers first called
  inside that trace build there, with concrete weights.
- Masks: one rule (`input_masks`, `attach_output_masks`) for eager and
  symbolic calls, as Keras's `Layer.__call__`.
"""

from __future__ import annotations

import functools
import inspect

import jax
from jax import tree_util

from kerax.core.masking import (
    get_keras_mask,
    set_keras_mask,
)
from kerax.core.masking import input_mask as first_input_mask
from kerax.core.scope import StatelessScope, outside_stateless_scopes
from kerax.core.symbolic_scope import SymbolicScope
from kerax.graph.keras_tensor import KerasTensor
from kerax.graph.node import Node
from kerax.layers.call_context import (
    current_name_scope,
    name_scope,
    name_scope_path,
)
from kerax.layers.input_spec import (
    assert_input_compatibility,
    input_shapes,
)

_FILLS = (83, 89)
_LAYER_BASE: list[type] = []


def register_layer_base(cls: type) -> None:
    """Registers the Layer base class, whose default `compute_mask` and
    `compute_output_shape` a layer may keep (`kerax.layers.layer` calls
    this when it defines `Layer`)."""
    _LAYER_BASE[:] = [cls]


def keeps_base_method(layer, name: str) -> bool:
    """Whether `layer`'s class keeps the Layer base class's method `name`."""
    if not _LAYER_BASE:
        raise RuntimeError(
            "kerax.graph.symbolic_build: the Layer base class is not "
            "registered (kerax.layers.layer registers it on import)."
        )
    return getattr(type(layer), name) is getattr(_LAYER_BASE[0], name)


def _shape_of(x):
    if isinstance(x, (list, tuple)):
        if all(d is None or isinstance(d, int) for d in x) and not any(
            hasattr(d, "shape") for d in x
        ):
            return tuple(x)
        return [_shape_of(item) for item in x]
    if isinstance(x, dict):
        return {k: _shape_of(v) for k, v in x.items()}
    if hasattr(x, "shape"):
        # Symbolic dimensions (a trace over unknown sizes) are unknown.
        return tuple(d if isinstance(d, int) else None for d in x.shape)
    return None


def _build_params(layer):
    params = [
        p for p in inspect.signature(layer.build).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return params


def wrap_build(build):
    """Wraps a layer class's `build` as Keras does: called from outside
    another `build` of the same layer (first call or explicitly), it runs
    under the layer's name scope (the variables' paths), concretely and
    outside any StatelessScope, then records the shapes (build config),
    marks the layer built and applies Keras 2's `weights=`."""
    if getattr(build, "_kerax_build", False):
        return build

    @functools.wraps(build)
    def wrapper(self, *args, **kwargs):
        if self.__dict__.get("_building"):  # super().build(...)
            return build(self, *args, **kwargs)
        self.__dict__["_building"] = True
        try:
            with jax.ensure_compile_time_eval(), outside_stateless_scopes():
                if current_name_scope() == self.name:  # opened by caller
                    build(self, *args, **kwargs)
                else:
                    self._path = name_scope_path(self.name)
                    with name_scope(self.name):
                        build(self, *args, **kwargs)
                self.built = True
                self._apply_initial_weights()
        finally:
            del self.__dict__["_building"]
        signature = inspect.signature(build)
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError:
            return
        named = (inspect.Parameter.POSITIONAL_ONLY,
                 inspect.Parameter.POSITIONAL_OR_KEYWORD)
        shapes = {
            name: value for name, value in list(bound.arguments.items())[1:]
            if signature.parameters[name].kind in named
        }
        if shapes:
            self._build_shapes_dict = shapes

    wrapper._kerax_build = True  # type: ignore[attr-defined]
    return wrapper


def build_shapes(layer, args, kwargs):
    """Maps `build`'s parameters (`input_shape`, `query_shape`, ...) to the
    shapes of the matching call arguments."""
    params = _build_params(layer)
    if not params:
        return {}
    if len(params) == 1:
        first = args[0] if args else next(iter(kwargs.values()), None)
        return {params[0].name: _shape_of(first)}
    try:
        bound = inspect.signature(layer.call).bind_partial(*args, **kwargs)
        arguments = bound.arguments
    except TypeError:
        arguments = {}
    shapes = {}
    for index, param in enumerate(params):
        arg_name = param.name.removesuffix("_shape")
        if arg_name in arguments:
            shapes[param.name] = _shape_of(arguments[arg_name])
        elif index == 0 and args:
            shapes[param.name] = _shape_of(args[0])
    return shapes


def symbolic_call(layer, args, kwargs):
    """Calls `layer` on KerasTensors: builds it, records a Node.

    Masks travel symbolically as `tensor._keras_mask`: the layer's `call`
    sees the input mask while its output spec is computed, and its outputs
    carry `compute_mask`'s result.
    """
    spec_kwargs, previous_mask = input_masks(layer, args, kwargs)
    layer._maybe_build(args, spec_kwargs)
    if layer.input_spec is not None and args:
        assert_input_compatibility(
            layer.input_spec, input_shapes(layer.input_spec, args[0]),
            layer.name,
        )
    outputs = layer.compute_output_spec(*args, **spec_kwargs)
    outputs = tree_util.tree_map(
        lambda t: KerasTensor(t.shape, t.dtype, sparse=t.sparse)
        if isinstance(t, KerasTensor) else t,
        outputs,
    )
    attach_output_masks(layer, args, previous_mask, outputs, symbolic=True)
    Node(layer, args, kwargs, outputs)
    return outputs


# ------------------------------------------------------------------ masks
# One rule for eager and symbolic calls (as Keras's `Layer.__call__`).


def input_masks(layer, args, kwargs):
    """`(kwargs, previous_mask)`: the call's kwargs with `mask=` (when
    `call` takes it) and `<name>_mask=` filled from the masks attached to
    the inputs, and the mask the outputs' mask derives from (an explicit
    `mask=` first, else the first input's)."""
    values = dict(kwargs)
    mask = first_input_mask(args)
    if layer._passthrough_kwargs:
        return values, mask
    if (
        mask is not None
        and layer._call_has_mask_arg
        and kwargs.get("mask") is None
    ):
        values["mask"] = mask
    fill_context_masks(layer, args, kwargs, values, get_keras_mask)
    explicit = kwargs.get("mask")
    return values, mask if explicit is None else explicit


def attach_output_masks(layer, args, previous_mask, outputs, symbolic):
    """Attaches `layer.compute_mask(args[0], previous_mask)` to the outputs.

    Eagerly, outputs that already carry a mask (set by a sublayer inside
    `call`) keep it."""
    if not args or (
        previous_mask is None and keeps_base_method(layer, "compute_mask")
    ):
        return
    flat_out = [t for t in tree_util.tree_leaves(outputs)
                if hasattr(t, "shape")]
    if symbolic:
        out_mask = eval_symbolic(
            layer.compute_mask, (args[0], previous_mask),
            {},
        )
    elif all(get_keras_mask(t) is not None for t in flat_out):
        return
    else:
        out_mask = layer.compute_mask(args[0], previous_mask)
    if out_mask is None:
        return
    flat_masks = (
        list(out_mask) if isinstance(out_mask, (list, tuple))
        else [out_mask] * len(flat_out)
    )
    for tensor, mask in zip(flat_out, flat_masks):
        if symbolic or (mask is not None and get_keras_mask(tensor) is None):
            set_keras_mask(tensor, mask)


def context_mask_args(layer):
    """`[(arg_name, mask_arg_name)]` for call arguments with a companion
    `<name>_mask` argument (e.g. MultiHeadAttention's `query_mask`)."""
    cached = layer.__dict__.get("_context_mask_args")
    if cached is None:
        params = inspect.signature(layer.call).parameters
        cached = [
            (name[: -len("_mask")], name) for name in params
            if name.endswith("_mask") and name[: -len("_mask")] in params
        ]
        layer.__dict__["_context_mask_args"] = cached
    return cached


def fill_context_masks(layer, call_args, call_kwargs, values, mask_of):
    """Adds `<name>_mask=` kwargs from the masks of the tensors passed as
    `<name>` (Keras fills them from the inputs' masks)."""
    pairs = context_mask_args(layer)
    if not pairs:
        return values
    try:
        bound = inspect.signature(layer.call).bind_partial(
            *call_args, **call_kwargs).arguments
    except TypeError:
        return values
    for arg_name, mask_name in pairs:
        if values.get(mask_name) is not None or arg_name not in bound:
            continue
        tensor = bound[arg_name]
        if hasattr(tensor, "shape"):
            mask = mask_of(tensor)
            if mask is not None:
                values[mask_name] = mask
    return values


def _overrides_compute_output_shape(layer):
    return not keeps_base_method(layer, "compute_output_shape")


def eval_output_spec(layer, args, kwargs):
    """KerasTensor outputs of `layer(*args, **kwargs)` for symbolic args."""
    if _overrides_compute_output_shape(layer) and not has_unbuilt_sublayers(
        layer
    ):
        params = inspect.signature(layer.compute_output_shape).parameters
        if len(params) == 1 and args:
            shape = layer.compute_output_shape(_shape_of(args[0]))
            return _shapes_to_tensors(shape, layer.compute_dtype)

    def run(*call_args, **call_kwargs):
        # Reads see the Variables' values; writes (seed and RNN states,
        # statistics) stay in the scope and end with the trace. Sublayers
        # that build here get their variables before anything reads them.
        with StatelessScope(), SymbolicScope():
            return layer(*call_args, **call_kwargs)

    return eval_symbolic(run, args, kwargs)


def build_by_run(layer, input_shape):
    """Builds `layer` and its sublayers by tracing its call on inputs of
    `input_shape` (a shape, or a list/dict of shapes)."""
    inputs = _shapes_to_tensors(_shape_tree(input_shape),
                                layer.compute_dtype)
    eval_output_spec(layer, (inputs,), {})


def _shape_tree(shape):
    """Shapes read back from JSON (lists) as tuples, nesting kept."""
    if isinstance(shape, dict):
        return {k: _shape_tree(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and all(
        d is None or isinstance(d, int) for d in shape
    ):
        return tuple(shape)
    return [_shape_tree(s) for s in shape]


def has_unbuilt_sublayers(layer):
    """Whether a sublayer (at any depth) still waits for its first call."""
    return any(not sub.built for sub in layer._flatten_layers(False))


def eval_symbolic(fn, args, kwargs):
    """`fn(*args, **kwargs)` traced with KerasTensor leaves as abstract
    arrays; returns the outputs as KerasTensors (None for unknown dims)."""
    leaves, treedef = tree_util.tree_flatten((args, kwargs))
    positions = [
        i for i, leaf in enumerate(leaves) if isinstance(leaf, KerasTensor)
    ]

    def run(tensors):
        new_leaves = list(leaves)
        for position, tensor in zip(positions, tensors):
            new_leaves[position] = tensor
        call_args, call_kwargs = tree_util.tree_unflatten(treedef, new_leaves)
        return fn(*call_args, **call_kwargs)

    def trace(make_shape):
        tensors = [
            jax.ShapeDtypeStruct(make_shape(leaves[i].shape), leaves[i].dtype)
            for i in positions
        ]
        return jax.eval_shape(run, tensors)

    has_unknown = any(None in leaves[i].shape for i in positions)
    if not has_unknown:
        out = trace(lambda shape: shape)
        return _structs_to_tensors(out, lambda s: s)
    try:
        symbols = {}

        def symbolic(shape):
            dims = []
            for axis, d in enumerate(shape):
                if d is None:
                    if axis not in symbols:
                        symbols[axis] = jax.export.symbolic_shape(
                            f"d{axis}")[0]
                    dims.append(symbols[axis])
                else:
                    dims.append(d)
            return tuple(dims)

        out = trace(symbolic)
        return _structs_to_tensors(
            out, lambda s: tuple(d if isinstance(d, int) else None for d in s)
        )
    except Exception:  # noqa: BLE001, S110 - code needing concrete sizes
        pass
    outs = [
        trace(lambda shape, f=fill: tuple(f if d is None else d for d in shape))
        for fill in _FILLS
    ]
    return tree_util.tree_map(
        lambda a, b: KerasTensor(
            tuple(x if x == y else None for x, y in zip(a.shape, b.shape)),
            a.dtype,
        ),
        outs[0], outs[1],
    )


def _structs_to_tensors(structs, shape_fn):
    return tree_util.tree_map(
        lambda s: KerasTensor(shape_fn(s.shape), s.dtype), structs
    )


def _shapes_to_tensors(shape, dtype):
    if isinstance(shape, tuple) and all(
        d is None or isinstance(d, int) for d in shape
    ):
        return KerasTensor(shape, dtype)
    if isinstance(shape, dict):
        return {k: _shapes_to_tensors(v, dtype) for k, v in shape.items()}
    return [_shapes_to_tensors(s, dtype) for s in shape]
