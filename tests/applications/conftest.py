import pytest

from kerax.applications import pretrained
from tests.applications.keras_parity import placeholder_kerax_init


@pytest.fixture
def placeholder_init():
    """`placeholder_kerax_init` for the test: zeros for kerax's random
    initial weights, which the test never reads."""
    with placeholder_kerax_init():
        yield


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
