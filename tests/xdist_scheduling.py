"""How `pytest -n N --dist loadfile` (the suite's default, pyproject.toml)
hands tests to pytest-xdist workers: one test file per work unit, so a
file's module-scoped fixtures (compiled models, Keras oracles) are built
once, except the program tier, whose tests are one subprocess each and run
one per work unit, so both workers share it."""

from xdist.scheduler import LoadFileScheduling

# Files whose tests are independent subprocesses: split per test.
PER_TEST_FILES = ("tests/programs/test_programs.py",)


class FileScheduling(LoadFileScheduling):
    """`--dist loadfile`, with the files of `PER_TEST_FILES` split per test."""

    def _split_scope(self, nodeid: str) -> str:
        scope = super()._split_scope(nodeid)
        return nodeid if scope in PER_TEST_FILES else scope


def make_scheduler(config, log):
    """The scheduler for `--dist loadfile`; None (xdist's own) otherwise."""
    if config.getoption("dist") == "loadfile":
        return FileScheduling(config, log)
    return None
