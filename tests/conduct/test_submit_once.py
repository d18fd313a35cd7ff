"""The conduct report form posted twice files one report; the second post shows the first result."""

from __future__ import annotations

import re

import pytest

from conduct.models import ConductReport

pytestmark = pytest.mark.django_db


def test_the_report_form_posted_twice_files_once(client_for, people, rule):
    client = client_for("enterprise1")
    mine = ConductReport.objects.filter(reporter=people["enterprise1"])
    before = mine.count()
    html = client.get("/conduct/reports/new/").content.decode()
    token = re.search(r'name="submission_token" value="([0-9a-f-]{36})"', html).group(1)
    form = {"rules": [rule.pk], "subject_name": "某局张某", "description": "要求企业报销餐费。",
            "submission_token": token}
    first = client.post("/conduct/reports/new/", form)
    second = client.post("/conduct/reports/new/", form, follow=True)
    assert first.status_code == 302 and second.redirect_chain[-1][0] == first["Location"]
    assert "举报已提交" in second.content.decode()
    assert mine.count() == before + 1
    token2 = re.search(r'name="submission_token" value="([0-9a-f-]{36})"',
                       client.get("/conduct/reports/new/").content.decode()).group(1)
    client.post("/conduct/reports/new/", {**form, "submission_token": token2})
    assert mine.count() == before + 2
