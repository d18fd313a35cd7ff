"""The jurisdictions and departments the two source documents name (../shared/seeds)."""

JURISDICTIONS = [
    # code, name, pairing limit (measure 二: 1–2 key enterprises), visit quota (≥3 a year), forum target (≥3)
    ("HK", "恒口示范区", 2, 3, 3),
    ("ZJ", "湛江市", 3, 4, 4),  # 湛江's own targets (portal/demo.py ZJ_QUOTAS)
]

# (jurisdiction code, department name, kind). Every 责任部门/责任单位 of the Hengkou measures; the
# Zhanjiang lists name no department: its own structure comes with the demo set (portal/demo.py) or its admins.
DEPARTMENTS = [
    ("HK", "党政综合办公室", "ordinary"),
    ("HK", "党政办督查室", "supervision"),
    ("HK", "党务群团工作局", "ordinary"),
    ("HK", "经济发展与招商局", "dispatch"),
    ("HK", "效能督查办公室", "efficiency"),
    ("HK", "监察审计局", "discipline"),
    ("HK", "应急管理和市场监督管理局", "ordinary"),
    ("HK", "社会事务管理局", "ordinary"),
    ("HK", "司法所", "ordinary"),
    ("HK", "市公安局恒口分局", "ordinary"),
    ("HK", "恒口法庭", "ordinary"),
    ("HK", "恒口检察室", "ordinary"),
]


def seed_directory(Jurisdiction, Department) -> None:
    """Create what is missing (called by the data migration and by the demo, after a test flush)."""
    by_code = {}
    for code, name, pairing_limit, visit_quota, forum_target in JURISDICTIONS:
        by_code[code], _ = Jurisdiction.objects.get_or_create(
            code=code,
            defaults={"name": name, "pairing_limit": pairing_limit, "visit_quota": visit_quota, "forum_target": forum_target},
        )
    for code, name, kind in DEPARTMENTS:
        Department.objects.get_or_create(jurisdiction=by_code[code], name=name, defaults={"kind": kind})
