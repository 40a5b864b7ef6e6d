"""Run a Python script as `python script.py` would, with `keras` served
by kerax.

The script runs unchanged: `sys.argv` is `[script, *args]`, `__name__` is
`"__main__"`, the script's folder is first on `sys.path`, and an uncaught
exception prints the script's traceback (without the runner's frames) and
exits with status 1, as Python does.
"""

import os
import runpy
import sys

from kerax.cli import keras_alias


def _script_traceback(tb, script):
    """`tb` from the first frame of `script` on (the runner's frames and
    runpy's are dropped); `tb` itself if the script never ran."""
    start = tb
    while start is not None:
        if os.path.abspath(start.tb_frame.f_code.co_filename) == script:
            return start
        start = start.tb_next
    return tb


def run_path(script, args=()):
    """Runs the file `script` as `__main__`; returns its exit status."""
    given = os.fspath(script)
    script = os.path.abspath(given)
    if not os.path.isfile(script):
        raise FileNotFoundError(
            f"kerax run: cannot open the script {given!r}: no such file."
        )
    keras_alias.install()
    sys.argv = [given, *args]
    sys.path.insert(0, os.path.dirname(script))
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - printed, as Python does
        tb = _script_traceback(error.__traceback__, script)
        sys.excepthook(type(error), error.with_traceback(tb), tb)
        return 1
    return 0


def run_module(module, args=()):
    """Runs the module `module` as `python -m module` would; its status."""
    keras_alias.install()
    sys.argv = [module, *args]
    sys.path.insert(0, os.getcwd())
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as error:  # noqa: BLE001 - printed, as Python does
        sys.excepthook(type(error), error, error.__traceback__)
        return 1
    return 0
