"""Conv2D training-step time under `jax.jit` on CPU: kerax vs Keras 3 (JAX).

Model: Input(28, 28, 1) -> Conv2D(32, 3, relu) -> Conv2D(64, 3, relu)
-> Flatten -> Dense(10) (no pooling, so the figure is the convolutions'). One step = forward + cross-entropy + gradient + SGD update
on a (128, 28, 28, 1) batch, jitted once through each framework's
`stateless_call`; the timed figure is the median of `--steps` steps after
warm-up. Each framework runs in its own subprocess; they alternate for
`--repeat` rounds and the best median of each is kept.

Usage: python bench/bench_conv2d.py [--steps 30] [--repeat 3] [--no-parts]
Prints one line per run and `ratio kerax/keras = ...` (<= 1: kerax is at
least as fast).

Then, per part of the MNIST CNN of `bench/workload.py` (case `cnn`), the
median time of each piece alone for kerax, Keras 3 (JAX) and PyTorch eager
(`torch.nn.functional`, NCHW, default threads; autograd for gradients,
timing the backward call only): the two convolutions' forward, input
gradient and kernel gradient, the 2x2 max-pool forward and backward, and
the Dense(9216 -> 128) forward and weight/input gradients. Each framework
runs in its own subprocess, alternating for `--repeat` rounds; the best
median of each is kept. See docs/conv_cpu.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import conv_parts
import numpy as np

BATCH = 128


def build(lib):
    layers = lib.layers
    model = lib.Sequential(
        [
            lib.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.Conv2D(64, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(10),
        ]
    )
    return model


def workload(framework, steps):
    if framework == "keras":
        os.environ["KERAS_BACKEND"] = "jax"
        import keras as lib
    else:
        import kerax as lib
    import jax
    import jax.numpy as jnp

    model = build(lib)
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.normal(size=(BATCH, 28, 28, 1)).astype("float32"))
    y = jnp.asarray(rng.integers(0, 10, size=(BATCH,)))

    def loss_fn(tv, ntv):
        logits, ntv = model.stateless_call(tv, ntv, x, training=True)
        logp = jax.nn.log_softmax(logits)
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], 1)), ntv

    @jax.jit
    def step(tv, ntv):
        (loss, ntv), grads = jax.value_and_grad(loss_fn, has_aux=True)(
            tv, ntv
        )
        tv = [w - 0.01 * g for w, g in zip(tv, grads)]
        return loss, tv, ntv

    for _ in range(3):
        loss, trainable, non_trainable = step(trainable, non_trainable)
    loss.block_until_ready()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        loss, trainable, non_trainable = step(trainable, non_trainable)
        loss.block_until_ready()
        times.append(time.perf_counter() - start)
    return {"framework": framework, "step_ms": 1000 * float(
        np.median(times))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", default=None)
    parser.add_argument("--parts-worker", default=None)
    parser.add_argument("--no-parts", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(workload(args.worker, args.steps)))
        return
    if args.parts_worker:
        print(json.dumps(conv_parts.run(args.parts_worker, args.steps)))
        return
    best = {}
    for _ in range(args.repeat):
        for framework in ("kerax", "keras"):
            out = subprocess.run(
                [sys.executable, __file__, "--worker", framework,
                 "--steps", str(args.steps)],
                capture_output=True, text=True, check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{framework}: {result['step_ms']:.2f} ms/step")
            best[framework] = min(
                best.get(framework, float("inf")), result["step_ms"]
            )
    print(f"ratio kerax/keras = {best['kerax'] / best['keras']:.3f}")
    if not args.no_parts:
        parts(args.steps, args.repeat)


def parts(steps, repeat):
    """Prints the per-part table: best median ms of each framework."""
    frameworks = ("kerax", "keras", "torch")
    best = {f: {} for f in frameworks}
    for _ in range(repeat):
        for framework in frameworks:
            out = subprocess.run(
                [sys.executable, __file__, "--parts-worker", framework,
                 "--steps", str(steps)],
                capture_output=True, text=True, check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            for part, ms in result.items():
                best[framework][part] = min(
                    best[framework].get(part, float("inf")), ms)
    print(f"{'part (ms, best median)':30s} {'kerax':>8s} {'keras':>8s} "
          f"{'torch':>8s} {'kerax/torch':>11s}")
    for part in conv_parts.PARTS:
        k, j, t = (best[f][part] for f in frameworks)
        print(f"{part:30s} {k:8.2f} {j:8.2f} {t:8.2f} {k / t:11.2f}")


if __name__ == "__main__":
    main()
