"""The initial categories and routing rules (issue 3), used by the data migration and the demo after a flush."""

# jurisdiction code, name, default department, answer days (sign-for: 1 working day), description
CATEGORIES = [
    ("HK", "政策咨询", "经济发展与招商局", 3, "涉企政策的理解、申报条件和办理流程"),
    ("HK", "意见建议", "党政综合办公室", 10, "对营商环境和政府工作的意见建议"),
    ("HK", "困难诉求", "经济发展与招商局", 10, "生产经营中遇到的用地、融资、用工等困难"),
    ("HK", "法律维权", "司法所", 15, "合法权益受到侵害，需要法律帮助"),
    ("HK", "投诉举报", "应急管理和市场监督管理局", 15, "对涉企执法、公职人员作风等的投诉举报"),
]


def seed_categories(Category, Department, Jurisdiction) -> int:
    """Create the missing categories (never overwrites an admin's edit); returns how many were added."""
    added = 0
    for order, (code, name, dept_name, answer_days, description) in enumerate(CATEGORIES, start=1):
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is None:
            continue
        department = Department.objects.filter(jurisdiction=jurisdiction, name=dept_name).first()
        _, created = Category.objects.get_or_create(
            jurisdiction=jurisdiction, name=name,
            defaults={"default_department": department, "sign_days": 1, "answer_days": answer_days,
                      "description": description, "order": order},
        )
        added += created
    return added
