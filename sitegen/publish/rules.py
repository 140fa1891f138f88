"""The host's rules, kept in one place, netlify.toml: its headers and redirects as data, and
written again as the `_headers` and `_redirects` files a CLI deploy carries in the built folder.

netlify.toml stays the one source: the build writes `_headers` and `_redirects` from it into
the output of a Netlify target, so the rules reach the site however it is deployed (the CLI
does not always send the configuration file's rules; files in the deployed folder always go).
Netlify takes a rule given in both places once (the file's and the configuration's rules merge,
a header the configuration repeats is not doubled).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.errors import ContentError

FILE = "netlify.toml"
REDIRECT_KEYS = {"from", "to", "status", "force", "conditions"}
CONDITIONS = {"Language", "Country", "Role"}  # the conditions _redirects can express


@dataclass(frozen=True)
class HeaderRule:
    """Headers for every path that matches `path` (Netlify's pattern: `*`, `:name`)."""

    path: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RedirectRule:
    """A redirect, rewrite or "not found" rule, in netlify.toml's terms."""

    source: str
    to: str
    status: int = 301
    force: bool = False
    conditions: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class HostRules:
    """Every header and redirect rule of netlify.toml, in order."""

    headers: tuple[HeaderRule, ...] = ()
    redirects: tuple[RedirectRule, ...] = ()

    def headers_for(self, path: str) -> dict[str, str]:
        """The headers Netlify sends with `path`: every matching rule's, a later one winning."""
        found: dict[str, str] = {}
        for rule in self.headers:
            if pattern(rule.path).match(path):
                found.update(rule.values)
        return found


def pattern(path: str) -> re.Pattern[str]:
    """A Netlify path pattern as a regex: `*` matches the rest (and the slash before it),
    `:name` one segment, a trailing slash is optional; letters' case does not matter."""
    parts = []
    for part in (p for p in path.split("/") if p):
        if part.startswith(":"):
            parts.append("[^/]+")
        elif part == "*":
            parts.append("?.*")
        else:
            parts.append(".*".join(re.escape(piece) for piece in part.split("*")))
    return re.compile("^/" + "/".join(parts) + "/?$", re.IGNORECASE)


def read_rules(root: Path) -> HostRules | None:
    """netlify.toml's rules; None if the repository has no netlify.toml. Raise ContentError
    if it cannot be read or has a rule the `_headers`/`_redirects` files cannot carry."""
    path = root / FILE
    if not path.is_file():
        return None
    try:
        config = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        place = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(place[1]), int(place[2])) if place else (0, 0)
        raise ContentError(FILE, line, col, f"netlify.toml cannot be read: {exc}",
                           "see https://docs.netlify.com/configure-builds/file-based-configuration/"
                           ) from None
    headers = tuple(_header(i, rule) for i, rule in enumerate(config.get("headers", []), 1))
    redirects = tuple(_redirect(i, rule) for i, rule in enumerate(config.get("redirects", []), 1))
    return HostRules(headers, redirects)


def _problem(what: str, hint: str) -> ContentError:
    return ContentError(FILE, 0, 0, what, hint)


def _header(number: int, rule: Any) -> HeaderRule:
    if not isinstance(rule, dict) or set(rule) != {"for", "values"}:
        raise _problem(f"headers rule {number} must have `for` and `values` and nothing else",
                       "[[headers]] then for = \"/path\" and a [headers.values] table")
    values = rule["values"]
    if not isinstance(values, dict) or not all(
            isinstance(v, str) and "\n" not in v for v in values.values()):
        raise _problem(f"headers rule {number} (for {rule['for']}): every value must be one "
                       "line of text", "write a header's value as one string")
    return HeaderRule(str(rule["for"]), tuple((str(k), v) for k, v in values.items()))


def _redirect(number: int, rule: Any) -> RedirectRule:
    if not isinstance(rule, dict) or not {"from", "to"} <= set(rule) <= REDIRECT_KEYS:
        keys = ", ".join(sorted(REDIRECT_KEYS))
        raise _problem(f"redirects rule {number} must have `from` and `to`, and only: {keys}",
                       "the _redirects file written from netlify.toml can carry no other key")
    status, force = rule.get("status", 301), rule.get("force", False)
    if not isinstance(status, int) or isinstance(status, bool) or not isinstance(force, bool):
        raise _problem(f"redirects rule {number} (from {rule['from']}): status must be a number "
                       "and force true or false", "like status = 302 and force = true")
    if any(not isinstance(rule[k], str) or re.search(r"\s", rule[k]) for k in ("from", "to")):
        raise _problem(f"redirects rule {number}: from and to must be paths without spaces",
                       "encode a space in a path as %20")
    conditions = rule.get("conditions", {})
    if not set(conditions) <= CONDITIONS or not all(
            isinstance(v, list) for v in conditions.values()):
        raise _problem(f"redirects rule {number} (from {rule['from']}): conditions may be "
                       f"{', '.join(sorted(CONDITIONS))}, each a list", "like Language = [\"zh\"]")
    return RedirectRule(rule["from"], rule["to"], status, force,
                        tuple((k, tuple(str(v) for v in vs)) for k, vs in conditions.items()))


def headers_file(rules: HostRules) -> str:
    """The `_headers` file expressing `rules.headers`: a path, then its headers indented."""
    lines = ["# Written by sitegen from netlify.toml: edit that file, not this one."]
    for rule in rules.headers:
        lines.append(rule.path)
        lines += [f"  {name}: {value}" for name, value in rule.values]
    return "\n".join(lines) + "\n"


def redirects_file(rules: HostRules) -> str:
    """The `_redirects` file expressing `rules.redirects`: from, to, status (`!` when forced)
    and conditions, one rule a line, in netlify.toml's order (the first match wins)."""
    lines = ["# Written by sitegen from netlify.toml: edit that file, not this one."]
    for rule in rules.redirects:
        fields = [rule.source, rule.to, f"{rule.status}{'!' if rule.force else ''}"]
        fields += [f"{name}={','.join(values)}" for name, values in rule.conditions]
        lines.append("  ".join(fields))
    return "\n".join(lines) + "\n"
