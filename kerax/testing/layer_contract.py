"""`run_layer_test`: the contract every kerax layer must meet.

One call checks, for a layer class and its constructor arguments:

1. config: `get_config()` survives JSON, `from_config` rebuilds an equal
   config, and every non-None constructor argument is in the config;
2. eager call: output shape/dtype/values, weight and seed-generator
   counts, losses, masking support and mask shape;
3. symbolic call (on `KerasTensor`s, batch unknown and known): output
   shapes and dtypes equal the eager ones except unknown (`None`) dims;
   `compute_output_shape` agrees; a symbolically built layer has the same
   weights;
4. purity: from the same starting state, an eager call, `stateless_call`
   and `jax.jit(stateless_call)` give the same outputs and the same new
   non-trainable state, and `stateless_call` mutates no Variable;
5. training: one `fit` step of `Sequential([Input, layer])` (when the
   trainer is available, the input is one tensor and the output one float
   tensor).

Failures are plain `assert`s whose messages say what differed, so it
reads well under pytest:

>>> from kerax.layers import Dense
>>> run_layer_test(Dense, {"units": 2}, input_shape=(2, 3),
...                expected_output_shape=(2, 2),
...                expected_num_trainable_weights=2,
...                run_training_check=False)
"""

from __future__ import annotations

import codecs
import json
import marshal

import jax
import numpy as np
from jax import tree_util

from kerax.core.keras_tensor import KerasTensor
from kerax.layers import Input
from kerax.models import Sequential

# Base-class constructor arguments that need not appear in a config.
_NOT_IN_CONFIG = frozenset(
    {"input_shape", "input_dim", "batch_input_shape", "batch_size",
     "weights"}
)

# Set to False to skip every `fit` check (e.g. while the trainer changes).
RUN_TRAINING_CHECKS = True


def trainer_available():
    """True when `kerax.Sequential(...).compile(...)/fit(...)` exist."""
    return all(
        callable(getattr(Sequential, name, None)) for name in ("compile",
                                                                 "fit")
    )


def run_layer_test(
    layer_cls,
    init_kwargs,
    input_shape=None,
    input_dtype="float32",
    input_data=None,
    call_kwargs=None,
    expected_output_shape=None,
    expected_output_dtype=None,
    expected_output=None,
    expected_num_trainable_weights=None,
    expected_num_non_trainable_weights=None,
    expected_num_non_trainable_variables=None,
    expected_num_seed_generators=0,
    expected_num_losses=None,
    supports_masking=None,
    expected_mask_shape=None,
    from_config_kwargs=None,
    ignored_config_keys=(),
    run_training_check=True,
    atol=1e-6,
    rtol=1e-6,
):
    """Runs the layer contract (see the module docstring).

    Args:
        layer_cls: the layer class.
        init_kwargs: dict of constructor arguments.
        input_shape: full input shape (batch first); or a list/dict of
            shapes for several inputs. Data is drawn from a fixed seed:
            normal floats, or integers in [0, 2) for integer dtypes.
        input_dtype: dtype of generated data and of the symbolic inputs.
        input_data: explicit input array(s) instead of `input_shape`.
        call_kwargs: extra keyword arguments for every call (`training`,
            `mask`, ...).
        expected_output_shape / expected_output_dtype / expected_output:
            checks on the eager output (structures allowed).
        expected_num_trainable_weights, expected_num_non_trainable_weights,
            expected_num_non_trainable_variables: weight counts after the
            eager call (the last one includes seed states).
        expected_num_seed_generators: SeedGenerators in the layer tree.
        expected_num_losses: `len(layer.losses)` after one eager call.
        supports_masking: expected value of `layer.supports_masking`.
        expected_mask_shape: shape of `layer.compute_mask(inputs, None)`.
        from_config_kwargs: extra arguments for `from_config` (e.g.
            `{"safe_mode": False}` for a Lambda holding a Python lambda).
        ignored_config_keys: constructor arguments not expected in the
            config (accepted Keras 2 aliases and the like).
        run_training_check: run one `fit` step when possible.
        atol, rtol: tolerances of the eager/stateless/jit comparisons.
    """
    call_kwargs = dict(call_kwargs or {})
    name = layer_cls.__name__
    if input_data is None:
        if input_shape is None:
            raise ValueError(
                "run_layer_test needs `input_shape` or `input_data`."
            )
        input_data = _make_data(input_shape, input_dtype)
    else:
        input_data = tree_util.tree_map(np.asarray, input_data)
    _check_config(layer_cls, init_kwargs, from_config_kwargs,
                  ignored_config_keys)

    # ----------------------------------------------------------- eager
    layer = layer_cls(**init_kwargs)
    outputs = layer(input_data, **call_kwargs)
    assert layer.built, f"{name} is not built after its first call."
    _check_eager(
        layer, input_data, outputs, expected_output_shape,
        expected_output_dtype, expected_output, atol, rtol,
    )
    _check_counts(
        layer, expected_num_trainable_weights,
        expected_num_non_trainable_weights,
        expected_num_non_trainable_variables, expected_num_seed_generators,
        expected_num_losses,
    )
    if supports_masking is not None:
        assert layer.supports_masking == supports_masking, (
            f"{name}.supports_masking is {layer.supports_masking}, "
            f"expected {supports_masking}."
        )
    if expected_mask_shape is not None:
        mask = layer.compute_mask(input_data, None)
        assert mask is not None and tuple(mask.shape) == tuple(
            expected_mask_shape
        ), (
            f"{name}.compute_mask gave "
            f"{None if mask is None else tuple(mask.shape)}, expected "
            f"{tuple(expected_mask_shape)}."
        )

    # -------------------------------------------------------- symbolic
    _check_symbolic(layer_cls, init_kwargs, layer, input_data, outputs,
                    call_kwargs)

    # ---------------------------------------------------------- purity
    _check_stateless(layer, input_data, call_kwargs, atol, rtol,
                     expected_num_losses)

    # -------------------------------------------------------- training
    if run_training_check and RUN_TRAINING_CHECKS and trainer_available():
        _check_fit(layer_cls, init_kwargs, input_data, outputs, call_kwargs)


