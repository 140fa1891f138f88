"""Post the pull request's deploy-preview comment, or update it: one comment per pull request.

CI's preview-comment job runs it (.github/workflows/ci.yml) with GITHUB_TOKEN (allowed to write
pull requests), PR_NUMBER, PREVIEW_URL and HEAD_SHA, and GitHub's own GITHUB_API_URL and
GITHUB_REPOSITORY. The comment is found again by the hidden marker its body starts with.
Standard library only.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from typing import Any

MARKER = "<!-- sitegen-deploy-preview -->"
AUTHOR = "github-actions[bot]"  # whom GITHUB_TOKEN writes as: a reader's comment is never edited
PAGE = 100


def call(method: str, url: str, token: str, body: dict[str, str] | None = None) -> Any:
    """One request to GitHub's REST API; its JSON answer."""
    request = urllib.request.Request(
        url, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Accept": "application/vnd.github+json", "Authorization": f"Bearer {token}",
                 "Content-Type": "application/json", "X-GitHub-Api-Version": "2022-11-28"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def find_comment(issue_url: str, token: str) -> int | None:
    """The id of the comment this script wrote on the pull request before, if any."""
    page = 1
    while True:
        comments = call("GET", f"{issue_url}/comments?per_page={PAGE}&page={page}", token)
        for comment in comments:
            if comment["user"]["login"] == AUTHOR and comment["body"].startswith(MARKER):
                return int(comment["id"])
        if len(comments) < PAGE:
            return None
        page += 1


def comment_body(url: str, sha: str) -> str:
    """The comment's text, in both of the site's languages."""
    return (f"{MARKER}\n"
            f"**预览 · Deploy preview:** {url}\n\n"
            f"提交 · Commit `{sha[:12]}`. 每次推送后更新 · Updated on every push.")


def main() -> int:
    env = os.environ
    token, number = env["GITHUB_TOKEN"], env["PR_NUMBER"]
    if not number.isdigit():
        print(f"error: not a pull request number: {number!r}", file=sys.stderr)
        return 2
    repo = f"{env.get('GITHUB_API_URL', 'https://api.github.com')}/repos/{env['GITHUB_REPOSITORY']}"
    body = {"body": comment_body(env["PREVIEW_URL"], env.get("HEAD_SHA", ""))}
    existing = find_comment(f"{repo}/issues/{number}", token)
    if existing is None:
        call("POST", f"{repo}/issues/{number}/comments", token, body)
        print(f"posted the deploy-preview comment on pull request #{number}")
    else:
        call("PATCH", f"{repo}/issues/comments/{existing}", token, body)
        print(f"updated the deploy-preview comment {existing} on pull request #{number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
