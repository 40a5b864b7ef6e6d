"""Training processes killed with SIGKILL at random moments (after random
steps, inside the backup write, from a timer thread) and started again
with `BackupAndRestore` end with the weights, optimizer and random states
of an uninterrupted run, bit for bit (CPU): for `save_freq="epoch"` and an
integer `save_freq`, with shuffling, a short last batch, Dropout and
BatchNormalization. Each kill leaves a readable backup (or none)."""

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np

from kerax.callbacks import backup_file

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# `train(backup_dir, out, save_freq, spec)`: backup dir ("-" for none),
# output .npz, save_freq, kill spec: "-", "step:N" (after this process's
# N-th step), "write:K" (at its K-th fsync, all of which happen inside
# backup writes) or "time:T" (a thread, T seconds after `fit` starts).
# The server imports kerax once, then forks one training process per line
# `[tag, *arguments]` on stdin (the import is half a process's time; the
# two chains' runs go on at the same time) and answers each with a line
# `tag status` when it ends (-9: killed by SIGKILL). It forks
# before JAX starts any backend or thread, after importing what the runs
# use (kerax imports layers, optimizers, h5py... lazily: ~270 modules a run).
_SERVER = textwrap.dedent("""
    import json, os, select, signal, sys, threading, traceback
    import h5py, optax
    import numpy as np
    import kerax
    import kerax.saving.api
    from kerax import callbacks, layers, optimizers
    (layers.Dense, layers.BatchNormalization, layers.Dropout,
     optimizers.Adam, callbacks.BackupAndRestore)

    def train(backup_dir, out, save_freq, spec):
        save_freq = save_freq if save_freq == "epoch" else int(save_freq)
        kind, _, value = spec.partition(":")

        def die():
            os.kill(os.getpid(), signal.SIGKILL)

        if kind == "write":
            real_fsync, calls = os.fsync, [0]

            def fsync(fd):
                calls[0] += 1
                if calls[0] == int(value):
                    die()
                return real_fsync(fd)

            os.fsync = fsync

        class Kill(kerax.callbacks.Callback):
            steps = 0

            def on_train_begin(self, logs=None):
                if kind == "time":
                    threading.Timer(float(value), die).start()

            def on_train_batch_end(self, batch, logs=None):
                self.steps += 1
                if kind == "step" and self.steps == int(value):
                    die()

        kerax.utils.set_random_seed(7)
        model = kerax.Sequential([
            kerax.Input((3,)), kerax.layers.Dense(4),
            kerax.layers.BatchNormalization(), kerax.layers.Dropout(0.25),
            kerax.layers.Dense(1)])
        model.compile(optimizer=kerax.optimizers.Adam(0.05), loss="mse",
                      metrics=["mae"])
        rng = np.random.default_rng(0)
        x = rng.normal(size=(22, 3)).astype("float32")
        y = rng.normal(size=(22, 1)).astype("float32")
        callbacks = [Kill()]
        if backup_dir != "-":
            callbacks.insert(0, kerax.callbacks.BackupAndRestore(
                backup_dir, save_freq=save_freq))
        history = model.fit(x, y, batch_size=4, epochs=3, verbose=0,
                            callbacks=callbacks)
        state = [v.numpy() for group in model._variable_lists()
                 for v in group]
        np.savez(out, loss=history.history["loss"][-1], *state)

    def start(tag, args):
        pid = os.fork()
        if pid == 0:
            try:
                train(*args)
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
                os._exit(1)
            os._exit(0)
        return pid

    runs, pending, open_ = {}, b"", True
    while open_ or runs:
        if open_ and select.select([0], [], [], 0.01)[0]:
            data = os.read(0, 1 << 16)
            open_ = bool(data)
            pending += data
            *lines, pending = pending.split(b"\\n")
            for line in lines:
                tag, *args = json.loads(line)
                runs[start(tag, args)] = tag
        elif not open_:
            select.select([], [], [], 0.01)
        while runs:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if not pid:
                break
            code = (-os.WTERMSIG(status) if os.WIFSIGNALED(status)
                    else os.WEXITSTATUS(status))
            print(runs.pop(pid), code, flush=True)
""")


