"""Every loader downloading Keras-format files (generated here) from a local
mirror on 127.0.0.1 via KERAX_DATASETS_ORIGIN: file names, hashes, cache
layout, and no second download."""

import hashlib
import http.server
import io
import json
import os
import pickle
import tarfile
import threading

import numpy as np
import pytest

from kerax.datasets import (
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    imdb,
    mnist,
    reuters,
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        data = self.server.files.get(self.path)
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def mirror(monkeypatch):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.files, srv.requests = {}, []
    thread = threading.Thread(target=srv.serve_forever,
                              kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{srv.server_address[1]}/mirror/"
    monkeypatch.setenv("KERAX_DATASETS_ORIGIN", url)

    def serve(name, data):
        srv.files["/mirror/" + name] = data
        return hashlib.sha256(data).hexdigest()

    srv.serve = serve
    yield srv
    srv.shutdown()
    srv.server_close()


def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _ragged(rng, n):
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = [int(v) for v in rng.randint(1, 30, rng.randint(1, 9))]
    return out


def _cached(isolated_caches, *parts):
    return isolated_caches.joinpath("kerax_home", "datasets", *parts)


def test_mnist_boston_california(mirror, monkeypatch, isolated_caches):
    rng = np.random.RandomState(0)
    digits = rng.randint(0, 256, (7, 28, 28)).astype("uint8")
    monkeypatch.setattr(mnist, "FILE_HASH", mirror.serve("mnist.npz", _npz(
        x_train=digits[:5], y_train=np.arange(5, dtype="uint8"),
        x_test=digits[5:], y_test=np.arange(2, dtype="uint8"))))
    (x, y), (xt, _) = mnist.load_data()
    np.testing.assert_array_equal(x, digits[:5])
    assert y.dtype == np.uint8 and xt.shape == (2, 28, 28)
    assert _cached(isolated_caches, "mnist.npz").is_file()
    table = rng.rand(20, 14)
    monkeypatch.setattr(boston_housing, "FILE_HASH", mirror.serve(
        "boston_housing.npz", _npz(x=table[:, :13], y=table[:, 13])))
    (x, _), (xt, _) = boston_housing.load_data()
    assert x.shape == (16, 13) and xt.shape == (4, 13)
    monkeypatch.setattr(california_housing, "FILE_HASH", mirror.serve(
        "california_housing.npz", _npz(x=rng.rand(700, 8), y=rng.rand(700))))
    (x, _), _ = california_housing.load_data(version="small")
    assert x.shape == (480, 8)
    served = len(mirror.requests)
    assert served == 3
    mnist.load_data()
    boston_housing.load_data(test_split=0.5)
    california_housing.load_data()
    assert len(mirror.requests) == served  # all three came from the cache


def test_imdb_and_reuters_with_word_indexes(mirror, monkeypatch,
                                            isolated_caches):
    rng = np.random.RandomState(1)
    monkeypatch.setattr(imdb, "FILE_HASH", mirror.serve("imdb.npz", _npz(
        x_train=_ragged(rng, 6), y_train=rng.randint(0, 2, 6),
        x_test=_ragged(rng, 4), y_test=rng.randint(0, 2, 4))))
    index = json.dumps({"the": 1, "movie": 2}).encode()
    mirror.serve("imdb_word_index.json", index)
    # Keras publishes md5s for the word indexes: "auto" picks md5.
    monkeypatch.setattr(imdb, "WORD_INDEX_HASH",
                        hashlib.md5(index).hexdigest())
    (x, y), (xt, _) = imdb.load_data(num_words=10)
    assert len(x) == 6 and len(xt) == 4 and x.dtype == object
    assert y.dtype == np.int64
    assert all(s[0] == 1 and max(s) < 10 for s in x)
    assert imdb.get_word_index() == {"the": 1, "movie": 2}
    monkeypatch.setattr(reuters, "FILE_HASH", mirror.serve(
        "reuters.npz", _npz(x=_ragged(rng, 10), y=rng.randint(0, 46, 10))))
    mirror.serve("reuters_word_index.json", index)
    monkeypatch.setattr(reuters, "WORD_INDEX_HASH",
                        hashlib.md5(index).hexdigest())
    (x, _), (xt, _) = reuters.load_data(test_split=0.3)
    assert len(x) == 7 and len(xt) == 3
    assert reuters.get_word_index()["movie"] == 2
    for name in ("imdb.npz", "imdb_word_index.json", "reuters.npz",
                 "reuters_word_index.json"):
        assert _cached(isolated_caches, name).is_file()


def test_wrong_hash_from_the_mirror_is_refused(mirror, isolated_caches):
    mirror.serve("imdb.npz", b"not the IMDB file")
    with pytest.raises(ValueError, match="corrupted file"):
        imdb.load_data()
    assert os.listdir(_cached(isolated_caches)) == []


def _batch(data, **labels):
    batch = {b"data": data}
    batch.update({k.encode(): [int(v) for v in vs]
                  for k, vs in labels.items()})
    return pickle.dumps(batch, protocol=2)


def _tarball(folder, members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_cifar_tarballs(mirror, monkeypatch, isolated_caches):
    rng = np.random.RandomState(2)

    def pixels(n):
        return rng.randint(0, 256, (n, 3072)).astype("uint8")

    members = {f"data_batch_{i}": _batch(pixels(2), labels=[i, i + 1])
               for i in range(1, 6)}
    members["test_batch"] = _batch(pixels(3), labels=[7, 8, 9])
    digest = mirror.serve("cifar-10-python.tar.gz",
                          _tarball("cifar-10-batches-py", members))
    monkeypatch.setattr(cifar10, "SPEC", dict(cifar10.SPEC, hash=digest))
    (x, y), (xt, yt) = cifar10.load_data()
    assert x.shape == (10, 32, 32, 3) and y[:, 0].tolist()[:4] == [1, 2, 2, 3]
    assert yt[:, 0].tolist() == [7, 8, 9] and y.dtype == xt.dtype == np.uint8
    target = _cached(isolated_caches, "cifar-10-batches-py-target")
    assert (target / "cifar-10-batches-py" / "test_batch").is_file()
    assert _cached(isolated_caches,
                   "cifar-10-batches-py-target_archive").is_file()
    fine = {"train": _batch(pixels(4), fine_labels=[5, 99, 0, 1],
                            coarse_labels=[1, 19, 0, 0]),
            "test": _batch(pixels(2), fine_labels=[3, 4],
                           coarse_labels=[2, 3])}
    digest = mirror.serve("cifar-100-python.tar.gz",
                          _tarball("cifar-100-python", fine))
    monkeypatch.setattr(cifar100, "SPEC", dict(cifar100.SPEC, hash=digest))
    (_, y), _ = cifar100.load_data()
    assert y[:, 0].tolist() == [5, 99, 0, 1]
    (_, y), (_, yt) = cifar100.load_data(label_mode="coarse")
    assert y[:, 0].tolist() == [1, 19, 0, 0] and yt[:, 0].tolist() == [2, 3]
    assert [p.rsplit("/", 1)[-1] for p in mirror.requests] == [
        "cifar-10-python.tar.gz", "cifar-100-python.tar.gz"]


@pytest.mark.parametrize("module", [
    "mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters",
    "boston_housing", "california_housing",
])
def test_keras3_signatures(keras, module):
    """Every Keras 3 loader argument exists here with the same default."""
    import inspect

    import kerax.datasets

    theirs = getattr(keras.datasets, module)
    ours = getattr(kerax.datasets, module)
    for name in ("load_data", "get_word_index", "get_label_names"):
        if not hasattr(theirs, name):
            continue
        mine = inspect.signature(getattr(ours, name)).parameters
        for param, spec in inspect.signature(
            getattr(theirs, name)
        ).parameters.items():
            assert param in mine and mine[param].default == spec.default
