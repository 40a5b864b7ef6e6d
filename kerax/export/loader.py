"""`load(path)`: runs a "jax" (StableHLO) export with jax and NumPy only.

Nothing of kerax or of the model's Python code runs: this module imports
only jax, NumPy and the standard library, so it may be copied next to an
artifact and used on its own.

>>> import kerax, numpy as np, tempfile, os
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> path = os.path.join(tempfile.mkdtemp(), "m")
>>> model.export(path, format="jax", verbose=False)
>>> served = load(path)
>>> served.endpoint_names, served.serve(np.ones((3, 2))).shape
(['serve'], (3, 1))
"""

from __future__ import annotations

import json
import os
from typing import Any

import jax
import numpy as np


class LoadedEndpoint:
    """One exported function; call it with inputs of the exported
    signature (any nesting of lists/tuples with the same leaves)."""

    def __init__(self, name: str, exported: Any, weights: list,
                 info: dict) -> None:
        self.name = name
        self.exported = exported
        self.weights = weights
        self.input_names = info.get("input_names")
        self.output_names = info.get("output_names")
        self._dtypes = [aval.dtype for aval in exported.in_avals]

    def __call__(self, *args: Any) -> Any:
        leaves = jax.tree_util.tree_leaves(list(args))
        n_weights = len(self.weights)
        expected = len(self._dtypes) - n_weights
        if len(leaves) != expected:
            raise ValueError(
                f"Endpoint '{self.name}' takes {expected} input arrays "
                f"({self.input_names}); received {len(leaves)}."
            )
        leaves = [np.asarray(x, dtype=dtype) if not isinstance(x, jax.Array)
                  or x.dtype != dtype else x
                  for x, dtype in zip(leaves, self._dtypes[n_weights:])]
        (call_args, call_kwargs) = jax.tree_util.tree_unflatten(
            self.exported.in_tree, [*self.weights, *leaves])
        return self.exported.call(*call_args, **call_kwargs)

    def __repr__(self) -> str:
        return f"<LoadedEndpoint '{self.name}' inputs={self.input_names}>"


class LoadedArchive:
    """A loaded export: each endpoint is an attribute (and in
    `endpoints`); calling the archive calls the default endpoint; each
    variable collection is an attribute holding a list of arrays."""

    def __init__(self, path: str) -> None:
        manifest_path = os.path.join(path, "manifest.json")
        if not os.path.isfile(manifest_path):
            raise FileNotFoundError(
                f"No kerax StableHLO export at '{path}' (expected "
                f"'{manifest_path}'; write one with "
                "`model.export(path, format='jax')`)."
            )
        with open(manifest_path) as f:
            manifest = json.load(f)
        if manifest.get("format") != "kerax-stablehlo":
            raise ValueError(
                f"'{manifest_path}' is not a kerax StableHLO manifest "
                f"(format={manifest.get('format')!r})."
            )
        with np.load(os.path.join(path, "variables.npz")) as stored:
            values = [jax.numpy.asarray(stored[f"v{i}"])
                      for i in range(len(stored.files))]
        self.variables = values
        self.endpoints: dict[str, LoadedEndpoint] = {}
        for name, info in manifest["endpoints"].items():
            with open(os.path.join(path, info["file"]), "rb") as f:
                exported = jax.export.deserialize(bytearray(f.read()))
            weights = [values[i] for i in info["variables"]]
            self.endpoints[name] = LoadedEndpoint(
                name, exported, weights, info)
        self.collections = {
            name: [values[i] for i in members]
            for name, members in manifest["collections"].items()
        }
        self.default_endpoint = manifest.get("default_endpoint")

    @property
    def endpoint_names(self) -> list[str]:
        return list(self.endpoints)

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        if name in d.get("endpoints", {}):
            return d["endpoints"][name]
        if name in d.get("collections", {}):
            return d["collections"][name]
        raise AttributeError(
            f"The loaded export has no endpoint or variable collection "
            f"'{name}'. Endpoints: {list(d.get('endpoints', {}))}; "
            f"collections: {list(d.get('collections', {}))}."
        )

    def __call__(self, *args: Any) -> Any:
        if self.default_endpoint is None:
            raise ValueError("The loaded export has no endpoint to call.")
        return self.endpoints[self.default_endpoint](*args)


def load(path: str | os.PathLike) -> LoadedArchive:
    """Loads a `format="jax"` export (from `model.export` or
    `ExportArchive.write_out`) as a callable `LoadedArchive`."""
    return LoadedArchive(os.fspath(path))
