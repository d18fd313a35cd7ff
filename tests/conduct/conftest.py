from __future__ import annotations

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def seeded(db):
    from conduct import services

    services.seed_registers()


@pytest.fixture
def rule(seeded):
    from conduct.models import Rule

    return Rule.objects.get(register__key="hk-officials", number=2)


@pytest.fixture
def make_report(people, rule):
    """File a report through the service (as enterprise1 unless told otherwise)."""
    from conduct import services

    def _make(reporter="enterprise1", anonymous=False, **kwargs):
        kwargs.setdefault("rules", [rule])
        kwargs.setdefault("description", "某工作人员要求企业报销餐费。")
        kwargs.setdefault("subject_name", "某局张某")
        return services.file_report(reporter=people[reporter], anonymous=anonymous, **kwargs)

    return _make


@pytest.fixture
def client_for(client, people, password):
    """A Django test client logged in as the named demo user."""

    def _client(username: str):
        client.logout()
        client.force_login(people[username])
        return client

    return _client
