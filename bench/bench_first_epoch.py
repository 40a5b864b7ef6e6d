"""Cold and warm first epoch: what the persistent compilation cache saves.

For each framework and repeat, a fresh empty cache folder is made and the
same training script runs twice in fresh subprocesses: *cold* (empty cache:
the first epoch pays compilation) then *warm* (the cache the cold run
filled). Each run reports its first-epoch time, its steady epoch time (the
median of the later epochs) and the time from process start to the end of
the first epoch (imports, model building and tracing included).

Frameworks:
    kerax          kerax with its default cache (in the temporary folder)
    kerax_nocache  kerax with KERAX_COMPILATION_CACHE=0
    keras          Keras 3 on JAX, default settings (no persistent cache)
    keras_cache    Keras 3 on JAX with JAX's cache in the temporary folder
                   and kerax's thresholds (min compile time 0.2 s)
    torch          PyTorch eager (nothing to cache: cold == warm)

Run on a quiet machine (the issue's target: warm first epoch within 1.3x of
a steady epoch), e.g.

    python bench/bench_first_epoch.py --case mlp --repeat 3
    python bench/bench_first_epoch.py --case cnn --repeat 3

and report the medians it prints. A smoke run (tiny sizes, not a figure):

    python bench/bench_first_epoch.py --samples 256 --epochs 2 \
        --frameworks kerax,torch
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

START = time.perf_counter()

FRAMEWORKS = ("kerax", "kerax_nocache", "keras", "keras_cache", "torch")
BATCH = 128


# ----------------------------------------------------------------- worker
def make_data(case, samples):
    import numpy as np

    rng = np.random.RandomState(0)
    shape = (784,) if case == "mlp" else (28, 28, 1)
    x = rng.rand(samples, *shape).astype("float32")
    y = rng.randint(0, 10, samples).astype("int64")
    return x, y


def keras_like_model(lib, case):
    layers = lib.layers
    if case == "mlp":
        stack = [layers.Dense(512, activation="relu"), layers.Dropout(0.2),
                 layers.Dense(512, activation="relu"), layers.Dropout(0.2)]
        shape = (784,)
    else:
        stack = [layers.Conv2D(32, 3, activation="relu"),
                 layers.Conv2D(64, 3, activation="relu"),
                 layers.MaxPooling2D(2), layers.Flatten(),
                 layers.Dense(128, activation="relu")]
        shape = (28, 28, 1)
    model = lib.Sequential([lib.Input(shape), *stack, layers.Dense(10)])
    model.compile(
        optimizer="adam",
        loss=lib.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


def run_keras_like(lib, case, x, y, epochs):
    model = keras_like_model(lib, case)
    times = []

    class EpochTimes(lib.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.began = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            now = time.perf_counter()
            times.append((now - self.began, now - START))

    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0,
              callbacks=[EpochTimes()])
    return times


def run_torch(case, x, y, epochs):
    import torch
    from torch import nn

    if case == "mlp":
        model = nn.Sequential(
            nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(512, 10))
        xt = torch.from_numpy(x)
    else:
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 12 * 12, 128),
            nn.ReLU(), nn.Linear(128, 10))
        xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
    yt = torch.from_numpy(y)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    times = []
    model.train()
    for _ in range(epochs):
        began = time.perf_counter()
        order = torch.randperm(len(xt))
        for i in range(0, len(xt), BATCH):
            index = order[i:i + BATCH]
            optimizer.zero_grad()
            loss_fn(model(xt[index]), yt[index]).backward()
            optimizer.step()
        now = time.perf_counter()
        times.append((now - began, now - START))
    return times


def cache_events():
    """Counts JAX's persistent-cache hits and misses in this process."""
    from jax import monitoring

    counts = {"hits": 0, "misses": 0}
    names = {"/jax/compilation_cache/cache_hits": "hits",
             "/jax/compilation_cache/cache_misses": "misses"}

    def listen(name, **kwargs):
        if name in names:
            counts[names[name]] += 1

    monitoring.register_event_listener(listen)
    return counts


