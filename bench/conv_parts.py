"""Per-part timings of the MNIST CNN for `bench/bench_conv2d.py`.

`run(framework, steps)` times each part alone (median of `steps` calls
after warm-up) and returns `{part: ms}`; framework is `kerax`, `keras`
(Keras 3 ops, JAX backend, jitted) or `torch` (eager, NCHW, autograd).
"""

import os
import time

import numpy as np

BATCH = 128
# name, input shape (NHWC), kernel shape (HWIO)
CONVS = [
    ("conv1 1->32", (BATCH, 28, 28, 1), (3, 3, 1, 32)),
    ("conv2 32->64", (BATCH, 26, 26, 32), (3, 3, 32, 64)),
]
POOL_INPUT = (BATCH, 24, 24, 64)
DENSE = (BATCH, 9216, 128)
PARTS = [f"{name} {what}" for name, _, _ in CONVS
         for what in ("fwd", "input-grad", "kernel-grad")] + [
    "maxpool fwd", "maxpool bwd", "dense fwd", "dense weight-grad",
    "dense input-grad"]


def _median_ms(fn, args, steps, sync):
    sync(fn(*args))
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        sync(fn(*args))
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def _arrays(rng):
    convs = [(rng.normal(size=x).astype("float32"),
              rng.normal(size=k).astype("float32")) for _, x, k in CONVS]
    pool = rng.normal(size=POOL_INPUT).astype("float32")
    n, d, u = DENSE
    dense = (rng.normal(size=(n, d)).astype("float32"),
             rng.normal(size=(d, u)).astype("float32"))
    return convs, pool, dense


def _jax_parts(ops, steps):
    import jax

    rng = np.random.default_rng(0)
    convs, pool, (a, w) = _arrays(rng)
    sync = jax.block_until_ready
    out = {}
    for (name, _, _), (x, k) in zip(CONVS, convs):
        def conv(x, k):
            return ops.conv(x, k)
        g = rng.normal(size=jax.eval_shape(conv, x, k).shape).astype(
            "float32")
        fwd = jax.jit(conv)
        grad_x = jax.jit(lambda x, k, g: jax.vjp(
            lambda x: conv(x, k), x)[1](g))
        grad_k = jax.jit(lambda x, k, g: jax.vjp(
            lambda k: conv(x, k), k)[1](g))
        out[f"{name} fwd"] = _median_ms(fwd, (x, k), steps, sync)
        out[f"{name} input-grad"] = _median_ms(grad_x, (x, k, g), steps,
                                               sync)
        out[f"{name} kernel-grad"] = _median_ms(grad_k, (x, k, g), steps,
                                                sync)

    def max_pool(x):
        return ops.max_pool(x, (2, 2), strides=(2, 2))
    gp = rng.normal(size=jax.eval_shape(max_pool, pool).shape).astype(
        "float32")
    fwd = jax.jit(max_pool)
    bwd = jax.jit(lambda x, g: jax.vjp(max_pool, x)[1](g))
    out["maxpool fwd"] = _median_ms(fwd, (pool,), steps, sync)
    out["maxpool bwd"] = _median_ms(bwd, (pool, gp), steps, sync)
    gd = rng.normal(size=(a.shape[0], w.shape[1])).astype("float32")
    matmul = jax.jit(ops.matmul)
    out["dense fwd"] = _median_ms(matmul, (a, w), steps, sync)
    grad_w = jax.jit(lambda a, g: jax.vjp(
        lambda w: ops.matmul(a, w), w)[1](g))
    grad_a = jax.jit(lambda w, g: jax.vjp(
        lambda a: ops.matmul(a, w), a)[1](g))
    out["dense weight-grad"] = _median_ms(grad_w, (a, gd), steps, sync)
    out["dense input-grad"] = _median_ms(grad_a, (w, gd), steps, sync)
    return out


def _torch_parts(steps):
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(0)
    convs, pool, (a, w) = _arrays(rng)

    def sync(_):
        return None

    def backward(output, inputs, grad):
        return torch.autograd.grad(output, inputs, grad, retain_graph=True)

    def no_grad(fn):
        def call(*args):
            with torch.no_grad():
                return fn(*args)
        return call

    out = {}
    for (name, _, _), (x, k) in zip(CONVS, convs):
        xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
        kt = torch.from_numpy(k).permute(3, 2, 0, 1).contiguous()
        xt.requires_grad_(True)
        kt.requires_grad_(True)
        out[f"{name} fwd"] = _median_ms(no_grad(F.conv2d), (xt, kt), steps,
                                        sync)
        y = F.conv2d(xt, kt)
        g = torch.from_numpy(rng.normal(size=tuple(y.shape)).astype(
            "float32"))
        out[f"{name} input-grad"] = _median_ms(backward, (y, xt, g), steps,
                                               sync)
        out[f"{name} kernel-grad"] = _median_ms(backward, (y, kt, g), steps,
                                                sync)
    pt = torch.from_numpy(pool).permute(0, 3, 1, 2).contiguous()
    pt.requires_grad_(True)
    out["maxpool fwd"] = _median_ms(no_grad(F.max_pool2d), (pt, 2), steps,
                                    sync)
    y = F.max_pool2d(pt, 2)
    g = torch.from_numpy(rng.normal(size=tuple(y.shape)).astype("float32"))
    out["maxpool bwd"] = _median_ms(backward, (y, pt, g), steps, sync)
    at, wt = torch.from_numpy(a), torch.from_numpy(w)
    at.requires_grad_(True)
    wt.requires_grad_(True)
    out["dense fwd"] = _median_ms(no_grad(torch.matmul), (at, wt), steps,
                                  sync)
    y = at @ wt
    g = torch.from_numpy(rng.normal(size=tuple(y.shape)).astype("float32"))
    out["dense weight-grad"] = _median_ms(backward, (y, wt, g), steps, sync)
    out["dense input-grad"] = _median_ms(backward, (y, at, g), steps, sync)
    return out


def run(framework, steps):
    """`{part: median ms}` for `framework` (kerax, keras or torch)."""
    if framework == "torch":
        return _torch_parts(steps)
    if framework == "keras":
        os.environ["KERAS_BACKEND"] = "jax"
        import keras

        return _jax_parts(keras.ops, steps)
    import kerax

    return _jax_parts(kerax.ops, steps)
