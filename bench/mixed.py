"""The mixed-load benchmark's users (a locustfile): many people at once doing their real journeys through the forms.

Run by bench/run.py (`make bench`) as `locust -f bench/mixed.py --headless …` against the bench's gunicorn.
Who logs in comes from the JSON file named by MIXED_USERS ({"enterprise": [usernames…], "dispatcher": […],
"handler": […], "oversight": […]}), everyone with MIXED_PASSWORD. Weights: enterprises 60 %, dispatchers 15 %,
handlers 15 %, oversight 10 %; think time 1–3 s.

Two people acting on the same complaint is part of the load, not an error: an assignment or an answer refused
because someone else moved the complaint first is reported as a request of type RACE, apart from failures.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

USERS = json.loads(open(os.environ["MIXED_USERS"], encoding="utf-8").read()) if os.environ.get("MIXED_USERS") else {}
PASSWORD = os.environ.get("MIXED_PASSWORD", "Qingqing2026")
DETAIL = re.compile(r'href="/complaints/(\d+)/"')
ERROR = 'class="alert alert-danger'

_lock = threading.Lock()
_cursors = {role: itertools.cycle(names) for role, names in USERS.items() if names}


def next_username(role: str) -> str:
    with _lock:
        return next(_cursors[role])


class Form(HTMLParser):
    """A page's hidden inputs and each select's first real option: enough to post its form back."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields.setdefault(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and a.get("value"):
            self.options.setdefault(self._select, []).append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def race(name: str, started: float) -> None:
    events.request.fire(request_type="RACE", name=name, response_time=(time.perf_counter() - started) * 1000,
                        response_length=0, exception=None, context={})


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        form = Form(page.text).fields
        username = next_username(self.role)
        with self.client.post("/accounts/login/", data={**form, "username": username, "password": PASSWORD},
                              name="login", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"login of {username} answered {r.status_code}")

    def post_form(self, path: str, name: str, data: dict, *, race_name: str) -> bool:
        """Post a form page back; a redirect is success, the form again with an error is a race lost."""
        started = time.perf_counter()
        with self.client.post(path, data=data, name=name, catch_response=True) as r:
            if r.status_code >= 400:
                r.failure(f"{name} answered {r.status_code}")
                return False
            if ERROR in r.text:
                r.success()  # the portal refused politely: someone else moved the complaint first
                race(race_name, started)
                return False
        return True


class Enterprise(Person):
    weight = 60
    role = "enterprise"

    @task(3)
    def file_a_complaint(self):
        page = self.client.get("/complaints/new/", name="complaint form")
        form = Form(page.text)
        categories = form.options.get("category") or []
        if not categories:
            return
        n = random.randrange(10**6)
        with self.client.post("/complaints/new/", name="complaint submit", allow_redirects=False, catch_response=True,
                              data={**form.fields, "category": random.choice(categories),
                                    "title": f"压测诉求 {n}", "description": "混合负载基准：企业提交的诉求内容。"}) as r:
            if r.status_code != 302:
                r.failure(f"submit answered {r.status_code}")
                return
            location = r.headers.get("Location", "")
        if location:
            self.client.get(location, name="complaint detail")

    @task(2)
    def my_complaints(self):
        page = self.client.get("/complaints/", name="my complaints")
        found = DETAIL.findall(page.text)
        if found:
            self.client.get(f"/complaints/{random.choice(found)}/", name="complaint detail")

    @task(1)
    def home(self):
        self.client.get("/", name="home (enterprise)")


class Dispatcher(Person):
    weight = 15
    role = "dispatcher"

    @task(3)
    def assign_the_next(self):
        inbox = self.client.get("/complaints/inbox/", name="dispatcher inbox")
        found = DETAIL.findall(inbox.text)
        if not found:
            return
        pk = random.choice(found[:5])  # the first rows, as a desk works: dispatchers meet on the same ones
        page = self.client.get(f"/complaints/{pk}/assign/", name="assign form")
        form = Form(page.text)
        departments = form.options.get("department") or []
        if page.status_code != 200 or not departments:
            return
        self.post_form(f"/complaints/{pk}/assign/", "assign", {**form.fields, "department": random.choice(departments),
                                                               "note": "请按期办理。"}, race_name="assign (already routed)")

    @task(1)
    def home(self):
        self.client.get("/", name="home (dispatcher)")


class Handler(Person):
    weight = 15
    role = "handler"

    @task(3)
    def sign_and_answer(self):
        queue = self.client.get("/complaints/queue/", name="handler queue")
        found = DETAIL.findall(queue.text)
        if not found:
            return
        pk = random.choice(found[:5])
        detail = self.client.get(f"/complaints/{pk}/", name="complaint detail")
        form = Form(detail.text).fields
        if f"/complaints/{pk}/accept/" in detail.text:
            if not self.post_form(f"/complaints/{pk}/accept/", "accept", form, race_name="accept (already signed)"):
                return
        page = self.client.get(f"/complaints/{pk}/answer/", name="answer form")
        if page.status_code != 200 or ERROR in page.text:
            return
        self.post_form(f"/complaints/{pk}/answer/", "answer", {**Form(page.text).fields, "text": "已核实并办理，答复如下。"},
                       race_name="answer (already answered)")

    @task(1)
    def home(self):
        self.client.get("/", name="home (handler)")


class Oversight(Person):
    weight = 10
    role = "oversight"

    @task(2)
    def dashboard(self):
        self.client.get("/oversight/", name="dashboard")

    @task(1)
    def overdue(self):
        self.client.get("/complaints/overdue/", name="overdue list")