def worker(framework, case, samples, epochs):
    x, y = make_data(case, samples)
    counts = {}
    if framework == "torch":
        times = run_torch(case, x, y, epochs)
    else:
        counts = cache_events()
        if framework.startswith("kerax"):
            import kerax as lib
        else:
            import keras as lib
        times = run_keras_like(lib, case, x, y, epochs)
    epoch_s = [t for t, _ in times]
    steady = statistics.median(epoch_s[1:]) if len(epoch_s) > 1 else None
    return {"first_epoch_s": epoch_s[0], "steady_epoch_s": steady,
            "to_first_epoch_end_s": times[0][1], **counts}


# ----------------------------------------------------------------- driver
def worker_env(framework, folder):
    env = dict(os.environ)
    for name in ("JAX_COMPILATION_CACHE_DIR", "KERAX_COMPILATION_CACHE",
                 "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"):
        env.pop(name, None)
    if framework == "kerax":
        env["KERAX_HOME"] = folder
    elif framework == "kerax_nocache":
        env["KERAX_COMPILATION_CACHE"] = "0"
    elif framework.startswith("keras"):
        env["KERAS_BACKEND"] = "jax"
        env["KERAS_HOME"] = folder
        if framework == "keras_cache":
            env["JAX_COMPILATION_CACHE_DIR"] = os.path.join(folder, "jax")
            env["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] = "0.2"
    return env


def run_once(framework, args, folder):
    command = [sys.executable, os.path.abspath(__file__), "--worker",
               framework, "--case", args.case, "--samples",
               str(args.samples), "--epochs", str(args.epochs)]
    done = subprocess.run(command, env=worker_env(framework, folder),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{framework} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(framework, args):
    """Median over repeats of the cold and warm runs' figures."""
    runs = {"cold": [], "warm": []}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="kerax-first-epoch-") as d:
            runs["cold"].append(run_once(framework, args, d))
            runs["warm"].append(run_once(framework, args, d))
    summary = {"framework": framework}
    for phase, results in runs.items():
        for key in results[0]:
            values = [r[key] for r in results if r[key] is not None]
            summary[f"{phase}_{key}"] = (
                statistics.median(values) if values else None)
    steady = summary["warm_steady_epoch_s"]
    if steady:
        summary["warm_first_over_steady"] = (
            summary["warm_first_epoch_s"] / steady)
        summary["cold_first_over_steady"] = (
            summary["cold_first_epoch_s"] / steady)
    return summary


def fmt(value, digits=3):
    return "-" if value is None else f"{value:.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=("mlp", "cnn"), default="mlp")
    parser.add_argument("--samples", type=int, default=30000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frameworks", default="kerax,keras,keras_cache,"
                        "torch")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON line per framework")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.epochs < 1 or args.samples < 1 or args.repeat < 1:
        parser.error("--epochs, --samples and --repeat must be >= 1")
    if args.worker:
        result = worker(args.worker, args.case, args.samples, args.epochs)
        print(json.dumps(result))
        return
    frameworks = [f.strip() for f in args.frameworks.split(",") if f.strip()]
    unknown = sorted(set(frameworks) - set(FRAMEWORKS))
    if unknown:
        parser.error(f"unknown --frameworks {unknown}; known: {FRAMEWORKS}")
    if not args.json:
        print(f"case={args.case} samples={args.samples} "
              f"epochs={args.epochs} repeat={args.repeat} (medians, seconds)")
        print("framework      cold_first warm_first steady  warm/steady "
              "cold_to_epoch1 warm_to_epoch1 warm_hits warm_misses")
    for framework in frameworks:
        s = measure(framework, args)
        if args.json:
            print(json.dumps(s))
            continue
        print(f"{framework:<14} {fmt(s['cold_first_epoch_s']):>10} "
              f"{fmt(s['warm_first_epoch_s']):>10} "
              f"{fmt(s['warm_steady_epoch_s']):>7} "
              f"{fmt(s.get('warm_first_over_steady'), 2):>11} "
              f"{fmt(s['cold_to_first_epoch_end_s']):>14} "
              f"{fmt(s['warm_to_first_epoch_end_s']):>14} "
              f"{s.get('warm_hits', '-'):>9} {s.get('warm_misses', '-'):>11}")


if __name__ == "__main__":
    main()
