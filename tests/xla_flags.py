"""XLA flags of the test run (set by tests/conftest.py) and of the
subprocesses tests start.

The suite compiles thousands of small programs and runs most of them once:
XLA's backend (LLVM) optimisations cost more compile time than they save in
run time, so tests compile at level 0 (`TEST_FLAG`). The HLO passes are the
same; results differ from the default level by float rounding at most
(LLVM contracts multiply-adds differently: 2e-7 relative on a small CNN's
predictions after 3 epochs). The program tier (tests/programs) takes the
flag out again: its programs run real epochs at the default level, like
users'. A level already in XLA_FLAGS is left as it is.
"""

from __future__ import annotations

import os

TEST_FLAG = "--xla_backend_optimization_level=0"
_LEVEL = "--xla_backend_optimization_level"
_DEVICES = "--xla_force_host_platform_device_count"


def set_test_level() -> None:
    """Adds `TEST_FLAG` to `XLA_FLAGS` unless a level is already set; must
    run before JAX makes its CPU client."""
    flags = os.environ.get("XLA_FLAGS", "")
    if _LEVEL not in flags:
        os.environ["XLA_FLAGS"] = " ".join(filter(None, [flags, TEST_FLAG]))


def _kept(drop: str) -> list[str]:
    return [flag for flag in os.environ.get("XLA_FLAGS", "").split()
            if not flag.startswith(drop)]


def with_devices(count: int) -> str:
    """`XLA_FLAGS` for a subprocess with `count` host devices, keeping this
    run's other flags (the test level among them)."""
    return " ".join(_kept(_DEVICES) + [f"{_DEVICES}={count}"])


def default_level() -> str:
    """`XLA_FLAGS` without this run's optimisation level (the program
    tier's); may be empty."""
    return " ".join(_kept(_LEVEL))
