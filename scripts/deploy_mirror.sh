#!/usr/bin/env bash
# Build the site for site.yaml's target `mirror` and sync it to its S3-compatible bucket, as CI
# does on main:  scripts/deploy_mirror.sh
# Needs MIRROR_ACCESS_KEY_ID and MIRROR_SECRET_ACCESS_KEY in the environment (the bucket's
# access key); without them it says that mirror deploys are off and how to turn them on, and
# exits 0. Writes what it did to $GITHUB_STEP_SUMMARY when GitHub Actions sets it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
summary=${GITHUB_STEP_SUMMARY:-/dev/stderr}
python=${PYTHON:-$root/.venv/bin/python}

if [ -z "${MIRROR_ACCESS_KEY_ID:-}" ] || [ -z "${MIRROR_SECRET_ACCESS_KEY:-}" ]; then
  {
    echo "Mirror deploys are off: the repository secrets MIRROR_ACCESS_KEY_ID and"
    echo "MIRROR_SECRET_ACCESS_KEY are not set. To turn them on, set the mirror's address, bucket,"
    echo "endpoint and region in site.yaml and add both secrets under Settings → Secrets and"
    echo "variables → Actions (see README.md, \"Publishing\")."
  } >>"$summary"
  exit 0
fi

# public-mirror/: every absolute link, the sitemap and the QR codes name the mirror's address.
"$python" "$root/build.py" build --root "$root" --target mirror
# The key reaches sitegen through its environment only, never a command line.
AWS_ACCESS_KEY_ID=$MIRROR_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$MIRROR_SECRET_ACCESS_KEY \
  "$python" "$root/build.py" deploy --root "$root" --target mirror | tee -a "$summary"
