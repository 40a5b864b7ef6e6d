"""TensorBoard writes event files; read back by parsing the record framing."""

import glob
import os
import struct

import numpy as np
import pytest
from callback_fakes import run_fit

from kerax import callbacks

event_pb2 = pytest.importorskip("tensorboardX.proto.event_pb2")
record_writer = pytest.importorskip("tensorboardX.record_writer")

LOGS = [
    {"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75, "val_accuracy": 0.125},
    {"loss": 0.25, "accuracy": 0.5, "val_loss": 0.5, "val_accuracy": 0.375},
]


def _records(path):
    with open(path, "rb") as f:
        data = f.read()
    offset = 0
    while offset < len(data):
        header = data[offset:offset + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", data[offset + 8:offset + 12])
        assert header_crc == record_writer.masked_crc32c(header)
        body = data[offset + 12:offset + 12 + length]
        (body_crc,) = struct.unpack(
            "<I", data[offset + 12 + length:offset + 16 + length])
        assert body_crc == record_writer.masked_crc32c(body)
        yield body
        offset += 16 + length


def _read(directory):
    """{tag: [(step, value or histogram)]} over the directory's event files."""
    files = glob.glob(os.path.join(directory, "events.out.tfevents.*"))
    assert files, f"no event file in {directory}"
    found = {}
    for path in files:
        for record in _records(path):
            event = event_pb2.Event.FromString(record)
            for value in event.summary.value:
                if value.HasField("histo"):
                    item = value.histo
                elif value.HasField("image"):
                    item = value.image
                else:
                    item = value.simple_value
                found.setdefault(value.tag, []).append((event.step, item))
    return found


def test_epoch_scalars_in_train_and_validation(model, tmp_path):
    tensorboard = callbacks.TensorBoard(log_dir=tmp_path)
    run_fit(model, [tensorboard], LOGS)
    train = _read(tmp_path / "train")
    val = _read(tmp_path / "validation")
    assert train["epoch_loss"] == [(0, 0.5), (1, 0.25)]
    assert train["epoch_accuracy"] == [(0, 0.25), (1, 0.5)]
    assert train["epoch_learning_rate"] == [
        (0, pytest.approx(0.01)), (1, pytest.approx(0.01))]
    assert val["epoch_loss"] == [(0, 0.75), (1, 0.5)]
    assert set(val) == {"epoch_loss", "epoch_accuracy"}
    assert not any(tag.startswith("batch_") for tag in train)


@pytest.mark.parametrize("update_freq,steps", [("batch", [1, 2, 3, 4, 5, 6]),
                                               (4, [4])])
def test_batch_scalars(model, tmp_path, update_freq, steps):
    tensorboard = callbacks.TensorBoard(log_dir=tmp_path,
                                        update_freq=update_freq)
    run_fit(model, [tensorboard], LOGS, steps=3)
    train = _read(tmp_path / "train")
    assert [step for step, _ in train["batch_loss"]] == steps
    assert train["batch_loss"][-1][1] == 0.25  # logged in epoch 1


def test_histograms_images_and_evaluation(model, tmp_path):
    tensorboard = callbacks.TensorBoard(log_dir=tmp_path, histogram_freq=1,
                                        write_images=True)
    cbs = run_fit(model, [tensorboard], LOGS[:1])
    train = _read(tmp_path / "train")
    (step, histo), = train["dense/kernel/histogram"]
    assert step == 0 and histo.num == 6
    # The fake fit adds 1 to every weight at each epoch end.
    assert (histo.min, histo.max, histo.sum) == (1.0, 6.0, 21.0)
    assert "dense/bias/histogram" in train
    assert "dense/kernel/image" in train
    # An evaluation after training logs *_vs_iterations at the step count.
    cbs.on_test_begin()
    cbs.on_test_end({"loss": np.float32(0.5)})
    tensorboard.on_train_end()
    val = _read(tmp_path / "validation")
    assert val["evaluation_loss_vs_iterations"] == [(3, 0.5)]


def test_invalid_and_unsupported_arguments(tmp_path):
    with pytest.raises(ValueError, match="update_freq='often'"):
        callbacks.TensorBoard(tmp_path, update_freq="often")
    with pytest.warns(UserWarning, match="profile_batch=2"):
        callbacks.TensorBoard(tmp_path, profile_batch=2)


def test_missing_tensorboardx_message(model, tmp_path, monitor_import):
    tensorboard = callbacks.TensorBoard(log_dir=tmp_path)
    with pytest.raises(ImportError, match="pip install tensorboardX"):
        run_fit(model, [tensorboard], LOGS[:1])


@pytest.fixture
def monitor_import(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "tensorboardX":
            raise ImportError("No module named 'tensorboardX'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_keras2_arguments_accepted(tmp_path):
    from kerax.callbacks import TensorBoard

    TensorBoard(log_dir=str(tmp_path), batch_size=32,
                embeddings_layer_names=None, embeddings_data=None)
    with pytest.warns(UserWarning, match="gradient histograms"):
        TensorBoard(log_dir=str(tmp_path), write_grads=True)
