"""Headless Chromium (Debian's `chromium` package) driven from its command line: no driver, no extra package.

Used by tests/test_html_report.py and benchmarks/html_view.py. A page is loaded from a file URL,
its script runs, and Chromium prints the DOM (`--dump-dom`) or saves a screenshot. A test that has
to click runs its own script after the page's, in a copy of the page (`run_script`): the script
clicks, and what it returns comes back through a `<pre id="test-out">` element of the DOM.

    dom = load(page, fragment="kind=actor&open=all")
    rows = dom.xpath("//article[contains(@class, 'flag')]")
    run_script(page, "document.querySelector('button.ctx').click(); return document.title;")
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import lxml.html

CHROMIUM = shutil.which("chromium")
MISSING = ("headless Chromium is not installed (Debian: apt-get install --no-install-recommends chromium; "
           ".ci/run installs it where it can)")
TIMEOUT_S = 120  # a page loads in a second; the rest is Chromium starting on a busy machine
_FLAGS = ("--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--mute-audio",
          "--hide-scrollbars")


def _chromium(page: Path, fragment: str, *args: str, profile: Path | None = None) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        raise RuntimeError(MISSING)
    url = Path(page).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    # A profile of its own per call unless one is given: nothing (verdicts in localStorage) leaks between loads.
    with tempfile.TemporaryDirectory(prefix="chromium-") as fresh:
        return subprocess.run([CHROMIUM, *_FLAGS, f"--user-data-dir={profile or fresh}", *args, url],
                              capture_output=True, text=True, timeout=TIMEOUT_S, check=True)


def dump_dom(page: Path, fragment: str = "", profile: Path | None = None) -> str:
    """The page's DOM as HTML, after its script ran."""
    return _chromium(page, fragment, "--dump-dom", profile=profile).stdout


def load(page: Path, fragment: str = "", profile: Path | None = None):
    """The page's DOM after its script ran, parsed by lxml."""
    return lxml.html.fromstring(dump_dom(page, fragment, profile))


def screenshot(page: Path, png: Path, fragment: str = "", size: tuple[int, int] = (1280, 2000)) -> Path:
    _chromium(page, fragment, f"--screenshot={Path(png).resolve()}", f"--window-size={size[0]},{size[1]}")
    return png


def without_policy(page: Path, out: Path, script: str = "") -> Path:
    """A copy of `page` without its Content Security Policy, which would block `script`, run after the page's own."""
    html = Path(page).read_text(encoding="utf-8")
    html, policies = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert policies == 1 and html.count("</body>") == 1
    if script:
        html = html.replace("</body>", f"<script>{script}</script>\n</body>")
    out.write_text(html, encoding="utf-8")
    return out


def run_script(page: Path, body: str, fragment: str = "", profile: Path | None = None) -> object:
    """Load `page`, then run `body`, a JavaScript function body, and return what it returns (as JSON)."""
    script = ("(function () { var result = (function () {\n" + body + "\n})();"
              " var out = document.createElement('pre'); out.id = 'test-out';"
              " out.textContent = JSON.stringify(result); document.body.append(out); })();")
    with tempfile.TemporaryDirectory(prefix="page-") as folder:
        dom = load(without_policy(page, Path(folder) / "page.html", script), fragment, profile)
    return json.loads(dom.get_element_by_id("test-out").text_content())
