"""Issue 14, point 1: a staff user finds an enterprise from the navigation's search box and opens its file in two
clicks (search, then the result), from any staff page; the file shows its complaints, visits and party status."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_search_an_enterprise_from_the_navigation_and_open_its_file(people, login, live_server):
    from complaints.models import Complaint

    e1 = people["enterprise1"].enterprise
    complaint = Complaint.objects.filter(enterprise=e1).order_by("-created_at").first()

    page = login("dispatcher1")
    page.goto(f"{live_server.url}/complaints/inbox/")  # any staff page
    search = page.locator("#enterprise-search")
    search.get_by_role("searchbox").fill("绿源农业")
    search.get_by_role("button", name="搜索").click()  # click 1
    page.locator(".enterprise-result", has_text=e1.name).click()  # click 2
    expect(page).to_have_url(f"{live_server.url}/enterprises/{e1.pk}/")
    expect(page.locator("#dossier-name")).to_contain_text(e1.name)
    expect(page.locator("#section-complaints")).to_contain_text(complaint.number)
    expect(page.locator("#section-visits .dossier-visit").first).to_be_visible()
    expect(page.locator('[data-figure="party"]')).to_contain_text("应建未建")
    expect(page.locator("#section-timeline .dossier-event").first).to_be_visible()

    # By credit code, from another staff page, as another role.
    page = login("official1")
    page.goto(f"{live_server.url}/liaison/")
    search = page.locator("#enterprise-search")
    search.get_by_role("searchbox").fill(e1.credit_code)
    search.get_by_role("button", name="搜索").click()
    page.locator(".enterprise-result", has_text=e1.name).click()
    expect(page.locator("#dossier-name")).to_contain_text(e1.name)


def test_party_department_assigns_an_instructor_from_the_list(people, login, live_server):
    e1 = people["enterprise1"].enterprise

    page = login("party1")
    page.locator("#party-card").get_by_role("link").click()
    page.locator(f'tr[data-enterprise="{e1.pk}"]').get_by_role("link", name="跟进").click()
    page.get_by_label("党建指导员").fill("张书记（official1）")
    page.get_by_label("跟进日期").fill("2030-06-30")
    page.get_by_label("跟进情况").fill("已上门宣讲党建政策")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#party-history li")).to_have_count(1)
    page.get_by_role("link", name="返回").click()
    expect(page.locator(f'tr[data-enterprise="{e1.pk}"]')).to_contain_text("张书记")
    expect(page.locator(f'tr[data-enterprise="{e1.pk}"]')).to_contain_text("2030-06-30")

    # On a phone the coverage tables and the enterprise's file are lists: nothing scrolls sideways in its card.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/party/", f"/enterprises/{e1.pk}/"):
        page.goto(f"{live_server.url}{path}")
        wide = page.evaluate("""() => [...document.querySelectorAll('.table-stack')]
            .map(t => t.closest('.table-responsive') || t.parentElement)
            .filter(box => box.scrollWidth > box.clientWidth + 1).map(box => box.querySelector('table').id || 'table')""")
        assert page.locator(".table-stack").count() >= 2, path
        assert wide == [], f"{path}: tables scroll sideways at 390 px: {wide}"
