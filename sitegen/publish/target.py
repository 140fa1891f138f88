"""The target a build is for: its address, the files its host reads, and what becomes of the
primary host's rules (netlify.toml) on a mirror that only stores files.

The primary site is on Netlify, which applies netlify.toml. An S3-compatible bucket (the
mirror) serves each file with the Content-Type and Cache-Control stored with it, an index
document and one error document, and nothing else: `mirror_treatment` says, rule by rule,
what the mirror does instead, and the mirror's pages carry what can be said in HTML.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from sitegen.content.models import SiteSpec
from sitegen.content.targets import TargetSpec
from sitegen.errors import ContentError
from sitegen.publish.rules import HostRules, headers_file, redirects_file

# Directives a policy in <meta http-equiv> cannot carry (browsers ignore them there).
NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")
Meta = tuple[str, str, str]  # (attribute, its value, content): <meta http-equiv=… content=…>


@dataclass(frozen=True)
class Target:
    """Where a build goes: one of site.yaml's targets, the primary site, the host rules."""

    spec: TargetSpec
    primary: TargetSpec  # the first Netlify target (else the first): where the rules hold
    rules: HostRules | None  # netlify.toml's, None when the repository has none
    first: bool  # the default target: caches and the output folder keep their plain names
    meta: tuple[Meta, ...] = ()  # <meta> elements every page carries (a mirror's policies)

    @property
    def name(self) -> str:
        """The target's name in site.yaml."""
        return self.spec.name

    @property
    def base_url(self) -> str:
        """The target's address, without a final slash."""
        return self.spec.base_url.rstrip("/")

    @property
    def suffix(self) -> str:
        """Added to the names of per-target caches and folders ("" for the default target)."""
        return "" if self.first else f"-{self.spec.name}"

    def absolute(self, path: str) -> str:
        """A full URL on this target's site."""
        return self.base_url + path

    def outputs(self) -> dict[str, bytes]:
        """The files the host reads from the built folder: `_headers` and `_redirects`
        written from netlify.toml for a Netlify target; nothing for a bucket."""
        if self.spec.kind != "netlify" or self.rules is None:
            return {}
        return {"_headers": headers_file(self.rules).encode(),
                "_redirects": redirects_file(self.rules).encode()}


def choose_target(spec: SiteSpec, name: str | None, rules: HostRules | None) -> Target:
    """The target called `name` (None: the first); raise ContentError if there is none."""
    targets = spec.deploy_targets
    names = [t.name for t in targets]
    if name is not None and name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        raise ContentError("site.yaml", 0, 0, f"no target named '{name}'",
                           (f"did you mean '{close[0]}'? " if close else "")
                           + "targets in site.yaml: " + ", ".join(names))
    chosen = targets[names.index(name)] if name is not None else targets[0]
    primary = next((t for t in targets if t.kind == "netlify"), targets[0])
    form_origin = primary.base_url.rstrip("/") if primary != chosen else ""
    meta = mirror_meta(rules, form_origin) if chosen.kind == "s3" and rules is not None else ()
    return Target(chosen, primary, rules, chosen == targets[0], meta)


def mirror_meta(rules: HostRules, form_origin: str = "") -> tuple[Meta, ...]:
    """What a page can say itself of the headers netlify.toml gives pages: the
    Content-Security-Policy (less what a <meta> cannot carry) and the Referrer-Policy.
    `form_origin`: the primary site, which takes the feedback form the mirror cannot."""
    headers = rules.headers_for("/")
    meta: list[Meta] = []
    if "Content-Security-Policy" in headers:
        policy = meta_policy(headers["Content-Security-Policy"])
        meta.append(("http-equiv", "Content-Security-Policy",
                     allow_form_action(policy, form_origin) if form_origin else policy))
    if "Referrer-Policy" in headers:
        meta.append(("name", "referrer", headers["Referrer-Policy"]))
    return tuple(meta)


def meta_policy(policy: str) -> str:
    """A Content-Security-Policy without the directives a <meta> cannot carry."""
    kept = [d.strip() for d in policy.split(";")
            if d.strip() and d.split()[0].lower() not in NOT_IN_META]
    return "; ".join(kept)


def allow_form_action(policy: str, origin: str) -> str:
    """The policy with `origin` added to its form-action, if it has one."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    return "; ".join(f"{d} {origin}" if d.split()[0].lower() == "form-action" else d
                     for d in directives)


@dataclass(frozen=True)
class Treatment:
    """What one of netlify.toml's rules becomes on a mirror."""

    rule: str
    outcome: Literal["kept", "replaced", "lost"]
    how: str


def mirror_treatment(rules: HostRules, prefixes: tuple[str, ...]) -> list[Treatment]:
    """Every rule of netlify.toml, and what the mirror does instead (`prefixes`: the
    languages' URL prefixes)."""
    found: list[Treatment] = []
    for rule in rules.redirects:
        text = f"redirect {rule.source} → {rule.to} ({rule.status})"
        language = dict(rule.conditions).get("Language")
        if rule.source == "/" and language and rule.to.strip("/") in prefixes:
            found.append(Treatment(text, "replaced", "/ is the language chooser page "
                                   "(index.html), which links every language"))
        elif (rule.status == 404 and rule.to.endswith("/404.html")
              and rule.source.removesuffix("*").strip("/") in prefixes):
            found.append(Treatment(text, "replaced", "the bucket's error document, 404.html, "
                                   "in the default language, for every missing address"))
        else:
            found.append(Treatment(text, "lost", "a bucket has no redirect rules: "
                                   "set it up in the storage provider's console, or drop it"))
    for name in sorted({n for rule in rules.headers for n, _ in rule.values}):
        found.append(Treatment(f"header {name}", *_header_outcome(rules, name)))
    return found


def _header_outcome(rules: HostRules, name: str) -> tuple[Literal["kept", "replaced", "lost"],
                                                         str]:
    if name == "Cache-Control":
        return "kept", "stored with each file as its Cache-Control metadata"
    if name == "Content-Security-Policy":
        policy = rules.headers_for("/").get(name, "")
        dropped = [d for d in NOT_IN_META if d in policy]
        return "replaced", ("a <meta http-equiv> policy in every page"
                            + (f", without {', '.join(dropped)} (not possible in a <meta>)"
                               if dropped else ""))
    if name == "Referrer-Policy":
        return "replaced", "<meta name=\"referrer\"> in every page"
    if name == "X-Content-Type-Options":
        return "lost", "no header; every file is stored with its exact Content-Type"
    if name == "X-Frame-Options":
        return "lost", "other sites can show the mirror's pages in a frame"
    return "lost", "a bucket sends no other headers (a CDN in front of it could)"
