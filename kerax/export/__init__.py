"""Exporting models for inference without TensorFlow.

`Model.export(path, format="onnx" | "jax" | "tf_saved_model")` writes one
endpoint; `ExportArchive` several; `load(path)` runs a "jax" (StableHLO)
artifact with jax alone. See docs/export.md. Names import on first use
(`model_hook` registers `Model.export` without importing the rest).

>>> import kerax
>>> kerax.export.__all__
['ExportArchive', 'load']
"""

from kerax.core.lazy_exports import lazy_exports

__getattr__, __dir__ = lazy_exports(globals(), {
    ".archive": "ExportArchive",
    ".loader": "load",
})
__all__ = ["ExportArchive", "load"]
