"""``python -m launchpad`` and the ``launchpad`` script.

``launchpad --help``, ``-h`` and ``--version`` are answered here, before typer and click
are imported (they are most of the start-up cost): the root listing builds no command,
so it needs only :data:`COMMANDS` and a few lines laid out as click lays them out. A
test holds this output equal to click's at every terminal width.
"""

import gc
import sys

# Each command's module is imported when the command runs (or shows its own help), not
# before: the root help lists the commands from these first lines of their help, so
# `launchpad --help` builds no command. A test checks them against the commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "update": (
        "new",
        "Apply the current template release to a repository made by `launchpad new`.",
    ),
    "new": (
        "new",
        "Scaffold a research-artifact repository: package, tests, docs, CI, first commit.",
    ),
    "score-idea": (
        "ideas",
        "Score an idea on frontier, fanout and headroom, with the evidence behind each.",
    ),
    "ideas": ("ideas", "Work with research ideas: the backtest behind the frontier score."),
    "corpus": ("corpus", "Build, inspect and search the corpus of arXiv abstracts."),
    "milestones": ("milestones", "Measure a repository against open-source milestones 0-6."),
}
HELP = "Turn a research direction into a maintained open-source artifact."
VERSION_HELP = "Show the version."
VERBOSE_HELP = "Show tracebacks and debug detail."
_OPTIONS = (
    ("--version", VERSION_HELP),
    ("-v, --verbose", VERBOSE_HELP),
    ("-h, --help", "Show this message and exit."),
)


def short_help(text: str, limit: int) -> str:
    """Click's ``make_default_short_help`` for one line: whole up to its first full stop
    within ``limit``, else cut at a word with "..."."""
    words = text.split()
    total = 0
    for i, word in enumerate(words):
        total += len(word) + (i > 0)
        if total > limit:
            break
        if word.endswith("."):
            return " ".join(words[: i + 1])
        if total == limit and i != len(words) - 1:
            break
    else:
        return " ".join(words)
    total += 3
    while i > 0:
        total -= len(words[i]) + 1
        if total <= limit:
            break
        i -= 1
    return " ".join(words[:i]) + "..."


def root_help() -> str:
    """The root ``--help`` exactly as click formats it for this terminal's width."""
    import shutil
    import textwrap

    width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    lines = ["Usage: launchpad [OPTIONS] COMMAND [ARGS]...", ""]
    lines += textwrap.wrap(HELP, width, initial_indent="  ", subsequent_indent="  ")
    commands = [
        (name, short_help(line, width - 6 - max(map(len, COMMANDS))))
        for name, (_, line) in COMMANDS.items()
    ]
    for title, rows in (("Options", _OPTIONS), ("Commands", commands)):
        first = max(len(name) for name, _ in rows) + 2
        lines += ["", f"{title}:"]
        for name, text in rows:
            wrapped = textwrap.wrap(text, max(width - first - 2, 10)) or [""]
            lines.append(f"  {name:<{first}}{wrapped[0]}")
            lines += [" " * (first + 2) + more for more in wrapped[1:]]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the command line; Ctrl-C while it is still importing exits 130 without a traceback.

    The root command maps Ctrl-C to 130 once it runs; before that, the imports of typer,
    click and the command modules take a noticeable moment in which a KeyboardInterrupt
    would otherwise end in Python's traceback.
    """
    args = sys.argv[1:]
    if args in (["--help"], ["-h"]):
        sys.stdout.write(root_help())
        return
    if args == ["--version"]:
        from launchpad import __version__

        sys.stdout.write(f"launchpad {__version__}\n")
        return
    try:
        from launchpad.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    try:
        run()
    finally:
        # Python's shutdown runs the cycle collector over every object still alive (all
        # the imported modules): about 30 ms of a cold command. Frozen objects are left
        # out of it; reference counting still releases them, and every file launchpad
        # writes is closed before this point.
        gc.freeze()


if __name__ == "__main__":
    main()
