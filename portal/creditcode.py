"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: registration authority (1), organisation type (1), administrative division (6),
organisation code (9, with its own GB 11714 check character) and one check character computed
mod 31 over the first 17, from the alphabet 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z).
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The 18th character for the first 17 characters."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None when the code is valid, else the reason in Chinese."""
    from django.utils.translation import gettext as _

    if len(code) != 18:
        return _("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)}
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        return _("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、S、V、Z）。") % {"chars": "".join(bad)}
    if check_character(code[:17]) != code[17]:
        return _("统一社会信用代码校验位不正确，请核对后重新输入。")
    return None


def normalise(code: str) -> str:
    return code.strip().upper().replace(" ", "")
