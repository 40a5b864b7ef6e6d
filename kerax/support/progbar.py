"""`Progbar`: the progress bar `fit`, `evaluate` and `predict` print.

The layout is Keras 3's, character for character (bold counter, green/grey
`━` bar, ETA or elapsed seconds, time per unit in `s`/`ms`/`us`, then
` - name: value` for each metric in the order first seen). Two deliberate
differences, both about where the text goes rather than what it says:

- In-place redrawing (`\\b` and `\\r`) is used only when stdout is a
  terminal, a notebook kernel is loaded, or `PYCHARM_HOSTED` is set. Keras
  also treats every POSIX system as interactive, so piping its output to a
  file writes every intermediate redraw; here, when stdout is not
  interactive, intermediate updates print nothing and only the final line
  of each bar is written (no per-batch flooding of log files).
- Values are converted to Python numbers only when a line is rendered, so
  JAX scalars handed over per step are not pulled to the host per step.
"""

import math
import os
import sys
import time
from collections.abc import Iterable
from typing import Any

import numpy as np

from kerax.support.output import BAR_CHAR, write
from kerax.support.terminal import sgr, visible_length

_BOLD, _GREEN, _GREY = "1", "32", "37"  # ANSI codes


def _stdout_is_interactive() -> bool:
    stream = sys.stdout
    isatty = getattr(stream, "isatty", None)
    try:
        if isatty is not None and isatty():
            return True
    except ValueError:  # a closed stream
        return False
    return "ipykernel" in sys.modules or "PYCHARM_HOSTED" in os.environ


def _mean(total: Any) -> Any:
    # Keras averages array-valued entries; a float stays as it is.
    if isinstance(total, float):
        return total
    return np.mean(np.asarray(total))


def _format_duration_per_unit(seconds: float, unit_name: str) -> str:
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"


def _format_eta(eta: float) -> str:
    if eta > 3600:
        hours, rest = eta // 3600, eta % 3600
        return f"{int(hours)}:{int(rest // 60):02d}:{int(eta % 60):02d}"
    if eta > 60:
        return f"{int(eta // 60)}:{int(eta % 60):02d}"
    return f"{int(eta)}s"


