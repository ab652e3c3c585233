"""``python -m launchpad`` and the ``launchpad`` script."""

import sys


def main() -> None:
    """Run the command line; Ctrl-C while it is still importing exits 130 without a traceback.

    The root command maps Ctrl-C to 130 once it runs; before that, the imports of typer,
    click and the command modules take a noticeable moment in which a KeyboardInterrupt
    would otherwise end in Python's traceback.
    """
    try:
        from launchpad.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
