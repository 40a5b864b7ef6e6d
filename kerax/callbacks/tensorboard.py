"""`TensorBoard`: write TensorBoard event files during training.

Event files are written with `tensorboardX` (imported on first use;
TensorFlow is not needed). Layout and tags follow Keras: `log_dir/train`
and `log_dir/validation`; `epoch_<metric>` per epoch (validation metrics
without their `val_` prefix, plus `epoch_learning_rate`),
`batch_<metric>` per batch when `update_freq` asks for it,
`evaluation_<metric>_vs_iterations` at the end of each evaluation, and
`<weight path>/histogram` when `histogram_freq` is set.

`write_graph` is accepted and does nothing: a kerax model has no
TensorFlow graph to export. `profile_batch` and `embeddings_freq` are not
supported (a warning says so when they are set); use `jax.profiler`.
"""

import os
import time
import warnings

import numpy as np

from kerax.callbacks.callback import Callback, to_python
from kerax.distribution import process


def _summary_writer_class():
    try:
        from tensorboardX import SummaryWriter
    except ImportError as error:
        raise ImportError(
            "The TensorBoard callback writes event files with "
            "`tensorboardX`, which is not installed. Install it with "
            "`pip install tensorboardX` (TensorFlow is not required)."
        ) from error
    return SummaryWriter


def _scalar(value):
    value = to_python(value)
    return value if isinstance(value, (int, float)) else None


def _weight_image(values):
    """A weight as a `(H, W, 1)` image in [0, 1], or `None`."""
    values = np.squeeze(values)
    if values.ndim == 1:
        values = values[None, :]
    if values.ndim != 2:
        return None
    if values.shape[0] > values.shape[1]:
        values = values.T
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) if high > low else values * 0
    return scaled[:, :, None].astype("float32")


