"""An ImageNet application model: build time, first `predict` (compile
included), steady `predict` throughput and, with `--fit`, `fit`
throughput, kerax vs Keras 3 (JAX backend).

Model: `--model` (default ResNet50) with `weights=None` at 224x224 (or
`--size`), batch `--batch` (default 16) of random 0-255 images through the
module's `preprocess_input`. `--fit`: one warm-up epoch over 2 batches
(compile), then 2 timed epochs, SGD and sparse categorical cross-entropy on
random labels. Each framework runs in its own subprocess; they alternate
for `--repeat` rounds and the best figure of each is kept.

Usage: python bench/bench_applications.py [--model ResNet50]
           [--batch 16] [--calls 3] [--size 224] [--fit] [--repeat 1]
Prints one line per run and the ratios kerax/keras (>= 1: kerax faster).
"""

import argparse
import importlib
import json
import os
import subprocess
import sys
import time

import numpy as np

MODULES = {"ResNet50": "resnet50", "MobileNetV2": "mobilenet_v2",
           "DenseNet121": "densenet", "EfficientNetB0": "efficientnet",
           "VGG16": "vgg16", "InceptionV3": "inception_v3"}


def workload(framework, name, batch, calls, size, fit):
    if framework == "keras":
        os.environ["KERAS_BACKEND"] = "jax"
    lib = importlib.import_module(framework)
    module = importlib.import_module(
        f"{framework}.applications.{MODULES[name]}")
    size = size or (299 if name == "InceptionV3" else 224)
    rng = np.random.RandomState(0)
    images = (rng.rand(batch, size, size, 3) * 255).astype("float32")
    start = time.perf_counter()
    model = getattr(lib.applications, name)(
        weights=None, input_shape=(size, size, 3))
    build = time.perf_counter() - start
    x = module.preprocess_input(images)
    start = time.perf_counter()
    model.predict(x, batch_size=batch, verbose=0)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(calls):
        model.predict(x, batch_size=batch, verbose=0)
    steady = batch * calls / (time.perf_counter() - start)
    result = {"build_s": build, "first_predict_s": first,
              "images_per_s": steady}
    if fit:
        result["fit_images_per_s"] = _fit(model, x, batch)
    return result


def _fit(model, x, batch):
    x = np.concatenate([x, x])
    y = np.arange(len(x)) % 1000
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=2, verbose=0)
    return 2 * len(x) / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="ResNet50", choices=MODULES)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(workload(args.worker, args.model, args.batch,
                                  args.calls, args.size, args.fit)))
        return
    best = {}
    for _ in range(args.repeat):
        for framework in ("kerax", "keras"):
            out = subprocess.run(
                [sys.executable, __file__, "--worker", framework,
                 "--model", args.model, "--batch", str(args.batch),
                 "--calls", str(args.calls),
                 *(["--size", str(args.size)] if args.size else []),
                 *(["--fit"] if args.fit else [])],
                capture_output=True, text=True, check=False,
            )
            if out.returncode != 0:
                sys.exit(f"{framework} failed:\n{out.stderr[-3000:]}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            fit = result.get("fit_images_per_s")
            print(f"{framework:6s} build {result['build_s']:6.2f} s   "
                  f"first predict {result['first_predict_s']:6.2f} s   "
                  f"{result['images_per_s']:7.2f} images/s"
                  + (f"   fit {fit:7.2f} images/s" if fit else ""))
            mine = best.setdefault(framework, dict(result))
            mine["build_s"] = min(mine["build_s"], result["build_s"])
            mine["first_predict_s"] = min(mine["first_predict_s"],
                                          result["first_predict_s"])
            for key in ("images_per_s", "fit_images_per_s"):
                if key in result:
                    mine[key] = max(mine[key], result[key])
    kerax, keras = best["kerax"], best["keras"]
    ratios = {
        "build": keras["build_s"] / kerax["build_s"],
        "first predict": keras["first_predict_s"] / kerax["first_predict_s"],
        "steady predict": kerax["images_per_s"] / keras["images_per_s"],
    }
    if args.fit:
        ratios["fit"] = kerax["fit_images_per_s"] / keras["fit_images_per_s"]
    print("ratios kerax/keras: " + "  ".join(
        f"{name} {value:.2f}x" for name, value in ratios.items()))

if __name__ == "__main__":
    main()
