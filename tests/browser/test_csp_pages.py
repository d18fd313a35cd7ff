"""Acceptance 4: the Content-Security-Policy holds on the pages with the most script and style — the admin
(lists, forms with date and related-object widgets), the API documentation (Redoc), the public
registers page, the language switch and a confirm-before-submit form — with no console violation (the
`_no_csp_violations` fixture of tests/conftest.py checks every browser test; this one visits them all)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_pages_run_under_the_policy(people, login, live_server):
    page = login("admin")
    urls = ["/admin/"]
    urls += [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    urls += [reverse("admin:portal_holiday_add"), reverse("admin:portal_user_change", args=[people["enterprise1"].pk]),
             reverse("admin:conduct_rule_changelist") + "?q=企业"]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"], url
    # The date widget's calendar (admin JavaScript building its own markup) opens without a violation.
    page.goto(live_server.url + reverse("admin:portal_holiday_add"))
    page.locator(".datetimeshortcuts a").last.click()
    assert page.locator(".calendarbox").first.is_visible()


def test_api_documentation_renders_under_the_policy(people, login, live_server):
    page = login("dispatcher1")
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.locator("#redoc-container:not([aria-busy])").wait_for()
    page.get_by_role("heading", name="亲清政商服务平台 API").first.wait_for()
    assert page.locator(".api-content [data-section-id]").count() > 50  # every operation drawn
    # Redoc's old address sends old links on (301), the fragment of an operation kept by the browser.
    moved = page.goto(f"{live_server.url}/api/redoc/#tag/v1")
    assert moved.request.redirected_from.response().status == 301
    assert page.url == f"{live_server.url}/api/docs/#tag/v1"
    page.locator("#redoc-container:not([aria-busy])").wait_for()


def test_portal_behaviour_moved_out_of_inline_handlers_still_works(people, login, live_server):
    from liaison.models import Pairing

    page = login("oversight1")
    # The language switch submits on change (was onchange=…).
    # select_option returns before the submitted form's page loads: wait for the new page, not the old one.
    page.locator("#language-form select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("#language-form select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    # Ending a pairing asks first (was onsubmit=…): dismissing keeps it, accepting ends it.
    pairing = Pairing.objects.filter(official=people["official1"], end__isnull=True).first()
    page.goto(f"{live_server.url}{reverse('liaison:pairing-detail', args=[pairing.pk])}")
    form = page.locator(f"form[action='{reverse('liaison:pairing-end', args=[pairing.pk])}']")
    page.once("dialog", lambda d: d.dismiss())
    form.locator("button").click()
    page.wait_for_timeout(300)
    pairing.refresh_from_db()
    assert pairing.end is None
    page.once("dialog", lambda d: d.accept())
    form.locator("button").click()
    page.wait_for_load_state()
    pairing.refresh_from_db()
    assert pairing.end is not None
    # The public registers page keeps its print button and its own stylesheet.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/conduct/registers/")
    assert page.locator("[data-print]").count() == 1
    white_space = page.locator(".rule-text").first.evaluate("e => getComputedStyle(e).whiteSpace")
    assert white_space == "pre-wrap"
