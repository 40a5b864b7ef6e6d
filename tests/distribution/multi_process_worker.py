"""One process of the two-process checks (tests/distribution/
test_multi_process.py starts two, plus one plain single-process run).

Usage: `python multi_process_worker.py MODE OUT_DIR` with MODE `pair`
(Keras's `KERAS_DISTRIBUTION_*` variables set by the test), `single` (one
process, no distribution: the reference) or `kill` (process 1 dies
mid-training). Writes `OUT_DIR/result_<process>.json`. The pair resumes
the single run's OrbaxCheckpoint, found in `$KERAX_TEST_ONE_PROCESS_OUT`.
"""

from __future__ import annotations

import json
import os
import sys
import time

MODE, OUT = sys.argv[1], sys.argv[2]
PID = int(os.environ.get("KERAS_DISTRIBUTION_PROCESS_ID", "0"))
# The test sets XLA_FLAGS (4 host devices); run alone, the worker does.
os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=4")
os.environ["KERAX_DISTRIBUTION_DEBUG"] = "1"

import kerax  # noqa: E402

if MODE != "single":
    kerax.distribution.initialize()

import jax  # noqa: E402
import numpy as np  # noqa: E402

from kerax import layers  # noqa: E402
from kerax.distribution import process  # noqa: E402
from kerax.trainers import process_adapter  # noqa: E402

result = {"process_count": jax.process_count(),
          "device_count": jax.device_count(),
          "agreed_draw": float(np.random.rand())}
X = np.random.RandomState(0).rand(64, 8).astype("float32")
Y = (X @ np.linspace(-1, 1, 8).astype("float32"))[:, None] + 0.5


def model_and_compile():
    kerax.utils.set_random_seed(3)
    model = kerax.Sequential([
        kerax.Input((8,)), layers.Dense(16, activation="relu", name="d1"),
        layers.Dense(1, name="d2")])
    model.compile(kerax.optimizers.Adam(0.01), "mse", metrics=["mae"])
    return model


def weights(model):
    return [process.to_host(v.value).tolist() for v in model.weights]


def mesh_2x4(axes=("batch", "model")):
    from kerax.distribution import DeviceMesh, LayoutMap, ModelParallel

    mesh = DeviceMesh((2, 4), list(axes))
    layout_map = LayoutMap(mesh)
    layout_map["d1/kernel"] = (None, "model")
    layout_map["d2/kernel"] = ("model", None)
    return ModelParallel(layout_map=layout_map, batch_dim_name="batch")


class Halves(kerax.utils.PyDataset):
    """This process's half of each unshuffled batch of 16 rows (already
    split per process: `auto_shard_dataset=False`)."""

    def __init__(self, part, parts):
        super().__init__()
        self.part, self.parts, self.read = part, parts, []

    def __len__(self):
        return 4

    def __getitem__(self, i):
        size = 16 // self.parts
        rows = np.arange(i * 16 + self.part * size, i * 16 + (self.part + 1) * size)
        self.read.extend(int(r) for r in rows)
        return X[rows], Y[rows]


