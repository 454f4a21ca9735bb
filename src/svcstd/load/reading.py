"""Bytes → text, and reading a file's bytes: the SVC003 and size (SVC004) findings.

UTF-8, with or without a byte-order mark, or UTF-16/32 with one; anything else is SVC003
with the position of the first bad byte. A file is read only up to one byte past the size
limit, so a huge or growing file costs no more than the limit.
"""

from __future__ import annotations

import codecs
import os

from ..catalogue import default_severity, message
from ..findings import Finding
from .limits import DEFAULT_LIMITS, Limits


def _bare_finding(file: str, code: str, msg: str, lang: str, /, line=1, column=1, source=None, **p):
    return Finding(
        code=code,
        severity=default_severity(code),
        message=message(code, msg, lang, **p),
        file=file,
        line=line,
        column=column,
        source=source,
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def decode(raw: bytes, file: str, lang: str = "en") -> tuple[str | None, Finding | None]:
    """UTF-8 (BOM optional) or UTF-16/32 with a BOM → text; anything else is SVC003."""
    for bom, encoding, label in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return body.decode(encoding), None
            except UnicodeDecodeError as exc:
                return None, _bare_finding(
                    file, "SVC003", "bad_utf16" if label != "UTF-8" else "not_utf8", lang,
                    encoding=label, offset=exc.start + len(bom),
                    byte=body[exc.start] if exc.start < len(body) else 0,
                )
    nul = raw.find(b"\x00")
    if nul != -1:
        return None, _bare_finding(file, "SVC003", "binary", lang, offset=nul)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(raw, exc.start)
        return None, _bare_finding(
            file, "SVC003", "not_utf8", lang, line=line, column=column,
            offset=exc.start, byte=raw[exc.start],
        )


def read_file(path, display: str, lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> tuple[bytes | None, Finding | None]:
    """Read a file's bytes, or explain in SVC003/SVC004 terms why not."""
    try:
        # The descriptor itself, not a buffered file object: every file of a run is read
        # once, whole, and the two objects `open` builds cost more than the read.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            size = os.fstat(handle).st_size
            if size > limits.max_bytes:
                return None, _bare_finding(display, "SVC004", "size", lang, size=size, limit=limits.max_bytes)
            # As many bytes as the file has, plus one: asking for the limit (5 MB) would
            # allocate that much for every file. A file that grew since is read on, up to
            # one byte past the limit, so it is still bounded.
            raw = os.read(handle, size + 1)
            if len(raw) != size:  # it grew, or a short read: read on to its end
                parts, total = [raw], len(raw)
                while total <= limits.max_bytes:
                    more = os.read(handle, limits.max_bytes + 1 - total)
                    if not more:
                        break
                    parts.append(more)
                    total += len(more)
                raw = b"".join(parts)
            return raw, None
        finally:
            os.close(handle)
    except FileNotFoundError:
        return None, _bare_finding(display, "SVC003", "missing", lang)
    except IsADirectoryError:
        return None, _bare_finding(display, "SVC003", "is_directory", lang)
    except PermissionError:
        return None, _bare_finding(display, "SVC003", "permission", lang)
    except OSError as exc:
        return None, _bare_finding(display, "SVC003", "os_error", lang, reason=exc.strerror or exc)
