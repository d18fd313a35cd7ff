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
