"""Loaders on the real dataset copies in ../shared/data (skipped if absent)."""

import os
import shutil

import numpy as np
import pytest

from kerax.datasets import boston_housing, fashion_mnist, imdb, mnist, reuters

MNIST_TRAIN = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture
def data_dir(shared_data, monkeypatch):
    monkeypatch.setenv("KERAX_DATA_DIR", str(shared_data))
    return shared_data


def test_mnist_from_idx_files(data_dir):
    (x, y), (xt, yt) = mnist.load_data()
    assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28)
    assert x.dtype == y.dtype == np.uint8
    assert np.bincount(y).tolist() == MNIST_TRAIN
    assert np.bincount(yt).tolist() == MNIST_TEST
    assert abs(x.mean() / 255 - 0.1306605) < 1e-6


def test_mnist_path_argument_and_cache_folder(shared_data, isolated_caches):
    folder = shared_data / "mnist"
    _, (xt, yt) = mnist.load_data(path=str(folder / "t10k-images-idx3-ubyte.gz"))
    assert np.bincount(yt).tolist() == MNIST_TEST
    cache = isolated_caches / "kerax_home" / "datasets" / "mnist"
    shutil.copytree(folder, cache)
    _, (xt2, _) = mnist.load_data()
    np.testing.assert_array_equal(xt, xt2)


def test_mnist_npz_is_preferred(shared_data, isolated_caches, monkeypatch):
    (x, y), (xt, yt) = mnist.load_data(path=str(shared_data / "mnist"))
    npz = isolated_caches / "mnist.npz"
    np.savez(npz, x_train=x[:5], y_train=y[:5], x_test=xt[:3], y_test=yt[:3])
    (a, _b), (_c, d) = mnist.load_data(path=str(npz))
    assert a.shape == (5, 28, 28) and d.tolist() == yt[:3].tolist()


def test_fashion_mnist(data_dir):
    (x, y), (xt, yt) = fashion_mnist.load_data()
    assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28)
    assert np.bincount(y).tolist() == [6000] * 10
    assert np.bincount(yt).tolist() == [1000] * 10


def test_reuters_matches_keras(data_dir, keras, monkeypatch):
    import keras.src.datasets.reuters as keras_reuters

    path = str(data_dir / "reuters" / "reuters.npz")
    (x, y), (xt, yt) = reuters.load_data(num_words=10000)
    assert len(x) == 8982 and len(xt) == 2246
    assert len(np.unique(np.concatenate([y, yt]))) == 46
    assert y[:10].tolist() == [3, 4, 3, 4, 4, 4, 4, 3, 3, 16]
    assert len(x[0]) == 87 and x[0][:3] == [1, 2, 2]
    monkeypatch.setattr(keras_reuters, "get_file", lambda *a, **k: path)
    (kx, ky), (kxt, kyt) = keras_reuters.load_data(num_words=10000)
    assert [list(s) for s in x] == [list(s) for s in kx]
    assert [list(s) for s in xt] == [list(s) for s in kxt]
    np.testing.assert_array_equal(y, ky)
    np.testing.assert_array_equal(yt, kyt)
    index = reuters.get_word_index()
    assert len(index) == 30979 and min(index.values()) == 1


@pytest.fixture(scope="module")
def imdb_20000(shared_data):
    """One load for all IMDB tests (unpickling 25k+25k lists is slow)."""
    return imdb.load_data(path=str(shared_data / "imdb" / "imdb.npz"),
                          num_words=20000)


