"""The benchmark's pure helpers (no server, no timing)."""

import pytest

from bench import stats
from bench.run import lua_string, parse_wrk


def test_percentile_interpolates_between_closest_ranks():
    values = [10, 20, 30, 40, 50]
    assert stats.percentile(values, 0) == 10
    assert stats.percentile(values, 100) == 50
    assert stats.percentile(values, 50) == 30
    assert stats.percentile([4, 1, 3, 2], 50) == 2.5  # unsorted input
    assert stats.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def test_percentile_refuses_no_values_and_out_of_range():
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def test_render_table_aligns_and_escapes_pipes():
    table = stats.render_table(["a", "b"], [["x|y", 1], ["z", 2]], "lr")
    assert table.splitlines() == ["| a | b |", "|---|---:|", r"| x\|y | 1 |", "| z | 2 |"]


def test_render_table_refuses_ragged_rows():
    with pytest.raises(ValueError):
        stats.render_table(["a", "b"], [["only one"]])


def test_verdict_says_met_or_the_gap():
    assert stats.verdict(250, 300, unit=" ms") == "met"
    assert stats.verdict(420, 300, unit=" ms") == "gap: 120 ms over the target"
    assert stats.verdict(0.2, 0.15, at_most=False) == "met"
    assert stats.verdict(0.1, 0.15, at_most=False).startswith("gap: 0.05")
    assert stats.verdict(None, 1) == "not measured"


def test_ratio_and_formats():
    assert stats.ratio(50, 200) == 0.25
    assert stats.ratio(None, 200) is None
    assert stats.fmt_ms(0.1234) == "123 ms"
    assert stats.fmt_ms(None) == "—"


def test_parse_wrk_reads_rate_and_failures():
    out = """Running 10s test @ http://127.0.0.1:1/bench/bare/
  2 threads and 4 connections
  12345 requests in 10.01s, 3.2MB read
  Non-2xx or 3xx responses: 7
Requests/sec:   1233.27
Transfer/sec:    325.1KB
"""
    assert parse_wrk(out) == {"rps": 1233.27, "requests": 12345, "bad": 7, "socket_errors": ""}


def test_lua_string_escapes_quotes_and_backslashes():
    assert lua_string('a"b\\c') == '"a\\"b\\\\c"'


def test_data_profile_per_scale_carries_the_last_number_on():
    from bench.run import mixed_index, parse_args, per_scale

    assert per_scale("100000,1000000", 3) == [100000, 1000000, 1000000]
    assert per_scale("", 2) == [None, None]
    args = parse_args([])  # the default run: a district, a city, a province
    assert args.scale_list == [100_000, 1_000_000, 10_000_000]
    assert args.enterprises_list == [100_000, 100_000, 1_000_000]
    assert args.officials_list == [20_000] * 3
    assert args.visits_list == [300_000, 300_000, 3_000_000]  # the province's 3M visits at 10M
    assert mixed_index(args) == 1  # the mixed load at 1M complaints, as issue 16 asks
    assert mixed_index(parse_args(["--scales", "2000,5000"])) == 1
    assert mixed_index(parse_args(["--mixed-seconds", "0"])) is None
    with pytest.raises(SystemExit):
        parse_args(["--enterprises", "many"])


def test_targets_hold_every_page_to_issue_16():
    from bench.run import Latency, targets
    from bench.scenarios import SCENARIOS

    seeds = [{"seconds": 900.0, "steps": ["complaints.complaints"], "enterprises_total": 1_000_000,
              "complaints": 10_000_000, "visits_total": 3_000_000}]
    slow = [Latency(sc.name, sc.path, sc.user, samples=[0.150] * 20) for sc in SCENARIOS]
    rows = {r[0]: r[2] for r in targets(seeds, {10_000_000: slow}, None, [])}
    assert rows["seed_scale 1M enterprises + 10M complaints + 20k officials + 3M visits < 30 min"] == "met"
    assert rows["dashboard page p95 ≤ 100 ms at 10M complaints"].startswith("gap")
    assert rows["complaint search: an enterprise's name p95 ≤ 200 ms at 10M complaints"] == "met"
    # A 10M run with fewer visits than the province's 3M is not the seed the target names.
    few = [{**seeds[0], "visits_total": 120_002}]
    rows = {r[0]: r[2] for r in targets(few, {10_000_000: slow}, None, [])}
    assert rows["seed_scale 1M enterprises + 10M complaints + 20k officials + 3M visits < 30 min"].startswith("not")
