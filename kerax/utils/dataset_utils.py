"""`split_dataset`, and the folder indexing shared by the
`*_dataset_from_directory` functions (Keras's file order and shuffles).

>>> import numpy as np
>>> left, right = split_dataset(np.arange(10), left_size=0.8)
>>> left.tolist(), right.tolist()
([0, 1, 2, 3, 4, 5, 6, 7], [8, 9])
"""

import os
import random

import numpy as np

from kerax.utils.batch_dataset import BatchDataset, map_structure


def _split_sizes(left_size, right_size, total):
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is not None and (
            isinstance(size, bool) or not isinstance(size, (int, float))
        ):
            raise TypeError(
                f"`{name}` must be an int, a float or None. "
                f"Received: {name}={size!r} of type {type(size)}"
            )
        if (isinstance(size, int) and not 0 < size < total) or (
            isinstance(size, float) and not 0 < size < 1
        ):
            raise ValueError(
                f"`{name}` must be a positive integer smaller than {total} "
                f"or a float in (0, 1). Received: {name}={size}"
            )
    if left_size is None and right_size is None:
        raise ValueError(
            "At least one of `left_size` or `right_size` must be given. "
            "Received: left_size=None and right_size=None"
        )
    if (isinstance(left_size, float) and isinstance(right_size, float)
            and left_size + right_size > 1):
        raise ValueError(
            "`left_size` + `right_size` must be at most 1. "
            f"Received: left_size={left_size}, right_size={right_size}"
        )
    left = round(left_size * total) if isinstance(left_size, float) else (
        left_size
    )
    right = round(right_size * total) if isinstance(right_size, float) else (
        right_size
    )
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total or not left or not right:
        raise ValueError(
            f"With a dataset of {total} samples, left_size={left_size} and "
            f"right_size={right_size} give splits of {left} and {right} "
            "samples: both must be non-empty and fit in the dataset."
        )
    return int(left), int(right)


def _as_arrays(dataset):
    if isinstance(dataset, BatchDataset):
        return None
    if isinstance(dataset, (np.ndarray, tuple, list, dict)):
        return map_structure(np.asarray, dataset) if not isinstance(
            dataset, list
        ) else tuple(np.asarray(a) for a in dataset)
    if hasattr(dataset, "__array__"):
        return np.asarray(dataset)
    raise TypeError(
        "`dataset` must be a NumPy array, a tuple/list/dict of arrays, or a "
        f"kerax BatchDataset. Received: dataset={dataset!r} of type "
        f"{type(dataset)}"
    )


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False,
                  seed=None, preferred_backend=None):
    """Splits samples into a left and a right part (e.g. train / test).

    Sizes are sample counts (int) or fractions (float in (0, 1)); a missing
    one is the rest. As in Keras, the right part is taken from the end, so
    samples in between are dropped when the sizes do not add up.

    Args:
        dataset: A NumPy array, a tuple/list/dict of arrays with the same
            first dimension, or a kerax `BatchDataset`.
        left_size: Size of the left part.
        right_size: Size of the right part.
        shuffle: Shuffle the samples before splitting.
        seed: Seed for the shuffle (Python's `random`, as Keras).
        preferred_backend: Accepted for Keras 3 compatibility; the result
            is always of the same kind as `dataset`.

    Returns:
        `(left, right)`: of the same kind as `dataset` (arrays stay arrays in
        the same structure; a `BatchDataset` gives two with its batch size).

    >>> (xa, ya), (xb, yb) = split_dataset((np.arange(4), np.arange(4)), 1)
    >>> xa.tolist(), xb.tolist()
    ([0], [1, 2, 3])
    """
    arrays = _as_arrays(dataset)
    if arrays is None:
        total = dataset.num_samples
    else:
        leaves = []
        map_structure(leaves.append, arrays)
        total = len(leaves[0])
        if any(len(a) != total for a in leaves):
            raise ValueError(
                "All arrays in `dataset` must have the same length. Received "
                f"lengths: {[len(a) for a in leaves]}"
            )
    left, right = _split_sizes(left_size, right_size, total)
    order = list(range(total))
    if shuffle:
        random.Random(
            seed if seed is not None else random.randint(0, int(1e6))
        ).shuffle(order)
    order = np.asarray(order, dtype=np.int64)
    left_idx, right_idx = order[:left], order[total - right :]
    if arrays is not None:
        return (
            map_structure(lambda a: a[left_idx], arrays),
            map_structure(lambda a: a[right_idx], arrays),
        )
    return tuple(
        BatchDataset(
            len(idx), lambda i, idx=idx: dataset.load(idx[i]),
            batch_size=dataset.batch_size,
            class_names=dataset.class_names,
            file_paths=(None if dataset.file_paths is None
                        else [dataset.file_paths[j] for j in idx]),
        )
        for idx in (left_idx, right_idx)
    )


def check_format_arg(format):
    """Keras 3.15's `format` argument ("tf" or "grain"). kerax returns its
    own `BatchDataset` for both: neither TensorFlow nor Grain is needed."""
    if format not in ("tf", "grain"):
        raise ValueError(
            '`format` should be either "tf" or "grain". '
            f"Received: format={format}"
        )


