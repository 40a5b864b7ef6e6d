"""Every dataset test runs with empty, private caches; downloads go to a
closed local port, so no test can reach the internet."""

import pytest


@pytest.fixture(autouse=True)
def isolated_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAX_HOME", str(tmp_path / "kerax_home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.delenv("KERAX_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAX_DATASETS_ORIGIN", "http://127.0.0.1:9/")
    monkeypatch.setenv("KERAX_DOWNLOAD_RETRIES", "1")
    return tmp_path
