"""`OrbaxCheckpoint`: sharded, asynchronous checkpoints with orbax.

Keras 3's callback of the same name and arguments, on `orbax-checkpoint`'s
`CheckpointManager` (see `orbax_state` for what one step holds):

- asynchronous: a save blocks only while the arrays are copied off the
  devices; the files are written by orbax's background thread while
  training goes on. `on_train_end` (and `wait_until_finished`) wait for the
  last write;
- atomic and keep-N: orbax commits a step by renaming its temporary
  directory, and deletes all but the newest `max_to_keep` steps;
- preemption: during `fit` a SIGTERM makes the callback save at the next
  step boundary and stop training (`fit` returns normally, `preempted` is
  True); the previous handler is back when `fit` ends. With several
  processes JAX's preemption service (on by default after
  `jax.distributed.initialize`) catches the signal and picks one step at
  which every process saves;
- steps are numbered by training steps done since the model's first
  `fit` (Keras numbers epoch saves by the epoch instead), so the newest
  checkpoint is always the highest step;
- resume: `resume=True` (a kerax addition) restores the newest checkpoint
  when `fit` begins: weights, optimizer slots, metric state, random
  states, and the epoch, step and row order it was saved at; `fit` then
  continues exactly where it was (see `BackupAndRestore`, whose resume
  path it shares). `model.load_weights(directory)` and
  `kerax.saving.load_model(directory)` read the newest step, as in Keras.
- multi-process: every process calls the hooks (as `fit` does); orbax
  writes each array's shards from the process that owns them and commits
  once all are written.

The callback listens to every training step (to notice a SIGTERM within
one step), so `fit` does not fuse steps into one device call while it is
attached; `steps_per_execution` still does.
"""

from __future__ import annotations

import os
import signal
import threading
import warnings

import numpy as np

from kerax.callbacks import orbax_state
from kerax.callbacks.monitor_callback import MonitorCallback

_TRAINERS_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "trainers")


