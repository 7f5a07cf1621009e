"""Fill the Chinese catalogue from a JSON file of {msgid: msgstr} and compile it.

    uv run tongchou manage makemessages -l zh_Hans --no-obsolete   (from tongchou/)
    uv run python scripts/po_fill.py translations.json
    uv run python scripts/po_fill.py --missing          # list msgids still untranslated
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "tongchou/locale/zh_Hans/LC_MESSAGES/django.po"


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def main(argv: list[str]) -> int:
    po = polib.pofile(str(PO))
    if argv and argv[0] == "--missing":
        for entry in po:
            if not _translated(entry) or "fuzzy" in entry.flags:
                print(json.dumps(entry.msgid, ensure_ascii=False))
        return 0
    translations: dict[str, str] = {}
    for path in argv:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    for entry in po:
        if entry.msgid in translations:
            if entry.msgid_plural:
                # Chinese has one plural form (Plural-Forms: nplurals=1).
                entry.msgstr_plural = {0: translations[entry.msgid]}
            else:
                entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif "fuzzy" in entry.flags:
            entry.msgstr = ""
            if entry.msgid_plural:
                entry.msgstr_plural = {0: ""}
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save(str(PO))
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    missing = [e.msgid for e in po if not _translated(e)]
    print(f"{len(po) - len(missing)} translated, {len(missing)} missing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
