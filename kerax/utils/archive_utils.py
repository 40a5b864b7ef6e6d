"""Safe extraction of tar and zip archives.

Every member is checked before anything is written: a name that is absolute,
contains `..` or would land outside the target directory is refused, and so
are links whose target leaves it, device files and FIFOs. Extraction goes to
a temporary directory next to the target that is renamed into place at the
end, so an interrupted or refused extraction leaves nothing half-written.

>>> import io, os, tarfile, tempfile
>>> tmp = tempfile.mkdtemp()
>>> archive = os.path.join(tmp, "a.tar")
>>> with tarfile.open(archive, "w") as tar:
...     info = tarfile.TarInfo("data/hello.txt"); info.size = 2
...     tar.addfile(info, io.BytesIO(b"hi"))
>>> extract_archive(archive, os.path.join(tmp, "out"))
True
>>> with open(os.path.join(tmp, "out", "data", "hello.txt")) as f:
...     f.read()
'hi'
"""

import os
import shutil
import stat
import tarfile
import tempfile
import zipfile


class UnsafeArchiveError(ValueError):
    """An archive member would be written outside the target directory."""


def _check_name(name, root, archive_path):
    normalized = name.replace("\\", "/")
    parts = normalized.split("/")
    if (
        normalized.startswith("/")
        or os.path.isabs(name)
        or ".." in parts
        or (len(parts[0]) == 2 and parts[0][1] == ":")
    ):
        raise UnsafeArchiveError(
            f"Refusing to extract {archive_path}: member {name!r} has an "
            "absolute path or a '..' component and would be written outside "
            f"{root}."
        )
    target = os.path.realpath(os.path.join(root, normalized))
    if os.path.commonpath([target, root]) != root:
        raise UnsafeArchiveError(
            f"Refusing to extract {archive_path}: member {name!r} resolves "
            f"to {target}, outside {root}."
        )
    return target


def _check_tar_member(member, root, archive_path):
    _check_name(member.name, root, archive_path)
    if member.ischr() or member.isblk() or member.isfifo() or member.isdev():
        raise UnsafeArchiveError(
            f"Refusing to extract {archive_path}: member {member.name!r} is "
            "a device file or FIFO."
        )
    if member.issym() or member.islnk():
        link = member.linkname.replace("\\", "/")
        if member.issym():
            base = os.path.dirname(member.name.replace("\\", "/"))
            resolved = os.path.normpath(os.path.join(root, base, link))
        else:
            resolved = os.path.normpath(os.path.join(root, link))
        if os.path.isabs(link) or (
            os.path.commonpath([os.path.realpath(resolved), root]) != root
        ):
            raise UnsafeArchiveError(
                f"Refusing to extract {archive_path}: link {member.name!r} "
                f"points to {member.linkname!r}, outside {root}."
            )


def _extract_tar(archive_path, root):
    with tarfile.open(archive_path) as tar:
        members = tar.getmembers()
        for member in members:
            _check_tar_member(member, root, archive_path)
        for member in members:
            # Links were validated above; regular files are written with safe
            # permissions (no setuid bits from the archive).
            member.mode = stat.S_IMODE(member.mode) & 0o777
            if hasattr(tarfile, "data_filter"):
                tar.extract(member, root, filter="tar")
            else:  # pragma: no cover - Python without extraction filters
                tar.extract(member, root)


def _extract_zip(archive_path, root):
    with zipfile.ZipFile(archive_path) as archive:
        infos = archive.infolist()
        for info in infos:
            _check_name(info.filename, root, archive_path)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise UnsafeArchiveError(
                    f"Refusing to extract {archive_path}: member "
                    f"{info.filename!r} is a symbolic link."
                )
        for info in infos:
            archive.extract(info, root)


def _formats(archive_format):
    if archive_format is None:
        return []
    if archive_format == "auto":
        return ["tar", "zip"]
    names = [archive_format] if isinstance(archive_format, str) else list(
        archive_format
    )
    for name in names:
        if name not in ("tar", "zip"):
            raise ValueError(
                "`archive_format` must be 'auto', 'tar', 'zip', None or a "
                f"list of those. Received: archive_format={archive_format!r}"
            )
    return names


def extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts a tar (`.tar`, `.tar.gz`, `.tar.bz2`, `.tar.xz`) or zip
    archive into directory `path`, refusing members that would escape it.

    Args:
        file_path: Path of the archive.
        path: Directory to extract into (created; files already there that
            the archive does not contain are kept).
        archive_format: `"auto"` (tar then zip), `"tar"`, `"zip"`, a list
            of those, or `None` (extract nothing).

    Returns:
        `True` if the archive matched a format and was extracted, `False`
        otherwise.

    Raises:
        UnsafeArchiveError: a member would land outside `path`.
    """
    file_path = os.fspath(file_path)
    path = os.fspath(path)
    for kind in _formats(archive_format):
        if kind == "tar" and tarfile.is_tarfile(file_path):
            extractor = _extract_tar
        elif kind == "zip" and zipfile.is_zipfile(file_path):
            extractor = _extract_zip
        else:
            continue
        parent = os.path.dirname(os.path.abspath(path)) or "."
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".extract-", dir=parent)
        try:
            root = os.path.realpath(staging)
            extractor(file_path, root)
            _move_into(root, os.path.abspath(path))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return True
    return False


def _move_into(staging, path):
    """Moves the staged tree to `path` (merging into an existing folder)."""
    if not os.path.exists(path):
        os.replace(staging, path)
        os.makedirs(staging, exist_ok=True)  # for the caller's cleanup
        return
    for name in os.listdir(staging):
        source = os.path.join(staging, name)
        dest = os.path.join(path, name)
        if os.path.isdir(dest) and not os.path.islink(dest):
            if os.path.isdir(source) and not os.path.islink(source):
                _move_into(source, dest)
                continue
            shutil.rmtree(dest)
        elif os.path.lexists(dest):
            os.remove(dest)
        os.replace(source, dest)
