"""Issue 12, deliver 5: the documents' wording — 月度巡查督导报告 (恒口 二（四）: 项目月巡查督导制度), never
月度督查报告; a 举报 is 实名保密 (the portal offers no anonymous report)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from liaison.models import InspectionReport

pytestmark = pytest.mark.django_db


def test_the_monthly_report_is_an_inspection_and_supervision_report_everywhere():
    assert InspectionReport._meta.verbose_name == "月度巡查督导报告"
    templates = Path(settings.BASE_DIR) / "templates" / "liaison"
    sources = [*templates.rglob("*.html"), *(Path(settings.BASE_DIR) / "liaison").glob("*.py")]
    assert not [str(p) for p in sources if "督查报告" in p.read_text(encoding="utf-8") or
                "项目督查" in p.read_text(encoding="utf-8")]


def test_the_report_form_says_named_and_confidential_not_anonymous(client, people):
    client.force_login(people["enterprise1"])
    html = client.get(reverse("conduct:report-new")).content.decode()
    assert "举报实行实名保密" in html and "匿名" not in html
