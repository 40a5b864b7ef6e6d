"""How long an `OrbaxCheckpoint` save blocks training: async vs sync.

A Dense(5000 -> 5000) model with SGD (25M float32 values, 100 MB of
state) is saved three times each way into a fresh directory; the figure
is the median time the training thread waits in the save call (async:
until the arrays are copied off the device; sync: until the step is
committed), plus the median time an async step takes to commit.

    .venv/bin/python bench/bench_orbax_blocking.py
"""

import statistics
import sys
import tempfile
import time

import numpy as np

import kerax


def _model():
    model = kerax.Sequential([kerax.Input((5000,)), kerax.layers.Dense(5000)])
    model.compile("sgd", "mse")
    model.fit(np.ones((2, 5000), "float32"), np.ones((2, 5000), "float32"),
              verbose=0)
    return model


def _measure(model, background, repeats=3):
    blocked, committed = [], []
    with tempfile.TemporaryDirectory() as directory:
        ckpt = kerax.callbacks.OrbaxCheckpoint(
            directory, save_on_background=background, max_to_keep=1)
        ckpt.set_model(model)
        for step in range(1, repeats + 1):
            ckpt._global_step = step
            start = time.perf_counter()
            ckpt._save(0, 0, np.random.get_state(), None)
            blocked.append(time.perf_counter() - start)
            ckpt.wait_until_finished()
            committed.append(time.perf_counter() - start)
        ckpt.on_train_end()
    return statistics.median(blocked), statistics.median(committed)


def main():
    model = _model()
    size = sum(v.numpy().nbytes for v in model.variables) / 1e6
    _measure(model, True, repeats=1)  # warm-up: orbax's first-use setup
    async_blocked, async_done = _measure(model, True)
    sync_blocked, _ = _measure(model, False)
    print(f"state {size:.0f} MB, {kerax.distribution.get_device_count()} "
          f"device(s), {sys.platform}")
    print(f"async save: blocks {async_blocked * 1e3:.0f} ms "
          f"(committed after {async_done * 1e3:.0f} ms)")
    print(f"sync save:  blocks {sync_blocked * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
