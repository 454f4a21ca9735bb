"""The register as CSV for spreadsheets: one row per processing of one item, of three
kinds (`collected`, `shared`, `cross_border`), so that a single sheet can be filtered."""

from __future__ import annotations

import csv
import io

from .register import Register
from .texts import retention, t

COLUMNS = ("kind", "office", "service", "item", "name", "categories", "sensitive", "purpose",
           "legal_basis", "retention", "to", "method", "destination", "file")


def render(register: Register) -> str:
    lang = register.lang
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    files = {s["id"]: s["file"] for o in register.offices for s in o["services"]}
    for office in register.offices:
        for p in office["processing"]:
            writer.writerow(["collected", office["id"], p["service"], p["item"], p["name"], "|".join(p["categories"]),
                             _yes(p["sensitive"], lang), p["purpose"], p["legal_basis"], retention(p["retention"], lang),
                             "", "", "", files.get(p["service"], "")])
    for flow in register.flows:
        for i in flow["items"]:
            writer.writerow(["shared", flow["from"], i["service"], i["item"], i["name"], "|".join(i["categories"]),
                             _yes(i["sensitive"], lang), i["purpose"], i["legal_basis"], "", flow["to"], i["method"] or "",
                             "", i["file"]])
    for x in register.cross_border:
        writer.writerow(["cross_border", x["office"], x["service"], x["item"], x["name"], "|".join(x["categories"]),
                         _yes(x["sensitive"], lang), "", x["legal_basis"], "", "", "", x["destination"], x["file"]])
    return out.getvalue()


def _yes(value: bool, lang: str) -> str:
    return t("yes" if value else "no", lang)
