"""Work done on the other core while a small run checks its files.

A one-file run (a pre-commit hook, an editor) checks its file in this process and leaves
the machine's other cores idle, yet must also read every other definition of the
repository for their ids (SVC602): 2,000 files cost as much as the check itself. That
reading is started first, in a forked child, and its answer is collected when the
cross-file pass needs it. A large run without the cache uses it too, at its end: its
data-flow pass runs in a child while the office and id passes run here
(`repository._flows_on_the_other_core`).

Only where fork is safe and cheap (Linux, the runner's rule for its workers) and while no
other thread runs: a forked child holds a copy of the forking thread alone, and a lock
another thread held would stay locked in it. Anywhere else, and whenever the child does
not answer, `start` or `Pending.result` gives None and the caller does the work itself:
the background is never needed to get the right answer, only to get it sooner.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable
from typing import Any


def can_fork() -> bool:
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")  # never imported: no thread was started
    return threading is None or threading.active_count() == 1


class Pending:
    """The answer of a child started by `start`."""

    def __init__(self, pid: int, read_end: int):
        self._pid = pid
        self._read_end: int | None = read_end
        self._value: Any = None

    def result(self) -> Any:
        """The child's value (marshal's types), or None when it gave none. Waits for it
        the first time; the child is reaped then, whatever it answered."""
        if self._read_end is None:
            return self._value
        chunks: list[bytes] | None = []
        try:
            while chunk := os.read(self._read_end, 1 << 16):
                chunks.append(chunk)
        except OSError:
            chunks = None
        finally:
            os.close(self._read_end)
            self._read_end = None
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            status = -1
        if chunks is None or status != 0:
            return None
        try:
            self._value = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            self._value = None
        return self._value


def start(function: Callable[..., Any], *args: Any) -> Pending | None:
    """`function(*args)` computed in a forked child; None when no child can be started
    here. The value must be made of what `marshal` carries (tuples, lists, str, int, None)."""
    if not can_fork():
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        _answer(write_end, read_end, function, args)
    os.close(write_end)
    return Pending(pid, read_end)


def _answer(write_end: int, read_end: int, function: Callable[..., Any], args: tuple) -> None:
    """The child: compute, write, leave. `os._exit`, never a return or an exception: the
    child must not run the parent's code after the fork (its report, its atexit
    handlers, the flushing of its copy of standard output)."""
    code = 1
    try:
        os.close(read_end)
        view = memoryview(marshal.dumps(function(*args)))
        while view:
            view = view[os.write(write_end, view):]
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the parent then does the work itself
        pass
    finally:
        os._exit(code)
