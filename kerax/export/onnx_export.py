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
    fn = endpoint.flat_function([jax.numpy.asarray(v) for v in values])
    specs = onnx_input_specs(endpoint)
    probe = jax.make_jaxpr(fn, return_shape=True)(*_concrete_specs(endpoint))
    n_out = len(probe[1])
    if has_reverse_scan(probe[0].jaxpr):
        fn = forward_scans(fn)
    kwargs = {} if opset_version is None else {"opset": int(opset_version)}
    from kerax.export.onnx_diagnosis import explain_failure, layer_name_scopes

    try:
        with layer_name_scopes(layers), _fast_output_checks(), \
                onnx_lowering.jax_plugins_only():
            return to_onnx(
                fn, specs, model_name=endpoint.name,
                input_names=endpoint.input_names(),
                output_names=name_outputs(n_out, output_names), **kwargs)
    except Exception as error:
        raise explain_failure(error, endpoint, layers) from error


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
