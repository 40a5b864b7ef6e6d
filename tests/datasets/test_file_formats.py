"""Original distribution formats (CIFAR pickles / tarball, IDX, npz) on
small synthetic files; CIFAR pixels come from the real copy when present."""

import gzip
import io
import pathlib
import pickle
import tarfile

import numpy as np
import pytest

from kerax import config
from kerax.datasets import (
    california_housing,
    cifar10,
    cifar100,
    idx_format,
    mnist,
)
from kerax.utils import file_utils
from kerax.utils.download_utils import DownloadError


def _cifar10_rows(shared_data, n):
    folder = shared_data / "cifar10" if shared_data else None
    if folder is not None and (folder / "data_batch_1.npz").exists():
        with np.load(folder / "data_batch_1.npz") as f:
            train = f["data"][: 5 * n], f["labels"][: 5 * n]
        with np.load(folder / "test_batch_first1000.npz") as f:
            test = f["data"][:n], f["labels"][:n]
        return train, test
    rng = np.random.RandomState(0)
    return ((rng.randint(0, 256, (5 * n, 3072)).astype("uint8"),
             rng.randint(0, 10, 5 * n)),
            (rng.randint(0, 256, (n, 3072)).astype("uint8"),
             rng.randint(0, 10, n)))


def _write_batch(path, data, labels, label_key="labels", extra=None):
    batch = {b"batch_label": b"synthetic", b"data": data,
             label_key.encode(): [int(v) for v in labels]}
    batch.update(extra or {})
    with open(path, "wb") as f:
        pickle.dump(batch, f, protocol=2)


@pytest.fixture(scope="module")
def cifar10_rows():
    shared = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data"
    shared = shared if shared.is_dir() else None
    return _cifar10_rows(shared, 4), shared is not None


@pytest.fixture
def cifar10_folder(tmp_path, cifar10_rows):
    ((x, y), (xt, yt)), real = cifar10_rows
    folder = tmp_path / "src" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    for i in range(5):
        _write_batch(folder / f"data_batch_{i + 1}", x[4 * i : 4 * i + 4],
                     y[4 * i : 4 * i + 4])
    _write_batch(folder / "test_batch", xt, yt)
    return folder, (x, y, xt, yt), real


def test_cifar10_from_folder(cifar10_folder):
    folder, (x, y, _xt, _yt), real = cifar10_folder
    (a, b), (c, d) = cifar10.load_data(path=str(folder))
    assert a.shape == (20, 32, 32, 3) and c.shape == (4, 32, 32, 3)
    assert a.dtype == b.dtype == c.dtype == d.dtype == np.uint8
    assert b.shape == (20, 1) and d.shape == (4, 1)
    np.testing.assert_array_equal(a[:, :, :, 0].reshape(20, -1), x[:, :1024])
    np.testing.assert_array_equal(b[:, 0], y)
    if real:  # published first pixels of the official files
        assert a[0, 0, :10, 0].tolist() == [59, 43, 50, 68, 98, 119, 139, 145,
                                            149, 149]
        assert c[0, 0, :5, 0].tolist() == [158, 159, 165, 166, 160]
        assert d[:4, 0].tolist() == [3, 8, 8, 0]


def test_cifar10_channels_first(cifar10_folder, monkeypatch):
    folder, (x, *_), _ = cifar10_folder
    monkeypatch.setattr(config, "_IMAGE_DATA_FORMAT", "channels_first")
    (a, _), _ = cifar10.load_data(path=str(folder))
    assert a.shape == (20, 3, 32, 32)
    np.testing.assert_array_equal(a.reshape(20, -1), x)


def test_cifar10_tarball_in_data_dir(cifar10_folder, tmp_path, monkeypatch,
                                     isolated_caches):
    folder, (_x, *_), _ = cifar10_folder
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    tarball = data_dir / "cifar-10-python.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(folder, arcname="cifar-10-batches-py")
    monkeypatch.setenv("KERAX_DATA_DIR", str(data_dir))
    with pytest.raises(ValueError, match="sha256 of the official"):
        cifar10.load_data()
    spec = dict(cifar10.SPEC, hash=file_utils.hash_file(tarball))
    monkeypatch.setattr(cifar10, "SPEC", spec)
    (a, _), _ = cifar10.load_data()
    assert a.shape == (20, 32, 32, 3)
    extracted = (isolated_caches / "kerax_home" / "datasets" /
                 "cifar-10-batches-py-target" / "cifar-10-batches-py")
    assert (extracted / "test_batch").is_file()
    tarball.unlink()
    (b, _), _ = cifar10.load_data()  # now found in the kerax cache
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("layout", [
    "cifar-10-batches-py",  # Keras 2: get_file(..., untar=True)
    "cifar-10-batches-py-target/cifar-10-batches-py",  # Keras 3
])
def test_cifar10_keras_cache_layouts(cifar10_folder, isolated_caches, layout):
    import shutil

    folder, _, _ = cifar10_folder
    shutil.copytree(folder, isolated_caches / "keras_home" / "datasets" /
                    layout)
    (a, _), _ = cifar10.load_data()  # no download (the origin is closed)
    assert a.shape == (20, 32, 32, 3)


