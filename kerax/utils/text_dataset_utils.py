"""`text_dataset_from_directory`: a folder of `.txt` files -> a
`BatchDataset` of strings (NumPy object arrays of Python `str`).

>>> import os, tempfile
>>> root = tempfile.mkdtemp()
>>> for label, text in (("neg", "bad"), ("pos", "good")):
...     os.makedirs(os.path.join(root, label))
...     with open(os.path.join(root, label, "1.txt"), "w") as f:
...         _ = f.write(text)
>>> ds = text_dataset_from_directory(root, shuffle=False)
Found 2 files belonging to 2 classes.
>>> x, y = next(iter(ds))
>>> x.tolist(), y.tolist(), ds.class_names
(['bad', 'good'], [0, 1], ['neg', 'pos'])
"""

import numpy as np

from kerax.utils import dataset_utils
from kerax.utils.batch_dataset import BatchDataset


def _read(path, max_length):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if max_length is not None:
        text = text[:max_length]
    return text


def text_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    max_length=None,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    format="tf",
    verbose=True,
):
    """Makes a `BatchDataset` of texts from a folder of class subfolders.

    `directory/class_a/*.txt`, `directory/class_b/*.txt`, ...: with
    `labels="inferred"` the label of a file is the (alphanumeric) index of
    its subfolder. Only `.txt` files are read (UTF-8).

    Args:
        directory: The root folder.
        labels: `"inferred"`, None (no labels), or a list of int labels in
            the alphanumeric order of the files.
        label_mode: `"int"`, `"categorical"`, `"binary"` or None.
        class_names: With `labels="inferred"`: the subfolders to use.
        batch_size: Texts per batch (None: single texts).
        max_length: Keep at most this many characters of each text.
        shuffle: Shuffle the files (once, with `seed`) and each epoch.
        seed: Seed for shuffling (required with `validation_split`).
        validation_split: Fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"`.
        follow_links: Follow symbolic links to subfolders.
        format: `"tf"` or `"grain"` (Keras 3.15); both give a kerax
            `BatchDataset`.
        verbose: Print how many files were found.

    Returns:
        A `BatchDataset` yielding `(texts, labels)` (or `texts`), where
        `texts` is a 1-D object array of `str`; a list of two datasets with
        `subset="both"`.
    """
    dataset_utils.check_format_arg(format)
    if labels not in ("inferred", None) and not isinstance(
        labels, (list, tuple, np.ndarray)
    ):
        raise ValueError(
            '`labels` must be "inferred", None, or a list/tuple of integer '
            f"labels. Received: labels={labels!r}"
        )
    if class_names is not None and labels != "inferred":
        raise ValueError(
            '`class_names` can only be passed with labels="inferred". '
            f"Received: labels={labels}, class_names={class_names}"
        )
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(
            '`label_mode` must be one of "int", "categorical", "binary", or '
            f"None. Received: label_mode={label_mode}"
        )
    paths, labels, label_mode, class_names, num_classes, seed = (
        dataset_utils.index_labeled_directory(
            directory, labels, label_mode, class_names, (".txt",),
            validation_split, subset, shuffle, seed, follow_links, verbose,
        ))

    def build(subset_name, shuffled):
        files, labs = dataset_utils.training_or_validation_split(
            paths, labels, validation_split, subset_name, verbose
        )
        if not files:
            raise ValueError(
                f"No text files found in directory {directory}. "
                "Allowed format: .txt"
            )
        encoded = (None if labs is None else
                   dataset_utils.encode_labels(labs, label_mode, num_classes))

        def load(indices):
            texts = np.empty(len(indices), dtype=object)
            for j, i in enumerate(indices):
                texts[j] = _read(files[i], max_length)
            return texts if encoded is None else (texts, encoded[indices])

        return BatchDataset(len(files), load, batch_size=batch_size,
                            shuffle=shuffled, seed=seed,
                            class_names=class_names, file_paths=list(files))

    if subset == "both":
        return [build("training", shuffle), build("validation", False)]
    return build(subset, shuffle)
