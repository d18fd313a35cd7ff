import pytest

from portal import creditcode
from portal.forms import CreditCodeField

# Codes printed on published business licences / the national enterprise credit publicity system.
REAL_CODES = [
    "91110000802100433B",  # 北京百度网讯科技有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 浙江天猫网络有限公司
    "91110108551385082Q",  # 北京小米科技有限责任公司
    "914403001922038216",  # 华为技术有限公司
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_codes_are_valid(code):
    assert creditcode.problem(code) is None
    assert creditcode.check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL_CODES)
def test_changing_the_check_character_is_refused(code):
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert "校验位" in creditcode.problem(wrong)


def test_wrong_length_is_refused_in_chinese():
    assert "18位" in creditcode.problem("91110000802100433")
    assert "18位" in creditcode.problem("91110000802100433B1")


def test_forbidden_letters_are_refused():
    assert "不允许的字符" in creditcode.problem("9111000080210043IB")


def test_form_field_normalises_and_validates():
    field = CreditCodeField()
    assert field.clean(" 91110000802100433b ") == "91110000802100433B"
    with pytest.raises(Exception) as exc:
        field.clean("91110000802100433A")
    assert "校验位不正确" in str(exc.value)
