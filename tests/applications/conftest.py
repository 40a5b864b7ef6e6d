import numpy as np
import pytest

from kerax.applications import pretrained
from kerax.core.dtypes import host_array
from kerax.initializers import random_initializers


def _placeholder(shape, first, second, dtype, seed):
    return host_array(np.zeros(shape, "float32"), dtype)


@pytest.fixture
def placeholder_init(monkeypatch):
    """kerax's random initializers (normal, truncated normal, uniform)
    give zeros: for tests that never read the initial weights (structure
    checks, or a weights file would replace them). Drawing them is about
    half of building a large model (EfficientNetV2S: ~3 s of ~6.5 s)."""
    for name in ("_normal", "_truncated_normal", "_uniform"):
        monkeypatch.setattr(random_initializers, name, _placeholder)


@pytest.fixture
def loads(monkeypatch, placeholder_init):
    """Records the `(url, file_hash)` of `weights="imagenet"` loads
    instead of downloading; the random weights the file would replace
    are placeholders (`placeholder_init`)."""
    calls = []
    monkeypatch.setattr(
        pretrained, "load_weights",
        lambda model, weights, url=None, file_hash=None: calls.append(
            (url, file_hash)))
    return calls
