"""kerax.applications.imagenet_utils and pretrained.load_weights against
keras.applications.imagenet_utils; downloads come from a local server or
file:// URLs under tmp_path, never the network."""

import hashlib
import http.server
import json
import threading

import numpy as np
import pytest

import kerax
from kerax import config
from kerax.applications import imagenet_utils, pretrained

FORMATS = ["channels_last", "channels_first"]


@pytest.fixture
def k_utils(keras):
    from keras.src.applications import imagenet_utils as keras_utils

    return keras_utils


@pytest.fixture
def both_formats(keras):
    """Sets the image data format of kerax and Keras together."""
    mine, theirs = config.image_data_format(), keras.config.image_data_format()

    def set_format(data_format):
        config.set_image_data_format(data_format)
        keras.config.set_image_data_format(data_format)

    yield set_format
    config.set_image_data_format(mine)
    keras.config.set_image_data_format(theirs)


@pytest.fixture
def caches(tmp_path, monkeypatch):
    """Empty kerax and Keras caches under tmp_path; one download try."""
    monkeypatch.setenv("KERAX_HOME", str(tmp_path / "kerax_home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setenv("KERAX_DOWNLOAD_RETRIES", "1")
    return tmp_path / "kerax_home"


def _images(shape, dtype="float32", seed=0):
    rng = np.random.RandomState(seed)
    return (rng.rand(*shape) * 255).astype(dtype)


# preprocess_input ----------------------------------------------------------

@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("shape", [(2, 5, 4, 3), (5, 4, 3)],
                         ids=["4d", "3d"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "uint8", "int32"])
def test_preprocess_numpy_matches_keras(k_utils, mode, data_format, shape,
                                        dtype):
    if data_format == "channels_first":
        shape = shape[:-3] + (3,) + shape[-3:-1]
    x = _images(shape, dtype)
    original = x.copy()
    expected = k_utils.preprocess_input(x.copy(), data_format=data_format,
                                        mode=mode)
    got = imagenet_utils.preprocess_input(x, data_format=data_format,
                                          mode=mode)
    assert isinstance(got, np.ndarray)
    assert got.dtype == expected.dtype  # ints become float32, floats stay
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-5)
    np.testing.assert_array_equal(x, original)  # never in place


@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("ndim", [3, 4])
def test_preprocess_jax_array_matches_keras(k_utils, mode, data_format,
                                            ndim):
    import jax.numpy as jnp

    shape = (2, 4, 5, 3)[4 - ndim:]
    if data_format == "channels_first":
        shape = shape[:-3] + (3,) + shape[-3:-1]
    x = jnp.asarray(_images(shape))
    expected = k_utils.preprocess_input(x, data_format=data_format, mode=mode)
    got = imagenet_utils.preprocess_input(x, data_format=data_format,
                                          mode=mode)
    assert not isinstance(got, np.ndarray) and got.dtype == jnp.float32
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-5)


def test_preprocess_int_jax_array_becomes_floatx():
    import jax.numpy as jnp

    x = jnp.asarray(_images((1, 2, 2, 3), "uint8"))
    got = imagenet_utils.preprocess_input(x, mode="caffe")
    assert got.dtype == jnp.float32
    expected = imagenet_utils.preprocess_input(np.asarray(x), mode="caffe")
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_preprocess_default_data_format_is_the_config(both_formats):
    x = _images((2, 3, 4, 5))
    both_formats("channels_first")
    np.testing.assert_array_equal(
        imagenet_utils.preprocess_input(x),
        imagenet_utils.preprocess_input(x, data_format="channels_first"))
    both_formats("channels_last")
    np.testing.assert_array_equal(
        imagenet_utils.preprocess_input(_images((2, 4, 5, 3))),
        imagenet_utils.preprocess_input(_images((2, 4, 5, 3)),
                                        data_format="channels_last"))


@pytest.mark.parametrize("kwargs", [{"mode": "keras"},
                                    {"data_format": "channels_middle"}])
def test_preprocess_errors_match_keras(k_utils, kwargs):
    x = _images((1, 2, 2, 3))
    with pytest.raises(ValueError) as theirs:
        k_utils.preprocess_input(x.copy(), **kwargs)
    with pytest.raises(ValueError) as mine:
        imagenet_utils.preprocess_input(x, **kwargs)
    assert str(mine.value) == str(theirs.value)


# obtain_input_shape --------------------------------------------------------

