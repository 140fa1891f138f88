"""The last look at every page before it is published: nothing in it may make the reader's
browser ask another host for anything (the site promises no third-party requests).

Links to other sites (`<a href>`) are fine: editors write them, and a reader follows them by
choice. Every other URL a page holds (src, srcset, poster, a stylesheet's href, a form's action,
CSS url()) must stay on the site. Regular expressions over the finished HTML, not a full parse:
they run on every page a build renders, and they are linear.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
ATTR = re.compile(r"""(?:^|\s)(src|href|srcset|poster|action|formaction|data|background|style)"""
                  r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
LINKS = {"a", "area"}  # where another site's address is a link the reader chooses to follow


def outside_requests(html: str, own_hosts: set[str]) -> list[str]:
    """Every URL in `html` that would load something from a host not in `own_hosts`."""
    found = []
    for tag in TAG.finditer(html):
        name, attrs = tag.group(1).lower(), tag.group(2) or ""
        for attr in ATTR.finditer(attrs):
            kind = attr.group(1).lower()
            value = next(v for v in attr.groups()[1:] if v is not None)
            if kind == "href" and name in LINKS:
                continue
            if kind == "style":
                urls = [next(u for u in m.groups() if u is not None)
                        for m in CSS_URL.finditer(value)]
            elif kind == "srcset":
                urls = [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                urls = [value]
            found += [url for url in urls if _leaves(url, own_hosts)]
    for style in re.finditer(r"<style[^>]*>(.*?)</style>", html, re.S | re.I):
        found += [url for m in CSS_URL.finditer(style.group(1))
                  if _leaves(url := next(u for u in m.groups() if u is not None), own_hosts)]
    return found


def _leaves(url: str, own_hosts: set[str]) -> bool:
    """Whether loading `url` from a page of the site would ask another host."""
    parts = urlsplit(unquote(url.strip()).replace("\\", "/"))  # as a browser reads it
    if parts.scheme in ("", "data", "blob") and not parts.netloc:
        return False
    return (parts.hostname or "") not in own_hosts


def stylesheet_requests(css: str, own_hosts: set[str]) -> list[tuple[int, int, str]]:
    """(line, column, URL) of each url() or @import in a stylesheet that leaves the site."""
    found = []
    for match in re.finditer(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
                             r"""|@import\s+(?:"([^"]*)"|'([^']*)')""", css, re.I):
        url = next(u for u in match.groups() if u is not None)
        if _leaves(url, own_hosts):
            line = css.count("\n", 0, match.start()) + 1
            found.append((line, match.start() - css.rfind("\n", 0, match.start()), url))
    return found
