"""Deploy targets: site.yaml's schema for them, a build for the second target (its address in
the QR codes, canonical and hreflang links, sitemap and robots.txt), and what the mirror does
instead of the primary host's rules (a <meta> policy, the chooser at /, forms that need no host).
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sitegen.publish.rules import HostRules, RedirectRule, read_rules
from sitegen.publish.target import mirror_treatment

from .browser import NETLIFY_TOML, QuietHandler, netlify_headers, serve
from .conftest import REPO, run
from .mirror import MIRROR, PRIMARY, mirror_site

CONFIG: dict[str, Any] = tomllib.loads(NETLIFY_TOML.read_text("utf-8"))


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, in order."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def pages(public: Path) -> list[Path]:
    return sorted(public.rglob("*.html"))


def tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


# ---- the schema ------------------------------------------------------------------------

SCHEMA_CASES = [
    ("space in an address", (MIRROR, "https://jingxiang shebao.test"), "site.yaml:15:15",
     "cannot contain spaces, quotes or markup"),
    ("markup in an address", (MIRROR, "https://mirror.test/<b>"), "site.yaml:15:15",
     "cannot contain spaces, quotes or markup"),
    ("not the web", (MIRROR, "ftp://mirror.test"), "site.yaml:15:15", "must start with https://"),
    ("no host", (MIRROR, "https://"), "site.yaml:15:15", "has no valid host name"),
    ("a folder", (MIRROR, "https://mirror.test/guide/"), "site.yaml:15:15",
     "must be the host alone"),
    ("bad endpoint", ("endpoint: https://oss.shebao-guide.test", "endpoint: oss.test"),
     "site.yaml:17:15", "must start with https://"),
    ("bucket missing", ("    bucket: shebao-mirror\n", ""), "site.yaml:13:5",
     "missing required key 'bucket'"),
    ("bucket on Netlify", (f"base_url: {PRIMARY}\n", f"base_url: {PRIMARY}\n    bucket: a-b-c\n"),
     "site.yaml:13:13", "'bucket' is only for targets of kind s3"),
    ("bad bucket name", ("bucket: shebao-mirror", "bucket: Shebao_Mirror"), "site.yaml:16:13",
     "is not a bucket name"),
    ("unknown kind", ("kind: s3", "kind: oss"), "site.yaml:14:11", "cannot be 'oss'"),
    ("misspelt key", ("addressing:", "adressing:"), "site.yaml:19:5",
     "unknown key 'adressing'"),
    ("two of one name", ("name: mirror", "name: netlify"), "site.yaml:10:3",
     "two targets are named 'netlify'"),
    ("both ways", ("targets:\n", f"base_url: {PRIMARY}\ntargets:\n"), "site.yaml:11:3",
     "site.yaml gives both base_url and targets"),
]


@pytest.mark.parametrize(("fault", "change", "where", "message"), SCHEMA_CASES,
                         ids=[case[0] for case in SCHEMA_CASES])
def test_a_wrong_target_is_a_located_error(tmp_path: Path, fault: str, change: tuple[str, str],
                                           where: str, message: str) -> None:
    site = mirror_site(tmp_path)
    path = site / "site.yaml"
    text = path.read_text("utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), "utf-8")
    result = run("check", "--root", str(site))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "error:" in line)
    assert line.startswith(f"{where}: error:") and message in line, result.output
    assert "\n  hint: " in result.output


def test_no_address_at_all_is_an_error(tmp_path: Path) -> None:
    site = mirror_site(tmp_path, targets="")
    result = run("check", "--root", str(site))
    assert result.exit_code == 1 and "missing required key 'targets'" in result.output


def test_an_unknown_target_names_the_ones_there_are(tmp_path: Path) -> None:
    site = mirror_site(tmp_path)
    result = run("build", "--root", str(site), "--no-pdf", "--target", "mirorr")
    assert result.exit_code == 1
    assert "site.yaml: error: no target named 'mirorr'" in result.output
    assert "did you mean 'mirror'? targets in site.yaml: netlify, mirror" in result.output
    assert not (site / "public-mirorr").exists()


def test_the_repository_names_both_targets_the_mirror_a_placeholder() -> None:
    from sitegen.content.load import load_config
    from sitegen.content.targets import is_placeholder

    netlify, mirror = load_config(REPO).deploy_targets
    assert (netlify.name, netlify.kind, netlify.base_url) == ("netlify", "netlify", PRIMARY)
    assert mirror.kind == "s3" and is_placeholder(mirror.base_url)


# ---- a build for the second target -----------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built for the mirror (with PDFs and search) and for the primary."""
    site = mirror_site(tmp_path_factory.mktemp("targets"))
    result = run("build", "--root", str(site), "--target", "mirror")
    assert result.exit_code == 0, result.output
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 0, result.output
    return site


