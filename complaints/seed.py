"""The initial categories and routing rules (issue 3), used by the data migration and the demo after a flush."""

# jurisdiction code, name, default department, answer days (sign-for: 1 working day), description
CATEGORIES = [
    ("HK", "政策咨询", "经济发展与招商局", 3, "涉企政策的理解、申报条件和办理流程"),
    ("HK", "意见建议", "党政综合办公室", 10, "对营商环境和政府工作的意见建议"),
    ("HK", "困难诉求", "经济发展与招商局", 10, "生产经营中遇到的用地、融资、用工等困难"),
    ("HK", "法律维权", "司法所", 15, "合法权益受到侵害，需要法律帮助"),
    ("HK", "投诉举报", "应急管理和市场监督管理局", 15, "对涉企执法、办事服务的投诉；举报公职人员违规请用“违规举报”"),
]

# 湛江's own categories and routing, from its 正面清单 (倾听企业意见, 纾难解困, 优化政务服务, 保障企业权益) and its
# departments (the demo set in portal/demo.py creates them; without them these are skipped).
ZJ_CATEGORIES = [
    ("ZJ", "政务服务", "市政务服务和数据管理局", 5, "审批办事、“马上办”“网上办”“一次办”中遇到的问题"),
    ("ZJ", "意见建议", "市发展和改革局", 10, "对涉企政策和营商环境的意见建议"),
    ("ZJ", "困难诉求", "市工业和信息化局", 10, "生产经营、项目建设中需要协调解决的困难"),
    ("ZJ", "企业权益保护", "市司法局", 15, "执法、司法活动中企业合法权益受到影响"),
    ("ZJ", "市场监管执法", "市市场监督管理局", 15, "乱检查、乱收费、乱罚款等涉企执法问题"),
]


def seed_categories(Category, Department, Jurisdiction, categories=CATEGORIES) -> int:
    """Create the missing categories (never overwrites an admin's edit); returns how many were added."""
    added = 0
    for order, (code, name, dept_name, answer_days, description) in enumerate(categories, start=1):
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is None:
            continue
        department = Department.objects.filter(jurisdiction=jurisdiction, name=dept_name).first()
        if department is None and code == "ZJ":
            continue  # 湛江's departments are not loaded: no category that routes nowhere
        _, created = Category.objects.get_or_create(
            jurisdiction=jurisdiction, name=name,
            defaults={"default_department": department, "sign_days": 1, "answer_days": answer_days,
                      "description": description, "order": order},
        )
        added += created
    return added
