import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 6, 15, 10, 0), tick=False)
@pytest.mark.parametrize("username", ["official1", "enterprise1", "dispatcher1", "oversight1", "admin", "handler1"])
def test_every_liaison_page_renders_for_each_role(client, people, username):
    client.force_login(people[username])
    assert client.get("/").status_code == 200
    for url in ["/liaison/", "/liaison/visits/", "/liaison/forums/", "/liaison/projects/"]:
        r = client.get(url)
        assert r.status_code in (200, 403), url
