"""Two processes on 127.0.0.1 (4 simulated CPU devices each, gloo
collectives) against one plain process: the same script, the same results.

One module-scoped run of `multi_process_worker.py` in each mode serves every
check (the pair and the reference run at the same time); the kill check
starts its own pair.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

WORKER = os.path.join(os.path.dirname(__file__), "multi_process_worker.py")
TIMEOUT = 240


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(mode, out, process_id=0, port=None, extra_env=None):
    env = dict(os.environ)
    env.pop("XLA_FLAGS", None)
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


def _finish(started):
    deadline = time.monotonic() + TIMEOUT
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


def _read(path):
    with open(path) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    pair_dir = tmp_path_factory.mktemp("pair")
    single_dir = tmp_path_factory.mktemp("single")
    port = _free_port()
    start = time.monotonic()
    pair = [_start("pair", pair_dir, i, port) for i in range(2)]
    single = _start("single", single_dir)
    codes, logs = _finish([*pair, single])
    seconds = time.monotonic() - start
    assert codes[:2] == [0, 0], "\n".join(logs)
    results = [_read(pair_dir / f"result_pair_{i}.json") for i in range(2)]
    reference = _read(single_dir / "result_single_0.json")
    return {"pair": results, "single": reference, "dir": pair_dir,
            "seconds": seconds, "logs": logs}


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
                                 "generator_weights"])
def test_data_parallel_equals_one_process(runs, key):
    first, second = runs["pair"]
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


def test_killed_process_makes_the_other_fail(tmp_path):
    port = _free_port()
    env = {"KERAX_DISTRIBUTION_HEARTBEAT_TIMEOUT": "10"}
    start = time.monotonic()
    procs = [_start("kill", tmp_path, i, port, env) for i in range(2)]
    codes, logs = _finish(procs)
    elapsed = time.monotonic() - start
    assert codes[1] == 3, logs[1]  # process 1 exited after its first epoch
    result = tmp_path / "result_kill_0.json"
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
