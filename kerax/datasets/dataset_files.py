"""Where dataset files come from: local copies, caches, mirror, download.

Every loader resolves its files in this order:

1. a `path=` argument that points at an existing file (or folder);
2. the folders listed in `$KERAX_DATA_DIR` (separated by `os.pathsep`),
   either directly or in a per-dataset subfolder (`mnist/`, `imdb/`, ...);
3. the kerax cache (`$KERAX_HOME/datasets`) and Keras's cache
   (`$KERAS_HOME/datasets` or `~/.keras/datasets`);
4. a download through `kerax.utils.get_file`, from Keras's origin or, when
   `$KERAX_DATASETS_ORIGIN` is set, from that mirror (same file names).

Hashes are checked wherever Keras publishes one.

>>> dataset_origin("https://example.com/data/", "mnist.npz")
'https://example.com/data/mnist.npz'
"""

import io
import os
import pickle
import typing
import zipfile

import numpy as np

from kerax.support import file_utils
from kerax.support.download_utils import DownloadError

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def dataset_origin(default_base, filename):
    """The URL of `filename`: `$KERAX_DATASETS_ORIGIN` replaces the base."""
    base = os.environ.get("KERAX_DATASETS_ORIGIN") or default_base
    return base.rstrip("/") + "/" + filename


def data_dirs(subdirs=(), include_root=True):
    """Existing folders to search for user-provided copies, in order."""
    found = []
    for root in os.environ.get("KERAX_DATA_DIR", "").split(os.pathsep):
        if not root:
            continue
        root = os.path.expanduser(root)
        for sub in (("",) if include_root else ()) + tuple(subdirs):
            folder = os.path.join(root, sub) if sub else root
            if os.path.isdir(folder) and folder not in found:
                found.append(folder)
    return found


def cache_dirs(cache_subdir="datasets"):
    """The kerax and Keras cache folders for `cache_subdir`."""
    return [
        os.path.join(file_utils.kerax_home(), cache_subdir),
        os.path.join(file_utils.keras_home(), cache_subdir),
    ]


def find_local(names, subdirs=(), cache_subdir="datasets", file_hash=None):
    """First existing `<folder>/<name>` over data dirs then caches, or None.

    `names` is a name or a list of names; with a list, all names must be in
    the same folder and that folder is returned.
    """
    single = isinstance(names, str)
    wanted = [names] if single else list(names)
    folders = data_dirs(subdirs) + cache_dirs(cache_subdir)
    for folder in folders:
        paths = [os.path.join(folder, name) for name in wanted]
        if all(os.path.exists(p) for p in paths):
            if (
                single
                and file_hash is not None
                and os.path.isfile(paths[0])
                and not file_utils.validate_file(paths[0], file_hash)
            ):
                continue
            return paths[0] if single else folder
    return None


def user_path(path):
    """`path` when the user pointed at an existing location, else None."""
    if path is None:
        return None
    path = os.path.expanduser(os.fspath(path))
    if os.path.dirname(path) and os.path.exists(path):
        return path
    return None


def fetch(fname, origin_name, file_hash=None, subdirs=(),
          cache_subdir="datasets", base=KERAS_ORIGIN, hint=None):
    """Resolves one dataset file (see module docstring) and returns its path.

    `hint` is appended to the error raised when the file cannot be found
    nor downloaded (e.g. which original files are accepted instead).
    """
    direct = user_path(fname)
    if direct is not None:
        return direct
    local = find_local(os.path.basename(fname), subdirs, cache_subdir,
                       file_hash)
    if local is not None:
        return local
    origin = dataset_origin(base, origin_name)
    try:
        return file_utils.get_file(
            fname, origin=origin, file_hash=file_hash,
            cache_subdir=cache_subdir,
        )
    except DownloadError as e:
        if hint is None:
            raise
        raise DownloadError(f"{e}\n{hint}") from e.__cause__


class _NumpyOnlyUnpickler(pickle.Unpickler):
    """Unpickles plain Python containers and NumPy arrays, nothing else."""

    _reconstruct = np.ndarray.__reduce__(np.zeros(1))[0]
    _scalar = np.int64(0).__reduce__()[0]
    _ALLOWED: typing.ClassVar[dict] = {
        "_reconstruct": _reconstruct,
        "scalar": _scalar,
        "ndarray": np.ndarray,
        "dtype": np.dtype,
    }

    def find_class(self, module, name):
        if module.split(".")[0] == "numpy" and name in self._ALLOWED:
            return self._ALLOWED[name]
        if module in ("builtins", "__builtin__", "copy_reg", "copyreg") and (
            name in ("list", "dict", "tuple", "set", "_reconstructor",
                     "object", "int", "float", "str", "bytes")
        ):
            return pickle.Unpickler.find_class(
                self, "copyreg" if "copy" in module else "builtins", name
            )
        if (module, name) == ("_codecs", "encode"):  # bytes, protocol <= 2
            return pickle.Unpickler.find_class(self, module, name)
        raise pickle.UnpicklingError(
            f"Refusing to load {module}.{name} from a dataset file: only "
            "NumPy arrays and Python containers are allowed."
        )


def safe_unpickle(fileobj, encoding="latin1"):
    """`pickle.load` restricted to NumPy arrays and Python containers."""
    return _NumpyOnlyUnpickler(fileobj, encoding=encoding).load()


def load_npz(path):
    """Reads every array of an `.npz`; object arrays (ragged sequences, as
    in IMDB/Reuters) go through the restricted unpickler instead of
    `allow_pickle=True`."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            key = name.removesuffix(".npy")
            with archive.open(name) as member:
                fp = io.BytesIO(member.read())
            version = np.lib.format.read_magic(fp)
            if version == (1, 0):
                header = np.lib.format.read_array_header_1_0(fp)
            else:
                header = np.lib.format.read_array_header_2_0(fp)
            _shape, _fortran, dtype = header
            if dtype.hasobject:
                arrays[key] = safe_unpickle(fp)
            else:
                fp.seek(0)
                arrays[key] = np.lib.format.read_array(fp, allow_pickle=False)
    return arrays


def check_test_split(test_split):
    if not 0 <= test_split < 1:
        raise ValueError(
            "`test_split` must be between 0 and 1 (1 excluded). "
            f"Received: test_split={test_split}"
        )


def shuffled_split(x, y, test_split, seed):
    """Keras's recipe: `RandomState(seed)` shuffles indices, the first
    `int(n * (1 - test_split))` rows are the training set."""
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x))
    rng.shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (
        np.array(x[cut:]),
        np.array(y[cut:]),
    )
