"""Fill locale/en/LC_MESSAGES/django.po from locale/en/translations/*.json (Chinese source → English).

`make messages` runs makemessages, this script, then compilemessages. Strings missing from the JSON
are listed and left empty, which the catalogue test reports.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/en/LC_MESSAGES/django.po"
TABLES = ROOT / "locale/en/translations"  # one JSON file per app: {"中文原文": "English"}


def unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main() -> int:
    table: dict[str, str] = {}
    for path in sorted(TABLES.glob("*.json")):
        table.update(json.loads(path.read_text(encoding="utf-8")))
    entries: list[list[str]] = [[]]
    in_msgstr = False
    for ln in PO.read_text(encoding="utf-8").split("\n"):
        starts_entry = ln.startswith("#") or ln.startswith("msgid ")
        if (not ln.strip() or (starts_entry and in_msgstr)) and entries[-1]:
            entries.append([])
            in_msgstr = False
        if not ln.strip():
            continue
        if ln.startswith("msgstr"):
            in_msgstr = True
        entries[-1].append(ln)
    out, missing = [], []
    for lines in entries:
        if not lines:
            continue
        comments = [ln for ln in lines if ln.startswith("#") and not ln.startswith("#, fuzzy")]
        fields: dict[str, list[str]] = {}
        current = None
        for ln in lines:
            if ln.startswith("#"):
                continue
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', ln)
            if m:
                current = m.group(1)
                fields[current] = [m.group(2)]
            elif ln.startswith('"') and current:
                fields[current].append(ln)
        if "msgid" not in fields:
            continue
        msgid = unquote(fields["msgid"])
        if msgid == "":  # the header
            head = [c for c in comments if not c.startswith("#,")]
            meta = unquote(fields["msgstr"]).replace("Language: \n", "Language: en\n")
            out.append("\n".join([*head, 'msgid ""', 'msgstr ""', *(quote(m) for m in meta.splitlines(keepends=True))]))
            continue
        english = table.get(msgid)
        if english is None:
            missing.append(msgid)
            english = ""
        entry = [*comments, f"msgid {quote(msgid)}"]
        if "msgid_plural" in fields:
            entry.append(f"msgid_plural {quote(unquote(fields['msgid_plural']))}")
            entry += [f"msgstr[0] {quote(english)}", f"msgstr[1] {quote(english)}"]
        else:
            entry.append(f"msgstr {quote(english)}")
        out.append("\n".join(entry))
    PO.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    for msgid in missing:
        print(f"no English for: {msgid}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
