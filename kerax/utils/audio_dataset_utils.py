"""`audio_dataset_from_directory`: a folder of WAV files -> a
`BatchDataset` of float32 audio.

WAV files are decoded with the standard library's `wave` module (integer
PCM, 8 to 32 bits) into float32 samples in `[-1, 1)`, as
`tf.audio.decode_wav` does.

>>> import numpy as np, os, tempfile, wave
>>> root = tempfile.mkdtemp()
>>> for name, n in (("no", 3), ("yes", 5)):
...     os.makedirs(os.path.join(root, name))
...     with wave.open(os.path.join(root, name, "a.wav"), "wb") as f:
...         f.setnchannels(1); f.setsampwidth(2); f.setframerate(8000)
...         f.writeframes(np.full(n, 16384, "<i2").tobytes())
>>> ds = audio_dataset_from_directory(root, shuffle=False, verbose=False)
>>> x, y = next(iter(ds))
>>> x.shape, x[0, :, 0].tolist(), y.tolist(), ds.class_names
((2, 5, 1), [0.5, 0.5, 0.5, 0.0, 0.0], [0, 1], ['no', 'yes'])
"""

from __future__ import annotations

import wave

import numpy as np

from kerax.utils import dataset_utils
from kerax.utils.batch_dataset import BatchDataset

ALLOWED_FORMATS = (".wav",)


def read_wav(path):
    """`(float32 samples of shape (frames, channels), frame rate)` of an
    integer-PCM WAV file."""
    try:
        with wave.open(str(path), "rb") as f:
            channels, width = f.getnchannels(), f.getsampwidth()
            rate, raw = f.getframerate(), f.readframes(f.getnframes())
    except (wave.Error, EOFError) as error:
        raise ValueError(
            f"Could not decode '{path}' as an integer-PCM WAV file "
            f"({error}). Only integer PCM WAV files (8, 16, 24 or 32 bits) "
            "are supported."
        ) from None
    if width == 1:
        data = (np.frombuffer(raw, "uint8").astype("float32") - 128.0)
    elif width == 3:
        bytes3 = np.frombuffer(raw, "uint8").reshape(-1, 3)
        padded = np.zeros((len(bytes3), 4), "uint8")
        padded[:, 1:] = bytes3  # little-endian: the low byte stays 0
        data = padded.view("<i4").reshape(-1).astype("float32") / 256.0
    elif width in (2, 4):
        data = np.frombuffer(raw, f"<i{width}").astype("float32")
    else:
        raise ValueError(
            f"'{path}': unsupported WAV sample width of {width} bytes "
            "(expected 1, 2, 3 or 4)."
        )
    scale = float(2 ** (8 * width - 1))
    return (data / scale).reshape(-1, channels), rate


def _fit_length(audio, length):
    """Truncates or zero-pads `(frames, channels)` audio to `length`."""
    if length is None:
        return audio
    if len(audio) >= length:
        return audio[:length]
    pad = np.zeros((length - len(audio), audio.shape[1]), audio.dtype)
    return np.concatenate([audio, pad])


def resample(audio, rate_in, rate_out):
    """Band-limited (FFT) resampling of `(frames, channels)` audio.

    >>> resample(np.ones((8, 1), "float32"), 8, 4).shape
    (4, 1)
    """
    if rate_in == rate_out or len(audio) == 0:
        return audio
    frames = max(round(len(audio) * rate_out / rate_in), 1)
    spectrum = np.fft.rfft(audio, axis=0)
    out = np.fft.irfft(spectrum, n=frames, axis=0) * (frames / len(audio))
    return out.astype("float32")


def load_audio(path, sampling_rate=None, output_sequence_length=None):
    """One WAV file as float32 `(frames, channels)`: decoded, fitted to
    `output_sequence_length` (at the file's rate, as Keras does), then
    resampled to `sampling_rate`."""
    audio, rate = read_wav(path)
    audio = _fit_length(audio, output_sequence_length)
    if sampling_rate is not None:
        audio = resample(audio, rate, sampling_rate)
    return audio


def _batch(samples, ragged):
    """Stacks samples, zero-padding to the longest (or, `ragged`, an
    object array of the samples)."""
    if ragged:
        out = np.empty(len(samples), dtype=object)
        out[:] = samples
        return out
    channels = {s.shape[1] for s in samples}
    if len(channels) != 1:
        raise ValueError(
            "The audio files of a batch have different channel counts "
            f"{sorted(channels)}; they cannot be batched together."
        )
    longest = max(len(s) for s in samples)
    return np.stack([_fit_length(s, longest) for s in samples])


