"""`Model.export`: writes a model's inference function as an artifact.

`kerax/__init__` imports this module, which registers `export` as the
model method (see `kerax.models.provided`).

>>> import kerax, tempfile, os
>>> model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "model")
>>> model.export(path, format="jax", verbose=False)
>>> sorted(os.listdir(path))
['manifest.json', 'serve.stablehlo', 'variables.npz']
"""

from __future__ import annotations

from typing import Any

from kerax.models import provided

# Keras's `Model.export` formats, and what each writes here.
EXPORT_FORMATS = {
    "tf_saved_model": "saved_model",
    "onnx": "onnx",
    "jax": "jax",
}
DEFAULT_ENDPOINT_NAME = "serve"


def export(self, filepath: Any, format: str = "tf_saved_model",
           verbose: bool | None = None, input_signature: Any = None,
           **kwargs: Any) -> None:
    """Exports the model's inference function (`training=False`).

    Args:
        filepath: where to write: a file for "onnx", a directory for "jax"
            and "tf_saved_model".
        format: "onnx" (through jax2onnx, `pip install kerax[onnx]`),
            "jax" (StableHLO with the weights beside it, read back by
            `kerax.export.load`), or "tf_saved_model" (Keras's default;
            needs TensorFlow, through jax2tf).
        verbose: print a summary of the artifact (default True).
        input_signature: the inputs' specs (`InputSpec`, `KerasTensor`,
            `jax.ShapeDtypeStruct`), by default the model's Inputs with a
            dynamic batch dimension.
        **kwargs: `opset_version` (ONNX), `platforms` ("jax": e.g.
            `("cpu", "cuda")`), `jax2tf_kwargs` and `is_static`
            ("tf_saved_model"), `output_names`.
    """
    from kerax.export.archive import ExportArchive

    if format not in EXPORT_FORMATS:
        raise ValueError(
            f"Model.export: unrecognized format={format!r}. Supported "
            f"formats are: {list(EXPORT_FORMATS)}."
        )
    if format == "tf_saved_model":
        from kerax.export.saved_model import require_tensorflow

        require_tensorflow()
    if format == "onnx":
        from kerax.export.onnx_export import require_onnx

        require_onnx()
    archive = ExportArchive(format=EXPORT_FORMATS[format],
                            platforms=kwargs.pop("platforms", None))
    kwargs.setdefault("output_names", getattr(self, "output_names", None))
    archive.track_and_add_endpoint(DEFAULT_ENDPOINT_NAME, self,
                                   input_signature, **kwargs)
    archive.write_out(filepath, verbose=True if verbose is None else verbose)


provided.provide_method("export", export)
