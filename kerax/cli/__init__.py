"""The `kerax` command line (`python -m kerax ...` or `kerax ...`).

    kerax run script.py [args ...]   run a Keras 2 or Keras 3 script with
                                     `import keras` served by kerax
    kerax run -m module [args ...]   the same for `python -m module`
"""

import sys

USAGE = (
    "usage: kerax run script.py [args ...]\n"
    "       kerax run -m module [args ...]\n"
    "Runs a Keras script unchanged, with `import keras` served by kerax."
)


def main(argv=None):
    """Entry point; returns the exit status (the script's, for `run`)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command != "run":
        print(f"kerax: unknown command {command!r}. Expected: run.\n"
              f"{USAGE}", file=sys.stderr)
        return 2
    if not rest or rest[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if rest else sys.stderr)
        return 0 if rest else 2
    from kerax.cli import script_runner

    if rest[0] == "-m":
        if len(rest) < 2:
            print("kerax run: -m needs a module name.\n" + USAGE,
                  file=sys.stderr)
            return 2
        return script_runner.run_module(rest[1], rest[2:])
    try:
        return script_runner.run_path(rest[0], rest[1:])
    except FileNotFoundError as error:
        if error.filename is not None:
            raise
        print(error, file=sys.stderr)
        return 2
