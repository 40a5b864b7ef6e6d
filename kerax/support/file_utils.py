"""`get_file`: download a file once, verify it, cache it, extract it.

Cache layout: `$KERAX_HOME/<cache_subdir>/<fname>` (`KERAX_HOME` defaults to
`~/.kerax`). Before downloading, `get_file` also looks in Keras's cache
(`$KERAS_HOME`, default `~/.keras`, same `cache_subdir`) and uses a file
found there in place, so a machine that already has Keras's datasets never
downloads them twice.

Guarantees: a download lands in `<target>.part`, is resumed with HTTP
`Range` after a dropped connection, retried with exponential backoff, and
is moved into place with `os.replace` only once its hash matches, so the
cache never holds a partial or corrupted file and a good cached file is
never replaced by a bad one.

>>> import os, pathlib, tempfile
>>> src = os.path.join(tempfile.mkdtemp(), "hello.txt")
>>> _ = pathlib.Path(src).write_text("hello")
>>> path = get_file(origin="file://" + src, cache_dir=tempfile.mkdtemp())
... # doctest: +ELLIPSIS
Downloading data from file://...
>>> pathlib.Path(path).read_text()
'hello'
"""

import contextlib
import hashlib
import os
import tempfile
import urllib.parse
import warnings
from typing import Any

from kerax.support import archive_utils, download_utils
from kerax.support.archive_utils import extract_archive  # noqa: F401
from kerax.support.download_utils import DownloadError


def kerax_home() -> str:
    """The kerax cache root: `$KERAX_HOME`, else `~/.kerax`."""
    return os.path.expanduser(os.environ.get("KERAX_HOME") or "~/.kerax")


def keras_home() -> str:
    """Keras's cache root (read only): `$KERAS_HOME`, else `~/.keras`."""
    return os.path.expanduser(os.environ.get("KERAS_HOME") or "~/.keras")


def resolve_hasher(algorithm: str, file_hash: str | None = None) -> str:
    """Returns `"sha256"` or `"md5"`; `"auto"` picks by hash length (64 hex
    digits mean sha256, anything else, or no hash, md5: Keras's rule).

    >>> resolve_hasher("auto", "d41d8cd98f00b204e9800998ecf8427e")
    'md5'
    """
    if algorithm not in ("auto", "sha256", "md5"):
        raise ValueError(
            "`hash_algorithm` must be 'auto', 'sha256' or 'md5'. "
            f"Received: hash_algorithm={algorithm!r}"
        )
    if algorithm == "sha256" or (
        algorithm == "auto" and file_hash is not None and len(file_hash) == 64
    ):
        return "sha256"
    return "md5"


def hash_file(fpath: str, algorithm: str = "sha256",
              chunk_size: int = 1 << 20) -> str:
    """Hex digest of a file (`"sha256"` or `"md5"`, streamed).

    >>> import tempfile
    >>> f = tempfile.NamedTemporaryFile(delete=False); f.close()
    >>> hash_file(f.name, "md5")
    'd41d8cd98f00b204e9800998ecf8427e'
    """
    hasher = hashlib.new(resolve_hasher(algorithm))
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath: str, file_hash: str, algorithm: str = "auto",
                  chunk_size: int = 1 << 20) -> bool:
    """Whether the file's sha256/md5 equals `file_hash` (case-insensitive).

    >>> import tempfile
    >>> f = tempfile.NamedTemporaryFile(delete=False); f.close()
    >>> validate_file(f.name, "d41d8cd98f00b204e9800998ecf8427e")
    True
    """
    algorithm = resolve_hasher(algorithm, file_hash)
    actual = hash_file(fpath, algorithm, chunk_size)
    return actual.lower() == str(file_hash).lower()


def _writable_root(cache_dir: str) -> str:
    root = os.path.expanduser(cache_dir)
    with contextlib.suppress(OSError):
        os.makedirs(root, exist_ok=True)
    if os.path.isdir(root) and os.access(root, os.W_OK):
        return root
    return os.path.join(tempfile.gettempdir(), ".kerax")


def _targets(fname: str, origin: str, extract: bool,
             provided: bool) -> tuple[str, str | None]:
    """(download name, extraction folder name or None), as Keras 3 names
    them: `a.tar.gz` -> (`a.tar.gz`, `a_extracted`); a name without a dot
    -> (`<name>_archive`, `<name>`)."""
    if not extract:
        return fname, None
    head, base = os.path.split(fname)
    if provided and "." in base:
        return fname, os.path.join(head, base[: base.find(".")] + "_extracted")
    return f"{fname}_archive", fname


def _usable(path: str, file_hash: str | None, algorithm: str,
            quiet: bool = False) -> bool:
    if not os.path.isfile(path):
        return False
    if file_hash is None or validate_file(path, file_hash, algorithm):
        return True
    if not quiet:
        print(
            f"A local file was found at {path}, but its "
            f"{resolve_hasher(algorithm, file_hash)} hash does not match "
            f"the expected {file_hash}; it will not be used."
        )
    return False


def cached_path(fname: str, file_hash: str | None = None,
                cache_subdir: str = "datasets", hash_algorithm: str = "auto",
                cache_dir: str | None = None) -> str | None:
    """The path of a verified cached copy of `fname`, or None (no download).

    Looks in `cache_dir` (default `$KERAX_HOME`), then in Keras's cache.

    >>> import tempfile
    >>> cached_path("surely-absent.bin", cache_dir=tempfile.mkdtemp())
    """
    roots = [os.path.expanduser(cache_dir or kerax_home())]
    if cache_dir is None:
        roots.append(keras_home())
    for root in roots:
        path = os.path.join(root, cache_subdir, fname)
        if _usable(path, file_hash, hash_algorithm, quiet=True):
            return path
    return None