class _Server:
    """A `_SERVER` process; its stderr (the runs' too) goes to `log`."""

    def __init__(self, env, log):
        self.log = log
        self.ended, self.pending = {}, b""
        with open(log, "wb") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER], env=env, cwd=_REPO,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                start_new_session=True)

    def start(self, tag, *args):
        """Starts one training process with `args`, answered as `tag`."""
        line = json.dumps([str(tag), *(str(a) for a in args)]) + "\n"
        self.proc.stdin.write(line.encode())
        self.proc.stdin.flush()

    def wait(self, tag, timeout=120):
        """The exit status of the process started last as `tag`, and the
        log."""
        tag, out = str(tag), self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while tag not in self.ended:
            left = deadline - time.monotonic()
            data = (os.read(out, 1 << 16)
                    if left > 0 and select.select([out], [], [], left)[0]
                    else b"")
            if not data:
                break
            *lines, self.pending = (self.pending + data).split(b"\n")
            for line in lines:
                name, code = line.decode().split()
                self.ended[name] = int(code)
        tail = self.log.read_text(errors="replace")[-2000:]
        assert tag in self.ended, f"no answer in {timeout} s: {tail}"
        return self.ended.pop(tag), tail

    def close(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # with a hung run
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


_KILLS_PER_CHAIN = 10
_EPOCHS, _STEPS = 3, 6  # 22 rows in batches of 4: 5 full and 1 short


def _env(cache):
    return dict(os.environ, PYTHONPATH=_REPO, JAX_PLATFORMS="cpu",
                JAX_COMPILATION_CACHE_DIR=str(cache),
                JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS="0",
                JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES="0")


def _position(path):
    """Steps done according to the backup at `path` (0 without one)."""
    if not path.exists():
        return 0
    saved = backup_file.read(path)  # a kill never leaves a broken backup
    assert 0 <= saved["step"] <= _STEPS, saved["step"]
    return saved["epoch"] * _STEPS + saved["step"]


def _kill_spec(rng, save_freq, done):
    """A kill that lands before the run ends: after a random step, at a
    random fsync of the backup writes still to come, or from a timer."""
    left = _EPOCHS * _STEPS - done
    backups = (_EPOCHS - done // _STEPS if save_freq == "epoch"
               else left // save_freq)
    kind = rng.choice(["step", "write", "write", "time"])
    if kind == "write" and backups:
        return f"write:{rng.integers(1, 2 * backups + 1)}"
    if kind == "time":
        return f"time:{rng.uniform(0.0, 0.05):.3f}"
    return f"step:{rng.integers(1, min(4, left) + 1)}"


def _chain(server, tmp_path, save_freq, rng):
    """One chain of killed runs, then a run to the end. A generator that
    yields while a run goes on, so that two chains interleave; returns the
    specs of the kills."""
    backup = tmp_path / f"backup_{save_freq}"
    out = tmp_path / f"resumed_{save_freq}.npz"
    # The uninterrupted reference first.
    server.start(save_freq, "-", tmp_path / f"ref_{save_freq}.npz",
                 save_freq, "-")
    yield
    code, log = server.wait(save_freq)
    assert code == 0, log
    kills = []
    while True:
        spec = "-"
        if len(kills) < _KILLS_PER_CHAIN:
            spec = _kill_spec(rng, save_freq,
                              _position(backup / "latest.weights.h5"))
        server.start(save_freq, backup, out, save_freq, spec)
        yield
        code, log = server.wait(save_freq)
        if spec == "-":
            assert code == 0, log
            break
        assert code == -signal.SIGKILL, (spec, kills, log)
        assert not out.exists()
        kills.append(spec)
    assert not backup.exists()  # deleted after a completed fit
    return kills


def _load(path):
    with np.load(path) as data:
        arrays = [data[f"arr_{i}"] for i in range(len(data.files) - 1)]
        return arrays, float(data["loss"])


def test_random_sigkills_then_resume_match_uninterrupted(tmp_path):
    env = _env(tmp_path / "jax_cache")
    rng = np.random.default_rng(15)
    server = _Server(env, tmp_path / "server.log")
    try:
        chains = {freq: _chain(server, tmp_path, freq, rng)
                  for freq in ("epoch", 2)}
        kills = {}
        # Both chains advance together, one process each at a time.
        while chains:
            for freq, chain in list(chains.items()):
                try:
                    next(chain)
                except StopIteration as stop:
                    kills[freq] = stop.value
                    del chains[freq]
    finally:
        server.close()
    assert sum(map(len, kills.values())) >= 20, kills
    assert any(s.startswith("write") for s in kills[2]), kills
    for freq in ("epoch", 2):
        resumed, loss = _load(tmp_path / f"resumed_{freq}.npz")
        expected, expected_loss = _load(tmp_path / f"ref_{freq}.npz")
        assert loss == expected_loss
        assert len(resumed) == len(expected)
        for a, b in zip(resumed, expected):
            np.testing.assert_array_equal(a, b)