class Progbar:
    """Displays a progress bar, Keras style.

    Metrics passed to `update` are averaged over the steps seen (weighted by
    the number of steps each update covers), except those named in
    `stateful_metrics`, which are shown as given. `stateless_metrics`
    inverts the default: only the names listed are averaged.

    Args:
        target: total number of steps expected, or `None` if unknown.
        width: width of the bar in characters. Defaults to 20.
        verbose: 0 (silent), 1 (a bar redrawn in place) or 2 (one line
            when the bar completes). Defaults to 1.
        interval: minimum number of seconds between two redraws. Defaults
            to 0.05.
        stateful_metrics: names of metrics shown as-is (not averaged).
        unit_name: what a step is called in the time-per-unit field.
            Defaults to `"step"`.
        stateless_metrics: names of metrics to average, all others being
            shown as-is. Give at most one of the two lists.

    >>> bar = Progbar(target=3, verbose=2)
    >>> for step in range(3):
    ...     bar.update(step + 1, values=[("loss", 0.5)])  # doctest: +ELLIPSIS
    3/3 - ...
    """

    def __init__(
        self,
        target: int | None,
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        stateless_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
    ) -> None:
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Progbar accepts `stateful_metrics` or `stateless_metrics`, "
                "not both. Received: "
                f"stateful_metrics={stateful_metrics}, "
                f"stateless_metrics={stateless_metrics}"
            )
        if verbose not in (0, 1, 2):
            raise ValueError(
                f"Expected `verbose` to be 0, 1 or 2. Received: "
                f"verbose={verbose}"
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics: set[str] | None = None
            self.stateless_metrics: set[str] | None = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None
        self._dynamic_display = _stdout_is_interactive()
        # name -> [total, weight]; totals stay unconverted until rendered.
        self._values: dict[str, list[Any]] = {}
        self._values_order: list[str] = []
        self._seen_so_far = 0
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step: float | None = None
        self._prev_total_width = 0

    def _is_averaged(self, name: str) -> bool:
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        assert self.stateless_metrics is not None  # one of the two is set
        return name in self.stateless_metrics

    def _record(self, current: int, values: Iterable[tuple[str, Any]],
                finalize: bool) -> None:
        for name, value in values:
            if name not in self._values_order:
                self._values_order.append(name)
            if not self._is_averaged(name) or finalize:
                # A final value replaces the running average, as in Keras.
                self._values[name] = [value, 1]
                continue
            steps = max(current - self._seen_so_far, 1)
            entry = self._values.get(name)
            if entry is None:
                self._values[name] = [value * steps, steps]
            else:
                entry[0] = entry[0] + value * steps
                entry[1] += steps

    def update(self, current: int,
               values: Iterable[tuple[str, Any]] | None = None,
               finalize: bool | None = None) -> None:
        """Moves the bar to step `current` and records metric values.

        Args:
            current: index of the current step (1-based count of steps done).
            values: list of `(name, value)` pairs for the latest step(s).
            finalize: whether this is the bar's last update. Defaults to
                `current >= target` (never, when the target is unknown).
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._record(current, values or (), finalize)
        self._seen_so_far = current
        now = time.time()
        time_per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if not finalize and (
                now - self._last_update < self.interval
                or not self._dynamic_display
            ):
                return
            self._render_bar(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize:
            self._render_line(current, now, time_per_unit)
        self._last_update = now

    def add(self, n: int,
            values: Iterable[tuple[str, Any]] | None = None) -> None:
        """Advances the bar by `n` steps (see `update`)."""
        self.update(self._seen_so_far + n, values)

    def _metrics_text(self, small_uses_abs: bool) -> str:
        text = ""
        for name in self._values_order:
            total, weight = self._values[name]
            average = _mean(total) / max(1, weight)
            # Keras tests `abs(avg)` on the bar but `avg` on the epoch line.
            magnitude = abs(average) if small_uses_abs else average
            if magnitude > 1e-3:
                text += f" - {name}: {average:.4f}"
            else:
                text += f" - {name}: {average:.4e}"
        return text

    def _render_bar(self, current: int, now: float, time_per_unit: float,
                    finalize: bool) -> None:
        prefix = ""
        if self._dynamic_display:
            prefix = "\b" * self._prev_total_width + "\r"
        if self.target is not None and self.target > 0:
            digits = int(math.log10(self.target)) + 1
            counter = f"%{digits}d/%d" % (current, self.target)
            bar = sgr(counter, _BOLD) + " "
            filled = int(self.width * (float(current) / self.target))
            if filled > 0:
                bar += sgr(BAR_CHAR * filled, _GREEN)
            bar += sgr(BAR_CHAR * (self.width - filled), _GREY)
        else:
            bar = f"{int(current):7d}/Unknown"
        if self.target is not None and self.target > 0 and not finalize:
            eta = time_per_unit * (self.target - current)
            info = " " + sgr(_format_eta(eta), _BOLD)
        else:
            info = " " + sgr(f"{now - self._start:.0f}s", _BOLD)
        tail = _format_duration_per_unit(time_per_unit, self.unit_name)
        tail += self._metrics_text(small_uses_abs=True)
        # Escape codes take no room on screen; the plain tail has none.
        total_width = visible_length(bar + info) + len(tail)
        message = prefix + bar + info + tail
        if self._dynamic_display and self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        if finalize:
            message += "\n"
        write(message)
        self._prev_total_width = total_width

    def _render_line(self, current: int, now: float,
                     time_per_unit: float) -> None:
        if self.target is None or self.target <= 0:
            return
        digits = int(math.log10(self.target)) + 1
        line = f"%{digits}d/%d" % (current, self.target)
        line += f" - {now - self._start:.0f}s"
        line += " -" + _format_duration_per_unit(time_per_unit, self.unit_name)
        line += self._metrics_text(small_uses_abs=False)
        write(line + "\n")

    def _step_duration(self, current: int, now: float) -> float:
        """Seconds per step, ignoring the (compile-heavy) first step."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            duration = (now - self._time_after_first_step) / (current - 1)
        else:
            duration = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return duration
