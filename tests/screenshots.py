"""`make screenshots`: PNGs of the reader's pages for review (not a test).

The invented reader's site (fixtures/reader/) is built and each page of the accessibility test,
plus the search box open on results, is photographed at desktop and phone width in the light
and dark schemes: build/screenshots/<page>-<desktop|phone>-<light|dark>.png.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator.bench.browser import chromium, serve  # noqa: E402
from reader_site import DESKTOP, PHONE, SCHEMES, build_reader_site, open_search, reader_pages  # noqa: E402

SIZES = {"desktop": DESKTOP, "phone": PHONE}


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as root:
        site = build_reader_site(Path(root))
        pages = reader_pages(site)
        with serve(site.site) as base, chromium() as browser:
            for size, viewport in SIZES.items():
                for scheme in SCHEMES:
                    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=size == "phone")
                    page = context.new_page()
                    for name, url in pages.items():
                        page.goto(base + url, wait_until="networkidle")
                        page.screenshot(path=str(out / f"{name}-{size}-{scheme}.png"), full_page=True)
                    page.goto(base, wait_until="networkidle")
                    if size == "phone":
                        page.click("label[for='__search'].md-header__button")
                    open_search(page)
                    page.screenshot(path=str(out / f"search-{size}-{scheme}.png"))
                    context.close()
    print(f"{len(list(out.glob('*.png')))} screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/screenshots")))
