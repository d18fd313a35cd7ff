"""Steps other apps add to the daily reminder sweep (liaison/reminders.py runs them after its own STEPS).

    from portal import sweep

    @sweep.step
    def consultation_reminders(today: date) -> int: ...   # reminders created

A step works like liaison's: idempotent (reminders carry a key, so each goes once), a fixed number of queries
per batch. Registering here keeps the import direction: liaison does not import the apps that add steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

STEPS: list[Callable[[dt.date], int]] = []


def step(func: Callable[[dt.date], int]) -> Callable[[dt.date], int]:
    if func not in STEPS:
        STEPS.append(func)
    return func
