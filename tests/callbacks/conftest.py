"""Fixtures of the callback tests (fakes live in callback_fakes.py)."""

import pytest
from callback_fakes import FakeModel


@pytest.fixture
def model():
    return FakeModel()