# ------------------------------------------------------------------ config
def _check_config(layer_cls, init_kwargs, from_config_kwargs, ignored):
    name = layer_cls.__name__
    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    assert isinstance(config, dict), (
        f"{name}.get_config() must return a dict, got {type(config)}."
    )
    try:
        text = json.dumps(config)
    except TypeError as error:
        raise AssertionError(
            f"{name}.get_config() is not JSON-serializable: {error}. "
            f"Config: {config}"
        ) from None
    for key, value in init_kwargs.items():
        if key in _NOT_IN_CONFIG or key in ignored or value is None:
            continue
        assert key in config, (
            f"{name}.get_config() lacks the constructor argument '{key}'. "
            f"Config keys: {sorted(config)}"
        )
    revived = layer_cls.from_config(
        json.loads(text), **(from_config_kwargs or {})
    )
    assert type(revived) is layer_cls, (
        f"{name}.from_config returned a {type(revived).__name__}."
    )
    revived_config = _canonical(json.loads(json.dumps(revived.get_config())))
    expected = _canonical(json.loads(text))
    assert revived_config == expected, (
        f"{name}: config changed through from_config.\n"
        f"before: {expected}\nafter:  {revived_config}"
    )


# ------------------------------------------------------------------- eager
def _check_eager(layer, data, outputs, shape, dtype, expected, atol, rtol):
    name = type(layer).__name__
    if shape is not None:
        got = _shapes(outputs)
        assert _same_structure_shapes(got, shape), (
            f"{name}: eager output shape {got}, expected {shape}."
        )
    if dtype is not None:
        got = [str(x.dtype) for x in tree_util.tree_leaves(outputs)]
        want = [str(d) for d in tree_util.tree_leaves(dtype)] if not (
            isinstance(dtype, str)) else [dtype] * len(got)
        assert got == want, (
            f"{name}: eager output dtype {got}, expected {want}."
        )
    if expected is not None:
        for got, want in zip(
            tree_util.tree_leaves(outputs), tree_util.tree_leaves(expected)
        ):
            np.testing.assert_allclose(
                np.asarray(got), np.asarray(want), atol=atol, rtol=rtol,
                err_msg=f"{name}: eager output differs from expected_output",
            )


def _check_counts(layer, n_trainable, n_non_trainable, n_non_trainable_vars,
                  n_seeds, n_losses):
    name = type(layer).__name__
    checks = (
        ("trainable weights", n_trainable, layer.trainable_weights),
        ("non-trainable weights", n_non_trainable,
         layer.non_trainable_weights),
        ("non-trainable variables", n_non_trainable_vars,
         layer.non_trainable_variables),
    )
    for what, expected, found in checks:
        if expected is not None:
            assert len(found) == expected, (
                f"{name} has {len(found)} {what}, expected {expected}: "
                f"{[v.path for v in found]}"
            )
    seeds = len(layer.non_trainable_variables) - len(
        layer.non_trainable_weights
    )
    if n_seeds is not None:
        assert seeds == n_seeds, (
            f"{name} has {seeds} seed generators, expected {n_seeds}."
        )
    if n_losses is not None:
        assert len(layer.losses) == n_losses, (
            f"{name} has {len(layer.losses)} losses after one call, "
            f"expected {n_losses}."
        )


