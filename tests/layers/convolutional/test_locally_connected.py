"""`LocallyConnected1D/2D` (Keras 2 layers): contract, numerics against
NumPy loops written from Keras 2's formulas, weight layouts, errors,
training and Keras 2 `.h5` files."""

import itertools

import numpy as np
import pytest

import kerax
from kerax import layers, saving
from kerax.testing import run_layer_test
from tests.saving.test_weights_and_legacy import _write_keras23


# --------------------------------------------- NumPy references (Keras 2)
def _out_len(n, k, s, padding):
    n = n if padding == "same" else n - k + 1
    return (n + s - 1) // s


def _connected(spatial, kernel, strides, padding, position):
    """Input ranges that output `position` reads (Keras 2's rule)."""
    ranges = []
    for n, k, s, o in zip(spatial, kernel, strides, position):
        start = o * s if padding == "valid" else o * s - k // 2
        ranges.append(range(max(start, 0), min(start + k, n)))
    return ranges


def _split(x, data_format):
    """-> (spatial shape, channels)."""
    if data_format == "channels_last":
        return x.shape[1:-1], x.shape[-1]
    return x.shape[2:], x.shape[1]


def _add_bias(out, bias, data_format):
    if bias is None:
        return out
    if data_format == "channels_first":  # Keras 2 reshapes, not transposes
        return out + bias.reshape((bias.shape[-1],) + bias.shape[:-1])
    return out + bias


def _ref_impl1(x, kernel, bias, kernel_size, strides, data_format):
    """Keras 2 `local_conv`: flatten each window as sliced, `batch_dot`."""
    spatial, _ = _split(x, data_format)
    out = [_out_len(n, k, s, "valid")
           for n, k, s in zip(spatial, kernel_size, strides)]
    results = []
    for p, position in enumerate(itertools.product(*map(range, out))):
        window = tuple(slice(o * s, o * s + k)
                       for o, s, k in zip(position, strides, kernel_size))
        if data_format == "channels_last":
            patch = x[(slice(None),) + window + (slice(None),)]
        else:
            patch = x[(slice(None), slice(None)) + window]
        results.append(patch.reshape(len(x), -1) @ kernel[p])
    y = np.stack(results, 0).reshape(tuple(out) + (len(x), -1))
    rank = len(out)
    if data_format == "channels_last":
        y = y.transpose((rank,) + tuple(range(rank)) + (rank + 1,))
    else:
        y = y.transpose((rank, rank + 1) + tuple(range(rank)))
    return _add_bias(y, bias, data_format)


def _ref_impl2(x, kernel, bias, kernel_size, strides, padding, data_format):
    spatial, _ = _split(x, data_format)
    out = [_out_len(n, k, s, padding)
           for n, k, s in zip(spatial, kernel_size, strides)]
    mask = np.zeros(tuple(spatial) + tuple(out))
    for position in itertools.product(*map(range, out)):
        for source in itertools.product(*_connected(
                spatial, kernel_size, strides, padding, position)):
            mask[source + position] = 1
    rank = len(out)
    if data_format == "channels_last":
        mask = mask.reshape(tuple(spatial) + (1,) + tuple(out) + (1,))
    else:
        mask = mask.reshape((1,) + tuple(spatial) + (1,) + tuple(out))
    n_in = x[0].size
    y = x.reshape(len(x), -1) @ (kernel * mask).reshape(n_in, -1)
    filters = kernel.shape[-1 if data_format == "channels_last" else rank + 1]
    shape = (tuple(out) + (filters,) if data_format == "channels_last"
             else (filters,) + tuple(out))
    return _add_bias(y.reshape((len(x),) + shape), bias, data_format)


def _ref_idxs(spatial, channels, filters, kernel_size, strides, padding,
              data_format):
    """Keras 2's sorted `(output_idx, input_idx)` pairs."""
    out = [_out_len(n, k, s, padding)
           for n, k, s in zip(spatial, kernel_size, strides)]

    def join(where, c):
        return where + (c,) if data_format == "channels_last" else (
            (c,) + where)

    pairs = []
    for position in itertools.product(*map(range, out)):
        for source in itertools.product(*_connected(
                spatial, kernel_size, strides, padding, position)):
            for c in range(channels):
                for f in range(filters):
                    pairs.append((
                        np.ravel_multi_index(join(position, f),
                                             join(tuple(out), filters)),
                        np.ravel_multi_index(join(source, c),
                                             join(tuple(spatial), channels)),
                    ))
    return sorted(pairs), out


