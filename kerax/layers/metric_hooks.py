"""What layers need of metrics, as registration points: `kerax.metrics`
sits above `kerax.layers` and fills them when imported (`kerax/__init__`
imports it).

- `is_metric(value)`: whether a layer attribute is a metric (what
  `Layer.metrics` collects); no metric exists before `kerax.metrics` is
  imported, so an empty registry answers False correctly.
- `new_mean_metric(name)`: the `Mean` metric Keras 2's `add_metric` fills.

>>> import kerax
>>> is_metric(kerax.metrics.Mean()), is_metric(3.0)
(True, False)
>>> type(new_mean_metric("m")).__name__
'Mean'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_METRIC_BASES: list[type] = []
_MEAN_FACTORY: list[Callable[[str], Any]] = []


def register_metric_base(cls: type) -> None:
    """Makes instances of `cls` count as metrics (`kerax.metrics.Metric`)."""
    if cls not in _METRIC_BASES:
        _METRIC_BASES.append(cls)


def register_mean_metric(factory: Callable[[str], Any]) -> None:
    """`factory(name)` makes the metric `add_metric` averages values in."""
    _MEAN_FACTORY[:] = [factory]


def is_metric(value: Any) -> bool:
    """True for an instance of a registered metric class."""
    return bool(_METRIC_BASES) and isinstance(value, tuple(_METRIC_BASES))


def new_mean_metric(name: str) -> Any:
    """A new `Mean` metric called `name`."""
    if not _MEAN_FACTORY:
        raise RuntimeError(
            "add_metric: no Mean metric is registered; `import kerax` "
            "(which imports kerax.metrics) before calling it.")
    return _MEAN_FACTORY[0](name)
