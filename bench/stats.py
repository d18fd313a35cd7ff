"""Pure helpers of the benchmark: percentiles, Markdown tables, target verdicts (unit-tested)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(rank), math.ceil(rank)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> str:
    """A GitHub Markdown table; `align` is one letter per column (l/r/c, default l). '|' in cells is escaped."""

    def cell(value: object) -> str:
        return str(value).replace("|", r"\|").replace("\n", " ")

    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join(marks[(align[i] if i < len(align) else "l")] for i in range(len(headers))) + "|"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, table has {len(headers)} columns")
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return "\n".join(lines)


def fmt_ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def fmt_s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.1f} s"


def verdict(measured: float | None, target: float, *, at_most: bool = True, unit: str = "") -> str:
    """'met' or 'gap: …' for a measured number against a target (at most / at least)."""
    if measured is None:
        return "not measured"
    ok = measured <= target if at_most else measured >= target
    if ok:
        return "met"
    sign = "over" if at_most else "under"
    return f"gap: {abs(measured - target):.4g}{unit} {sign} the target"


def ratio(part: float | None, whole: float | None) -> float | None:
    if not part or not whole:
        return None
    return part / whole
