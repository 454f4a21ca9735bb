"""Legal basis and accountability: articles, placeholder text, fees, contacts, visits, dates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from ..catalogue import message, rule
from ..findings import Finding
from ._context import service_of

FAMILY = "legal"

# Words officers write when they have not yet looked something up. Only the whole value
# counts: "按规定收取" says something, "按规定" alone says nothing.
PLACEHOLDERS = frozenset(
    word.casefold()
    for word in ("TBD", "TODO", "N/A", "see regulations", "按规定", "详见", "待定", "其他")
)
_TRIM = " \t\r\n.。:：;；…"


_LONGEST = max(len(word) for word in PLACEHOLDERS) + 8  # room for padding and punctuation


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= _LONGEST and value.strip(_TRIM).casefold() in PLACEHOLDERS


# A placeholder that is a whole value stands in the file's text between a delimiter (start
# of a line or of a flow item, a quote) and the end of the scalar, with only the characters
# the comparison trims around it; unless it was written with escapes ("T\x42D"), hence the
# backslash. Finding the words costs a few C-speed searches of the text, and only the few
# places found are looked at more closely; this spares the walk of every string for the
# files that hold the words only inside longer texts (其他材料) or not at all. It may say
# "maybe" wrongly (a multi-line scalar); it never says "no" wrongly.
_OPENS_VALUE = frozenset(" \t\r\n\"'[{,")
_CLOSES_VALUE = frozenset("\"',]}#:\r\n")

# The Chinese words are found in the text itself, by their first character: a search
# for one character is C's memchr-like scan (under a microsecond in a 7 KB definition),
# and these characters are rarer than the bytes their UTF-8 begins with (0xE5 starts
# most Chinese characters), which made a search of the bytes three times slower. Case
# does not apply to them.
_CHINESE_WORDS = tuple(sorted(word for word in PLACEHOLDERS if not word.isascii()))
# The English ones in any case: searched for in the UTF-8 bytes lowered (ASCII only, as
# their letters are), which costs a third of a case-blind regex's scan.
_ENGLISH_WORD_BYTES = tuple(sorted(word.encode("ascii") for word in PLACEHOLDERS if word.isascii()))
_ENGLISH_WORDS = re.compile("|".join(re.escape(word) for word in sorted(PLACEHOLDERS) if word.isascii()))


def _may_hold_placeholder(text: str, utf8: bytes | None = None) -> bool:
    """`utf8`: the text's own UTF-8 bytes, when the document kept them."""
    if "\\" in text:
        return True
    for word in _CHINESE_WORDS:
        first = word[0]
        at = text.find(first)
        while at != -1:
            if text.startswith(word, at) and _stands_alone(text, at, at + len(word)):
                return True
            at = text.find(first, at + 1)
    folded = (utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")).lower()
    if not any(word in folded for word in _ENGLISH_WORD_BYTES):
        return False
    lowered = text.lower()
    return any(_stands_alone(lowered, found.start(), found.end()) for found in _ENGLISH_WORDS.finditer(lowered))


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether the word at `text[start:end]` may be a whole value: a delimiter before it
    and after it, past the characters the comparison trims."""
    before, after = start, end
    while before > 0 and text[before - 1] in _TRIM:
        before -= 1
    while after < len(text) and text[after] in _TRIM:
        after += 1
    # The trimmed characters themselves may hold the delimiter (`: ` before, a line break
    # after), so they are looked at together with the one character beyond them.
    opens = before == 0 or not _OPENS_VALUE.isdisjoint(text[before - 1 : start])
    closes = after == len(text) or not _CLOSES_VALUE.isdisjoint(text[end : after + 1])
    return opens and closes


def _any_placeholder(root: Any) -> bool:
    """Quick pass without paths: almost every definition has no placeholder at all."""
    stack = [root]
    push, pop = stack.append, stack.pop
    while stack:
        node = pop()
        kind = type(node)
        if kind is str:
            if len(node) <= _LONGEST and node.strip(_TRIM).casefold() in PLACEHOLDERS:
                return True
        elif kind is dict:
            for key, value in node.items():
                if type(key) is not str or not key.startswith("x-"):
                    push(value)
        elif kind is list:
            stack.extend(node)
    return False


@rule(
    "SVC501", "law-without-article", "warning",
    "A law is cited without an article, or with a placeholder for one.",
    "A whole law is not a legal basis anyone can check: the applicant and the reviewer need "
    "the article that grants the power or sets the condition (GB/T 39046-2020 records the "
    "basis down to the article).",
    bad="legal_basis:\n  - title: Social Assistance Regulation\n",
    good="legal_basis:\n  - title: Social Assistance Regulation\n    article: Article 9\n",
    messages={
        "missing": "The law `{title}` is cited without an `article`. Add the article (and "
        "paragraph) that is the basis, e.g. article: Article 9.",
        "placeholder": "The article of `{title}` is a placeholder ({value}). Write the "
        "actual article number.",
    },
    family=FAMILY,
)
def law_without_article(doc, config) -> Iterator[Finding]:
    for law in service_of(doc, config).legal_basis:
        title = law.title or f"#{law.path[-1] + 1}"
        if law.lacks("article"):
            yield doc.finding("SVC501", "missing", law.path, title=title)
        elif is_placeholder(law.article):
            yield doc.finding("SVC501", "placeholder", law.at("article"), title=title, value=f"`{law.article}`")


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string value in the document with its path, skipping `x-*` extensions."""
    stack = [(path, value)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, str):
            yield here, node
        elif isinstance(node, dict):
            stack.extend(
                (here + (key,), child)
                for key, child in reversed(node.items())
                if not (isinstance(key, str) and key.startswith("x-"))
            )
        elif isinstance(node, list):
            stack.extend((here + (i,), child) for i, child in reversed(list(enumerate(node))))


@rule(
    "SVC502", "placeholder-text", "warning",
    "A value is placeholder text: TBD, TODO, N/A, \"see regulations\", 按规定, 详见, 待定, 其他.",
    "A placeholder published as if it were content tells the applicant nothing and hides "
    "that the research is unfinished. Write what the regulation actually says.",
    bad="contact: {enquiry: \"12345\", complaint: TBD}\n",
    good="contact: {enquiry: \"12345\", complaint: \"12345-2\"}\n",
    messages={
        "placeholder": "`{value}` is a placeholder, not content. Write the actual text (for "
        "\"see regulations\", quote what the regulation requires).",
    },
    family=FAMILY,
)
def placeholder_text(doc, config) -> Iterator[Finding]:
    if not _may_hold_placeholder(doc.text, doc.utf8) or not _any_placeholder(doc.data):
        return
    for path, value in _strings(doc.data, ()):
        # A placeholder article is SVC501's finding, with a message about articles.
        if len(path) == 3 and path[0] == "legal_basis" and path[2] == "article":
            continue
        if is_placeholder(value):
            yield doc.finding("SVC502", "placeholder", path, value=value.strip())


@rule(
    "SVC503", "incomplete-fees", "error",
    "Fees are charged but no fee items are listed, or an item lacks its amount (or standard) "
    "or basis.",
    "Charging is lawful only on a stated basis and at a stated amount (收费依据和标准 must be "
    "published); an applicant must know what to pay before applying.",
    bad="fees:\n  charged: true\n",
    good="fees:\n  charged: true\n  items:\n    - name: Certificate fee\n      amount: 10\n"
    "      currency: CNY\n      basis: Price Bureau notice No. 12 (2024)\n",
    messages={
        "no_items": "`charged` is true but no fee `items` are listed. List each fee with "
        "its name, amount, currency and basis, or set charged: false.",
        "amount": "Fee item `{fee}` has no `amount`. State the amount charged (0 or more), "
        "or, when it is not one number, the `standard` (收费标准, e.g. per square metre).",
        "basis": "Fee item `{fee}` has no `basis`. Name the document that authorises the "
        "charge and sets its amount.",
    },
    family=FAMILY,
)
def incomplete_fees(doc, config) -> Iterator[Finding]:
    fees = service_of(doc, config).fees
    if fees is None:
        return
    if fees.charged is True and not fees.items_written and fees.lacks("items"):
        yield doc.finding("SVC503", "no_items", fees.path)
    for item in fees.items:
        if item.lacks("amount") and item.lacks("standard"):
            yield doc.finding("SVC503", "amount", item.path, fee=item.label)
        if item.lacks("basis"):
            yield doc.finding("SVC503", "basis", item.path, fee=item.label)


@rule(
    "SVC504", "contacts-missing-or-identical", "error",
    "The enquiry and complaint contacts are missing, or are the same.",
    "An applicant must be able to ask (咨询) and to complain (监督投诉) — and a complaint "
    "must reach someone other than the desk being complained about (GB/T 39046-2020 records "
    "both channels separately). Lists of contact points are identical when they hold the "
    "same values.",
    bad="contact: {enquiry: \"12345\", complaint: \"12345\"}\n",
    good="contact: {enquiry: \"12345\", complaint: \"12345-2\"}\n",
    messages={
        "missing": "The `{key}` contact is blank. Give a telephone number, address or web "
        "address where the applicant can {purpose}.",
        "absent": "`contact` has no `{key}` contact. Add `{key}:` with a telephone number, "
        "address or web address where the applicant can {purpose}.",
        "enquiry": "ask questions",
        "complaint": "complain",
        "identical": "The complaint contact is the same as the enquiry contact ({value}). "
        "Complaints must reach a supervising body, not the desk that handles the service: "
        "give its own contact.",
    },
    family=FAMILY,
)
def contacts(doc, config) -> Iterator[Finding]:
    contact = service_of(doc, config).contact
    if contact is None:
        return  # a wholly missing `contact` is SVC101 alone
    lines = {"enquiry": contact.enquiry, "complaint": contact.complaint}
    for key, line in lines.items():
        # A list whose points are all blank says no more than a blank string.
        blank_list = line.is_list and bool(line.points) and line.blank
        if not contact.lacks(key) and not blank_list:
            continue
        msg = "missing" if line.written else "absent"
        yield doc.finding(
            "SVC504", msg, line.path if line.written else contact.path,
            key=key, purpose=message("SVC504", key, doc.lang),
        )
    enquiry, complaint = contact.enquiry.values(), contact.complaint.values()
    if enquiry and enquiry == complaint:
        yield doc.finding("SVC504", "identical", contact.complaint.path, value=contact.complaint.shown())


@rule(
    "SVC505", "visits-without-reason", "warning",
    "A channel requires visits to the office but does not say why.",
    "Reducing visits (最多跑一次) is a published target; each required visit must be "
    "justified so that reviewers can ask whether it is really needed (GB/T 39046-2020 records "
    "the number of visits and the reason).",
    bad="channels:\n  - type: counter\n    address: Service hall, 1 Main Street\n    visits: 1\n",
    good="channels:\n  - type: counter\n    address: Service hall, 1 Main Street\n    visits: 1\n"
    "    visits_reason: The original identity card must be checked in person\n",
    messages={
        "missing": "This channel requires {visits} visit(s) to the office but gives no "
        "`visits_reason`. Say why the applicant must come in person, or reduce the visits.",
    },
    family=FAMILY,
)
def visits_without_reason(doc, config) -> Iterator[Finding]:
    for channel in service_of(doc, config).channels:
        visits = channel.visits
        if visits is not None and visits > 0 and channel.lacks("visits_reason"):
            yield doc.finding("SVC505", "missing", channel.path, visits=visits)


@rule(
    "SVC506", "fully-online-with-visits", "error",
    "A channel is fully online (online depth 4) yet requires visits to the office.",
    "Online depth 4 (全程网办) means the whole service is done online with zero visits; a "
    "visit contradicts it and misstates the service in the catalogue.",
    bad="channels:\n  - type: web\n    url: https://services.example.gov.cn/benefit\n"
    "    online_depth: 4\n    visits: 1\n    visits_reason: Sign the decision in person\n",
    good="channels:\n  - type: web\n    url: https://services.example.gov.cn/benefit\n"
    "    online_depth: 3\n    visits: 1\n    visits_reason: Sign the decision in person\n",
    messages={
        "contradiction": "This channel has online_depth 4 (fully online) but requires "
        "{visits} visit(s). Set visits: 0, or lower online_depth to 3 if a visit is needed.",
    },
    family=FAMILY,
)
def fully_online_with_visits(doc, config) -> Iterator[Finding]:
    for channel in service_of(doc, config).channels:
        visits = channel.visits
        if channel.online_depth == 4 and visits is not None and visits > 0:
            yield doc.finding("SVC506", "contradiction", channel.at("visits"), visits=visits)


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@rule(
    "SVC507", "effective-dates-reversed", "error",
    "`effective.from` is after `effective.until`.",
    "A definition that stops being effective before it starts is never in force; the dates "
    "are almost always swapped or mistyped.",
    bad="effective: {from: \"2027-01-01\", until: \"2026-01-01\"}\n",
    good="effective: {from: \"2026-01-01\", until: \"2027-01-01\"}\n",
    messages={
        "reversed": "`effective.from` ({start}) is after `effective.until` ({end}). Swap "
        "them or correct the mistyped date.",
    },
    family=FAMILY,
)
def effective_dates_reversed(doc, config) -> Iterator[Finding]:
    effective = service_of(doc, config).effective
    start, end = _date(effective.get("from")), _date(effective.get("until"))
    if start and end and start > end:
        yield doc.finding("SVC507", "reversed", ("effective", "from"), start=start.isoformat(), end=end.isoformat())


@rule(
    "SVC508", "missing-description", "warning",
    "The definition has no `description`.",
    "Real guides seldom have a description, so the format does not require one; but the "
    "citizen guide opens with it and the CPSV-AP export must give every public service a "
    "description (dct:description is mandatory there). Say in a sentence or two what the "
    "service is for and who it helps.",
    bad="# without: description\n",
    good="description: {zh: 为本市居民核发居住证明。, en: Issues proof of residence to residents of the city.}\n",
    messages={
        "missing": "The definition has no `description`. Add one or two sentences on what the "
        "service is for and who it helps: the citizen guide opens with it and the CPSV-AP "
        "export requires it.",
    },
    family=FAMILY,
)
def missing_description(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    if service.lacks("description"):
        where = service.at("description") if service.has_key("description") else service.path
        yield doc.finding("SVC508", "missing", where)
