"""IMDB / Reuters recipes on small synthetic files, against real Keras."""

import os
import pickle
import socket

import numpy as np
import pytest

from kerax.datasets import dataset_files, imdb, reuters
from kerax.utils import file_utils
from kerax.utils.download_utils import DownloadError


def _ragged(rng, n, vocab=40):
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = [int(v) for v in rng.randint(1, vocab, rng.randint(1, 12))]
    return out


@pytest.fixture
def imdb_file(tmp_path):
    rng = np.random.RandomState(0)
    path = tmp_path / "imdb.npz"
    np.savez(path, x_train=_ragged(rng, 30), y_train=rng.randint(0, 2, 30),
             x_test=_ragged(rng, 20), y_test=rng.randint(0, 2, 20))
    return str(path)


@pytest.fixture
def reuters_file(tmp_path):
    rng = np.random.RandomState(1)
    path = tmp_path / "reuters.npz"
    np.savez(path, x=_ragged(rng, 50), y=rng.randint(0, 46, 50))
    return str(path)


def _same(ours, theirs):
    (a, b), (c, d) = ours
    (e, f), (g, h) = theirs
    assert [list(s) for s in a] == [list(s) for s in e]
    assert [list(s) for s in c] == [list(s) for s in g]
    np.testing.assert_array_equal(b, f)
    np.testing.assert_array_equal(d, h)
    assert b.dtype == f.dtype and a.dtype == e.dtype == object


CASES = [
    {},
    {"num_words": 20},
    {"num_words": 20, "skip_top": 5},
    {"maxlen": 8},
    {"oov_char": None, "num_words": 15},
    {"start_char": None},
    {"start_char": None, "index_from": 0},
    {"seed": 7, "index_from": 5},
]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_imdb_matches_keras(keras, imdb_file, monkeypatch, kwargs):
    import keras.src.datasets.imdb as keras_imdb

    monkeypatch.setattr(keras_imdb, "get_file", lambda *a, **k: imdb_file)
    _same(imdb.load_data(path=imdb_file, **kwargs),
          keras_imdb.load_data(**kwargs))


@pytest.mark.parametrize("kwargs", CASES + [{"test_split": 0.5}], ids=str)
def test_reuters_matches_keras(keras, reuters_file, monkeypatch, kwargs):
    import keras.src.datasets.reuters as keras_reuters

    monkeypatch.setattr(keras_reuters, "get_file",
                        lambda *a, **k: reuters_file)
    _same(reuters.load_data(path=reuters_file, **kwargs),
          keras_reuters.load_data(**kwargs))


def test_argument_errors(imdb_file):
    with pytest.raises(ValueError, match="num_words=-1"):
        imdb.load_data(path=imdb_file, num_words=-1)
    with pytest.raises(ValueError, match="maxlen=1"):
        imdb.load_data(path=imdb_file, maxlen=1)
    with pytest.raises(TypeError, match="bogus"):
        imdb.load_data(path=imdb_file, bogus=1)
    with pytest.raises(ValueError, match="test_split=1"):
        reuters.load_data(test_split=1)
    with pytest.warns(DeprecationWarning, match="num_words"):
        (x, _), _ = imdb.load_data(path=imdb_file, nb_words=10)
    assert max(max(s) for s in x) < 10


def test_label_names():
    names = reuters.get_label_names()
    assert len(names) == 46 and names[3] == "earn" and names[-1] == "lead"


def test_unpickler_refuses_code(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    path = tmp_path / "evil.npz"
    payload = np.empty(1, dtype=object)
    payload[0] = Evil()
    np.savez(path, x=payload)
    with pytest.raises(pickle.UnpicklingError, match="system"):
        dataset_files.load_npz(path)


def test_found_in_keras_cache_only_with_the_right_hash(
    isolated_caches, imdb_file, monkeypatch
):
    folder = isolated_caches / "keras_home" / "datasets"
    folder.mkdir(parents=True)
    os.symlink(imdb_file, folder / "renamed.npz")
    with pytest.raises(DownloadError, match="renamed.npz"):
        imdb.load_data(path="renamed.npz")  # wrong hash: not used
    monkeypatch.setattr(imdb, "FILE_HASH", file_utils.hash_file(imdb_file))
    (x, _), _ = imdb.load_data(path="renamed.npz")
    assert len(x) == 30


def test_offline_error(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("KERAX_DATASETS_ORIGIN", f"http://127.0.0.1:{port}")
    with pytest.raises(DownloadError) as info:
        imdb.load_data()
    message = str(info.value)
    assert f"http://127.0.0.1:{port}/imdb.npz" in message
    assert imdb.FILE_HASH in message and "imdb.npz" in message
