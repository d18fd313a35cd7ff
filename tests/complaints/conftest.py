"""Complaint fixtures: categories from the data migration (re-seeded after a flush) and a make_complaint helper."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services
from complaints.models import Category, Complaint

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def exe_renamed(name: str = "invoice.pdf") -> SimpleUploadedFile:
    body = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def big_pdf(name: str = "big.pdf", mb: int = 11) -> SimpleUploadedFile:
    buf = io.BytesIO(PDF + b"0" * (mb * 1024 * 1024))
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/pdf")


@pytest.fixture
def categories(people):
    """The HK categories by name (seeded by complaints/0002 and again by the demo step)."""
    return {c.name: c for c in Category.objects.filter(jurisdiction__code="HK")}


@pytest.fixture
def make_complaint(people, categories):
    """File a complaint as enterprise1 (or `by`) and walk it forward to `to` through the services."""

    def _make(to: str = Complaint.Status.SUBMITTED, *, category: str = "投诉举报", by=None, title="门前道路破损",
              department=None) -> Complaint:
        by = by or people["enterprise1"]
        c = services.submit_complaint(enterprise=by.enterprise or people["enterprise1"].enterprise, submitter=by,
                                      category=categories[category], title=title, description="请尽快处理。")
        order = ["submitted", "assigned", "accepted", "answered", "closed"]
        target = order.index(to) if to in order else 0
        if to == Complaint.Status.REFUSED:
            return services.refuse(complaint=c, by=people["dispatcher1"], reason="不属于受理范围")
        if target >= 1:
            services.assign(complaint=c, department=department or people["handler1"].department,
                            by=people["dispatcher1"])
        if target >= 2:
            services.accept(complaint=c, by=people["handler1"])
        if target >= 3:
            services.answer(complaint=c, by=people["handler1"], text="已处理。")
        if target >= 4:
            services.rate(complaint=c, by=people["enterprise1"], rating=Complaint.Rating.SATISFIED)
        c.refresh_from_db()
        return c

    return _make
