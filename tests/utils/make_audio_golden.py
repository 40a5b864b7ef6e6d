"""Regenerates `audio_golden.json`: what real Keras 3's
`audio_dataset_from_directory` (which needs TensorFlow) yields for the WAV
folder `write_folder` makes; run once in an environment with
`tensorflow-cpu`, `jax` and the same Keras:

    KERAS_BACKEND=jax python tests/utils/make_audio_golden.py

`test_audio_dataset_utils.py` writes the same folder and compares.
"""

import json
import os
import pathlib
import tempfile
import wave

import numpy as np

OUT = pathlib.Path(__file__).with_name("audio_golden.json")

# Keyword arguments of each recorded call (all with verbose=False).
CALLS = [
    {"shuffle": False, "batch_size": 5},
    {"shuffle": False, "batch_size": 5, "output_sequence_length": 32,
     "label_mode": "categorical"},
    {"shuffle": False, "batch_size": None, "labels": None},
    {"validation_split": 0.25, "subset": "validation", "seed": 7,
     "batch_size": None},
    {"validation_split": 0.25, "subset": "training", "seed": 7,
     "batch_size": None},
]


def write_folder(root):
    """Three classes of four stereo 16-bit WAV files (20 to 49 frames)."""
    rng = np.random.default_rng(0)
    for label in ("a", "b", "c"):
        os.makedirs(os.path.join(root, label), exist_ok=True)
        for i in range(4):
            frames = int(rng.integers(20, 50))
            samples = rng.integers(-32768, 32767, size=(frames, 2))
            with wave.open(os.path.join(root, label, f"{i}.wav"), "wb") as f:
                f.setnchannels(2)
                f.setsampwidth(2)
                f.setframerate(8000)
                f.writeframes(samples.astype("<i2").tobytes())


def summarize(dataset):
    """Per batch: the audio as int16 values and the labels."""
    out = []
    for batch in dataset:
        audio, labels = batch if isinstance(batch, tuple) else (batch, None)
        values = np.rint(np.asarray(audio) * 32768).astype("int64")
        out.append({"audio": values.tolist(),
                    "labels": None if labels is None else
                    np.asarray(labels).tolist()})
    return out


def main():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    root = tempfile.mkdtemp()
    write_folder(root)
    calls = []
    for kwargs in CALLS:
        dataset = keras.utils.audio_dataset_from_directory(
            root, verbose=False, **kwargs)
        calls.append({"kwargs": kwargs, "batches": summarize(dataset)})
    OUT.write_text(json.dumps({"keras": keras.__version__, "calls": calls})
                   + "\n")


if __name__ == "__main__":
    main()