class OrbaxCheckpoint(MonitorCallback):
    """Saves the training state with orbax, asynchronously, during `fit`.

    Args:
        directory: the checkpoint directory (one sub-directory per step).
        monitor: the log entry `save_best_only` compares. Defaults to
            `"val_loss"`.
        verbose: 1 prints a line per save. Defaults to 0.
        save_best_only: save only when `monitor` improved.
        mode: `"auto"`, `"min"` or `"max"`, for `save_best_only`.
        save_freq: `"epoch"`, or an int: save every that many steps.
        initial_value_threshold: the initial "best" for `save_best_only`.
        max_to_keep: keep the newest this many steps (None: all).
            Defaults to 1.
        save_on_background: write asynchronously. Defaults to True.
        save_weights_only: save only the weights (no optimizer or metric
            state, no model config); such checkpoints cannot `resume`.
        resume: (kerax) restore the newest checkpoint in `directory` when
            `fit` begins and continue from the exact step it was saved at.

    >>> import numpy as np, tempfile, kerax
    >>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    >>> model.compile("sgd", "mse")
    >>> directory = tempfile.mkdtemp()
    >>> ckpt = OrbaxCheckpoint(directory, save_freq=2, max_to_keep=2)
    >>> _ = model.fit(np.ones((8, 2)), np.ones((8, 1)), batch_size=2,
    ...               epochs=2, callbacks=[ckpt], verbose=0)
    >>> ckpt.checkpointer.all_steps()
    [6, 8]
    >>> model.load_weights(directory)
    """

    def __init__(
        self,
        directory,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
        max_to_keep=1,
        save_on_background=True,
        save_weights_only=False,
        resume=False,
    ):
        orbax_state.orbax()  # A clear ImportError now, not during fit.
        super().__init__(monitor, mode, initial_value_threshold)
        if not directory:
            raise ValueError(
                "OrbaxCheckpoint: `directory` must name a directory. "
                f"Received: directory={directory!r}")
        if save_freq != "epoch" and (
            not isinstance(save_freq, int) or isinstance(save_freq, bool)
            or save_freq < 1
        ):
            raise ValueError(
                "OrbaxCheckpoint: `save_freq` must be 'epoch' or a positive "
                f"int. Received: save_freq={save_freq!r}")
        if max_to_keep is not None and (
            not isinstance(max_to_keep, int) or max_to_keep < 1
        ):
            raise ValueError(
                "OrbaxCheckpoint: `max_to_keep` must be a positive int or "
                f"None. Received: max_to_keep={max_to_keep!r}")
        if resume and save_weights_only:
            raise ValueError(
                "OrbaxCheckpoint: `resume=True` needs the optimizer and "
                "metric state, which `save_weights_only=True` does not "
                "save.")
        directory = os.fspath(directory)
        # Local paths become absolute (orbax needs it); URLs stay as given.
        self.directory = (directory if "://" in directory
                          else os.path.abspath(directory))
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_freq = save_freq
        self.max_to_keep = max_to_keep
        self.save_on_background = save_on_background
        self.save_weights_only = save_weights_only
        self.resume = resume
        self.preempted = False
        self._manager = None
        self._previous_handler = None
        self._signal_seen = False
        self._jax_preemption = False
        self._reset_counters()

    def _reset_counters(self):
        self._epoch = 0
        self._global_step = 0
        self._since_save = 0
        self._last_batch = -1
        self._last_saved = None
        self._resume_epoch = None
        self._resume_step = None
        self._resume_order = None

    # ----------------------------------------------------- Keras's methods
    @property
    def checkpointer(self):
        """The orbax `CheckpointManager` (opened on first use)."""
        if self._manager is None:
            self._manager = orbax_state.open_manager(
                self.directory, self.max_to_keep, self.save_on_background)
        return self._manager

    def is_multihost_enabled(self):
        """Whether JAX runs several processes (orbax then coordinates)."""
        import jax

        return jax.process_count() > 1

    def is_primary_host(self):
        """Whether this is process 0 (always True with one process)."""
        import jax

        return jax.process_index() == 0

    def wait_until_finished(self):
        """Blocks until every started save is committed on every process."""
        if self._manager is not None:
            self._manager.wait_until_finished()

    # ----------------------------------------------------- trainer hooks
    def _needs_batch_hooks(self, mode):
        return mode == "train"

    def _steps_until_due(self):
        if self.save_freq == "epoch":
            return None
        return max(1, self.save_freq - self._since_save)

    def on_train_begin(self, logs=None):
        self._reset_counters()
        self.preempted = False
        self._signal_seen = False
        model = self.model
        optimizer = getattr(model, "optimizer", None)
        if optimizer is not None and getattr(optimizer, "built", False):
            self._global_step = int(np.asarray(optimizer.iterations))
        if self.resume:
            self._restore(model)
        self._check_step_free()
        self._install_handler()

    def _restore(self, model):
        manager = self.checkpointer
        step = manager.latest_step()
        if step is None:
            return
        plan, where, order = orbax_state.read(self.directory, step, model)
        if where is None or where.get("format") != orbax_state.FORMAT:
            raise ValueError(
                f"OrbaxCheckpoint: step {step} in '{self.directory}' holds "
                "no training position; it cannot be resumed (load it with "
                "`model.load_weights` instead).")
        orbax_state.assign(plan, where)
        self._epoch = self._resume_epoch = where["epoch"]
        self._resume_step = where["step"]
        self._resume_order = order
        self._last_batch = self._resume_step - 1
        self._global_step = where["global_step"]
        self._last_saved = step
        model._initial_epoch = self._resume_epoch

    def _check_step_free(self):
        latest = self.checkpointer.latest_step()
        if latest is not None and latest > self._global_step:
            raise ValueError(
                f"OrbaxCheckpoint: '{self.directory}' already holds step "
                f"{latest}, and this run starts at step {self._global_step}:"
                " its saves would be older than what is there. Pass "
                "`resume=True` to continue from it, or use an empty "
                "directory.")

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        added = batch - self._last_batch
        if added <= 0:
            added = batch + 1  # a new epoch: batches count from 0.
        self._last_batch = batch
        self._global_step += added
        self._since_save += added
        if not self.preempted and (
            self._signal_seen or self._jax_preemption_point()
        ):
            self._preemption_save(batch)
            return
        if self.save_freq == "epoch" or self._since_save < self.save_freq:
            return
        self._since_save = 0
        if self._improved(logs, f"batch {batch}"):
            self._save_mid_epoch(batch)

    def on_epoch_end(self, epoch, logs=None):
        self._last_batch = -1
        if self.preempted:
            return  # The preemption save holds this (partial) epoch.
        if self._signal_seen:
            self._save(epoch + 1, 0, np.random.get_state(), None)
            self._stop_after_signal()
            return
        if self.save_freq == "epoch" and self._improved(
            logs, f"epoch {epoch}"
        ):
            # Nothing draws from NumPy between here and the next epoch's
            # order: the current state is that epoch's starting state.
            self._save(epoch + 1, 0, np.random.get_state(), None)

    def on_train_end(self, logs=None):
        self._restore_handler()
        if self._manager is not None:
            self._manager.wait_until_finished()
            self._manager.close()
            self._manager = None

    # --------------------------------------------------------------- save
    def _improved(self, logs, where):
        if not self.save_best_only:
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(
                f"OrbaxCheckpoint: `save_best_only` needs '{self.monitor}' "
                f"in the logs; not saving at {where}. Available: "
                f"{sorted(logs or {})}", stacklevel=3)
            return False
        current = float(np.asarray(current))
        if self.best is not None and not self._is_improvement(
            current, self.best
        ):
            return False
        self.best = current
        return True

    def _save_mid_epoch(self, batch):
        model = self.model
        rng_state = getattr(model, "_epoch_rng_state", None)
        self._save(self._epoch, batch + 1,
                   rng_state if rng_state is not None
                   else np.random.get_state(),
                   getattr(model, "_epoch_order", None))

    def _save(self, epoch, step, numpy_state, order):
        if self._last_saved == self._global_step:
            return  # This exact state is already saved (or being saved).
        model = self.model
        where = orbax_state.position(epoch, step, self._global_step,
                                     numpy_state, order)
        config = None
        if not self.save_weights_only:
            config = model.to_json()
        args = orbax_state.save_args(model, where, order,
                                     self.save_weights_only, config)
        self.checkpointer.save(self._global_step, args=args, force=True)
        self._last_saved = self._global_step
        if not self.save_on_background:
            self.checkpointer.wait_until_finished()
        if self.verbose > 0 and self.is_primary_host():
            print(f"\nOrbaxCheckpoint: saving step {self._global_step} "
                  f"(epoch {epoch}, step {step} within it) to "
                  f"{self.directory}")

    # --------------------------------------------------------- preemption
    def _preemption_save(self, batch):
        self._save_mid_epoch(batch)
        self._stop_after_signal()

    def _stop_after_signal(self):
        self.preempted = True
        self.checkpointer.wait_until_finished()
        self._model.stop_training = True
        if self.verbose > 0 and self.is_primary_host():
            print(f"\nOrbaxCheckpoint: SIGTERM received; saved step "
                  f"{self._global_step} and stopped training.")

    def _jax_preemption_point(self):
        """With several processes, JAX's preemption service (started by
        `jax.distributed.initialize`) receives the SIGTERM and names one
        step at which every process saves."""
        if not self._jax_preemption:
            return False
        from jax.experimental import multihost_utils

        return multihost_utils.reached_preemption_sync_point(
            self._global_step)

    def _install_handler(self):
        import jax

        self._jax_preemption = False
        if jax.process_count() > 1:
            from jax._src import distributed

            if distributed.global_state.preemption_sync_manager is not None:
                # JAX's own SIGTERM handler agrees on a step across
                # processes; a Python handler would replace it.
                self._jax_preemption = True
                return
            warnings.warn(
                "OrbaxCheckpoint: with several processes a SIGTERM saves "
                "only through JAX's preemption service, which is disabled "
                "(config `jax_enable_preemption_service`); a SIGTERM will "
                "stop this process without saving.", stacklevel=3)
            return
        if threading.current_thread() is not threading.main_thread():
            warnings.warn(
                "OrbaxCheckpoint: `fit` runs outside the main thread, where "
                "Python cannot handle signals; a SIGTERM will not save a "
                "checkpoint.", stacklevel=3)
            return
        self._previous_handler = signal.signal(signal.SIGTERM,
                                               self._on_sigterm)

    def _restore_handler(self):
        if self._previous_handler is None:
            return
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._previous_handler)
        self._previous_handler = None

    def _on_sigterm(self, signum, frame):
        if _inside_trainer(frame):
            self._signal_seen = True
            return
        # `fit` left without `on_train_end` (it raised): hand the signal
        # to the handler that was there before.
        previous = self._previous_handler
        self._restore_handler()
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            os.kill(os.getpid(), signum)


def _inside_trainer(frame) -> bool:
    """Whether the interrupted code runs inside kerax's training loops."""
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if filename.startswith(_TRAINERS_DIR + os.sep):
            return True
        frame = frame.f_back
    return False
