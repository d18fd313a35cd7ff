"""Attachment refusals: a renamed executable, an 11 MB file, a sixth file — a Chinese message, nothing saved."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import Attachment, Complaint, TrackingCounter
from tests.complaints.conftest import big_pdf, exe_renamed, pdf, png

pytestmark = pytest.mark.django_db

CASES = {
    "renamed-exe": (lambda: [exe_renamed("合同.pdf")], "不能只靠改扩展名上传"),
    "11-MB": (lambda: [big_pdf("扫描件.pdf")], "超过10MB"),
    "sixth-file": (lambda: [png(f"照片{i}.png") for i in range(6)], "最多只能上传5个附件"),
}


def nothing_saved(settings) -> bool:
    media = settings.MEDIA_ROOT
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    return (not Complaint.objects.filter(title="带附件的诉求").exists() and not Attachment.objects.exists()
            and not files and not TrackingCounter.objects.filter(last__gt=Complaint.objects.count()).exists())


@pytest.fixture
def clean(people, settings):
    # The demo complaints have no attachments; start from an empty media root.
    assert not Attachment.objects.exists()
    return settings


@pytest.mark.parametrize("case", list(CASES))
def test_page_refuses_the_upload_in_chinese_and_saves_nothing(people, categories, clean, case):
    files, message = CASES[case]
    client = Client()
    client.force_login(people["enterprise1"])
    before = Complaint.objects.count()
    r = client.post(reverse("complaints:new"), {
        "category": categories["法律维权"].pk, "title": "带附件的诉求", "description": "合同纠纷", "attachments": files(),
    })
    assert r.status_code == 200
    body = r.content.decode()
    assert message in body
    assert "带附件的诉求" in body and "合同纠纷" in body  # what was typed is still there
    assert Complaint.objects.count() == before
    assert nothing_saved(clean)


@pytest.mark.parametrize("case", list(CASES))
def test_api_refuses_the_upload_in_chinese_and_saves_nothing(people, categories, clean, case):
    files, message = CASES[case]
    client = APIClient()
    client.force_authenticate(people["enterprise1"])
    r = client.post("/api/v1/complaints/", {
        "category": categories["法律维权"].pk, "title": "带附件的诉求", "description": "合同纠纷", "attachments": files(),
    }, format="multipart")
    assert r.status_code == 400
    assert message in str(r.json())
    assert nothing_saved(clean)


def test_five_good_files_are_stored_and_downloadable_by_the_owner(people, categories, clean):
    client = Client()
    client.force_login(people["enterprise1"])
    r = client.post(reverse("complaints:new"), {
        "category": categories["法律维权"].pk, "title": "带附件的诉求", "description": "合同纠纷",
        "attachments": [pdf("合同.pdf"), png("a.png"), png("b.png"), png("c.png"), png("d.png")],
    })
    c = Complaint.objects.get(title="带附件的诉求")
    assert r.status_code == 302 and r["Location"] == reverse("complaints:detail", args=[c.pk])
    att = c.attachments.get(name="合同.pdf")
    assert c.attachments.count() == 5 and att.content_type == "application/pdf"
    assert "合同" not in att.file.name  # stored under a random name
    download = client.get(reverse("complaints:attachment", args=[c.pk, att.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Cache-Control"] == "private, no-store"
