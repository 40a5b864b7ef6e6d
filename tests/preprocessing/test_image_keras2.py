"""ImageDataGenerator outputs against values recorded from tf_keras 2.21
(Keras 2's own code, run outside this test suite on the same inputs).

Square images only: on those kerax's transforms equal Keras 2's. Seeded
streams (shuffle and augmentation draws) match Keras 2 draw for draw as long
as no shift range is set (Keras 2 applies its height draw to the columns;
kerax shifts rows for `height_shift_range`, as documented).
"""

import os

import numpy as np

from kerax.preprocessing import image
from kerax.preprocessing.image import ImageDataGenerator, save_img

# tf_keras: ImageDataGenerator(fill_mode="nearest").apply_transform(X, ...)
AFFINE = [[27.49, 40.8, 72.92, 102.92, 132.92],
          [25.91, 66.3, 103.56, 133.56, 163.56],
          [51.4, 91.8, 132.19, 164.2, 194.2],
          [76.9, 117.3, 157.69, 194.84, 224.84],
          [102.4, 142.8, 183.19, 223.58, 240.0]]
SHIFT_ZOOM = [[20.0, 25.0, 30.0, 35.0, 40.0],
              [70.0, 75.0, 80.0, 85.0, 90.0],
              [120.0, 125.0, 130.0, 135.0, 140.0],
              [170.0, 175.0, 180.0, 185.0, 190.0],
              [220.0, 225.0, 230.0, 235.0, 240.0]]
# tf_keras: apply_brightness_shift(X[:2, :3] + 3, 1.37) and
# apply_brightness_shift(X[:2, :3] - 20, 0.6, scale=False)
BRIGHT = [0.0, 49.0, 98.0, 249.0, 255.0, 255.0]
BRIGHT_NOSCALE = [-20.0, -14.24, -8.2, 9.92, 15.69, 22.0]
# tf_keras: it[0], it[1], next(it) of the seeded flow in test_seeded_flow
FLOW = [
    ([2, 1], [[[-1.0, 45.1, -1.0, -1.0], [41.3, 41.4, 41.4, 41.4],
               [37.6, 37.6, 37.6, 37.7], [-1.0, -1.0, 33.9, -1.0]],
              [[-1.0, -1.0, -1.0, -1.0], [-1.0, 26.1, 25.6, 25.0],
               [22.0, 21.4, 20.9, -1.0], [-1.0, -1.0, -1.0, -1.0]]]),
    ([0], [[[-1.0, 12.9, 9.6, -1.0], [13.7, 10.4, 7.1, -1.0],
            [-1.0, 7.9, 4.6, 1.3], [-1.0, 5.4, 2.1, -1.0]]]),
    ([1, 0], [[[29.9, 29.1, 28.2, 27.3], [26.5, 25.6, 24.8, 23.9],
               [23.1, 22.2, 21.4, 20.5], [19.7, 18.8, 17.9, 17.1]],
              [[-1.0, 2.5, 2.1, -1.0], [-1.0, 6.0, 5.6, 5.2],
               [9.8, 9.4, 9.0, -1.0], [-1.0, 12.9, 12.5, -1.0]]]),
]

X = np.arange(25, dtype="float32").reshape(5, 5, 1) * 10


def test_apply_transform_matches_keras2():
    gen = ImageDataGenerator(fill_mode="nearest")
    out = gen.apply_transform(X, {"theta": 30, "tx": 1.5, "ty": -1,
                                  "shear": 10, "zx": 1.2, "zy": 0.8})
    np.testing.assert_allclose(out[..., 0], AFFINE, atol=0.006)
    out = gen.apply_transform(X, {"tx": 1, "zx": 0.5})
    np.testing.assert_allclose(out[..., 0], SHIFT_ZOOM, atol=1e-4)


def test_brightness_matches_keras2():
    out = image.apply_brightness_shift(X[:2, :3] + 3, 1.37)
    np.testing.assert_array_equal(out.ravel(), BRIGHT)
    out = image.apply_brightness_shift(X[:2, :3] - 20, 0.6, scale=False)
    np.testing.assert_allclose(out.ravel(), BRIGHT_NOSCALE, atol=0.006)
    gen = ImageDataGenerator(brightness_range=(0.5, 1.5))
    chw = ImageDataGenerator(data_format="channels_first")
    img = np.random.RandomState(0).rand(4, 4, 3).astype("float32") * 255
    last = gen.apply_transform(img, {"brightness": 1.3})
    first = chw.apply_transform(img.transpose(2, 0, 1), {"brightness": 1.3})
    np.testing.assert_array_equal(first.transpose(1, 2, 0), last)
    assert (last == np.round(last)).all() and last.max() <= 255


def test_seeded_flow_matches_keras2():
    gen = ImageDataGenerator(rotation_range=40, zoom_range=0.2,
                             shear_range=10, horizontal_flip=True,
                             vertical_flip=True, fill_mode="constant",
                             cval=-1)
    imgs = np.arange(3 * 16, dtype="float32").reshape(3, 4, 4, 1)
    it = gen.flow(imgs, np.arange(3), batch_size=2, seed=7)
    batches = [it[0], it[1], next(it)]
    for (bx, by), (labels, pixels) in zip(batches, FLOW):
        assert by.tolist() == labels
        np.testing.assert_allclose(bx[..., 0], pixels, atol=0.06)


def test_flow_from_directory_bilinear_matches_keras2(tmp_path):
    grad = np.stack(np.meshgrid(np.arange(8) * 30, np.arange(6) * 40), -1)
    img = np.concatenate([grad, grad[..., :1] * 0 + 200], -1)
    for name, data in (("cat", img), ("dog", img[::-1])):
        os.makedirs(tmp_path / name)
        save_img(tmp_path / name / f"{name}.png", data, scale=False)
    it = ImageDataGenerator(rescale=1 / 255.0).flow_from_directory(
        tmp_path, target_size=(3, 4), interpolation="bilinear",
        shuffle=False, batch_size=2)
    x, y = it[0]
    assert y.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    np.testing.assert_allclose(x[0, 0, :, 0], [0.082, 0.294, 0.529, 0.741],
                               atol=6e-4)
    np.testing.assert_allclose(x[0, :, 0, 1], [0.114, 0.392, 0.671],
                               atol=6e-4)
    np.testing.assert_allclose(x[1, :, 0, 1], [0.671, 0.392, 0.114],
                               atol=6e-4)
    np.testing.assert_allclose(x[..., 2], 0.784, atol=6e-4)
