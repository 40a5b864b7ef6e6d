"""The workload matrix's pure helpers (bench/matrix_report.py) and its
option parsing and plan (bench/matrix.py). Nothing here runs a benchmark."""

import pathlib
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench"
sys.path.append(str(BENCH))

import matrix  # noqa: E402 - found through the sys.path entry above
import matrix_report as report  # noqa: E402


def run(framework, cell="fit_one", rows=1000, mode="quiet", **values):
    return {"mode": mode, "cell": cell, "rows": rows,
            "framework": framework, **values}


def test_median_ignores_missing_values():
    assert report.median([3.0, None, 1.0, 2.0]) == 2.0
    assert report.median([4.0, 1.0]) == 2.5
    assert report.median([None]) is None
    assert report.median([]) is None


def test_ratio_is_keras_over_kerax():
    assert report.ratio(3.0, 2.0) == 1.5
    assert report.ratio(None, 2.0) is None
    assert report.ratio(1.0, 0.0) is None


def test_summarize_takes_medians_and_ratios_per_cell():
    runs = [
        run("kerax", time_s=1.0, first_s=2.0, peak_rss_mb=100.0),
        run("keras", time_s=3.0, first_s=2.0, peak_rss_mb=200.0),
        run("kerax", time_s=2.0, first_s=4.0, peak_rss_mb=100.0),
        run("keras", time_s=3.0, first_s=6.0, peak_rss_mb=200.0),
        run("kerax", time_s=9.0, first_s=3.0, peak_rss_mb=100.0),
        run("keras", error="Traceback ..."),
        run("kerax", cell="predict", time_s=1.0, first_s=1.0,
            peak_rss_mb=50.0),
    ]
    rows = report.summarize(runs)
    assert [(r["cell"], r["rows"]) for r in rows] == [
        ("fit_one", 1000), ("predict", 1000)]
    fit = rows[0]
    assert fit["kerax_time_s"] == 2.0
    assert fit["keras_time_s"] == 3.0
    assert fit["ratio"] == 1.5
    assert fit["first_ratio"] == 4.0 / 3.0
    assert fit["rss_ratio"] == 2.0
    assert (fit["kerax_n"], fit["keras_n"], fit["errors"]) == (3, 2, 1)
    predict = rows[1]
    assert predict["keras_time_s"] is None
    assert predict["ratio"] is None


def test_extremes_picks_lowest_and_highest_known_ratio():
    rows = [{"ratio": 1.2}, {"ratio": None}, {"ratio": 0.9},
            {"ratio": 1.7}]
    worst, best = report.extremes(rows, "ratio")
    assert worst is rows[2]
    assert best is rows[3]
    assert report.extremes([{"ratio": None}], "ratio") is None


def test_matrix_table_marks_worst_and_best():
    runs = []
    for rows, keras_s in ((1000, 1.5), (10_000, 0.5), (60_000, 2.0)):
        runs += [run("kerax", rows=rows, time_s=1.0, first_s=2.0,
                     peak_rss_mb=300.0),
                 run("keras", rows=rows, time_s=keras_s, first_s=3.0,
                     peak_rss_mb=330.0)]
    runs += [run("kerax", cell="predict_odd", rows=10_000, time_s=0.25,
                 first_s=1.0, peak_rss_mb=1.0)]
    table = report.matrix_table(report.summarize(runs))
    assert table[0].count("|") == table[1].count("|") == 12
    assert len(table) == 6
    assert "| `fit_one` | 1,000 | 1.00 s | 1.50 s | 1.50x |" in table[2]
    assert "**0.50x** (worst)" in table[3]
    assert "**2.00x** (best)" in table[4]
    assert "| 2.00 s | 3.00 s | 1.50x | 300 | 330 | 1.10x |" in table[4]
    assert "| `predict_odd` | 10,001 | 250.0 ms | n/a | n/a |" in table[5]


