"""Every kerax metric against real Keras 3: results over several updates
(with and without sample weights), variables (names, shapes, dtypes,
order, values), reset, config, and stateless == stateful."""

import warnings
import zlib

import numpy as np
import pytest
from metric_cases import CASES, batches, case_id

import kerax.metrics as km


def _np(x):
    return np.asarray(x, dtype="float64")


def _update(metric, batch):
    args, sw = batch
    with warnings.catch_warnings():
        # Keras's IoU casts indices to int64, which JAX truncates.
        warnings.filterwarnings(
            "ignore", "Explicitly requested dtype int64", UserWarning
        )
        if sw is None:
            metric.update_state(*args)
        else:
            metric.update_state(*args, sample_weight=sw)


def _normalize_config(config):
    out = {}
    for key, value in config.items():
        if key == "name":
            continue
        if hasattr(value, "shape") or isinstance(value, (list, tuple)):
            value = np.asarray(value).tolist()
        elif isinstance(value, np.floating):
            value = float(value)
        out[key] = value
    return out


def _assert_close(ours, theirs, what):
    np.testing.assert_allclose(
        _np(ours), _np(theirs), rtol=2e-5, atol=2e-6, err_msg=what
    )


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_parity_with_keras(keras, case):
    name, kwargs, kind = case
    ours = getattr(km, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    data = batches(kind, seed=zlib.crc32(case_id(case).encode()) % 1000)

    for step, batch in enumerate(data):
        _update(ours, batch)
        _update(theirs, batch)
        _assert_close(
            ours.result(), theirs.result(), f"result after update {step}"
        )

    # Variables: same names, shapes, dtypes and order (saving relies on it).
    ours_vars, their_vars = ours.variables, theirs.variables
    assert [(v.name, tuple(v.shape)) for v in ours_vars] == [
        (v.name, tuple(v.shape)) for v in their_vars
    ]
    assert [str(v.dtype) for v in ours_vars] == [
        str(v.dtype) for v in their_vars
    ]
    for v, w in zip(ours_vars, their_vars):
        assert v.path == f"{ours.name}/{v.name}"
        assert v.trainable is False
        _assert_close(v.numpy(), w.numpy(), f"variable {v.name}")

    # Config: same arguments as Keras, and a round trip.
    config = ours.get_config()
    assert _normalize_config(config) == _normalize_config(theirs.get_config())
    clone = type(ours).from_config(config)
    assert clone.get_config() == config

    # Stateless == stateful (the stateful values are left untouched).
    before = [v.numpy() for v in ours_vars]
    values = ours.stateless_reset_state()
    assert isinstance(values, tuple) and len(values) == len(ours_vars)
    for batch in data:
        args, sw = batch
        values = ours.stateless_update_state(values, *args, sample_weight=sw)
    _assert_close(ours.stateless_result(values), ours.result(), "stateless")
    for v, value in zip(ours_vars, before):
        np.testing.assert_array_equal(v.numpy(), value)

    # Reset.
    ours.reset_state()
    theirs.reset_state()
    with warnings.catch_warnings():
        # R2Score(num_regressors>0) warns on an empty state, like Keras.
        warnings.filterwarnings("ignore", "More independent predictors")
        _assert_close(ours.result(), theirs.result(), "result after reset")
    for v in ours.variables:
        assert not np.any(v.numpy())
