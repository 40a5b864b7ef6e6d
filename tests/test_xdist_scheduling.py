"""The suite's pytest-xdist scheduling (tests/xdist_scheduling.py)."""

import json

from xdist_costs import unit_costs
from xdist_scheduling import LongestFirst, load_costs


def test_longest_unit_leaves_the_queue_first():
    queue = LongestFirst({"tests/a.py": 5.0, "tests/b.py": 50.0})
    queue["tests/a.py"] = {"tests/a.py::t": False}
    queue["tests/c.py"] = {f"tests/c.py::t{i}": False for i in range(400)}
    queue["tests/b.py"] = {"tests/b.py::t": False}
    # c.py is not in the table: 400 tests at the default 0.3 s = 120 s.
    assert [queue.popitem(last=False)[0] for _ in range(3)] == [
        "tests/c.py", "tests/b.py", "tests/a.py"]
    assert not queue


def test_missing_or_broken_table_means_no_costs(tmp_path):
    assert load_costs(tmp_path / "absent.json") == {}
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    assert load_costs(broken) == {}
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"tests/a.py": 3}))
    assert load_costs(good) == {"tests/a.py": 3.0}


def test_costs_sum_a_durations_report_per_unit():
    report = [
        "1.50s call     tests/a.py::test_one",
        "1.00s setup    tests/a.py::test_one",
        "4.00s call     tests/p.py::test_program[x.py]",
        "0.10s call     tests/small.py::test_tiny",
        "12 passed in 3.00s",
    ]
    assert unit_costs(report, ("tests/p.py",)) == {
        "tests/a.py": 2.5, "tests/p.py::test_program[x.py]": 4.0}
