"""Runs kerax side by side with Keras 3 (JAX backend), a hand-written JAX
loop and hand-written PyTorch, and writes bench/RESULTS.md.

Usage: python bench/run.py [--cases mlp,tiny,predict,cnn] [--repeat 2]
       python bench/run.py --matrix [--busy] [--cells ...] [--sizes ...]
           [--quick] [--repeat 3] [--out FILE]   (bench/matrix.py, issue 18)
Each (framework, case) runs in its own subprocess; the frameworks of a case
alternate, and each figure is the best of `--repeat` runs, so a noisy
shared machine skews all peers alike. Ratios are kerax / peer.
"""

import argparse
import datetime
import json
import pathlib
import platform
import subprocess
import sys
import time

import matrix

HERE = pathlib.Path(__file__).resolve().parent
PY = sys.executable


def have(module):
    code = f"import importlib.util,sys; sys.exit(importlib.util.find_spec('{module}') is None)"
    return subprocess.run([PY, "-c", code], check=False).returncode == 0


def run_workload(framework, case):
    out = subprocess.run(
        [PY, str(HERE / "workload.py"), framework, case],
        capture_output=True, text=True, timeout=1800, check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{framework}/{case} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# Import statements timed, each in a fresh interpreter (the statement
# names the row). The second kerax row adds the layers of the bench models,
# which `import kerax` alone leaves unimported.
IMPORTS = (
    "import kerax",
    "import keras",
    "import jax, optax",
    "import kerax; from kerax.layers import Conv2D, Dense, Dropout, LSTM",
)


def import_times(repeat):
    """Best wall time of each statement in `IMPORTS`; the statements
    alternate within each round, so load skews them alike."""
    best = {}
    env_prefix = "import os; os.environ['KERAS_BACKEND']='jax'; "
    for _ in range(repeat):
        for statement in IMPORTS:
            start = time.perf_counter()
            subprocess.run([PY, "-c", env_prefix + statement],
                           check=True, capture_output=True)
            elapsed = time.perf_counter() - start
            best[statement] = min(best.get(statement, elapsed), elapsed)
    return best


def better(a, b, key):
    if a is None:
        return b
    if key.endswith(("_s", "_mb")):
        return a if a[key] <= b[key] else b
    return a if a[key] >= b[key] else b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="mlp,tiny,predict,cnn")
    parser.add_argument("--repeat", type=int, default=None,
                        help="default 2 (--cases) or 3 (--matrix)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    matrix.add_arguments(parser)
    args = parser.parse_args()
    if args.matrix or args.first_epoch:
        matrix.main(args)
        return
    if args.repeat is None:
        args.repeat = 2
    frameworks = ["kerax", "keras", "jax"] + (["torch"] if have("torch") else [])
    results = {}
    for case in args.cases.split(","):
        peers = [f for f in frameworks if not (f == "jax" and case == "cnn")]
        for _ in range(args.repeat):
            for framework in peers:
                res = run_workload(framework, case)
                print(framework, case, res, flush=True)
                slot = results.setdefault((framework, case), {})
                for key, value in res.items():
                    current = slot.get(key)
                    if current is None:
                        slot[key] = value
                    elif key.endswith(("_s", "_mb")):
                        slot[key] = min(current, value)
                    else:
                        slot[key] = max(current, value)
    imports = import_times(5)
    write_report(results, imports, frameworks, args)


def ratio(results, case, key, peer, lower_is_better=False):
    mine = results.get(("kerax", case), {}).get(key)
    theirs = results.get((peer, case), {}).get(key)
    if mine is None or theirs is None:
        return "n/a"
    value = theirs / mine if lower_is_better else mine / theirs
    return f"{value:.2f}x"


def write_report(results, imports, frameworks, args):
    lines = [
        ("# Benchmarks: kerax vs Keras 3 (JAX backend), hand-written JAX, "
         "PyTorch"),
        "",
        (f"Run {datetime.date.today()} on {platform.machine()} "
         f"({platform.processor() or 'cpu'}), Python "
         f"{platform.python_version()}; command: "
         f"`python bench/run.py --cases {args.cases} --repeat {args.repeat}`."),
        ("Ratios are kerax / peer for throughput (higher is better) and peer "
         "/ kerax for times and memory (higher is better), measured in the "
         "same run; best of the repeats."),
        "",
        "| case | metric | kerax | " + " | ".join(
            f for f in frameworks if f != "kerax") + " | vs keras | vs jax"
        + (" | vs torch |" if "torch" in frameworks else " |"),
        "|---" * (5 + len(frameworks) - 1 + ("torch" in frameworks)) + "|",
    ]
    metrics = {"mlp": ["steady_sps", "first_epoch_s", "peak_rss_mb"],
               "tiny": ["steady_sps", "first_epoch_s"],
               "predict": ["predict_sps"],
               "cnn": ["steady_sps", "first_epoch_s"]}
    for case in args.cases.split(","):
        for key in metrics[case]:
            lower = key.endswith(("_s", "_mb"))
            row = [case, key]
            for framework in frameworks:
                value = results.get((framework, case), {}).get(key)
                row.append("n/a" if value is None else f"{value:,.2f}")
            row.append(ratio(results, case, key, "keras", lower))
            row.append(ratio(results, case, key, "jax", lower))
            if "torch" in frameworks:
                row.append(ratio(results, case, key, "torch", lower))
            lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "| import | seconds |",
        "|---|---|",
    ]
    for statement, seconds in imports.items():
        lines.append(f"| `{statement}` | {seconds:.2f} |")
    keras_s = imports["import keras"]
    lines.append(
        f"\n`import kerax` / `import keras`: "
        f"{imports['import kerax'] / keras_s:.2f} (target <= 0.67); with "
        f"the bench models' layers imported too: "
        f"{imports[IMPORTS[-1]] / keras_s:.2f}."
    )
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