# ---------------------------------------------------------------- symbolic
def _check_symbolic(layer_cls, init_kwargs, eager_layer, data, outputs,
                    call_kwargs):
    name = layer_cls.__name__
    eager_shapes = _shapes(outputs)
    eager_dtypes = [str(x.dtype) for x in tree_util.tree_leaves(outputs)]
    layer = layer_cls(**init_kwargs)
    for unknown_batch in (True, False):
        tensors = _map_arrays(
            lambda x, u=unknown_batch: KerasTensor(
                ((None,) if u else tuple(x.shape[:1])) + tuple(x.shape[1:]),
                str(x.dtype),
            ),
            data,
        )
        sym = layer(tensors, **call_kwargs)
        leaves = tree_util.tree_leaves(
            sym, is_leaf=lambda t: isinstance(t, KerasTensor)
        )
        assert all(isinstance(t, KerasTensor) for t in leaves), (
            f"{name} called on KerasTensors returned {sym}."
        )
        sym_shapes = [tuple(t.shape) for t in leaves]
        where = "unknown" if unknown_batch else "known"
        assert _compatible(sym_shapes, eager_shapes), (
            f"{name}: symbolic output shape {sym_shapes} (batch {where}) "
            f"does not match the eager output shape {eager_shapes}."
        )
        sym_dtypes = [str(t.dtype) for t in leaves]
        assert sym_dtypes == eager_dtypes, (
            f"{name}: symbolic output dtype {sym_dtypes} (batch {where}) != "
            f"eager output dtype {eager_dtypes}."
        )
    built_weights = [tuple(v.shape) for v in layer.weights]
    eager_weights = [tuple(v.shape) for v in eager_layer.weights]
    assert built_weights == eager_weights, (
        f"{name}: a symbolically built layer has weights {built_weights}, "
        f"the eagerly built one {eager_weights}."
    )
    if isinstance(data, np.ndarray) and not call_kwargs:
        shape = eager_layer.compute_output_shape(tuple(data.shape))
        shapes = [tuple(s) for s in _shape_leaves(shape)]
        assert _compatible(shapes, eager_shapes), (
            f"{name}.compute_output_shape{tuple(data.shape)} = {shape}, but "
            f"the eager output shape is {eager_shapes}."
        )


# ------------------------------------------------------------------ purity
def _check_stateless(layer, data, call_kwargs, atol, rtol, n_losses):
    name = type(layer).__name__
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    eager_out = layer(data, **call_kwargs)
    after_eager = [np.array(v.value) for v in layer.variables]
    after_eager_nt = [np.array(v.value) for v in layer.non_trainable_variables]

    def check_unchanged(what):
        for variable, before in zip(layer.variables, after_eager):
            assert np.array_equal(np.asarray(variable.value), before), (
                f"{name}: {what} mutated variable '{variable.path}'."
            )

    out, new_nt = layer.stateless_call(
        trainable, non_trainable, data, **call_kwargs
    )
    check_unchanged("stateless_call")
    _assert_close(out, eager_out, atol, rtol,
                  f"{name}: stateless_call output != eager output "
                  "(from the same state)")
    _assert_close(new_nt, after_eager_nt, atol, rtol,
                  f"{name}: stateless_call's new non-trainable state != the "
                  "state after the eager call")

    def pure(trainable_values, non_trainable_values, inputs):
        return layer.stateless_call(
            trainable_values, non_trainable_values, inputs, **call_kwargs
        )

    jit_out, jit_nt = jax.jit(pure)(trainable, non_trainable, data)
    check_unchanged("jax.jit(stateless_call)")
    _assert_close(jit_out, eager_out, atol, rtol,
                  f"{name}: jax.jit(stateless_call) output != eager output")
    _assert_close(jit_nt, after_eager_nt, atol, rtol,
                  f"{name}: jax.jit(stateless_call)'s new non-trainable "
                  "state != the state after the eager call")
    if n_losses is not None:
        _, _, losses = layer.stateless_call(
            trainable, non_trainable, data, return_losses=True,
            **call_kwargs
        )
        assert len(losses) == n_losses, (
            f"{name}: stateless_call(return_losses=True) gave "
            f"{len(losses)} losses, expected {n_losses}."
        )


