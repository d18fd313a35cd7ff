"""The mixed-load report: races apart from failures, every step with its percentiles."""

from __future__ import annotations

from bench import mixed_run


def row(type_, name, count, failures=0, p50="100", p95="200", p99="300", rps="1.5"):
    return {"Type": type_, "Name": name, "Request Count": str(count), "Failure Count": str(failures),
            "Requests/s": rps, "50%": p50, "95%": p95, "99%": p99}


def test_races_are_reported_apart_from_failures():
    result = {"users": 50, "seconds": 120, "rows": [
        row("POST", "assign", 40), row("RACE", "assign (already routed)", 3, p50="N/A"),
        row("GET", "dashboard", 20, failures=1), row("", "Aggregated", 63, failures=1)],
        "failures": [{"Name": "dashboard", "Error": "HTTPError('500 Server Error')", "Occurrences": "1"}]}
    text = "\n".join(mixed_run.render(result, "1.00"))
    steps = text.split("Expected races")[0]
    assert "| assign | 40 | 0 | 1.5 | 100 ms | 200 ms | 300 ms |" in steps
    assert "already routed" not in steps
    assert "| assign (already routed) | 3 |" in text
    assert "| dashboard | HTTPError('500 Server Error') | 1 |" in text
    assert "| Aggregated | 63 | 1 |" in text


def test_a_run_without_failures_says_so():
    result = {"users": 5, "seconds": 10, "rows": [row("GET", "home", 5)], "failures": []}
    assert "No failures." in mixed_run.render(result, "0.5")