def _fetch(origin: str, target: str, fname: str, file_hash: str | None,
           algorithm: str) -> None:
    """Downloads to `<target>.part`, verifies, then moves into place."""
    part = target + ".part"
    print(f"Downloading data from {origin}")
    resumed = os.path.isfile(part) and os.path.getsize(part) > 0
    try:
        download_utils.download(origin, part)
        if resumed and file_hash is not None and not validate_file(
            part, file_hash, algorithm
        ):
            # The partial file left by an earlier call may belong to another
            # version of the file: start over once before giving up.
            print("The resumed download does not match its hash; "
                  "downloading the whole file again.")
            os.remove(part)
            download_utils.download(origin, part)
    except DownloadError as e:
        expected = (
            f"{resolve_hasher(algorithm, file_hash)} {file_hash}"
            if file_hash
            else "(no hash given)"
        )
        raise DownloadError(
            f"Could not download {fname!r} from {origin}: {e}.\n"
            f"Expected hash: {expected}.\n"
            "If this machine is offline, copy the file from another machine "
            f"to {target} (or to the same place under {keras_home()}), "
            "or set KERAX_DATASETS_ORIGIN to a reachable mirror."
        ) from e.__cause__
    if file_hash is not None and not validate_file(part, file_hash, algorithm):
        actual = hash_file(part, resolve_hasher(algorithm, file_hash))
        os.remove(part)
        raise ValueError(
            f"Incomplete or corrupted file detected for {fname!r} downloaded "
            f"from {origin}: the {resolve_hasher(algorithm, file_hash)} hash "
            f"is {actual}, expected {file_hash}. The file was discarded; the "
            "cache is unchanged."
        )
    os.replace(part, target)


def get_file(
    fname: Any = None,
    origin: str | None = None,
    untar: bool = False,
    md5_hash: str | None = None,
    file_hash: str | None = None,
    cache_subdir: str = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format: str | list[str] | None = "auto",
    cache_dir: Any = None,
    force_download: bool = False,
) -> str:
    """Downloads a file from a URL unless it is already cached.

    The file is stored as `<cache_dir>/<cache_subdir>/<fname>`, `cache_dir`
    defaulting to `$KERAX_HOME` (`~/.kerax`). A verified copy already in
    Keras's cache (`$KERAS_HOME` or `~/.keras`) is used in place.

    Args:
        fname: Local file name; default: the last part of `origin`'s path.
            With `extract=True`, a name without a dot names the extraction
            folder. A path (Keras 2 style) is accepted: relative ones are
            taken under the cache folder, absolute ones as they are.
        origin: URL of the file (`http(s)://`, `ftp://` or `file://`).
        untar: Keras 2 spelling of `extract=True` for tar files.
        md5_hash: Keras 2 spelling of `file_hash` with `hash_algorithm="md5"`.
        file_hash: Expected sha256 or md5 hex digest of the file.
        cache_subdir: Folder under the cache root (or an absolute path).
        hash_algorithm: `"auto"` (by digest length), `"sha256"` or `"md5"`.
        extract: Extract the archive (tar or zip, safely) after download.
        archive_format: `"auto"`, `"tar"`, `"zip"`, a list or None.
        cache_dir: Cache root instead of `$KERAX_HOME`.
        force_download: Download again even when a cached copy is valid.

    Returns:
        The path of the file, or of the extraction folder with `extract`.

    Example: `get_file(origin="https://example.com/data.tar.gz",
    extract=True)`; the module docstring has a runnable one.
    """
    if origin is None:
        raise ValueError(
            'Please specify the "origin" argument (URL of the file to '
            "download). Received: origin=None"
        )
    origin = str(origin)
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    resolve_hasher(hash_algorithm, file_hash)  # validates the argument
    provided = fname is not None and str(fname) != ""
    fname = os.fspath(fname) if provided else ""
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(
                "Can't parse the file name from the origin provided. "
                f"Please specify the `fname` argument. Received: "
                f"origin={origin!r}"
            )
    root = _writable_root(cache_dir if cache_dir is not None else kerax_home())
    datadir = os.path.join(root, cache_subdir)
    download_name, extract_name = _targets(fname, origin, extract or untar,
                                           provided)
    target = os.path.join(datadir, download_name)
    os.makedirs(os.path.dirname(target), exist_ok=True)

    extracting = bool(extract or untar)
    archive = target
    downloaded = False
    if force_download or not _usable(target, file_hash, hash_algorithm):
        keras_copy = None
        if not force_download and cache_dir is None:
            if extracting:
                assert extract_name is not None  # `_targets` named it
                keras_dir = os.path.join(keras_home(), cache_subdir,
                                         extract_name)
                if _nonempty_dir(keras_dir):
                    return keras_dir
            keras_copy = cached_path(
                download_name, file_hash, cache_subdir, hash_algorithm,
                cache_dir=keras_home(),
            )
        if keras_copy is not None:
            if not extracting:
                return keras_copy
            archive = keras_copy
        else:
            if not force_download and os.path.isfile(target):
                os.remove(target)  # failed its hash check: never keep it
            _fetch(origin, target, fname, file_hash, hash_algorithm)
            downloaded = True

    if not extracting:
        return target
    assert extract_name is not None  # `_targets` named it
    extraction_dir = os.path.join(datadir, extract_name)
    if downloaded or not _nonempty_dir(extraction_dir):
        if untar:
            archive_format = "tar"
        if not archive_utils.extract_replacing(
            archive, extraction_dir, archive_format
        ):
            warnings.warn(
                f"Could not extract archive {archive}: it is not a "
                f"{archive_format} archive.",
                stacklevel=2,
            )
    return extraction_dir


def _nonempty_dir(path: str) -> bool:
    return os.path.isdir(path) and bool(os.listdir(path))
