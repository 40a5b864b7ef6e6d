"""Writes tests/xdist_costs.json, the measured cost of each work unit
(a test file; a test of the program tier) that tests/xdist_scheduling.py
hands out longest first, from a run's `--durations=0` report:

    python -m pytest -q --durations=0 > durations.txt
    python tests/xdist_costs.py durations.txt

The figures only order the work (a stale table costs speed, never
correctness).
"""

import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
TABLE = HERE / "xdist_costs.json"
LINE = re.compile(r"^([0-9.]+)s (?:call|setup|teardown)\s+(\S+)$")
# Units below this many seconds are left out (the default cost covers them).
SMALLEST = 2.0


def unit_costs(lines, per_test_files):
    """{work unit: seconds} summed over a `--durations` report's lines."""
    costs = {}
    for line in lines:
        match = LINE.match(line.strip())
        if not match:
            continue
        seconds, nodeid = float(match.group(1)), match.group(2)
        path = nodeid.split("::", 1)[0]
        unit = nodeid if path in per_test_files else path
        costs[unit] = costs.get(unit, 0.0) + seconds
    return {unit: round(s, 1) for unit, s in sorted(costs.items())
            if s >= SMALLEST}


def main(argv):
    sys.path.insert(0, str(HERE))
    from xdist_scheduling import PER_TEST_FILES

    with open(argv[0]) as report:
        costs = unit_costs(report, PER_TEST_FILES)
    TABLE.write_text(json.dumps(costs, indent=0, sort_keys=True) + "\n")
    print(f"{len(costs)} units, {sum(costs.values()):.0f} s -> {TABLE}")


if __name__ == "__main__":
    main(sys.argv[1:])