@pytest.mark.parametrize(("name", "url"), [
    ("zh/handouts/guide-pension-flexible-workers-a4.pdf", "/zh/guides/pension-flexible-workers/"),
    ("en/handouts/procedure-guangdong-enroll-pension-a5.pdf",
     "/en/provinces/guangdong/enroll-pension/"),
    ("en/handouts/guide-medical-insurance-a4.pdf", "/zh/guides/medical-insurance/"),  # fallback
])
def test_qr_codes_open_the_mirror(site: Path, tmp_path: Path, name: str, url: str) -> None:
    image = tmp_path / "page"
    tool("pdftoppm", "-r", "150", "-png", "-singlefile", str(site / "public-mirror" / name),
         str(image))
    assert tool("zbarimg", "--raw", "-q", f"{image}.png").strip() == MIRROR + url


def links(page: Path) -> list[tuple[str, str]]:
    """(rel or hreflang, href) of the page's canonical and alternate links."""
    return [(a.get("hreflang") or a["rel"], a["href"]) for tag, a in Elements(
        page.read_text("utf-8")).tags if tag == "link" and a.get("rel") in ("canonical",
                                                                         "alternate")]


def test_canonical_and_hreflang_links_are_on_the_target(site: Path) -> None:
    for folder, base in (("public-mirror", MIRROR), ("public", PRIMARY)):
        public = site / folder
        for page in pages(public):
            found = links(page)
            if page.name != "404.html" and "offline" not in page.parts:
                assert any(rel == "canonical" for rel, _ in found), page
            for _, href in found:
                assert href.startswith(base + "/"), (page, href)
        guide = links(public / "en/guides/pension-flexible-workers/index.html")
        assert ("canonical", f"{base}/en/guides/pension-flexible-workers/") in guide
        assert ("zh-CN", f"{base}/zh/guides/pension-flexible-workers/") in guide


def test_sitemap_and_robots_are_on_the_target(site: Path) -> None:
    public = site / "public-mirror"
    sitemap = (public / "sitemap.xml").read_text("utf-8")
    addresses = re.findall(r"<loc>([^<]+)</loc>", sitemap) + re.findall(r'href="([^"]+)"',
                                                                         sitemap)
    assert len(addresses) > 20
    assert all(a.startswith(MIRROR + "/") for a in addresses), addresses
    assert f"<loc>{MIRROR}/zh/guides/pension-flexible-workers/</loc>" in sitemap
    assert (public / "robots.txt").read_text("utf-8") == (
        f"User-agent: *\nSitemap: {MIRROR}/sitemap.xml\n")


def test_nothing_in_the_mirror_build_names_the_primary_host(site: Path) -> None:
    # but the feedback form, which a bucket cannot take: it posts to the primary site
    allowed = (f'action="{PRIMARY}/', f"form-action &#39;self&#39; {PRIMARY}")
    for path in (site / "public-mirror").rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".json", ".js"):
            text = path.read_text("utf-8")
            for a in allowed:
                text = text.replace(a, "")
            assert "netlify.app" not in text, path


# ---- what becomes of the primary host's rules ------------------------------------------


