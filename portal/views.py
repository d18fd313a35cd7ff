from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults as django_defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import accounts, queries, services
from portal import home as home_cards
from portal.accounts import register_enterprise_user
from portal.errors import TransitionRefused
from portal.forms import EnterpriseRegistrationForm, ProfileForm
from portal.models import Notification, Role
from portal.pagination import CappedPaginator as Paginator
from portal.params import parse_ids
from portal.redirects import is_safe, safe_next
from portal.roles import role_required


@login_required
def home(request):
    """Each role lands on its own 工作台; apps fill it through their home snippets."""
    role = request.user.primary_role
    if role is None:
        return render(request, "portal/home_none.html")
    cards, context = home_cards.cards_for(role, request)
    return render(request, f"portal/home_{role}.html", {"role": role, "home_cards": cards, **context})


@login_required
def profile(request):
    """我的资料: one's own name and contacts (where notices are e-mailed); an enterprise user also sees its
    enterprise and edits its contact person and phone. Every change is in the audit log."""
    user = request.user
    enterprise = user.enterprise if user.enterprise_id and user.has_role(Role.ENTERPRISE) else None
    initial = {"full_name": user.full_name, "phone": user.phone, "email": user.email}
    if enterprise is not None:
        initial |= {"contact_name": enterprise.contact_name, "contact_phone": enterprise.contact_phone}
    form = ProfileForm(request.POST or None, initial=initial, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changed = accounts.update_profile(user=user, request=request, full_name=d["full_name"], phone=d["phone"],
                                          email=d["email"], contact_name=d.get("contact_name"),
                                          contact_phone=d.get("contact_phone"))
        messages.success(request, _("资料已保存。") if changed else _("资料没有变化。"))
        return redirect("portal:profile")
    return render(request, "portal/profile.html", {"form": form, "enterprise": enterprise},
                  status=400 if request.method == "POST" else 200)


def register(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = register_enterprise_user(
            jurisdiction=d["jurisdiction"], enterprise_name=d["enterprise_name"], credit_code=d["credit_code"],
            username=d["username"], password=d["password1"], full_name=d["full_name"], phone=d["phone"], email=d["email"],
        )
        return render(request, "registration/register_done.html", {"joining": user.enterprise_id is None})
    return render(request, "registration/register.html", {"form": form})


@role_required(Role.ENTERPRISE, Role.ADMIN)
def join_requests(request):
    """Accounts that registered with this enterprise's credit code and wait for a colleague (or an admin)."""
    page = Paginator(queries.join_requests_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "portal/join_requests.html", {"page": page})


@role_required(Role.ENTERPRISE, Role.ADMIN)
@require_POST
def join_request_decide(request, pk: int):
    join = queries.get_join_request_for_user(request.user, pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            accounts.approve_join(join, by=request.user)
            messages.success(request, _("已同意 %(u)s 加入本企业账号。") % {"u": join.user.username})
        elif decision == "refuse":
            accounts.refuse_join(join, by=request.user)
            messages.success(request, _("已拒绝 %(u)s 的加入申请。") % {"u": join.user.username})
        else:
            messages.error(request, _("请选择同意或拒绝。"))
    except TransitionRefused as exc:
        messages.error(request, str(exc))
    return redirect("join-requests")


@login_required
def inbox(request):
    qs = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "portal/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_read(request):
    ids = request.POST.getlist("id") or None
    count = services.mark_read(request.user, parse_ids(ids) if ids else None)
    messages.success(request, _("已将 %(n)d 条通知标记为已读。") % {"n": count})
    return redirect(safe_next(request, "portal:inbox"))


@login_required
def notification_open(request, pk: int):
    n = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if n is None:
        from django.http import Http404

        raise Http404
    services.mark_read(request.user, [n.pk])
    return redirect(n.url if is_safe(request, n.url) else "portal:inbox")


def broker_status() -> dict:
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return {"status": "ok", "transport": conn.transport.driver_name}
    except Exception as exc:  # any broker failure is a status, not a crash
        return {"status": "error", "error": exc.__class__.__name__}


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:
        db = {"status": "error", "error": exc.__class__.__name__}
    broker = broker_status()
    # Without the broker the site still takes complaints (what must be sent waits in the outbox table, and
    # beat's relay publishes it when the broker is back): degraded, not down.
    if db["status"] != "ok":
        overall, code = "error", 503
    else:
        overall, code = ("ok" if broker["status"] == "ok" else "degraded"), 200
    body = {"status": overall, "database": db, "broker": broker}
    if db["status"] == "ok":
        from portal import outbox

        body["outbox"] = {"pending": outbox.pending()}
    return JsonResponse(body, status=code)


def bench_bare(request):
    """The benchmark's baseline: the full middleware stack and nothing else (routed only with PORTAL_BENCH=1)."""
    return HttpResponse(b"ok", content_type="text/plain")


@require_POST
@role_required(*Role.values)
def bench_signed_in(request):
    """What every logged-in form POST pays before its own work: session, user, roles, CSRF (bench only)."""
    return HttpResponse(b"ok", content_type="text/plain")


def page_not_found(request, exception):
    """404: JSON under /api/ (a URL the API router does not know, e.g. /api/v1/complaints/abc/), else the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("未找到。")}, status=404)
    return django_defaults.page_not_found(request, exception)


def server_error(request):
    """500: the site's layout without the database (it may be what failed): the page is rendered without the
    request, so no context processor (user, menu, unread count) runs; if even that fails, plain HTML."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("服务器错误，请稍后重试。")}, status=500)
    try:
        body = loader.get_template("500.html").render({"home_url": "/"})
    except Exception:  # the template itself failed: a page that needs nothing
        body = ("<!doctype html><meta charset='utf-8'><title>500</title><h1>服务器出错 / Server error</h1>"
                "<p>请稍后重试。Please try again later.</p><p><a href='/'>返回首页 / Home</a></p>")
    return HttpResponseServerError(body)


def csrf_failure(request, reason: str = ""):
    """The CSRF check failed (a form open too long, after a new login elsewhere, or cookies blocked)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
