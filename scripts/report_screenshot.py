"""Screenshot an HTML review page in the system chromium, with one finding selected.

    HF_HUB_OFFLINE=1 .venv/bin/mtqa check fixtures/articles/seed_putin.txt -f html -o /tmp/x
    .venv/bin/python scripts/report_screenshot.py /tmp/x/fixtures_articles_seed_putin.txt-*.html \
        docs/seed-report.png --select "in processing"

``--select TEXT`` clicks the first highlight whose text is TEXT, so that the details panel
shows it. Needs chromium (``.ci/setup`` installs it) and playwright (a dev dependency).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--select", help="click the first highlight with this text")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1300)
    args = parser.parse_args()
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("no chromium found: run .ci/setup")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.page.resolve().as_uri())
        if args.select:
            page.locator("#target mark.hl", has_text=args.select).first.click()
            page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(args.out))
        browser.close()


if __name__ == "__main__":
    main()