CL, CF = "channels_last", "channels_first"
SHAPE_CASES = [
    # input_shape, data_format, require_flatten, weights
    (None, CL, True, "imagenet"),
    (None, CF, True, "imagenet"),
    ((224, 224, 3), CL, True, "imagenet"),
    ((3, 224, 224), CF, True, "imagenet"),
    ((100, 100, 3), CL, True, "imagenet"),
    ((3, 100, 100), CF, True, "imagenet"),
    ((224, 224, 3), CF, True, "imagenet"),
    (None, CL, False, "imagenet"),
    (None, CF, False, None),
    (None, CL, True, None),
    ((64, 48, 3), CL, True, None),
    ((3, 64, 48), CF, True, None),
    ((64, 48, 1), CL, True, None),
    ((64, 48, 3), CL, False, "imagenet"),
    ((64, 48, 4), CL, False, "imagenet"),
    ((4, 64, 48), CF, False, "imagenet"),
    ((16, 64, 3), CL, False, None),
    ((64, 31, 3), CL, False, None),
    ((3, 64, 16), CF, False, None),
    ((64, 64), CL, False, None),
    ((64, 64, 3, 1), CL, False, "imagenet"),
    ((None, None, 3), CL, False, None),
    ((None, None, 3), CL, False, "imagenet"),
    ((None, 40, 3), CL, True, None),
    ((3, None, None), CF, True, None),
    ((40, 40, 3), CL, False, "/some/weights.h5"),
]


def _outcome(fn, *args, **kwargs):
    try:
        return "ok", fn(*args, **kwargs)
    except ValueError as e:
        return "error", str(e)


@pytest.mark.parametrize("input_shape, data_format, require_flatten, "
                         "weights", SHAPE_CASES)
def test_obtain_input_shape_matches_keras(k_utils, input_shape, data_format,
                                          require_flatten, weights):
    args = (input_shape, 224, 32, data_format, require_flatten, weights)
    kind, theirs = _outcome(k_utils.obtain_input_shape, *args)
    mine_kind, mine = _outcome(imagenet_utils.obtain_input_shape, *args)
    assert mine_kind == kind
    if kind == "ok":
        assert mine == theirs
    else:
        # Keras's message, sometimes followed by the received value.
        assert mine.startswith(theirs), (mine, theirs)


@pytest.mark.parametrize("input_shape, data_format", [
    ((64, 48, 5), CL), ((5, 64, 48), CF), ((64, 48, 2), CL)])
def test_obtain_input_shape_warns_on_unusual_channels(
        k_utils, input_shape, data_format):
    args = (input_shape, 224, 32, data_format, False, None)
    with pytest.warns(UserWarning) as theirs:
        expected = k_utils.obtain_input_shape(*args)
    with pytest.warns(UserWarning) as mine:
        got = imagenet_utils.obtain_input_shape(*args)
    assert got == expected == input_shape
    assert [str(w.message) for w in mine] == [str(w.message) for w in theirs]
    assert "1 or 3 input channels" in str(mine[0].message)


# correct_pad ---------------------------------------------------------------

@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("size, kernel_size", [
    ((32, 32), 3), ((33, 33), 3), ((32, 33), (5, 3)), ((7, 8), 5),
    ((None, None), 3), ((None, None), (3, 5))])
def test_correct_pad_matches_keras(keras, k_utils, both_formats, data_format,
                                   size, kernel_size):
    both_formats(data_format)
    shape = (3,) + size if data_format == CF else size + (3,)
    expected = k_utils.correct_pad(keras.Input(shape), kernel_size)
    got = imagenet_utils.correct_pad(kerax.Input(shape), kernel_size)
    assert got == expected


def test_correct_pad_makes_a_strided_conv_match_same_padding():
    inputs = kerax.Input((33, 32, 3))
    padded = kerax.layers.ZeroPadding2D(
        imagenet_utils.correct_pad(inputs, 3))(inputs)
    out = kerax.layers.Conv2D(2, 3, strides=2)(padded)
    assert out.shape == (None, 17, 16, 2)


# validate_activation -------------------------------------------------------

@pytest.mark.parametrize("activation, weights, allowed", [
    ("softmax", "imagenet", True), (None, "imagenet", True),
    ("relu", None, True), ("relu", "imagenet", False),
    ("sigmoid", "/path.h5", False)])
def test_validate_activation(activation, weights, allowed):
    if allowed:
        imagenet_utils.validate_activation(activation, weights)
    else:
        with pytest.raises(ValueError, match="Only `None` and `softmax`"):
            imagenet_utils.validate_activation(activation, weights)


# decode_predictions --------------------------------------------------------

def _fake_index():
    return {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}


@pytest.fixture
def class_index_file(tmp_path, monkeypatch, caches):
    """A made-up 1000-class index served from a file:// URL."""
    path = tmp_path / "served" / "imagenet_class_index.json"
    path.parent.mkdir()
    data = json.dumps(_fake_index()).encode()
    path.write_bytes(data)
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX_PATH", path.as_uri())
    monkeypatch.setattr(imagenet_utils, "_CLASS_INDEX_HASH",
                        hashlib.md5(data).hexdigest())
    monkeypatch.setattr(imagenet_utils, "_class_index", None)
    return path


