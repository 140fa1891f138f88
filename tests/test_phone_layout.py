"""Worker-first pages on a cheap phone, in Debian's Chromium at 360 × 740 px (issue 19, item 3).

- The home page fits in about four screens, with JavaScript on and off.
- Touch targets: every link, button and field is at least 24 × 24 px or spaced as WCAG 2.5.8's
  exception allows (a 24 px circle on its centre meets no other target nor another small
  target's circle), links inside a sentence aside (the inline exception); primary actions (the
  home page's cards and buttons, the search field and button, the language links, the feedback
  buttons, a province's hotlines) are 44 × 44 px at least (WCAG 2.5.5).
- A task card opens its page wherever it is tapped, not only on its words.
- Nothing that is not a control looks like one: no small box with a border all round (or a
  filled, rounded chip) that is not a link, button or field.
- An urgent guide opens with its "do this today" box.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import serve
from .test_accessibility import one_of_each_kind, page_urls

PHONE = {"width": 360, "height": 740}
SCREENS = 4  # the home page at 360 px: at most about four screens
SMALLEST, PRIMARY = 24, 44  # px: WCAG 2.5.8 (AA) and 2.5.5 (AAA) target sizes

TARGETS = """([smallest, primarySelector]) => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [tabindex]:not([tabindex="-1"]):not(.table-scroll)';
  const shown = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden'
      && r.bottom + scrollY > 0 && !el.closest('[hidden], .visually-hidden');
  };
  // WCAG 2.5.8's inline exception: a link in a sentence, whose size the line of text sets.
  const inline = el => {
    if (el.tagName !== 'A') return false;
    const block = el.parentElement.closest('p, li, dd, td, th, figcaption, blockquote, span');
    if (!block) return false;
    const own = el.textContent.replace(/\\s+/g, '').length;
    return block.textContent.replace(/\\s+/g, '').length > own + 1;
  };
  const where = el => {
    const r = el.getBoundingClientRect();
    return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height};
  };
  const label = el => (el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
    + ' "' + (el.textContent || el.value || el.getAttribute('aria-label') || '').trim()
      .slice(0, 30) + '"');
  const targets = [...document.querySelectorAll(sel)].filter(shown)
    .map(el => ({el, box: where(el), inline: inline(el),
                 primary: el.matches(primarySelector)}));
  const small = t => t.box.w < smallest || t.box.h < smallest;
  const centre = b => [b.x + b.w / 2, b.y + b.h / 2];
  const distance = ([x, y], b) => Math.hypot(Math.max(b.x - x, 0, x - b.x - b.w),
                                            Math.max(b.y - y, 0, y - b.y - b.h));
  const problems = [];
  for (const t of targets) {
    if (t.primary && (t.box.w < 44 || t.box.h < 44)) {
      problems.push(`primary ${label(t.el)} is ${Math.round(t.box.w)}x${Math.round(t.box.h)}`);
    }
    if (!small(t) || t.inline) continue;
    const c = centre(t.box);
    for (const o of targets) {
      if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) continue;
      const tooClose = distance(c, o.box) < smallest / 2
        || (small(o) && !o.inline && Math.hypot(c[0] - centre(o.box)[0],
                                                 c[1] - centre(o.box)[1]) < smallest);
      if (tooClose) {
        problems.push(`${label(t.el)} is ${Math.round(t.box.w)}x${Math.round(t.box.h)} `
          + `and too close to ${label(o.el)}`);
        break;
      }
    }
  }
  return {count: targets.length, problems};
}"""

# Controls a worker taps first: 44 × 44 px.
PRIMARY_SELECTOR = ", ".join([
    "main .buttons a", "main .cards a", "main button", ".search-form input",
    ".search-form button", ".languages a", ".feedback button", ".feedback summary", ".ask a.tel",
    ".prefs button",
])

# Boxes that look like buttons: a border on every side, or a filled rounded chip, small enough
# to be taken for one, on an element that is neither a control nor holds one.
LOOKS_LIKE_A_BUTTON = """() => {
  const controls = 'a, button, input, select, textarea, summary, label, [role=button]';
  const found = [];
  for (const el of document.querySelectorAll('main *')) {
    if (el.matches(controls) || el.querySelector(controls) || el.closest(controls)) continue;
    if (['TD', 'TH', 'TABLE', 'TR', 'svg'].includes(el.tagName) || el.closest('svg')) continue;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.height > 60 || r.width > 240) continue;
    const sides = ['Top', 'Right', 'Bottom', 'Left'].filter(side =>
      parseFloat(s[`border${side}Width`]) >= 1 && s[`border${side}Style`] !== 'none').length;
    const filled = s.backgroundColor !== 'rgba(0, 0, 0, 0)'
      && s.backgroundColor !== getComputedStyle(document.body).backgroundColor
      && parseFloat(s.borderTopLeftRadius) > 0;
    if (sides === 4 || filled) found.push(`${el.tagName.toLowerCase()}.${el.className} "`
      + el.textContent.trim().slice(0, 30) + '"');
  }
  return found;
}"""


@pytest.fixture(scope="module")
def base_url(repo_public: Path) -> Iterator[str]:
    with serve(repo_public) as url:
        yield url


@pytest.fixture(scope="module")
def urls(repo_public: Path) -> list[str]:
    return page_urls(repo_public)


def sample(urls: list[str]) -> list[str]:
    """One page of each kind in each language, every home and worker-group page, and the
    urgent guides."""
    extra = [u for u in urls if "/groups/" in u or u in ("/zh/", "/en/")
             or u.endswith("/guides/after-an-accident/")]
    return sorted(set(one_of_each_kind(urls)) | set(extra))


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_page_fits_in_about_four_screens(chromium: Any, base_url: str, lang: str,
                                              js: bool) -> None:
    context = chromium.new_context(viewport=PHONE, java_script_enabled=js)
    page = context.new_page()
    page.goto(f"{base_url}/{lang}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert height <= SCREENS * PHONE["height"], f"/{lang}/ is {height} px high at 360 px"


def test_targets_are_big_enough_or_spaced(chromium: Any, base_url: str,
                                          urls: list[str]) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    problems, counted = [], 0
    for url in sample(urls):
        page.goto(base_url + url)
        result = page.evaluate(TARGETS, [SMALLEST, PRIMARY_SELECTOR])
        counted += result["count"]
        problems += [f"{url}: {p}" for p in result["problems"]]
    context.close()
    assert counted > 1000  # the check saw the pages' targets
    assert not problems, "\n".join(problems)


def test_without_javascript_targets_hold_too(chromium: Any, base_url: str) -> None:
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    problems = []
    for url in ("/zh/", "/en/", "/zh/guides/after-an-accident/",
                "/zh/provinces/guangdong/occupational-injury/"):
        page.goto(base_url + url)
        problems += [f"{url}: {p}" for p in
                     page.evaluate(TARGETS, [SMALLEST, PRIMARY_SELECTOR])["problems"]]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_task_card_opens_wherever_it_is_tapped(chromium: Any, base_url: str,
                                                 lang: str) -> None:
    context = chromium.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.goto(f"{base_url}/{lang}/")
    cards = page.locator(".cards.tasks li")
    assert cards.count() >= 6
    card = cards.nth(4)
    href = card.locator("a").get_attribute("href")
    card.scroll_into_view_if_needed()
    box = card.bounding_box()  # in the viewport, where a tap lands
    assert box is not None and box["height"] >= PRIMARY and box["width"] >= PRIMARY
    page.touchscreen.tap(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    page.wait_for_url(f"{base_url}{href}")
    context.close()


def test_home_leads_to_each_worker_groups_page_with_one_row_of_buttons(
        chromium: Any, base_url: str, urls: list[str]) -> None:
    groups = [u for u in urls if u.startswith("/zh/groups/")]
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/zh/")
    hrefs = page.eval_on_selector_all(".buttons.groups a", "as => as.map(a => a.pathname)")
    jumps = page.eval_on_selector_all(".jump a", "as => as.map(a => a.pathname)")
    context.close()
    assert sorted(hrefs) == sorted(groups) and len(groups) >= 7
    assert {"/zh/check/", "/zh/handouts/", "/zh/glossary/"} <= set(jumps)


def test_no_label_looks_like_a_button(chromium: Any, base_url: str, urls: list[str]) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    found = []
    for url in [*sample(urls), "/zh/changes/", "/en/changes/"]:
        page.goto(base_url + url)
        found += [f"{url}: {box}" for box in page.evaluate(LOOKS_LIKE_A_BUTTON)]
    context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("url", ["/zh/guides/after-an-accident/", "/en/guides/after-an-accident/",
                                 "/zh/guides/work-injury-protection/"])
def test_urgent_guide_opens_with_what_to_do_today(chromium: Any, base_url: str,
                                                  url: str) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + url)
    first = page.evaluate("""() => {
      const h1 = document.querySelector('main h1');
      let next = h1.nextElementSibling;
      while (next && next.matches('.notice')) next = next.nextElementSibling;
      const box = document.querySelector('#today');
      return {next: next && next.id, top: box.getBoundingClientRect().top,
              tel: !!box.querySelector('a[href="tel:12333"]')};
    }""")
    context.close()
    assert first["next"] == "today" and first["tel"]
    assert first["top"] < PHONE["height"]  # on the first screen

