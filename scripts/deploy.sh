#!/usr/bin/env bash
# Deploy the built public/ to Netlify with the Netlify CLI of package-lock.json, as CI does:
#   scripts/deploy.sh preview PR_NUMBER   a deploy preview at the alias pr-PR_NUMBER
#   scripts/deploy.sh production          the live site
# Needs NETLIFY_AUTH_TOKEN and NETLIFY_SITE_ID in the environment; without them it says that
# deploys are off and how to turn them on, and exits 0. Writes the deploy's address to
# $GITHUB_OUTPUT (url=…) and $GITHUB_STEP_SUMMARY when GitHub Actions sets them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:?usage: scripts/deploy.sh preview PR_NUMBER | production}
summary=${GITHUB_STEP_SUMMARY:-/dev/stderr}
output=${GITHUB_OUTPUT:-/dev/null}

if [ -z "${NETLIFY_AUTH_TOKEN:-}" ] || [ -z "${NETLIFY_SITE_ID:-}" ]; then
  {
    echo "Netlify deploys are off: the repository secrets NETLIFY_AUTH_TOKEN and NETLIFY_SITE_ID"
    echo "are not set (pull requests from forks never get them). To turn deploys on, add both under"
    echo "Settings → Secrets and variables → Actions (see README.md, \"Publishing\")."
    echo "The built site is in this run's artifact \`public\`."
  } >>"$summary"
  exit 0
fi

case $kind in
  preview)
    pr=${2:?usage: scripts/deploy.sh preview PR_NUMBER}
    [[ $pr =~ ^[0-9]+$ ]] || { echo "error: not a pull request number: $pr" >&2; exit 2; }
    flags=(--alias "pr-$pr" --message "Pull request #$pr, ${GITHUB_SHA:-local}")
    title="Deploy preview of pull request #$pr" ;;
  production)
    flags=(--prod --message "main, ${GITHUB_SHA:-local}")
    title="Production deploy" ;;
  *) echo "error: unknown kind of deploy: $kind (preview or production)" >&2; exit 2 ;;
esac
[ -f "$root/public/index.html" ] || { echo "error: public/ is not built (make site)" >&2; exit 1; }
[ -x "$root/node_modules/.bin/netlify" ] || { echo "error: no Netlify CLI (make setup-test)" >&2; exit 1; }

# --no-build: public/ is built already (netlify.toml has no build command for Netlify to run).
# The token and site id are read from the environment, never put on a command line.
result=$(cd "$root" && node_modules/.bin/netlify deploy --dir public --no-build --json "${flags[@]}")
url=$(printf '%s' "$result" | python3 -c '
import json, re, sys
deploy = json.load(sys.stdin)
url = deploy.get("url") or deploy["deploy_url"]
if not re.fullmatch(r"https://[A-Za-z0-9.-]+/?", url):
    sys.exit(f"error: unexpected deploy address in the Netlify CLI output: {url!r}")
print(url)')
echo "$title: $url"
echo "url=$url" >>"$output"
echo "$title: $url" >>"$summary"