def data_parallel_checks(dist):
    kerax.distribution.set_distribution(dist)
    model = model_and_compile()
    process_adapter.ROWS_READ.clear()
    csv = os.path.join(OUT, f"log_{PID}.csv")
    ckpt = os.path.join(OUT, f"ckpt_{PID}.weights.h5")
    backup = os.path.join(OUT, f"backup_{PID}")
    callbacks = [kerax.callbacks.CSVLogger(csv),
                 kerax.callbacks.ModelCheckpoint(ckpt, save_weights_only=True),
                 kerax.callbacks.BackupAndRestore(backup, delete_checkpoint=False),
                 kerax.callbacks.TensorBoard(os.path.join(OUT, f"tb_{PID}"))]
    # verbose=2: one line per epoch, printed by process 0 only.
    history = model.fit(X, Y, batch_size=16, epochs=2, verbose=2,
                        validation_split=0.25, callbacks=callbacks)
    result["fit_rows_read"] = sorted(process_adapter.ROWS_READ)
    result["history"] = history.history
    result["weights"] = weights(model)
    result["evaluate"] = model.evaluate(X, Y, batch_size=16, verbose=0)
    result["predict"] = model.predict(X[:36], batch_size=16, verbose=0).tolist()
    shared = os.path.join(OUT, "shared.keras")
    model.save(shared)
    loaded = kerax.saving.load_model(shared)
    result["loaded_predict"] = loaded.predict(X[:16], verbose=0).tolist()
    # A PyDataset already split per process.
    kerax.distribution.set_distribution(
        type(dist)(auto_shard_dataset=False) if dist is not None else None)
    model = model_and_compile()
    source = Halves(PID, jax.process_count())
    model.fit(source, epochs=1, verbose=0, shuffle=False)
    result["pydataset_rows_read"] = sorted(source.read)
    result["pydataset_weights"] = weights(model)
    # A generator of global batches, each process keeping its rows
    # (auto_shard_dataset=True).
    kerax.distribution.set_distribution(dist)
    model = model_and_compile()
    history = model.fit(((X[i:i + 16], Y[i:i + 16]) for i in range(0, 48, 16)),
                        epochs=1, verbose=0, validation_data=(X[48:], Y[48:]))
    result["generator_weights"] = weights(model)
    result["validation_data_history"] = history.history
    # A torch DataLoader (the same iterable path), if torch is installed.
    result["torch_weights"] = None
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        model = model_and_compile()
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(
            torch.from_numpy(X), torch.from_numpy(Y)), batch_size=16)
        model.fit(loader, epochs=1, verbose=0)
        result["torch_weights"] = weights(model)
    kerax.distribution.set_distribution(None)


def model_parallel_checks(dist):
    kerax.distribution.set_distribution(dist)
    model = model_and_compile()
    history = model.fit(X, Y, batch_size=16, epochs=2, verbose=0, shuffle=False)
    result["mp_history"] = history.history
    result["mp_weights"] = weights(model)
    result["mp_specs"] = {v.path: str(getattr(v.value.sharding, "spec", None))
                          for v in model.weights}
    result["mp_predict"] = model.predict(X[:16], verbose=0).tolist()
    path = os.path.join(OUT, "mp.weights.h5")
    model.save_weights(path)
    model_and_compile().load_weights(path)
    kerax.distribution.set_distribution(None)
    if dist is not None:
        # The model axis across the processes: kernels split between them,
        # each process reads every row (the batch axis is within it).
        kerax.distribution.set_distribution(mesh_2x4(("model", "batch")))
    model = model_and_compile()
    model.fit(X, Y, batch_size=16, epochs=1, verbose=0, shuffle=False)
    result["mp_cross_weights"] = weights(model)
    kerax.distribution.set_distribution(None)


