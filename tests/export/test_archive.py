"""`kerax.export.ExportArchive`: several endpoints and variable
collections in one artifact ("jax" and "onnx"), and the errors of
`model.export` and the archive."""

import sys

import jax
import numpy as np
import pytest

import kerax
from kerax import layers as L
from kerax.export import ExportArchive

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
pytest.importorskip("jax2onnx")

SPEC = [kerax.InputSpec(shape=(None, 3), dtype="float32", name="x")]


@pytest.fixture(scope="module")
def model():
    kerax.utils.set_random_seed(2)
    return kerax.Sequential([kerax.Input((3,), name="x"),
                             L.Dense(4, activation="relu"),
                             L.Dense(2, name="head")])


def _session(path):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options)


def _archive(model, fmt):
    archive = ExportArchive(format=fmt)
    archive.track(model)
    archive.add_endpoint("serve", lambda x: model(x, training=False), SPEC)
    archive.add_endpoint("scores", lambda x: kerax.ops.softmax(model(x)),
                         SPEC, output_names=["probabilities"])
    archive.add_variable_collection("head", model.get_layer("head").weights)
    return archive


def test_jax_archive_endpoints_and_collections(model, tmp_path):
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    _archive(model, "jax").write_out(tmp_path / "a", verbose=False)
    served = kerax.export.load(tmp_path / "a")
    assert served.endpoint_names == ["serve", "scores"]
    logits = np.asarray(model(x))
    np.testing.assert_allclose(served(x), logits, atol=1e-6)
    np.testing.assert_allclose(served.scores(x),
                               jax.nn.softmax(logits), atol=1e-6)
    kernel, bias = model.get_layer("head").weights
    np.testing.assert_array_equal(served.head[0], kernel.numpy())
    np.testing.assert_array_equal(served.head[1], bias.numpy())
    with pytest.raises(AttributeError, match="endpoint or variable"):
        served.missing  # noqa: B018


def test_onnx_archive_writes_one_file_per_endpoint(model, tmp_path):
    x = np.ones((2, 3), "float32")
    _archive(model, "onnx").write_out(tmp_path / "o", verbose=False)
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "head.npz", "scores.onnx", "serve.onnx"]
    session = _session(tmp_path / "o" / "scores.onnx")
    assert [o.name for o in session.get_outputs()] == ["probabilities"]
    (got,) = session.run(None, {"x": x})
    np.testing.assert_allclose(got, jax.nn.softmax(np.asarray(model(x))),
                               atol=1e-6)


def test_write_out_prints_the_endpoints(model, tmp_path, capsys):
    _archive(model, "jax").write_out(tmp_path / "v")
    printed = capsys.readouterr().out
    assert "serve(x: float32[None, 3])" in printed
    assert "variable collection head: 2 variables" in printed


def test_multi_input_functional_model(tmp_path):
    a = kerax.Input((3,), name="left")
    b = kerax.Input((2,), name="right")
    joined = L.Concatenate()([L.Dense(2)(a), b])
    model = kerax.Model([a, b], [L.Dense(1, name="score")(joined),
                                 L.Dense(2, name="extra")(joined)])
    xa, xb = np.ones((4, 3), "float32"), np.zeros((4, 2), "float32")
    want = [np.asarray(y) for y in model([xa, xb])]
    model.export(tmp_path / "m.onnx", format="onnx", verbose=False)
    session = _session(tmp_path / "m.onnx")
    assert [i.name for i in session.get_inputs()] == ["left", "right"]
    assert [o.name for o in session.get_outputs()] == ["score", "extra"]
    got = session.run(None, {"left": xa, "right": xb})
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, atol=1e-6)
    model.export(tmp_path / "m", format="jax", verbose=False)
    got = kerax.export.load(tmp_path / "m")([xa, xb])
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, atol=1e-6)


