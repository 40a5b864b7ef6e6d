"""The "onnx" export format, through jax2onnx (no TensorFlow).

The endpoint's weights become ONNX initializers; `None` dimensions of the
signature stay symbolic (`batch` for the leading one). Input names come
from the model's Inputs, output names from its outputs. When an operation
cannot be lowered, the error names the operation and the layers whose
code contains it (`onnx_diagnosis.py`).

>>> import kerax, numpy as np, tempfile, os, onnxruntime
>>> model = kerax.Sequential([kerax.Input((3,), name="x"),
...                           kerax.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "mlp.onnx")
>>> model.export(path, format="onnx", verbose=False)
>>> session = onnxruntime.InferenceSession(path)
>>> session.run(None, {"x": np.ones((4, 3), "float32")})[0].shape
(4, 2)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

import jax
import numpy as np

from kerax.export.endpoint import Endpoint, dim_symbols

ONNX_EXTRA_HINT = (
    "ONNX export needs the packages jax2onnx and onnx: install them with "
    "`pip install kerax[onnx]` (onnxruntime, also in the extra, runs the "
    "exported file)."
)


def require_onnx() -> None:
    """Raises ImportError naming the `kerax[onnx]` extra when jax2onnx or
    onnx is missing."""
    try:
        import jax2onnx  # noqa: F401
        import onnx  # noqa: F401
    except ImportError as error:
        raise ImportError(f"{ONNX_EXTRA_HINT} ({error})") from error


def onnx_input_specs(endpoint: Endpoint) -> list:
    """`ShapeDtypeStruct`s whose `None` dimensions are jax symbols."""
    scope = jax.export.SymbolicScope()
    specs = []
    for spec, dims in zip(endpoint.specs, dim_symbols(endpoint.specs)):
        text = ", ".join(str(d) for d in dims)
        shape = tuple(jax.export.symbolic_shape(f"({text})", scope=scope)) \
            if dims else ()
        specs.append(jax.ShapeDtypeStruct(shape, np.dtype(spec.dtype)))
    return specs


def convert_endpoint(
    endpoint: Endpoint,
    values: Sequence[Any],
    output_names: Sequence[str] | None,
    opset_version: int | None = None,
    layers: Sequence[Any] = (),
) -> Any:
    """The endpoint as an `onnx.ModelProto` (weights fixed to `values`)."""
    require_onnx()
    from jax2onnx import to_onnx

    from kerax.export import onnx_lowering
    from kerax.export.endpoint import output_names as name_outputs
    from kerax.export.jaxpr_rewrite import forward_scans, has_reverse_scan

    onnx_lowering.register()
    values = [np.asarray(v) for v in values]
    fn = _weights_as_inputs(endpoint)
    weight_specs = [jax.ShapeDtypeStruct(v.shape, v.dtype) for v in values]
    weight_names = _weight_names(endpoint.variables)
    probe = jax.make_jaxpr(fn, return_shape=True)(
        *_concrete_specs(endpoint), *weight_specs)
    n_out = len(probe[1])
    if has_reverse_scan(probe[0].jaxpr):
        fn = forward_scans(fn)
    kwargs = {} if opset_version is None else {"opset": int(opset_version)}
    from kerax.export.onnx_diagnosis import explain_failure, layer_name_scopes

    try:
        with layer_name_scopes(layers), _fast_output_checks(), \
                onnx_lowering.jax_plugins_only():
            proto = to_onnx(
                fn, [*onnx_input_specs(endpoint), *weight_specs],
                model_name=endpoint.name,
                input_names=[*endpoint.input_names(), *weight_names],
                output_names=name_outputs(n_out, output_names), **kwargs)
    except Exception as error:
        raise explain_failure(error, endpoint, layers) from error
    return inline_weights(proto, dict(zip(weight_names, values)))


def _weights_as_inputs(endpoint: Endpoint) -> Any:
    """`f(*flat_inputs, *weights) -> tuple of outputs`.

    The weights are converted as graph inputs, then made initializers
    (`inline_weights`): jax2onnx 0.17 scans every initializer for each
    broadcast it lowers, so weights held as constants during conversion
    make it quadratic (NASNetMobile: over 10 minutes)."""
    pure, in_tree = endpoint.pure_function(), endpoint.in_tree
    n_inputs = len(endpoint.specs)

    def fn(*args):
        structured = jax.tree_util.tree_unflatten(in_tree,
                                                  list(args[:n_inputs]))
        outputs = pure(list(args[n_inputs:]), *structured)
        return tuple(jax.tree_util.tree_leaves(outputs))

    return fn


def _weight_names(variables: Sequence[Any]) -> list[str]:
    names, seen = [], set()
    for i, variable in enumerate(variables):
        name = f"weights/{getattr(variable, 'path', None) or i}"
        if name in seen:
            name = f"{name}_{i}"
        seen.add(name)
        names.append(name)
    return names


def _used_names(graph: Any) -> set:
    """Every value name a graph's nodes (subgraphs included) read."""
    import onnx

    used = set()
    for node in graph.node:
        used.update(node.input)
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.GRAPH:
                used |= _used_names(attribute.g)
            elif attribute.type == onnx.AttributeProto.GRAPHS:
                for sub in attribute.graphs:
                    used |= _used_names(sub)
    used.update(output.name for output in graph.output)
    return used


def inline_weights(proto: Any, weights: dict) -> Any:
    """Turns the graph inputs named in `weights` into initializers holding
    their values (unused ones are dropped)."""
    from onnx import numpy_helper

    graph = proto.graph
    used = _used_names(graph)
    keep = [i for i in graph.input if i.name not in weights]
    moved = [i.name for i in graph.input if i.name in weights]
    del graph.input[:]
    graph.input.extend(keep)
    for name in moved:
        if name in used:
            graph.initializer.append(
                numpy_helper.from_array(np.asarray(weights[name]), name))
    return proto


@contextlib.contextmanager
def _fast_output_checks() -> Iterator[None]:
    """jax2onnx 0.17 checks after every equation that its output is in
    the graph by scanning all nodes and initializers (quadratic: ~90 of
    the ~110 s MobileNetV2 takes). A value with a producing node is in
    the graph; only the others take the full scan."""
    try:
        from jax2onnx.converter import output_binding
    except ImportError:
        yield
        return
    original = output_binding._value_is_graph_connected

    def connected(ctx: Any, value: Any) -> bool:
        producer = getattr(value, "producer", None)
        if callable(producer) and producer() is not None:
            return True
        return original(ctx, value)

    output_binding._value_is_graph_connected = connected
    try:
        yield
    finally:
        output_binding._value_is_graph_connected = original


def _concrete_specs(endpoint: Endpoint) -> list:
    """The endpoint's inputs with every `None` dimension set to 2."""
    return [jax.ShapeDtypeStruct(tuple(2 if d is None else d
                                       for d in s.shape), np.dtype(s.dtype))
            for s in endpoint.specs]


def save_onnx(model_proto: Any, filepath: str) -> None:
    """Writes a ModelProto; weights over 1.5 GB go to a `.data` file
    beside it (protobuf files are capped at 2 GB)."""
    import onnx

    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    large = model_proto.ByteSize() > 1_500_000_000
    onnx.save_model(
        model_proto, filepath, save_as_external_data=large,
        location=os.path.basename(filepath) + ".data" if large else None)
