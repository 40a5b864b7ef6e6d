"""Utilities (Keras's `keras.utils`). Each module adds its own exports here."""

from kerax.core.lazy_exports import lazy_exports
from kerax.utils import np_utils  # noqa: F401  (Keras 2 path)

# Public names and the modules defining them, imported on first use
# (see kerax.core.lazy_exports).
_EXPORTS = {
    ".py_dataset": "PyDataset Sequence",
    ".rng_utils": "set_random_seed",
    ".progbar": "Progbar",
    ".batch_dataset": "BatchDataset",
    ".dataset_utils": "split_dataset",
    ".file_utils": "get_file",
    ".graph_utils": "get_source_inputs",
    "kerax.backend": "clear_session",
    ".history_utils": "plot_history",
    ".image_dataset_utils": "image_dataset_from_directory",
    ".image_utils": "array_to_img img_to_array load_img save_img",
    ".numerical_utils": "normalize to_categorical",
    ".sequence_utils": "pad_sequences",
    ".text_dataset_utils": "text_dataset_from_directory",
    ".timeseries_dataset_utils": "timeseries_dataset_from_array",
    ".model_visualization": "model_to_dot plot_model",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

