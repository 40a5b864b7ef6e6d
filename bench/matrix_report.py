"""Pure helpers of the workload matrix: medians, ratios, Markdown tables,
the worst and best cell, and where a new run section goes in RESULTS.md.

Nothing here runs a benchmark; bench/matrix.py feeds it the worker results
(one dict per run: mode, cell, rows, framework and the worker's JSON, or an
`error`), and tests/bench/test_matrix_report.py checks it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence

# (summary key, label) of the three ratios, each keras / kerax.
RATIOS = (("ratio", "steady time"), ("first_ratio", "first call"),
          ("rss_ratio", "peak RSS"))


def median(values: Iterable[float | None]) -> float | None:
    """Median of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def ratio(keras: float | None, kerax: float | None) -> float | None:
    """keras / kerax (above 1: kerax faster or smaller); None if unknown."""
    if keras is None or kerax is None or kerax <= 0:
        return None
    return keras / kerax


def summarize(runs: Sequence[dict]) -> list[dict]:
    """One row per (mode, cell, rows), in first-seen order: the medians of
    each framework's repeats and the keras / kerax ratios."""
    groups: dict[tuple, dict[str, list[dict]]] = {}
    for run in runs:
        key = (run["mode"], run["cell"], run["rows"])
        groups.setdefault(key, {}).setdefault(run["framework"], []).append(
            run)
    rows = []
    for (mode, cell, size), by_framework in groups.items():
        row = {"mode": mode, "cell": cell, "rows": size, "errors": 0}
        for framework in ("kerax", "keras"):
            done = by_framework.get(framework, [])
            ok = [r for r in done if "error" not in r]
            row["errors"] += len(done) - len(ok)
            row[f"{framework}_n"] = len(ok)
            for metric in ("time_s", "first_s", "peak_rss_mb"):
                row[f"{framework}_{metric}"] = median(
                    r.get(metric) for r in ok)
        row["ratio"] = ratio(row["keras_time_s"], row["kerax_time_s"])
        row["first_ratio"] = ratio(row["keras_first_s"],
                                   row["kerax_first_s"])
        row["rss_ratio"] = ratio(row["keras_peak_rss_mb"],
                                 row["kerax_peak_rss_mb"])
        rows.append(row)
    return rows


def extremes(rows: Sequence[dict], key: str) -> tuple[dict, dict] | None:
    """(worst, best) row by `key` (a keras / kerax ratio), or None if no
    row has that ratio. Ties keep the earlier row."""
    known = [r for r in rows if r.get(key) is not None]
    if not known:
        return None
    return (min(known, key=lambda r: r[key]),
            max(known, key=lambda r: r[key]))


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def fmt_mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def cell_rows(row: dict) -> str:
    """The data size a row ran on, as the table shows it."""
    if row["cell"] == "predict_batch":
        return f"{row['rows']:,} (one batch)"
    if row["cell"] == "predict_odd":
        return f"{row['rows'] + 1:,}"
    return f"{row['rows']:,}"


def describe(row: dict, key: str) -> str:
    return f"`{row['cell']}` at {cell_rows(row)} rows, {fmt_ratio(row[key])}"


def matrix_table(rows: Sequence[dict]) -> list[str]:
    """Markdown table of one mode's rows; the worst and best steady-time
    ratios are bold and labelled."""
    marks = {}
    found = extremes(rows, "ratio")
    if found and found[0] is not found[1]:
        marks = {id(found[1]): "best", id(found[0]): "worst"}
    lines = [
        ("| cell | rows | kerax | keras | keras / kerax | first call kerax "
        "| first call keras | keras / kerax | peak RSS kerax MB "
        "| keras MB | keras / kerax |"),
        "|---" * 11 + "|",
    ]
    for row in rows:
        steady = fmt_ratio(row["ratio"])
        if id(row) in marks:
            steady = f"**{steady}** ({marks[id(row)]})"
        cells = [
            f"`{row['cell']}`", cell_rows(row),
            fmt_seconds(row["kerax_time_s"]), fmt_seconds(row["keras_time_s"]),
            steady, fmt_seconds(row["kerax_first_s"]),
            fmt_seconds(row["keras_first_s"]), fmt_ratio(row["first_ratio"]),
            fmt_mb(row["kerax_peak_rss_mb"]), fmt_mb(row["keras_peak_rss_mb"]),
            fmt_ratio(row["rss_ratio"]),
        ]
        if row["errors"]:
            cells[0] += f" ({row['errors']} failed)"
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def extremes_lines(rows: Sequence[dict]) -> list[str]:
    """One line per ratio naming its worst and best cell."""
    lines = []
    for key, label in RATIOS:
        found = extremes(rows, key)
        if found and found[0] is found[1]:
            lines.append(f"- {label}: only {describe(found[0], key)}.")
        elif found:
            worst, best = found
            lines.append(f"- {label}: worst {describe(worst, key)}; "
                         f"best {describe(best, key)}.")
    return lines


def first_epoch_table(summaries: Sequence[dict]) -> list[str]:
    """Markdown table of bench/bench_first_epoch.py's `--json` lines."""
    lines = [
        ("| framework | cold first epoch | warm first epoch | steady epoch "
        "| cold / steady | warm / steady | warm cache hits / misses |"),
        "|---" * 7 + "|",
    ]
    for s in summaries:
        hits = s.get("warm_hits")
        cache = "-" if hits is None else f"{hits:g} / {s['warm_misses']:g}"
        lines.append("| " + " | ".join([
            s["framework"], fmt_seconds(s.get("cold_first_epoch_s")),
            fmt_seconds(s.get("warm_first_epoch_s")),
            fmt_seconds(s.get("warm_steady_epoch_s")),
            fmt_ratio(s.get("cold_first_over_steady")),
            fmt_ratio(s.get("warm_first_over_steady")), cache]) + " |")
    return lines


def next_run_name(text: str) -> str:
    """The letter after the highest `## Run X` heading (A if none)."""
    letters = re.findall(r"^## Run ([A-Z])\b", text, flags=re.MULTILINE)
    if not letters:
        return "A"
    top = max(letters)
    return "Z" if top == "Z" else chr(ord(top) + 1)


def insert_section(text: str, section: str) -> str:
    """`text` with `section` placed before its first `## ` heading (the
    newest run comes first), or appended when it has none."""
    section = section.rstrip("\n") + "\n"
    if not text.strip():
        return section
    match = re.search(r"^## ", text, flags=re.MULTILINE)
    if match is None:
        return text.rstrip("\n") + "\n\n" + section
    return text[:match.start()] + section + "\n" + text[match.start():]
