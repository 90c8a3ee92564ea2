"""report.html in headless Chromium: how large the page of a report is and how long it takes to load; and the
screenshots of the seed report that the README shows.

    .venv/bin/python benchmarks/html_view.py --report /path/to/out/report.json --label r2500 --runs 5
    .venv/bin/python benchmarks/html_view.py --screenshots

--report writes benchmarks/results/html/<label>.json: the sizes of report.json and report.html, the time
to build the page, and for two views, the default one (events closed) and the heaviest one
(`#open=all`: the 50 events of the first page opened, with their disputes and up to 50 flags each), the
median over --runs loads of the page's own time from navigation to its first render (`data-ready-ms`,
which the page sets) and of the wall time of the whole `chromium --dump-dom` call, browser start
included, plus the elements the view rendered; and how long the page takes to apply a filter (choosing
a kind in the menu, until the events are rendered again) and to open the event with the most flags.
Needs Debian's `chromium` (tests/browser.py drives it).

--screenshots writes benchmarks/results/html/seeds.png (the first event and its first dispute open)
and seeds-filtered.png (the flags of one kind, everything open) from reports/seeds/report.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402

from narratives.html_report import page_data, render_html  # noqa: E402
from narratives.textfile import read_report  # noqa: E402
from tests.browser import CHROMIUM, MISSING, dump_dom, run_script, screenshot  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "html"
VIEWS = {"default": "", "open-all": "open=all"}
# In the page: choose the first kind in the menu, then open the first event (the most contested, which has most
# flags) and its largest dispute; the milliseconds each took, the page's script running synchronously.
INTERACTIONS = """
  var kind = document.getElementById('f-kind'), times = {};
  var started = performance.now();
  kind.value = kind.options[1].value;
  kind.dispatchEvent(new Event('change'));
  times.filter_ms = performance.now() - started;
  kind.value = '';
  kind.dispatchEvent(new Event('change'));
  var event = document.querySelector('details.event');
  started = performance.now();
  event.open = true;
  event.dispatchEvent(new Event('toggle'));
  times.open_event_ms = performance.now() - started;
  var disputes = Array.from(event.querySelectorAll('details.dispute'));
  var largest = disputes.sort(function (a, b) { return b.textContent.length - a.textContent.length; })[0];
  started = performance.now();
  largest.open = true;
  largest.dispatchEvent(new Event('toggle'));
  times.open_dispute_ms = performance.now() - started;
  times.rows = largest.querySelectorAll('article.flag').length;
  return times;
"""


def measure(report_path: Path, runs: int) -> dict:
    started = time.perf_counter()
    report = read_report(report_path)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    page = render_html(report)
    build_s = time.perf_counter() - started
    result = {"report_json_bytes": report_path.stat().st_size, "report_html_bytes": len(page.encode("utf-8")),
              "read_report_json_s": round(read_s, 2), "build_html_s": round(build_s, 2),
              "articles": len(report["articles"]), "events": len(report["events"]),
              "flags": len(report["contradictions"]), "claims": len(report["claims"]), "views": {}}
    with tempfile.TemporaryDirectory(prefix="html-view-") as folder:
        path = Path(folder) / "report.html"
        path.write_text(page, encoding="utf-8")
        for name, fragment in VIEWS.items():
            ready, wall, elements = [], [], 0
            for _ in range(runs):
                started = time.perf_counter()
                dom = lxml.html.fromstring(dump_dom(path, fragment))
                wall.append(time.perf_counter() - started)
                ready.append(int(dom.get("data-ready-ms")))
                elements = sum(1 for _ in dom.iter())
            result["views"][name] = {"fragment": fragment, "runs": runs, "ready_ms_median": statistics.median(ready),
                                     "ready_ms": ready, "dump_dom_wall_s_median": round(statistics.median(wall), 2),
                                     "dom_elements": elements}
        clicks = [run_script(path, INTERACTIONS) for _ in range(runs)]
        result["interactions"] = {key: round(statistics.median(run[key] for run in clicks), 1) for key in clicks[0]}
    return result


def machine() -> dict:
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO).stdout
    return {"chromium": version, "cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 2),
            "commit": commit.strip()}


def screenshots() -> list[Path]:
    report = read_report(REPO / "reports" / "seeds" / "report.json")
    page = REPO / "reports" / "seeds" / "report.html"
    if page.read_text(encoding="utf-8") != render_html(report):
        sys.exit(f"{page} is not the page of report.json next to it: rebuild it (`narratives html`) first")
    first = page_data(report)["events"][0]["id"]  # the most contested event, as the page ranks them
    RESULTS.mkdir(parents=True, exist_ok=True)
    return [screenshot(page, RESULTS / "seeds.png", f"open={first},{first}/1", (1280, 2000)),
            screenshot(page, RESULTS / "seeds-filtered.png", "kind=quantity&open=all", (1280, 2000))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, help="a report.json to measure the page of")
    parser.add_argument("--label", help="names the result file (default: the report's folder)")
    parser.add_argument("--runs", type=int, default=5, help="loads per view; the medians are kept")
    parser.add_argument("--screenshots", action="store_true", help="screenshots of the seed report's page")
    args = parser.parse_args()
    if CHROMIUM is None:
        sys.exit(MISSING)
    if args.screenshots:
        for path in screenshots():
            print(f"wrote {path.relative_to(REPO)}")
    if args.report:
        result = {"machine": machine(), **measure(args.report, args.runs)}
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{args.label or args.report.resolve().parent.name}.json"
        out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(json.dumps(result, indent=2, sort_keys=True))
        print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
