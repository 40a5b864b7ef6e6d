"""The one file a `BackupAndRestore` backup is.

`latest.weights.h5` is an ordinary weights file (written by
`model.save_weights`, so `load_weights` reads it) with one more group,
`kerax_backup`, holding everything an exact resume needs:

- `trainable`, `non_trainable`, `optimizer`, `metrics`: the raw values of
  the trainer's four variable lists, in their order (seed states of random
  layers are non-trainable variables, so Dropout masks continue exactly);
- attributes `epoch` and `step` (steps done within that epoch), the
  dataset `order` (that epoch's row order, array data only, mid-epoch
  backups only), and the host random states: NumPy's global generator as
  it was before the epoch's order was drawn (shuffling draws from it), and
  Python's `random`.

The file is built under a temporary name and renamed over the previous
backup (after an fsync), so a kill at any moment leaves either the old
backup or the new one, never a mix.
"""

from __future__ import annotations

import json
import os
import random

import numpy as np

GROUP = "kerax_backup"
FORMAT = 1
GROUPS = ("trainable", "non_trainable", "optimizer", "metrics")
TEMP_NAME = ".kerax-backup-tmp.weights.h5"


def _plain(array):
    """`(array, dtype_name)`: NumPy types as they are, others (bfloat16) as
    unsigned ints of the same width."""
    array = np.asarray(array)
    if array.dtype.kind in "biuf":
        return array, ""
    return array.view(f"u{array.dtype.itemsize}"), array.dtype.name


def _unplain(array, dtype_name):
    if not dtype_name:
        return array
    import jax.numpy as jnp

    return array.view(jnp.dtype(dtype_name))


def write(path, model, epoch, step, numpy_state, order=None):
    """Atomically writes the backup of `model` at (`epoch`, `step`).

    `numpy_state` is `np.random.get_state()` at the start of `epoch`.
    """
    import h5py

    from kerax.support import atomic_write

    tmp = os.path.join(os.path.dirname(path), TEMP_NAME)
    model.save_weights(tmp, overwrite=True)
    with h5py.File(tmp, "a") as h5:
        group = h5.create_group(GROUP)
        group.attrs["format"] = FORMAT
        group.attrs["epoch"] = int(epoch)
        group.attrs["step"] = int(step)
        group.attrs["python_random"] = json.dumps(random.getstate())
        _, keys, pos, has_gauss, gauss = numpy_state
        group.create_dataset("numpy_random_keys", data=np.asarray(keys))
        group.attrs["numpy_random"] = json.dumps(
            [int(pos), int(has_gauss), float(gauss)])
        if order is not None:
            group.create_dataset("order", data=np.asarray(order))
        for name, variables in zip(GROUPS, model._variable_lists()):
            sub = group.create_group(name)
            for i, variable in enumerate(variables):
                data, dtype_name = _plain(variable.numpy())
                dataset = sub.create_dataset(str(i), data=data)
                dataset.attrs["dtype"] = dtype_name
                dataset.attrs["path"] = str(getattr(variable, "path", ""))
    with atomic_write.atomic_path(path) as target:
        os.replace(tmp, target)


def remove_temporaries(directory):
    """Removes what a killed `write` may have left in `directory`."""
    from kerax.support import atomic_write

    if not os.path.isdir(directory):
        return
    for name in os.listdir(directory):
        if name == TEMP_NAME or name.startswith(atomic_write.TEMP_PREFIX):
            os.remove(os.path.join(directory, name))


def read(path):
    """The saved state as a dict (`epoch`, `step`, `order`, `numpy_state`,
    `python_state`, and one list of arrays per name in `GROUPS`).

    Raises `OSError` for an unreadable file, `ValueError` for a file that
    holds no backup.
    """
    from kerax.support.h5_safety import open_h5

    # A backup folder may hold a planted file: open it as any untrusted
    # HDF5 file (read-only, nothing outside it followed).
    with open_h5(path) as h5:
        if GROUP not in h5 or h5[GROUP].attrs.get("format") != FORMAT:
            raise ValueError(
                f"'{path}' holds no training state written by kerax's "
                f"BackupAndRestore (no `{GROUP}` group of format {FORMAT})."
            )
        group = h5[GROUP]
        pos, has_gauss, gauss = json.loads(group.attrs["numpy_random"])
        saved = {
            "epoch": int(group.attrs["epoch"]),
            "step": int(group.attrs["step"]),
            "order": group["order"][()] if "order" in group else None,
            "numpy_state": ("MT19937", group["numpy_random_keys"][()], pos,
                            has_gauss, gauss),
            "python_state": _python_state(
                json.loads(group.attrs["python_random"])),
        }
        for name in GROUPS:
            sub = group[name]
            saved[name] = [
                (_unplain(sub[str(i)][()], sub[str(i)].attrs["dtype"]),
                 sub[str(i)].attrs["path"])
                for i in range(len(sub))
            ]
    return saved


def _python_state(state):
    version, internal, gauss = state
    return version, tuple(internal), gauss


def restore(model, saved, path):
    """Assigns the saved values to `model`'s variables and the saved host
    random states to NumPy and Python. Checks every count and shape first,
    so a mismatch changes nothing."""
    lists = model._variable_lists()
    for name, variables in zip(GROUPS, lists):
        values = saved[name]
        if len(values) != len(variables):
            raise ValueError(
                f"BackupAndRestore: the backup '{path}' holds "
                f"{len(values)} {name} variables; the model has "
                f"{len(variables)}. It was written by a different model: "
                "delete the backup directory to start over."
            )
        for variable, (value, saved_path) in zip(variables, values):
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    f"BackupAndRestore: the backup '{path}' holds shape "
                    f"{tuple(value.shape)} for {name} variable "
                    f"'{saved_path}'; the model's '{variable.path}' has "
                    f"shape {tuple(variable.shape)}. Delete the backup "
                    "directory to start over."
                )
    for name, variables in zip(GROUPS, lists):
        for variable, (value, _) in zip(variables, saved[name]):
            variable.assign(value)
    np.random.set_state(saved["numpy_state"])
    random.setstate(saved["python_state"])
