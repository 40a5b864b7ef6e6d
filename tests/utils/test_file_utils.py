"""get_file against a local HTTP server on 127.0.0.1 (never the internet)."""

import gzip
import hashlib
import http.server
import io
import os
import socket
import threading
import time

import numpy as np
import pytest

from kerax.utils import file_utils
from kerax.utils.download_utils import DownloadError

PAYLOAD = bytes(range(256)) * 400  # 102400 bytes
SHA = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        srv = self.server
        srv.requests.append((self.path, self.headers.get("Range")))
        path = self.path.split("?")[0]
        if path not in srv.files:
            self.send_error(404)
            return
        data = srv.files[path]
        start = 0
        rng = self.headers.get("Range")
        if rng and srv.ranges:
            start = int(rng.split("=")[1].split("-")[0])
            self.send_response(206)
            self.send_header(
                "Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}"
            )
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        if path in srv.slow:
            time.sleep(srv.slow[path])
        body = data[start:]
        if srv.drops.get(path, 0) > 0:
            srv.drops[path] -= 1
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def server():
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.files, srv.requests, srv.drops, srv.slow = {}, [], {}, {}
    srv.ranges = True
    thread = threading.Thread(
        target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(autouse=True)
def homes(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAX_HOME", str(tmp_path / "kerax_home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.delenv("KERAX_DATA_DIR", raising=False)
    monkeypatch.delenv("KERAX_DATASETS_ORIGIN", raising=False)
    monkeypatch.setenv("KERAX_DOWNLOAD_BACKOFF", "0.01")
    monkeypatch.setenv("KERAX_DOWNLOAD_TIMEOUT", "5")
    return tmp_path


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_download_verifies_and_caches(server, homes, capsys):
    server.files["/data.bin"] = PAYLOAD
    path = file_utils.get_file(origin=server.url + "/data.bin", file_hash=SHA)
    assert path == str(homes / "kerax_home" / "datasets" / "data.bin")
    assert _read(path) == PAYLOAD
    out = capsys.readouterr().out
    assert "Downloading data from" in out and len(out.splitlines()) < 15
    again = file_utils.get_file("data.bin", origin=server.url + "/data.bin",
                                md5_hash=MD5)
    assert again == path and len(server.requests) == 1


def test_resume_after_dropped_connection(server, homes):
    server.files["/big.bin"] = PAYLOAD
    server.drops["/big.bin"] = 1
    path = file_utils.get_file(origin=server.url + "/big.bin", file_hash=SHA)
    assert _read(path) == PAYLOAD
    ranges = [r for _, r in server.requests]
    assert ranges[0] is None
    assert ranges[1] == f"bytes={len(PAYLOAD) // 2}-"
    assert not os.path.exists(path + ".part")


def test_partial_file_is_resumed_on_the_next_call(server, homes, monkeypatch):
    monkeypatch.setenv("KERAX_DOWNLOAD_RETRIES", "1")
    server.files["/big.bin"] = PAYLOAD
    server.drops["/big.bin"] = 1
    with pytest.raises(DownloadError, match="big.bin"):
        file_utils.get_file(origin=server.url + "/big.bin", file_hash=SHA)
    target = homes / "kerax_home" / "datasets" / "big.bin"
    assert not target.exists()
    assert (target.parent / "big.bin.part").stat().st_size == len(PAYLOAD) // 2
    path = file_utils.get_file(origin=server.url + "/big.bin", file_hash=SHA)
    assert _read(path) == PAYLOAD
    assert server.requests[-1][1] == f"bytes={len(PAYLOAD) // 2}-"


def test_server_ignoring_range_restarts_cleanly(server, homes):
    server.files["/big.bin"] = PAYLOAD
    server.drops["/big.bin"] = 1
    server.ranges = False
    path = file_utils.get_file(origin=server.url + "/big.bin", file_hash=SHA)
    assert _read(path) == PAYLOAD


def test_hash_mismatch_is_not_cached(server, homes):
    server.files["/data.bin"] = PAYLOAD
    folder = homes / "kerax_home" / "datasets"
    with pytest.raises(ValueError, match="expected 0+"):
        file_utils.get_file(origin=server.url + "/data.bin",
                            file_hash="0" * 64)
    assert os.listdir(folder) == []


def test_hash_mismatch_never_replaces_a_good_file(server, homes):
    server.files["/data.bin"] = PAYLOAD
    path = file_utils.get_file(origin=server.url + "/data.bin")
    server.files["/data.bin"] = b"corrupted" * 10
    with pytest.raises(ValueError, match="corrupted file"):
        file_utils.get_file(origin=server.url + "/data.bin", file_hash=SHA,
                            force_download=True)
    assert _read(path) == PAYLOAD
    assert os.listdir(os.path.dirname(path)) == ["data.bin"]


def test_bad_cached_file_is_replaced(server, homes):
    server.files["/data.bin"] = PAYLOAD
    folder = homes / "kerax_home" / "datasets"
    folder.mkdir(parents=True)
    (folder / "data.bin").write_bytes(b"truncated")
    path = file_utils.get_file(origin=server.url + "/data.bin", file_hash=SHA)
    assert _read(path) == PAYLOAD


def test_slow_server_times_out(server, homes, monkeypatch):
    monkeypatch.setenv("KERAX_DOWNLOAD_TIMEOUT", "0.2")
    monkeypatch.setenv("KERAX_DOWNLOAD_RETRIES", "2")
    server.files["/slow.bin"] = PAYLOAD
    server.slow["/slow.bin"] = 1.0
    start = time.monotonic()
    with pytest.raises(DownloadError, match="timed out"):
        file_utils.get_file(origin=server.url + "/slow.bin")
    assert time.monotonic() - start < 2.0
    assert len(server.requests) == 2


def test_offline_error_names_file_url_hash_and_place(homes):
    url = f"http://127.0.0.1:{_free_port()}/mnist.npz"
    with pytest.raises(DownloadError) as info:
        file_utils.get_file("mnist.npz", origin=url, file_hash=SHA)
    message = str(info.value)
    for part in ("'mnist.npz'", url, SHA, "ConnectionRefusedError",
                 str(homes / "kerax_home" / "datasets" / "mnist.npz")):
        assert part in message


def test_http_404_is_not_retried(server, homes, monkeypatch):
    monkeypatch.setenv("KERAX_DOWNLOAD_RETRIES", "3")
    with pytest.raises(DownloadError, match="404"):
        file_utils.get_file(origin=server.url + "/missing.bin")
    assert len(server.requests) == 1


def test_keras_cache_is_reused(homes):
    keras_dir = homes / "keras_home" / "datasets"
    keras_dir.mkdir(parents=True)
    (keras_dir / "data.bin").write_bytes(PAYLOAD)
    url = f"http://127.0.0.1:{_free_port()}/data.bin"
    assert file_utils.get_file(origin=url, file_hash=SHA) == str(
        keras_dir / "data.bin"
    )
    (keras_dir / "data.bin").write_bytes(b"bad copy")
    with pytest.raises(DownloadError):
        file_utils.get_file(origin=url, file_hash=SHA)


def test_mirror_env_var_serves_datasets(server, homes, monkeypatch):
    from kerax.datasets import fashion_mnist

    def idx(magic, shape, values):
        header = bytes([0, 0, 8, magic]) + b"".join(
            n.to_bytes(4, "big") for n in shape
        )
        return gzip.compress(header + bytes(values))

    files = {
        "train-images-idx3-ubyte.gz": idx(3, (3, 28, 28), [7] * 3 * 784),
        "train-labels-idx1-ubyte.gz": idx(1, (3,), [0, 1, 2]),
        "t10k-images-idx3-ubyte.gz": idx(3, (2, 28, 28), [9] * 2 * 784),
        "t10k-labels-idx1-ubyte.gz": idx(1, (2,), [5, 6]),
    }
    for name, data in files.items():
        server.files["/mirror/" + name] = data
    monkeypatch.setenv("KERAX_DATASETS_ORIGIN", server.url + "/mirror/")
    (x, y), (_xt, yt) = fashion_mnist.load_data()
    assert x.shape == (3, 28, 28) and x.dtype == np.uint8
    assert y.tolist() == [0, 1, 2] and yt.tolist() == [5, 6]
    assert {p for p, _ in server.requests} == {
        "/mirror/" + n for n in files
    }
    cache = homes / "kerax_home" / "datasets" / "fashion-mnist"
    assert sorted(os.listdir(cache)) == sorted(files)


def test_extract_tar_with_keras_3_names(tmp_path, homes):
    import tarfile

    archive = tmp_path / "src.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("inner/hello.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    url = "file://" + str(archive)
    folder = file_utils.get_file("thing", origin=url, extract=True)
    assert folder.endswith(os.path.join("datasets", "thing"))
    assert _read(os.path.join(folder, "inner", "hello.txt")).decode() == "hello"
    assert os.path.isfile(folder + "_archive")
    named = file_utils.get_file("pack.tar.gz", origin=url, extract=True)
    assert named.endswith("pack_extracted")
    assert os.path.isfile(os.path.join(named, "inner", "hello.txt"))


def test_argument_errors(homes):
    with pytest.raises(ValueError, match="origin=None"):
        file_utils.get_file("x")
    with pytest.raises(ValueError, match="hash_algorithm='sha1'"):
        file_utils.get_file(origin="http://127.0.0.1/x", hash_algorithm="sha1")
    with pytest.raises(ValueError, match="fname"):
        file_utils.get_file(origin="http://127.0.0.1/")


def test_hash_helpers(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(PAYLOAD)
    assert file_utils.resolve_hasher("auto", SHA) == "sha256"
    assert file_utils.resolve_hasher("auto", MD5) == "md5"
    assert file_utils.validate_file(path, SHA.upper())
    assert file_utils.validate_file(path, MD5, algorithm="md5")
    assert not file_utils.validate_file(path, "0" * 32)


def test_hash_file_auto_is_md5_like_keras(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(PAYLOAD)
    assert file_utils.hash_file(path, "auto") == MD5
    assert file_utils.hash_file(path) == SHA


def test_progress_bar_is_printed(server, homes, capsys):
    server.files["/data.bin"] = PAYLOAD
    file_utils.get_file(origin=server.url + "/data.bin", file_hash=SHA)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Downloading data from")
    bars = [line for line in lines if "[" in line and "%" in line]
    assert bars and bars[-1].startswith("100.0 KB/100.0 KB [")
    assert "100%" in bars[-1] and "=" * 30 in bars[-1]


def test_progress_bar_redraws_in_place_on_a_terminal():
    from kerax.support.download_utils import _Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    bar = _Progress(1000, stream=stream)
    bar.update(500)
    bar.update(1000, final=True)
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n")
    assert text.count("\n") == 1 and " 50% " in text and " 100% " in text
    quiet = io.StringIO()
    unknown = _Progress(None, stream=quiet)
    unknown.update(10)
    unknown.update(20, final=True)
    assert quiet.getvalue().splitlines()[0].startswith("10 B ")


def test_retries_back_off_exponentially(server, homes, monkeypatch):
    from kerax.support import download_utils

    waits = []
    monkeypatch.setattr(download_utils.time, "sleep", waits.append)
    monkeypatch.setenv("KERAX_DOWNLOAD_RETRIES", "4")
    monkeypatch.setenv("KERAX_DOWNLOAD_BACKOFF", "0.5")
    server.files["/big.bin"] = PAYLOAD
    server.drops["/big.bin"] = 3
    path = file_utils.get_file(origin=server.url + "/big.bin", file_hash=SHA)
    assert _read(path) == PAYLOAD
    assert waits == [0.5, 1.0, 2.0] and len(server.requests) == 4


def test_slow_but_steady_server_succeeds(server, homes, monkeypatch):
    monkeypatch.setenv("KERAX_DOWNLOAD_TIMEOUT", "3")
    server.files["/slow.bin"] = PAYLOAD
    server.slow["/slow.bin"] = 0.3
    path = file_utils.get_file(origin=server.url + "/slow.bin", file_hash=SHA)
    assert _read(path) == PAYLOAD and len(server.requests) == 1


def test_stale_partial_file_is_downloaded_again(server, homes):
    server.files["/data.bin"] = PAYLOAD
    folder = homes / "kerax_home" / "datasets"
    folder.mkdir(parents=True)
    # Left by an interrupted download of another version of the file.
    (folder / "data.bin.part").write_bytes(b"x" * 1000)
    path = file_utils.get_file(origin=server.url + "/data.bin", file_hash=SHA)
    assert _read(path) == PAYLOAD
    assert [r for _, r in server.requests] == ["bytes=1000-", None]
    assert os.listdir(folder) == ["data.bin"]


def test_keras_extracted_folder_is_reused(homes):
    keras_dir = homes / "keras_home" / "datasets" / "flowers"
    keras_dir.mkdir(parents=True)
    (keras_dir / "a.txt").write_text("extracted by Keras")
    url = f"http://127.0.0.1:{_free_port()}/flowers.tgz"
    assert file_utils.get_file("flowers", origin=url, extract=True) == str(
        keras_dir
    )
    assert not (homes / "kerax_home" / "datasets" / "flowers").exists()
