"""Built-in layers beyond the main models export to ONNX and StableHLO
(each checked against the model's own output at two batch sizes)."""

import numpy as np
import pytest

import kerax
from kerax import layers as L

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
pytest.importorskip("jax2onnx")


def _convolutions():
    return kerax.Sequential([
        kerax.Input((8, 8, 3)), L.Conv2D(4, 3, strides=2, padding="same"),
        L.DepthwiseConv2D(3, padding="same"), L.SeparableConv2D(4, 3),
        L.Conv2DTranspose(3, 2, strides=2), L.GroupNormalization(groups=3),
        L.LayerNormalization(), L.GlobalMaxPooling2D(), L.Dense(2)])


def _volumes():
    return kerax.Sequential([
        kerax.Input((4, 4, 4, 2)), L.Conv3D(3, 2, padding="same"),
        L.MaxPooling3D(), L.AveragePooling3D(1), L.Flatten()])


def _sequences():
    return kerax.Sequential([
        kerax.Input((10, 2)), L.Conv1D(3, 3, dilation_rate=2,
                                       padding="causal"),
        L.MaxPooling1D(padding="same"), L.UpSampling1D(), L.ZeroPadding1D(),
        L.LSTM(2, go_backwards=True, return_sequences=True), L.Flatten()])


def _conv_lstm():
    return kerax.Sequential([
        kerax.Input((3, 6, 2)),
        L.ConvLSTM1D(2, 3, go_backwards=True, return_sequences=True),
        L.Flatten()])


def _tokens():
    return kerax.Sequential([
        kerax.Input((6,), dtype="int32"), L.Embedding(10, 4),
        L.SimpleRNN(3, return_sequences=True), L.GlobalAveragePooling1D()])


def _preprocessing():
    return kerax.Sequential([
        kerax.Input((8, 8, 3)), L.Rescaling(1 / 255.0, offset=-0.5),
        L.Normalization(mean=0.1, variance=0.5), L.CenterCrop(6, 6),
        L.UpSampling2D(), L.Flatten()])


CASES = {"convolutions": _convolutions, "volumes": _volumes,
         "sequences": _sequences, "conv_lstm": _conv_lstm,
         "tokens": _tokens,
         "preprocessing": _preprocessing}


def _inputs(model, batch, seed):
    spec = model.inputs[0]
    shape = (batch, *spec.shape[1:])
    rng = np.random.default_rng(seed)
    if "int" in str(spec.dtype):
        return rng.integers(0, 10, shape).astype("int32")
    return rng.uniform(0, 1, shape).astype("float32")


def _session(path):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options)


@pytest.mark.parametrize("name", list(CASES))
def test_layers_export(name, tmp_path):
    kerax.utils.set_random_seed(3)
    model = CASES[name]()
    model.export(tmp_path / "m.onnx", format="onnx", verbose=False)
    model.export(tmp_path / "m", format="jax", verbose=False)
    onnx.checker.check_model(str(tmp_path / "m.onnx"))
    session = _session(tmp_path / "m.onnx")
    served = kerax.export.load(tmp_path / "m")
    for batch in (1, 4):
        x = _inputs(model, batch, batch)
        # `predict` (one program per batch size) is several times quicker
        # than an eager call's compile per op.
        want = np.asarray(model.predict(x, verbose=0))
        (got,) = session.run(None, {session.get_inputs()[0].name: x})
        np.testing.assert_allclose(got, want, atol=1e-5)
        np.testing.assert_allclose(served(x), want, atol=1e-5)


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_resizing_exports_with_a_dynamic_batch(interpolation, tmp_path):
    model = kerax.Sequential([
        kerax.Input((8, 6, 3)), L.Resizing(4, 9, interpolation=interpolation)])
    model.export(tmp_path / "r.onnx", format="onnx", verbose=False)
    model.export(tmp_path / "r", format="jax", verbose=False)
    session = _session(tmp_path / "r.onnx")
    served = kerax.export.load(tmp_path / "r")
    for batch in (1, 3):
        x = _inputs(model, batch, batch)
        want = np.asarray(model.predict(x, verbose=0))
        (got,) = session.run(None, {session.get_inputs()[0].name: x})
        np.testing.assert_allclose(got, want, atol=1e-5)
        np.testing.assert_allclose(served(x), want, atol=1e-5)


class BatchScaled(L.Layer):
    """Needs a concrete batch size, which a dynamic-batch export lacks."""

    def call(self, inputs):
        return inputs * float(int(inputs.shape[0]))


def test_static_shape_layers_ask_for_a_fixed_batch(tmp_path):
    model = kerax.Sequential([kerax.Input((3,)), BatchScaled(name="scaled")])
    with pytest.raises(RuntimeError, match=(
            "layer 'scaled'.*fixed batch size")):
        model.export(tmp_path / "s.onnx", format="onnx", verbose=False)
    spec = [kerax.InputSpec(shape=(2, 3), dtype="float32")]
    model.export(tmp_path / "s.onnx", format="onnx", verbose=False,
                 input_signature=spec)
    session = _session(tmp_path / "s.onnx")
    x = np.ones((2, 3), "float32")
    (got,) = session.run(None, {session.get_inputs()[0].name: x})
    np.testing.assert_allclose(got, 2 * x)
