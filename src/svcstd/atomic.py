"""Writing a user's file all at once or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def write_text_atomically(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    A crash or a full disk leaves the old file (or none), never half of the new one.
    """
    with open_atomically(path, encoding) as stream:
        stream.write(text)


@contextlib.contextmanager
def open_atomically(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream to a temporary file beside `path`, renamed over `path` when the block
    ends normally, deleted when it raises: for documents too large to build in memory."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
