"""Benchmark workloads, one per (framework, case), run in a subprocess.

Usage: python bench/workload.py FRAMEWORK CASE  -> prints one JSON line.
FRAMEWORK: kerax | keras | jax | torch.  CASE: mlp | tiny | predict | cnn.
Every framework trains the same model on the same data with the same batch
size; `steady_sps` is samples/s over the epochs after the first, and
`first_epoch_s` includes compilation.
"""

import itertools
import json
import os
import resource
import sys
import time

import numpy as np

FRAMEWORK, CASE = sys.argv[1], sys.argv[2]
if FRAMEWORK == "keras":
    os.environ["KERAS_BACKEND"] = "jax"

SPECS = {
    # samples, features/shape, classes, batch, epochs
    "mlp": {"n": 30000, "shape": (784,), "classes": 10, "batch": 128,
            "epochs": 3},
    "tiny": {"n": 16384, "shape": (32,), "classes": 10, "batch": 32,
             "epochs": 3},
    "predict": {"n": 30000, "shape": (784,), "classes": 10, "batch": 128,
                "epochs": 0},
    "cnn": {"n": 1536, "shape": (28, 28, 1), "classes": 10, "batch": 128,
            "epochs": 3},
}
spec = SPECS[CASE]
rng = np.random.RandomState(0)
x = rng.rand(spec["n"], *spec["shape"]).astype("float32")
y_int = rng.randint(0, spec["classes"], spec["n"])
y = np.eye(spec["classes"], dtype="float32")[y_int]


def keras_like(lib):
    layers = lib.layers
    if CASE in ("mlp", "predict"):
        model = lib.Sequential([
            lib.Input(spec["shape"]),
            layers.Dense(512, activation="relu"), layers.Dropout(0.2),
            layers.Dense(512, activation="relu"), layers.Dropout(0.2),
            layers.Dense(10, activation="softmax"),
        ])
    elif CASE == "tiny":
        model = lib.Sequential([
            lib.Input(spec["shape"]), layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ])
    else:
        model = lib.Sequential([
            lib.Input(spec["shape"]),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)), layers.Dropout(0.25),
            layers.Flatten(), layers.Dense(128, activation="relu"),
            layers.Dropout(0.5), layers.Dense(10, activation="softmax"),
        ])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy",
                  metrics=["accuracy"])
    if CASE == "predict":
        model.predict(x[:256], batch_size=spec["batch"], verbose=0)
        start = time.perf_counter()
        for _ in range(3):
            model.predict(x, batch_size=spec["batch"], verbose=0)
        return {"predict_sps": 3 * spec["n"] / (time.perf_counter() - start)}
    times = []
    for _ in range(spec["epochs"]):
        start = time.perf_counter()
        model.fit(x, y, batch_size=spec["batch"], epochs=1, verbose=0)
        times.append(time.perf_counter() - start)
    return {
        "first_epoch_s": times[0],
        "steady_sps": spec["n"] * (len(times) - 1) / sum(times[1:]),
    }


def jax_loop():
    """Hand-written JAX + optax: jitted step, batches sliced on device."""
    import jax
    import jax.numpy as jnp
    import optax

    sizes = {"mlp": [784, 512, 512, 10], "predict": [784, 512, 512, 10],
             "tiny": [32, 64, 10]}[CASE]
    key = jax.random.PRNGKey(0)
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        key, sub = jax.random.split(key)
        limit = np.sqrt(6 / (fan_in + fan_out))
        params.append((jax.random.uniform(sub, (fan_in, fan_out),
                                          minval=-limit, maxval=limit),
                       jnp.zeros(fan_out)))

    def forward(params, xb):
        for w, b in params[:-1]:
            xb = jax.nn.relu(xb @ w + b)
        w, b = params[-1]
        return jax.nn.softmax(xb @ w + b)

    tx = optax.rmsprop(1e-3, decay=0.9, eps=1e-7)
    opt_state = tx.init(params)
    xd, yd = jax.device_put(x), jax.device_put(y)
    batch = spec["batch"]
    if CASE == "predict":
        fwd = jax.jit(forward)
        fwd(params, xd[:batch]).block_until_ready()
        start = time.perf_counter()
        for _ in range(3):
            outs = [fwd(params, xd[i:i + batch])
                    for i in range(0, spec["n"], batch)]
            np.asarray(jnp.concatenate(outs))
        return {"predict_sps": 3 * spec["n"] / (time.perf_counter() - start)}

    def loss_fn(params, xb, yb):
        p = jnp.clip(forward(params, xb), 1e-7, 1 - 1e-7)
        return -jnp.mean(jnp.sum(yb * jnp.log(p), axis=-1))

    @jax.jit
    def step(params, opt_state, i):
        xb = jax.lax.dynamic_slice_in_dim(xd, i * batch, batch)
        yb = jax.lax.dynamic_slice_in_dim(yd, i * batch, batch)
        loss, grads = jax.value_and_grad(loss_fn)(params, xb, yb)
        updates, opt_state = tx.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, loss

    steps = spec["n"] // batch
    times = []
    for _ in range(spec["epochs"]):
        start = time.perf_counter()
        for i in range(steps):
            params, opt_state, loss = step(params, opt_state, i)
        loss.block_until_ready()
        times.append(time.perf_counter() - start)
    return {
        "first_epoch_s": times[0],
        "steady_sps": steps * batch * (len(times) - 1) / sum(times[1:]),
    }


def torch_loop():
    """Hand-written PyTorch eager training loop (CPU)."""
    import torch
    from torch import nn

    torch.manual_seed(0)
    if CASE in ("mlp", "predict"):
        model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(512, 10))
        xt = torch.from_numpy(x)
    elif CASE == "tiny":
        model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 10))
        xt = torch.from_numpy(x)
    else:
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
            nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 10))
        xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
    yt = torch.from_numpy(y_int)
    batch = spec["batch"]
    if CASE == "predict":
        model.eval()
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(3):
                torch.cat([torch.softmax(model(xt[i:i + batch]), -1)
                           for i in range(0, spec["n"], batch)]).numpy()
        return {"predict_sps": 3 * spec["n"] / (time.perf_counter() - start)}
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9,
                              eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    times = []
    for _ in range(spec["epochs"]):
        start = time.perf_counter()
        perm = torch.randperm(spec["n"])
        for i in range(0, spec["n"], batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    return {
        "first_epoch_s": times[0],
        "steady_sps": spec["n"] * (len(times) - 1) / sum(times[1:]),
    }


if FRAMEWORK == "kerax":
    import kerax as lib

    result = keras_like(lib)
elif FRAMEWORK == "keras":
    import keras as lib

    result = keras_like(lib)
elif FRAMEWORK == "jax":
    result = jax_loop()
else:
    result = torch_loop()
result["peak_rss_mb"] = resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
