#!/usr/bin/env bash
# Install the named Debian packages that are missing; do nothing when all are present.
# --pdf: they are only needed for the PDF handouts. Where they cannot be installed (no dpkg-query
# or apt-get, or neither root nor sudo), list the libraries this computer lacks for PDFs, with how
# to get them on macOS, Fedora and Ubuntu or WSL, and exit 0: the HTML site builds without them.
set -euo pipefail
pdf=
if [ "${1:-}" = --pdf ]; then pdf=1; shift; fi

cannot_install() {  # WHY PACKAGE...
  local why=$1; shift
  if [ -n "$pdf" ]; then
    local check; check="$(dirname "$0")/pdf_libs.py"
    python3 "$check" --quiet && exit 0  # installed by other means
    echo "note: $why, so these Debian packages for PDFs were not installed: $*" >&2
    python3 "$check" || true
    exit 0
  fi
  echo "error: $why, so these Debian packages cannot be installed: $*" >&2
  echo "  hint: install them as root (apt-get install $*), or their equivalents by hand" >&2
  exit 1
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  cannot_install "this system has no dpkg-query or apt-get" "$@"
fi
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    cannot_install "you are not root and there is no sudo" "${missing[@]}"
  fi
else SUDO=; fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
