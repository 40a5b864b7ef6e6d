import os
import signal
import subprocess
import sys
import textwrap

import jax
import numpy as np
import pytest
from compile_cache import module_compile_cache  # noqa: F401
from resume_fixtures import (
    FIT,
    Recorder,
    X,
    Y,
    resumable_model,
    send_sigterm,
)
from resume_fixtures import model_state as _state

pytest.importorskip("orbax.checkpoint")

from xla_flags import with_devices

import kerax
from kerax import callbacks
from kerax.callbacks import orbax_state

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


@pytest.fixture(scope="module", autouse=True)
def every_program_cached(module_compile_cache):  # noqa: F811
    """`module_compile_cache` writing every program: the tests build the
    same small models again and again, whose steps compile in less than
    kerax's 0.2 s minimum (put back with the cache at the module's end)."""
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)


def _model():
    return resumable_model(named=True)


@pytest.fixture(scope="module")
def reference():
    """State and history of an uninterrupted, shuffled run."""
    np.random.seed(3)
    model = _model()
    history = model.fit(X, Y, callbacks=[Recorder()], **FIT)
    return _state(model), history.history


def test_sigterm_saves_then_resume_is_bit_exact(tmp_path, reference):
    directory = tmp_path / "ckpt"
    np.random.seed(3)
    model, recorder = _model(), Recorder(stop_at=(1, 1),
                                         action=send_sigterm)
    ckpt = callbacks.OrbaxCheckpoint(directory, save_freq="epoch",
                                     max_to_keep=3)
    before = signal.getsignal(signal.SIGTERM)
    model.fit(X, Y, callbacks=[recorder, ckpt], **FIT)
    assert signal.getsignal(signal.SIGTERM) is before  # handler put back
    assert ckpt.preempted and recorder.seen[-1] == (1, 1)
    # The epoch-0 save (step 6) and the preemption save (step 8).
    assert sorted(int(n) for n in os.listdir(directory)) == [6, 8]

    np.random.seed(99)  # the resumed run gets the saved host state back
    model = _model()
    resumed = callbacks.OrbaxCheckpoint(directory, resume=True,
                                        max_to_keep=3)
    recorder = Recorder()
    history = model.fit(X, Y, callbacks=[resumed, recorder], **FIT)
    assert (resumed._resume_epoch, resumed._resume_step) == (1, 2)
    assert recorder.seen[0] == (1, 2)  # the done steps are skipped
    for got, want in zip(_state(model), reference[0], strict=True):
        np.testing.assert_array_equal(got, want)
    assert history.history["loss"] == reference[1]["loss"][1:]
    assert sorted(int(n) for n in os.listdir(directory)) == [8, 12, 18]


def test_keep_n_load_weights_and_load_model(tmp_path):
    directory = tmp_path / "ckpt"
    model = _model()
    ckpt = callbacks.OrbaxCheckpoint(directory, save_freq=4, max_to_keep=2,
                                     save_on_background=False)
    model.fit(X, Y, callbacks=[ckpt], **FIT)
    assert sorted(os.listdir(directory)) == ["12", "16"]  # 18 steps
    assert orbax_state.is_checkpoint_directory(directory)
    # A fresh model (other auto names) loads the newest step: weights,
    # optimizer slots and metric state.
    other = resumable_model(seed=1)
    other.load_weights(directory / "12")
    assert int(other.optimizer.iterations.numpy()) == 12
    other.load_weights(directory)
    assert int(other.optimizer.iterations.numpy()) == 16
    loaded = kerax.saving.load_model(directory)
    assert loaded.name == "net"
    for got, want in zip(loaded.optimizer.variables,
                         other.optimizer.variables, strict=True):
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    # Async (default) saves are all committed when fit returns.
    directory = tmp_path / "async"
    ckpt = callbacks.OrbaxCheckpoint(directory, max_to_keep=None,
                                     save_weights_only=True)
    model.fit(X, Y, callbacks=[ckpt], **FIT)
    assert sorted(os.listdir(directory)) == ["24", "30", "36"]
    other.load_weights(directory)
    for got, want in zip(other.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="save_weights_only"):
        kerax.saving.load_model(directory)
    # A step holding a link that leaves the checkpoint is refused whole.
    outside = tmp_path / "secret"
    outside.write_text("not a checkpoint")
    os.symlink(outside, directory / "36" / "leak")
    before = other.get_weights()
    with pytest.raises(ValueError, match="'leak' resolves to .*outside"):
        other.load_weights(directory)
    for got, want in zip(other.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_save_best_only_and_errors(tmp_path):
    model = _model()
    ckpt = callbacks.OrbaxCheckpoint(tmp_path / "best", monitor="loss",
                                     save_best_only=True, max_to_keep=None)
    history = model.fit(X, Y, callbacks=[ckpt], **FIT)
    losses = history.history["loss"]
    kept = [i for i, loss in enumerate(losses) if loss <= min(losses[:i + 1])]
    assert sorted(int(n) for n in os.listdir(tmp_path / "best")) == [
        6 * (i + 1) for i in kept]
    # A fresh run onto a directory holding later steps is refused.
    with pytest.raises(ValueError, match="resume=True"):
        _model().fit(X, Y, callbacks=[
            callbacks.OrbaxCheckpoint(tmp_path / "best")], **FIT)
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.OrbaxCheckpoint(tmp_path, save_freq=0)
    with pytest.raises(ValueError, match="max_to_keep"):
        callbacks.OrbaxCheckpoint(tmp_path, max_to_keep=0)
    with pytest.raises(ValueError, match="resume"):
        callbacks.OrbaxCheckpoint(tmp_path, resume=True,
                                  save_weights_only=True)
    with pytest.raises(ValueError, match="no finished checkpoint"):
        orbax_state.resolve(tmp_path / "empty")


def _run(script, devices=1, timeout=120):
    env = dict(os.environ)
    env["XLA_FLAGS"] = with_devices(devices)
    env["JAX_PLATFORMS"] = "cpu"
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=timeout, check=False)


