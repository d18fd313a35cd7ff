"""Every liaison page renders for the roles that may see it (on the demo data), and the demo is idempotent."""

import pytest

from liaison.models import Chamber, Forum, InspectionReport, KeyProject, Pairing, Visit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["official1", "enterprise1", "dispatcher1", "oversight1", "admin", "handler1"])
def test_every_liaison_list_renders_for_each_role(client, people, username):
    client.force_login(people[username])
    assert client.get("/").status_code == 200
    for url in ["/liaison/", "/liaison/visits/", "/liaison/forums/", "/liaison/projects/"]:
        expected = 403 if username == "enterprise1" and url == "/liaison/projects/" else 200
        assert client.get(url).status_code == expected, url


def test_detail_and_form_pages_render(client, people):
    visit = Visit.objects.filter(pairing__official=people["official1"]).first()
    forum = Forum.objects.first()
    project = KeyProject.objects.first()
    report = InspectionReport.objects.first()
    pages = {
        "official1": [f"/liaison/pairings/{visit.pairing_id}/", f"/liaison/visits/{visit.pk}/",
                      f"/liaison/pairings/{visit.pairing_id}/visits/new/", "/liaison/mine/", "/liaison/forums/new/",
                      f"/liaison/forums/{forum.pk}/", f"/liaison/forums/{forum.pk}/hold/",
                      f"/liaison/projects/{project.pk}/", f"/liaison/projects/{project.pk}/reports/new/",
                      f"/liaison/reports/{report.pk}/"],
        "dispatcher1": ["/liaison/projects/new/", f"/liaison/forums/{forum.pk}/"],
        "oversight1": ["/liaison/pairings/new/", f"/liaison/pairings/{visit.pairing_id}/"],
        "enterprise1": [f"/liaison/forums/{forum.pk}/"],
        "enterprise2": [f"/liaison/visits/{Visit.objects.get(pairing__enterprise__users=people['enterprise2']).pk}/",
                        f"/liaison/visits/{Visit.objects.get(pairing__enterprise__users=people['enterprise2']).pk}"
                        "/dispute/"],
    }
    for username, urls in pages.items():
        client.force_login(people[username])
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)


def test_demo_step_is_idempotent(people):
    from portal import demo

    counts = [m.objects.count() for m in (Pairing, Visit, Forum, Chamber, KeyProject, InspectionReport)]
    demo.seed(password="pw-Test-12345")
    assert [m.objects.count() for m in (Pairing, Visit, Forum, Chamber, KeyProject, InspectionReport)] == counts
    assert Pairing.objects.filter(official=people["official1"]).count() == 2
    assert counts[1] >= 2
