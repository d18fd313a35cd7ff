import pytest
from django.http import HttpRequest
from django.urls import reverse

from portal.models import Enterprise, Notification, Role, User

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in html
    assert "用户登录" in html and "用户名" in html and "密码" in html


def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    assert 'lang="en"' in response.content.decode()
    assert "Sign in" in response.content.decode()


@pytest.mark.parametrize(
    "username,title",
    [("enterprise1", "企业工作台"), ("official1", "领导干部工作台"), ("dispatcher1", "诉求受理工作台"),
     ("handler1", "部门承办工作台"), ("oversight1", "效能督查工作台"), ("admin", "系统管理工作台")],
)
def test_each_role_lands_on_its_home(client, people, password, username, title):
    response = client.post("/accounts/login/", {"username": username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert title in response.content.decode()


def test_wrong_password_is_refused_in_chinese(client, people):
    response = client.post("/accounts/login/", {"username": "enterprise1", "password": "nope"})
    assert "请输入一个正确的" in response.content.decode()


def registration(**overrides):
    data = {
        "jurisdiction": "", "enterprise_name": "恒口新材料有限公司", "credit_code": "91110000802100433B",
        "full_name": "赵六", "phone": "13800000000", "email": "zhao@example.com", "username": "zhaoliu",
        "password1": "Hengkou2026x", "password2": "Hengkou2026x",
    }
    data.update(overrides)
    return data


def test_self_registration_creates_an_inactive_enterprise_user_and_tells_admins(client, people):
    from portal.models import Jurisdiction

    hk = Jurisdiction.objects.get(code="HK")
    response = client.post("/accounts/register/", registration(jurisdiction=hk.pk))
    assert response.status_code == 200 and "注册申请已提交" in response.content.decode()
    user = User.objects.get(username="zhaoliu")
    assert not user.is_active and user.enterprise.credit_code == "91110000802100433B"
    assert Role.ENTERPRISE in user.roles
    assert Notification.objects.filter(recipient=people["admin"], subject__contains="待激活").exists()
    # Inactive users cannot log in until activated.
    assert not client.login(request=HttpRequest(), username="zhaoliu", password="Hengkou2026x")


@pytest.mark.parametrize(
    "code,message",
    [("91110000802100433A", "校验位不正确"), ("9111000080210043", "应为18位")],
)
def test_registration_refuses_a_bad_credit_code(client, people, code, message):
    from portal.models import Jurisdiction

    hk = Jurisdiction.objects.get(code="HK")
    response = client.post("/accounts/register/", registration(jurisdiction=hk.pk, credit_code=code))
    assert message in response.content.decode()
    assert not User.objects.filter(username="zhaoliu").exists()
    assert not Enterprise.objects.filter(name="恒口新材料有限公司").exists()


def test_registration_refuses_a_weak_password(client, people):
    from portal.models import Jurisdiction

    hk = Jurisdiction.objects.get(code="HK")
    response = client.post("/accounts/register/", registration(jurisdiction=hk.pk, password1="12345678", password2="12345678"))
    assert response.status_code == 200
    assert not User.objects.filter(username="zhaoliu").exists()
    assert "密码" in response.content.decode()


def test_admin_activation_lets_the_user_in(client, people):
    from portal.services import activate_user

    user = User.objects.create_user("newco", password="Hengkou2026x", is_active=False)
    activate_user(user, by=people["admin"])
    assert client.login(request=HttpRequest(), username="newco", password="Hengkou2026x")


def test_password_change_page_is_chinese(client, people):
    client.force_login(people["enterprise1"])
    assert "修改密码" in client.get("/accounts/password/").content.decode()
