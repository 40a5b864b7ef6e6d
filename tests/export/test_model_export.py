"""`model.export` to ONNX (run in onnxruntime) and to StableHLO (run in a
fresh process that imports jax and the standalone loader, not kerax),
compared with `model.predict` at two batch sizes.

Every model is built and exported once (module-scoped fixture); the
StableHLO artifacts all run in ONE subprocess. Each model predicts one
batch of 3 rows (one compile); its first row and prediction are the batch
of 1 (rows are independent in every model here: inference mode).
"""

import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import kerax
from kerax import layers as L

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
pytest.importorskip("jax2onnx")

BATCHES = (1, 3)
# Largest |export - predict| allowed (every model's outputs are of order
# 1: at most ~2.3 in absolute value).
TOLERANCE = 1e-4
LOADER = pathlib.Path(kerax.__file__).parent / "export" / "loader.py"


def _he_init(model, seed=0):
    """Variance-preserving random kernels, so that deep random-weight
    models give outputs of order 1 (not ~1e-12) and the comparison
    means something."""
    rng = np.random.default_rng(seed)
    values = []
    for w in model.weights:
        value = np.asarray(w.numpy())
        if value.ndim >= 2 and "kernel" in w.path:
            fan_in = int(np.prod(value.shape[:-1]))
            if "depthwise" in w.path:
                fan_in = int(np.prod(value.shape[:-2]))
            value = rng.normal(0, np.sqrt(2.0 / fan_in), value.shape)
        values.append(value.astype(w.dtype))
    model.set_weights(values)


def _unit_logits(model, x):
    """Scales the last layer so that the logits on `x` are of order 1, and
    the 1e-4 bound is tight (ResNet50's random logits reach ~150)."""
    head = model.layers[-1]
    scale = float(np.abs(np.asarray(model.predict(x, verbose=0))).max())
    head.set_weights([w / scale for w in head.get_weights()])


def _mlp():
    return kerax.Sequential([
        kerax.Input((6,), name="features"), L.Dense(16, activation="relu"),
        L.Dropout(0.5), L.Dense(3)])


def _cnn():
    return kerax.Sequential([
        kerax.Input((12, 12, 3), name="image"),
        L.Conv2D(4, 3, activation="relu", padding="same"),
        L.MaxPooling2D(), L.BatchNormalization(),
        L.Conv2D(6, 3, strides=2), L.AveragePooling2D(2),
        L.GlobalAveragePooling2D(), L.Dense(2)])


# The recurrent kernels start from Glorot, not the orthogonal default: the
# exported graph is the same, and the orthogonal initializer runs ~30
# small eager ops, each an XLA compile per kernel shape (90 compiles for
# these two models).
_RECURRENT = {"recurrent_initializer": "glorot_uniform"}


def _lstm():
    return kerax.Sequential([
        kerax.Input((7, 4)), L.LSTM(5, return_sequences=True, **_RECURRENT),
        L.LSTM(3, **_RECURRENT)])


def _bigru():
    return kerax.Sequential([
        kerax.Input((7, 4)), L.Bidirectional(L.GRU(4, **_RECURRENT)),
        L.Dense(2)])


def _transformer():
    tokens = kerax.Input((6, 8), name="tokens")
    attended = L.MultiHeadAttention(2, 4)(tokens, tokens)
    hidden = L.LayerNormalization()(tokens + attended)
    ffn = L.Dense(8)(L.Dense(16, activation="gelu")(hidden))
    return kerax.Model(tokens, L.LayerNormalization()(hidden + ffn))


def _mobilenet_v2():
    from kerax.applications import MobileNetV2

    model = MobileNetV2(input_shape=(32, 32, 3), weights=None, classes=5,
                        classifier_activation=None)
    _he_init(model)
    return model


def _resnet50():
    from kerax.applications import ResNet50

    model = ResNet50(input_shape=(32, 32, 3), weights=None, classes=5,
                     classifier_activation=None)
    _he_init(model)
    return model


MODELS = {
    "mlp": _mlp, "cnn": _cnn, "lstm": _lstm, "bigru": _bigru,
    "transformer": _transformer, "mobilenet_v2": _mobilenet_v2,
    "resnet50": _resnet50,
}
# Random-weight deep models whose head is scaled to logits of order 1.
UNIT_LOGITS = ("mobilenet_v2", "resnet50")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """name -> (onnx path, stablehlo dir, {batch: (x, predict(x))})."""
    root = tmp_path_factory.mktemp("export")
    kerax.utils.set_random_seed(1)
    out = {}
    for name, make in MODELS.items():
        model = make()
        shape = tuple(model.inputs[0].shape[1:])
        rng = np.random.default_rng(len(name))
        x = rng.uniform(-1, 1, (max(BATCHES), *shape)).astype("float32")
        if name in UNIT_LOGITS:
            _unit_logits(model, x)
        want = np.asarray(model.predict(x, verbose=0))
        cases = {batch: (x[:batch], want[:batch]) for batch in BATCHES}
        onnx_path = root / f"{name}.onnx"
        model.export(onnx_path, format="onnx", verbose=False)
        model.export(root / name, format="jax", verbose=False)
        out[name] = (onnx_path, root / name, cases)
    return out


def _assert_close(got, want):
    assert got.shape == want.shape
    assert float(np.abs(want).max()) < 10
    assert float(np.abs(got - want).max()) <= TOLERANCE


@pytest.mark.parametrize("name", list(MODELS))
def test_onnx_runs_in_onnxruntime(exported, name):
    onnx_path, _, cases = exported[name]
    onnx.checker.check_model(str(onnx_path), full_check=True)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(onnx_path), options)
    (model_input,) = session.get_inputs()
    assert model_input.shape[0] == "batch"
    for x, want in cases.values():
        (got,) = session.run(None, {model_input.name: x})
        _assert_close(got, want)


def test_onnx_input_names_come_from_the_model(exported):
    names = {
        name: onnx.load(str(exported[name][0])).graph.input[0].name
        for name in ("mlp", "cnn", "transformer")}
    assert names == {"mlp": "features", "cnn": "image",
                     "transformer": "tokens"}


_FRESH_PROCESS = """
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("loader", sys.argv[1])
loader = importlib.util.module_from_spec(spec)
spec.loader.exec_module(loader)
jobs = json.loads(sys.argv[2])
for artifact, inputs, outputs in jobs:
    served = loader.load(artifact)
    with np.load(inputs) as data:
        got = {key: np.asarray(served(data[key])) for key in data.files}
    np.savez(outputs, **got)
assert not any(m == "kerax" or m.startswith("kerax.") for m in sys.modules)
"""


def test_stablehlo_runs_in_a_fresh_process(exported, tmp_path):
    jobs = []
    for name, (_, artifact, cases) in exported.items():
        inputs = tmp_path / f"{name}_in.npz"
        np.savez(inputs, **{f"b{b}": x for b, (x, _) in cases.items()})
        jobs.append((str(artifact), str(inputs),
                     str(tmp_path / f"{name}_out.npz")))
    env = dict(os.environ, JAX_PLATFORMS="cpu")
    result = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS, str(LOADER),
         json.dumps(jobs)],
        capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    for name, (_, _, cases) in exported.items():
        with np.load(tmp_path / f"{name}_out.npz") as got:
            for batch, (_, want) in cases.items():
                _assert_close(got[f"b{batch}"], want)
