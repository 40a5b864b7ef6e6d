"""Readers for the CIFAR "python version" distribution (shared by CIFAR-10
and CIFAR-100): pickled dicts with a `data` (N, 3072) uint8 array (red,
green then blue planes of 32x32 row-major pixels) and a list of labels.

A CIFAR copy is accepted as the extracted folder (`cifar-10-batches-py/`),
the original tarball (`cifar-10-python.tar.gz`), or Keras's cache layouts
(Keras 3: `cifar-10-batches-py-target/cifar-10-batches-py/`; Keras 2:
`cifar-10-batches-py/`).

>>> import io, pickle, numpy as np
>>> blob = pickle.dumps({b"data": np.zeros((2, 3072), "uint8"),
...                      b"labels": [3, 5]})
>>> x, y = read_batch(io.BytesIO(blob))
>>> x.shape, y
((2, 3, 32, 32), [3, 5])
"""

import os

import numpy as np

from kerax import config
from kerax.datasets import dataset_files
from kerax.support import archive_utils, file_utils


def read_batch(fileobj, label_key="labels", name="<stream>"):
    """`(data (N, 3, 32, 32) uint8, labels list)` from one pickled batch."""
    raw = dataset_files.safe_unpickle(fileobj, encoding="bytes")
    batch = {
        (k.decode("utf8") if isinstance(k, bytes) else k): v
        for k, v in raw.items()
    }
    if "data" not in batch or label_key not in batch:
        raise ValueError(
            f"{name} is not a CIFAR batch with keys 'data' and "
            f"{label_key!r}; found {sorted(batch)}."
        )
    data = np.asarray(batch["data"])
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]


def load_batch(fpath, label_key="labels"):
    with open(fpath, "rb") as f:
        return read_batch(f, label_key, name=fpath)


def to_data_format(x):
    if config.image_data_format() == "channels_last":
        return x.transpose(0, 2, 3, 1)
    return x


def _valid(folder, members):
    return os.path.isdir(folder) and all(
        os.path.isfile(os.path.join(folder, m)) for m in members
    )


def find_folder(spec, path=None):
    """The folder holding `spec["members"]`, extracting a local tarball
    into the kerax cache when that is what is found; None if nothing."""
    inner, members = spec["inner"], spec["members"]
    if path is not None:
        path = os.path.expanduser(os.fspath(path))
        for folder in (path, os.path.join(path, inner)):
            if _valid(folder, members):
                return folder
        if os.path.isfile(path):
            return _extract(path, spec)
        raise ValueError(
            f"`path` must be the {spec['tarball']} tarball or a folder "
            f"holding {', '.join(members)}. Received: path={path}"
        )
    folders = []
    for root in dataset_files.data_dirs(spec["subdirs"]):
        folders += [os.path.join(root, inner), root]
    for cache in dataset_files.cache_dirs():
        folders += [
            os.path.join(cache, spec["target"], inner),
            os.path.join(cache, inner),
        ]
    for folder in folders:
        if _valid(folder, members):
            return folder
    archives = []
    for root in dataset_files.data_dirs(spec["subdirs"]):
        archives.append(os.path.join(root, spec["tarball"]))
    for cache in dataset_files.cache_dirs():
        archives += [
            os.path.join(cache, spec["tarball"]),
            os.path.join(cache, spec["target"] + "_archive"),
            os.path.join(cache, inner + ".tar.gz"),
        ]
    for archive in archives:
        if os.path.isfile(archive):
            return _extract(archive, spec)
    return None


def _extract(archive, spec):
    if not file_utils.validate_file(archive, spec["hash"]):
        raise ValueError(
            f"{archive} does not have the sha256 of the official "
            f"{spec['tarball']} ({spec['hash']}); refusing to use it."
        )
    target = os.path.join(
        file_utils.kerax_home(), "datasets", spec["target"]
    )
    archive_utils.extract_archive(archive, target, "tar")
    return os.path.join(target, spec["inner"])


def download_folder(spec):
    origin = dataset_files.dataset_origin(spec["base"], spec["tarball"])
    path = file_utils.get_file(
        fname=spec["target"], origin=origin, extract=True,
        file_hash=spec["hash"],
    )
    return os.path.join(path, spec["inner"])


def _npz_test_files(folder):
    """The test batch of an npz copy: `test_batch.npz`, else the one
    partial `test_batch_first<N>.npz`; None when there is none."""
    full = os.path.join(folder, "test_batch.npz")
    if os.path.isfile(full):
        return full
    partial = sorted(
        name for name in os.listdir(folder)
        if name.startswith("test_batch_first") and name.endswith(".npz")
    )
    return os.path.join(folder, partial[0]) if len(partial) == 1 else None


def find_npz_copy(spec):
    """`(train_files, test_file)` of a CIFAR copy stored as `.npz` batches
    (`data_batch_<i>.npz` with `data` (N, 3072) uint8 and `labels` (N,),
    possibly only some of them, and `test_batch.npz` or a partial
    `test_batch_first<N>.npz`) in the `$KERAX_DATA_DIR` folders; None if
    there is no such copy."""
    for folder in dataset_files.data_dirs(spec["subdirs"]):
        train = [
            os.path.join(folder, member + ".npz")
            for member in spec["members"][:-1]
            if os.path.isfile(os.path.join(folder, member + ".npz"))
        ]
        test = _npz_test_files(folder)
        if train and test is not None:
            return train, test
    return None


def load_npz_batch(path, label_key="labels"):
    """`(data (N, 3, 32, 32) uint8, labels (N,))` from one `.npz` batch."""
    arrays = dataset_files.load_npz(path)
    if "data" not in arrays or label_key not in arrays:
        raise ValueError(
            f"{path} is not a CIFAR batch with arrays 'data' and "
            f"{label_key!r}; found {sorted(arrays)}."
        )
    data = np.asarray(arrays["data"], dtype="uint8")
    return data.reshape(data.shape[0], 3, 32, 32), arrays[label_key]