def test_cifar100_label_modes(tmp_path):
    folder = tmp_path / "cifar-100-python"
    folder.mkdir()
    rng = np.random.RandomState(0)
    for name, n in (("train", 6), ("test", 3)):
        fine, coarse = rng.randint(0, 100, n), rng.randint(0, 20, n)
        _write_batch(folder / name,
                     rng.randint(0, 256, (n, 3072)).astype("uint8"), fine,
                     "fine_labels",
                     {b"coarse_labels": [int(v) for v in coarse]})
    (x, y), (xt, _yt) = cifar100.load_data(path=str(tmp_path))
    assert x.shape == (6, 32, 32, 3) and y.shape == (6, 1)
    assert y.dtype == np.int64 and xt.shape == (3, 32, 32, 3)
    (_, yc), _ = cifar100.load_data("coarse", path=str(folder))
    assert yc.max() < 20
    with pytest.raises(ValueError, match="label_mode=medium"):
        cifar100.load_data("medium")


def test_cifar_offline_error_names_the_download():
    with pytest.raises(DownloadError, match="cifar-10-python.tar.gz"):
        cifar10.load_data()


def _idx(values, shape):
    header = bytes([0, 0, 8, len(shape)]) + b"".join(
        n.to_bytes(4, "big") for n in shape
    )
    return header + np.asarray(values, dtype="uint8").tobytes()


def test_idx_reader_and_errors(tmp_path):
    x = idx_format.read_idx(io.BytesIO(_idx(range(12), (3, 2, 2))))
    assert x.shape == (3, 2, 2) and x[2, 1, 1] == 11
    with pytest.raises(ValueError, match="not an IDX file"):
        idx_format.read_idx(io.BytesIO(b"\x1f\x8b\x08\x00"))
    with pytest.raises(ValueError, match="announces shape"):
        idx_format.read_idx(io.BytesIO(_idx(range(5), (3, 2))))
    folder = tmp_path / "idx"
    folder.mkdir()
    for stem, data in zip(idx_format.IDX_FILES, (
        _idx(np.zeros(2 * 784), (2, 28, 28)), _idx([1, 2], (2,)),
        _idx(np.zeros(784), (1, 28, 28)), _idx([7], (1,)),
    )):
        (folder / (stem + ".gz")).write_bytes(gzip.compress(data))
    (x, y), (_xt, yt) = mnist.load_data(path=str(folder))
    assert x.shape == (2, 28, 28) and y.tolist() == [1, 2] and yt[0] == 7
    with pytest.raises(ValueError, match="Received: path="):
        mnist.load_data(path=str(tmp_path))


def test_mnist_offline_error_mentions_idx_files():
    with pytest.raises(DownloadError) as info:
        mnist.load_data()
    message = str(info.value)
    assert "mnist.npz" in message and mnist.FILE_HASH in message
    assert "train-images-idx3-ubyte.gz" in message


def test_california_housing_versions(tmp_path, monkeypatch):
    rng = np.random.RandomState(0)
    path = tmp_path / "california_housing.npz"
    np.savez(path, x=rng.rand(1000, 8), y=rng.rand(1000) * 5e5)
    (x, _y), (xt, _) = california_housing.load_data(path=str(path))
    assert x.shape == (800, 8) and xt.shape == (200, 8)
    (x, _), (xt, _) = california_housing.load_data("small", path=str(path))
    assert x.shape == (480, 8) and xt.shape == (120, 8)
    with pytest.raises(ValueError, match="version=tiny"):
        california_housing.load_data("tiny", path=str(path))
    with pytest.raises(ValueError, match="test_split=-0.1"):
        california_housing.load_data(path=str(path), test_split=-0.1)


def test_cifar10_npz_batches_partial_copy(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "cifar10"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    rows = {}
    for name, n in (("data_batch_1", 3), ("data_batch_2", 2),
                    ("test_batch_first4", 4)):
        data = rng.integers(0, 256, (n, 3072), dtype=np.uint8)
        labels = rng.integers(0, 10, n)
        np.savez(folder / f"{name}.npz", data=data, labels=labels)
        rows[name] = data, labels
    monkeypatch.setenv("KERAX_DATA_DIR", str(tmp_path / "data"))
    (x, y), (xt, yt) = cifar10.load_data()
    assert x.shape == (5, 32, 32, 3) and xt.shape == (4, 32, 32, 3)
    assert x.dtype == y.dtype == np.uint8 and y.shape == (5, 1)
    data, labels = rows["data_batch_2"]
    np.testing.assert_array_equal(
        x[3:], data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y[3:, 0], labels)
    assert yt.shape == (4, 1)
    np.testing.assert_array_equal(yt[:, 0], rows["test_batch_first4"][1])
