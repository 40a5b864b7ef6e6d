"""Two processes on 127.0.0.1 (4 simulated CPU devices each, gloo
collectives) against one plain process: the same script, the same results.

One module-scoped run of `multi_process_worker.py` in each mode serves every
check (the pair and the reference run at the same time); the kill check's
own pair starts first, with them, so that its wait for JAX's heartbeat
overlaps their work. The main runs share a private persistent compilation
cache: each builds the same model many times.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from xla_flags import with_devices

WORKER = os.path.join(os.path.dirname(__file__), "multi_process_worker.py")
TIMEOUT = 240


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cache_env(folder):
    """JAX's persistent cache in `folder` for a worker: every program
    written (the workers' programs compile in well under kerax's 0.2 s
    minimum), reads and writes under JAX's file lock (a size bound turns it
    on), as the pair's process 1 reads what process 0 wrote."""
    return {"JAX_COMPILATION_CACHE_DIR": str(folder),
            "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
            "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0",
            "JAX_COMPILATION_CACHE_MAX_SIZE": str(1 << 30)}


def _start(mode, out, process_id=0, port=None, extra_env=None):
    env = dict(os.environ)
    env["XLA_FLAGS"] = with_devices(4)
    if port is not None:
        env.update(KERAS_DISTRIBUTION_JOB_ADDRESSES=f"127.0.0.1:{port}",
                   KERAS_DISTRIBUTION_NUM_PROCESSES="2",
                   KERAS_DISTRIBUTION_PROCESS_ID=str(process_id))
    env.update(extra_env or {})
    path = os.path.join(out, f"log_{mode}_{process_id}.txt")
    with open(path, "w") as log:
        proc = subprocess.Popen([sys.executable, WORKER, mode, str(out)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, path


def _finish(started, deadline=None):
    deadline = deadline or time.monotonic() + TIMEOUT
    codes = []
    for proc, _ in started:
        try:
            codes.append(proc.wait(max(1, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            for p, _ in started:
                p.kill()
            raise
    logs = []
    for _, path in started:
        with open(path) as f:
            logs.append(f.read()[-3000:])
    return codes, logs


def _end_times(started):
    """{process: monotonic time it exited}, filled by waiting threads (the
    kill pair ends while the main runs still go on)."""
    ended = {}

    def watch(proc):
        proc.wait()
        ended[proc] = time.monotonic()

    for proc, _ in started:
        threading.Thread(target=watch, args=(proc,), daemon=True).start()
    return ended


@pytest.fixture(scope="module")
def kill_pair(tmp_path_factory):
    """The kill check's pair (process 1 dies after its first epoch),
    started before the main runs; killed at the end if still running."""
    out = tmp_path_factory.mktemp("kill")
    port = _free_port()
    env = {"KERAX_DISTRIBUTION_HEARTBEAT_TIMEOUT": "10"}
    start = time.monotonic()
    procs = [_start("kill", out, i, port, env) for i in range(2)]
    ended = _end_times(procs)
    yield {"procs": procs, "dir": out, "start": start, "ended": ended,
           "deadline": start + TIMEOUT}
    for proc, _ in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _read(path):
    with open(path) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, kill_pair):
    pair_dir = tmp_path_factory.mktemp("pair")
    single_dir = tmp_path_factory.mktemp("single")
    cache = _cache_env(tmp_path_factory.mktemp("jax_cache"))
    port = _free_port()
    start = time.monotonic()
    pair = [_start("pair", pair_dir, i, port,
                   {"KERAX_TEST_ONE_PROCESS_OUT": str(single_dir), **cache})
            for i in range(2)]
    single = _start("single", single_dir, extra_env=cache)
    codes, logs = _finish([*pair, single])
    seconds = time.monotonic() - start
    assert codes[:2] == [0, 0], "\n".join(logs)
    results = [_read(pair_dir / f"result_pair_{i}.json") for i in range(2)]
    reference = _read(single_dir / "result_single_0.json")
    return {"pair": results, "single": reference, "dir": pair_dir,
            "seconds": seconds, "logs": logs, "single_dir": single_dir}


def _close(a, b, tol=1e-5):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape
    np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


def _close_tree(a, b, tol=1e-5):
    if isinstance(a, dict):
        assert sorted(a) == sorted(b)
        for k in a:
            _close_tree(a[k], b[k], tol)
    elif isinstance(a, list) and a and isinstance(a[0], list) and (
            np.asarray(a[0], dtype=object).ndim != np.asarray(a, dtype=object).ndim - 1):
        for x, y in zip(a, b):
            _close_tree(x, y, tol)
    else:
        _close(a, b, tol)


def test_two_processes_see_eight_devices_and_agree_on_a_seed(runs):
    first, second = runs["pair"]
    assert first["process_count"] == second["process_count"] == 2
    assert first["device_count"] == 8
    # initialize() seeds every process with process 0's seed.
    assert first["agreed_draw"] == second["agreed_draw"]


@pytest.mark.parametrize("key", ["history", "weights", "evaluate", "predict",
                                 "loaded_predict", "pydataset_weights",
                                 "generator_weights",
                                 "validation_data_history", "torch_weights"])
def test_data_parallel_equals_one_process(runs, key):
    first, second = runs["pair"]
    if runs["single"][key] is None:
        pytest.skip("torch is not installed")
    for weights_a, weights_b in ((first[key], runs["single"][key]),
                                 (second[key], first[key])):
        if isinstance(weights_a, list) and key.endswith("weights"):
            for a, b in zip(weights_a, weights_b):
                _close(a, b)
        else:
            _close_tree(weights_a, weights_b)


@pytest.mark.parametrize("key", ["mp_history", "mp_weights", "mp_predict",
                                 "mp_cross_weights"])
def test_model_parallel_equals_one_process(runs, key):
    first, second = runs["pair"]
    if key.endswith("weights"):
        for a, b, c in zip(first[key], second[key], runs["single"][key]):
            _close(a, c)
            _close(b, c)
    else:
        _close_tree(first[key], runs["single"][key])
        _close_tree(second[key], runs["single"][key])
    specs = first["mp_specs"]
    assert [specs[p] for p in sorted(specs)] == [
        "P()", "P(None, 'model')", "P()", "P('model',)"]


def test_each_process_read_only_its_half(runs):
    first, second = runs["pair"]
    # fit: 2 epochs over 48 training rows plus 16 validation rows (row
    # numbers of the training and of the validation arrays).
    a, b = first["fit_rows_read"], second["fit_rows_read"]
    assert len(a) == len(b) == 64
    assert sorted(a + b) == sorted(list(range(48)) * 2 + list(range(16)) * 2)
    # A PyDataset split per process (auto_shard_dataset=False).
    a, b = first["pydataset_rows_read"], second["pydataset_rows_read"]
    assert not set(a) & set(b)
    assert sorted(a + b) == list(range(64))


def test_only_process_zero_wrote_files(runs):
    names = set(os.listdir(runs["dir"]))
    for written in ("log_0.csv", "ckpt_0.weights.h5", "backup_0", "tb_0"):
        assert written in names
    for other in ("log_1.csv", "ckpt_1.weights.h5", "backup_1", "tb_1"):
        assert other not in names
    # The progress lines (fit with verbose=2) come from process 0 only.
    first_log, second_log = runs["logs"][:2]
    assert "Epoch 2/2" in first_log
    assert "Epoch" not in second_log
    # Shared files written once and read by both processes.
    assert {"shared.keras", "mp.weights.h5"} <= names


def test_killed_process_makes_the_other_fail(kill_pair):
    codes, logs = _finish(kill_pair["procs"], kill_pair["deadline"])
    elapsed = max(kill_pair["ended"].get(proc, time.monotonic())
                  for proc, _ in kill_pair["procs"]) - kill_pair["start"]
    assert codes[1] == 3, logs[1]  # process 1 exited after its first epoch
    result = kill_pair["dir"] / "result_kill_0.json"
    error = _read(result)["error"] if result.exists() else None
    # Process 0 fails (a failed collective, then JAX's heartbeat ends it),
    # never finishes 50 epochs alone and never hangs.
    assert codes[0] != 0 or error, logs[0]
    text = (error or "") + logs[0]
    assert any(s in text for s in (
        "Gloo", "heartbeat", "another task died", "Connection", "peer",
        "UNAVAILABLE", "DEADLINE_EXCEEDED")), text
    assert elapsed < 120


def test_model_saved_by_two_processes_loads_in_one(runs):
    import kerax

    model = kerax.saving.load_model(str(runs["dir"] / "shared.keras"))
    x = np.random.RandomState(0).rand(64, 8).astype("float32")[:16]
    _close(model.predict(x, verbose=0), runs["pair"][0]["loaded_predict"])


def test_on_batch_methods_across_processes(runs):
    # Each process passed its 8 rows of a batch of 16; one process all 16.
    first, second = runs["pair"]
    single = runs["single"]
    for logs in (first, second):
        for key in ("train_on_batch", "test_on_batch"):
            got = logs[key] if key == "train_on_batch" else [logs[key]]
            want = single[key] if key == "train_on_batch" else [single[key]]
            for a, b in zip(got, want, strict=True):
                _close_tree(a, b)
    for a, b, c in zip(first["on_batch_weights"], second["on_batch_weights"],
                       single["on_batch_weights"]):
        _close(a, c)
        _close(b, c)
    # predict_on_batch: each process gets the outputs of its own rows.
    _close(first["predict_on_batch"] + second["predict_on_batch"],
           single["predict_on_batch"])


def _orbax(runs):
    pytest.importorskip("orbax.checkpoint")
    return runs["pair"], runs["single"]


def _model_as_the_worker():
    """`multi_process_worker.model_and_compile` and its data."""
    import kerax
    from kerax import layers

    kerax.utils.set_random_seed(3)
    model = kerax.Sequential([
        kerax.Input((8,)), layers.Dense(16, activation="relu", name="d1"),
        layers.Dense(1, name="d2")])
    model.compile(kerax.optimizers.Adam(0.01), "mse", metrics=["mae"])
    x = np.random.RandomState(0).rand(64, 8).astype("float32")
    y = (x @ np.linspace(-1, 1, 8).astype("float32"))[:, None] + 0.5
    return model, x, y


def test_orbax_checkpoint_of_two_processes_restores_in_one(runs, tmp_path):
    import shutil

    import kerax

    pair, single = _orbax(runs)
    written = runs["dir"] / "orbax_written"
    assert sorted(os.listdir(written)) == ["4"]
    model, x, y = _model_as_the_worker()
    model.load_weights(str(written))
    for a, b in zip(model.get_weights(), pair[0]["orbax_written_weights"]):
        np.testing.assert_array_equal(a, np.asarray(b, dtype=a.dtype))
    # Resumed by one process: equal to an uninterrupted one-process run.
    shutil.copytree(written, tmp_path / "ckpt")
    model, x, y = _model_as_the_worker()
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, callbacks=[
        kerax.callbacks.OrbaxCheckpoint(tmp_path / "ckpt", resume=True)])
    for a, b in zip(model.get_weights(), single["orbax_reference_weights"]):
        _close(a, b)


def test_orbax_checkpoint_of_one_process_resumed_by_two(runs):
    pair, single = _orbax(runs)
    for result in pair:
        for a, b in zip(result["orbax_resumed_weights"],
                        single["orbax_reference_weights"]):
            _close(a, b)
    # Both processes wrote into one directory: the resumed run's step 8
    # (max_to_keep=1 removed step 4).
    assert sorted(os.listdir(runs["dir"] / "orbax_from_one")) == ["8"]


def test_sigterm_to_one_process_makes_both_save_one_step(runs):
    pair, _ = _orbax(runs)
    first, second = pair[0]["orbax_term"], pair[1]["orbax_term"]
    assert first["preempted"] and second["preempted"]
    assert first["step"] == second["step"] < 25 * 4
    assert first["saved"] == second["saved"] == [str(first["step"])]