def test_sigkill_during_an_async_save_keeps_the_previous_step(tmp_path):
    directory = tmp_path / "ckpt"
    # ~16 MB of weights: the kill lands while orbax's thread writes step 2.
    result = _run(f"""
        import os, signal
        import numpy as np
        import kerax
        model = kerax.Sequential([kerax.Input((2000,)),
                                  kerax.layers.Dense(2000)])
        model.compile("sgd", "mse")
        kill = kerax.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: batch == 1 and os.kill(
                os.getpid(), signal.SIGKILL))
        ckpt = kerax.callbacks.OrbaxCheckpoint(
            {str(directory)!r}, save_freq=1, max_to_keep=3)
        model.fit(np.ones((4, 2000)), np.ones((4, 2000)), batch_size=2,
                  callbacks=[ckpt, kill], verbose=0)
        """)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    names = os.listdir(directory)
    assert "1" in names and "2" not in names, names
    assert any("tmp" in name for name in names), names  # step 2, unfinished
    assert orbax_state.resolve(directory)[1] == 1
    model = kerax.Sequential([kerax.Input((2000,)), kerax.layers.Dense(2000)])
    model.compile("sgd", "mse")
    model.load_weights(directory)
    assert int(model.optimizer.iterations.numpy()) == 1
    # It resumes; the first save removes the unfinished step's directory.
    ckpt = callbacks.OrbaxCheckpoint(directory, save_freq=1, max_to_keep=3,
                                     resume=True)
    model.fit(np.ones((4, 2000)), np.ones((4, 2000)), batch_size=2,
              callbacks=[ckpt], verbose=0)
    assert sorted(os.listdir(directory)) == ["1", "2"]


_MESH_SCRIPT = """
    import numpy as np
    import kerax
    kerax.distribution.set_distribution(kerax.distribution.DataParallel())
    kerax.utils.set_random_seed(5)
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(8),
                              kerax.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    ckpt = kerax.callbacks.OrbaxCheckpoint({directory!r}, save_freq=2,
                                           max_to_keep=None, resume=True)
    model.fit(x, x[:, :1] * 2.0, batch_size=8, epochs=2, shuffle=False,
              callbacks=[ckpt], verbose=0)
    print("DEVICES", sorted({{len(v.value.sharding.device_set)
                              for group in model._variable_lists()
                              for v in group}}))
"""


def _train(directory, epochs):
    """The 1-device side of `_MESH_SCRIPT`: the same model and data."""
    kerax.utils.set_random_seed(5)
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(8),
                              kerax.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    ckpt = callbacks.OrbaxCheckpoint(directory, save_freq=2,
                                     max_to_keep=None, resume=True)
    model.fit(x, x[:, :1] * 2.0, batch_size=8, epochs=epochs, shuffle=False,
              callbacks=[ckpt], verbose=0)
    return model


def _steps(directory):
    return sorted(int(n) for n in os.listdir(directory))


def test_resume_onto_another_mesh_and_back(tmp_path):
    directory = str(tmp_path / "ckpt")
    _train(directory, epochs=1)  # one device: steps 2 and 4
    result = _run(_MESH_SCRIPT.format(directory=directory), devices=8)
    assert result.returncode == 0, result.stderr[-3000:]
    # Every variable restored onto, and trained on, the 8-device layout.
    assert "DEVICES [8]" in result.stdout, result.stdout
    assert _steps(directory) == [2, 4, 6, 8]
    resumed = _train(directory, epochs=3)  # back on one device
    assert _steps(directory) == [2, 4, 6, 8, 10, 12]
    reference = _train(str(tmp_path / "ref"), epochs=3)
    # 8-way data parallel sums the gradient in another order: not bitwise.
    for got, want in zip(resumed.get_weights(), reference.get_weights(),
                         strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


# Keras's orbax reader warns that it takes the shardings from the files.
@pytest.mark.filterwarnings("ignore:Sharding info not provided")
def test_checkpoints_load_across_keras_and_kerax(tmp_path, keras):
    def build(lib):
        model = lib.Sequential([
            lib.Input((3,)), lib.layers.Dense(4, name="d1"),
            lib.layers.Dense(1, name="d2")], name="net")
        model.compile(optimizer="adam", loss="mse")
        return model

    fit = {"batch_size": 4, "epochs": 2, "verbose": 0}
    theirs = build(keras)
    theirs.fit(X[:16], Y[:16], callbacks=[
        keras.callbacks.OrbaxCheckpoint(str(tmp_path / "keras"))], **fit)
    ours = build(kerax)
    ours.load_weights(tmp_path / "keras")
    assert int(ours.optimizer.iterations.numpy()) == 8
    loaded = kerax.saving.load_model(tmp_path / "keras")
    for model in (ours, loaded):
        for got, want in zip(model.get_weights(), theirs.get_weights(),
                             strict=True):
            np.testing.assert_array_equal(got, want)

    ours.fit(X[:16], Y[:16], callbacks=[
        callbacks.OrbaxCheckpoint(tmp_path / "kerax")], **fit)
    theirs = build(keras)
    theirs.load_weights(str(tmp_path / "kerax"))
    for got, want in zip(theirs.get_weights(), ours.get_weights(),
                         strict=True):
        np.testing.assert_array_equal(got, want)
