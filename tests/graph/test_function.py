"""kerax.graph.function.Function: a graph run as a plain function."""
import numpy as np
import pytest

import kerax
from kerax.graph.function import Function


def test_runs_the_graph_and_infers_shapes():
    a, b = kerax.Input((2,)), kerax.Input((2,))
    fn = Function([a, b], kerax.ops.add(kerax.ops.multiply(a, 2.0), b))
    out = fn([np.ones((1, 2), "float32"), np.ones((1, 2), "float32")])
    np.testing.assert_allclose(np.asarray(out), [[3.0, 3.0]])
    assert [op.fn.__name__ for op in fn.operations] == ["multiply", "add"]
    assert fn.compute_output_shape([(4, 2), (4, 2)]) == (4, 2)
    spec = fn.compute_output_spec([kerax.KerasTensor((None, 2))] * 2)
    assert spec.shape == (None, 2)


def test_bad_inputs_are_refused():
    x = kerax.Input((2,))
    with pytest.raises(ValueError, match="KerasTensors"):
        Function([x, np.ones(2)], x)
    fn = Function(x, kerax.layers.Dense(1)(x))
    with pytest.raises(ValueError, match="expects 1 input"):
        fn([np.ones((1, 2)), np.ones((1, 2))])
