"""kerax.losses API: names, configs, look-up, errors, jit, input types."""

import doctest
import importlib
import inspect

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax.losses as kl
from kerax.core.variable import Variable

RNG = np.random.default_rng(1)
LABELS = np.eye(4, dtype=np.float32)[[0, 3, 1, 2]]
LOGITS = RNG.normal(size=(4, 4)).astype(np.float32)
PROBS = jax.nn.softmax(LOGITS).__array__()

CLASS_NAMES = [
    n
    for n in dir(kl)
    if n[0].isupper()
    and inspect.isclass(getattr(kl, n))
    and issubclass(getattr(kl, n), kl.Loss)
    and n not in ("Loss", "LossFunctionWrapper")
]


def test_every_keras_loss_is_here(keras):
    keras_names = {n for n in dir(keras.losses) if not n.startswith("_")}
    missing = sorted(n for n in keras_names if not hasattr(kl, n))
    assert missing == []
    assert len(CLASS_NAMES) == 22


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_config_round_trip_and_keras_superset(keras, name):
    loss = getattr(kl, name)(reduction="sum", name="custom")
    config = loss.get_config()
    clone = type(loss).from_config(config)
    assert clone.get_config() == config
    assert kl.deserialize(kl.serialize(loss)).get_config() == config
    keras_config = getattr(keras.losses, name)(
        reduction="sum", name="custom"
    ).get_config()
    assert {k: config[k] for k in keras_config} == keras_config
    assert kl.serialize(loss)["module"] == "keras.losses"


def test_serialize_matches_keras_format(keras):
    ours = kl.serialize(kl.BinaryCrossentropy(from_logits=True))
    ref = keras.losses.serialize(keras.losses.BinaryCrossentropy(True))
    assert ours == ref
    assert kl.serialize(kl.mean_squared_error) == keras.losses.serialize(
        keras.losses.mean_squared_error
    )
    assert kl.deserialize(ref).from_logits is True
    assert kl.serialize("mse") == "mse" and kl.serialize(None) is None


def test_wrapper_round_trip():
    loss = kl.LossFunctionWrapper(
        kl.huber, name="wrapped", reduction="sum", delta=0.5
    )
    config = kl.serialize(loss)
    assert config["config"]["fn"]["config"] == "huber"
    clone = kl.deserialize(config)
    assert isinstance(clone, kl.LossFunctionWrapper) and clone.fn is kl.huber
    np.testing.assert_allclose(clone(LABELS, LOGITS), loss(LABELS, LOGITS))
    np.testing.assert_allclose(
        loss(LABELS, LOGITS), jnp.sum(kl.huber(LABELS, LOGITS, delta=0.5))
    )


@pytest.mark.parametrize(
    "alias, fn",
    [
        ("mse", kl.mean_squared_error),
        ("MSE", kl.mean_squared_error),
        ("mae", kl.mean_absolute_error),
        ("mape", kl.mean_absolute_percentage_error),
        ("msle", kl.mean_squared_logarithmic_error),
        ("kld", kl.kl_divergence),
        ("bce", kl.binary_crossentropy),
        ("log_cosh", kl.log_cosh),
        ("huber", kl.huber),
        ("kullback_leibler_divergence", kl.kl_divergence),
        ("cosine_proximity", kl.cosine_similarity),
        ("logcosh", kl.log_cosh),
        ("huber_loss", kl.huber),
        ("sparse_categorical_crossentropy", kl.sparse_categorical_crossentropy),
    ],
)
def test_get_names_and_aliases(alias, fn):
    assert kl.get(alias) is fn
    assert kl.deserialize(alias) is fn
    if alias.isidentifier() and not alias[0].isupper():
        assert getattr(kl, alias) is fn


def test_get_classes_dicts_and_callables():
    assert isinstance(
        kl.get("CategoricalCrossentropy"), kl.CategoricalCrossentropy
    )
    assert isinstance(kl.get(kl.Huber), kl.Huber)
    loss = kl.get({"class_name": "Huber", "config": {"delta": 2.0}})
    assert isinstance(loss, kl.Huber) and loss.delta == 2.0
    instance = kl.MeanSquaredError()
    assert kl.get(instance) is instance
    custom = lambda y_true, y_pred: y_pred
    assert kl.get(custom) is custom
    assert kl.get(None) is None
    fn = kl.get({"class_name": "function", "config": "mae"})
    assert fn is kl.mean_absolute_error


def test_custom_objects_and_subclass():
    class MyLoss(kl.Loss):
        def call(self, y_true, y_pred):
            return jnp.abs(y_pred - y_true)

    loss = MyLoss(reduction="sum")
    assert loss.name.startswith("my_loss")
    config = kl.serialize(loss)
    clone = kl.deserialize(config, custom_objects={"MyLoss": MyLoss})
    assert isinstance(clone, MyLoss) and clone.reduction == "sum"
    assert float(loss([0.0, 1.0], [1.0, 3.0])) == 3.0
    with pytest.raises(NotImplementedError, match="Loss"):
        kl.Loss()([0.0], [1.0])


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="Could not interpret loss.*nope"):
        kl.get("nope")
    with pytest.raises(ValueError, match="nope"):
        kl.deserialize("nope")
    with pytest.raises(ValueError, match="Unknown loss class: 'Nope'"):
        kl.deserialize({"class_name": "Nope", "config": {}})
    with pytest.raises(ValueError, match="Could not interpret loss.*3"):
        kl.get(3)
    with pytest.raises(ValueError, match="Received: reduction='bad'"):
        kl.MeanSquaredError(reduction="bad")
    auto = kl.MeanSquaredError(reduction="auto")  # the Keras 2 spelling
    assert auto.reduction == "sum_over_batch_size"
    with pytest.raises(ValueError, match="Received: q=1.5"):
        kl.CategoricalGeneralizedCrossEntropy(q=1.5)
    with pytest.raises(ValueError, match="Received: axis=True"):
        kl.categorical_crossentropy(LABELS, PROBS, axis=True)
    with pytest.raises(ValueError, match=r"y_true.shape=\(4,\)"):
        kl.ctc(np.zeros(4), np.zeros((4, 3, 2)))
    with pytest.raises(ValueError, match="same shape"):
        kl.categorical_crossentropy(LABELS[:, :3], PROBS)
    with pytest.raises(TypeError, match="Received: fn=3"):
        kl.LossFunctionWrapper(3)
    with pytest.warns(SyntaxWarning, match="binary_crossentropy"):
        kl.categorical_crossentropy([[1.0]], [[0.5]])


