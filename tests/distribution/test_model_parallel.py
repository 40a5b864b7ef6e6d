"""ModelParallel on 8 simulated CPU devices (one process): training equals
one device, every variable (optimizer slots included) sits as the layout
map says, Dense/EinsumDense/Embedding/attention kernels shard by regex,
and an indivisible shape is refused naming the variable.

XLA's device count is fixed when JAX starts, so the checks run once in a
subprocess (module fixture) that prints one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from xla_flags import with_devices

SCRIPT = textwrap.dedent(
    """
    import json
    import numpy as np
    import jax
    import kerax
    from kerax import layers
    from kerax.distribution import (DeviceMesh, LayoutMap, ModelParallel,
                                    TensorLayout, distribute_tensor,
                                    get_device_count, set_distribution)

    out = {"devices": get_device_count()}
    mesh = DeviceMesh((2, 4), ["batch", "model"])

    def dense_run(dist):
        set_distribution(dist)
        try:
            kerax.utils.set_random_seed(3)
            x = np.random.RandomState(0).rand(64, 8).astype("float32")
            y = x @ np.linspace(-1, 1, 8).astype("float32")[:, None]
            model = kerax.Sequential([
                kerax.Input((8,)), layers.Dense(16, activation="relu",
                                                name="d1"),
                layers.Dense(1, name="d2")])
            model.compile(kerax.optimizers.Adam(0.01), "mse")
            history = model.fit(x, y, batch_size=16, epochs=3, verbose=0)
            laid_out = True
            if dist is not None:
                for v in [*model.weights, *model.optimizer.variables]:
                    want = dist.get_variable_layout(v).sharding
                    laid_out &= v.value.sharding.is_equivalent_to(
                        want, len(v.shape))
                out["slot_axes"] = {
                    v.path: list(dist.get_variable_layout(v).axes)
                    for v in model.optimizer.variables if "d1_kernel" in v.path}
            return history.history["loss"], model.get_weights(), laid_out
        finally:
            set_distribution(None)

    layout_map = LayoutMap(mesh)
    layout_map["d1/kernel"] = (None, "model")
    layout_map["d2/kernel"] = ("model", None)
    dist = ModelParallel(layout_map=layout_map, batch_dim_name="batch")
    single_loss, single_w, _ = dense_run(None)
    mp_loss, mp_w, laid_out = dense_run(dist)
    out["loss_diff"] = float(np.max(np.abs(np.subtract(single_loss, mp_loss))))
    out["weight_diff"] = max(float(np.abs(a - b).max())
                             for a, b in zip(single_w, mp_w))
    out["laid_out"] = bool(laid_out)

    # Activations: d1's output laid out over both axes, as the map says.
    layout_map = LayoutMap(mesh)
    layout_map["d1/kernel"] = (None, "model")
    layout_map["d1/output"] = ("batch", "model")
    dist = ModelParallel(layout_map=layout_map, batch_dim_name="batch")
    act_loss, act_w, _ = dense_run(dist)
    out["act_loss_diff"] = float(np.max(np.abs(np.subtract(single_loss,
                                                           act_loss))))
    out["act_weight_diff"] = max(float(np.abs(a - b).max())
                                 for a, b in zip(single_w, act_w))
    set_distribution(dist)
    probe = kerax.Sequential([kerax.Input((8,)), layers.Dense(16, name="d1"),
                              layers.Dense(1, name="d2")])
    xs = np.ones((16, 8), "float32")
    out["act_eager"] = str(probe.get_layer("d1")(xs).sharding.spec)
    traced = jax.make_jaxpr(probe)(xs).jaxpr
    out["act_traced"] = [
        [list(e.outvars[0].aval.shape), str(e.params["sharding"].spec)]
        for e in traced.eqns if e.primitive.name == "sharding_constraint"]
    set_distribution(None)

    # Embedding, attention and EinsumDense kernels by regular expression.
    layout_map = LayoutMap(mesh)
    layout_map["embedding/embeddings"] = (None, "model")
    layout_map[".*attention.*(query|key|value)/kernel"] = (None, "model", None)
    layout_map["einsum_dense/kernel"] = ("model", None)
    dist = ModelParallel(layout_map=layout_map, batch_dim_name="batch")
    set_distribution(dist)
    inputs = kerax.Input((6,), dtype="int32")
    h = layers.Embedding(50, 8)(inputs)
    h = layers.MultiHeadAttention(4, 2)(h, h)
    outputs = layers.EinsumDense("abc,cd->abd", (None, 3))(h)
    model = kerax.Model(inputs, outputs)
    model.compile("sgd", "mse")
    tokens = np.random.RandomState(1).randint(0, 50, (16, 6))
    model.fit(tokens, np.zeros((16, 6, 3)), batch_size=8, verbose=0)
    out["specs"] = {v.path: str(v.value.sharding.spec) for v in model.weights
                    if v.path.endswith(("embeddings", "kernel"))}
    set_distribution(None)

    # An indivisible shape: 3 columns over a model axis of 4 devices.
    layout_map = LayoutMap(mesh)
    layout_map["odd/kernel"] = (None, "model")
    set_distribution(ModelParallel(layout_map=layout_map))
    try:
        model = kerax.Sequential([kerax.Input((8,)),
                                  layers.Dense(3, name="odd")])
        model.compile("sgd", "mse")
        model.fit(np.ones((8, 8)), np.ones((8, 3)), verbose=0)
        out["error"] = None
    except ValueError as error:
        out["error"] = str(error)
    set_distribution(None)

    layout = TensorLayout(["batch", None], mesh)
    placed = distribute_tensor(np.ones((8, 2)), layout)
    out["distributed"] = str(placed.sharding.spec)
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def result():
    env = dict(os.environ)
    env["XLA_FLAGS"] = with_devices(8)
    run = subprocess.run([sys.executable, "-c", SCRIPT], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_eight_devices(result):
    assert result["devices"] == 8


def test_model_parallel_trains_like_one_device(result):
    assert result["loss_diff"] < 1e-5
    assert result["weight_diff"] < 1e-5


def test_every_variable_sits_as_laid_out(result):
    assert result["laid_out"]
    # Adam's slots of d1/kernel are sharded like d1/kernel.
    assert len(result["slot_axes"]) == 2
    assert all(axes == [None, "model"]
               for axes in result["slot_axes"].values())


def test_activations_constrained_where_the_layout_says(result):
    # A layer called eagerly: its output placed by the "d1/output" key.
    assert result["act_eager"] == "P('batch', 'model')"
    # Inside the traced model: one constraint, on d1's output only.
    assert result["act_traced"] == [[[16, 16], "P('batch', 'model')"]]
    # Training with the constraint equals one device.
    assert result["act_loss_diff"] < 1e-5
    assert result["act_weight_diff"] < 1e-5


def test_kernels_shard_by_regex(result):
    specs = result["specs"]
    embedding = [s for p, s in specs.items() if p.endswith("embeddings")]
    assert embedding == ["P(None, 'model')"]
    projections = [s for p, s in specs.items()
                   if p.rsplit("/", 2)[-2] in ("query", "key", "value")]
    assert projections == ["P(None, 'model')"] * 3
    einsum = [s for p, s in specs.items() if "einsum_dense" in p]
    assert einsum == ["P('model',)"]


def test_indivisible_shape_names_variable_shape_and_axis(result):
    error = result["error"]
    assert error is not None
    assert "odd/kernel" in error and "(8, 3)" in error
    assert "'model'" in error and "4" in error


def test_distribute_tensor(result):
    assert result["distributed"] == "P('batch', None)"
