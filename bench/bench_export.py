"""Serving an exported model: onnxruntime (kerax's ONNX export) vs kerax
`predict` vs Keras 3 `predict` (JAX backend), same architecture and
weights.

Figures per model: batch-1 latency (ms per call, mean over `--calls`
calls) and batch-128 throughput (samples/s over `--calls` calls of 128),
each the median of `--repeat` rounds (default 3). The first call of each
runtime (compile, session set-up) is excluded. onnxruntime runs with its
default threads; kerax and Keras with JAX's CPU defaults.

Models: mlp (784-256-256-10), cnn (32x32x3, three conv blocks), lstm (32
steps of 16 features, LSTM(64)), resnet50 (64x64, random weights).

Usage: python bench/bench_export.py [--models mlp cnn lstm resnet50]
           [--repeat 3] [--calls 20] [--quick]
`--quick`: mlp and cnn, 1 round of 3 calls (a smoke run, not figures).
Prints one line per runtime and a Markdown table for bench/RESULTS.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")


def build(lib, name):
    """The model `name` built with `lib` (kerax or keras)."""
    layers = lib.layers
    if name == "mlp":
        return lib.Sequential([
            lib.Input((784,), name="x"), layers.Dense(256, activation="relu"),
            layers.Dense(256, activation="relu"), layers.Dense(10)])
    if name == "cnn":
        blocks = [lib.Input((32, 32, 3), name="x")]
        for filters in (32, 64, 128):
            blocks += [layers.Conv2D(filters, 3, padding="same",
                                     activation="relu"),
                       layers.BatchNormalization(), layers.MaxPooling2D()]
        return lib.Sequential([*blocks, layers.GlobalAveragePooling2D(),
                               layers.Dense(10)])
    if name == "lstm":
        return lib.Sequential([lib.Input((32, 16), name="x"),
                               layers.LSTM(64), layers.Dense(10)])
    if name == "resnet50":
        return lib.applications.ResNet50(
            weights=None, input_shape=(64, 64, 3), classes=10,
            classifier_activation=None)
    raise ValueError(f"Unknown model {name!r}.")


def _median_rate(run, calls, repeat):
    """Median over `repeat` rounds of seconds per call."""
    run()  # compile / warm up
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        rounds.append((time.perf_counter() - start) / calls)
    return statistics.median(rounds)


def measure(name, repeat, calls, directory):
    import keras
    import onnxruntime as ort

    import kerax

    kerax.utils.set_random_seed(0)
    model = build(kerax, name)
    reference = build(keras, name)
    reference.set_weights([np.asarray(w) for w in model.get_weights()])
    shape = tuple(model.inputs[0].shape[1:])
    rng = np.random.default_rng(0)
    x1 = rng.uniform(-1, 1, (1, *shape)).astype("float32")
    x128 = rng.uniform(-1, 1, (128, *shape)).astype("float32")
    path = os.path.join(directory, f"{name}.onnx")
    model.export(path, format="onnx", verbose=False)
    session = ort.InferenceSession(path)
    feed = session.get_inputs()[0].name
    runners = {
        "onnxruntime": lambda x: session.run(None, {feed: x})[0],
        "kerax": lambda x: model.predict(x, batch_size=len(x), verbose=0),
        "keras": lambda x: reference.predict(x, batch_size=len(x),
                                             verbose=0),
    }
    want = np.asarray(runners["kerax"](x128))
    rows = {}
    for runtime, run in runners.items():
        error = float(np.abs(np.asarray(run(x128)) - want).max())
        latency = _median_rate(lambda run=run: run(x1), calls, repeat)
        per_batch = _median_rate(lambda run=run: run(x128), calls, repeat)
        rows[runtime] = (latency * 1e3, 128 / per_batch, error)
        print(f"{name:9s} {runtime:12s} batch-1 {latency * 1e3:8.2f} ms  "
              f"batch-128 {128 / per_batch:10.0f} samples/s  "
              f"max|diff vs kerax| {error:.1e}", flush=True)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+",
                        default=["mlp", "cnn", "lstm", "resnet50"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.models = [m for m in args.models if m in ("mlp", "cnn")]
        args.repeat, args.calls = 1, 3
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        for name in args.models:
            results[name] = measure(name, args.repeat, args.calls, directory)
    print("\n| model | runtime | batch-1 latency (ms) | batch-128 "
          "(samples/s) |\n|---|---|---|---|")
    for name, rows in results.items():
        for runtime, (latency, throughput, _) in rows.items():
            print(f"| {name} | {runtime} | {latency:.2f} | "
                  f"{throughput:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
