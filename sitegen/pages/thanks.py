"""The thank-you page (`/{lang}/thanks/`) that a reader sees after sending the "was this page
useful?" form, and where that form posts.

The form is for Netlify Forms: Netlify finds it in the deployed HTML by `data-netlify`, stores
each submission and answers the POST with the page at the form's action, this one. On a mirror
(a bucket that cannot take a POST) the form posts to the primary site's own thank-you page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.pages.base import Named, named_kind

if TYPE_CHECKING:
    from sitegen.pages.base import Page
    from sitegen.site import Site

FORM_NAME = "page-feedback"
HONEYPOT = "bot-field"


def feedback_action(site: Site, page: Page) -> str:
    """Where the feedback form of `page` posts: its language's thank-you page on the site's
    own host, or on the primary site's from a target that is not on Netlify."""
    path = site.url(Named("thanks").key, page.lang.tag)
    target = site.target
    if target.spec.kind == "netlify" or target.spec == target.primary:
        return path
    return target.primary.base_url.rstrip("/") + path


KINDS = (named_kind("thanks", "thanks/", sitemap=False),)