def test_extremes_lines_name_each_ratio():
    runs = [run("kerax", rows=1000, time_s=1.0, first_s=1.0,
                peak_rss_mb=100.0),
            run("keras", rows=1000, time_s=1.2, first_s=2.0,
                peak_rss_mb=90.0),
            run("kerax", cell="predict_batch", rows=128, time_s=0.01,
                first_s=1.0, peak_rss_mb=100.0),
            run("keras", cell="predict_batch", rows=128, time_s=0.008,
                first_s=1.5, peak_rss_mb=120.0)]
    lines = report.extremes_lines(report.summarize(runs))
    assert lines == [
        ("- steady time: worst `predict_batch` at 128 (one batch) rows, "
        "0.80x; best `fit_one` at 1,000 rows, 1.20x."),
        ("- first call: worst `predict_batch` at 128 (one batch) rows, "
        "1.50x; best `fit_one` at 1,000 rows, 2.00x."),
        ("- peak RSS: worst `fit_one` at 1,000 rows, 0.90x; best "
        "`predict_batch` at 128 (one batch) rows, 1.20x."),
    ]


def test_first_epoch_table_formats_summaries():
    table = report.first_epoch_table([
        {"framework": "kerax", "cold_first_epoch_s": 2.5,
         "warm_first_epoch_s": 0.6, "warm_steady_epoch_s": 0.5,
         "cold_first_over_steady": 5.0, "warm_first_over_steady": 1.2,
         "warm_hits": 3, "warm_misses": 0},
        {"framework": "torch", "cold_first_epoch_s": 0.4,
         "warm_first_epoch_s": 0.4, "warm_steady_epoch_s": 0.4,
         "cold_first_over_steady": 1.0, "warm_first_over_steady": 1.0},
    ])
    assert table[2] == ("| kerax | 2.50 s | 600.0 ms | 500.0 ms | 5.00x "
                        "| 1.20x | 3 / 0 |")
    assert table[3].endswith("| 1.00x | - |")


def test_next_run_name_follows_the_highest_letter():
    assert report.next_run_name("") == "A"
    text = "# B\n\n## Run G (2026-12-07)\n\n## Run F (x)\n## Latest runs\n"
    assert report.next_run_name(text) == "H"


def test_insert_section_puts_the_newest_run_first():
    text = "# Title\n\nIntro.\n\n## Run G\n\nold\n"
    new = report.insert_section(text, "## Run H\n\nnew")
    assert new == "# Title\n\nIntro.\n\n## Run H\n\nnew\n\n## Run G\n\nold\n"
    assert report.insert_section("", "## Run A\n") == "## Run A\n"
    assert report.insert_section("# T\n", "## Run A\n") == "# T\n\n## Run A\n"


def test_parse_sizes_and_choices():
    assert matrix.parse_sizes("1k, 10000,60k") == [1000, 10_000, 60_000]
    with pytest.raises(ValueError, match="not a row count"):
        matrix.parse_sizes("ten")
    with pytest.raises(ValueError, match="expected counts >= 1"):
        matrix.parse_sizes("0")
    assert matrix.parse_choices("all", ("a", "b"), "--cells") == ["a", "b"]
    with pytest.raises(ValueError, match="--cells: unknown"):
        matrix.parse_choices("a,zzz", ("a", "b"), "--cells")


def test_plan_runs_the_one_batch_cell_once():
    pairs = matrix.plan(["fit_one", "predict_batch", "first_epoch"],
                        [1000, 60_000])
    assert pairs == [("fit_one", 1000), ("fit_one", 60_000),
                     ("predict_batch", 128)]
    assert matrix.epochs_for(1000, None) == 20
    assert matrix.epochs_for(10_000, None) == 6
    assert matrix.epochs_for(60_000, None) == 3
    assert matrix.epochs_for(60_000, 5) == 5


def test_a_single_cell_is_neither_worst_nor_best():
    rows = report.summarize([
        run("kerax", cell="evaluate", time_s=1.0, first_s=1.0,
            peak_rss_mb=10.0),
        run("keras", cell="evaluate", time_s=2.0, first_s=1.0,
            peak_rss_mb=10.0)])
    assert "(worst)" not in report.matrix_table(rows)[2]
    assert report.extremes_lines(rows)[0] == (
        "- steady time: only `evaluate` at 1,000 rows, 2.00x.")
