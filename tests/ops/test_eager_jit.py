"""`eager_jit`: multi-step ops run eagerly as one cached program
(kerax/ops/eager_jit.py)."""

import jax
import jax.numpy as jnp
import numpy as np
from compile_cache import count_compiles

import kerax
from kerax import ops
from kerax.ops.eager_jit import eager_jit


def _compiles(fn):
    """XLA compiles made while `fn()` runs."""
    with count_compiles() as seen:
        fn()
    return len(seen)


def test_an_eager_op_compiles_one_program_once():
    x = np.random.RandomState(0).rand(2, 40).astype("float32")
    # The op's program (and the host array's transfer).
    assert _compiles(lambda: ops.stft(x, 8, 4, 8)) <= 2
    assert _compiles(lambda: ops.stft(x, 8, 4, 8)) == 0
    # Other fixed arguments: another program.
    assert _compiles(lambda: ops.stft(x, 8, 2, 8)) == 1
    # Undecorated, each primitive compiles on its own.
    plain = ops.stft.__wrapped_op__.__wrapped__
    y = jnp.asarray(np.random.RandomState(0).rand(2, 48).astype("float32"))
    assert _compiles(lambda: plain(y, 8, 4, 8)) > 10


def test_values_equal_the_undecorated_op():
    x = np.random.RandomState(1).rand(3, 5).astype("float32")
    plain = ops.sparsemax.__wrapped_op__.__wrapped__
    np.testing.assert_array_equal(ops.sparsemax(x), plain(jnp.asarray(x)))
    # Under a trace the op runs as written: the same jaxpr.
    assert str(jax.make_jaxpr(ops.sparsemax)(x)) == str(
        jax.make_jaxpr(plain)(x))


def test_variables_are_read_at_each_call():
    calls = []

    @eager_jit
    def total(v, scale):
        calls.append(1)
        return jnp.sum(v) * scale

    variable = kerax.Variable(np.ones(3, "float32"))
    assert float(total(variable, 2.0)) == 6.0
    variable.assign(np.full(3, 2.0, "float32"))
    assert float(total(variable, 2.0)) == 12.0
    assert len(calls) == 1  # traced once, run twice


def test_defaults_read_at_trace_time_key_the_program():
    @eager_jit
    def as_float(x):
        return x.astype(kerax.config.floatx())

    x = np.arange(3)
    assert as_float(x).dtype == jnp.float32
    kerax.config.set_floatx("float16")
    try:
        assert as_float(x).dtype == jnp.float16
    finally:
        kerax.config.set_floatx("float32")


def test_other_arguments_run_the_op_as_written():
    seen = []

    @eager_jit
    def first_row(x, options):
        seen.append(type(x))
        return x[0] + options["shift"]

    x = np.ones((2, 2), "float32")
    # A dict leaf that is not a fixed value (a list inside a set would
    # not hash): here an object, so the op runs eagerly each time.
    marker = object()
    out = first_row(x, {"shift": 1.0, "tag": marker})
    np.testing.assert_array_equal(out, [2.0, 2.0])
    first_row(x, {"shift": 1.0, "tag": marker})
    assert seen == [np.ndarray, np.ndarray]


def _second_call_compiles_nothing(op, *args, **kwargs):
    """`op` called eagerly twice: the first call compiles one program (an
    undecorated op: one per primitive, 15-21 here), the second nothing,
    and both equal the op under `jax.jit` (the traced path)."""
    with count_compiles() as seen:
        first = op(*args, **kwargs)
    assert len(seen) <= 1
    with count_compiles() as seen:
        second = op(*args, **kwargs)
    assert len(seen) == 0
    traced = jax.jit(lambda *a: op(*a, **kwargs))(*args)
    for got in (first, second):
        for g, t in zip(jax.tree_util.tree_leaves(got),
                        jax.tree_util.tree_leaves(traced)):
            np.testing.assert_allclose(g, t, rtol=1e-6, atol=1e-6)


def test_multi_step_ops_compile_once_per_signature():
    r = np.random.RandomState(2)

    def rand(*shape):
        return jnp.asarray(r.rand(*shape).astype("float32"))

    _second_call_compiles_nothing(
        ops.depthwise_conv, rand(1, 6, 6, 2), rand(3, 3, 2, 1),
        padding="same")
    q = rand(1, 4, 2, 8)
    _second_call_compiles_nothing(
        ops.dot_product_attention, q, rand(1, 5, 2, 8), rand(1, 5, 2, 8))
    _second_call_compiles_nothing(ops.image.gaussian_blur, rand(1, 6, 6, 1))
    _second_call_compiles_nothing(
        ops.ctc_decode, rand(2, 5, 4), jnp.array([5, 3]))
