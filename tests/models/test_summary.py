"""`model.summary()` prints exactly what Keras 3 prints.

Every case builds the same model in kerax and in real Keras (explicit names
everywhere, so auto-numbering cannot differ) and compares the two outputs
byte for byte: captured through `print_fn`, and written to stdout (plain
when stdout is not a terminal, with ANSI styles when rich would treat it as
one).
"""

import functools

import numpy as np
import pytest

import kerax
from kerax.models import summary as summary_lib


# ----------------------------------------------------------------- models
# Zero kernels: a summary never looks at values, and random initializers
# would compile one JAX program per kernel shape.
def _dense(lib):
    return functools.partial(lib.layers.Dense, kernel_initializer="zeros")


def _conv(lib):
    return functools.partial(lib.layers.Conv2D, kernel_initializer="zeros")


def _pair_layer_class(lib):
    class AddPair(lib.layers.Layer):
        def call(self, inputs):
            return inputs[0] + inputs[1]

    return AddPair


def _split_layer_class(lib):
    class SplitTwo(lib.layers.Layer):
        def call(self, inputs):
            return inputs[:, :2], inputs[:, 2:]

    return SplitTwo


def mnist_mlp(lib):
    layers = lib.layers
    return lib.Sequential(
        [
            lib.Input((784,), name="input"),
            _dense(lib)(512, activation="relu", name="dense"),
            layers.Dropout(0.2, name="dropout"),
            _dense(lib)(512, activation="relu", name="dense_1"),
            layers.Dropout(0.2, name="dropout_1"),
            _dense(lib)(10, activation="softmax", name="dense_2"),
        ],
        name="sequential",
    )


def mnist_cnn(lib):
    layers = lib.layers
    return lib.Sequential(
        [
            lib.Input((28, 28, 1), name="input"),
            _conv(lib)(32, 3, activation="relu", name="conv2d"),
            _conv(lib)(64, 3, activation="relu", name="conv2d_1"),
            layers.MaxPooling2D(2, name="max_pooling2d"),
            layers.Dropout(0.25, name="dropout"),
            layers.Flatten(name="flatten"),
            _dense(lib)(128, activation="relu", name="dense"),
            layers.Dropout(0.5, name="dropout_1"),
            _dense(lib)(10, activation="softmax", name="dense_1"),
        ],
        name="mnist_cnn",
    )


def multi_io(lib):
    """Two inputs, a shared layer, a multi-input layer, two outputs."""
    a = lib.Input((8,), name="input_a")
    b = lib.Input((8,), name="input_b")
    shared = _dense(lib)(8, name="shared_dense")
    merged = _pair_layer_class(lib)(name="add_pair")([shared(a), shared(b)])
    first, second = _split_layer_class(lib)(name="split_two")(merged)
    out_1 = _dense(lib)(3, name="head_1")(first)
    out_2 = _dense(lib)(1, name="head_2")(second)
    return lib.Model([a, b], [out_1, out_2], name="multi_io")


def chain_functional(lib):
    """A functional model that is a plain chain (Keras: no Connected to)."""
    inputs = lib.Input((5,), name="x")
    hidden = _dense(lib)(4, name="hidden")(inputs)
    outputs = _dense(lib)(2, name="out")(hidden)
    return lib.Model(inputs, outputs, name="chain")


def nested(lib):
    """A Sequential inside a functional model inside a Sequential."""
    inner = lib.Sequential(
        [lib.Input((8,), name="inner_input"),
         _dense(lib)(4, name="inner_1"), _dense(lib)(3, name="inner_2")],
        name="inner_seq",
    )
    x = lib.Input((8,), name="mid_input")
    y = inner(_dense(lib)(8, name="mid_dense")(x))
    middle = lib.Model(x, y, name="middle")
    return lib.Sequential(
        [lib.Input((8,), name="outer_input"), middle,
         _dense(lib)(1, name="outer_dense")],
        name="outer",
    )


def nested_functional_graph(lib):
    """A nested Sequential called inside a non-sequential functional graph."""
    inner = lib.Sequential(
        [lib.Input((8,), name="in_input"), _dense(lib)(4, name="in_1")],
        name="in_seq",
    )
    x = lib.Input((8,), name="x")
    shared = _dense(lib)(8, name="twice")
    y = inner(shared(shared(x)))
    return lib.Model(x, y, name="graph_with_nested")


def unbuilt(lib):
    return lib.Sequential(
        [_dense(lib)(3, name="first"), _dense(lib)(2, name="second")],
        name="unbuilt",
    )


