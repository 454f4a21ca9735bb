"""`python -m svcstd` and the `svcstd` command: start the command line.

Starting it imports typer, click and svcstd's commands: tens of thousands of objects
that live as long as the process, and no garbage. With the collector on, it walked them
38 times while they were imported (5 ms of a one-file run); it is off meanwhile, and
what was imported is then frozen, out of every later collection.
"""

import gc


def main() -> None:
    collecting = gc.isenabled()
    gc.disable()
    try:
        import svcstd
        from svcstd.cli import main as run

        gc.freeze()
        svcstd._frozen_by_the_command = True
    finally:
        if collecting:
            gc.enable()
    run()


if __name__ == "__main__":
    main()
