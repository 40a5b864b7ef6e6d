"""The `assets/` members of a `.keras` file: a crafted archive whose asset
names clash gets a clear kerax error naming the member."""

import zipfile

import numpy as np
import pytest

import kerax
from kerax import saving


def _lookup_model():
    layer = kerax.layers.IntegerLookup(name="ids")
    layer.adapt(np.array([4, 7, 7]))
    return kerax.Sequential([kerax.Input((1,), dtype="int32"), layer])


@pytest.mark.parametrize("extra", ["assets/layers/integer_lookup",
                                   "assets/layers"])
def test_asset_that_is_both_file_and_folder(tmp_path, extra):
    path = tmp_path / "m.keras"
    _lookup_model().save(str(path))
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    assert "assets/layers/integer_lookup/vocabulary.txt" in members
    members[extra] = b"not a folder"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(saving.FileFormatError,
                       match=f"'{extra}' is both a file and a folder"):
        saving.load_model(str(path))


def test_clean_archive_still_loads(tmp_path):
    path = tmp_path / "m.keras"
    model = _lookup_model()
    model.save(str(path))
    restored = saving.load_model(str(path))
    x = np.array([[7], [5]], "int32")
    np.testing.assert_array_equal(restored.predict(x, verbose=0),
                                  model.predict(x, verbose=0))
