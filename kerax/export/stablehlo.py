"""The "jax" export format: StableHLO through `jax.export`, weights beside.

An artifact is a directory:

- `manifest.json`: the endpoints (file, variable indices, input and
  output names, input specs), the default endpoint and the variable
  collections;
- `<endpoint>.stablehlo`: `jax.export.Exported.serialize()` of
  `f(weights, *inputs)`, with a symbolic batch dimension (and a symbol for
  every other `None` dimension of the signature);
- `variables.npz`: the weight values (`v0`, `v1`, ...), shared by all
  endpoints and collections.

`kerax.export.load(path)` runs it with jax alone (`kerax/export/loader.py`).

>>> import kerax, numpy as np, tempfile, os
>>> model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "mlp")
>>> model.export(path, format="jax", verbose=False)
>>> kerax.export.load(path)(np.ones((5, 3), "float32")).shape
(5, 2)
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

import jax
import numpy as np

from kerax.export.endpoint import Endpoint, dim_symbols

FORMAT_NAME = "kerax-stablehlo"
FORMAT_VERSION = 1


def symbolic_args(endpoint: Endpoint, scope: Any) -> list:
    """The endpoint's arguments as `ShapeDtypeStruct`s with symbolic
    `None` dimensions (one `batch` symbol for all inputs)."""
    flat = []
    for spec, dims in zip(endpoint.specs, dim_symbols(endpoint.specs)):
        text = ", ".join(str(d) for d in dims)
        shape = jax.export.symbolic_shape(f"({text})", scope=scope) if dims \
            else ()
        flat.append(jax.ShapeDtypeStruct(tuple(shape), np.dtype(spec.dtype)))
    return jax.tree_util.tree_unflatten(endpoint.in_tree, flat)


def export_endpoint(
    endpoint: Endpoint,
    values: Sequence[Any],
    platforms: Sequence[str] | None = None,
) -> jax.export.Exported:
    """`jax.export` of the endpoint's pure function (weights as inputs)."""
    scope = jax.export.SymbolicScope()
    args = symbolic_args(endpoint, scope)
    weights = [jax.ShapeDtypeStruct(np.shape(v), np.asarray(v).dtype)
               for v in values]
    fn = jax.jit(endpoint.pure_function())
    kwargs = {} if platforms is None else {"platforms": tuple(platforms)}
    return jax.export.export(fn, **kwargs)(weights, *args)


def write_artifact(
    filepath: str,
    endpoints: Sequence[Endpoint],
    variables: Sequence[Any],
    collections: dict[str, Sequence[Any]],
    output_names: dict[str, list[str] | None],
    platforms: Sequence[str] | None = None,
) -> None:
    """Writes every endpoint and the shared weights to `filepath`."""
    index = {id(v): i for i, v in enumerate(variables)}
    values = [np.asarray(v.numpy()) for v in variables]
    os.makedirs(filepath, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "default_endpoint": endpoints[0].name if endpoints else None,
        "endpoints": {},
        "collections": {},
        "variable_paths": [getattr(v, "path", None) for v in variables],
    }
    for endpoint in endpoints:
        own = [values[index[id(v)]] for v in endpoint.variables]
        exported = export_endpoint(endpoint, own, platforms)
        file_name = f"{endpoint.name}.stablehlo"
        with open(os.path.join(filepath, file_name), "wb") as f:
            f.write(exported.serialize())
        manifest["endpoints"][endpoint.name] = {
            "file": file_name,
            "variables": [index[id(v)] for v in endpoint.variables],
            "input_names": endpoint.input_names(),
            "input_specs": [[list(s.shape), s.dtype] for s in endpoint.specs],
            "output_names": output_names.get(endpoint.name),
            "platforms": list(exported.platforms),
        }
    for name, members in collections.items():
        manifest["collections"][name] = [index[id(v)] for v in members]
    np.savez(os.path.join(filepath, "variables.npz"),
             **{f"v{i}": value for i, value in enumerate(values)})
    with open(os.path.join(filepath, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
