"""Utilities (Keras's `keras.utils`). Each module adds its own exports here."""

from kerax.utils.py_dataset import PyDataset, Sequence
from kerax.utils.rng_utils import set_random_seed
from kerax.utils.progbar import Progbar
from kerax.utils.batch_dataset import BatchDataset
from kerax.utils.dataset_utils import split_dataset
from kerax.utils.file_utils import get_file
from kerax.utils.history_utils import plot_history
from kerax.utils.image_dataset_utils import image_dataset_from_directory
from kerax.utils.image_utils import array_to_img, img_to_array, load_img
from kerax.utils.image_utils import save_img
from kerax.utils.numerical_utils import normalize, to_categorical
from kerax.utils.sequence_utils import pad_sequences
from kerax.utils.text_dataset_utils import text_dataset_from_directory
from kerax.utils.timeseries_dataset_utils import timeseries_dataset_from_array
from kerax.utils.model_visualization import model_to_dot
from kerax.utils.model_visualization import plot_model
from kerax.utils import np_utils  # noqa: F401  (Keras 2 path)
