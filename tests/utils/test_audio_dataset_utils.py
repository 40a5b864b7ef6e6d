"""audio_dataset_from_directory over WAV files written into tmp_path:
batches equal real Keras 3's (recorded in `audio_golden.json` by
`make_audio_golden.py`: Keras's needs TensorFlow), decoding, labels,
padding/truncation, ragged, splits, resampling, argument errors."""

import os
import wave

import numpy as np
import pytest

from kerax.utils import audio_dataset_from_directory
from kerax.utils.audio_dataset_utils import read_wav
from kerax.utils.batch_dataset import BatchDataset


def _write(path, samples, rate=8000, width=2):
    """Writes int16 (or other width) PCM; `samples`: (frames, channels)."""
    samples = np.asarray(samples)
    with wave.open(str(path), "wb") as f:
        f.setnchannels(samples.shape[1])
        f.setsampwidth(width)
        f.setframerate(rate)
        f.writeframes(samples.astype(f"<i{width}").tobytes())


@pytest.fixture
def folder(tmp_path):
    """cat: 3 files of lengths 4, 6, 8; dog: 2 files of lengths 5, 7; the
    file's value encodes its class and length."""
    for label, lengths in (("cat", (4, 6, 8)), ("dog", (5, 7))):
        os.makedirs(tmp_path / label)
        for n in lengths:
            value = (100 if label == "cat" else -100) * n
            _write(tmp_path / label / f"{n}.wav", np.full((n, 1), value))
    (tmp_path / "cat" / "notes.txt").write_text("not audio")
    return tmp_path


def _value_length(audio):
    """(class sign * length) from a padded sample's first value."""
    return round(float(audio[0, 0]) * 32768 / 100)


def test_labels_shapes_and_padding(folder, capsys):
    ds = audio_dataset_from_directory(folder, batch_size=2, shuffle=False)
    assert "Found 5 files belonging to 2 classes." in capsys.readouterr().out
    assert isinstance(ds, BatchDataset)
    assert ds.class_names == ["cat", "dog"] and len(ds) == 3
    batches = list(ds)
    x, y = batches[0]
    assert x.dtype == np.float32 and x.shape == (2, 6, 1)
    assert y.dtype == np.int32 and y.tolist() == [0, 0]
    assert x[0, 4:, 0].tolist() == [0.0, 0.0]  # padded to the longest
    labels = np.concatenate([b[1] for b in batches])
    lengths = [_value_length(a) for b in batches for a in b[0]]
    assert labels.tolist() == [0, 0, 0, 1, 1]
    assert lengths == [4, 6, 8, -5, -7]


def test_label_modes_and_fixed_length(folder):
    ds = audio_dataset_from_directory(
        folder, label_mode="categorical", output_sequence_length=6,
        batch_size=8, shuffle=False, verbose=False)
    x, y = next(iter(ds))
    assert x.shape == (5, 6, 1) and y.shape == (5, 2)
    assert y.dtype == np.float32 and y.sum(1).tolist() == [1.0] * 5
    assert x[0, 4:, 0].tolist() == [0.0, 0.0] and x[2, 5, 0] != 0.0
    ds = audio_dataset_from_directory(folder, label_mode="binary",
                                      shuffle=False, verbose=False)
    assert next(iter(ds))[1].shape == (5, 1)
    ds = audio_dataset_from_directory(folder, labels=None, batch_size=None,
                                      shuffle=False, verbose=False)
    first = next(iter(ds))
    assert first.shape == (4, 1)


def test_ragged_batches_keep_each_length(folder):
    ds = audio_dataset_from_directory(folder, ragged=True, shuffle=False,
                                      verbose=False)
    x, _ = next(iter(ds))
    assert x.dtype == object
    assert [a.shape for a in x] == [(4, 1), (6, 1), (8, 1), (5, 1), (7, 1)]


def test_validation_split_partitions_the_files(folder):
    train, val = audio_dataset_from_directory(
        folder, validation_split=0.4, subset="both", seed=3, verbose=False)
    assert train.num_samples == 3 and val.num_samples == 2
    assert not set(train.file_paths) & set(val.file_paths)
    again = audio_dataset_from_directory(
        folder, validation_split=0.4, subset="validation", seed=3,
        verbose=False)
    assert again.file_paths == val.file_paths
    lengths = sorted(abs(_value_length(a)) for b in train for a in b[0])
    lengths += [abs(_value_length(a)) for b in val for a in b[0]]
    assert sorted(lengths) == [4, 5, 6, 7, 8]


def test_decoding_widths_channels_and_resampling(tmp_path):
    stereo = np.array([[16384, -32768], [0, 32767]])
    _write(tmp_path / "s.wav", stereo)
    audio, rate = read_wav(tmp_path / "s.wav")
    assert rate == 8000
    np.testing.assert_allclose(audio, stereo / 32768.0)
    _write(tmp_path / "u8.wav", np.array([[0], [128], [255]]), width=1)
    np.testing.assert_allclose(read_wav(tmp_path / "u8.wav")[0][:, 0],
                               [-1.0, 0.0, 127 / 128])
    os.makedirs(tmp_path / "a")
    tone = np.sin(np.arange(80) * 2 * np.pi / 16) * 10000
    _write(tmp_path / "a" / "t.wav", tone[:, None])
    ds = audio_dataset_from_directory(tmp_path / "a", labels=None,
                                      sampling_rate=4000, shuffle=False,
                                      verbose=False)
    x = next(iter(ds))
    assert x.shape == (1, 40, 1)
    np.testing.assert_allclose(x[0, :, 0], tone[::2] / 32768, atol=1e-4)


def test_argument_errors(folder):
    with pytest.raises(ValueError, match="ragged"):
        audio_dataset_from_directory(folder, ragged=True,
                                     output_sequence_length=4)
    with pytest.raises(ValueError, match="sampling_rate"):
        audio_dataset_from_directory(folder, sampling_rate=8000.5)
    with pytest.raises(ValueError, match="higher than 0"):
        audio_dataset_from_directory(folder, sampling_rate=0)
    with pytest.raises(ValueError, match="label_mode"):
        audio_dataset_from_directory(folder, label_mode="sparse")
    with pytest.raises(ValueError, match="seed"):
        audio_dataset_from_directory(folder, validation_split=0.2,
                                     subset="training")
    with pytest.raises(ValueError, match="class_names"):
        audio_dataset_from_directory(folder, labels=None,
                                     class_names=["cat"])
    (folder / "dog" / "bad.wav").write_bytes(b"RIFF0000WAVEjunk")
    ds = audio_dataset_from_directory(folder, shuffle=False, verbose=False)
    with pytest.raises(ValueError, match="bad.wav"):
        list(ds)


def _load_generator():
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).with_name("make_audio_golden.py")
    spec = importlib.util.spec_from_file_location("make_audio_golden", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_batches_equal_keras(tmp_path):
    import json

    generator = _load_generator()
    golden = json.loads(generator.OUT.read_text())
    generator.write_folder(str(tmp_path))
    for call in golden["calls"]:
        ours = generator.summarize(audio_dataset_from_directory(
            tmp_path, verbose=False, **call["kwargs"]))
        theirs = call["batches"]
        if call["kwargs"].get("shuffle", True):
            # Keras reshuffles each epoch with tf.data: compare the files.
            ours = sorted(map(json.dumps, ours))
            theirs = sorted(map(json.dumps, theirs))
        assert ours == theirs, call["kwargs"]
