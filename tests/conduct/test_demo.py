import pytest

from conduct.models import ConductReport, IntegrityEntry, Register
from portal import demo
from portal.models import Enterprise, Notification

pytestmark = pytest.mark.django_db


def test_demo_step_is_idempotent_silent_and_leaves_e1_e2_unflagged():
    demo.seed(password="pw-Test-12345")
    demo.seed(password="pw-Test-12345")
    assert Register.objects.count() == 5
    assert ConductReport.objects.count() == 1 and ConductReport.objects.get().anonymous
    assert IntegrityEntry.objects.in_force().count() == 1
    assert Notification.objects.count() == 0
    assert set(Enterprise.objects.exclude(integrity="").values_list("name", flat=True)) == {"恒口示范区诚信示范食品有限公司"}
