"""`python -m kerax run` and the `kerax` console script, through
subprocesses (the alias changes `sys.modules`, so it is never installed in
the test process)."""

import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import sys
    import keras
    import keras.backend as K
    import keras.layers.core
    from keras import backend as K2
    from keras.layers import Dense
    from keras.models import Sequential
    import kerax
    import kerax.layers
    assert keras is kerax, keras
    assert Dense is kerax.layers.Dense
    assert K is K2 is kerax.backend
    assert keras.layers.core is kerax.layers.core
    assert Sequential is kerax.Sequential
    assert sys.modules["keras.layers"] is kerax.layers
    assert __name__ == "__main__"
    assert __file__ == sys.argv[0] or __file__.endswith(sys.argv[0])
    print("ARGV", sys.argv[1:])
    model = Sequential([keras.Input((3,)), Dense(2)])
    print("PARAMS", model.count_params())
    if sys.argv[1:] == ["fail"]:
        raise RuntimeError("raised by the script")
    sys.exit(int(sys.argv[1]) if sys.argv[1:] else 0)
""")


def _run(args, tmp_path, command=None):
    command = command or [sys.executable, "-m", "kerax", "run"]
    return subprocess.run(
        command + args, cwd=tmp_path, capture_output=True, text=True,
        timeout=120, env=dict(os.environ, KERAS_BACKEND="jax"),
    )


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "old_script.py"
    path.write_text(SCRIPT)
    return path


def test_run_serves_keras_from_kerax_over_installed_keras(script, tmp_path):
    # Real Keras is installed in the test environment: the alias must win.
    result = _run([script.name, "7", "--flag"], tmp_path)
    assert "ARGV ['7', '--flag']" in result.stdout, result.stderr
    assert "PARAMS 8" in result.stdout
    assert result.returncode == 7


def test_uncaught_exception_prints_the_script_traceback(script, tmp_path):
    result = _run([str(script), "fail"], tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert str(script) in lines[1] and "<module>" in lines[1]
    assert lines[-1] == "RuntimeError: raised by the script"
    assert "script_runner" not in result.stderr
    assert "runpy" not in result.stderr


def test_console_script_and_module_mode(tmp_path):
    (tmp_path / "old_module.py").write_text(
        "import sys, keras, kerax\n"
        "assert keras is kerax and __name__ == '__main__'\n"
        "print('MODULE', sys.argv[1:])\n"
    )
    kerax_bin = os.path.join(os.path.dirname(sys.executable), "kerax")
    if not os.path.exists(kerax_bin):
        pytest.skip("the kerax console script is not installed (pip -e .)")
    result = _run(["run", "-m", "old_module", "x"], tmp_path, [kerax_bin])
    assert result.returncode == 0, result.stderr
    assert "MODULE ['x']" in result.stdout


@pytest.mark.parametrize(
    "args, message, status",
    [
        ([], "usage: kerax run", 2),
        (["go"], "unknown command 'go'", 2),
        (["run", "missing.py"], "cannot open the script 'missing.py'", 2),
        (["run", "-m"], "-m needs a module name", 2),
    ],
)
def test_bad_command_lines(tmp_path, args, message, status):
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys; from kerax.cli import main; sys.exit(main(sys.argv[1:]))",
         *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == status
    assert message in result.stderr


def test_a_keras_module_kerax_lacks_fails_with_a_clear_error(tmp_path):
    (tmp_path / "needs_missing.py").write_text("import keras.no_such_module\n")
    result = _run(["needs_missing.py"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ModuleNotFoundError: No module named 'keras.no_such_module': kerax "
        "serves `keras` imports and has no module 'kerax.no_such_module'.")
