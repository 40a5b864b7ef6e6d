"""Image augmentation inside the jitted train step: kerax vs Keras 3 (JAX).

Issue #20's speed check: augmenting a batch of 128 images of 224x224x3
inside the compiled step must cost no more than in Keras. Each library
builds the same augmentation front (by default RandomFlip, RandomRotation,
RandomZoom, RandomContrast, RandomBrightness; `--layers` picks others)
followed by a global average pool and a Dense(10), and we time
`train_on_batch` on one fixed batch (the step is jitted in both), so the
difference is the augmentation plus a tiny head. The first call (compile)
is excluded; each figure is the median of `--repeat` rounds of `--steps`
steps.

Usage: python bench/bench_augment.py [--repeat 3] [--steps 10]
           [--batch 128] [--size 224] [--layers flip,rotation,...]
Prints ms per step for each library, the ratio Keras/kerax (> 1 means
kerax is faster) and a Markdown row for bench/RESULTS.md.
"""

import argparse
import os
import statistics
import time

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")

FRONTS = {
    "flip": lambda L: L.RandomFlip(seed=1),
    "rotation": lambda L: L.RandomRotation(0.1, seed=2),
    "zoom": lambda L: L.RandomZoom(0.1, seed=3),
    "contrast": lambda L: L.RandomContrast(0.2, seed=4),
    "brightness": lambda L: L.RandomBrightness(0.2, seed=5),
    "hue": lambda L: L.RandomHue(0.2, value_range=(0, 255), seed=6),
    "saturation": lambda L: L.RandomSaturation(0.2, value_range=(0, 255),
                                               seed=7),
    "translation": lambda L: L.RandomTranslation(0.1, 0.1, seed=8),
    "grayscale": lambda L: L.RandomGrayscale(0.3, seed=9),
    "randaugment": lambda L: L.RandAugment(value_range=(0, 255), seed=10),
}
DEFAULT = "flip,rotation,zoom,contrast,brightness"


def build(lib, names, size):
    layers = lib.layers
    model = lib.Sequential(
        [lib.Input((size, size, 3))]
        + [FRONTS[n](layers) for n in names]
        + [layers.GlobalAveragePooling2D(), layers.Dense(10)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def time_steps(model, x, y, steps, repeat):
    model.train_on_batch(x, y)  # compile
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(steps):
            loss = model.train_on_batch(x, y)
        np.asarray(loss)
        rounds.append((time.perf_counter() - start) / steps * 1e3)
    return statistics.median(rounds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--layers", default=DEFAULT)
    args = parser.parse_args()
    names = args.layers.split(",")
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 255, (args.batch, args.size, args.size, 3))
    x = x.astype("float32")
    y = rng.normal(size=(args.batch, 10)).astype("float32")

    import keras

    import kerax

    results = {}
    for label, lib in (("kerax", kerax), ("keras", keras)):
        model = build(lib, names, args.size)
        results[label] = time_steps(model, x, y, args.steps, args.repeat)
        print(f"{label}: {results[label]:.1f} ms/step")
    ratio = results["keras"] / results["kerax"]
    print(f"ratio keras/kerax: {ratio:.2f}x")
    print(f"| {'+'.join(names)} | {args.batch}x{args.size}x{args.size} | "
          f"{results['kerax']:.1f} | {results['keras']:.1f} | "
          f"{ratio:.2f}x |")


if __name__ == "__main__":
    main()
