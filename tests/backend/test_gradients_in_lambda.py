"""`K.gradients` inside a `Lambda` whose inputs are related only through
layers outside it (the stacked what-where autoencoder's pooling
switches): the Lambda replays its recorded sub-graph at run time."""

import numpy as np
import pytest

import kerax
from kerax import backend as K
from kerax import layers
from kerax.core import naming


def getwhere(x):
    y_prepool, y_postpool = x
    return K.gradients(K.sum(y_postpool), y_prepool)


def first_shape(shapes):
    return shapes[0]


def _switch_model(data_format):
    shape = (4, 4, 2) if data_format == "channels_last" else (2, 4, 4)
    inp = layers.Input(shape)
    pre = layers.Conv2D(3, 1, data_format=data_format, name="conv")(inp)
    post = layers.MaxPooling2D(2, data_format=data_format)(pre)
    where = layers.Lambda(getwhere, output_shape=first_shape,
                          name="where")([pre, post])
    up = layers.UpSampling2D(2, data_format=data_format)(post)
    out = layers.multiply([up, where])
    return kerax.Model(inp, out), shape


def _switch_reference(model, x, data_format):
    kernel, bias = model.get_layer("conv").get_weights()
    axis = -1 if data_format == "channels_last" else 1
    pre = np.moveaxis(
        np.moveaxis(x, axis, -1) @ kernel[0, 0] + bias, -1, axis)
    rows, cols = (1, 2) if data_format == "channels_last" else (2, 3)
    n, h, w = pre.shape[0], pre.shape[rows], pre.shape[cols]
    chan_last = np.moveaxis(pre, axis, -1)
    post = chan_last.reshape(n, h // 2, 2, w // 2, 2, -1).max(axis=(2, 4))
    up = post.repeat(2, axis=1).repeat(2, axis=2)
    where = (chan_last == up).astype("float32")  # the max's switch
    return np.moveaxis(up * where, -1, axis)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_pooling_switch_trains_and_predicts(data_format):
    model, shape = _switch_model(data_format)
    rng = np.random.RandomState(0)
    x = rng.rand(4, *shape).astype("float32")
    y = rng.rand(4, *model.output.shape[1:]).astype("float32")
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_layer("conv").get_weights()[0].copy()
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert not np.allclose(before, model.get_layer("conv").get_weights()[0])
    got = model.predict(x, verbose=0)
    np.testing.assert_allclose(got, _switch_reference(model, x, data_format),
                               rtol=1e-5, atol=1e-6)
    where = model.get_layer("where")
    assert [layer.name for layer in model.layers].count("where") == 1
    assert where.count_params() == 0
    assert where.get_config()["function"]["config"] == "getwhere"


def test_gradient_through_outer_weights_reads_current_values():
    inp = layers.Input((3,))
    pre = layers.Dense(4, name="pre")(inp)
    post = layers.Dense(2, name="post")(pre)
    grad = layers.Lambda(
        lambda t: K.gradients(K.sum(K.square(t[1])), t[0])[0])([pre, post])
    model = kerax.Model(inp, grad)
    x = np.random.RandomState(1).rand(5, 3).astype("float32")
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, np.zeros((5, 4), "float32"), epochs=1, verbose=0)
    w1, b1 = model.get_layer("pre").get_weights()
    w2, b2 = model.get_layer("post").get_weights()
    expected = 2 * ((x @ w1 + b1) @ w2 + b2) @ w2.T
    np.testing.assert_allclose(model.predict(x, verbose=0), expected,
                               rtol=1e-5, atol=1e-6)


def test_config_round_trip_rebuilds_the_replay():
    model, shape = _switch_model("channels_last")
    x = np.random.RandomState(2).rand(2, *shape).astype("float32")
    clone = kerax.Model.from_config(
        model.get_config(),
        custom_objects={"getwhere": getwhere, "first_shape": first_shape})
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(x, verbose=0),
                               model.predict(x, verbose=0), rtol=1e-6)


def test_ordinary_lambda_is_untouched():
    inp = layers.Input((3,))
    layer = layers.Lambda(lambda t: K.sum(t, axis=1, keepdims=True) * 2.0)
    names = naming.snapshot_uids()
    out = layer(inp)
    assert naming.snapshot_uids() == names
    assert layer._graph_replay is None
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(kerax.Model(inp, out).predict(x, verbose=0),
                               [[6.0], [24.0]])


def test_second_call_and_missing_input_are_refused():
    inp = layers.Input((3,))
    pre = layers.Dense(2)(inp)
    post = layers.Dense(2)(pre)
    layer = layers.Lambda(getwhere)
    layer([pre, post])
    with pytest.raises(ValueError, match="one set of tensors"):
        layer([post, layers.Dense(2)(post)])
    with pytest.raises(ValueError, match="not among the Lambda's inputs"):
        layers.Lambda(
            lambda t: K.gradients(K.sum(t) + K.sum(inp), t)[0])(pre)