def on_batch_checks(dist):
    """`train_on_batch`/`test_on_batch`/`predict_on_batch`: each process
    passes its own rows of one batch of 16 (the single run: all 16)."""
    kerax.distribution.set_distribution(dist)
    model = model_and_compile()
    count = jax.process_count()
    mine = slice(PID * 16 // count, (PID + 1) * 16 // count)
    xs, ys = X[:16][mine], Y[:16][mine]
    result["train_on_batch"] = [model.train_on_batch(xs, ys, return_dict=True)
                                for _ in range(2)]
    result["on_batch_weights"] = weights(model)
    result["test_on_batch"] = model.test_on_batch(xs, ys, return_dict=True)
    result["predict_on_batch"] = model.predict_on_batch(xs).tolist()
    kerax.distribution.set_distribution(None)


def orbax_write(dist):
    """One epoch with an OrbaxCheckpoint (step 4 written by every process
    of the run into one directory)."""
    kerax.distribution.set_distribution(dist)
    model = model_and_compile()
    written = os.path.join(OUT, "orbax_written")
    model.fit(X, Y, batch_size=16, epochs=1, verbose=0,
              callbacks=[kerax.callbacks.OrbaxCheckpoint(written)])
    result["orbax_written_weights"] = weights(model)
    if dist is None:
        # The pair may now resume this one-process checkpoint; this run
        # goes on to the uninterrupted reference.
        with open(written + ".done", "w"):
            pass
        model.fit(X, Y, batch_size=16, epochs=2, initial_epoch=1, verbose=0)
        result["orbax_reference_weights"] = weights(model)
    kerax.distribution.set_distribution(None)


def orbax_resume_and_sigterm(dist):
    """The pair resumes the single run's checkpoint, then a SIGTERM to
    process 1 makes both processes save one step and stop."""
    import shutil
    import signal

    one = os.path.join(os.environ["KERAX_TEST_ONE_PROCESS_OUT"],
                       "orbax_written")
    deadline = time.monotonic() + 180
    while not os.path.exists(one + ".done"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no one-process checkpoint in {one}")
        time.sleep(0.2)
    copy = os.path.join(OUT, "orbax_from_one")
    if PID == 0:
        shutil.copytree(one, copy)
    process.barrier("orbax-copied")
    kerax.distribution.set_distribution(dist)
    model = model_and_compile()
    model.fit(X, Y, batch_size=16, epochs=2, verbose=0, callbacks=[
        kerax.callbacks.OrbaxCheckpoint(copy, resume=True)])
    result["orbax_resumed_weights"] = weights(model)

    class Term(kerax.callbacks.Callback):
        sent = False

        def on_train_batch_end(self, batch, logs=None):
            time.sleep(0.02)  # leaves the notice time to reach process 0
            if PID == 1 and not self.sent:
                self.sent = True
                os.kill(os.getpid(), signal.SIGTERM)

    term = os.path.join(OUT, "orbax_term")
    model = model_and_compile()
    ckpt = kerax.callbacks.OrbaxCheckpoint(term, save_freq=1000)
    model.fit(X, Y, batch_size=16, epochs=25, verbose=0,
              callbacks=[ckpt, Term()])
    result["orbax_term"] = {
        "preempted": ckpt.preempted,
        "step": int(process.to_host(model.optimizer.iterations.value)),
        "saved": sorted(os.listdir(term))}
    kerax.distribution.set_distribution(None)


HAS_ORBAX = False
if MODE != "kill":  # the kill check saves no checkpoint: no import
    try:
        import orbax.checkpoint  # noqa: F401
        HAS_ORBAX = True
    except ImportError:  # the orbax checks are skipped by the test
        pass

start = time.perf_counter()
if MODE == "kill":
    kerax.distribution.set_distribution(kerax.distribution.DataParallel())
    model = model_and_compile()

    class Die(kerax.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if PID == 1 and epoch == 0:
                os._exit(3)

    try:
        model.fit(X, Y, batch_size=16, epochs=50, verbose=0, callbacks=[Die()])
        process.barrier("after-fit")
        result["error"] = None
    except Exception as error:  # noqa: BLE001 - reported to the test
        result["error"] = f"{type(error).__name__}: {error}"
else:
    data_parallel = kerax.distribution.DataParallel() if MODE == "pair" else None
    if HAS_ORBAX and MODE == "single":
        orbax_write(None)  # first: the pair resumes it at its end
    data_parallel_checks(data_parallel)
    model_parallel_checks(mesh_2x4() if MODE == "pair" else None)
    on_batch_checks(data_parallel)
    if HAS_ORBAX and MODE == "pair":
        orbax_write(data_parallel)
        orbax_resume_and_sigterm(data_parallel)
result["seconds"] = time.perf_counter() - start
with open(os.path.join(OUT, f"result_{MODE}_{PID}.json"), "w") as f:
    json.dump(result, f)
