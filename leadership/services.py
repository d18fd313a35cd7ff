"""Every change of a monthly report: building (or rebuilding) it, and sending it once."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leadership import documents, queries
from leadership.models import MonthlyReport
from portal import audit, calendar, outbox
from portal.models import Jurisdiction, Role
from portal.roles import holders
from portal.services import Draft, notify_many

log = logging.getLogger(__name__)


def build_report(jurisdiction: Jurisdiction, month: dt.date, *, today: dt.date | None = None) -> MonthlyReport:
    """Compute one jurisdiction's report for `month` and store it with its PDF and XLSX; a rebuild replaces the
    month's row and files in place (one row per jurisdiction and month: the unique constraint)."""
    month = queries.first_of_month(month)
    # The stored documents are in the portal's language, whatever the language of whoever asked.
    with translation.override(settings.LANGUAGE_CODE):
        figures = queries.figures(jurisdiction, month, today=today)
        pdf_bytes, xlsx_bytes = documents.pdf(figures), documents.xlsx(figures)
    with transaction.atomic():
        report, created = MonthlyReport.objects.select_for_update().get_or_create(
            jurisdiction=jurisdiction, month=month,
            defaults={"built_at": timezone.now(), "figures": figures})
        old = [f.name for f in (report.pdf, report.xlsx) if f]
        stem = f"{jurisdiction.code}-{month:%Y-%m}"
        report.figures, report.built_at = figures, timezone.now()
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx_bytes), save=False)
        report.save(update_fields=["figures", "built_at", "pdf", "xlsx"])
        stale = [name for name in old if name not in (report.pdf.name, report.xlsx.name)]
        if stale:
            storage = report.pdf.storage
            transaction.on_commit(lambda: [storage.delete(name) for name in stale])
        # A report to the leadership is a record the auditor asks after: who built it (blank: the schedule), when.
        audit.record("monthly_report_build", obj=report, month=f"{month:%Y-%m}", rebuilt=not created)
    return report


def build_month(month: dt.date, *, today: dt.date | None = None, send: bool = False) -> list[MonthlyReport]:
    """Every jurisdiction's report for `month`; with send=True each is queued for sending (once, see send_report)."""
    reports = []
    for jurisdiction in Jurisdiction.objects.order_by("id"):
        report = build_report(jurisdiction, month, today=today)
        if send:
            queue_sending(report)
        reports.append(report)
    return reports


def queue_sending(report: MonthlyReport) -> None:
    """One outbox message per report while it waits; the task itself sends only if nobody has."""
    if report.sent_at is None:
        with transaction.atomic():
            outbox.send("leadership.tasks.send_monthly_report", report.pk, key=f"monthly-report:{report.pk}")


def recipients_by_email(report: MonthlyReport) -> list[str]:
    return list(settings.MONTHLY_REPORT_RECIPIENTS.get(report.jurisdiction.code.upper(), []))


def send_report(report_id: int) -> bool:
    """Send one report to its recipients, once: the leadership of the jurisdiction (inbox and e-mail, keyed so a
    person is told once) and the configured addresses (an e-mail with the PDF and XLSX). The compare-and-set on
    sent_at makes a second call — a retried task, a second build — a no-op; returns whether this call sent."""
    with transaction.atomic():
        claimed = MonthlyReport.objects.filter(pk=report_id, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:
            return False
        report = MonthlyReport.objects.select_related("jurisdiction").get(pk=report_id)
        with translation.override(settings.LANGUAGE_CODE):
            subject = documents.title(report.figures)
            url = reverse("leadership:report", args=[report.pk])
            leaders = holders(Role.LEADERSHIP).filter(jurisdiction=report.jurisdiction)
            notify_many([Draft(recipient=u, subject=subject, url=url, key=f"monthly-report:{report.pk}",
                               body=_("%(month)s 月度报告已生成，请查阅（可下载 PDF 和 XLSX）。") % {"month": report.label})
                         for u in leaders])
            addresses = recipients_by_email(report)
            if addresses:
                body = _("附件为%(title)s（PDF 和 XLSX）。在线查阅：%(url)s") % {"title": subject,
                                                                           "url": settings.SITE_URL + url}
                mail = EmailMessage(subject, body, to=addresses)
                stem = report.file_stem()
                with report.pdf.open("rb") as f:
                    mail.attach(f"{stem}.pdf", f.read(), "application/pdf")
                with report.xlsx.open("rb") as f:
                    mail.attach(f"{stem}.xlsx", f.read(),
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                # Inside the claim's transaction: a failed send rolls the claim back and the task is retried.
                mail.send()
            audit.record("monthly_report_send", obj=report, leaders=len(leaders), addresses=len(addresses))
    return True


def first_working_day(month: dt.date) -> dt.date:
    """The first working day of `month` (public holidays and make-up working days respected)."""
    day = queries.first_of_month(month)
    cal = calendar.for_dates(day)  # the first working day is always in the same month (and year)
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def run_schedule(today: dt.date | None = None) -> list[MonthlyReport]:
    """What beat runs every morning: on the month's first working day, build the previous month's reports and
    queue them for sending; later in the month only a jurisdiction whose report is still missing (beat was down
    that day); before it, nothing. Running it twice a day rebuilds, and sends nothing twice."""
    today = today or timezone.localdate()
    first = first_working_day(today)
    if today < first:
        return []
    month = queries.previous_month(today)
    jurisdictions = Jurisdiction.objects.order_by("id")
    if today > first:
        jurisdictions = jurisdictions.exclude(monthly_reports__month=month)
    reports = []
    for jurisdiction in jurisdictions:
        report = build_report(jurisdiction, month, today=today)
        queue_sending(report)
        reports.append(report)
    return reports
