"""Can this computer print the PDF handouts? Lists the system libraries and font it lacks.

Exit 0 when WeasyPrint's libraries and site.yaml's `cjk_font` are all there (a missing
HarfBuzz subsetter is reported but does not count: PDFs are then built, more slowly), else 1.
Standard library only, so that any `python3` runs it: `make setup` calls it through
scripts/apt-install.sh where Debian packages cannot be installed, `make site` with --quiet.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FONT = "Noto Sans CJK SC"  # sitegen/models.py's default for cjk_font


class Need(NamedTuple):
    """A library WeasyPrint loads: the names it tries, and where each system packages it."""

    what: str
    names: tuple[str, ...]  # as in weasyprint/text/ffi.py: Linux, macOS and Windows names
    debian: str
    brew: str
    dnf: str
    optional: bool = False


NEEDS = (
    Need("GLib (gobject)", ("gobject-2.0", "libgobject-2.0.so.0", "libgobject-2.0.0.dylib",
                            "libgobject-2.0-0.dll"), "libglib2.0-0", "glib", "glib2"),
    Need("Pango", ("pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
         "libpango-1.0-0", "pango", "pango"),
    Need("Pango's FreeType backend (pangoft2)",
         ("pangoft2-1.0", "libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib",
          "libpangoft2-1.0-0.dll"), "libpangoft2-1.0-0", "pango", "pango"),
    Need("HarfBuzz", ("harfbuzz", "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
         "libharfbuzz0b", "harfbuzz", "harfbuzz"),
    Need("HarfBuzz's font subsetter (harfbuzz-subset; without it PDFs build, more slowly)",
         ("harfbuzz-subset", "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib",
          "libharfbuzz-subset-0.dll"), "libharfbuzz-subset0", "harfbuzz", "harfbuzz",
         optional=True),
    Need("Fontconfig", ("fontconfig", "libfontconfig.so.1", "libfontconfig.1.dylib",
                        "libfontconfig-1.dll"), "fontconfig", "fontconfig", "fontconfig"),
)
FONT_PACKAGES = ("fonts-noto-cjk", "--cask font-noto-sans-cjk", "google-noto-sans-cjk-fonts")


def loads(names: tuple[str, ...]) -> bool:
    """Whether the dynamic loader finds one of `names`, the way WeasyPrint looks for them."""
    for name in names:
        for candidate in (name, ctypes.util.find_library(name)):
            if candidate:
                try:
                    ctypes.CDLL(candidate)
                    return True
                except OSError:
                    pass
    return False


def cjk_font() -> str:
    """site.yaml's `cjk_font` (a plain one-line value), or sitegen's default."""
    text = (ROOT / "site.yaml").read_text("utf-8")
    found = re.search(r"^cjk_font:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(#.*)?$", text, re.MULTILINE)
    return found.group(1) if found else DEFAULT_FONT


def font_problem(family: str) -> str | None:
    """Why fontconfig cannot give the handouts `family`, asked as the build asks; None if it can."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{family}\n", ":lang=zh-cn"],
                                 capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return f'the CJK font "{family}" (cannot tell: Fontconfig\'s fc-list command is missing)'
    families = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    return None if family in families else f'the CJK font "{family}" (fc-list does not list it)'


def report(missing: list[Need], font: str | None) -> str:
    """What is missing, and the commands that install it on each kind of computer."""
    lines = ["PDF handouts need these, which this computer lacks:"]
    lines += [f"  - {need.what}" for need in missing]
    lines += [f"  - {font}"] if font else []
    debian = [n.debian for n in missing] + ([FONT_PACKAGES[0]] if font else [])
    brew = list(dict.fromkeys(n.brew for n in missing))
    dnf = list(dict.fromkeys(n.dnf for n in missing)) + ([FONT_PACKAGES[2]] if font else [])
    lines += ["", "The HTML site builds without them: `make site-html` "
              "(or `sitegen build --no-pdf`).", "For PDFs too, install them:"]
    if brew or font:
        mac = [f"brew install {' '.join(brew)}"] if brew else []
        mac += [f"brew install {FONT_PACKAGES[1]}"] if font else []
        lines += ["  macOS (Homebrew):  " + " && ".join(mac)]
        if brew:
            lines += ["                     then, on Apple silicon, before building: "
                      "export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib"]
    lines += [f"  Fedora:            sudo dnf install {' '.join(dnf)}",
              f"  Debian, Ubuntu:    sudo apt-get install {' '.join(debian)}",
              f"  WSL, no sudo:      in Windows, `wsl -u root` opens a root shell of the same "
              f"system: run `apt-get install {' '.join(debian)}` there",
              "  Ubuntu, no root:   ask an administrator for the apt-get line above."]
    if font:
        lines += ["                     The font alone needs no root: unzip NotoSansCJK.ttc (from "
                  "github.com/notofonts/noto-cjk, Sans releases) into ~/.local/share/fonts, then "
                  "run fc-cache -f"]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    missing = [need for need in NEEDS if not loads(need.names)]
    font = font_problem(cjk_font())
    if (missing or font) and not quiet:
        print(report(missing, font), file=sys.stderr)
    return 1 if font or any(not need.optional for need in missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
