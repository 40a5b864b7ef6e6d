"""LSTM text-classifier `fit` throughput: kerax vs Keras 3 (JAX backend).

Model: Embedding(20000, 128) -> LSTM(128) -> Dense(1, sigmoid), sequences
of 80 random ids, batch 32, adam + binary cross-entropy. Each framework
runs in its own subprocess: one warm-up epoch (compilation), then
`--epochs` timed epochs; samples/s is over the timed epochs. The
frameworks alternate for `--repeat` rounds and the best figure of each is
kept, so a noisy shared machine skews both alike.

Usage: python bench/bench_lstm.py [--samples 2048] [--epochs 2]
                                  [--repeat 1]
Prints one line per run and `ratio kerax/keras = ...` (>= 1: kerax is
at least as fast).
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

VOCAB, LENGTH, UNITS, BATCH = 20000, 80, 128, 32


def workload(framework, samples, epochs):
    if framework == "keras":
        os.environ["KERAS_BACKEND"] = "jax"
        import keras as lib
    else:
        import kerax as lib
    rng = np.random.RandomState(0)
    x = rng.randint(1, VOCAB, size=(samples, LENGTH)).astype("int32")
    y = rng.randint(0, 2, size=(samples, 1)).astype("float32")
    layers = lib.layers
    model = lib.Sequential([
        lib.Input(shape=(LENGTH,), dtype="int32"),
        layers.Embedding(VOCAB, 128),
        layers.LSTM(UNITS),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
    warmup = time.perf_counter() - start
    start = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0)
    elapsed = time.perf_counter() - start
    return {"framework": framework, "warmup_s": warmup,
            "samples_per_s": samples * epochs / elapsed}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(workload(args.worker, args.samples, args.epochs)))
        return
    best = {}
    for _ in range(args.repeat):
        for framework in ("kerax", "keras"):
            out = subprocess.run(
                [sys.executable, __file__, "--worker", framework,
                 "--samples", str(args.samples), "--epochs",
                 str(args.epochs)],
                capture_output=True, text=True, check=False,
            )
            if out.returncode != 0:
                sys.exit(f"{framework} failed:\n{out.stderr[-3000:]}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{framework:6s} warm-up {result['warmup_s']:6.1f} s   "
                  f"{result['samples_per_s']:8.1f} samples/s")
            best[framework] = max(best.get(framework, 0.0),
                                  result["samples_per_s"])
    print(f"ratio kerax/keras = {best['kerax'] / best['keras']:.2f}")


if __name__ == "__main__":
    main()
