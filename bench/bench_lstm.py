"""Recurrent text-classifier `fit` throughput: kerax vs Keras 3 (JAX
backend) vs a hand-written PyTorch eager loop.

Model: Embedding(20000, 128) -> LSTM(128) (or GRU(128) with `--cell gru`)
-> Dense(1, sigmoid), sequences of 80 random ids, batch 32, Adam (lr
1e-3, epsilon 1e-7) + binary cross-entropy. PyTorch runs the same model
with `nn.Embedding`, `nn.LSTM`/`nn.GRU(batch_first=True)`, the last
hidden state -> `nn.Linear` -> sigmoid, `BCELoss`, reshuffling each
epoch as `fit` does, at its default thread count.

Each framework runs in its own subprocess: one warm-up epoch
(compilation), then `--epochs` timed epochs; samples/s is over the timed
epochs. The frameworks alternate for `--repeat` rounds and the best
figure of each is kept, so a noisy shared machine skews all alike.

Usage: python bench/bench_lstm.py [--cell lstm|gru] [--samples 2048]
           [--epochs 2] [--repeat 1] [--frameworks kerax,keras,torch]
Prints one line per run, then `ratio kerax/keras = ...` and
`ratio kerax/torch = ...` (>= 1: kerax is at least as fast).
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time

import numpy as np

VOCAB, LENGTH, UNITS, BATCH = 20000, 80, 128, 32
FRAMEWORKS = ("kerax", "keras", "torch")


def data(samples, length=LENGTH, vocab=VOCAB):
    """Random ids `(samples, length)` in [1, vocab) and 0/1 labels."""
    rng = np.random.RandomState(0)
    x = rng.randint(1, vocab, size=(samples, length)).astype("int32")
    y = rng.randint(0, 2, size=(samples, 1)).astype("float32")
    return x, y


def keras_like(framework, cell, x, y, epochs, vocab, units, batch):
    """`(warm-up seconds, timed seconds)` of `fit` in kerax or Keras."""
    if framework == "keras":
        os.environ["KERAS_BACKEND"] = "jax"
        import keras as lib
    else:
        import kerax as lib
    layers = lib.layers
    recurrent = layers.LSTM if cell == "lstm" else layers.GRU
    model = lib.Sequential([
        lib.Input(shape=(x.shape[1],), dtype="int32"),
        layers.Embedding(vocab, 128),
        recurrent(units),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    warmup = time.perf_counter() - start
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0)
    return warmup, time.perf_counter() - start


def torch_eager(cell, x, y, epochs, vocab, units, batch):
    """`(warm-up seconds, timed seconds)` of a PyTorch eager loop."""
    import torch
    from torch import nn

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(vocab, 128)
            recurrent = nn.LSTM if cell == "lstm" else nn.GRU
            self.recurrent = recurrent(128, units, batch_first=True)
            self.head = nn.Linear(units, 1)

        def forward(self, ids):
            _, state = self.recurrent(self.embedding(ids))
            last = state[0] if isinstance(state, tuple) else state
            return torch.sigmoid(self.head(last[-1]))

    torch.manual_seed(0)
    model = Classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.BCELoss()
    ids, labels = torch.from_numpy(x).long(), torch.from_numpy(y)

    def epoch():
        model.train()
        order = torch.randperm(len(ids))
        correct = 0.0
        for start in range(0, len(ids), batch):
            index = order[start:start + batch]
            optimizer.zero_grad()
            probs = model(ids[index])
            loss = loss_fn(probs, labels[index])
            loss.backward()
            optimizer.step()
            correct += float(((probs > 0.5).float() == labels[index])
                             .float().sum())
        return correct / len(ids)

    start = time.perf_counter()
    epoch()
    warmup = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    return warmup, time.perf_counter() - start


def workload(framework, cell="lstm", samples=2048, epochs=2, length=LENGTH,
             vocab=VOCAB, units=UNITS, batch=BATCH):
    """One framework's run: `{"framework", "cell", "warmup_s",
    "samples_per_s"}`."""
    if cell not in ("lstm", "gru"):
        raise ValueError(f"cell must be 'lstm' or 'gru'; got {cell!r}")
    x, y = data(samples, length, vocab)
    if framework == "torch":
        warmup, elapsed = torch_eager(cell, x, y, epochs, vocab, units, batch)
    elif framework in ("kerax", "keras"):
        warmup, elapsed = keras_like(framework, cell, x, y, epochs, vocab,
                                     units, batch)
    else:
        raise ValueError(
            f"framework must be one of {FRAMEWORKS}; got {framework!r}")
    return {"framework": framework, "cell": cell, "warmup_s": warmup,
            "samples_per_s": samples * epochs / elapsed}


def available(framework):
    module = {"kerax": "kerax", "keras": "keras", "torch": "torch"}
    return importlib.util.find_spec(module[framework]) is not None


def ratios(best):
    """`{"kerax/keras": ..., "kerax/torch": ...}` of the peers present."""
    if "kerax" not in best:
        return {}
    return {f"kerax/{peer}": best["kerax"] / best[peer]
            for peer in FRAMEWORKS[1:] if best.get(peer)}


def parse_args(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", choices=("lstm", "gru"), default="lstm")
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS))
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.frameworks = [f for f in args.frameworks.split(",") if f]
    unknown = [f for f in args.frameworks if f not in FRAMEWORKS]
    if unknown:
        parser.error(f"unknown frameworks {unknown}; choose from "
                     f"{FRAMEWORKS}")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(workload(args.worker, args.cell, args.samples,
                                  args.epochs)))
        return
    frameworks = [f for f in args.frameworks if available(f)]
    best = {}
    for _ in range(args.repeat):
        for framework in frameworks:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", framework,
                 "--cell", args.cell, "--samples", str(args.samples),
                 "--epochs", str(args.epochs)],
                capture_output=True, text=True, check=False,
            )
            if out.returncode != 0:
                sys.exit(f"{framework} failed:\n{out.stderr[-3000:]}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{args.cell} {framework:6s} warm-up "
                  f"{result['warmup_s']:6.1f} s   "
                  f"{result['samples_per_s']:8.1f} samples/s", flush=True)
            best[framework] = max(best.get(framework, 0.0),
                                  result["samples_per_s"])
    for name, value in ratios(best).items():
        print(f"ratio {name} = {value:.2f}")


if __name__ == "__main__":
    main()
