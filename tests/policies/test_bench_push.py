"""`make bench` times the policy push (issue 13, acceptance 3) through policies.scale.bench_push, listed in
bench/scenarios.py; this runs it once at test scale so the bench does not find it broken at 100k."""

from __future__ import annotations

import pytest

from bench.scenarios import SWEEPS
from policies.models import Policy, PolicyMatch
from policies.scale import BENCH_TITLE, bench_push

pytestmark = pytest.mark.django_db


def test_the_bench_times_the_push_and_its_function_runs(people, make_enterprises):
    assert "policies.scale.bench_push" in [s.func for s in SWEEPS]
    make_enterprises(20, industry="C13", start=60_000)
    make_enterprises(20, industry="C30", start=61_000)
    told = bench_push()
    assert told >= 1  # enterprise1's user (C13); the made enterprises have no users
    policy = Policy.objects.get(title=BENCH_TITLE)
    assert policy.matched_count == 21 and not PolicyMatch.objects.filter(policy=policy).exists()
    bench_push()  # run again (each bench scale): replaces its policy
    assert Policy.objects.filter(title=BENCH_TITLE).count() == 1
