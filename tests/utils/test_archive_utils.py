"""Safe tar/zip extraction: nothing may escape the target folder."""

import io
import os
import tarfile
import zipfile

import pytest

from kerax.utils import file_utils
from kerax.utils.archive_utils import UnsafeArchiveError, extract_archive


def _tar(path, members):
    with tarfile.open(path, "w") as tar:
        for name, kind, target in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = 2
                tar.addfile(info, io.BytesIO(b"ok"))
            else:
                info.type = tarfile.SYMTYPE if kind == "sym" else (
                    tarfile.LNKTYPE
                )
                info.linkname = target
                tar.addfile(info)
    return path


@pytest.mark.parametrize(
    "members",
    [
        [("../evil.txt", "file", None)],
        [("good/../../evil.txt", "file", None)],
        [("/tmp/kerax-evil-absolute.txt", "file", None)],
        [("link", "sym", "/etc/passwd")],
        [("link", "sym", "../../outside")],
        [("sub/link", "sym", "../../outside")],
        [("hard", "hard", "../outside")],
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "abs-symlink",
         "rel-symlink", "nested-symlink", "hardlink"],
)
def test_tar_escapes_are_refused(tmp_path, members):
    archive = _tar(tmp_path / "a.tar", [("fine.txt", "file", None)] + members)
    out = tmp_path / "box" / "out"
    with pytest.raises(UnsafeArchiveError, match="outside|absolute"):
        extract_archive(archive, out)
    # Nothing was written: not even the harmless member.
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["a.tar", "box"]
    assert os.listdir(tmp_path / "box") == []
    assert not os.path.exists("/tmp/kerax-evil-absolute.txt")


def test_symlink_inside_the_folder_is_fine(tmp_path):
    archive = _tar(tmp_path / "a.tar", [("d/real.txt", "file", None),
                                        ("d/alias", "sym", "real.txt")])
    assert extract_archive(archive, tmp_path / "out")
    assert (tmp_path / "out" / "d" / "alias").read_text() == "ok"


@pytest.mark.parametrize("name", ["../evil.txt", "/abs/evil.txt",
                                  "a/../../evil.txt", "..\\evil.txt"])
def test_zip_escapes_are_refused(tmp_path, name):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("fine.txt", "ok")
        zf.writestr(zipfile.ZipInfo(name), "bad")
    with pytest.raises(UnsafeArchiveError):
        extract_archive(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "evil.txt").exists()


def test_zip_symlink_is_refused(tmp_path):
    archive = tmp_path / "a.zip"
    info = zipfile.ZipInfo("link")
    info.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(UnsafeArchiveError, match="symbolic link"):
        extract_archive(archive, tmp_path / "out")


def test_zip_extracts(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x/y.txt", "hello")
    assert extract_archive(archive, tmp_path / "out", archive_format="zip")
    assert (tmp_path / "out" / "x" / "y.txt").read_text() == "hello"
    assert not extract_archive(archive, tmp_path / "o2", archive_format="tar")
    assert not extract_archive(archive, tmp_path / "o3", archive_format=None)
    with pytest.raises(ValueError, match="archive_format='rar'"):
        extract_archive(archive, tmp_path / "o4", archive_format="rar")


def test_get_file_refuses_a_malicious_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAX_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    archive = _tar(tmp_path / "evil.tar", [("../../escape.txt", "file", None)])
    with pytest.raises(UnsafeArchiveError):
        file_utils.get_file("evil", origin="file://" + str(archive),
                            extract=True)
    assert not (tmp_path / "escape.txt").exists()
    assert not (tmp_path / "home" / "datasets" / "evil").exists()
