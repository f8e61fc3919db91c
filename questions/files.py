"""Reading a file someone named: a regular file only, never blocking, size-limited.

Banks and response CSVs are named by users (a folder listing, a command line), so the
name may be a directory, a dangling symbolic link or a FIFO that would block a reader
forever. `read_regular_file` opens without blocking and checks what it opened before
reading, so each of those is refused with a reason instead of a traceback or a hang.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFile(ValueError):
    """A file that cannot be read as a regular file; the message says why."""


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def read_regular_file(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file; UnreadableFile when it is anything else or too large.

    >>> read_regular_file("questions")
    Traceback (most recent call last):
    ...
    questions.files.UnreadableFile: cannot read the file: it is a directory, not a file
    >>> read_regular_file("no-such-file.yaml")
    Traceback (most recent call last):
    ...
    questions.files.UnreadableFile: cannot read the file (No such file or directory)
    """
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            raise UnreadableFile(
                "cannot read the file: a symbolic link to a file that does not exist"
            ) from None
        raise UnreadableFile(f"cannot read the file ({exc.strerror})") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
        raise UnreadableFile(f"cannot read the file: it is {kind}, not a file")
    with os.fdopen(descriptor, "rb") as opened:
        data = opened.read() if max_bytes is None else opened.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        size = max(len(data), os.path.getsize(path))
        raise UnreadableFile(f"file is {size:,} bytes; the limit is {max_bytes:,}")
    return data
