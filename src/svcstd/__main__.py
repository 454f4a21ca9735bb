"""`python -m svcstd` and the `svcstd` command: start the command line, and leave.

The usual `check` lines are read by `svcstd.check_line`, without typer (about 15
of a one-file run's 83 ms); every other line goes to typer's command line, `svcstd.cli`.

Starting imports typer, click and svcstd's commands: tens of thousands of objects that
live as long as the process, and no garbage. With the collector on, it walked them 38
times while they were imported (5 ms of a one-file run); it is off meanwhile, and what
was imported is then frozen, out of every later collection.

Leaving, the interpreter would free every object one by one and tear each module down:
3.4 ms after a one-file run, more after a large one, for memory the system takes back
anyway. So, as mypy does, the command flushes its output, runs the exit handlers and
ends the process there. `svcstd.cli.main` itself only raises SystemExit, so that tests
and other Python code can call it.
"""

import gc
import os
import sys


def main() -> None:
    args = sys.argv[1:]
    collecting = gc.isenabled()
    gc.disable()
    try:
        import svcstd
        from svcstd.check_line import read

        check_values = read(args)  # None unless a usual `check` line: typer reads it
        if check_values is None:
            from svcstd.cli import main as run
        else:
            # What `check` imports first, imported here with the collector off and then
            # frozen like typer on the other path: 16 young collections (2.7 ms) found
            # nothing to free among them.
            import svcstd.config
            import svcstd.engine
            import svcstd.reporters
            from svcstd.check_command import main as check

            def run() -> None:
                sys.exit(check(check_values, args))

        gc.freeze()
        svcstd._frozen_by_the_command = True
    finally:
        if collecting:
            gc.enable()
    try:
        run()
        code = 0
    except SystemExit as done:
        code = done.code
    _leave(code)


def _leave(code) -> None:
    """`sys.exit(code)`, without the interpreter's teardown when nothing else runs."""
    if not isinstance(code, int):
        if code is not None:
            sys.stderr.write(f"{code}\n")  # what sys.exit does with a message
        code = 0 if code is None else 1
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)  # a thread still running is waited for, as usual
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # the reader left (`svcstd check | head`), or it is closed
        pass
    import atexit

    atexit._run_exitfuncs()  # what the interpreter would run on its way out
    os._exit(code)


if __name__ == "__main__":
    main()