def check_validation_split_arg(validation_split, subset, shuffle, seed):
    """Validates `validation_split` / `subset` as Keras does."""
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(
            "`validation_split` must be between 0 and 1. "
            f"Received: validation_split={validation_split}"
        )
    if bool(validation_split) != bool(subset):
        raise ValueError(
            "If `subset` is set, `validation_split` must be set, and "
            f"inversely. Received: validation_split={validation_split}, "
            f"subset={subset}"
        )
    if subset not in ("training", "validation", "both", None):
        raise ValueError(
            '`subset` must be either "training", "validation" or "both". '
            f"Received: subset={subset}"
        )
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "If using `validation_split` and shuffling the data, you must "
            "provide a `seed` argument, to make sure that there is no "
            "overlap between the training and validation subset."
        )


def training_or_validation_split(samples, labels, validation_split, subset,
                                 verbose=True):
    """The last `int(validation_split * n)` samples are the validation set."""
    if not validation_split:
        return samples, labels
    num_val = int(validation_split * len(samples))
    if subset == "training":
        if verbose:
            print(f"Using {len(samples) - num_val} files for training.")
        cut = slice(None, len(samples) - num_val)
    elif subset == "validation":
        if verbose:
            print(f"Using {num_val} files for validation.")
        cut = slice(len(samples) - num_val, None)
    else:
        raise ValueError(
            '`subset` must be either "training" or "validation". '
            f"Received: subset={subset}"
        )
    return samples[cut], (None if labels is None else labels[cut])


def _valid_files(directory, follow_links, formats):
    walk = os.walk(directory, followlinks=follow_links)
    for root, _, files in sorted(walk, key=lambda entry: entry[0]):
        for fname in sorted(files):
            if fname.lower().endswith(formats):
                yield os.path.join(root, fname)


def index_directory(directory, labels, formats, class_names=None,
                    shuffle=True, seed=None, follow_links=False,
                    verbose=True):
    """Lists files (by class subfolder when `labels="inferred"`) in Keras's
    order and shuffle. Returns `(file_paths, labels, class_names)`."""
    if not os.path.isdir(directory):
        raise ValueError(
            f"`directory` must be an existing folder. "
            f"Received: directory={directory}"
        )
    if labels == "inferred":
        subdirs = [
            d for d in sorted(os.listdir(directory))
            if os.path.isdir(os.path.join(directory, d))
            and not d.startswith(".")
        ]
        if class_names is not None:
            if not set(class_names).issubset(subdirs):
                raise ValueError(
                    "The `class_names` passed do not match the subfolders of "
                    f"{directory}. Expected a subset of {subdirs}. "
                    f"Received: class_names={class_names}"
                )
            subdirs = list(class_names)
    else:
        subdirs = [""]
    paths, inferred = [], []
    for index, subdir in enumerate(subdirs):
        folder = os.path.join(directory, subdir) if subdir else directory
        found = list(_valid_files(folder, follow_links, formats))
        paths += found
        inferred += [index] * len(found)
    if labels == "inferred":
        class_names = subdirs
        labels = np.asarray(inferred, dtype="int32")
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(paths):
            raise ValueError(
                "`labels` must have one entry per file: found "
                f"{len(paths)} files in {directory} but len(labels) is "
                f"{len(labels)}."
            )
        class_names = [str(label) for label in sorted(set(labels))]
        labels = np.asarray(labels)
    if verbose:
        if labels is None:
            print(f"Found {len(paths)} files.")
        else:
            print(
                f"Found {len(paths)} files belonging to "
                f"{len(class_names)} classes."
            )
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        order = np.arange(len(paths))
        np.random.RandomState(seed).shuffle(order)
        paths = [paths[i] for i in order]
        if labels is not None:
            labels = labels[order]
    return paths, labels, class_names


def index_labeled_directory(directory, labels, label_mode, class_names,
                            formats, validation_split, subset, shuffle,
                            seed, follow_links, verbose):
    """The shared start of the `*_dataset_from_directory` functions: checks
    the split arguments, draws a seed when none is given, indexes the
    files and checks `"binary"` has two classes. Returns `(paths, labels,
    label_mode, class_names, num_classes, seed)`; `labels`/`label_mode` are
    both None when either was."""
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = index_directory(
        directory, labels, formats, class_names=class_names,
        shuffle=shuffle, seed=seed, follow_links=follow_links,
        verbose=verbose,
    )
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'With label_mode="binary" there must be exactly 2 classes. '
            f"Received: class_names={class_names}"
        )
    num_classes = len(class_names) if class_names else 0
    return paths, labels, label_mode, class_names, num_classes, seed


def encode_labels(labels, label_mode, num_classes):
    """int32 labels -> the `label_mode` encoding (Keras's dtypes)."""
    if label_mode == "int":
        return labels.astype("int32")
    if label_mode == "binary":
        return labels.astype("float32").reshape(-1, 1)
    if label_mode == "categorical":
        out = np.zeros((len(labels), num_classes), dtype="float32")
        out[np.arange(len(labels)), labels] = 1.0
        return out
    raise ValueError(
        '`label_mode` must be one of "int", "categorical", "binary" or None. '
        f"Received: label_mode={label_mode}"
    )

