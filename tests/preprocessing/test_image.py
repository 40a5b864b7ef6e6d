"""Keras 2's ImageDataGenerator and its iterators."""

import os

import numpy as np
import pytest

from kerax.preprocessing import image
from kerax.preprocessing.image import ImageDataGenerator
from kerax.utils import save_img


@pytest.fixture
def png_dir(tmp_path):
    """3 classes (a: 2 images, b: 4, c: 3); pixel value = 10*class + i."""
    root = tmp_path / "pngs"
    for c, (name, n) in enumerate((("a", 2), ("b", 4), ("c", 3))):
        os.makedirs(root / name)
        for i in range(n):
            save_img(root / name / f"{i}.png", np.full((6, 8, 3), 10 * c + i),
                     scale=False)
    os.makedirs(root / "b" / "nested")
    save_img(root / "b" / "nested" / "x.jpg", np.zeros((6, 8, 3)))
    (root / "c" / "readme.txt").write_text("skip me")
    return root


def test_flow_from_directory_categorical(png_dir, capsys):
    gen = ImageDataGenerator(rescale=1.0 / 255)
    it = gen.flow_from_directory(png_dir, target_size=(4, 4), batch_size=4,
                                 shuffle=False)
    assert capsys.readouterr().out.strip() == (
        "Found 10 images belonging to 3 classes."
    )
    assert it.class_indices == {"a": 0, "b": 1, "c": 2}
    assert it.filenames[:3] == ["a/0.png", "a/1.png", "b/0.png"]
    assert "b/nested/x.jpg" in it.filenames
    assert it.classes.tolist() == [0, 0, 1, 1, 1, 1, 1, 2, 2, 2]
    assert len(it) == 3 and it.image_shape == (4, 4, 3)
    x, y = it[0]
    assert x.shape == (4, 4, 4, 3) and x.dtype == np.float32
    np.testing.assert_allclose(x[:, 0, 0, 0], np.array([0, 1, 10, 11]) / 255)
    assert y.tolist() == [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]]
    x_last, y_last = it[2]
    assert x_last.shape[0] == 2 and y_last[:, 2].tolist() == [1, 1]
    assert len(list(it)) == 3  # one epoch per `for` loop
    assert next(it)[0].shape == (4, 4, 4, 3)  # endless Keras 2 stream
    with pytest.raises(ValueError, match="has length 3"):
        it[3]


def test_class_modes_and_options(png_dir):
    gen = ImageDataGenerator()
    sparse = gen.flow_from_directory(png_dir, target_size=(2, 2),
                                     class_mode="sparse", shuffle=False,
                                     batch_size=10)
    _x, y = sparse[0]
    assert y.dtype == np.float32 and y.tolist() == sparse.classes.tolist()
    binary = gen.flow_from_directory(png_dir, classes=["c", "a"],
                                     class_mode="binary", target_size=(2, 2),
                                     shuffle=False, batch_size=10)
    assert binary.class_indices == {"c": 0, "a": 1} and binary.samples == 5
    assert binary[0][1].tolist() == [0, 0, 0, 1, 1]
    none = gen.flow_from_directory(png_dir, class_mode=None,
                                   color_mode="grayscale", target_size=(3, 3))
    assert none[0].shape == (10, 3, 3, 1)
    inp = gen.flow_from_directory(png_dir, class_mode="input",
                                  target_size=(3, 3), batch_size=2)
    xb, yb = inp[0]
    np.testing.assert_array_equal(xb, yb)
    with pytest.raises(ValueError, match="class_mode=onehot"):
        gen.flow_from_directory(png_dir, class_mode="onehot")
    with pytest.raises(ValueError, match="color_mode=bgr"):
        gen.flow_from_directory(png_dir, color_mode="bgr")