def test_keyword_call_form():
    expected = kl.categorical_crossentropy(LABELS, LOGITS, from_logits=True)
    got = kl.categorical_crossentropy(
        y_true=LABELS, y_pred=LOGITS, from_logits=True
    )
    np.testing.assert_allclose(got, expected)
    loss = kl.CategoricalCrossentropy(from_logits=True)
    np.testing.assert_allclose(
        loss(y_true=LABELS, y_pred=LOGITS), jnp.mean(expected), rtol=1e-6
    )


JIT_CASES = [
    (kl.CategoricalCrossentropy(label_smoothing=0.1), LABELS, PROBS),
    (kl.BinaryFocalCrossentropy(from_logits=True), LABELS, LOGITS),
    (kl.Hinge(), LABELS, LOGITS),
    (kl.SparseCategoricalCrossentropy(ignore_class=2), [0, 2, 1, 2], PROBS),
    (kl.Circle(), [0, 0, 1, 1], PROBS),
    (kl.CTC(), [[1, 2], [3, 0], [1, 1], [2, 0]], LOGITS[:, :, None] * PROBS),
    (kl.Dice(axis=(1,)), LABELS, PROBS),
]


@pytest.mark.parametrize("loss, y_true, y_pred", JIT_CASES)
def test_jit_matches_eager(loss, y_true, y_pred):
    sw = np.linspace(0.5, 1.5, 4).astype(np.float32)
    mask = np.array([True, False, True, True])
    eager = loss(y_true, y_pred, sample_weight=sw, mask=mask)
    jitted = jax.jit(lambda t, p, w, m: loss(t, p, sample_weight=w, mask=m))
    np.testing.assert_allclose(
        jitted(jnp.asarray(y_true), y_pred, sw, mask), eager, rtol=1e-5
    )


@pytest.mark.parametrize("loss, y_true, y_pred", JIT_CASES[1:4:2])
def test_gradients_are_finite(loss, y_true, y_pred):
    grads = jax.grad(lambda p: loss(y_true, p))(jnp.asarray(y_pred))
    assert np.all(np.isfinite(grads))


def test_accepts_variables_lists_and_numpy():
    expected = kl.MeanSquaredError()(LABELS, PROBS, sample_weight=[1, 2, 3, 4])
    got = kl.MeanSquaredError()(
        Variable(LABELS),
        Variable(PROBS),
        sample_weight=Variable([1.0, 2, 3, 4]),
    )
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    got = kl.mean_squared_error(LABELS.tolist(), jnp.asarray(PROBS))
    np.testing.assert_allclose(got, kl.mean_squared_error(LABELS, PROBS))


def test_dtype_and_scalar_outputs():
    loss = kl.MeanSquaredError(dtype="float16")
    assert loss.dtype == "float16"
    assert loss(LABELS, PROBS).dtype == jnp.float16
    assert kl.MeanSquaredError(reduction=None)(LABELS, PROBS).shape == (4,)
    assert kl.Dice(reduction="sum")(LABELS, PROBS).shape == ()
    empty = kl.MeanSquaredError()(np.zeros((0, 2)), np.zeros((0, 2)))
    assert empty.shape == (0,)


@pytest.mark.parametrize(
    "module",
    [
        "kerax.losses",
        "kerax.losses.loss",
        "kerax.losses.wrapper",
        "kerax.losses.regression",
        "kerax.losses.probabilistic",
        "kerax.losses.crossentropy",
        "kerax.losses.focal",
        "kerax.losses.hinges",
        "kerax.losses.segmentation",
        "kerax.losses.similarity",
        "kerax.losses.sequence",
        "kerax.losses.serialization",
    ],
)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_loss_functions_on_keras_tensors_record_graph_ops():
    # Keras 2 programs (the VAE examples) write their loss on the model's
    # symbolic tensors: the result is a KerasTensor a model can output.
    import kerax

    inputs = kerax.Input((4,))
    outputs = kerax.layers.Dense(4, activation="sigmoid")(inputs)
    xent = kl.binary_crossentropy(inputs, outputs)
    mse = kl.mean_squared_error(inputs, outputs)
    assert isinstance(xent, kerax.KerasTensor) and xent.shape == (None,)
    model = kerax.Model(inputs, [xent, mse, outputs])
    x = RNG.uniform(size=(3, 4)).astype(np.float32)
    got_xent, got_mse, y = model.predict(x, verbose=0)
    np.testing.assert_allclose(
        got_xent, kl.binary_crossentropy(x, y), rtol=1e-5)
    np.testing.assert_allclose(got_mse, kl.mean_squared_error(x, y),
                               rtol=1e-5)
