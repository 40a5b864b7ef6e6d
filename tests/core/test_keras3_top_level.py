"""Keras 3's top-level helpers: Operation, Function, SymbolicScope,
name_scope, device, version()."""

import numpy as np
import pytest

import kerax


class Scale(kerax.Operation):
    def __init__(self, factor, name=None):
        super().__init__(name=name)
        self.factor = factor

    def call(self, x):
        return kerax.ops.multiply(x, self.factor)


def test_operation_on_arrays_and_in_a_graph():
    op = Scale(3.0)
    assert op.name.startswith("scale")
    np.testing.assert_allclose(np.asarray(op(np.ones(2))), [3.0, 3.0])
    x = kerax.Input((2,))
    model = kerax.Model(x, Scale(2.0)(x))
    np.testing.assert_allclose(model.predict(np.ones((1, 2)), verbose=0),
                               [[2.0, 2.0]])
    spec = op.compute_output_spec(kerax.KerasTensor((None, 5)))
    assert spec.shape == (None, 5) or spec.shape == (1, 5)
    assert op.get_config() == {"name": op.name}
    with pytest.raises(TypeError, match="call"):
        kerax.Operation()(np.ones(2))


def test_function_runs_the_graph():
    a, b = kerax.Input((2,)), kerax.Input((2,))
    fn = kerax.Function([a, b], kerax.ops.add(kerax.ops.multiply(a, 2), b))
    out = fn([np.ones((1, 2)), np.ones((1, 2))])
    np.testing.assert_allclose(np.asarray(out), [[3.0, 3.0]])
    assert len(fn.inputs) == 2 and len(fn.operations) == 2


def test_symbolic_scope_is_open_during_shape_inference():
    seen = []

    class Probe(kerax.layers.Layer):
        def call(self, x):
            seen.append(kerax.core.symbolic_scope.in_symbolic_scope())
            return x

    layer = Probe()
    layer(kerax.Input((2,)))
    layer(np.ones((1, 2)))
    assert seen[0] is True and seen[-1] is False
    with kerax.SymbolicScope():
        assert kerax.core.symbolic_scope.in_symbolic_scope()


def test_name_scope_paths():
    with kerax.name_scope("outer"), kerax.name_scope("inner"):
        v = kerax.Variable(1.0, name="w")
    assert v.path == "outer/inner/w"
    owner = object()
    with kerax.name_scope("a", caller=owner), \
            kerax.name_scope("a", caller=owner):
        v = kerax.Variable(1.0, name="w")
    assert v.path == "a/w"
    with kerax.name_scope("x"), \
            kerax.name_scope("y", override_parent="p/q"):
        v = kerax.Variable(1.0, name="w")
    assert v.path == "p/q/y/w"
    with pytest.raises(ValueError, match="name"):
        kerax.name_scope("a/b")


def test_device_and_version(keras):
    with kerax.device("cpu:0"):
        x = kerax.ops.ones((2,))
    assert next(iter(x.devices())).platform == "cpu"
    with pytest.raises(ValueError, match="device"), kerax.device("cpu:99"):
        pass
    assert callable(kerax.version) and callable(keras.version)
    assert kerax.version() == kerax.__version__