def frozen(lib):
    model = lib.Sequential(
        [lib.Input((6,), name="in"),
         _dense(lib)(4, name="trainable_dense"),
         _dense(lib)(4, name="frozen_dense"),
         lib.layers.Dropout(0.1, name="drop"),
         _dense(lib)(2, name="last")],
        name="partly_frozen",
    )
    model.get_layer("frozen_dense").trainable = False
    return model


def long_names(lib):
    return lib.Sequential(
        [lib.Input((3,), name="an_input"),
         _dense(lib)(4, name="a_really_quite_long_layer_name_that_wraps"),
         _dense(lib)(
             2,
             name="an_extremely_long_layer_name_which_is_longer_than_the_"
                  "whole_first_column_of_the_table",
         ),
         _dense(lib)(1, name="x" * 45)],
        name="a_model_with_a_long_name",
    )


def subclassed(lib):
    class TwoDense(lib.Model):
        def __init__(self):
            super().__init__(name="two_dense")
            self.first = _dense(lib)(3, name="sub_first")
            self.second = _dense(lib)(2, name="sub_second")

        def call(self, inputs):
            return self.second(self.first(inputs))

    model = TwoDense()
    model(np.ones((2, 4), dtype="float32"))
    return model


BUILDERS = {
    "mnist_mlp": mnist_mlp,
    "multi_io": multi_io,
    "chain_functional": chain_functional,
    "nested": nested,
    "nested_functional_graph": nested_functional_graph,
    "unbuilt": unbuilt,
    "frozen": frozen,
    "long_names": long_names,
    "subclassed": subclassed,
}


_CACHE = {}


def built(name, lib):
    """Each model is built once per library (building compiles JAX code)."""
    key = (name, lib.__name__)
    if key not in _CACHE:
        _CACHE[key] = BUILDERS[name](lib)
    return _CACHE[key]


# ---------------------------------------------------------------- helpers
def _captured(model, **kwargs):
    calls = []
    model.summary(
        print_fn=lambda *args, **kw: calls.append((args, kw)), **kwargs
    )
    assert len(calls) == 1
    args, kw = calls[0]
    assert kw == {} and len(args) == 1
    return args[0]


def _stdout(model, capsys, **kwargs):
    capsys.readouterr()
    model.summary(**kwargs)
    return capsys.readouterr().out


def _frozen_layer_bug_guard(name):
    """xfail while kerax counts a frozen sublayer's weights as trainable.

    Keras's `layer.trainable = False` sets `trainable` on the layer's
    variables, so `model.trainable_weights` leaves them out; kerax's
    `Layer.trainable` setter (kerax/layers/layer.py) does not yet.
    """
    if name != "frozen":
        return
    model = built("frozen", kerax)
    if len(model.trainable_weights) != 4:
        pytest.xfail(
            "kerax Layer.trainable=False leaves variable.trainable=True, so "
            "model.trainable_weights still holds the frozen layer's weights"
        )


