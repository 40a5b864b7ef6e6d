"""Utilities (Keras's `keras.utils`). Each module adds its own exports here.

Keras 2's utility modules (`np_utils`, `generic_utils`, `data_utils`,
`vis_utils`, `io_utils`, `layer_utils`, `conv_utils`, `multi_gpu_utils`,
`losses_utils`, `metrics_utils`) are submodules, also imported on first
use as attributes of this package.
"""

import importlib

from kerax.core.lazy_exports import lazy_exports
from kerax.utils import np_utils

# Public names and the modules defining them, imported on first use
# (see kerax.core.lazy_exports).
_EXPORTS = {
    ".py_dataset": "PyDataset Sequence",
    ".rng_utils": "set_random_seed",
    ".progbar": "Progbar",
    ".batch_dataset": "BatchDataset",
    ".dataset_utils": "split_dataset",
    ".feature_space": "FeatureSpace",
    ".file_utils": "get_file",
    ".graph_utils": "get_source_inputs",
    ".session_utils": "clear_session",
    ".dtype_utils": "standardize_dtype",
    "kerax.config": (
        "disable_interactive_logging enable_interactive_logging "
        "is_interactive_logging_enabled"
    ),
    ".history_utils": "plot_history",
    ".audio_dataset_utils": "audio_dataset_from_directory",
    ".image_dataset_utils": "image_dataset_from_directory",
    ".image_utils": "array_to_img img_to_array load_img save_img",
    ".numerical_utils": "normalize to_categorical",
    ".data_packing": "pack_x_y_sample_weight unpack_x_y_sample_weight",
    ".sequence_utils": "pad_sequences",
    ".text_dataset_utils": "text_dataset_from_directory",
    ".timeseries_dataset_utils": "timeseries_dataset_from_array",
    ".model_visualization": "model_to_dot plot_model",
    "kerax.saving.registration": (
        "CustomObjectScope custom_object_scope get_custom_objects "
        "get_registered_name get_registered_object "
        "register_keras_serializable"
    ),
    "kerax.core.keras_tensor": "is_keras_tensor",
    ".config_object": "Config",
    "kerax.saving.serialization": (
        "serialize_keras_object deserialize_keras_object"
    ),
    ".data_utils": "GeneratorEnqueuer OrderedEnqueuer SequenceEnqueuer",
    ".io_utils": "H5Dict HDF5Matrix",
    ".layer_utils": "convert_all_kernels_in_model print_summary",
    ".multi_gpu_utils": "multi_gpu_model",
}

_SUBMODULES = frozenset({
    "bounding_boxes", "conv_utils", "data_utils", "generic_utils",
    "io_utils", "layer_utils", "legacy",
    "losses_utils", "metrics_utils", "multi_gpu_utils", "vis_utils",
})

_export_getattr, _export_dir = lazy_exports(globals(), _EXPORTS)


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    return _export_getattr(name)


def __dir__():
    return sorted(set(_export_dir()) | _SUBMODULES)