def _ref_impl3(x, kernel, bias, kernel_size, strides, padding, data_format,
               filters):
    spatial, channels = _split(x, data_format)
    pairs, out = _ref_idxs(tuple(spatial), channels, filters, kernel_size,
                           strides, padding, data_format)
    dense = np.zeros((int(np.prod(out)) * filters, x[0].size))
    for value, (o, i) in zip(kernel, pairs):
        dense[o, i] = value
    y = x.reshape(len(x), -1) @ dense.T
    shape = (tuple(out) + (filters,) if data_format == "channels_last"
             else (filters,) + tuple(out))
    return _add_bias(y.reshape((len(x),) + shape), bias, data_format)


# ------------------------------------------------------------- contract
def test_contract_1d():
    run_layer_test(
        layers.LocallyConnected1D,
        {"filters": 3, "kernel_size": 2, "strides": 2, "activation": "relu",
         "kernel_regularizer": "l2"},
        input_shape=(2, 5, 2),
        expected_output_shape=(2, 2, 3),
        expected_num_trainable_weights=2,
        expected_num_losses=1,
    )


def test_contract_2d_channels_first_implementation_3():
    run_layer_test(
        layers.LocallyConnected2D,
        {"filters": 2, "kernel_size": (2, 3), "padding": "same",
         "data_format": "channels_first", "implementation": 3},
        input_shape=(2, 3, 4, 4),
        expected_output_shape=(2, 2, 4, 4),
        expected_num_trainable_weights=2,
        run_training_check=False,
    )


# ------------------------------------------------------------- numerics
CASES = [
    # rank, data_format, implementation, strides, padding, use_bias
    (1, "channels_last", 1, 2, "valid", True),
    (1, "channels_first", 1, 1, "valid", True),
    (1, "channels_last", 2, 2, "same", True),
    (1, "channels_first", 3, 2, "same", False),
    (1, "channels_last", 3, 1, "valid", True),
    (2, "channels_last", 1, (2, 1), "valid", True),
    (2, "channels_first", 1, 1, "valid", True),
    (2, "channels_last", 2, 1, "valid", True),
    (2, "channels_first", 2, (1, 2), "same", True),
    (2, "channels_last", 3, 2, "same", True),
    (2, "channels_first", 3, 1, "valid", True),
]


@pytest.mark.parametrize("rank, data_format, impl, strides, padding, bias",
                         CASES)
def test_matches_keras2_formula(rng, rank, data_format, impl, strides,
                                padding, bias):
    spatial = (7,) if rank == 1 else (5, 6)
    kernel_size = (3,) if rank == 1 else (3, 2)
    channels, filters = 2, 3
    shape = ((2,) + spatial + (channels,) if data_format == "channels_last"
             else (2, channels) + spatial)
    x = rng.normal(size=shape).astype("float32")
    cls = layers.LocallyConnected1D if rank == 1 else layers.LocallyConnected2D
    layer = cls(filters, kernel_size, strides=strides, padding=padding,
                data_format=data_format, use_bias=bias, implementation=impl)
    layer.build(shape)
    weights = [rng.normal(size=w.shape).astype("float32")
               for w in layer.weights]
    layer.set_weights(weights)
    kernel, b = weights[0], (weights[1] if bias else None)
    strides = (strides,) * rank if isinstance(strides, int) else strides
    if impl == 1:
        expected = _ref_impl1(x, kernel, b, kernel_size, strides, data_format)
    elif impl == 2:
        expected = _ref_impl2(x, kernel, b, kernel_size, strides, padding,
                              data_format)
    else:
        expected = _ref_impl3(x, kernel, b, kernel_size, strides, padding,
                              data_format, filters)
    got = np.asarray(layer(x))
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_keras2_weight_shapes(data_format):
    shape = (1, 6, 5, 2) if data_format == "channels_last" else (1, 2, 6, 5)

    def kernel_shape(impl, padding="valid"):
        layer = layers.LocallyConnected2D(
            4, 3, padding=padding, data_format=data_format,
            implementation=impl)
        layer.build(shape)
        assert [w.name for w in layer.weights] == ["kernel", "bias"]
        return layer.kernel.shape, layer.bias.shape

    assert kernel_shape(1) == ((4 * 3, 3 * 3 * 2, 4), (4, 3, 4))
    assert kernel_shape(2)[0] == ((6, 5, 2, 4, 3, 4) if data_format ==
                                  "channels_last" else (2, 6, 5, 4, 4, 3))
    pairs, _ = _ref_idxs((6, 5), 2, 4, (3, 3), (1, 1), "same", data_format)
    assert kernel_shape(3, "same") == ((len(pairs),), (6, 5, 4))
    layer = layers.LocallyConnected1D(4, 3, data_format=data_format)
    layer.build((1, 7, 2) if data_format == "channels_last" else (1, 2, 7))
    assert layer.kernel.shape == (5, 6, 4) and layer.bias.shape == (5, 4)


