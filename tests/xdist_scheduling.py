"""How `pytest -n N --dist loadfile` (the suite's default, pyproject.toml)
hands tests to pytest-xdist workers: one test file per work unit, so a
file's module-scoped fixtures (compiled models, Keras oracles) are built
once, except the program tier, whose tests are one subprocess each and run
one per work unit, so both workers share it.

Units go out longest first (the costs measured in tests/xdist_costs.json,
refreshed with tests/xdist_costs.py; a unit not listed there counts
`DEFAULT_TEST_SECONDS` per test), so the run ends on short units instead
of one worker finishing a long file while the other waits."""

import json
import pathlib
from collections import OrderedDict

from xdist.scheduler import LoadFileScheduling

# Files whose tests are independent subprocesses: split per test.
PER_TEST_FILES = ("tests/programs/test_programs.py",)
COSTS = pathlib.Path(__file__).resolve().with_name("xdist_costs.json")
DEFAULT_TEST_SECONDS = 0.3


def load_costs(path=COSTS):
    """{work unit: seconds}; empty when the table is missing or unreadable
    (the order then falls back to the test counts)."""
    try:
        return {str(k): float(v) for k, v in json.loads(
            path.read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return {}


class LongestFirst(OrderedDict):
    """xdist's work queue ({unit: {nodeid: done}}) whose front is the unit
    with the highest cost."""

    def __init__(self, costs):
        super().__init__()
        self.costs = costs

    def cost(self, unit):
        known = self.costs.get(unit)
        return known if known is not None else (
            DEFAULT_TEST_SECONDS * len(self[unit]))

    def popitem(self, last=True):
        if last or not self:
            return super().popitem(last)
        unit = max(self, key=self.cost)
        return unit, self.pop(unit)


class FileScheduling(LoadFileScheduling):
    """`--dist loadfile`, with the files of `PER_TEST_FILES` split per test
    and the units handed out longest first."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.workqueue = LongestFirst(load_costs())

    def _split_scope(self, nodeid: str) -> str:
        scope = super()._split_scope(nodeid)
        return nodeid if scope in PER_TEST_FILES else scope


def make_scheduler(config, log):
    """The scheduler for `--dist loadfile`; None (xdist's own) otherwise."""
    if config.getoption("dist") == "loadfile":
        return FileScheduling(config, log)
    return None
