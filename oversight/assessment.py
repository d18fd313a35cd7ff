"""亲清考核: a documented score per department and year, computed from the dashboard's own figures.

    base  = 100 × Σ(weight × value) ÷ Σ(weight)   over the components the department has data for
    score = max(0, base − 2 × notices issued − 3 × notices answered late or unanswered past their deadline
                     − Σ deduction(measure) over the 问责 cases decided in the year on the department or its officials)

The deduction per case is accountability.models.deductions() (提醒谈话 1, 约谈 2, 通报批评 3, 诫勉 4,
移送纪检监察 5 unless settings.ACCOUNTABILITY_DEDUCTIONS says otherwise); the page shows the figures in use.

Components (each a share between 0 and 1):
- timeliness (30): answers given by the answer deadline ÷ (answers + open overdue complaints);
- satisfaction (30): (满意 + 基本满意) ÷ ratings given in the year;
- reopen (15): 1 − complaints reopened ÷ complaints answered;
- quota (25): visit-quota completion of the pairings of the department's officials (only for departments
  whose officials have pairings).
A component without data (no complaints due, no ratings, …) is left out and the others re-weighted, so a
department is never scored on what it was not asked to do; with no component at all there is no score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WEIGHTS = {"timeliness": 30, "satisfaction": 30, "reopen": 15, "quota": 25}
LABELS = {"timeliness": _("按时答复率"), "satisfaction": _("满意率"), "reopen": _("未重办率"), "quota": _("走访完成率")}
NOTICE_PENALTY = 2
LATE_NOTICE_PENALTY = 3


@dataclass
class Assessment:
    department_id: int
    department: str
    components: dict  # name → value (0..1) or None
    base: float | None
    notices: int
    notices_late: int
    penalty: float
    score: float | None
    cases: int = 0
    case_penalty: float = 0


def score(components: dict, notices: int, notices_late: int,
          case_points: float = 0) -> tuple[float | None, float, float | None]:
    """(base, penalty, score) from the component values, as the module docstring says."""
    present = {k: v for k, v in components.items() if v is not None}
    penalty = NOTICE_PENALTY * notices + LATE_NOTICE_PENALTY * notices_late + case_points
    if not present:
        return None, penalty, None
    weight = sum(WEIGHTS[k] for k in present)
    base = round(100 * sum(WEIGHTS[k] * v for k, v in present.items()) / weight, 1)
    return base, penalty, max(0.0, round(base - penalty, 1))


def assess(summary: dict, departments, cases: dict | None = None) -> list[Assessment]:
    """One Assessment per department (the jurisdiction's active ordinary and dispatch departments, and any
    department with figures), best score first; from a summary of the whole jurisdiction and the year's
    问责 cases (department id → {"cases": n, "points": deducted}, accountability.queries)."""
    cases = cases or {}
    by_dept = {r["department_id"]: r for r in summary["complaints"]["by_department"] if r["department_id"]}
    if "by_department" not in summary["visits"]:  # a live summary, not the stored (compacted) one
        from oversight.rollups import compact

        summary = compact(summary)
    quota = {d["department_id"]: (d["credited"], d["quota"]) for d in summary["visits"]["by_department"]}
    rows = []
    for d in departments:
        r = by_dept.get(d.pk)
        if r is None and d.pk not in quota and d.pk not in cases and d.kind not in ("ordinary", "dispatch"):
            continue
        credited, owed = quota.get(d.pk, (0, 0))
        components = {
            "timeliness": r["timeliness"] if r else None,
            "satisfaction": r["satisfaction_rate"] if r else None,
            "reopen": (1 - r["reopen_rate"]) if r and r["reopen_rate"] is not None else None,
            "quota": round(credited / owed, 4) if owed else None,
        }
        notices = r["notices"] if r else 0
        late = r["notices_late"] if r else 0
        held = cases.get(d.pk, {"cases": 0, "points": 0})
        base, penalty, total = score(components, notices, late, held["points"])
        rows.append(Assessment(d.pk, d.name, components, base, notices, late, penalty, total,
                               cases=held["cases"], case_penalty=held["points"]))
    rows.sort(key=lambda a: (a.score is None, -(a.score or 0), a.department_id))
    return rows