def test_subclassed_model_uses_its_build_shape(tmp_path):
    class Scaled(kerax.Model):
        def __init__(self):
            super().__init__()
            self.dense = L.Dense(2)

        def call(self, inputs):
            return self.dense(inputs) * 2.0

    model = Scaled()
    x = np.ones((3, 4), "float32")
    want = np.asarray(model(x))
    model.export(tmp_path / "s", format="jax", verbose=False)
    np.testing.assert_allclose(kerax.export.load(tmp_path / "s")(x), want,
                               atol=1e-6)


def test_model_export_errors(model, tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="unrecognized format='litert'"):
        model.export(tmp_path / "x", format="litert")
    if "tensorflow" not in sys.modules:
        monkeypatch.setitem(sys.modules, "tensorflow", None)
        with pytest.raises(ImportError, match="format='onnx'.*format='jax'"):
            model.export(tmp_path / "x")
    monkeypatch.setitem(sys.modules, "jax2onnx", None)
    with pytest.raises(ImportError, match=r"pip install kerax\[onnx\]"):
        model.export(tmp_path / "x.onnx", format="onnx")


def test_archive_argument_errors(model):
    with pytest.raises(ValueError, match="unsupported format='tflite'"):
        ExportArchive(format="tflite")
    archive = ExportArchive()
    with pytest.raises(TypeError, match="accepts a kerax Layer"):
        archive.track(object())
    with pytest.raises(ValueError, match="pass `input_signature`"):
        archive.add_endpoint("f", lambda x: x)
    with pytest.raises(ValueError, match="is_static=False"):
        archive.add_endpoint("f", model, SPEC, is_static=False)
    with pytest.raises(ValueError, match="unknown keyword arguments"):
        archive.add_endpoint("f", model, SPEC, colour="red")
    with pytest.raises(ValueError, match="Python identifiers"):
        archive.add_endpoint("not a name", model, SPEC)
    archive.add_endpoint("f", model, SPEC)
    with pytest.raises(ValueError, match="already used"):
        archive.add_variable_collection("f", model.weights)
    with pytest.raises(TypeError, match="kerax Variable"):
        archive.add_variable_collection("g", [np.ones(2)])
    with pytest.raises(ValueError, match="no endpoint"):
        ExportArchive().write_out("unused")


class MinPooling(L.Layer):
    """Uses `reduce_window_min`, which jax2onnx 0.17 cannot lower."""

    def call(self, inputs):
        return jax.lax.reduce_window(inputs, np.inf, jax.lax.min,
                                     (1, 2, 1), (1, 2, 1), "VALID")


def test_unlowerable_op_names_the_layer_and_the_op(tmp_path):
    model = kerax.Sequential([kerax.Input((4, 2)), L.Dense(2),
                              MinPooling(name="min_pool")])
    with pytest.raises(RuntimeError, match=(
            "operation 'reduce_window_min' in layer 'min_pool'")):
        model.export(tmp_path / "m.onnx", format="onnx", verbose=False)
    # The StableHLO format exports it.
    model.export(tmp_path / "m", format="jax", verbose=False)
    x = np.ones((2, 4, 2), "float32")
    np.testing.assert_allclose(kerax.export.load(tmp_path / "m")(x),
                               np.asarray(model(x)), atol=1e-6)


def test_stablehlo_for_several_platforms(model, tmp_path):
    model.export(tmp_path / "p", format="jax", verbose=False,
                 platforms=("cpu", "cuda"))
    served = kerax.export.load(tmp_path / "p")
    assert served.serve.exported.platforms == ("cpu", "cuda")
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(served(x), np.asarray(model(x)), atol=1e-6)


def test_namespace_matches_keras(keras):
    public = {n for n in dir(keras.export) if not n.startswith("_")}
    assert public <= set(dir(kerax.export))
    assert kerax.export.__all__ == ["ExportArchive", "load"]
    for method in ("track", "add_endpoint", "track_and_add_endpoint",
                   "add_variable_collection", "write_out"):
        assert hasattr(ExportArchive, method)


def test_model_export_signature_matches_keras(keras):
    import inspect

    def shape(fn):
        return [(p.name, p.default, p.kind)
                for p in inspect.signature(fn).parameters.values()]

    assert shape(kerax.Model.export) == shape(keras.Model.export)
