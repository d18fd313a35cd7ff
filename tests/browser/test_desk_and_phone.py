"""Issue 15 in the browser: the menu on one line for every role at 1280 px (the phone keeps its order), the
dispatcher's sortable table with 批量分办, the enterprise's list on a phone (filters behind one button)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from complaints import services
from complaints.models import Category, Complaint
from tests.security.access_matrix import ROLE_USERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The top-level entries of the menu bar and of the user's side, their tops and heights, and the language select.
MENU_GEOMETRY = r"""() => {
  const boxes = [...document.querySelectorAll("#main-menu > li, #user-menu > li")].map(li => {
    const r = li.getBoundingClientRect();
    return {text: li.innerText.replace(/\s+/g, " ").trim(), top: Math.round(r.top), height: Math.round(r.height)};
  });
  const select = document.querySelector("#language-form select");
  const bar = document.querySelector("#portal-nav").getBoundingClientRect();
  return {boxes, bar: Math.round(bar.height), select: [select.clientWidth, select.scrollWidth],
          selected: select.options[select.selectedIndex].text};
}"""


def test_every_roles_menu_fits_one_line_at_1280_and_the_phone_menu_keeps_its_order(people, login, live_server):
    for role, username in ROLE_USERS.items():
        page = login(username)
        page.set_viewport_size({"width": 1280, "height": 800})
        geometry = page.evaluate(MENU_GEOMETRY)
        boxes = geometry["boxes"]
        assert len(boxes) >= 4, (role, boxes)
        # One line: every entry overlaps every other vertically (they are centred, so tops differ a little).
        assert max(b["top"] for b in boxes) < min(b["top"] + b["height"] for b in boxes), \
            f"{role}: the menu wraps onto a second line: {boxes}"
        # One line of text per entry: no label breaks inside a word (a wrapped label doubles its height).
        assert all(b["height"] <= 48 for b in boxes), f"{role}: a menu label wraps: {boxes}"
        assert geometry["bar"] <= 64, f"{role}: the menu bar is {geometry['bar']}px tall"
        width, needed = geometry["select"]
        assert width >= needed and geometry["selected"] == "简体中文", f"{role}: the language select shrank"
        desk_order = [b["text"] for b in boxes]

        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("button", name="切换导航").click()
        expect(page.locator("#mainnav")).to_be_visible()
        phone = page.evaluate(MENU_GEOMETRY)["boxes"]
        assert [b["text"] for b in sorted(phone, key=lambda b: b["top"])] == desk_order, role
        page.set_viewport_size({"width": 1280, "height": 800})


def test_the_oversight_menu_groups_its_pages_by_task(people, login, live_server):
    page = login("oversight1")
    page.set_viewport_size({"width": 1280, "height": 800})
    menu = page.locator("#main-menu")
    expect(menu.locator("> li")).to_have_count(6)  # 工作台, four task groups, 安全审计
    page.get_by_role("button", name="督查", exact=True).click()
    page.get_by_role("link", name="督查看板").click()
    expect(page).to_have_url(f"{live_server.url}/oversight/")
    expect(page.locator('[data-menu-group="oversight"] > .nav-link.active')).to_be_visible()


def test_the_dispatcher_sorts_the_inbox_and_assigns_ticked_rows_in_one_go(people, login, live_server):
    enterprise = people["enterprise1"]
    category = Category.objects.filter(jurisdiction__code="HK", is_active=True).order_by("id").first()
    filed = [services.submit_complaint(enterprise=enterprise.enterprise, submitter=enterprise, category=category,
                                       title=f"批量分办{i}", description="请处理。") for i in range(3)]
    page = login("dispatcher1")
    page.goto(f"{live_server.url}/complaints/inbox/")
    table = page.locator("#complaint-list")
    expect(table.get_by_role("columnheader", name="答复期限")).to_be_visible()
    table.get_by_role("link", name="编号").click()  # ascending already: the click sorts newest first
    expect(page).to_have_url(f"{live_server.url}/complaints/inbox/?sort=-number&page=1")
    numbers = table.locator("tbody [data-number]").evaluate_all("links => links.map(a => a.dataset.number)")
    assert numbers == sorted(numbers, reverse=True)
    for c in filed[:2]:
        page.get_by_label(f"选择 {c.number}").check()
    department = people["handler1"].department
    page.get_by_label("将勾选的诉求分办至").select_option(label=department.name)
    page.get_by_role("button", name="批量分办").click()
    expect(page.get_by_role("alert").filter(has_text="已将 2 件诉求分办至")).to_be_visible()
    expect(page.locator(f'[data-number="{filed[0].number}"]')).to_have_count(0)
    expect(page.locator(f'[data-number="{filed[2].number}"]')).to_have_count(1)
    assert set(Complaint.objects.filter(pk__in=[c.pk for c in filed]).values_list("status", flat=True)) == {
        Complaint.Status.ASSIGNED, Complaint.Status.SUBMITTED}


def test_the_enterprise_list_on_a_phone_folds_its_filters_behind_one_button(people, login, live_server):
    page = login("enterprise1")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/complaints/")
    expect(page.locator("#complaint-list")).to_be_visible()
    filters = page.locator("#list-filters")
    expect(filters).to_be_hidden()
    expect(page.get_by_label("承办部门")).to_have_count(0)
    page.get_by_role("button", name="筛选").click()
    expect(filters).to_be_visible()
    page.get_by_label("状态").select_option(label="待受理")
    filters.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"/complaints/\?.*status=submitted"))
    expect(page.locator("#list-filters")).to_be_visible()  # open while a filter is in use
    name = people["enterprise1"].enterprise.name
    expect(page.locator("#complaint-list").get_by_text(name)).to_have_count(0)


def test_the_english_menu_of_the_busiest_roles_fits_one_line_at_1280(people, login, live_server):
    for username in ("oversight1", "admin"):
        page = login(username)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.locator("#language-form select").select_option("en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        geometry = page.evaluate(MENU_GEOMETRY)
        boxes = geometry["boxes"]
        assert max(b["top"] for b in boxes) < min(b["top"] + b["height"] for b in boxes), boxes
        assert geometry["bar"] <= 64 and geometry["select"][0] >= geometry["select"][1], geometry
        scroll, client = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client
        page.locator("#language-form select").select_option("zh-hans")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