def meta_policy() -> dict[str, list[str]]:
    """netlify.toml's policy for pages, less frame-ancestors (which a <meta> cannot carry)."""
    policy = netlify_headers(CONFIG, "/zh/")["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.pop("frame-ancestors") == ["'none'"]
    directives["form-action"] = [*directives["form-action"], PRIMARY]  # the feedback form
    return directives


def test_mirror_pages_carry_the_policy_before_anything_it_governs(site: Path) -> None:
    wanted = meta_policy()
    for page in pages(site / "public-mirror"):
        tags = Elements(page.read_text("utf-8")).tags
        metas = [a for tag, a in tags if tag == "meta" and a.get("http-equiv")]
        assert len(metas) == 1 and metas[0]["http-equiv"] == "Content-Security-Policy", page
        content = metas[0]["content"]
        assert {d.split()[0]: d.split()[1:] for d in content.split(";")} == wanted
        first = next(i for i, (tag, _) in enumerate(tags) if tag in ("script", "link", "style"))
        assert tags.index(("meta", metas[0])) < first, page
        assert ("meta", {"name": "referrer", "content": "strict-origin-when-cross-origin"}) in tags
    for page in pages(site / "public"):  # the primary sends the policy as a header
        assert "http-equiv" not in page.read_text("utf-8"), page


def test_forms_work_on_a_host_that_only_serves_files(site: Path) -> None:
    public, seen = site / "public-mirror", 0
    for page in pages(public):
        for tag, attrs in Elements(page.read_text("utf-8")).tags:
            if tag != "form":
                continue
            seen += 1
            if attrs.get("data-netlify") == "true":  # feedback: to the primary, which takes it
                lang = page.relative_to(public).parts[0] if page.parent != public else "zh"
                assert attrs["action"] == f"{PRIMARY}/{lang}/thanks/", page
                continue
            assert attrs.get("method", "get").lower() == "get", page  # nothing to post to
            action = attrs.get("action", "")
            if action:  # the search box: the topic index, a page of the site itself
                assert action.startswith("/") and (public / action.lstrip("/") / "index.html"
                                                   ).is_file(), (page, action)
    assert seen > 10


def test_the_root_is_the_language_chooser(site: Path) -> None:
    tags = Elements((site / "public-mirror/index.html").read_text("utf-8")).tags
    homes = {a["href"] for tag, a in tags if tag == "a" and a.get("hreflang")}
    assert homes == {"/zh/", "/en/"}
    assert (site / "public-mirror/404.html").is_file()  # the bucket's error document


def test_every_rule_of_netlify_toml_is_accounted_for_on_the_mirror() -> None:
    rules = read_rules(REPO)
    assert rules is not None
    found = {t.rule: (t.outcome, t.how) for t in mirror_treatment(rules, ("zh", "en"))}
    assert len(found) == len(rules.redirects) + 6
    assert found["redirect / → /zh/ (302)"][0] == "replaced"
    assert "language chooser" in found["redirect / → /en/ (302)"][1]
    assert found["redirect /en/* → /en/404.html (404)"][0] == "replaced"
    assert found["header Cache-Control"][0] == "kept"
    outcome, how = found["header Content-Security-Policy"]
    assert outcome == "replaced" and "without frame-ancestors" in how
    assert found["header Referrer-Policy"][0] == "replaced"
    for lost in ("X-Frame-Options", "X-Content-Type-Options", "Permissions-Policy"):
        assert found[f"header {lost}"][0] == "lost"
    other = HostRules(rules.headers, (*rules.redirects, RedirectRule("/old/*", "/new/:splat")))
    assert mirror_treatment(other, ("zh", "en"))[len(rules.redirects)].outcome == "lost"


@pytest.fixture(scope="module")
def bucket_like(site: Path) -> Iterator[str]:
    """The mirror build served as a bucket serves it: files, with no headers of the site's."""
    with serve(site / "public-mirror", QuietHandler) as url:
        yield url


@pytest.mark.parametrize(("path", "ready"), [
    ("/zh/", "main h1, main h2"),
    ("/en/guides/pension-flexible-workers/", "#step-2"),
    ("/zh/search/?q=配送员", "#search-results li a"),
])
def test_the_meta_policy_holds_and_blocks_an_inline_script(chromium: Any, bucket_like: str,
                                                           path: str, ready: str) -> None:
    page = chromium.new_page()
    page.add_init_script("window.__violations = [];"
                         "document.addEventListener('securitypolicyviolation', e =>"
                         " window.__violations.push(e.violatedDirective));")
    response = page.goto(bucket_like + path)
    assert "content-security-policy" not in response.headers
    page.wait_for_selector(ready, timeout=15000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    page.evaluate("""() => { const s = document.createElement('script');
                      s.textContent = 'window.__ran = true'; document.head.append(s); }""")
    page.wait_for_function("window.__violations.length > 0", timeout=5000)
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__violations")[0].startswith("script-src")
    page.close()

