"""Who a department is: its handlers and its head (notices of a complaint, a meeting, a decision)."""

from __future__ import annotations

import pytest

from complaints import services
from portal.models import Department, User
from portal.roles import Role, group_id

pytestmark = pytest.mark.django_db


def test_several_departments_staff_come_in_one_query_each_user_once(people, django_assert_num_queries):
    first, second = people["handler1"].department, people["handler2"].department
    head = User.objects.create_user("head-x", password="x" * 12, department=first)
    # The head of both departments, and a handler of the first: listed once.
    Department.objects.filter(pk__in=[first.pk, second.pk]).update(head=head)
    head.groups.add(group_id(Role.HANDLER))
    gone = User.objects.create_user("gone-x", password="x" * 12, department=second, is_active=False)
    gone.groups.add(group_id(Role.HANDLER))
    first.refresh_from_db()
    second.refresh_from_db()

    with django_assert_num_queries(1):
        staff = services.departments_staff([first, second, None])

    pks = [u.pk for u in staff]
    assert sorted(pks) == sorted(set(pks))
    assert {people["handler1"].pk, people["handler2"].pk, head.pk} <= set(pks)
    assert gone.pk not in pks
    assert services.departments_staff([None]) == []
    assert {u.pk for u in services.department_staff(second)} >= {people["handler2"].pk, head.pk}
