"""Opening HDF5 files from others without reading outside them.

HDF5 can make a file read other files: a dataset may keep its bytes in an
external raw file (`external=[(path, offset, size)]`), a virtual dataset
maps other files' datasets, and an external link names an object in
another file. h5py follows all of these when data is read, so a crafted
weights file could load `/etc/passwd` (or block forever on a FIFO) as a
kernel. `open_h5` opens a file read-only and walks every link before
anything is read, refusing all three (soft links stay inside the file and
are allowed).

>>> import io, h5py
>>> buffer = io.BytesIO()
>>> with h5py.File(buffer, "w") as f:
...     _ = f.create_dataset("vars/0", data=[1.0, 2.0])
>>> with open_h5("w.h5", buffer) as f:
...     f["vars/0"][()].tolist()
[1.0, 2.0]
"""

from __future__ import annotations

from typing import Any

import h5py

from kerax.support.file_errors import FileFormatError


def _problem(name: str, obj: Any) -> str | None:
    """What is wrong with dataset `obj`, or None."""
    if not isinstance(obj, h5py.Dataset):
        return None
    if obj.is_virtual:
        return f"dataset '/{name}' is a virtual dataset that maps other files"
    if obj.external:
        return (f"dataset '/{name}' stores its data in external file "
                f"'{obj.external[0][0]}'")
    return None


def check_contained(filepath: Any, h5: Any) -> None:
    """Raises `FileFormatError` naming the first link or dataset of open
    file `h5` that would read another file. HDF5's object walk follows
    hard links only, so nothing outside the file is opened here."""
    groups, problems = [("", h5)], []

    def visit(name: str, obj: Any) -> Any:
        if isinstance(obj, h5py.Group):
            groups.append((name, obj))
        problem = _problem(name, obj)
        if problem:
            problems.append(problem)
            return True
        return None

    h5.visititems(visit)
    for name, group in groups:
        for key in group:
            link = group.get(key, getlink=True)
            if isinstance(link, h5py.ExternalLink):
                path = f"{name}/{key}" if name else key
                problems.append(
                    f"'/{path}' is an external link to '{link.path}' in "
                    f"file '{link.filename}'")
                break
    if problems:
        raise FileFormatError(
            filepath, f"{problems[0]}; HDF5 weights must be stored inside "
            "the file, and kerax does not read other files")


def open_h5(filepath: Any, fileobj: Any = None) -> Any:
    """`h5py.File` opened read-only from `fileobj` (or `filepath`), checked
    with `check_contained`; any HDF5 problem is a `FileFormatError`."""
    try:
        h5 = h5py.File(fileobj if fileobj is not None else filepath, "r")
    except Exception as error:  # noqa: BLE001 - h5py raises many kinds
        raise FileFormatError(
            filepath, f"not a readable HDF5 file ({error})") from None
    try:
        check_contained(filepath, h5)
    except FileFormatError:
        h5.close()
        raise
    except Exception as error:  # noqa: BLE001 - corrupt link tables
        h5.close()
        raise FileFormatError(
            filepath, f"corrupt HDF5 structure ({type(error).__name__}: "
            f"{error})") from None
    return h5
