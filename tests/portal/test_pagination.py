import pytest

from portal.models import Notification
from portal.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_cap(people):
    user = people["official1"]
    Notification.objects.bulk_create(Notification(recipient=user, subject=f"n{i}") for i in range(7))
    qs = Notification.objects.filter(recipient=user).order_by("id")
    small = CappedPaginator(qs, 2)
    small.cap = 100
    assert small.count == 7 and not small.capped and small.num_pages == 4
    capped = CappedPaginator(qs, 2)
    capped.cap = 5
    assert capped.count == 6 and capped.capped
    assert [n.subject for n in capped.get_page(2)] == ["n2", "n3"]
