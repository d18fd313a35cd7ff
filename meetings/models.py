"""Joint meetings (联席会议 / 专题协调会): problems from visits, projects, forums and complaints taken to a meeting,
each decided (department, deadline, action) into a complaint that the department's queue tracks."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint
from liaison.models import ProjectProblem, Resolution, VisitProblem
from portal.models import Department, Enterprise, Jurisdiction, User


class Meeting(models.Model):
    class Kind(models.TextChoices):
        JOINT = "joint", _("联席会议")
        TOPICAL = "topical", _("专题协调会")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区"))
    kind = models.CharField(_("会议类型"), max_length=10, choices=Kind.choices, default=Kind.JOINT)
    title = models.CharField(_("会议名称"), max_length=200)
    date = models.DateField(_("会议日期"))
    convenor_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="convened_meetings",
                                            verbose_name=_("召集部门"))
    convenor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("召集人"))
    members = models.ManyToManyField(Department, blank=True, related_name="meetings", verbose_name=_("成员单位"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    minutes = models.TextField(_("会议纪要"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    closed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("结束人"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "date"], name="meeting_jur_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DecisionStatus(models.TextChoices):
    """Where a decision stands, read from its complaint (the tracked task)."""

    PENDING = "pending", _("待议定")
    OPEN = "open", _("办理中")
    OVERDUE = "overdue", _("已超期")
    ANSWERED = "answered", _("已答复")
    DONE = "done", _("已办结")


class AgendaItem(models.Model):
    """One problem on a meeting's agenda and the meeting's decision on it."""

    class Source(models.TextChoices):
        VISIT = "visit", _("走访发现问题")
        PROJECT = "project", _("项目问题")
        RESOLUTION = "resolution", _("座谈会议定事项")
        COMPLAINT = "complaint", _("诉求")

    class Status(models.TextChoices):
        PENDING = "pending", _("待议定")
        DECIDED = "decided", _("已议定")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("会议"))
    source = models.CharField(_("问题来源"), max_length=12, choices=Source.choices)
    visit_problem = models.ForeignKey(VisitProblem, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="agenda_items", verbose_name=_("走访发现问题"))
    project_problem = models.ForeignKey(ProjectProblem, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="agenda_items", verbose_name=_("项目问题"))
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="agenda_items", verbose_name=_("座谈会议定事项"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("涉及企业"))
    text = models.TextField(_("问题"))
    # An open decision of an earlier meeting, brought to this one when it was created (each item at most once).
    carried_from = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="carried_to", verbose_name=_("上次会议事项"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    # The decision; a carried item starts with the previous one's, for the meeting to confirm or change.
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("责任部门"))
    deadline = models.DateField(_("办结期限"), null=True, blank=True)
    action = models.TextField(_("议定措施"), blank=True)
    # The tracked task: the complaint the decision routed (the source complaint itself when one was pulled in).
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="agenda_items", verbose_name=_("交办诉求"))
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("议定记录人"))
    decided_at = models.DateTimeField(_("议定时间"), null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("提交人"))
    added_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("会议议题")
        verbose_name_plural = _("会议议题")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "visit_problem"], condition=Q(visit_problem__isnull=False),
                                    name="agenda_visit_problem_once"),
            models.UniqueConstraint(fields=["meeting", "project_problem"],
                                    condition=Q(project_problem__isnull=False), name="agenda_project_problem_once"),
            models.UniqueConstraint(fields=["meeting", "resolution"], condition=Q(resolution__isnull=False),
                                    name="agenda_resolution_once"),
            models.UniqueConstraint(fields=["meeting", "complaint"], condition=Q(complaint__isnull=False),
                                    name="agenda_complaint_once"),
        ]
        indexes = [models.Index(fields=["status", "decided_at"], name="agenda_decided_at")]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def decision_status(self) -> str:
        """Pending until decided; then the complaint's progress (load `complaint` with the item)."""
        if self.status == self.Status.PENDING or self.complaint is None:
            return DecisionStatus.PENDING
        c = self.complaint
        if c.status in (Complaint.Status.CLOSED, Complaint.Status.REFUSED):
            return DecisionStatus.DONE
        if c.status == Complaint.Status.ANSWERED:
            return DecisionStatus.ANSWERED
        return DecisionStatus.OVERDUE if c.is_overdue else DecisionStatus.OPEN

    def get_decision_status_display(self) -> str:
        return DecisionStatus(self.decision_status).label


class MeetingEvent(models.Model):
    """The meeting's history: who did what, when (created, problem added, carried over, decided, closed)."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建会议")
        CARRY = "carry", _("结转上次未办结事项")
        ADD = "add", _("提交议题")
        DECIDE = "decide", _("议定交办")
        CLOSE = "close", _("结束会议")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events", verbose_name=_("会议"))
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="events",
                             verbose_name=_("议题"))
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    action = models.CharField(_("操作"), max_length=8, choices=Action.choices)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), db_default=Now())

    class Meta:
        verbose_name = _("会议记录")
        verbose_name_plural = _("会议记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.action}"