def test_decode_predictions_matches_keras(k_utils, monkeypatch,
                                          class_index_file, caches):
    monkeypatch.setattr(k_utils, "CLASS_INDEX", _fake_index())
    preds = np.random.RandomState(0).rand(3, 1000).astype("float32")
    for top in (1, 5):
        expected = k_utils.decode_predictions(preds, top=top)
        got = imagenet_utils.decode_predictions(preds, top=top)
        assert got == expected
        assert len(got) == 3 and len(got[0]) == top
    best = int(np.argmax(preds[1]))
    assert got[1][0] == (f"n{best:08d}", f"class_{best}", preds[1, best])
    assert (caches / "models" / "imagenet_class_index.json").is_file()


def test_decode_predictions_reads_the_index_once(class_index_file):
    preds = np.eye(1000, dtype="float32")[[7, 999]]
    assert imagenet_utils.decode_predictions(preds, top=1) == [
        [("n00000007", "class_7", np.float32(1.0))],
        [("n00000999", "class_999", np.float32(1.0))]]
    class_index_file.unlink()  # now cached in memory
    assert imagenet_utils.decode_predictions(preds[:1], top=2)[0][0][1] == (
        "class_7")


def test_decode_predictions_accepts_jax_arrays(class_index_file):
    import jax.numpy as jnp

    preds = jnp.asarray(np.eye(1000, dtype="float32")[[3]])
    assert imagenet_utils.decode_predictions(preds, top=1)[0][0][:2] == (
        "n00000003", "class_3")


@pytest.mark.parametrize("shape", [(2, 10), (1000,), (1, 1000, 1)])
def test_decode_predictions_shape_error_matches_keras(k_utils, shape):
    preds = np.zeros(shape, "float32")
    with pytest.raises(ValueError) as theirs:
        k_utils.decode_predictions(preds)
    with pytest.raises(ValueError) as mine:
        imagenet_utils.decode_predictions(preds)
    assert str(mine.value) == str(theirs.value)


# pretrained.load_weights from a local server -------------------------------

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
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.files, srv.requests = {}, []
    thread = threading.Thread(target=srv.serve_forever,
                              kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.server_close()


def _tiny(lib):
    inputs = lib.Input((4,))
    hidden = lib.layers.Dense(3, name="hidden")(inputs)
    return lib.Model(inputs, lib.layers.Dense(2, name="out")(hidden))


def test_load_weights_downloads_once_and_loads(keras, server, caches,
                                               tmp_path):
    from tests.applications.keras_parity import write_keras2_weights

    source = _tiny(keras)
    path = tmp_path / "tiny_weights_tf_dim_ordering_tf_kernels.h5"
    write_keras2_weights(source, path)
    data = path.read_bytes()
    server.files["/models/" + path.name] = data
    url = f"{server.base}/models/{path.name}"
    md5 = hashlib.md5(data).hexdigest()

    model = _tiny(kerax)
    pretrained.load_weights(model, "imagenet", url, md5)
    for got, expected in zip(model.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(got, expected)
    assert (caches / "models" / path.name).read_bytes() == data
    assert server.requests == ["/models/" + path.name]

    again = _tiny(kerax)
    pretrained.load_weights(again, "imagenet", url, md5)  # from the cache
    assert server.requests == ["/models/" + path.name]
    np.testing.assert_array_equal(again.get_weights()[0],
                                  source.get_weights()[0])


def test_load_weights_refuses_a_file_with_the_wrong_hash(keras, server,
                                                         caches, tmp_path):
    from tests.applications.keras_parity import write_keras2_weights

    path = tmp_path / "tiny.h5"
    write_keras2_weights(_tiny(keras), path)
    server.files["/tiny.h5"] = path.read_bytes()
    model = _tiny(kerax)
    before = model.get_weights()
    with pytest.raises(ValueError, match="corrupted file"):
        pretrained.load_weights(model, "imagenet", server.base + "/tiny.h5",
                                "0" * 32)
    assert not (caches / "models" / "tiny.h5").exists()
    for got, expected in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, expected)


def test_load_weights_none_and_path(keras, tmp_path):
    from tests.applications.keras_parity import write_keras2_weights

    source = _tiny(keras)
    path = tmp_path / "local.h5"
    write_keras2_weights(source, path)
    model = _tiny(kerax)
    before = model.get_weights()
    pretrained.load_weights(model, None)
    np.testing.assert_array_equal(model.get_weights()[0], before[0])
    pretrained.load_weights(model, str(path))
    np.testing.assert_array_equal(model.get_weights()[2],
                                  source.get_weights()[2])
