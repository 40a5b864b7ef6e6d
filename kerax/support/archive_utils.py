"""Safe extraction of tar and zip archives.

Members are written one by one, in archive order, into an empty temporary
folder next to the target. Before each write, the member's final path is
resolved on disk (through any link an earlier member made) and must stay
inside that folder; so must the target of every symbolic or hard link.
Absolute names, `..` components, device files and FIFOs are refused. When
the whole archive is written, every link in the tree is checked once more,
and only then is the tree moved into place: a refused or interrupted
extraction leaves nothing behind and the target's previous contents intact.

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
from collections.abc import Callable
from typing import IO, Any, NoReturn

_COPY_CHUNK = 1 << 20


class UnsafeArchiveError(ValueError):
    """An archive member would be written outside the target directory."""


def _refuse(archive_path: str, message: str) -> NoReturn:
    raise UnsafeArchiveError(f"Refusing to extract {archive_path}: {message}")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root + os.sep)


def _check_name(name: str, archive_path: str) -> list[str]:
    """The member name split in parts; absolute or `..` names refused."""
    normalized = name.replace("\\", "/")
    parts = [p for p in normalized.split("/") if p not in ("", ".")]
    if (
        normalized.startswith("/")
        or os.path.isabs(name)
        or ".." in parts
        or (parts and len(parts[0]) == 2 and parts[0][1] == ":")
        or "\x00" in name
    ):
        _refuse(archive_path, f"member {name!r} has an absolute path or a "
                "'..' component and would be written outside the target.")
    return parts


def _destination(name: str, root: str, archive_path: str) -> str | None:
    """Where member `name` lands: its parent folder resolved on disk
    (links made by earlier members followed) joined with its last part.
    `None` for the root itself."""
    parts = _check_name(name, archive_path)
    if not parts:
        return None
    parent = os.path.realpath(os.path.join(root, *parts[:-1]))
    if not _inside(parent, root):
        _refuse(archive_path, f"member {name!r} passes through a link and "
                f"would be written to {parent}, outside the target.")
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError:
        _refuse(archive_path, f"member {name!r} lies under a path that "
                "an earlier member made a file.")
    return os.path.join(parent, parts[-1])


def _clear(path: str, archive_path: str, name: str) -> None:
    """Removes what an earlier member left at `path` (a link is removed,
    never followed); a folder is not replaced by a file or link."""
    if os.path.islink(path) or os.path.isfile(path):
        os.remove(path)
    elif os.path.lexists(path):
        _refuse(archive_path, f"member {name!r} would replace a folder or "
                "special file of the same name.")


def _write_file(source: IO[bytes], path: str, mode: int) -> None:
    """Writes `source` (a file object) to a new file at `path`, never
    through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(
        os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, mode)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(source, out, _COPY_CHUNK)


def _makedirs(path: str, root: str, archive_path: str, name: str) -> None:
    if os.path.islink(path):
        if not (os.path.isdir(path)
                and _inside(os.path.realpath(path), root)):
            _refuse(archive_path, f"folder member {name!r} names a link "
                    "that does not lead to a folder inside the target.")
        return
    if os.path.lexists(path) and not os.path.isdir(path):
        _refuse(archive_path, f"folder member {name!r} would replace a "
                "file of the same name.")
    os.makedirs(path, exist_ok=True)


def _link_target(member: tarfile.TarInfo, path: str, root: str,
                 archive_path: str) -> tuple[str, str]:
    """The resolved target of a tar link member, checked to be inside."""
    link = member.linkname.replace("\\", "/")
    if not link or link.startswith("/") or os.path.isabs(link) or (
        link[1:2] == ":" and link[2:3] in ("", "/")
    ):
        _refuse(archive_path, f"link {member.name!r} points to "
                f"{member.linkname!r}, outside the target.")
    if member.issym():
        base = os.path.dirname(path)
    else:  # hard link targets name a member from the archive root
        base = root
    target = os.path.realpath(os.path.join(base, *link.split("/")))
    if not _inside(target, root):
        _refuse(archive_path, f"link {member.name!r} points to "
                f"{member.linkname!r}, which resolves to {target}, outside "
                "the target.")
    return link, target


def _extract_tar_member(tar: tarfile.TarFile, member: tarfile.TarInfo,
                        root: str, archive_path: str) -> None:
    if member.ischr() or member.isblk() or member.isfifo() or member.isdev():
        _refuse(archive_path, f"member {member.name!r} is a device file or "
                "FIFO.")
    path = _destination(member.name, root, archive_path)
    if path is None:
        return
    mode = stat.S_IMODE(member.mode) & 0o777
    if member.isdir():
        _makedirs(path, root, archive_path, member.name)
    elif member.issym():
        link, _ = _link_target(member, path, root, archive_path)
        _clear(path, archive_path, member.name)
        os.symlink(link, path)
    elif member.islnk():
        _, target = _link_target(member, path, root, archive_path)
        if not os.path.isfile(target):
            _refuse(archive_path, f"hard link {member.name!r} points to "
                    f"{member.linkname!r}, which is not a file extracted "
                    "before it.")
        _clear(path, archive_path, member.name)
        with open(target, "rb") as source:  # a copy: no shared inode
            _write_file(source, path, stat.S_IMODE(os.stat(target).st_mode))
    elif member.isfile():
        _clear(path, archive_path, member.name)
        extracted = tar.extractfile(member)
        assert extracted is not None  # a regular file member has data
        with extracted:
            _write_file(extracted, path, mode | 0o600)
    else:
        _refuse(archive_path, f"member {member.name!r} has an unsupported "
                f"type {member.type!r}.")


