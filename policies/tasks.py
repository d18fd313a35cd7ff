"""Thin tasks: load by id, call the service."""

from __future__ import annotations

from celery import shared_task

from policies import services


@shared_task(name="policies.tasks.push_policy")
def push_policy(policy_id: int) -> int:
    """Push a published policy to the enterprises it matches (idempotent: each is told once)."""
    return services.push_policy(policy_id)
