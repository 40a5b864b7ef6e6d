"""The workload matrix of issue 18: kerax against Keras 3 (JAX backend) on
the MNIST MLP over the shapes users run (`python bench/run.py --matrix`).

Each cell (bench/matrix_worker.py's CELLS, at each `--sizes` row count)
runs kerax and Keras in fresh subprocesses, alternating kerax, keras,
kerax, keras... `--repeat` times; the report gives each framework's median
steady time, first-call time and peak RSS, and keras / kerax ratios (above
1: kerax faster or smaller). Every worker gets an empty KERAX_HOME and
KERAS_HOME, so first calls compile cold. Modes: `quiet` (nothing added)
and `busy` (one `python -c "while True: pass"` spinning meanwhile). The
`first_epoch` group runs bench/bench_first_epoch.py (cold and warm
compilation cache; kerax, Keras, Keras with JAX's cache, PyTorch).

Writes a dated run section into `--out` (bench/RESULTS.md by default; use
`--out /tmp/x.md` for smoke runs) and the raw runs as JSON in bench/out/.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.metadata
import importlib.util
import json
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
from collections.abc import Iterator

import matrix_report as report
from matrix_worker import BATCH, CELLS

HERE = pathlib.Path(__file__).resolve().parent
PY = sys.executable
GROUPS = (*CELLS, "first_epoch")
SIZES = (1_000, 10_000, 30_000, 60_000)
QUICK_SIZES = (512,)
MODES = ("quiet", "busy")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("workload matrix (issue 18)")
    group.add_argument("--matrix", action="store_true",
                       help="run the workload matrix instead of --cases")
    group.add_argument("--busy", action="store_true",
                       help="matrix with one other process spinning on a "
                       "core (same as --modes busy)")
    group.add_argument("--modes", default=None,
                       help="comma list of quiet,busy (default quiet)")
    group.add_argument("--cells", default="all",
                       help=f"comma list of {','.join(GROUPS)} (default all)")
    group.add_argument("--first-epoch", action="store_true",
                       help="only the first_epoch group (--cells "
                       "first_epoch)")
    group.add_argument("--sizes", default=None,
                       help="comma list of row counts, e.g. 1k,10k,60000 "
                       "(default 1k,10k,30k,60k)")
    group.add_argument("--epochs", type=int, default=None,
                       help="epochs of the timed fit (default: 60k // rows, "
                       "clamped to 3..20)")
    group.add_argument("--quick", action="store_true",
                       help="smoke run: 512 rows, 2 epochs, 1 repeat")


def parse_sizes(text: str) -> list[int]:
    """`"1k,10000"` -> [1000, 10000]; each size must be >= 1."""
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        scale = 1000 if part.endswith("k") else 1
        try:
            value = int(part.removesuffix("k")) * scale
        except ValueError:
            raise ValueError(f"--sizes: {part!r} is not a row count like "
                             "1000 or 10k") from None
        if value < 1:
            raise ValueError(f"--sizes: expected counts >= 1, got {value}")
        sizes.append(value)
    if not sizes:
        raise ValueError("--sizes: expected at least one row count")
    return sizes


def parse_choices(text: str, known: tuple[str, ...], flag: str) -> list[str]:
    """Comma list checked against `known`; "all" means every choice."""
    if text.strip() == "all":
        return list(known)
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in known]
    if unknown or not chosen:
        raise ValueError(f"{flag}: unknown {unknown or chosen}; known: "
                         f"{', '.join(known)}")
    return chosen


def epochs_for(rows: int, override: int | None) -> int:
    """Epochs of the timed fit: enough rows seen to time small sets."""
    if override is not None:
        return override
    return max(3, min(20, 60_000 // rows))


def plan(cells: list[str], sizes: list[int]) -> list[tuple[str, int]]:
    """(cell, rows) pairs to run; the one-batch cell runs once."""
    pairs = []
    for cell in cells:
        if cell == "first_epoch":
            continue
        if cell == "predict_batch":
            pairs.append((cell, BATCH))
        else:
            pairs.extend((cell, rows) for rows in sizes)
    return pairs


def run_worker(framework: str, cell: str, rows: int, epochs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="kerax-matrix-") as home:
        env = dict(os.environ, KERAX_HOME=home, KERAS_HOME=home)
        for name in ("JAX_COMPILATION_CACHE_DIR", "KERAX_COMPILATION_CACHE"):
            env.pop(name, None)
        done = subprocess.run(
            [PY, str(HERE / "matrix_worker.py"), framework, cell, str(rows),
             str(epochs)],
            env=env, capture_output=True, text=True, timeout=1800,
            check=False)
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def load(mode: str) -> Iterator[None]:
    """In `busy` mode, one process spins on a core while the body runs."""
    if mode != "busy":
        yield
        return
    spinner = subprocess.Popen([PY, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


def run_cells(mode: str, pairs: list[tuple[str, int]], repeat: int,
              epochs: int | None) -> list[dict]:
    runs = []
    for cell, rows in pairs:
        for attempt in range(repeat):
            for framework in ("kerax", "keras"):
                n_epochs = epochs_for(rows, epochs)
                result = run_worker(framework, cell, rows, n_epochs)
                runs.append({"mode": mode, "cell": cell, "rows": rows,
                             "framework": framework, "repeat": attempt,
                             **result})
                shown = ("FAILED " + result["error"].strip().splitlines()[-1]
                         if "error" in result else json.dumps(result))
                print(f"[{mode}] {cell} {rows} {framework}: {shown}",
                      flush=True)
    return runs


def first_epoch_command(repeat: int, quick: bool) -> list[str]:
    # The smoke run leaves out Keras with JAX's cache (one peer fewer).
    frameworks = "kerax,keras" if quick else "kerax,keras,keras_cache"
    if importlib.util.find_spec("torch") is not None:
        frameworks += ",torch"
    command = [PY, str(HERE / "bench_first_epoch.py"), "--case", "mlp",
               "--repeat", str(repeat), "--frameworks", frameworks, "--json"]
    if quick:
        command += ["--samples", "256", "--epochs", "2"]
    return command


def run_first_epoch(mode: str, repeat: int, quick: bool) -> list[dict]:
    done = subprocess.run(first_epoch_command(repeat, quick),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"[{mode}] first_epoch FAILED:\n{done.stderr[-2000:]}",
              flush=True)
        return []
    summaries = [json.loads(line) for line in done.stdout.splitlines()
                 if line.startswith("{")]
    for summary in summaries:
        print(f"[{mode}] first_epoch {json.dumps(summary)}", flush=True)
    return summaries


def versions() -> str:
    found = []
    for name in ("jax", "keras", "torch"):
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE,
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def section(name: str, command: str, results: dict) -> str:
    lines = [
        (f"## Run {name} ({datetime.date.today()}): workload matrix "
        "(issue 18)"),
        "",
        (f"`{command}` at commit {commit()}, on {platform.machine()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}, "
        f"{versions()}. The MNIST MLP of bench/workload.py on synthetic "
        "data, batch 128; each cell runs kerax and Keras 3 (JAX) in fresh "
        "subprocesses, alternating, and gives the medians of the repeats. "
        "Steady times exclude compilation (a warm-up call of the same shape "
        "runs first: one epoch for the fit cells); first calls include it "
        "(empty KERAX_HOME: cold cache). Ratios are keras / kerax (above "
        "1: kerax faster or smaller)."),
    ]
    titles = {"quiet": "Quiet (no process added by the bench)",
              "busy": "Busy (one `python -c \"while True: pass\"` spinning "
                      "meanwhile)"}
    for mode, result in results.items():
        rows = report.summarize(result["runs"])
        if rows:
            lines += ["", f"### {titles[mode]}", "",
                      *report.matrix_table(rows), "",
                      *report.extremes_lines(rows)]
        if result["first_epoch"]:
            lines += ["", (f"First epoch, {mode}: `bench/bench_first_epoch.py "
                      "--case mlp` (cold: empty cache; warm: a second "
                      "process on the same cache; medians):"), "",
                      *report.first_epoch_table(result["first_epoch"])]
    return "\n".join(lines) + "\n"


def main(args: argparse.Namespace) -> None:
    try:
        cells = parse_choices("first_epoch" if args.first_epoch
                              else args.cells, GROUPS, "--cells")
        modes = parse_choices("busy" if args.busy else args.modes or "quiet",
                              MODES, "--modes")
        sizes = parse_sizes(args.sizes) if args.sizes else list(
            QUICK_SIZES if args.quick else SIZES)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    repeat = 3 if args.repeat is None else args.repeat
    repeat = 1 if args.quick and args.repeat is None else repeat
    epochs = 2 if args.quick and args.epochs is None else args.epochs
    if repeat < 1 or (epochs is not None and epochs < 1):
        raise SystemExit(f"--repeat and --epochs must be >= 1, got "
                         f"{repeat} and {epochs}")
    pairs = plan(cells, sizes)
    results = {}
    for mode in modes:
        with load(mode):
            runs = run_cells(mode, pairs, repeat, epochs)
            first = (run_first_epoch(mode, repeat, args.quick)
                     if "first_epoch" in cells else [])
        results[mode] = {"runs": runs, "first_epoch": first}
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    json_path = out_dir / f"matrix-{stamp}.json"
    json_path.write_text(json.dumps(
        {"argv": sys.argv, "repeat": repeat, "sizes": sizes,
         "results": results}, indent=1))
    out = pathlib.Path(args.out)
    existing = out.read_text() if out.exists() else ""
    text = section(report.next_run_name(existing),
                   "python bench/run.py " + " ".join(sys.argv[1:]), results)
    out.write_text(report.insert_section(existing, text))
    print(text)
    print(f"Raw runs: {json_path}; section written to {out}.")
