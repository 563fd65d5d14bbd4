"""Writing a file so that a failure half-way never destroys what was there."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

__all__: list[str] = []


def _new_file_mode() -> int:
    """The permissions `open` gives a new file: ``0o666`` less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A UTF-8 text file (lines ending in ``\\n``) to write ``path`` through, as `replacing_bytes` does."""
    with _replacing(path, "w", "utf-8", "\n") as file:
        yield file


@contextlib.contextmanager
def replacing_bytes(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: written beside it, renamed over it once the block has run
    without error, deleted otherwise.

    So a run that fails half-way (a problem found late in a streamed file, a
    full disk, an interruption) neither leaves a file that looks whole nor
    destroys the one that was there, and reading a file while writing its
    replacement is safe.  The new file keeps the old one's permissions; a
    symbolic link keeps pointing at it.  What cannot be replaced by renaming
    (a pipe, a device such as ``/dev/stdout``) is written directly.
    """
    with _replacing(path, "wb") as file:
        yield file


@contextlib.contextmanager
def _replacing(
    path: str | os.PathLike[str], mode: str, encoding: str | None = None, newline: str | None = None
) -> Iterator[Any]:
    given = Path(path)
    if given.exists() and not given.is_file():  # a pipe, a device, a directory (whose opening fails)
        # opened by the name given: /dev/stdout on a pipe resolves to /proc/…/fd/pipe:[N], which no path reaches
        with given.open(mode, encoding=encoding, newline=newline) as direct:
            yield direct
        return
    target = Path(os.path.realpath(path))  # through symbolic links: the file they point at is replaced
    permissions = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    temporary = Path(name)
    try:
        temporary.chmod(permissions)
        with open(handle, mode, encoding=encoding, newline=newline) as file:  # noqa: PTH123 - a descriptor
            yield file
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
