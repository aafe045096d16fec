"""Copy the front-end packages installed by npm (frontend/node_modules) into the app's static
folder, so the web app serves every asset itself and nothing is loaded from the internet.

Run by ``make install`` after ``npm ci``. The NHS stylesheet names its Frutiger web fonts on
assets.nhs.uk and its icons under ``/assets``; the copy drops the remote ``@font-face`` rules
(system fonts are the fallback) and points the icons at the copied files.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "frontend" / "node_modules"
VENDOR = ROOT / "src" / "corpbench" / "web" / "static" / "vendor"
NHSUK_VERSION = "10.6.1"

#: (source under node_modules, destination under static/vendor)
FILES: tuple[tuple[str, str], ...] = (
    (
        f"nhsuk-frontend/dist/nhsuk/nhsuk-frontend-{NHSUK_VERSION}.min.js",
        "nhsuk/nhsuk-frontend.min.js",
    ),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("vega/build/vega.min.js", "vega/vega.min.js"),
    ("vega-lite/build/vega-lite.min.js", "vega/vega-lite.min.js"),
    ("vega-embed/build/vega-embed.min.js", "vega/vega-embed.min.js"),
    ("axe-core/axe.min.js", "axe/axe.min.js"),
)

_REMOTE_FONT_FACE = re.compile(r"@font-face\{[^}]*https?://[^}]*\}")


def local_stylesheet(css: str) -> str:
    """The NHS stylesheet with remote font faces removed and icon URLs made local."""
    css = _REMOTE_FONT_FACE.sub("", css)
    css = css.replace("url(/assets/", "url(/static/vendor/nhsuk/assets/")
    if re.search(r"url\(\s*['\"]?https?://", css):
        raise SystemExit("the NHS stylesheet still names a remote URL after rewriting")
    return css


def main() -> int:
    if not MODULES.is_dir():
        print("frontend/node_modules is missing: run `npm ci` in frontend/ first", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for source, target in FILES:
        dest = VENDOR / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MODULES / source, dest)
    nhsuk = MODULES / "nhsuk-frontend" / "dist" / "nhsuk"
    css = (nhsuk / f"nhsuk-frontend-{NHSUK_VERSION}.min.css").read_text(encoding="utf-8")
    (VENDOR / "nhsuk" / "nhsuk-frontend.min.css").write_text(
        local_stylesheet(css), encoding="utf-8"
    )
    shutil.copytree(nhsuk / "assets", VENDOR / "nhsuk" / "assets")
    print(f"front-end assets copied to {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
