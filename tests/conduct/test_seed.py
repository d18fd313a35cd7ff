"""Acceptance 1: after seed_registers the API publishes 10, 7, 10, 10 and 12 rules, word for word."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from conduct.models import Register, Rule

pytestmark = pytest.mark.django_db


def seeds_dir() -> Path:
    for candidate in (os.environ.get("SEEDS_DIR"), Path(settings.BASE_DIR).parent / "shared" / "seeds",
                      "/work/shared/seeds"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    pytest.fail("the source documents (../shared/seeds) are missing; set SEEDS_DIR")


def _items(segment: str, numbering: str) -> list[str]:
    """Split a list into items by their numbering; a line without numbering continues the item before
    it (that is what a page break inside an item looks like in the files)."""
    items: list[str] = []
    for line in (ln.strip() for ln in segment.splitlines()):
        if not line:
            continue
        m = re.match(numbering, line)
        if m:
            items.append(line[m.end():])
        else:
            items[-1] += line
    return items


def _between(text: str, start: str, end: str | None) -> str:
    i = text.index(start) + len(start)
    return text[i:text.index(end, i)] if end else text[i:]


def expected_rules() -> dict[str, list[str]]:
    hk = (seeds_dir() / "hengkou-measures.zh.txt").read_text(encoding="utf-8")
    zj = (seeds_dir() / "zhanjiang-lists.zh.txt").read_text(encoding="utf-8")
    arabic, chinese = r"^\d+\.\s*", r"^（[一二三四五六七八九十]+）"
    return {
        "hk-officials": _items(_between(hk, "严禁下“十种行为”：", "责任部门"), arabic),
        "hk-enterprises": _items(_between(hk, "不准有以下“七种行为”：", "责任部门"), arabic),
        "hk-investment": _items(_between(hk, "严禁以下“十种行为”。", "责任部门"), arabic),
        "zj-positive": _items(_between(zj, "推动非公有制经济发展壮大和经济高质量发展。", "二、政商交往负面清单"), chinese),
        "zj-negative": _items(_between(zj, "各种违纪违法现象“零容忍”。", None), chinese),
    }


def test_api_publishes_the_five_registers_word_for_word(client):
    call_command("seed_registers")
    body = client.get("/api/v1/registers/").json()
    published = {r["key"]: r for r in body["results"]}
    expected = expected_rules()
    assert {k: len(v) for k, v in expected.items()} == {
        "hk-officials": 10, "hk-enterprises": 7, "hk-investment": 10, "zj-positive": 10, "zj-negative": 12}
    assert {k: len(published[k]["rules"]) for k in expected} == {k: len(v) for k, v in expected.items()}
    for key, texts in expected.items():
        assert [r["text"] for r in published[key]["rules"]] == texts, key
        assert [r["number"] for r in published[key]["rules"]] == list(range(1, len(texts) + 1))


def test_a_rule_split_by_a_page_break_is_one_text_without_the_break(client):
    call_command("seed_registers")
    first = Rule.objects.get(register__key="hk-officials", number=1).text
    assert "满月宴、生日宴等婚丧喜庆事宜敛财；" in first and "\n" not in first
    sixth = Rule.objects.get(register__key="hk-investment", number=6).text
    assert sixth.endswith("以及擅自以非工作原因改变既定线路和延长外出时间；")
    assert sixth.startswith("严禁借外出招商之机")


def test_numbering_lives_in_number_and_zhanjiang_items_keep_title_and_body():
    call_command("seed_registers")
    warm = Rule.objects.get(register__key="zj-positive", number=1)
    assert warm.text.startswith("开展暖企活动。积极实施") and warm.label == "（一）"
    assert Rule.objects.get(register__key="zj-negative", number=11).label == "（十一）"
    assert Rule.objects.get(register__key="hk-officials", number=10).label == "10."
    assert not Rule.objects.filter(text__regex=r"^(\d+\.|（)").exists()


def test_registers_carry_source_binds_and_kind():
    call_command("seed_registers")
    regs = {r.key: r for r in Register.objects.select_related("jurisdiction")}
    assert regs["hk-officials"].binds == "officials" and regs["hk-officials"].kind == "prohibition"
    assert regs["hk-enterprises"].binds == "enterprises"
    assert regs["hk-investment"].binds == "investment"
    assert regs["zj-positive"].kind == "encouraged" and regs["zj-positive"].jurisdiction.code == "ZJ"
    assert "（六）" in regs["hk-enterprises"].source_measure
    assert "恒口示范区" in regs["hk-officials"].source_document


def test_running_again_changes_nothing():
    call_command("seed_registers")
    before = list(Rule.objects.values_list("pk", "text", "effective_from", "order"))
    history = Rule.history.count()
    call_command("seed_registers")
    assert list(Rule.objects.values_list("pk", "text", "effective_from", "order")) == before
    assert Rule.history.count() == history
    assert Register.objects.count() == 5


def test_running_again_never_overwrites_an_admins_edit_nor_brings_back_a_deleted_register_rule():
    call_command("seed_registers")
    rule = Rule.objects.get(register__key="hk-officials", number=3)
    rule.text = "管理员修改后的文本"
    rule.save()
    Register.objects.filter(key="zj-positive").update(title="管理员改过的标题")
    call_command("seed_registers")
    assert Rule.objects.get(pk=rule.pk).text == "管理员修改后的文本"
    assert Register.objects.get(key="zj-positive").title == "管理员改过的标题"


def test_a_rule_an_admin_deleted_or_renumbered_is_not_loaded_again():
    call_command("seed_registers")
    Rule.objects.get(register__key="hk-enterprises", number=7).delete()
    renumbered = Rule.objects.get(register__key="hk-enterprises", number=3)
    renumbered.number = 30
    renumbered.save()
    Register.objects.get(key="zj-negative").rules.all().delete()
    Register.objects.get(key="zj-negative").delete()
    call_command("seed_registers")
    assert sorted(Rule.objects.filter(register__key="hk-enterprises").values_list("number", flat=True)) == [
        1, 2, 4, 5, 6, 30]
    assert not Register.objects.filter(key="zj-negative").exists()


def _flat(text: str) -> str:
    """A document's text with its line and page breaks removed (what a preamble is compared with)."""
    return re.sub(r"\s*\n\s*", "", text)


def test_preambles_and_responsible_bodies_are_the_documents_words():
    from conduct import registers as source

    hk = _flat((seeds_dir() / "hengkou-measures.zh.txt").read_text(encoding="utf-8"))
    zj = _flat((seeds_dir() / "zhanjiang-lists.zh.txt").read_text(encoding="utf-8"))
    for key, *_rest in source.REGISTERS:
        document = hk if key.startswith("hk-") else zj
        assert source.PREAMBLES[key] in document, key
        body = source.RESPONSIBLE_BODIES[key]
        if key.startswith("hk-"):  # the 责任部门 line right after the list
            after_preamble = document[document.index(source.PREAMBLES[key]):]
            assert after_preamble[after_preamble.index("责任部门："):].startswith(f"责任部门：{body}"), key
        else:
            assert body == "" and "责任部门" not in zj
    # the title is the sentence that introduces the list, as printed (恒口) or the list's heading (湛江)
    for key, _code, title, *_rest in source.REGISTERS:
        assert title in (hk if key.startswith("hk-") else zj), key
        assert title in source.PREAMBLES[key] or key.startswith("zj-"), key
