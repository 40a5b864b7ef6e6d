"""The dataset builders, ImageDataGenerator iterators and Tokenizer outputs
go straight into `fit` / `evaluate` / `predict`."""

import os

import numpy as np

import kerax
from kerax.preprocessing.image import ImageDataGenerator
from kerax.preprocessing.text import Tokenizer
from kerax.utils import (
    image_dataset_from_directory,
    pad_sequences,
    save_img,
    text_dataset_from_directory,
)


def test_image_sources_feed_fit(tmp_path):
    rng = np.random.RandomState(0)
    for name in ("a", "b", "c"):
        os.makedirs(tmp_path / name)
        for i in range(3):
            save_img(tmp_path / name / f"{i}.png",
                     rng.randint(0, 256, (7, 9, 3)), scale=False)
    model = kerax.Sequential([
        kerax.Input((6, 6, 3)), kerax.layers.Rescaling(1 / 255.0),
        kerax.layers.Flatten(), kerax.layers.Dense(3, activation="softmax"),
    ])
    model.compile("adam", "categorical_crossentropy")
    ds = image_dataset_from_directory(tmp_path, image_size=(6, 6),
                                      label_mode="categorical", seed=0,
                                      batch_size=4, verbose=False)
    assert len(model.fit(ds, verbose=0).history["loss"]) == 1
    it = ImageDataGenerator(horizontal_flip=True).flow_from_directory(
        tmp_path, target_size=(6, 6), batch_size=4, seed=0)
    assert np.isfinite(model.fit(it, verbose=0).history["loss"]).all()
    x, y = it[0]
    flow = ImageDataGenerator(rotation_range=10).flow(x, y, batch_size=4)
    assert np.isfinite(model.fit(flow, verbose=0).history["loss"]).all()


def test_text_sources_feed_fit(tmp_path):
    texts = ["good movie", "great fun film", "bad plot", "awful boring film"]
    labels = np.array([1, 1, 0, 0])
    tok = Tokenizer(num_words=12, oov_token="?")
    tok.fit_on_texts(texts)
    model = kerax.Sequential([
        kerax.Input((12,)), kerax.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile("adam", "binary_crossentropy")
    history = model.fit(tok.texts_to_matrix(texts, mode="tfidf"), labels,
                        verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    embed = kerax.Sequential([
        kerax.Input((4,)), kerax.layers.Embedding(12, 2),
        kerax.layers.GlobalAveragePooling1D(),
        kerax.layers.Dense(1, activation="sigmoid"),
    ])
    embed.compile("adam", "binary_crossentropy")
    for label, group in (("neg", texts[2:]), ("pos", texts[:2])):
        os.makedirs(tmp_path / label)
        for i, text in enumerate(group):
            (tmp_path / label / f"{i}.txt").write_text(text)
    ds = text_dataset_from_directory(tmp_path, batch_size=2, seed=0,
                                     verbose=False)
    ds = ds.map(lambda x, y: (
        pad_sequences(tok.texts_to_sequences(list(x)), maxlen=4), y))
    assert np.isfinite(embed.fit(ds, epochs=1, verbose=0).history["loss"]).all()