def _check_args(labels, label_mode, class_names, sampling_rate,
                output_sequence_length, ragged):
    if labels not in ("inferred", None) and not isinstance(
        labels, (list, tuple)
    ):
        raise ValueError(
            '`labels` must be "inferred", None, or a list/tuple of integer '
            "labels (one per file, in alphanumeric file order). "
            f"Received: labels={labels!r}"
        )
    if class_names and labels != "inferred":
        raise ValueError(
            '`class_names` can only be passed with labels="inferred". '
            f"Received: labels={labels}, class_names={class_names}"
        )
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(
            '`label_mode` must be one of "int", "categorical", "binary", or '
            f"None. Received: label_mode={label_mode}"
        )
    if ragged and output_sequence_length is not None:
        raise ValueError(
            "`ragged` and `output_sequence_length` cannot both be set. "
            f"Received: ragged={ragged}, "
            f"output_sequence_length={output_sequence_length}"
        )
    if output_sequence_length is not None and (
        not isinstance(output_sequence_length, (int, np.integer))
        or output_sequence_length <= 0
    ):
        raise ValueError(
            "`output_sequence_length` must be a positive integer or None. "
            f"Received: output_sequence_length={output_sequence_length!r}"
        )
    if sampling_rate is not None and (
        not isinstance(sampling_rate, (int, np.integer))
        or isinstance(sampling_rate, bool)
    ):
        raise ValueError(
            "`sampling_rate` should have an integer value. "
            f"Received: sampling_rate={sampling_rate!r}"
        )
    if sampling_rate is not None and sampling_rate <= 0:
        raise ValueError(
            "`sampling_rate` should be higher than 0. "
            f"Received: sampling_rate={sampling_rate}"
        )


def audio_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    sampling_rate=None,
    output_sequence_length=None,
    ragged=False,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    verbose=True,
):
    """Makes a `BatchDataset` of audio from a folder of class subfolders.

    `directory/class_a/*.wav`, `directory/class_b/*.wav`, ...: with
    `labels="inferred"` the label of a file is the (alphanumeric) index of
    its subfolder. Files are read when their batch is requested.

    Args:
        directory: The root folder.
        labels: `"inferred"`, None (no labels), or a list of int labels in
            the alphanumeric order of the files.
        label_mode: `"int"` (int32), `"categorical"` (one-hot float32),
            `"binary"` (float32 `(batch, 1)`, 2 classes) or None.
        class_names: With `labels="inferred"`: the subfolders to use, in
            label order.
        batch_size: Files per batch (None: single files).
        sampling_rate: Resample every file to this rate (FFT resampling;
            Keras uses `tensorflow_io`, whose filter differs slightly).
        output_sequence_length: Truncate or zero-pad every file to this
            many frames; None pads each batch to its longest file.
        ragged: Yield each batch as a 1-D object array of the files'
            `(frames, channels)` arrays (kerax has no ragged tensors).
        shuffle: Shuffle the files (once, with `seed`) and each epoch.
        seed: Seed for shuffling (required with `validation_split`).
        validation_split: Fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"` (returns a tuple
            of two datasets).
        follow_links: Follow symbolic links to subfolders.
        verbose: Print how many files were found.

    Returns:
        A `BatchDataset` of float32 `(batch, frames, channels)` audio (and
        labels), with `class_names` and `file_paths`.
    """
    _check_args(labels, label_mode, class_names, sampling_rate,
                output_sequence_length, ragged)
    paths, labels, label_mode, class_names, num_classes, seed = (
        dataset_utils.index_labeled_directory(
            directory, labels, label_mode, class_names, ALLOWED_FORMATS,
            validation_split, subset, shuffle, seed, follow_links, verbose,
        ))

    def build(subset_name, shuffled):
        files, labs = dataset_utils.training_or_validation_split(
            paths, labels, validation_split, subset_name, verbose
        )
        if not files:
            which = f"{subset_name} " if subset == "both" else ""
            raise ValueError(
                f"No {which}audio files found in directory {directory}. "
                f"Allowed format(s): {ALLOWED_FORMATS}"
            )
        encoded = (None if labs is None else
                   dataset_utils.encode_labels(labs, label_mode,
                                               num_classes))

        def load(indices):
            x = _batch([load_audio(files[i], sampling_rate,
                                   output_sequence_length)
                        for i in indices], ragged)
            return x if encoded is None else (x, encoded[indices])

        return BatchDataset(len(files), load, batch_size=batch_size,
                            shuffle=shuffled, seed=seed,
                            class_names=class_names, file_paths=list(files))

    if subset == "both":
        return build("training", shuffle), build("validation", False)
    return build(subset, shuffle)
