"""Nothing lost: a save killed halfway leaves the old file, and training
interrupted mid-epoch resumes with BackupAndRestore to the same weights."""

import os
import textwrap

import numpy as np
import pytest

import kerax
from kerax import saving
from tests.saving.conftest import assert_same, kill_when_flagged

_SLOW_SAVE = textwrap.dedent("""
    import sys, time
    import numpy as np
    import kerax
    from kerax.saving import h5_store
    path, flag = sys.argv[1], sys.argv[2]
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.layers[0].set_weights([np.full((3, 2), 7.0, "float32"),
                                 np.zeros(2, "float32")])
    original = h5_store._write_group

    def slow(*args, **kwargs):
        original(*args, **kwargs)
        open(flag, "w").close()
        time.sleep(60)

    h5_store._write_group = slow
    model.save(path)
""")


@pytest.mark.parametrize("name", ["m.keras"])
def test_killed_save_leaves_old_file(tmp_path, name):
    path = str(tmp_path / name)
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.save(path)
    x = np.ones((1, 3), "float32")
    expected = model.predict(x, verbose=0)
    if name.endswith(".h5"):
        script = _SLOW_SAVE.replace("h5_store._write_group = slow", (
            "from kerax.saving import legacy_h5\n"
            "original = legacy_h5.write_weights_group\n"
            "legacy_h5.write_weights_group = slow"))
    else:
        script = _SLOW_SAVE
    flag = str(tmp_path / "writing")
    kill_when_flagged(script, path, flag, "the save", limit_s=60)
    loaded = saving.load_model(path)
    assert_same(loaded.predict(x, verbose=0), expected)


class _Interrupt(kerax.callbacks.Callback):
    def __init__(self, epoch, batch):
        super().__init__()
        self.epoch, self.batch = epoch, batch
        self._current = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._current = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._current == self.epoch and batch == self.batch:
            raise KeyboardInterrupt("simulated kill")


def _model():
    kerax.utils.set_random_seed(1)
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(4),
                              kerax.layers.Dense(1)])
    model.compile(optimizer=kerax.optimizers.Adam(0.05), loss="mse")
    return model


def test_backup_and_restore_resumes_exactly(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype("float32")
    y = rng.normal(size=(32, 1)).astype("float32")
    fit = {"batch_size": 8, "epochs": 3, "verbose": 0, "shuffle": False}
    reference = _model()
    reference.fit(x, y, **fit)

    model = _model()
    backup = kerax.callbacks.BackupAndRestore(str(tmp_path / "backup"))
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, callbacks=[backup, _Interrupt(1, 2)], **fit)
    assert os.path.exists(tmp_path / "backup" / "latest.weights.h5")
    resumed = _model()  # a new process would rebuild the model like this
    resumed.fit(x, y, callbacks=[backup], **fit)
    assert_same(resumed.get_weights(), reference.get_weights(), atol=1e-6)
    assert int(resumed.optimizer.iterations.numpy()) == int(
        reference.optimizer.iterations.numpy())