def test_shuffle_seed_and_validation_subset(png_dir):
    gen = ImageDataGenerator(validation_split=0.5)
    train = gen.flow_from_directory(png_dir, target_size=(2, 2),
                                    subset="training", seed=1)
    val = gen.flow_from_directory(png_dir, target_size=(2, 2),
                                  subset="validation", seed=1)
    # Per class, the first int(n * 0.5) files are validation.
    assert val.filenames == ["a/0.png", "b/0.png", "b/1.png", "c/0.png"]
    assert train.samples == 6 and not set(train.filenames) & set(
        val.filenames
    )
    again = gen.flow_from_directory(png_dir, target_size=(2, 2),
                                    subset="training", seed=1)
    np.testing.assert_array_equal(train[0][0], again[0][0])
    values = sorted(np.concatenate([b[0] for b in train])[:, 0, 0, 0])
    assert values == [0, 1, 12, 13, 21, 22]  # x.jpg is black
    with pytest.raises(ValueError, match="subset=test"):
        gen.flow_from_directory(png_dir, subset="test")


def test_flow_numpy_with_validation_split_and_weights():
    x = np.arange(40, dtype="float32").reshape(10, 2, 2, 1)
    y = np.array([0, 1] * 5)
    w = np.linspace(0, 1, 10)
    gen = ImageDataGenerator(validation_split=0.2)
    val = gen.flow(x, y, sample_weight=w, subset="validation", shuffle=False)
    xb, yb, wb = val[0]
    np.testing.assert_array_equal(xb, x[:2])
    assert yb.tolist() == [0, 1] and wb.tolist() == w[:2].tolist()
    train = gen.flow(x, y, batch_size=3, subset="training", shuffle=True,
                     seed=0)
    seen = np.concatenate([b[0] for b in train])
    assert sorted(seen[:, 0, 0, 0].tolist()) == list(range(8, 40, 4))
    with pytest.raises(ValueError, match="different classes"):
        gen.flow(x, np.array([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]),
                 subset="training")
    with pytest.raises(ValueError, match="rank 4"):
        gen.flow(np.zeros((2, 3, 3)))
    with pytest.raises(ValueError, match="same length"):
        gen.flow(x, y[:3])
    only_x = gen.flow(x, batch_size=4, shuffle=False)
    assert only_x[0].shape == (4, 2, 2, 1)
    both = gen.flow((x, [np.arange(10)]), y, batch_size=4, shuffle=False)
    (_imgs, extra), labels = both[1]
    assert extra.tolist() == [4, 5, 6, 7] and labels.tolist() == [0, 1, 0, 1]


def test_featurewise_fit_and_standardize():
    rng = np.random.RandomState(0)
    x = rng.rand(16, 4, 4, 3).astype("float32") * 5 + 2
    gen = ImageDataGenerator(featurewise_center=True,
                             featurewise_std_normalization=True)
    with pytest.warns(UserWarning, match="hasn't been fit"):
        gen.standardize(x[0].copy())
    gen.fit(x)
    np.testing.assert_allclose(gen.mean.ravel(), x.mean(axis=(0, 1, 2)),
                               rtol=1e-5)
    assert gen.mean.shape == (1, 1, 3)
    out = np.stack([gen.standardize(v.copy()) for v in x])
    np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(0, 1, 2)), 1, atol=1e-3)
    sample = ImageDataGenerator(samplewise_center=True,
                                samplewise_std_normalization=True)
    s = sample.standardize(x[0].copy())
    assert abs(s.mean()) < 1e-5 and abs(s.std() - 1) < 1e-3
    zca = ImageDataGenerator(zca_whitening=True, featurewise_center=True)
    zca.fit(x)
    white = zca.standardize(x.copy()).reshape(16, -1)
    assert zca.zca_whitening_matrix.shape == (48, 48)
    assert np.isfinite(white).all()
    with pytest.warns(UserWarning, match="overrides"):
        ImageDataGenerator(featurewise_std_normalization=True)
    with pytest.raises(ValueError, match="rank 4"):
        gen.fit(x[0])