def test_imdb_num_words_20000(imdb_20000, data_dir):
    (x, y), (xt, yt) = imdb_20000
    assert len(x) == len(xt) == 25000
    assert y[:10].tolist() == [1, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    assert y.dtype == np.int64 and int(y.sum()) == int(yt.sum()) == 12500
    assert len(x[0]) == 218 and len(x[1]) == 189 and len(xt[0]) == 68
    assert x[0][:8] == [1, 14, 22, 16, 43, 530, 973, 1622]
    assert max(max(s) for s in x) == 19999
    index = imdb.get_word_index()
    words = {i + 3: w for w, i in index.items()}
    text = " ".join(words.get(i, "?") for i in x[0][1:])
    assert text.startswith("this film was just brilliant casting location")
    assert " ".join(words.get(i, "?") for i in xt[0][1:6]) == (
        "please give this one a"
    )


@pytest.mark.skipif(
    not os.environ.get("KERAX_SLOW_TESTS"),
    reason="set KERAX_SLOW_TESTS=1 (Keras's IMDB loader takes ~20 s here; "
    "the recipe is compared with Keras on synthetic files in "
    "test_word_sequences.py)",
)
def test_imdb_first_sequences_match_keras(imdb_20000, shared_data, keras,
                                          monkeypatch):
    """Real Keras's loader on the same local file."""
    import keras.src.datasets.imdb as keras_imdb

    path = str(shared_data / "imdb" / "imdb.npz")
    monkeypatch.setattr(keras_imdb, "get_file", lambda *a, **k: path)
    (kx, ky), (kxt, kyt) = keras_imdb.load_data(num_words=20000)
    (x, y), (xt, yt) = imdb_20000
    for i in (0, 1, 2, 100, 24999):
        assert x[i] == kx[i] and xt[i] == kxt[i]
    np.testing.assert_array_equal(y, ky)
    np.testing.assert_array_equal(yt, kyt)


def test_boston_housing_split_matches_keras(data_dir, keras, monkeypatch,
                                            isolated_caches):
    (x, y), (xt, _yt) = boston_housing.load_data()
    assert x.shape == (404, 13) and xt.shape == (102, 13)
    assert x.dtype == y.dtype == np.float64
    np.testing.assert_allclose(
        y[:10], [15.2, 42.3, 50.0, 21.1, 17.7, 18.5, 11.3, 15.6, 15.6, 14.4]
    )
    np.testing.assert_allclose(
        x[0], [1.23247, 0, 8.14, 0, 0.538, 6.142, 91.7, 3.9769, 4, 307, 21,
               396.9, 18.72]
    )
    import keras.src.datasets.boston_housing as keras_boston

    table = np.loadtxt(data_dir / "boston_housing" / "housing.data")
    npz = isolated_caches / "boston_housing.npz"
    np.savez(npz, x=table[:, :13], y=table[:, 13])
    monkeypatch.setattr(keras_boston, "get_file", lambda *a, **k: str(npz))
    for kwargs in ({}, {"test_split": 0.3, "seed": 5}):
        ours = boston_housing.load_data(**kwargs)
        theirs = keras_boston.load_data(**kwargs)
        for a, b in zip(ours[0] + ours[1], theirs[0] + theirs[1]):
            np.testing.assert_array_equal(a, b)
    path_arg = boston_housing.load_data(
        path=str(data_dir / "boston_housing" / "housing.data")
    )
    np.testing.assert_array_equal(path_arg[0][1], y)


def test_keras_cache_copy_of_word_index(shared_data, isolated_caches):
    folder = isolated_caches / "keras_home" / "datasets"
    folder.mkdir(parents=True)
    os.symlink(shared_data / "reuters" / "reuters_word_index.json",
               folder / "reuters_word_index.json")
    assert reuters.get_word_index()["the"] == 1


def test_cifar10_partial_copy_in_keras_shapes(data_dir):
    from kerax.datasets import cifar10

    (x, y), (xt, yt) = cifar10.load_data()
    assert x.shape == (20000, 32, 32, 3) and xt.shape == (1000, 32, 32, 3)
    assert y.shape == (20000, 1) and yt.shape == (1000, 1)
    assert x.dtype == y.dtype == xt.dtype == np.uint8
    assert x[0, 0, :10, 0].tolist() == [59, 43, 50, 68, 98, 119, 139, 145,
                                        149, 149]
    assert yt[:10, 0].tolist() == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]
    assert np.bincount(y[:10000, 0]).tolist() == [
        1005, 974, 1032, 1016, 999, 937, 1030, 1001, 1025, 981]
