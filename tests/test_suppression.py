"""Inline and file suppression comments, and the report of unused ones (SVC901)."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, run_svcstd, write
from svcstd import suppression

UNUSED_PHONE = MINIMAL.replace("    uses: [phone-number]\n", "")  # SVC404 at 48:9
PHONE_ID = "  - id: phone-number\n"


def findings(repo, text, *args):
    write(repo, "service.yaml", text)
    result = run_svcstd("check", "--format", "json", *args, "service.yaml", cwd=repo)
    return result.returncode, [(f["code"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]]


CASES = [
    # (edit of the definition with SVC404 at 48:9, findings left)
    ((PHONE_ID, "  - id: phone-number  # svcstd: disable=SVC404\n"), []),
    ((PHONE_ID, "  # svcstd: disable=unused-data\n" + PHONE_ID), []),  # the line above; by name
    ((PHONE_ID, "  - id: phone-number  #svcstd:disable=SVC4\n"), []),  # a prefix, no spaces
    (("contact:", "# svcstd: disable-file=SVC404,SVC203\ncontact:"), [("SVC901", 66, 1)]),  # SVC203 unused
    ((PHONE_ID, "  - id: phone-number  # svcstd: disable=SVC502\n"), [("SVC404", 48, 9), ("SVC901", 48, 23)]),
    (("status: active", "status: active  # svcstd: disable=SVC4040"), [("SVC901", 6, 17), ("SVC404", 48, 9)]),
    ((PHONE_ID, "  - id: phone-number  # svcstd: disable=SVC404\n    x-note: '# svcstd: disable=SVC502'\n"), []),
    (("description: {zh:", 'description: {en2: "a # svcstd: disable=SVC105", zh:'), [("SVC105", 4, 15), ("SVC404", 48, 9)]),
    (("type: benefit", "type: benefit\nx-notes: |\n  # svcstd: disable=SVC404\n  text"), [("SVC404", 51, 9)]),
    (("status: active", "status: active  # svcstd: disable=SVC404"), [("SVC901", 6, 17), ("SVC404", 48, 9)]),
]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_suppression(repo, change, expected):
    code, found = findings(repo, UNUSED_PHONE.replace(*change, 1))
    assert sorted(found, key=lambda f: f[1]) == sorted(expected, key=lambda f: f[1])
    assert code == (1 if any(c != "SVC404" and c != "SVC901" for c, _, _ in found) else 0)


def test_unused_suppression_message(repo):
    write(repo, "service.yaml", MINIMAL.replace("status: active", "status: active  # svcstd: disable=SVC502,SVC4O4"))
    result = run_svcstd("check", "--format", "text", "service.yaml", cwd=repo)
    out = result.stdout.decode()
    assert "service.yaml:6:17: SVC901" in out and "suppresses nothing" in out and "SVC502" in out
    assert "`SVC4O4` in this suppression comment is not a rule code" in out and "Did you mean `SVC404`?" in out


def test_no_unused_report_for_codes_switched_off(repo):
    text = MINIMAL.replace("status: active", "status: active  # svcstd: disable=SVC404")
    assert findings(repo, text, "--ignore", "SVC404")[1] == []
    assert findings(repo, text, "--ignore", "SVC901")[1] == []
    write(repo, "svcstd.toml", '[per-file-ignores]\n"service.yaml" = ["SVC404"]\n')
    assert findings(repo, text)[1] == []


def test_suppression_survives_the_cache(repo):
    text = UNUSED_PHONE.replace(PHONE_ID, "  - id: phone-number  # svcstd: disable=SVC404\n")
    write(repo, "service.yaml", text)
    for _ in range(2):
        result = run_svcstd("check", "--format", "json", "service.yaml", cwd=repo)
        assert json.loads(result.stdout)["findings"] == [] and result.returncode == 0


def test_parse_finds_only_comments():
    text = 'a: 1  # svcstd: disable=SVC404\nb: "# svcstd: disable=SVC201"\n# svcstd: disable-file=SVC2\n'
    directives = suppression.parse(text)
    assert [(d.line, d.column, d.file_wide) for d in directives.items] == [(1, 7, False), (3, 1, True)]
    assert "SVC201" in directives.items[1].selectors[0][1]
    assert suppression.parse(MINIMAL) is None