def test_symbolic_shapes():
    out = layers.LocallyConnected2D(4, 3, strides=2)(kerax.Input((9, 8, 3)))
    assert out.shape == (None, 4, 3, 4)
    out = layers.LocallyConnected1D(
        2, 2, padding="same", implementation=2,
        data_format="channels_first")(kerax.Input((3, 5)))
    assert out.shape == (None, 2, 5)


# ---------------------------------------------------------- config, fit
def test_config_round_trip():
    layer = layers.LocallyConnected2D(
        3, (2, 3), strides=(1, 2), data_format="channels_first",
        activation="tanh", use_bias=False, kernel_regularizer="l1",
        implementation=2, name="lc")
    config = layer.get_config()
    for key in ("filters", "kernel_size", "strides", "padding",
                "data_format", "activation", "use_bias", "kernel_initializer",
                "bias_initializer", "kernel_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint",
                "bias_constraint", "implementation"):
        assert key in config, key
    assert config["implementation"] == 2
    assert config["kernel_size"] == (2, 3) and config["strides"] == (1, 2)
    clone = layers.LocallyConnected2D.from_config(config)
    assert clone.get_config() == config


def test_trains_in_sequential(rng):
    x = rng.normal(size=(16, 6, 6, 2)).astype("float32")
    y = x[:, 1:-1, 1:-1, :1] * 2.0
    model = kerax.Sequential([
        kerax.Input((6, 6, 2)),
        layers.LocallyConnected2D(4, 3, activation="tanh"),
        layers.LocallyConnected2D(1, 1, implementation=3),
    ])
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, epochs=4, batch_size=16, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]


# --------------------------------------------------------- Keras 2 files
def _lc1d_config(name, filters, kernel_size, **extra):
    config = {"name": name, "trainable": True, "dtype": "float32",
              "filters": filters, "kernel_size": [kernel_size],
              "strides": [1], "padding": "valid",
              "data_format": "channels_last", "activation": "relu",
              "use_bias": True,
              "kernel_initializer": {"class_name": "VarianceScaling",
                                     "config": {"scale": 1.0,
                                                "mode": "fan_avg",
                                                "distribution": "uniform",
                                                "seed": None}},
              "bias_initializer": {"class_name": "Zeros", "config": {}},
              "kernel_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None,
              "bias_constraint": None}
    config.update(extra)
    return {"class_name": "LocallyConnected1D", "config": config}


def test_keras23_h5_file_and_round_trips(tmp_path, rng):
    kernel = rng.normal(size=(4, 3 * 2, 3)).astype("float32")
    bias = rng.normal(size=(4, 3)).astype("float32")
    config = {"class_name": "Sequential", "config": {
        "name": "sequential_1", "layers": [
            _lc1d_config("locally_connected1d_1", 3, 3,
                         batch_input_shape=[None, 6, 2])]}}
    path = str(tmp_path / "lc.h5")
    _write_keras23(path, config, [(
        "locally_connected1d_1",
        [("locally_connected1d_1/kernel:0", kernel),
         ("locally_connected1d_1/bias:0", bias)])])
    model = saving.load_model(path)
    x = rng.normal(size=(3, 6, 2)).astype("float32")
    expected = np.maximum(
        _ref_impl1(x, kernel, bias, (3,), (1,), "channels_last"), 0)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected,
                               rtol=1e-5, atol=1e-5)
    assert model.layers[0].implementation == 1
    for name in ("again.h5", "again.keras"):
        model.save(str(tmp_path / name))
        loaded = saving.load_model(str(tmp_path / name))
        np.testing.assert_allclose(loaded.predict(x, verbose=0), expected,
                                   rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------- errors
@pytest.mark.parametrize("cls", ["LocallyConnected1D", "LocallyConnected2D"])
def test_same_padding_needs_implementation_2_or_3(cls):
    with pytest.raises(ValueError, match=f"{cls}.*`padding='valid'`.*same"):
        getattr(layers, cls)(2, 3, padding="same")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"padding": "causal", "implementation": 2}, "`padding`.*causal"),
        ({"implementation": 4}, "`implementation`.*implementation=4"),
        ({"filters": 0}, "`filters`"),
        ({"kernel_size": (2, 2)}, "`kernel_size`"),
        ({"data_format": "nwc"}, "`data_format`"),
    ],
)
def test_bad_arguments(kwargs, match):
    kwargs = {"filters": 2, "kernel_size": 3, **kwargs}
    with pytest.raises(ValueError, match=match):
        layers.LocallyConnected1D(**kwargs)


def test_unknown_steps():
    with pytest.raises(ValueError, match="spatial dimensions.*defined"):
        layers.LocallyConnected1D(2, 3)(kerax.Input((None, 4)))


def test_kernel_bigger_than_input():
    with pytest.raises(ValueError, match="`kernel_size`.*too_big"):
        layers.LocallyConnected2D(2, 4, name="too_big")(
            np.ones((1, 3, 3, 1), "float32"))
