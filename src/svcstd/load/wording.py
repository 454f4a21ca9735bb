"""How the loader words what it quotes: values clipped, tags as written, the parsers'
problems in the reader's language (the Chinese message carries no English parser text)."""

from __future__ import annotations

from ..catalogue import message
from ..findings import Finding

_MESSAGE_VALUE_LIMIT = 80


def _clip(text: str) -> str:
    """A value quoted in a message: a megabyte-long key must not make a megabyte message."""
    return text if len(text) <= _MESSAGE_VALUE_LIMIT else text[: _MESSAGE_VALUE_LIMIT - 3] + "..."


def friendly_tag(tag: str) -> str:
    """`tag:yaml.org,2002:python/object:os.system` → `!!python/object:os.system`, as written."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _is_message(finding: Finding, code: str, msgs: tuple[str, ...], lang: str) -> bool:
    """Whether `finding` is one of the messages `msgs` of `code` (by the template's text
    before its first placeholder)."""
    if finding.code != code:
        return False
    for msg in msgs:
        template = message(code, msg, lang)
        head = template.split("{", 1)[0]
        if finding.message.startswith(head):
            return True
    return False


# The parser's words for the common faults, for the Chinese message (which must not carry
# English parser text). Anything not listed is said in general terms.
_PROBLEMS_ZH = (
    # libyaml's words (the careful path)
    ("could not find expected ':'", "找不到应有的冒号（`:`），通常是键后面漏了冒号或用了全角冒号"),
    ("mapping values are not allowed here", "此处不能出现键值对的冒号（`:`），通常是上一行缩进不对或值里的冒号后跟了空格而没有加引号"),
    ("cannot start any token", "此处的字符不能作为 YAML 值的开头（如 `@`、`` ` ``、制表符），请给值加引号"),
    ("unexpected end of stream", "文件在引号或括号闭合之前就结束了"),
    ("found undefined alias", "别名（`*名称`）引用了前面没有定义的锚点（`&名称`）"),
    ("names no anchor", "别名（`*名称`）引用了前面没有定义的锚点（`&名称`）"),
    ("expected <document start>", "缩进不正确，或此处缺少文档开始标记"),
    ("expected ',' or ']'", "方括号中的各项之间缺少逗号，或方括号没有闭合"),
    ("expected ',' or '}'", "花括号中的各项之间缺少逗号，或花括号没有闭合"),
    ("control characters are not allowed", "YAML 不允许使用控制字符"),
    ("special characters are not allowed", "YAML 不允许使用这个特殊字符"),
    # yaml-rs's words (the YAML 1.2 verdict)
    ("mapping values are not allowed", "此处不能出现键值对的冒号（`:`），通常是上一行缩进不对或值里的冒号后跟了空格而没有加引号"),
    ("did not find expected key", "在映射中没有找到应有的键，通常是缩进不一致"),
    ("did not find expected '-'", "在列表中没有找到应有的 `-` 项，通常是缩进不一致"),
    ("unclosed bracket", "方括号或花括号没有闭合"),
    ("quoted scalar", "引号中的文本没有正确结束或换行缩进不对"),
    ("unexpected character", "出现了 YAML 不允许在此处使用的字符"),
    ("unknown anchor", "别名（`*名称`）引用了前面没有定义的锚点（`&名称`）"),
    ("invalid indentation", "缩进不正确"),
    ("document start", "缩进不正确，或此处缺少文档开始标记"),
    ("comment", "注释（`#`）前必须有空格"),
    ("block scalar", "块文本（`|` 或 `>`）的写法或缩进不正确"),
    ("alias", "别名（`*名称`）用法不正确"),
    ("anchor", "锚点（`&名称`）用法不正确"),
    ("tag", "标签用法不正确"),
    ("directive", "指令（`%`）用法不正确"),
)


def localized_problem(problem: str, lang: str) -> str:
    if lang != "zh":
        return problem
    lowered = problem.lower()
    for phrase, words in _PROBLEMS_ZH:
        if phrase in lowered:
            return words
    return "此处的写法不符合 YAML 语法"
