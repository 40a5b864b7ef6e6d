"""A torch `DataLoader` and torch tensors feed `fit`/`evaluate`/`predict`.

torch is never a kerax dependency; these tests skip when it is absent. Each
compares against the same rows given as NumPy arrays.
"""

import numpy as np
import pytest
import small_classifier

torch = pytest.importorskip("torch")
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402


def _data(n=48, seed=0):
    return small_classifier.data(n, seed)


def _model():
    return small_classifier.model()


def _loader(x, y=None, batch_size=16):
    tensors = [torch.from_numpy(x)]
    if y is not None:
        tensors.append(torch.from_numpy(y))
    return DataLoader(TensorDataset(*tensors), batch_size=batch_size,
                      shuffle=False)


def test_dataloader_trains_like_numpy_arrays():
    x, y = _data()
    from_numpy, from_torch = _model(), _model()
    expected = from_numpy.fit(x, y, batch_size=16, epochs=2, shuffle=False,
                              verbose=0)
    got = from_torch.fit(_loader(x, y), epochs=2, verbose=0)
    np.testing.assert_allclose(got.history["loss"], expected.history["loss"],
                               rtol=1e-5)
    for a, b in zip(from_numpy.get_weights(), from_torch.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)

    loss, acc = from_torch.evaluate(_loader(x, y), verbose=0)
    ref_loss, ref_acc = from_numpy.evaluate(x, y, batch_size=16, verbose=0)
    np.testing.assert_allclose([loss, acc], [ref_loss, ref_acc], rtol=1e-5)

    out = from_torch.predict(_loader(x), verbose=0)
    np.testing.assert_allclose(out, from_numpy.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_dataloader_validation_data_and_steps_per_epoch():
    x, y = _data()
    history = _model().fit(_loader(x, y), validation_data=_loader(x, y),
                           steps_per_epoch=2, epochs=2, verbose=0)
    assert set(history.history) == {"accuracy", "loss", "val_accuracy",
                                    "val_loss"}


def test_torch_tensors_as_arrays():
    x, y = _data()
    a, b = _model(), _model()
    a.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    # A tensor that requires grad must be detached, not rejected.
    xt = torch.from_numpy(x).requires_grad_(True)
    b.fit(xt, torch.from_numpy(y), batch_size=16, epochs=1, shuffle=False,
          verbose=0)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b.predict(xt, verbose=0),
                               b.predict(x, verbose=0), rtol=1e-6)
