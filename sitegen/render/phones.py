"""Hotline numbers in text become `tel:` links, the number staying visible for print.

Only the national hotlines are linked, and only where they stand as a number: not the app
掌上12333 ("Zhangshang 12333"), not a host name such as si.12333.gov.cn, not inside a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markupsafe import Markup, escape

HOTLINES = ("12333", "12393", "12366", "12345")
PATTERN = re.compile(r"(?<![0-9A-Za-z./:@_-])(?<!掌上)(?<!Zhangshang )(?<!Zhangshang-)"
                     rf"({'|'.join(HOTLINES)})(?![0-9A-Za-z_]|\.[A-Za-z])")


def split(text: str) -> Iterator[tuple[str, bool]]:
    """`text` in pieces, each with whether it is a hotline number to link."""
    start = 0
    for match in PATTERN.finditer(text):
        if match.start() > start:
            yield text[start:match.start()], False
        yield match.group(1), True
        start = match.end()
    if start < len(text):
        yield text[start:], False


def link(number: str) -> str:
    """The HTML of a tap-to-call link for `number`, its text the number itself."""
    return f'<a class="tel" href="tel:{number}">{number}</a>'


def phones(text: object) -> Markup:
    """A Jinja filter: `text` escaped, with its hotline numbers as `tel:` links. Markup that is
    already HTML is left alone, so links it holds are not nested."""
    if isinstance(text, Markup):
        return text
    return Markup("".join(link(piece) if is_number else str(escape(piece))
                          for piece, is_number in split(str(text))))
