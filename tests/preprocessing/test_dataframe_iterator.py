import numpy as np
import pytest

from kerax.preprocessing.image import DataFrameIterator, ImageDataGenerator
from kerax.utils.image_utils import save_img

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    root = tmp_path_factory.mktemp("frames")
    for i in range(4):
        save_img(str(root / f"{i}.png"), np.full((6, 6, 3), i * 60.0),
                 scale=False)
    frame = pd.DataFrame({
        "filename": [f"{i}.png" for i in range(4)],
        "class": ["dog", "cat", "dog", "cat"],
        "tags": [["a"], ["a", "b"], ["b"], []],
        "value": [0.5, 1.5, 2.5, 3.5],
        "weight": [1.0, 2.0, 3.0, 4.0],
    })
    return str(root), frame


def _flow(images, **kwargs):
    root, frame = images
    kwargs.setdefault("target_size", (3, 3))
    kwargs.setdefault("shuffle", False)
    return ImageDataGenerator(rescale=1 / 255.0).flow_from_dataframe(
        frame, root, **kwargs)


def test_categorical_sparse_binary_labels(images):
    it = _flow(images, batch_size=4)
    x, y = it[0]
    assert x.shape == (4, 3, 3, 3) and x.max() <= 1.0
    assert it.class_indices == {"cat": 0, "dog": 1}
    np.testing.assert_array_equal(y, [[0, 1], [1, 0], [0, 1], [1, 0]])
    np.testing.assert_allclose(x[1, 0, 0, 0], 60 / 255, rtol=1e-5)
    _, y = _flow(images, class_mode="sparse", batch_size=4)[0]
    assert y.tolist() == [1.0, 0.0, 1.0, 0.0]
    _, y = _flow(images, class_mode="binary", batch_size=4)[0]
    assert y.tolist() == [1.0, 0.0, 1.0, 0.0]


def test_multi_label_raw_multi_output_and_weights(images):
    _, y = _flow(images, y_col="tags", batch_size=4)[0]
    np.testing.assert_array_equal(y, [[1, 0], [1, 1], [0, 1], [0, 0]])
    _, y = _flow(images, y_col="value", class_mode="raw", batch_size=2)[1]
    assert y.tolist() == [2.5, 3.5]
    _, ys = _flow(images, y_col=["value", "weight"],
                  class_mode="multi_output", batch_size=2)[0]
    assert [v.tolist() for v in ys] == [[0.5, 1.5], [1.0, 2.0]]
    x, y, w = _flow(images, weight_col="weight", batch_size=2)[1]
    assert w.tolist() == [3.0, 4.0]
    x = _flow(images, class_mode=None, batch_size=4)[0]
    assert x.shape == (4, 3, 3, 3)


def test_subsets_and_validation(images, capsys):
    root, frame = images
    gen = ImageDataGenerator(validation_split=0.25)
    val = gen.flow_from_dataframe(frame, root, target_size=(3, 3),
                                  subset="validation")
    train = gen.flow_from_dataframe(frame, root, target_size=(3, 3),
                                    subset="training")
    assert (val.samples, train.samples) == (1, 3)
    assert "Found 3 validated image filenames belonging to 2 classes" in (
        capsys.readouterr().out)
    bad = pd.concat([frame, pd.DataFrame({"filename": ["none.png"],
                                          "class": ["cat"]})])
    with pytest.warns(UserWarning, match="Skipping 1 row"):
        it = DataFrameIterator(bad, root, None, target_size=(3, 3))
    assert it.samples == 4


def test_errors(images):
    with pytest.raises(ValueError, match="class_mode"):
        _flow(images, class_mode="onehot")
    with pytest.raises(KeyError, match="nope"):
        _flow(images, y_col="nope")
    with pytest.raises(TypeError, match="must be strings"):
        _flow(images, y_col="value", class_mode="sparse")
    with pytest.raises(ValueError, match="exactly 2 classes"):
        _flow(images, y_col="filename", class_mode="binary")