# ---------------------------------------------------------------- training
def _check_fit(layer_cls, init_kwargs, data, outputs, call_kwargs):
    if not isinstance(data, np.ndarray):
        return
    if set(call_kwargs) - {"training"}:
        return
    leaves = tree_util.tree_leaves(outputs)
    if len(leaves) != 1 or not np.issubdtype(
        np.asarray(leaves[0]).dtype, np.floating
    ):
        return
    name = layer_cls.__name__
    if not layer_cls(**init_kwargs).trainable:
        return
    model = Sequential(
        [
            Input(batch_shape=(None,) + tuple(data.shape[1:]),
                        dtype=str(data.dtype)),
            layer_cls(**init_kwargs),
        ]
    )
    if not model.trainable_weights:
        # Nothing to train (kerax's optimizer rejects an empty update,
        # where Keras's fit runs; see docs).
        return
    model.compile(optimizer="sgd", loss="mse")
    target = np.random.RandomState(7).normal(
        size=np.shape(leaves[0])
    ).astype("float32")
    history = model.fit(
        data, target, batch_size=len(data), epochs=1, verbose=0
    )
    loss = history.history["loss"][-1]
    assert np.isfinite(loss), f"{name}: one fit step gave loss {loss}."


# ------------------------------------------------------------------ helpers
def _canonical(config):
    """`config` with marshalled lambda bytecode replaced by the code
    object: marshal's bytes depend on reference counts, not only on the
    code, so a load/dump cycle may change them."""
    if isinstance(config, list):
        return [_canonical(item) for item in config]
    if not isinstance(config, dict):
        return config
    inner = config.get("config")
    if config.get("class_name") == "__lambda__" and isinstance(inner, dict):
        code = inner.get("code")
        if isinstance(code, str):
            raw = codecs.decode(code.encode("ascii"), "base64")
            inner = dict(inner, code=marshal.loads(raw))
            return dict(config, config=_canonical(inner))
    return {key: _canonical(value) for key, value in config.items()}


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or (isinstance(d, (int, np.integer))
                      and not isinstance(d, bool))
        for d in value
    )


def _shape_leaves(structure):
    if _is_shape(structure):
        return [tuple(structure)]
    if isinstance(structure, dict):
        return [s for k in sorted(structure) for s in _shape_leaves(
            structure[k])]
    return [s for item in structure for s in _shape_leaves(item)]


def _make_data(input_shape, dtype):
    rng = np.random.RandomState(1337)

    def make(shape):
        if np.issubdtype(np.dtype(dtype), np.integer):
            return rng.randint(0, 2, size=shape).astype(dtype)
        if np.dtype(dtype) == np.bool_:
            return rng.randint(0, 2, size=shape).astype(bool)
        return rng.normal(size=shape).astype(dtype)

    if _is_shape(input_shape):
        return make(tuple(input_shape))
    if isinstance(input_shape, dict):
        return {k: _make_data(v, dtype) for k, v in input_shape.items()}
    return [_make_data(s, dtype) for s in input_shape]


def _map_arrays(fn, data):
    if isinstance(data, dict):
        return {k: _map_arrays(fn, v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(_map_arrays(fn, v) for v in data)
    return fn(np.asarray(data))


def _shapes(outputs):
    return [tuple(np.shape(x)) for x in tree_util.tree_leaves(outputs)]


def _same_structure_shapes(got, expected):
    return [tuple(s) for s in got] == _shape_leaves(expected)


def _compatible(symbolic, eager):
    if len(symbolic) != len(eager):
        return False
    for sym, real in zip(symbolic, eager):
        if len(sym) != len(real):
            return False
        if any(s is not None and s != r for s, r in zip(sym, real)):
            return False
    return True


def _assert_close(got, want, atol, rtol, message):
    got_leaves = tree_util.tree_leaves(got)
    want_leaves = tree_util.tree_leaves(want)
    assert len(got_leaves) == len(want_leaves), (
        f"{message}: {len(got_leaves)} arrays vs {len(want_leaves)}."
    )
    for a, b in zip(got_leaves, want_leaves):
        np.testing.assert_allclose(
            np.asarray(a), np.asarray(b), atol=atol, rtol=rtol,
            err_msg=message,
        )
