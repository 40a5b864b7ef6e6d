"""A training process killed with SIGKILL in the middle of an epoch, then
started again with the same seed and `BackupAndRestore`, ends with the
weights of an uninterrupted run (CPU)."""

import json
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np

from tests.saving.conftest import assert_same

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# argv: backup dir ("-" for none), output .npz, kill target "epoch:batch"
# or "-". The kill happens in `on_train_batch_end` of that batch.
_TRAIN = textwrap.dedent("""
    import os, signal, sys
    import numpy as np
    import kerax

    backup_dir, out, target = sys.argv[1:4]
    target = None if target == "-" else tuple(map(int, target.split(":")))

    class Kill(kerax.callbacks.Callback):
        epoch = 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if (self.epoch, batch) == target:
                os.kill(os.getpid(), signal.SIGKILL)

    kerax.utils.set_random_seed(7)
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(4),
                              kerax.layers.Dropout(0.25),
                              kerax.layers.Dense(1)])
    model.compile(optimizer=kerax.optimizers.Adam(0.05), loss="mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype("float32")
    y = rng.normal(size=(32, 1)).astype("float32")
    callbacks = [Kill()]
    if backup_dir != "-":
        callbacks.insert(0, kerax.callbacks.BackupAndRestore(backup_dir))
    model.fit(x, y, batch_size=8, epochs=3, verbose=0, shuffle=False,
              callbacks=callbacks)
    np.savez(out, iterations=int(model.optimizer.iterations.numpy()),
             *model.get_weights())
""")


def _start(*args):
    env = dict(os.environ, PYTHONPATH=_REPO, JAX_PLATFORMS="cpu")
    return subprocess.Popen([sys.executable, "-c", _TRAIN, *map(str, args)],
                            env=env, cwd=_REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _finish(proc):
    try:
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, stderr.decode(errors="replace")[-2000:]


def _result(path):
    with np.load(path) as data:
        weights = [data[f"arr_{i}"] for i in range(len(data.files) - 1)]
        return weights, int(data["iterations"])


def test_sigkill_mid_epoch_then_resume_matches_uninterrupted(tmp_path):
    backup = tmp_path / "backup"
    # The uninterrupted reference runs beside the first (killed) run.
    reference = _start("-", tmp_path / "reference.npz", "-")
    try:
        code, stderr = _finish(_start(backup, tmp_path / "killed.npz",
                                      "1:2"))
        assert code == -signal.SIGKILL, stderr
        assert not (tmp_path / "killed.npz").exists()
        # The backup made at the end of epoch 0 survived the kill.
        metadata = json.loads(
            (backup / "training_metadata.json").read_text())
        assert metadata["epoch"] == 1
        assert (backup / "latest.weights.h5").exists()
        assert (backup / "seed_states.npz").exists()  # the Dropout's RNG

        code, stderr = _finish(_start(backup, tmp_path / "resumed.npz",
                                      "-"))
        assert code == 0, stderr
        assert not backup.exists()  # deleted after a completed fit
    finally:
        code, stderr = _finish(reference)
    assert code == 0, stderr

    weights, iterations = _result(tmp_path / "resumed.npz")
    expected, expected_iterations = _result(tmp_path / "reference.npz")
    assert iterations == expected_iterations == 12
    assert_same(weights, expected, atol=1e-6)