def _extract_tar(archive_path: str, root: str) -> None:
    with tarfile.open(archive_path) as tar:
        for member in tar:
            _extract_tar_member(tar, member, root, archive_path)


def _extract_zip(archive_path: str, root: str) -> None:
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            if stat.S_ISLNK(info.external_attr >> 16):
                _refuse(archive_path, f"member {info.filename!r} is a "
                        "symbolic link.")
            path = _destination(info.filename, root, archive_path)
            if path is None:
                continue
            if info.is_dir():
                _makedirs(path, root, archive_path, info.filename)
                continue
            _clear(path, archive_path, info.filename)
            with archive.open(info) as source:
                _write_file(source, path, 0o644)


def links_outside(root: str) -> list[tuple[str, str]]:
    """`(path relative to root, resolved target)` of every link in the tree
    under `root` that resolves outside it.

    >>> import tempfile
    >>> links_outside(tempfile.mkdtemp())
    []
    """
    root = os.path.realpath(root)
    found = []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                target = os.path.realpath(path)
                if not _inside(target, root):
                    found.append((os.path.relpath(path, root), target))
    return found


def _check_links(root: str, archive_path: str) -> None:
    """Every link left in the extracted tree resolves inside `root` (a
    later member may have redirected an earlier link)."""
    for name, target in links_outside(root)[:1]:
        _refuse(archive_path, f"link {name!r} resolves to {target}, "
                "outside the target.")


def _formats(archive_format: str | list[str] | None) -> list[str]:
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


def _extractor(file_path: str, archive_format: str | list[str] | None,
               ) -> Callable[[str, str], None] | None:
    for kind in _formats(archive_format):
        if kind == "tar" and tarfile.is_tarfile(file_path):
            return _extract_tar
        if kind == "zip" and zipfile.is_zipfile(file_path):
            return _extract_zip
    return None


def _staged(file_path: str, path: str,
            extractor: Callable[[str, str], None],
            place: Callable[[str, str], None]) -> None:
    """Extracts into a temporary folder next to `path`, checks it, then
    calls `place(staging, path)`; the staging folder is always removed."""
    parent = os.path.dirname(path) or "."
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".extract-", dir=parent)
    try:
        root = os.path.realpath(staging)
        extractor(file_path, root)
        _check_links(root, file_path)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(root, 0o777 & ~mask)  # mkdtemp made it private
        place(root, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def extract_archive(file_path: Any, path: Any = ".",
                    archive_format: str | list[str] | None = "auto") -> bool:
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
        UnsafeArchiveError: a member or link would land outside `path`
            (nothing is written then).
    """
    file_path = os.fspath(file_path)
    extractor = _extractor(file_path, archive_format)
    if extractor is None:
        return False
    _staged(file_path, os.path.abspath(os.fspath(path)), extractor,
            _move_into)
    return True


def extract_replacing(file_path: Any, path: Any,
                      archive_format: str | list[str] | None = "auto",
                      ) -> bool:
    """Like `extract_archive`, but the extracted tree replaces folder
    `path` as a whole, and only once it is complete: a refused archive
    leaves the previous folder as it was."""
    file_path = os.fspath(file_path)
    extractor = _extractor(file_path, archive_format)
    if extractor is None:
        return False
    _staged(file_path, os.path.abspath(os.fspath(path)), extractor,
            _swap_into)
    return True


def _swap_into(staging: str, path: str) -> None:
    """Puts the staged tree at `path`, the old folder removed after."""
    old = None
    if os.path.lexists(path):
        old = tempfile.mkdtemp(prefix=".extract-old-",
                               dir=os.path.dirname(path))
        old = os.path.join(old, "previous")
        os.replace(path, old)
    os.replace(staging, path)
    os.makedirs(staging, exist_ok=True)  # for the caller's cleanup
    if old is not None:
        shutil.rmtree(os.path.dirname(old), ignore_errors=True)


def _move_into(staging: str, path: str) -> None:
    """Moves the staged tree to `path` (merging into an existing folder)."""
    if not os.path.lexists(path):
        os.replace(staging, path)
        os.makedirs(staging, exist_ok=True)  # for the caller's cleanup
        return
    if os.path.islink(path) or not os.path.isdir(path):
        raise UnsafeArchiveError(
            f"Refusing to extract into {path}: it exists and is not a "
            "folder.")
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
