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


def _attack_tar(path, symlinks_only=False):
    """The issue's chain: `d -> .`, `d/d/d/e -> ../../..`, then a hard link
    `h -> d/d/d/e/victim.txt` and a regular file `h` written through it."""
    with tarfile.open(path, "w") as tar:
        for name, target in [("d", "."), ("d/d/d/e", "../../..")]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
        if not symlinks_only:
            info = tarfile.TarInfo("h")
            info.type, info.linkname = tarfile.LNKTYPE, "d/d/d/e/victim.txt"
            tar.addfile(info)
            info = tarfile.TarInfo("h")
            info.size = 5
            tar.addfile(info, io.BytesIO(b"owned"))
    return path


@pytest.mark.parametrize("symlinks_only", [False, True])
def test_link_chain_attack_is_refused(tmp_path, symlinks_only):
    # out is three levels below tmp_path: `e` would point at tmp_path.
    out = tmp_path / "a" / "b" / "out"
    out.mkdir(parents=True)
    (out / "old.txt").write_text("previous")
    victim = tmp_path / "victim.txt"
    victim.write_text("safe")
    archive = _attack_tar(tmp_path / "evil.tar", symlinks_only)
    with pytest.raises(UnsafeArchiveError, match="outside"):
        extract_archive(archive, out)
    assert victim.read_text() == "safe"
    assert sorted(os.listdir(out)) == ["old.txt"]
    assert (out / "old.txt").read_text() == "previous"
    assert sorted(os.listdir(out.parent)) == ["out"]


def _sym(tar, name, target):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    tar.addfile(info)


def _file(tar, name, data=b"ok"):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("case", ["through-link", "redirected-later",
                                  "dir-link-outside", "overwrite-via-link"])
def test_symlink_variants_are_refused(tmp_path, case):
    out = tmp_path / "box" / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    archive = tmp_path / "a.tar"
    with tarfile.open(archive, "w") as tar:
        if case == "through-link":  # a file written through `up -> ..`
            _sym(tar, "sub", ".")
            _sym(tar, "sub/up", "..")
            _file(tar, "sub/up/x.txt")
        elif case == "redirected-later":  # `a -> b/c`, then `b` escapes
            _sym(tar, "a", "b/c")
            _sym(tar, "b", "../../outside")
        elif case == "dir-link-outside":
            _sym(tar, "d", ".")
            _sym(tar, "d/d/up", "../../..")
        else:  # a link aimed through an earlier link
            _sym(tar, "x", "y")
            _sym(tar, "y", "../../outside/z.txt")
    with pytest.raises(UnsafeArchiveError, match="outside"):
        extract_archive(archive, out)
    assert os.listdir(outside) == []
    assert not out.exists()
    assert os.listdir(tmp_path / "box") == []


def test_later_file_replaces_an_earlier_link_not_its_target(tmp_path):
    archive = tmp_path / "a.tar"
    with tarfile.open(archive, "w") as tar:
        _file(tar, "real.txt", b"real")
        _sym(tar, "alias", "real.txt")
        _file(tar, "alias", b"new")
        _file(tar, "copy", b"data")
        info = tarfile.TarInfo("hard")
        info.type, info.linkname = tarfile.LNKTYPE, "copy"
        tar.addfile(info)
        _file(tar, "hard", b"changed")
    out = tmp_path / "out"
    assert extract_archive(archive, out)
    assert (out / "real.txt").read_bytes() == b"real"
    assert not (out / "alias").is_symlink()
    assert (out / "alias").read_bytes() == b"new"
    assert (out / "copy").read_bytes() == b"data"
    assert (out / "hard").read_bytes() == b"changed"


def test_zip_refusal_keeps_previous_contents(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("previous")
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("old.txt", "replaced")
        zf.writestr("../evil.txt", "bad")
    with pytest.raises(UnsafeArchiveError):
        extract_archive(archive, out)
    assert sorted(os.listdir(out)) == ["old.txt"]
    assert (out / "old.txt").read_text() == "previous"
    assert sorted(os.listdir(tmp_path)) == ["a.zip", "out"]


def test_get_file_refusal_keeps_the_previous_extraction(tmp_path,
                                                        monkeypatch):
    monkeypatch.setenv("KERAX_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    good = _tar(tmp_path / "good.tar", [("data.txt", "file", None)])
    folder = file_utils.get_file("pack.tar", origin="file://" + str(good),
                                 extract=True)
    assert sorted(os.listdir(folder)) == ["data.txt"]
    evil = _attack_tar(tmp_path / "evil.tar")
    with pytest.raises(UnsafeArchiveError):
        file_utils.get_file("pack.tar", origin="file://" + str(evil),
                            extract=True, force_download=True)
    assert sorted(os.listdir(folder)) == ["data.txt"]
    datasets = os.path.dirname(folder)
    assert not [n for n in os.listdir(datasets) if n.startswith(".")]
