"""Pages: thin views over meetings.services (changes) and meetings.queries (reads); POST → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import queries, services
from meetings.forms import CloseForm, DecideForm, MeetingForm
from portal import calendar
from portal.errors import RoleRefused, TransitionRefused
from portal.pagination import CappedPaginator as Paginator
from portal.params import parse_id
from portal.roles import role_required

PAGE_SIZE = 20


@role_required(*services.VIEWERS)
def meeting_list(request):
    page = Paginator(queries.meeting_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/list.html", {"page": page})


@role_required(*services.VIEWERS)
def meeting_new(request):
    form = MeetingForm(request.POST or None, user=request.user,
                       initial={"date": timezone.localdate(), "kind": "joint"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.create_meeting(by=request.user, kind=d["kind"], title=d["title"], date=d["date"],
                                              convenor_department=d["convenor_department"],
                                              convenor=d["convenor"], members=d["members"])
        except TransitionRefused as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("会议已创建。"))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/new.html", {"form": form})


@role_required(*services.VIEWERS)
def meeting_detail(request, pk: int):
    meeting = queries.get_meeting_for_user(request.user, pk)
    can_run = meeting.is_open and services.can_run(request.user, meeting)
    decide_form = DecideForm(meeting=meeting) if can_run else None
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "items": meeting.items.all(), "can_run": can_run, "decide_form": decide_form,
        "departments": list(decide_form.fields["department"].queryset) if can_run else [],
        "categories": list(decide_form.fields["category"].queryset) if can_run else [],
        "default_deadline": calendar.add_working_days(timezone.localdate(), 10),
        "close_form": CloseForm() if can_run else None,
    })


def _runnable(request, pk: int):
    meeting = queries.get_meeting_for_user(request.user, pk)
    if not services.can_run(request.user, meeting):
        raise RoleRefused(_("只有督查人员、受理员和召集部门的承办人可以主持会议事项。"))
    return meeting




@role_required(*services.VIEWERS)
def pull(request, pk: int):
    """Choose open problems (visits, projects, forums) and complaints to put on the agenda."""
    meeting = _runnable(request, pk)
    if request.method == "POST":
        source = request.POST.get("source", "")
        if source not in queries.PULLABLE:
            messages.error(request, _("请选择要提交的问题。"))
            return redirect("meetings:pull", meeting.pk)
        problem = get_object_or_404(queries.PULLABLE[source](meeting.jurisdiction_id), pk=parse_id(request.POST.get("id")) or 0)
        try:
            item = services.add_problem(meeting=meeting, by=request.user, problem=problem)
        except TransitionRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("已提交会议：%(text)s") % {"text": item.text[:60]})
        return redirect("meetings:pull", meeting.pk)
    q = request.GET.get("q", "")[:100]
    return render(request, "meetings/pull.html", {
        "meeting": meeting, "q": q, "found": queries.candidates(meeting.jurisdiction_id, q)})


@require_POST
@role_required(*services.VIEWERS)
def decide(request, pk: int, item: int):
    meeting = _runnable(request, pk)
    agenda_item = queries.get_item(meeting, item)
    form = DecideForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("meetings:detail", meeting.pk)
    d = form.cleaned_data
    try:
        services.decide(item=agenda_item, by=request.user, department=d["department"], deadline=d["deadline"],
                        action=d["action"], category=d["category"])
    except TransitionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("已议定并交%(department)s办理。") % {"department": d["department"].name})
    return redirect("meetings:detail", meeting.pk)


@require_POST
@role_required(*services.VIEWERS)
def close(request, pk: int):
    meeting = _runnable(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写会议纪要。"))
        return redirect("meetings:detail", meeting.pk)
    try:
        services.close_meeting(meeting=meeting, by=request.user, minutes=form.cleaned_data["minutes"])
    except TransitionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("会议已结束；未议定和未办结的事项将结转到下次会议。"))
    return redirect("meetings:detail", meeting.pk)