def test_augmentations_move_content():
    x = np.zeros((5, 5, 1), dtype="float32")
    x[1, 3] = 1
    gen = ImageDataGenerator(fill_mode="constant")
    # Keras 2: `tx` shifts along the width (content moves left for tx > 0),
    # `ty` along the height (content moves down for ty < 0).
    moved = gen.apply_transform(x, {"tx": 1, "ty": -1})
    assert np.argwhere(moved[..., 0] > 0.5).tolist() == [[2, 2]]
    flipped = gen.apply_transform(x, {"flip_horizontal": True,
                                      "flip_vertical": True})
    assert np.argwhere(flipped[..., 0]).tolist() == [[3, 1]]
    rotated = gen.apply_transform(x, {"theta": 90})
    np.testing.assert_allclose(rotated[..., 0], np.rot90(x[..., 0]),
                               atol=1e-6)
    zoomed = gen.apply_transform(np.ones((4, 4, 1)), {"zx": 2, "zy": 2})
    assert zoomed[0, 0, 0] == 0 and zoomed[2, 2, 0] == 1
    shifted = gen.apply_transform(x + 1, {"channel_shift_intensity": 5})
    assert shifted.max() == 2  # clipped to the image's own range
    bright = image.apply_brightness_shift(np.full((2, 2, 3), 100.0), 1.5,
                                          scale=False)
    assert bright.max() == 150


def test_random_transform_is_seeded_and_bounded():
    gen = ImageDataGenerator(rotation_range=30, width_shift_range=0.2,
                             height_shift_range=2, shear_range=10,
                             zoom_range=0.1, horizontal_flip=True,
                             brightness_range=(0.5, 1.5),
                             channel_shift_range=3)
    p1 = gen.get_random_transform((10, 20, 3), seed=5)
    assert p1 == gen.get_random_transform((10, 20, 3), seed=5)
    # width_shift_range moves columns (tx), height_shift_range rows (ty).
    assert -30 <= p1["theta"] <= 30 and abs(p1["tx"]) <= 4
    assert p1["ty"] in (-1, 0, 1) and 0.9 <= p1["zx"] <= 1.1
    for _ in range(20):
        x = np.zeros((9, 9, 1), dtype="float32")
        x[4, 4] = 1
        height = ImageDataGenerator(height_shift_range=[2],
                                    fill_mode="constant")
        rows, cols = np.argwhere(height.random_transform(x)[..., 0])[0]
        assert cols == 4 and rows in (2, 6)
    x = np.random.RandomState(0).rand(10, 20, 3).astype("float32") * 255
    assert gen.random_transform(x, seed=1).shape == (10, 20, 3)
    it = gen.flow(np.stack([x] * 4), np.arange(4), batch_size=2, seed=3)
    it2 = gen.flow(np.stack([x] * 4), np.arange(4), batch_size=2, seed=3)
    np.testing.assert_array_equal(it[0][0], it2[0][0])
    with pytest.raises(ValueError, match="zoom_range"):
        ImageDataGenerator(zoom_range=(0.5, 1, 2))
    with pytest.raises(ValueError, match="fill_mode=mirror"):
        ImageDataGenerator(fill_mode="mirror")
    with pytest.raises(ValueError, match="validation_split=1"):
        ImageDataGenerator(validation_split=1)


def test_save_to_dir(tmp_path):
    gen = ImageDataGenerator()
    it = gen.flow(np.zeros((3, 4, 4, 3)), batch_size=3, save_to_dir=tmp_path,
                  save_prefix="aug", seed=0)
    it[0]
    names = os.listdir(tmp_path)
    assert len(names) == 3 and all(n.startswith("aug_") for n in names)


def test_keras2_load_img_grayscale_argument(png_dir):
    path = png_dir / "a" / "1.png"
    with pytest.warns(UserWarning, match="color_mode"):
        img = image.load_img(path, grayscale=True, target_size=(3, 4))
    assert img.mode == "L" and img.size == (4, 3)
    assert image.load_img(str(path)).mode == "RGB"
