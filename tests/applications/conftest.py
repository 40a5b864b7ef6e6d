import pytest

from kerax.applications import pretrained


@pytest.fixture
def loads(monkeypatch):
    """Records the `(url, file_hash)` of `weights="imagenet"` loads
    instead of downloading."""
    calls = []
    monkeypatch.setattr(
        pretrained, "load_weights",
        lambda model, weights, url=None, file_hash=None: calls.append(
            (url, file_hash)))
    return calls