@pytest.fixture
def plain_env(monkeypatch):
    """No variables that make rich treat a pipe as a terminal."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


# ------------------------------------------------------------------ tests
def test_mnist_mlp_totals(keras, plain_env):
    text = _captured(built("mnist_mlp", kerax))
    assert " Total params: 669,706 (2.55 MB)\n" in text
    assert text == _captured(built("mnist_mlp", keras))


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"expand_nested": True, "show_trainable": True},
        {"line_length": 60},
        {"line_length": 120, "expand_nested": True},
    ],
    ids=["default", "nested_trainable", "ll60", "ll120"],
)
def test_matches_keras_print_fn(keras, plain_env, name, kwargs):
    _frozen_layer_bug_guard(name)
    assert _captured(built(name, kerax), **kwargs) == _captured(
        built(name, keras), **kwargs
    )


def test_ops_show_keras_op_classes(keras, plain_env):
    def ops_model(lib):
        a = lib.Input((4,), name="a")
        b = lib.Input((4,), name="b")
        total = lib.ops.add(a, b)
        return lib.Model([a, b], (total * 2)[:, :2], name="ops")

    # Op layers take auto names ("add", "add_1", ...): start both counters fresh
    # so the names do not depend on which tests ran before this one.
    kerax.backend.clear_session()
    keras.backend.clear_session()
    text = _captured(ops_model(kerax))
    assert "│ add (Add)  " in text and "│ multiply (Multiply)" in text
    assert text == _captured(ops_model(keras))


def test_mnist_cnn(keras, plain_env):
    missing = [n for n in ("Conv2D", "MaxPooling2D")
               if not hasattr(kerax.layers, n)]
    if missing:
        pytest.skip(f"kerax.layers lacks {missing} so far")
    text = _captured(mnist_cnn(kerax))
    assert " Total params: 1,199,882 (4.58 MB)\n" in text
    assert text == _captured(mnist_cnn(keras))


def test_connected_to_and_shapes(keras, plain_env):
    text = _captured(built("multi_io", kerax))
    assert "Connected to" in text
    assert "│ input_a[0][0],    │" in text
    assert "│ split_two[0][1]   │" in text
    assert "│ [(None, 2),       │" in text
    assert text == _captured(built("multi_io", keras))


def test_expand_nested_prefixes(keras, plain_env):
    text = _captured(built("nested", kerax), expand_nested=True)
    assert "│    └ mid_dense (Dense)" in text
    assert "│       └ inner_1 (Dense)" in text
    assert text == _captured(built("nested", keras), expand_nested=True)


def test_unbuilt_layers(keras, plain_env):
    text = _captured(built("unbuilt", kerax))
    assert text.count("0 (unbuilt)") == 2
    assert "│ ?    " in text
    assert text == _captured(built("unbuilt", keras))


def test_show_trainable_frozen_layer(keras, plain_env):
    _frozen_layer_bug_guard("frozen")
    text = _captured(built("frozen", kerax), show_trainable=True)
    assert "Trainable" in text
    assert " Non-trainable params: 20 (80.00 B)\n" in text
    assert text == _captured(built("frozen", keras), show_trainable=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"positions": [0.5, 0.7, 1.0]},
        {"positions": [0.2, 0.5, 0.8, 1.0]},
        {"layer_range": ["dense_1", "dense_2"]},
        {"layer_range": ["dropout.*", "dropout.*"]},
        {"line_length": 20},
        {"line_length": 200},
    ],
)
def test_layout_options(keras, plain_env, kwargs):
    assert _captured(built("mnist_mlp", kerax), **kwargs) == _captured(
        built("mnist_mlp", keras), **kwargs
    )


def test_layout_errors():
    model = built("mnist_mlp", kerax)
    with pytest.raises(ValueError, match="Insufficient console width"):
        model.summary(line_length=8, print_fn=lambda s: None)
    with pytest.raises(ValueError, match="do not match"):
        model.summary(layer_range=["nope", "dense"], print_fn=lambda s: None)
    with pytest.raises(ValueError, match="length 2"):
        model.summary(layer_range=["dense"], print_fn=lambda s: None)


@pytest.mark.parametrize("name", ["mnist_mlp", "multi_io", "long_names"])
def test_stdout_not_a_terminal(keras, plain_env, capsys, name):
    ours = _stdout(built(name, kerax), capsys)
    theirs = _stdout(built(name, keras), capsys)
    assert "\x1b[" not in ours
    assert ours == theirs


@pytest.mark.parametrize("columns", ["60", "100", "200"])
def test_terminal_width_from_columns(keras, plain_env, monkeypatch, capsys,
                                     columns):
    monkeypatch.setenv("COLUMNS", columns)
    for name in ("multi_io", "long_names"):
        ours, theirs = built(name, kerax), built(name, keras)
        assert _stdout(ours, capsys) == _stdout(theirs, capsys)
        assert _captured(ours, line_length=150) == _captured(
            theirs, line_length=150
        )


def test_ansi_styles_on_a_terminal(keras, plain_env, monkeypatch, capsys):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)
    for name in ("multi_io", "long_names"):
        ours = _stdout(built(name, kerax), capsys, show_trainable=True)
        assert "\x1b[38;5;34m" in ours
        assert ours == _stdout(built(name, keras), capsys,
                               show_trainable=True)
    monkeypatch.setenv("NO_COLOR", "1")
    ours = _stdout(built("nested", kerax), capsys, show_trainable=True)
    assert "\x1b[1m" in ours and "38;5" not in ours
    assert ours == _stdout(built("nested", keras), capsys, show_trainable=True)


def test_optimizer_params_line(keras, plain_env):
    def compiled(lib):
        model = chain_functional(lib)
        model.compile(optimizer=lib.optimizers.Adam(), loss="mse")
        model.optimizer.build(model.trainable_variables)
        return model

    text = _captured(compiled(kerax))
    assert " Optimizer params: " in text
    assert text == _captured(compiled(keras))


def test_memory_sizes(keras):
    from keras.src.utils.summary_utils import readable_memory_size

    assert summary_lib._readable_size(2678824) == "2.55 MB"
    for size in (0, 1, 1023, 1024, 2678824.5, 3 * 1024.0 ** 5,
                 1024.0 ** 7):
        assert summary_lib._readable_size(size) == readable_memory_size(size)
