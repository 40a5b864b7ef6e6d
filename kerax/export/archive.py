"""`ExportArchive`: several endpoints and variable collections in one
artifact, with Keras's API (`track`, `add_endpoint`,
`track_and_add_endpoint`, `add_variable_collection`, `write_out`).

`ExportArchive(format="jax")` (the default) writes StableHLO
(`kerax.export.load` reads it back), `format="onnx"` one ONNX file per
endpoint, `format="saved_model"` a TensorFlow SavedModel (TensorFlow
required). Keras's default is "saved_model", which needs TensorFlow.

>>> import kerax, numpy as np, tempfile, os
>>> model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
>>> archive = ExportArchive()
>>> archive.track(model)
>>> spec = [kerax.InputSpec(shape=(None, 3), dtype="float32")]
>>> _ = archive.add_endpoint("serve", lambda x: model(x, training=False),
...                          input_signature=spec)
>>> _ = archive.add_endpoint("logits_sum",
...                          lambda x: model(x).sum(axis=-1),
...                          input_signature=spec)
>>> archive.add_variable_collection("kernels", [model.layers[0].kernel])
>>> path = os.path.join(tempfile.mkdtemp(), "archive")
>>> archive.write_out(path, verbose=False)
>>> served = kerax.export.load(path)
>>> served.logits_sum(np.ones((4, 3))).shape, served.kernels[0].shape
((4,), (3, 2))
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import jax

from kerax.export.endpoint import Endpoint
from kerax.export.signature import model_input_signature

FORMATS = ("jax", "onnx", "saved_model")
_ENDPOINT_KWARGS = ("is_static", "jax2tf_kwargs", "output_names",
                    "opset_version")


def _is_layer(obj: Any) -> bool:
    from kerax.layers.layer import Layer

    return isinstance(obj, Layer)


class ExportArchive:
    """Collects endpoints (functions of tracked layers' Variables) and
    writes them as one inference artifact.

    Args:
        format: "jax" (StableHLO + weights, the default), "onnx", or
            "saved_model" (needs TensorFlow).
        platforms: "jax" format only: the platforms to lower for (e.g.
            `("cpu", "cuda")`); defaults to the current one.
    """

    def __init__(self, format: str = "jax", platforms: Any = None) -> None:
        if format not in FORMATS:
            raise ValueError(
                f"ExportArchive: unsupported format={format!r}; expected one "
                f"of {list(FORMATS)}."
            )
        self.format = format
        self.platforms = platforms
        self._layers: list = []
        self._variables: list = []
        self._endpoints: dict[str, Endpoint] = {}
        self._options: dict[str, dict] = {}
        self._collections: dict[str, list] = {}

    # ------------------------------------------------------------ tracking
    @property
    def variables(self) -> list:
        """Every Variable the archive stores, in tracking order."""
        return list(self._variables)

    def _add_variables(self, variables: Any) -> None:
        known = {id(v) for v in self._variables}
        for variable in variables:
            if id(variable) not in known:
                known.add(id(variable))
                self._variables.append(variable)

    def track(self, resource: Any) -> None:
        """Stores the Variables of a layer or model (built) in the archive;
        endpoints read them as weights, loaded artifacts hold them."""
        if not _is_layer(resource):
            raise TypeError(
                "ExportArchive.track() accepts a kerax Layer or Model. "
                f"Received: {resource!r} of type {type(resource).__name__}."
            )
        if not resource.built:
            raise ValueError(
                f"ExportArchive.track(): layer '{resource.name}' is not "
                "built; call it on data (or build it) first."
            )
        if all(layer is not resource for layer in self._layers):
            self._layers.append(resource)
            self._add_variables(resource.variables)

    def add_endpoint(self, name: str, fn: Callable, input_signature: Any = None,
                     **kwargs: Any) -> Callable:
        """Registers `fn` as endpoint `name` with the given input signature
        (a list of `InputSpec`/`KerasTensor`/`ShapeDtypeStruct` structures,
        one per positional argument; `None` dims stay dynamic).

        Keyword arguments: `output_names` (ONNX output names),
        `opset_version` (ONNX), `jax2tf_kwargs` ("saved_model"),
        `is_static` (must be True: writes made by `fn` are not exported).
        Returns `fn` run statelessly on the archive's Variables."""
        self._check_name(name)
        unknown = sorted(set(kwargs) - set(_ENDPOINT_KWARGS))
        if unknown:
            raise ValueError(
                f"add_endpoint('{name}'): unknown keyword arguments {unknown}; "
                f"accepted: {list(_ENDPOINT_KWARGS)}."
            )
        if kwargs.get("is_static", True) is False:
            raise ValueError(
                f"add_endpoint('{name}'): is_static=False is not supported; "
                "kerax exports pure endpoints (Variable writes made by the "
                "function are not part of the artifact)."
            )
        if kwargs.get("jax2tf_kwargs") and self.format != "saved_model":
            raise ValueError(
                f"add_endpoint('{name}'): jax2tf_kwargs applies to "
                f"format='saved_model' only (this archive: {self.format!r})."
            )
        owner = getattr(fn, "__self__", None)
        if _is_layer(owner):
            self.track(owner)
        if input_signature is None:
            if not _is_layer(owner):
                raise ValueError(
                    f"add_endpoint('{name}'): pass `input_signature` (e.g. "
                    "`[kerax.InputSpec(shape=(None, 3), dtype='float32')]`);"
                    " it can only be inferred for a model's own method."
                )
            input_signature = model_input_signature(owner)
        if not callable(fn):
            raise TypeError(f"add_endpoint('{name}'): fn must be callable; "
                            f"received {fn!r}.")
        endpoint = Endpoint(name, fn, input_signature, self._variables)
        self._check_traceable(endpoint)
        self._endpoints[name] = endpoint
        self._options[name] = dict(kwargs)
        return self._runner(endpoint)

    def track_and_add_endpoint(self, name: str, resource: Any,
                               input_signature: Any,
                               **kwargs: Any) -> Callable:
        """`track(resource)`, then an endpoint calling `resource` in
        inference mode (`training=False` when its call takes it);
        `input_signature=None` derives it from the model's inputs."""
        self.track(resource)
        if input_signature is None:
            input_signature = model_input_signature(resource)
        takes_training = getattr(resource, "_call_has_training_arg", False)

        def call(*args):
            if takes_training:
                return resource(*args, training=False)
            return resource(*args)

        return self.add_endpoint(name, call, input_signature, **kwargs)

    def add_variable_collection(self, name: str, variables: Any) -> None:
        """Stores `variables` (a list/tuple/set of Variables) under `name`:
        the loaded artifact has them as attribute `name`."""
        self._check_name(name)
        if not isinstance(variables, (list, tuple, set)):
            raise TypeError(
                f"add_variable_collection('{name}'): expected a list, tuple "
                f"or set of Variables; received {type(variables).__name__}."
            )
        from kerax.core.variable import Variable

        bad = [v for v in variables if not isinstance(v, Variable)]
        if bad:
            raise TypeError(
                f"add_variable_collection('{name}'): every element must be a "
                f"kerax Variable; received {bad[0]!r}."
            )
        self._collections[name] = list(variables)
        self._add_variables(self._collections[name])

    # ------------------------------------------------------------- writing
    def write_out(self, filepath: Any, options: Any = None,
                  verbose: bool = True) -> None:
        """Writes the archive to `filepath` in the archive's format.

        `options` is passed to `tf.saved_model.save` ("saved_model" only).
        """
        filepath = os.fspath(filepath)
        if not self._endpoints:
            raise ValueError("ExportArchive.write_out(): no endpoint was added"
                             "; call add_endpoint() first.")
        if options is not None and self.format != "saved_model":
            raise ValueError(
                "write_out(options=...) applies to format='saved_model' only "
                f"(this archive: {self.format!r})."
            )
        endpoints = list(self._endpoints.values())
        if self.format == "jax":
            from kerax.export.stablehlo import write_artifact

            write_artifact(filepath, endpoints, self._variables,
                           self._collections, self._output_names(),
                           self.platforms)
        elif self.format == "onnx":
            self._write_onnx(filepath, endpoints)
        else:
            from kerax.export.saved_model import write_saved_model

            write_saved_model(
                filepath, endpoints, self._variables, self._collections,
                {n: o.get("jax2tf_kwargs") for n, o in self._options.items()},
                options)
        if verbose:
            print(self._describe(filepath))

    def _write_onnx(self, filepath: str, endpoints: list) -> None:
        from kerax.export.onnx_export import convert_endpoint, save_onnx

        single = len(endpoints) == 1 and not self._collections \
            and not os.path.isdir(filepath)
        layers = [layer for tracked in self._layers
                  for layer in tracked._flatten_layers(include_self=True)]
        names = self._output_names()
        for endpoint in endpoints:
            values = [v.value for v in endpoint.variables]
            proto = convert_endpoint(
                endpoint, values, names.get(endpoint.name),
                self._options[endpoint.name].get("opset_version"), layers)
            target = filepath if single else os.path.join(
                filepath, f"{endpoint.name}.onnx")
            save_onnx(proto, target)
        if self._collections:
            import numpy as np

            for name, members in self._collections.items():
                np.savez(os.path.join(filepath, f"{name}.npz"),
                         **{f"v{i}": v.numpy() for i, v in enumerate(members)})

    # ------------------------------------------------------------- helpers
    def _check_name(self, name: str) -> None:
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(
                f"ExportArchive: names must be Python identifiers; received "
                f"{name!r}.")
        if name in self._endpoints or name in self._collections:
            raise ValueError(f"ExportArchive: the name '{name}' is already "
                             "used by an endpoint or variable collection.")

    def _check_traceable(self, endpoint: Endpoint) -> None:
        from kerax.export.onnx_export import _concrete_specs

        values = [v.value for v in endpoint.variables]
        args = jax.tree_util.tree_unflatten(endpoint.in_tree,
                                            _concrete_specs(endpoint))
        jax.eval_shape(endpoint.pure_function(), values, *args)

    def _output_names(self) -> dict:
        names = {}
        for name in self._endpoints:
            given = self._options[name].get("output_names")
            if given is None and len(self._layers) == 1:
                given = getattr(self._layers[0], "output_names", None)
            names[name] = list(given) if given else None
        return names

    def _runner(self, endpoint: Endpoint) -> Callable:
        pure = jax.jit(endpoint.pure_function())

        def run(*args):
            return pure([v.value for v in endpoint.variables], *args)

        return run

    def _describe(self, filepath: str) -> str:
        header = (f"Saved artifact at '{filepath}' "
                  f"(format={self.format!r}). Endpoints:")
        lines = [header]
        for name, endpoint in self._endpoints.items():
            specs = ", ".join(f"{n}: {s.dtype}{list(s.shape)}" for n, s in
                              zip(endpoint.input_names(), endpoint.specs))
            lines.append(f"* {name}({specs})")
        for name, members in self._collections.items():
            lines.append(f"* variable collection {name}: {len(members)} "
                         "variables")
        return "\n".join(lines)
