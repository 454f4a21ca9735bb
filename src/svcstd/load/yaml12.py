"""Where the fast parser's YAML 1.2 verdict overrides libyaml's.

libyaml reads YAML 1.1 and accepts some invalid texts, misplaces others, and refuses some
valid YAML 1.2. When the fast parser (`parse`) and the careful path disagree, this decides:
a syntax error where the YAML 1.2 parser found it, or the input-method slip that caused
it (`punctuation`); valid YAML 1.2 beyond libyaml read from the fast parser's data with
tree-sitter's positions (`positions`).
"""

from __future__ import annotations

from typing import Any

from ..findings import Finding
from . import parse as fast_parse
from . import policies, positions, punctuation
from .document import Document, LoadResult
from .limits import Limits
from .version import _judge
from .wording import _clip, _is_message, localized_problem


def _refused_by_yaml12(careful: LoadResult, verdict: fast_parse.ParseError, text: str, file: str, lang: str) -> LoadResult:
    """The text is not YAML 1.2. A limit libyaml met, a second document, a merge conflict
    are worded as the careful path found them; anything else is a syntax error where the
    YAML 1.2 parser found it (libyaml accepts some invalid texts and misplaces others),
    or the input-method slip that caused it."""
    for finding in careful.findings:
        if finding.code == "SVC004" or _is_message(finding, "SVC001", ("several_documents", "merge_conflict", "empty"), lang):
            return LoadResult(None, careful.findings)
    doc = Document(file=file, text=text, lang=lang)
    slip = punctuation.find(text, verdict.line)
    if slip is not None:
        return LoadResult(None, [_slip_finding(doc, slip)])
    if careful.document is None:
        return careful  # both refuse it: libyaml's words and place, as before
    if "whitespace" in verdict.problem and "\t" in (doc.source_line(verdict.line or 1) or ""):
        return careful  # yaml-rs refuses a tab after `key:`, which YAML 1.2 allows
    return LoadResult(None, [_yaml12_syntax_finding(doc, verdict)])


def _yaml12_syntax_finding(doc: Document, verdict: fast_parse.ParseError) -> Finding:
    line, column = verdict.line or 1, verdict.column or 1
    source = doc.source_line(line) or ""
    problem = verdict.problem
    # A tab is named only where it is the fault: the parser says so, or it stands in the
    # indentation right where the parser stopped (issue 11 item 10).
    lead = source[: len(source) - len(source.lstrip(" \t"))]
    if "tab" in problem.lower() or ("\t" in lead and column <= len(lead) + 1):
        for row in (line, line + 1, line - 1):
            text = doc.source_line(row) or ""
            indentation = text[: len(text) - len(text.lstrip(" \t"))]
            if "\t" in indentation:
                return doc.finding("SVC001", "tabs", position=(row, indentation.index("\t") + 1))
    return doc.finding("SVC001", "syntax", position=(line, column), problem=localized_problem(problem, doc.lang))


def _slip_finding(doc: Document, slip: punctuation.Slip) -> Finding:
    return doc.finding("SVC001", slip.msg, position=(slip.line, slip.column), text=_clip(slip.text))


def _with_input_method_slips(result: LoadResult, doc: Document) -> LoadResult:
    """A slip that still parses (a key `　　name`, `[教育，医疗]` read as one item) is
    reported, and the document is still checked."""
    text = doc.text
    if "\uff1a" not in text and "\u3000" not in text and "\uff0c" not in text:
        return result
    data = doc.data
    slip = None
    if punctuation.FULLWIDTH_COMMA in text and "[" in text and punctuation.comma_in_list_item(data):
        slip = punctuation.find(text)
        if slip is not None and slip.msg != "fullwidth_comma":
            slip = None if not punctuation.in_data(data) else slip
    elif punctuation.in_data(data) or not isinstance(data, dict):
        slip = punctuation.find(text)
    if slip is None:
        return result
    return LoadResult(result.document, [*result.findings, _slip_finding(doc, slip)])


def _NOT_PRINTABLE_FOR_YAML(text: str) -> bool:
    return policies._NOT_PRINTABLE.search(text) is not None


def careful_result_for_limits(text: str, file: str, lang: str, limits: Limits) -> LoadResult:
    """A text beyond libyaml that also breaches a limit: the limit, as the event composer
    words it where it can, else at the top."""
    # Imported here, not with this module: the fast path reports input-method slips
    # (`_with_input_method_slips`) without PyYAML, which the careful path needs.
    from .careful import _load_careful

    careful = _load_careful(text, file, lang=lang, limits=limits, composer="events")
    limit = [f for f in careful.findings if f.code == "SVC004"]
    if limit:
        return LoadResult(None, limit)
    doc = Document(file=file, text=text, lang=lang)
    return LoadResult(None, [doc.finding("SVC004", "nodes", position=(1, 1), limit=limits.max_nodes)])


def _keys_as_text(data: Any) -> tuple[Any, bool]:
    """Keys as the careful path keeps them: text (an empty key is ``""``); a collection used
    as a key is dropped and said. Iterative: the data may be deep."""
    complex_key = False

    def key_text(key):
        if key is None:
            return ""
        if key is True or key is False:
            return "true" if key else "false"
        return str(key)

    def convert(value):
        nonlocal complex_key
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if isinstance(key, (tuple, frozenset)) or (not isinstance(key, str) and hasattr(key, "__len__")):
                    complex_key = True
                    continue
                result.setdefault(key if isinstance(key, str) else key_text(key), convert(item))
            return result
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    return convert(data), complex_key


def _load_beyond_libyaml(text: str, file: str, lang: str, limits: Limits) -> LoadResult:
    """Valid YAML 1.2 that libyaml refuses: the fast parser's data (the first of repeated
    keys, as the careful path keeps), with tags, repeated keys and documents found on
    tree-sitter's tree, positions from it too."""
    doc = Document(file=file, text=text, lang=lang)
    index = positions.TreeIndex(text)
    doc._tree = index
    starts = index.document_starts()
    if len(starts) > 1:
        return LoadResult(None, [doc.finding("SVC001", "several_documents", position=starts[1])])
    try:
        import yaml_rs

        data = yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.FirstWins,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=limits.max_nodes),
        )
    except Exception as error:  # noqa: BLE001 - the first read accepted it; be safe all the same
        return LoadResult(None, [doc.finding("SVC001", "syntax", position=(1, 1), problem=localized_problem(str(error), lang))])
    if data is None:
        return LoadResult(None, [doc.finding("SVC001", "empty", position=(1, 1))])
    findings = [
        doc.finding(code, msg, position=place, **params) for code, msg, place, params in index.policy_findings()
    ]
    data, complex_key = _keys_as_text(data)
    if complex_key:
        findings.append(doc.finding("SVC001", "complex_key", position=(1, 1), kind="mapping or list"))
    if isinstance(data, dict) and not policies.plain_data_within(data, limits):
        return careful_result_for_limits(text, file, lang, limits)
    doc.data = data
    return _judge(doc, findings)