class TensorBoard(Callback):
    """Logs metrics (and optionally weight histograms) for TensorBoard.

    Args:
        log_dir: directory of the logs; `train/` and `validation/` are
            created inside it. Defaults to `"logs"`.
        histogram_freq: every how many epochs to write weight histograms
            (0: never). Defaults to 0.
        write_graph: accepted for Keras compatibility; no graph is
            written. Defaults to `True`.
        write_images: also write 1-D/2-D weights as images at histogram
            time. Defaults to `False`.
        write_steps_per_second: log training steps per second.
            Defaults to `False`.
        update_freq: `"epoch"`, `"batch"`, or an int N: write `batch_*`
            scalars every N batches. Batch-level logging reads each step's
            metrics back to the host. Defaults to `"epoch"`.
        profile_batch: not supported; must be 0 (see module docstring).
        embeddings_freq: not supported; must be 0.
        embeddings_metadata: ignored.
        batch_size, write_grads, embeddings_layer_names, embeddings_data:
            Keras 2 arguments, accepted; `write_grads=True` warns that no
            gradient histograms are written.

    >>> tensorboard = TensorBoard(log_dir="./logs", histogram_freq=1)
    >>> model.fit(x, y, callbacks=[tensorboard])  # doctest: +SKIP
    """

    def __init__(
        self,
        log_dir="logs",
        histogram_freq=0,
        write_graph=True,
        write_images=False,
        write_steps_per_second=False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq=0,
        embeddings_metadata=None,
        batch_size=None,
        write_grads=False,
        embeddings_layer_names=None,
        embeddings_data=None,
    ):
        super().__init__()
        # Keras 2: `batch_size` (of its histogram pass) changes nothing
        # here; gradient histograms are not written (warned below).
        if write_grads:
            warnings.warn(
                "kerax's TensorBoard callback does not write gradient "
                "histograms; `write_grads=True` is ignored.", stacklevel=2)
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and (
            not isinstance(update_freq, int) or isinstance(update_freq, bool)
            or update_freq < 1
        ):
            raise ValueError(
                'Expected `update_freq` to be "epoch", "batch" or a '
                f"positive integer. Received: update_freq={update_freq!r}"
            )
        if profile_batch or embeddings_freq:
            warnings.warn(
                "kerax's TensorBoard callback does not profile or write "
                "embeddings; these arguments are ignored. Received: "
                f"profile_batch={profile_batch}, "
                f"embeddings_freq={embeddings_freq}",
                stacklevel=2,
            )
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = update_freq
        self.embeddings_metadata = embeddings_metadata
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._writers = {}
        self._global_train_batch = 0
        self._last_batch = None
        self._batch_start_time = None
        self._epoch_start = None

    def _needs_batch_hooks(self, mode):
        return mode == "train" and self.update_freq != "epoch"

    def _writer(self, name):
        if not process.is_writer():
            return process.NullWriter()  # process 0 writes the logs
        if name not in self._writers:
            directory = self._train_dir if name == "train" else self._val_dir
            self._writers[name] = _summary_writer_class()(directory)
        return self._writers[name]

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _write_scalars(self, writer_name, logs, prefix, step, strip=""):
        writer = None
        for name, value in logs.items():
            value = _scalar(value)
            if value is None:
                continue
            writer = writer or self._writer(writer_name)
            tag = prefix + name[len(strip):]
            writer.add_scalar(tag, value, global_step=step)
        return writer

    def _iterations(self):
        optimizer = getattr(self.model, "optimizer", None)
        iterations = getattr(optimizer, "iterations", None)
        if iterations is None:
            return self._global_train_batch
        return int(np.asarray(iterations))

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._last_batch = None

    def on_train_end(self, logs=None):
        self._close_writers()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = (time.time(), self._iterations())

    def on_train_batch_begin(self, batch, logs=None):
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        if self._last_batch is None or batch <= self._last_batch:
            added = batch + 1
        else:
            added = batch - self._last_batch  # several steps per call
        self._last_batch = batch
        previous = self._global_train_batch
        self._global_train_batch += added
        step = self._global_train_batch
        if self.update_freq == "epoch":
            return
        if step // self.update_freq == previous // self.update_freq:
            return
        logs = dict(logs or {})
        if self.write_steps_per_second and self._batch_start_time:
            elapsed = time.time() - self._batch_start_time
            if elapsed > 0:
                logs["steps_per_second"] = added / elapsed
        self._write_scalars("train", logs, "batch_", step)

    def on_test_end(self, logs=None):
        if not logs:
            return
        prefix = "evaluation_"
        writer = self._writer("val")
        step = self._iterations()
        for name, value in logs.items():
            value = _scalar(value)
            if value is not None:
                tag = f"{prefix}{name}_vs_iterations"
                writer.add_scalar(tag, value, global_step=step)
        writer.flush()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "learning_rate"):
            rate = optimizer.learning_rate
            if not callable(rate):
                train_logs["learning_rate"] = rate
        if self.write_steps_per_second and self._epoch_start is not None:
            start_time, start_iterations = self._epoch_start
            elapsed = time.time() - start_time
            steps = self._iterations() - start_iterations
            if elapsed > 0:
                train_logs["steps_per_second"] = steps / elapsed
        if logs:
            self._write_scalars("train", train_logs, "epoch_", epoch)
            self._write_scalars("val", val_logs, "epoch_", epoch, "val_")
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        for writer in self._writers.values():
            writer.flush()

    def _model_weights(self):
        layers = getattr(self.model, "layers", None)
        if layers is None:
            return list(getattr(self.model, "weights", []))
        return [weight for layer in layers for weight in layer.weights]

    def _log_weights(self, epoch):
        writer = self._writer("train")
        for weight in self._model_weights():
            name = getattr(weight, "path", None) or weight.name
            name = name.replace(":", "_")
            values = np.asarray(weight).astype("float32")
            writer.add_histogram(
                f"{name}/histogram", values, global_step=epoch
            )
            if self.write_images:
                image = _weight_image(values)
                if image is not None:
                    writer.add_image(
                        f"{name}/image", image, global_step=epoch,
                        dataformats="HWC",
                    )
