"""The same complaint form posted twice (a double click, a resent request) files once and shows the first result."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.test import Client

from complaints.models import Complaint

TOKEN = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')


def shown_token(client) -> str:
    html = client.get("/complaints/new/").content.decode()
    match = TOKEN.search(html)
    assert match, "the form carries a hidden one-time token"
    return match.group(1)


@pytest.mark.django_db
def test_a_form_posted_twice_files_once_and_the_second_post_shows_the_first(client, people, categories):
    client.force_login(people["enterprise1"])
    token = shown_token(client)
    assert shown_token(client) != token  # each empty form gets a new one
    form = {"category": categories["政策咨询"].pk, "title": "重复提交", "description": "点了两次提交",
            "submission_token": token}
    first = client.post("/complaints/new/", form)
    second = client.post("/complaints/new/", form)
    complaint = Complaint.objects.get(title="重复提交")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/complaints/{complaint.pk}/"
    # A new form (a new token) files a new complaint.
    client.post("/complaints/new/", {**form, "submission_token": shown_token(client)})
    assert Complaint.objects.filter(title="重复提交").count() == 2


@pytest.mark.django_db
def test_a_form_shown_again_with_errors_keeps_its_token_and_files_once(client, people, categories):
    client.force_login(people["enterprise1"])
    token = shown_token(client)
    form = {"category": categories["政策咨询"].pk, "title": "先漏填内容", "submission_token": token}
    html = client.post("/complaints/new/", form).content.decode()
    assert TOKEN.search(html).group(1) == token and not Complaint.objects.filter(title="先漏填内容").exists()
    client.post("/complaints/new/", {**form, "description": "补上内容"})
    client.post("/complaints/new/", {**form, "description": "补上内容"})
    assert Complaint.objects.filter(title="先漏填内容").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_posts_100_ms_apart_race_and_file_once(people, categories):
    """Each post on its own thread and database connection, the second 100 ms after the first."""
    user = people["enterprise1"]
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(user)
    token = shown_token(clients[0])
    form = {"category": categories["政策咨询"].pk, "title": "并发重复提交", "description": "两个请求",
            "submission_token": token}
    locations: list[str] = []

    def post(c: Client) -> None:
        from django.db import connection

        try:
            locations.append(c.post("/complaints/new/", form)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    threads[0].start()
    time.sleep(0.1)
    threads[1].start()
    for t in threads:
        t.join(30)
    complaint = Complaint.objects.get(title="并发重复提交")
    assert locations == [f"/complaints/{complaint.pk}/"] * 2
